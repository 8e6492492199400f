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


async def test_file_import_takes_another_apps_export_and_says_how_many(app: Runtime, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.unit.test_import_exports import chatgpt_zip

    w = app.window
    export = chatgpt_zip(tmp_path / "chatgpt.zip")
    said_on_the_way: list[str] = []
    w.transfer.progress.connect(said_on_the_way.append)
    shown = await w.import_from(export)  # File → Import, the file chosen
    assert said_on_the_way[-2:] == ["Importing chatgpt.zip… 3 conversation(s) so far", ""]  # counted, then cleared
    assert shown is not None and w.current is not None and w.current.id == shown.id  # the last one opens
    assert w.conversation_list.count() == 3
    said = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert said and "3 conversation(s) imported from chatgpt.zip" in said[-1].text()
    said[-1].close()
    await w.import_from(export)  # again: nothing added, and it says so
    said = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert "0 conversation(s) imported" in said[-1].text() and "3 were imported before" in said[-1].text()
    said[-1].close()
    assert w.conversation_list.count() == 3


async def test_an_export_dropped_on_the_window_is_imported_and_other_files_attached(
    app: Runtime, tmp_path: Path
) -> None:
    """Dropping a ChatGPT export and a text file on the window: the export's conversations are imported, the
    text file waits in the tray to go with the next question (as it did before exports were recognised)."""
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tests.unit.test_import_exports import chatgpt_zip

    w = app.window
    export = chatgpt_zip(tmp_path / "chatgpt.zip")
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要：下周发布。", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(export)), QUrl.fromLocalFile(str(notes))])
    event = QDropEvent(
        QPointF(200, 200), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    w.dropEvent(event)
    await until(lambda: w.conversation_list.count() == 3, what="the dropped export's conversations")
    await until(lambda: len(w.foot.tray.items) == 1, what="the text file in the tray")
    said = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()]
    assert said and "3 conversation(s) imported from chatgpt.zip" in said[-1].text()
    said[-1].close()
