"""The command line without a window (issue 25): list, search, export, import, backup and restore, as a
script uses them: their output, their exit status, and what they leave in the data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hunyuan_desktop.boot.cli import parse_args
from hunyuan_desktop.boot.commands import run
from hunyuan_desktop.boot.startup import acquire_lock
from hunyuan_desktop.domain import Role
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive


def command(data: Path, *argv: str) -> int:
    return run(parse_args(["--data-dir", str(data), *argv]))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    archive = Archive.open(folder / ARCHIVE_NAME)
    first = archive.create_conversation("旅行计划", "wcode:hunyuan-turbos-latest")
    archive.append_message(first.id, Role.USER, "去杭州三天怎么安排？")
    archive.append_message(first.id, Role.ASSISTANT, "**第一天**：西湖。\n\n| 天 | 去处 |\n| --- | --- |\n| 1 | 西湖 |")
    second = archive.create_conversation("Python question", "deepseek:deepseek-chat")
    archive.append_message(second.id, Role.USER, "How do I merge two sorted lists?")
    archive.close()
    return folder


def test_list_and_search_print_stable_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert command(data, "list", "--json") == 0
    listed = json.loads(capsys.readouterr().out)["conversations"]
    assert [c["title"] for c in listed] == ["Python question", "旅行计划"]  # newest first
    travel = listed[1]
    assert travel["messages"] == 2 and travel["model"] == "wcode:hunyuan-turbos-latest" and travel["pinned"] is False
    assert set(travel) == {"id", "title", "created", "updated", "model", "messages", "pinned"}
    assert travel["created"][:4].isdigit() and travel["created"][10] == "T" and travel["created"][-6] in "+-"
    assert command(data, "search", "西湖", "--json") == 0
    found = json.loads(capsys.readouterr().out)
    assert found["query"] == "西湖" and [r["conversation"] for r in found["results"]] == [travel["id"]]
    assert found["results"][0]["title"] == "旅行计划" and "西湖" in found["results"][0]["snippet"]
    assert command(data, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].split()[-1] == "旅行计划"


def test_export_to_stdout_or_a_file_and_import_it_once(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert command(data, "list", "--json") == 0
    travel = json.loads(capsys.readouterr().out)["conversations"][1]["id"]
    assert command(data, "export", str(travel)) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# 旅行计划") and "去杭州三天怎么安排？" in markdown
    exported = tmp_path / "travel.json"
    assert command(data, "export", str(travel), "--format", "json", "-o", str(exported)) == 0
    assert json.loads(exported.read_text(encoding="utf-8"))  # a whole JSON export
    other = tmp_path / "other"
    other.mkdir()
    Archive.open(other / ARCHIVE_NAME).close()
    junk = tmp_path / "junk.json"
    junk.write_text("{}", encoding="utf-8")
    assert command(other, "import", str(exported), str(junk)) == 0  # one imported, one reported
    out, err = capsys.readouterr()
    assert "imported 1, skipped 0, failed 1" in out and "junk.json: not imported" in err
    assert command(other, "import", str(exported)) == 0  # the same export again adds nothing
    assert "imported 0, skipped 1" in capsys.readouterr().out
    archive = Archive.open(other / ARCHIVE_NAME)
    try:
        [copy] = archive.conversations()
        assert copy.title == "旅行计划" and len(archive.messages(copy.id)) == 2
    finally:
        archive.close()
    assert command(other, "import", str(junk)) == 1  # nothing imported at all: a failure


def test_failures_say_one_line_and_exit_1_usage_errors_exit_2(
    tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert command(tmp_path / "nowhere", "list") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no archive in" in err
    assert command(data, "export", "999") == 1
    assert "no conversation 999" in capsys.readouterr().err
    assert command(data, "sync") == 1
    with pytest.raises(SystemExit) as usage:
        parse_args(["--data-dir", str(data), "export"])
    assert usage.value.code == 2


def test_backup_and_restore_round_trip_with_the_current_archive_set_aside(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", "correct horse battery")
    backup = tmp_path / "archive.hybak"
    assert command(data, "backup", "-o", str(backup)) == 0
    sealed = backup.read_bytes()
    assert b"\xe6\x97\x85\xe8\xa1\x8c" not in sealed and b"SQLite format" not in sealed  # 旅行: encrypted
    assert oct(backup.stat().st_mode & 0o777) == "0o600"
    archive = Archive.open(data / ARCHIVE_NAME)
    archive.create_conversation("after the backup", "wcode:hunyuan-lite")
    archive.close()
    capsys.readouterr()
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", "wrong")
    assert command(data, "restore", str(backup)) == 1  # refused before anything changes
    assert "passphrase is wrong" in capsys.readouterr().err
    assert command(data, "list", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)["conversations"]) == 3
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", "correct horse battery")
    assert command(data, "restore", str(backup)) == 0
    assert "restored from" in capsys.readouterr().out
    assert command(data, "list", "--json") == 0
    assert [c["title"] for c in json.loads(capsys.readouterr().out)["conversations"]] == ["Python question", "旅行计划"]
    [aside] = (data / "backups").glob("before-restore-*.sqlite3")
    kept = Archive.open(aside)
    try:
        assert "after the backup" in [c.title for c in kept.conversations()]  # nothing lost by restoring
    finally:
        kept.close()


def test_a_damaged_archive_is_said_in_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", "p")
    data = tmp_path / "damaged"
    data.mkdir()
    (data / ARCHIVE_NAME).write_bytes(b"this is not SQLite" * 100)
    assert command(data, "backup") == 1
    err = capsys.readouterr().err
    assert err.startswith("hunyuan-desktop backup: the archive could not be copied") and "Traceback" not in err


def test_backups_in_the_data_folder_are_kept_ten_deep(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", "p")
    folder = data / "backups"
    folder.mkdir(mode=0o700)
    for i in range(12):
        (folder / f"hunyuan-2020010{i // 10}-0000{i % 10:02d}.hybak").write_bytes(b"old")
    assert command(data, "backup") == 0
    kept = sorted(p.name for p in folder.glob("hunyuan-*.hybak"))
    assert len(kept) == 10 and kept[-1].startswith("hunyuan-20") and "20200100-000000" not in kept[0]


def test_restore_waits_for_the_window_and_a_foreign_file_changes_nothing(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HUNYUAN_SYNC_PASSPHRASE", "p")
    backup = tmp_path / "b.hybak"
    assert command(data, "backup", "-o", str(backup)) == 0
    lock = acquire_lock(data)  # as the running window holds it
    assert lock is not None
    try:
        assert command(data, "restore", str(backup)) == 1
        assert "close its window" in capsys.readouterr().err
    finally:
        lock.unlock()
    foreign = tmp_path / "photo.jpg"
    foreign.write_bytes(b"\xff\xd8\xff" + os.urandom(100))
    before = (data / ARCHIVE_NAME).read_bytes()
    assert command(data, "restore", str(foreign)) == 1
    assert "not a backup of this app" in capsys.readouterr().err
    assert (data / ARCHIVE_NAME).read_bytes() == before


def test_commands_need_no_display(data: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    done = subprocess.run(
        [sys.executable, "-m", "hunyuan_desktop", "--data-dir", str(data), "list", "--json"],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["conversations"]) == 2
    usage = subprocess.run(
        [sys.executable, "-m", "hunyuan_desktop.boot.commands"], capture_output=True, text=True, timeout=60, check=False
    )
    assert usage.returncode == 2
