"""Test harness: one qasync loop for the whole session, async tests run on it, a stand-in server.

qt-stack-facts.md: a new qasync loop per test segfaulted now and then; one session loop did not. Async
tests (``async def test_…``) run with ``loop.run_until_complete`` so that the loop is asyncio's running
loop while they await, and Qt events are processed meanwhile.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import ipaddress
import os
import socket
from collections.abc import Iterator
from decimal import Decimal

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("HUNYUAN_API_KEY", None)

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.aioqt import make_loop, run
from hunyuan_desktop.demo_server import DemoServer
from hunyuan_desktop.ui.chatview import ChatView, release_clipboard
from tests.forward_proxy import ForwardProxy

ASYNC_TEST_TIMEOUT = 60.0


@pytest.fixture(scope="session", autouse=True)
def aio_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    loop = make_loop(qapp)
    yield loop
    release_clipboard()  # as app.main does: no Python-made QMimeData left for Qt's exit handlers
    loop.close()  # shuts down the executor threads (DNS look-ups, keyring) before Qt goes away


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    loop = pyfuncitem.funcargs["aio_loop"]
    assert isinstance(loop, asyncio.AbstractEventLoop)
    names = pyfuncitem._fixtureinfo.argnames
    kwargs = {name: pyfuncitem.funcargs[name] for name in names}
    timeout = getattr(pyfuncitem.obj, "timeout_s", ASYNC_TEST_TIMEOUT)
    run(loop, asyncio.wait_for(pyfuncitem.obj(**kwargs), timeout))
    return True


_real_getaddrinfo = socket.getaddrinfo


def _loopback_only_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    """Tests talk to loopback only: a name is resolved here, never by the machine's DNS server (which sits
    on a private address). Any other name fails as an unknown host does, at once."""
    name = host.decode() if isinstance(host, bytes) else str(host)
    try:
        literal = ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        literal = None
    if name == "localhost" or (literal is not None and literal.is_loopback):
        return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


@pytest.fixture(scope="session", autouse=True)
def loopback_only() -> Iterator[None]:
    socket.getaddrinfo = _loopback_only_getaddrinfo  # type: ignore[assignment]
    yield
    socket.getaddrinfo = _real_getaddrinfo


@pytest.fixture(autouse=True)
def collect_qt_garbage_in_the_gui_thread() -> Iterator[None]:
    """Widgets a test leaves behind in reference cycles (a view and its items) are freed here, on the GUI
    thread. Left to the cyclic collector they were freed in whichever thread next allocated: the
    stand-in server's thread, where destroying a QWidget crashed the test process."""
    yield
    # Chat views a test made on their own (tests.ui.test_chatview.make_view) are closed and deleted here,
    # in order: destroyed inside the collector, a shown top-level window closed itself from ~QWidget and
    # the offscreen platform crashed in QCursor::pos (1 run in ~10, seen with gdb).
    app = QApplication.instance()
    if isinstance(app, QApplication):
        for widget in app.topLevelWidgets():
            if isinstance(widget, ChatView):
                widget.close()
                widget.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


@pytest.fixture(scope="session")
def _session_server() -> Iterator[DemoServer]:
    server = DemoServer(chunk_chars=3)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_session_server: DemoServer) -> DemoServer:
    """The stand-in server, with its faults, records and balance reset for this test."""
    _session_server.reset(balance=Decimal("100.0000"))
    _session_server.api_key = "sk-demo-local-0000"
    _session_server.rate = 0.0
    _session_server.chunk_chars = 3
    return _session_server


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    """A real forward proxy on loopback (tests/forward_proxy.py) that records what passes through it."""
    server = ForwardProxy()
    server.start()
    yield server
    server.stop()
