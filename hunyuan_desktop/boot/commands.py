"""The command line without a window (README.md, "Command line"): list, search, export, import, backup,
restore, sync (boot/sync_command.py).

Safe while the window runs on the same folder: reads use their own connection (SQLite's WAL), an
import is one more writer SQLite serialises and the running window is asked to reload its list; restore
alone waits for the window to be closed. Exit status 0 on success, 1 on a failure a user can act on (one
line on stderr), 2 on a usage error (argparse's own).

``--json`` output is stable: ids are integers, dates ISO 8601 with the UTC offset, models as the archive
keeps them ("provider:model id"), counts of messages stored (every version)."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from hunyuan_desktop import vault
from hunyuan_desktop.boot.cli import BACKUPS_KEPT, parse_args
from hunyuan_desktop.chat.conversations import Conversations, ExportFormat
from hunyuan_desktop.domain import Conversation
from hunyuan_desktop.files import private_dir, write_export, write_private
from hunyuan_desktop.settings import Settings, default_data_dir
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive, StoreError
from hunyuan_desktop.store.export import NotAnExportError


class CommandError(Exception):
    """A failure the user can act on: its text is the one line printed."""


def run(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir or default_data_dir()
    handlers: dict[str, Callable[[argparse.Namespace, Path], None]] = {
        "list": _list,
        "search": _search,
        "export": _export,
        "import": _import,
        "backup": _backup,
        "restore": _restore,
        "sync": _sync,
    }
    try:
        handlers[args.command](args, data_dir)
    except CommandError as exc:
        print(f"hunyuan-desktop {args.command}: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"hunyuan-desktop {args.command}: the archive could not be used: {exc}", file=sys.stderr)
        return 1
    except vault.VaultError as exc:
        print(f"hunyuan-desktop {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a folder that cannot be written: said, never a traceback
        print(f"hunyuan-desktop {args.command}: {exc.strerror or exc} ({exc.filename or data_dir})", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `list | head`: the reader left; not a failure of ours
        sys.stderr.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """The console entry point (a GUI launcher has no console on Windows): the same program."""
    args = parse_args(argv)
    if args.command is None:
        commands = "list, search, export, import, backup, restore, sync"
        print(f"hunyuan-desktop-cli: give a command ({commands})", file=sys.stderr)
        return 2
    return run(args)


# ---- the commands ---------------------------------------------------------------------------------------


def _open(data_dir: Path) -> Archive:
    path = data_dir / ARCHIVE_NAME
    if not path.is_file():
        raise CommandError(f"no archive in {data_dir} (start the app once, or give --data-dir)")
    return Archive.open(path)


def _iso(stamp: float) -> str:
    return datetime.datetime.fromtimestamp(stamp).astimezone().isoformat(timespec="seconds")


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _list(args: argparse.Namespace, data_dir: Path) -> None:
    archive = _open(data_dir)
    try:
        conversations = archive.conversations(limit=10**9)
        counts = archive.message_counts()
    finally:
        archive.close()
    if args.json:
        _print_json(
            {
                "conversations": [
                    {
                        "id": c.id,
                        "title": c.title,
                        "created": _iso(c.created_at),
                        "updated": _iso(c.updated_at),
                        "model": c.model,
                        "messages": counts.get(c.id, 0),
                        "pinned": c.pinned,
                    }
                    for c in conversations
                ]
            }
        )
        return
    for c in conversations:
        stamp = datetime.datetime.fromtimestamp(c.updated_at).strftime("%Y-%m-%d %H:%M")
        print(f"{c.id:>6}  {stamp}  {counts.get(c.id, 0):>5}  {' '.join(c.title.split())}")


def _search(args: argparse.Namespace, data_dir: Path) -> None:
    archive = _open(data_dir)
    try:
        hits = archive.search(args.query)
        titles = {c.id: c.title for c in archive.conversations(limit=10**9)}
    finally:
        archive.close()
    if args.json:
        _print_json(
            {
                "query": args.query,
                "results": [
                    {
                        "conversation": h.conversation_id,
                        "title": titles.get(h.conversation_id, ""),
                        "message": h.message_id,
                        "snippet": h.snippet,
                    }
                    for h in hits
                ],
            }
        )
        return
    for h in hits:
        snippet = " ".join(h.snippet.split())
        print(f"{h.conversation_id:>6}  {' '.join(titles.get(h.conversation_id, '').split())}  {snippet}".rstrip())


def _export(args: argparse.Namespace, data_dir: Path) -> None:
    archive = _open(data_dir)
    try:
        conversations = Conversations(archive)
        fmt = ExportFormat(args.format)
        folder = args.output.stem + ".files" if args.output is not None else ""
        text = conversations.export(args.id, fmt, folder=folder)
        if text is None:
            raise CommandError(f"no conversation {args.id} (see: hunyuan-desktop list)")
        files = conversations.attachment_files(args.id) if fmt is ExportFormat.MARKDOWN else {}
    finally:
        archive.close()
    if args.output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    try:
        write_export(args.output, text, files)
    except OSError as exc:
        raise CommandError(f"could not write {args.output}: {exc.strerror or exc}") from exc


def _import(args: argparse.Namespace, data_dir: Path) -> None:
    archive = _open(data_dir)
    added = skipped = failed = 0
    try:
        conversations = Conversations(archive)
        for path in args.paths:
            try:
                counts = _import_one(path, conversations, Settings.load(data_dir).default_model)
            except OSError as exc:
                print(f"{path}: not read: {exc.strerror or exc}", file=sys.stderr)
                failed += 1
                continue
            except (NotAnExportError, ValueError, zipfile.BadZipFile) as exc:
                print(f"{path}: not imported: {exc}", file=sys.stderr)
                failed += 1
                continue
            added, skipped = added + counts[0], skipped + counts[1]
    finally:
        archive.close()
    if added:
        _tell_window(data_dir)
    print(f"imported {added}, skipped {skipped}, failed {failed}")
    if failed and not (added or skipped):
        raise CommandError("nothing was imported")


def _import_one(path: Path, conversations: Conversations, model: str) -> tuple[int, int]:
    """One export (a file, a zip, a folder): (conversations imported, skipped as already there)."""

    def said(conv: Conversation, count: int) -> None:
        print(f"{path}: imported as {conv.id} “{conv.title}” ({count} messages)")

    foreign = conversations.import_foreign(path, model, said)
    if foreign is not None:
        if foreign[1]:
            print(f"{path}: {foreign[1]} conversation(s) skipped, already imported")
        return foreign
    if path.is_dir() or zipfile.is_zipfile(path):
        raise ValueError("no export this app knows in it (its own JSON, ChatGPT, Claude, Chatbox, LobeChat)")
    export = conversations.read_export(path.read_bytes())
    twin = conversations.twin_of(export)
    if twin is not None:
        print(f"{path}: skipped, already in the archive as {twin.id} “{twin.title}”")
        return 0, 1
    stored = conversations.store_export(export)
    print(f"{path}: imported as {stored.id} “{stored.title}” ({len(export.messages)} messages)")
    return 1, 0


def _tell_window(data_dir: Path) -> None:
    """A window open on this folder reloads its list (it is not told when none runs)."""
    from hunyuan_desktop.boot.instance import ask_running_to_reload

    ask_running_to_reload(data_dir)


def _passphrase(confirm: bool) -> str:
    value = os.environ.get("HUNYUAN_SYNC_PASSPHRASE", "")
    if value:
        return value
    if not sys.stdin.isatty():
        raise CommandError("set HUNYUAN_SYNC_PASSPHRASE (or run in a terminal to be asked)")
    import getpass

    value = getpass.getpass("Passphrase (without it the backup cannot be read, by anyone): ")
    if confirm and getpass.getpass("The same passphrase again: ") != value:
        raise CommandError("the two passphrases differ; nothing was written")
    if not value:
        raise CommandError("an empty passphrase protects nothing; nothing was written")
    return value


def _backup(args: argparse.Namespace, data_dir: Path) -> None:
    path = data_dir / ARCHIVE_NAME
    if not path.is_file():
        raise CommandError(f"no archive in {data_dir} (start the app once, or give --data-dir)")
    passphrase = _passphrase(confirm=True)
    with tempfile.TemporaryDirectory(dir=data_dir) as scratch:
        snapshot = Path(scratch) / "snapshot.sqlite3"
        vault.snapshot(path, snapshot)  # consistent while the window writes (SQLite's VACUUM INTO)
        sealed = vault.seal(snapshot.read_bytes(), passphrase)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    target: Path = args.output or private_dir(data_dir / "backups") / f"hunyuan-{stamp}{vault.SUFFIX}"
    try:
        write_private(target, sealed)
    except OSError as exc:
        raise CommandError(f"could not write {target}: {exc.strerror or exc}") from exc
    if args.output is None:
        for old in sorted(target.parent.glob(f"hunyuan-*{vault.SUFFIX}"))[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)
    size = f"{len(sealed) / 1e6:.1f} MB" if len(sealed) >= 100_000 else f"{len(sealed) / 1e3:.0f} kB"
    print(f"backup written: {target} ({size}, encrypted)")


def _restore(args: argparse.Namespace, data_dir: Path) -> None:
    from hunyuan_desktop.boot.startup import acquire_lock

    try:
        sealed = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(f"could not read {args.file}: {exc.strerror or exc}") from exc
    private_dir(data_dir)
    lock = acquire_lock(data_dir)
    if lock is None:
        raise CommandError("the app is open on this data folder: close its window, then restore")
    try:
        try:
            plain = vault.open_sealed(sealed, _passphrase(confirm=False))
        except vault.VaultError as exc:
            raise CommandError(f"{exc}; nothing was changed") from exc
        current = data_dir / ARCHIVE_NAME
        fresh = data_dir / (ARCHIVE_NAME + ".restoring")
        write_private(fresh, plain)
        try:
            vault.check_archive(fresh)
        except vault.VaultError as exc:
            fresh.unlink(missing_ok=True)
            raise CommandError(f"{exc}; nothing was changed") from exc
        aside = ""
        if current.exists():
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            folder = private_dir(data_dir / "backups")
            kept = folder / f"before-restore-{stamp}.sqlite3"
            vault.snapshot(current, kept)  # the current archive, whole (its WAL included), set aside first
            aside = f"; the archive it replaced is in {kept}"
            for extra in ("-wal", "-shm"):
                (data_dir / (ARCHIVE_NAME + extra)).unlink(missing_ok=True)
        os.replace(fresh, current)
    finally:
        lock.unlock()
    print(f"restored from {args.file}{aside}")


def _sync(args: argparse.Namespace, data_dir: Path) -> None:
    from hunyuan_desktop.boot.sync_command import SyncCommandError, run_sync

    archive = _open(data_dir)
    try:
        report = run_sync(args, data_dir, archive)
    except SyncCommandError as exc:
        raise CommandError(str(exc)) from None
    finally:
        archive.close()
    if report.received or report.deleted_here:
        _tell_window(data_dir)
    print(
        f"synced: {report.received} received, {report.sent} sent, {report.deleted_here} deleted here "
        f"(deleted elsewhere), {report.deleted_there} deletions sent"
        + (f"; {report.retries} retried after another machine wrote first" if report.retries else "")
    )


if __name__ == "__main__":
    sys.exit(main())
