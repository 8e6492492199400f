"""Private files: the data folder and everything in it are readable by the user alone. No Qt.

Conversations are private and the logs describe them, so nothing the app writes may be readable by other
accounts on the machine, whatever the umask (022 made everything world-readable before).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed; the folder itself is made 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):  # a folder the user does not own: leave it as it is
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it does not exist; either way it ends up 0600."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
    os.close(fd)
    with contextlib.suppress(OSError):
        os.chmod(path, FILE_MODE)
    return path


def tighten(folder: Path) -> None:
    """Make an existing data folder private: every folder 0700, every file 0600 (older versions wrote
    them with the umask's 0755 / 0644)."""
    if not folder.is_dir():
        return
    private_dir(folder)
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            with contextlib.suppress(OSError):
                os.chmod(Path(root, name), DIR_MODE)
        for name in names:
            with contextlib.suppress(OSError):
                os.chmod(Path(root, name), FILE_MODE)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a temporary file in the same folder, then a rename), 0600.
    A failure leaves the old file as it was."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")  # mkstemp: 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
