"""The data folder's privacy rules (issue 20): only the app's own files are tightened, no link is followed,
and a folder of the user's is recognised as not ours."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from hunyuan_desktop.files import foreign_entries, private_file, tighten


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_tighten_touches_only_the_apps_own_files_and_follows_no_link(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("shared", encoding="utf-8")
    os.chmod(outside, 0o644)
    for name in ("archive.sqlite3", "archive.sqlite3-wal", "settings.json", "logs/hunyuan-desktop.log"):
        (data / name).write_text("x", encoding="utf-8")
        os.chmod(data / name, 0o644)
    os.chmod(data / "logs", 0o755)
    (data / "logs" / "link").symlink_to(outside)  # a link inside one of our folders
    tighten(data)
    assert mode(data) == 0o700 and mode(data / "logs") == 0o700
    assert all(mode(data / n) == 0o600 for n in ("archive.sqlite3", "archive.sqlite3-wal", "settings.json"))
    assert mode(data / "logs" / "hunyuan-desktop.log") == 0o600
    assert mode(outside) == 0o644  # the link's target is not the app's


def test_a_folder_of_the_users_is_not_ours(tmp_path: Path) -> None:
    folder = tmp_path / "Sync"
    (folder / "bin").mkdir(parents=True)
    (folder / "bin" / "backup.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (folder / "notes.md").write_text("n", encoding="utf-8")
    assert foreign_entries(folder) == ["bin", "notes.md"]
    assert foreign_entries(tmp_path / "missing") == []
    own = tmp_path / "own"
    own.mkdir()
    for name in ("archive.sqlite3", "archive.sqlite3.before-m008-20260101", "settings.json.damaged-1", "logs"):
        (own / name).touch() if name != "logs" else (own / name).mkdir()
    assert foreign_entries(own) == []


def test_private_file_leaves_a_links_target_alone(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_text("t", encoding="utf-8")
    os.chmod(target, 0o644)
    link = tmp_path / "link"
    link.symlink_to(target)
    private_file(link)
    assert mode(target) == 0o644
    fresh = private_file(tmp_path / "new")
    assert mode(fresh) == 0o600
