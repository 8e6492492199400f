"""Quitting after a rich copy: Qt frees the clipboard's data in its own exit handlers, after Python has
finished; a QMimeData made in Python then crashed the process on every exit (exit status 139, 3 runs of
3 without :func:`release_clipboard`). ``app.main`` calls it before the interpreter ends."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROBE = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from hunyuan_desktop.domain import Message, MessageStatus, Role
    from hunyuan_desktop.ui.kit.clipboard import release_clipboard
    from hunyuan_desktop.ui.transcript import ChatView
    view = ChatView()
    view.resize(500, 400)
    view.show()
    view.set_messages([Message(1, 1, Role.ASSISTANT, "**粗体** 文字", status=MessageStatus.DONE)])
    app.processEvents()
    view.select_all()
    assert view.copy() and QGuiApplication.clipboard().mimeData().hasHtml()
    release_clipboard()
    assert QGuiApplication.clipboard().text() == "粗体 文字"  # the text stays on the clipboard
    """
)


def test_the_process_exits_cleanly_after_copying_rich_text(tmp_path: Path) -> None:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    for _ in range(3):
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(
    ("lang", "said"), [("C.UTF-8", "found no graphical display"), ("zh_CN.UTF-8", "没有找到图形显示")]
)
def test_no_display_is_said_in_words_a_user_can_act_on(tmp_path: Path, lang: str, said: str) -> None:
    """Qt's own words here were "xcb-cursor0 is needed … Reinstalling the application may fix this"."""
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env.update(LANG=lang, LC_ALL=lang)
    done = subprocess.run(
        [sys.executable, "-m", "hunyuan_desktop", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 1 and said in done.stderr and "xcb" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "d").exists()  # nothing was created for a window that cannot open
