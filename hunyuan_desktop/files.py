"""Private files: the app's own files in the data folder are readable by the user alone. No Qt.

Conversations are private and the logs describe them, so nothing the app writes may be readable by other
accounts on the machine, whatever the umask (022 made everything world-readable before).

Only what the app made is ever tightened, and a symbolic link is never followed to do it: a data folder
pointed at an existing folder (``--data-dir ~/Sync``) once had every file made 0600 and every folder 0700,
the targets of links outside it included, and scripts and virtual environments stopped running.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600

# What the app keeps in a data folder: the archive (and its side files, backups and set-aside copies),
# the settings (and set-aside damaged ones), the logs, the demo's own folder, the single-instance lock,
# attachments. tighten() touches these only; a folder holding anything else is not the app's.
OWN_PREFIXES = ("archive.sqlite3", "settings.json", "instance.lock", ".settings.json-")
OWN_FOLDERS = ("logs", "demo", "attachments", "backups")


def _chmod(path: Path, mode: int) -> None:
    """``mode`` on ``path`` itself, never on what a symbolic link points to; a path the user does not own
    is left as it is."""
    with contextlib.suppress(OSError):
        if stat.S_ISLNK(os.lstat(path).st_mode):
            return
        os.chmod(path, mode)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed; the folder itself is made 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it does not exist; either way it ends up 0600 (a link is left as it is)."""
    if not path.is_symlink():
        fd = os.open(
            path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0), FILE_MODE
        )
        os.close(fd)
    _chmod(path, FILE_MODE)
    return path


def is_own(name: str) -> bool:
    """Whether a name in the data folder is one the app makes."""
    return name.startswith(OWN_PREFIXES) or name in OWN_FOLDERS


def foreign_entries(folder: Path, limit: int = 5) -> list[str]:
    """Up to ``limit`` names in ``folder`` that the app did not make ([] for a folder that is ours, or
    empty, or missing)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [n for n in names if not is_own(n)][:limit]


def tighten(folder: Path) -> None:
    """Make the app's own files in an existing data folder private (older versions wrote them with the
    umask's 0755 / 0644): the folder itself 0700, each file of ours 0600, each folder of ours 0700 with
    what it holds. Nothing else is touched, and no link is followed."""
    if not folder.is_dir() or (folder.is_symlink() and not folder.resolve().is_dir()):
        return
    _chmod(folder, DIR_MODE)
    for entry in os.scandir(folder):
        if not is_own(entry.name) or entry.is_symlink():
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            _chmod(path, DIR_MODE)
            for root, dirs, names in os.walk(path):  # os.walk does not follow links by default
                for name in dirs:
                    _chmod(Path(root, name), DIR_MODE)
                for name in names:
                    _chmod(Path(root, name), FILE_MODE)
        else:
            _chmod(path, FILE_MODE)


def write_private(path: Path, text: str | bytes) -> None:
    """Write ``text`` (or bytes) to ``path`` atomically (a temporary file in the same folder, then a
    rename), 0600. A failure leaves the old file as it was."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")  # mkstemp: 0600
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_export(path: Path, text: str, files: dict[str, bytes]) -> None:
    """An export, and its attachments in a folder beside it (``<name>.files/``)."""
    write_private(path, text)
    if files:
        folder = path.with_name(path.stem + ".files")
        folder.mkdir(mode=0o700, exist_ok=True)
        for name, data in files.items():
            write_private(folder / name, data)
