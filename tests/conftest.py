"""Test harness: one qasync loop for the whole session, async tests run on it, a stand-in server.

docs/ARCHITECTURE.md, "Platform facts": a new qasync loop per test segfaulted now and then; one session loop
did not. Async tests (``async def test_…``) run with ``loop.run_until_complete`` so that the loop is
asyncio's running loop while they await, and Qt events are processed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import inspect
import ipaddress
import os
import socket
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("HUNYUAN_API_KEY", None)

import pytest
import pytestqt.plugin
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.boot.aioqt import make_loop, run
from hunyuan_desktop.standin import DemoServer
from hunyuan_desktop.ui.kit.clipboard import release_clipboard
from hunyuan_desktop.ui.transcript import ChatView
from tests.forward_proxy import ForwardProxy

ASYNC_TEST_TIMEOUT = 60.0


_LOOPS: list[asyncio.AbstractEventLoop] = []
_qt_process_events = pytestqt.plugin._process_events


@contextlib.contextmanager
def _as_on_the_loop() -> Iterator[None]:
    """The app's loop as the running one, as it is whenever the app runs: for what the test harness does
    between turns of the loop (Qt's events, deferred deletes, the collector) and can resume app code."""
    loop = _LOOPS[0] if _LOOPS else None
    if loop is None or loop.is_closed() or loop.is_running() or asyncio._get_running_loop() is not None:
        yield
        return
    asyncio._set_running_loop(loop)
    try:
        yield
    finally:
        asyncio._set_running_loop(None)


def _process_events_on_the_loop() -> None:
    """pytest-qt processes Qt's events before and after each test phase. Under qasync, Qt's events include
    the asyncio loop's timers: processed there, a coroutine resumed with no running loop and failed ("no
    running event loop", seen in the hostile-server property test and in an httpx task group). The loop is
    made the running one while pytest-qt processes them, as it is while the app runs."""
    with _as_on_the_loop():
        _qt_process_events()  # type: ignore[no-untyped-call]


pytestqt.plugin._process_events = _process_events_on_the_loop


@pytest.fixture(scope="session", autouse=True)
def aio_loop(qapp: QApplication) -> Iterator[asyncio.AbstractEventLoop]:
    # A test that closes its window (as a user quits) must not quit the application the whole suite runs
    # in: with the other tests' windows deleted, it would be the last one, and the loop would stop.
    qapp.setQuitOnLastWindowClosed(False)
    loop = make_loop(qapp)
    _LOOPS.append(loop)
    yield loop
    _LOOPS.clear()
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
        with _as_on_the_loop():  # a widget's destruction or a finaliser may resume app code
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with _as_on_the_loop():
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
def app(
    server: DemoServer, tmp_path: Path, aio_loop: asyncio.AbstractEventLoop, request: pytest.FixtureRequest
) -> Iterator[Runtime]:
    """The real app, started on a fresh data folder against the stand-in server before the test and closed
    after it, whatever the test did. ``@pytest.mark.app(auto_title=True, extra=[...])``: start it so."""
    from tests.ui.helpers import start_app

    marker = request.node.get_closest_marker("app")
    runtime = run(aio_loop, start_app(server, tmp_path, **(marker.kwargs if marker else {})))
    yield runtime
    run(aio_loop, runtime.close())
    # Deleted here, outside the loop, not left to the collector: each window left alive made every later
    # start slower (the style sheet is applied to every live widget). (Inside the loop, deleting the last
    # window quits the application and stops the loop.)
    runtime.window.deleteLater()
    with _as_on_the_loop():
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def proxy() -> Iterator[ForwardProxy]:
    """A real forward proxy on loopback (tests/forward_proxy.py) that records what passes through it."""
    server = ForwardProxy()
    server.start()
    yield server
    server.stop()
