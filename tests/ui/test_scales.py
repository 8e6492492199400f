"""Display scales 1.25, 1.5 and 2.0 (issue 11): the tests that catch garbled or misplaced pixels, the
window's fit and the code header's icon, run again in a child process whose screen has that device
pixel ratio (Qt's offscreen platform reads a screen description from a JSON file; a ratio is fixed per
process). Fractional ratios are where scrolled pixels and repainted strips disagree if anything sits at
a fractional position."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKS = [
    "tests/ui/test_chatview.py::test_partial_repaints_while_streaming_leave_no_stale_pixels",
    "tests/ui/test_chatview.py::test_any_mix_of_scrolling_zoom_streaming_and_find_never_leaves_stale_pixels",
    "tests/ui/test_chatview.py::test_every_document_sits_inside_its_bubble_in_the_centred_column",
    "tests/ui/test_selection.py::test_a_code_blocks_header_is_one_row_with_a_copy_icon_that_copies_it",
    "tests/ui/test_selection.py::test_drag_across_two_messages_selects_and_ctrl_c_copies",
    "tests/ui/test_selection.py::test_a_selection_is_painted_and_the_screen_stays_exact",
    "tests/ui/test_layout.py::test_the_window_fits_800_by_600_and_less",
]
CHILD = textwrap.dedent(
    """
    import sys
    import pytest
    from PySide6.QtWidgets import QApplication
    app = QApplication([])  # pytest-qt takes this one
    ratio = app.primaryScreen().devicePixelRatio()
    assert abs(ratio - float(sys.argv[1])) < 1e-9, ratio
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", *sys.argv[2:]]))
    """
)


@pytest.mark.parametrize("ratio", [1.25, 1.5, 2.0])
def test_the_pixel_exact_and_layout_tests_pass_at_display_scale(ratio: float, tmp_path: Path) -> None:
    screen = {"name": "scaled", "x": 0, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96, "dpr": ratio}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ratio), *CHECKS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    # Every check ran: the window test runs per language and theme (4), the others once.
    assert f"{len(CHECKS) - 1 + 4} passed" in done.stdout, done.stdout[-1000:]
