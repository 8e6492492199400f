"""The command line beside a running window (issue 25): an import shows in the open window's list."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from hunyuan_desktop.app import Runtime
from hunyuan_desktop.chat.conversations import ExportFormat
from hunyuan_desktop.standin import DemoServer
from tests.ui.helpers import until
from tests.ui.test_window import ask, finished


async def test_an_import_from_the_command_line_appears_in_the_open_window(
    app: Runtime, server: DemoServer, tmp_path: Path
) -> None:
    await ask(app, "导出我")
    await finished(app)
    w = app.window
    conv = w.current
    assert conv is not None
    text = w.conversations.export(conv.id, ExportFormat.JSON)
    assert text is not None
    exported = tmp_path / "one.json"
    exported.write_text(text, encoding="utf-8")
    w.confirm = lambda title, text, action="": True  # type: ignore[method-assign]
    assert w.delete_conversation(conv.id)
    await until(lambda: w.conversation_list.count() == 0, what="the conversation to go")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "hunyuan_desktop", "--data-dir", str(app.data_dir), "import", str(exported),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()  # the window's loop runs meanwhile: it answers "reload"
    assert process.returncode == 0, err.decode()
    assert "imported 1" in out.decode()
    await until(lambda: w.conversation_list.count() == 1, what="the window to show the import")
