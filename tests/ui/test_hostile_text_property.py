"""Hostile text everywhere it can come from (issue 20's rule), as a property: titles, web-search sources,
model ids, presets, settings values and imports hold random markup, lone surrogates, control and bidi
characters; the window shows all of it as written (no label, tooltip, list row or action renders it as
HTML), nothing raises, and an import either comes in whole or is refused with a reason."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hunyuan_desktop.app import Runtime, build, parse_args
from hunyuan_desktop.boot.aioqt import run
from hunyuan_desktop.domain import MessageStatus, Params, Preset, Source
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.standin import DEMO_KEY, DemoServer
from hunyuan_desktop.store.export import EXPORT_FORMAT, NotAnExportError
from tests.ui.helpers import TEST_TIMEOUTS, RecordingDialogs
from tests.ui.test_hostile_input import markup_leaks
from tests.ui.test_hostile_property import Escapes
from tests.unit.test_secrets import MemoryKeyring

MARKUP = [
    '<img src="file:///nonexistent/x.png">',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="smb://198.51.100.7/share">Click</a>',
    "<b></b><!--",
    "<table><tr><td>",
    "<qt>",
    "&lt;img&gt;",
    "<!DOCTYPE html>",
]
hostile = st.lists(
    st.one_of(
        st.sampled_from(MARKUP),
        st.text(max_size=8),
        st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b[31m", "\u202e", "\u200b", "\n", "😀", "表"]),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@pytest.fixture(scope="module")
def app_rt(tmp_path_factory: pytest.TempPathFactory, aio_loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    server = DemoServer(chunk_chars=3)
    server.start()
    data = tmp_path_factory.mktemp("hostile-text")
    keys = KeyStore(MemoryKeyring())
    keys.set("wcode", DEMO_KEY)
    app = __import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication.instance()
    rt = run(
        aio_loop,
        build(
            app,
            parse_args(["--data-dir", str(data), "--base-url", server.base_url]),
            keys=keys,
            timeouts=TEST_TIMEOUTS,
            dialogs=RecordingDialogs(),
        ),
    )
    assert isinstance(rt, Runtime)
    rt.controller.title_model = lambda: None
    rt.window.show()
    escapes = Escapes()
    old_handler = aio_loop.get_exception_handler()
    aio_loop.set_exception_handler(escapes.loop_handler)
    old_hook = sys.excepthook
    sys.excepthook = escapes.hook
    yield rt, escapes
    sys.excepthook = old_hook
    aio_loop.set_exception_handler(old_handler)
    run(aio_loop, rt.close())
    server.stop()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile, source_title=hostile, source_path=hostile, model=hostile, preset=hostile, setting=hostile)
def test_hostile_text_is_shown_as_written_everywhere(
    app_rt: Any,
    aio_loop: asyncio.AbstractEventLoop,
    title: str,
    source_title: str,
    source_path: str,
    model: str,
    preset: str,
    setting: str,
) -> None:
    rt, escapes = app_rt
    archive, w = rt.archive, rt.window

    async def look() -> None:  # all of it on the app's loop, as the window runs
        conv = archive.create_conversation(title, model)  # text the archive cannot hold is stored cleaned
        _, answer = archive.begin_turn(conv.id, title, model)
        source = Source(1, source_title, "https://example.com/" + source_path)
        final = replace(answer, status=MessageStatus.DONE, content="见[1]", reasoning="", sources=(source,))
        archive.finish_message(final)
        archive.save_preset(Preset(0, preset, preset, model, Params()))
        rt.store.remember(default_model=setting)
        w.reload_conversations()
        w.select_conversation(conv.id)
        w.preset_actions.fill_menu()
        w.preset_actions.refresh_chips()
        w.repaint()
        assert markup_leaks(w) == []
        w.new_conversation()  # the settings' default model, shown in the parameters
        w.repaint()
        assert markup_leaks(w) == []
        await settle(rt)

    run(aio_loop, look())
    assert escapes.seen == []


async def settle(rt: Runtime) -> None:
    """Let what the window started (a balance read for a provider shown the first time) finish here, on
    the loop, not in the next example's synchronous part."""
    await asyncio.sleep(0)
    if len(rt.window.tasks):
        await rt.window.tasks.wait(limit_s=2.0)
    await rt.controller.balances.shutdown()


def export_with(values: dict[str, Any]) -> str:
    doc: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "conversation": {"title": values["title"], "model": values["model"], "params": values["params"]},
        "messages": [
            {"id": values["id"], "role": "user", "content": values["content"], "created_at": values["time"]},
            {"id": 99, "parent_id": values["id"], "role": values["role"], "content": "答", "usage": values["usage"]},
        ],
    }
    return json.dumps(doc, ensure_ascii=False)


anything = st.one_of(
    hostile,
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["temperature", "top_p", "max_tokens", "x"]), st.floats() | st.integers()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.fixed_dictionaries(
        {k: anything for k in ("title", "model", "params", "id", "content", "time", "role", "usage")}
    )
)
def test_an_import_comes_in_whole_or_is_refused_with_a_reason(
    app_rt: Any, aio_loop: asyncio.AbstractEventLoop, values: dict[str, Any]
) -> None:
    rt, escapes = app_rt

    async def attempt() -> None:  # on the app's loop, as the window's import runs
        before = len(rt.archive.conversations())
        try:
            conv = rt.window.conversations.import_json(export_with(values))
        except NotAnExportError as exc:
            assert str(exc)
            assert len(rt.archive.conversations()) == before  # nothing half-stored
        else:
            assert len(rt.archive.thread(conv.id).messages) == 2
            rt.window.select_conversation(conv.id)  # and it opens
        await settle(rt)

    run(aio_loop, attempt())
    assert escapes.seen == []
