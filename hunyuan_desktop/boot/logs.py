"""The log: a rotating file in the data folder, readable by the user alone, keys masked in every line."""

from __future__ import annotations

import io
import logging
import logging.handlers
from collections.abc import Iterable
from pathlib import Path

from hunyuan_desktop.files import private_dir, private_file
from hunyuan_desktop.redact import redact


class RedactingFormatter(logging.Formatter):
    """Belt and braces: no key reaches a log file, neither in a message nor in a traceback (a filter sees
    only the message; the traceback is formatted later). ``secrets`` holds the keys this run has used."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), tuple(self._secrets))  # a copy: another thread may add a key


class PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by the user alone, the rotated ones too, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging(data_dir: Path, debug: bool, secrets: Iterable[str]) -> PrivateLogHandler:
    logs = private_dir(data_dir / "logs")
    handler = PrivateLogHandler(logs / "hunyuan-desktop.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    return handler


def stop_logging(handler: logging.Handler) -> None:
    logging.getLogger().removeHandler(handler)
    handler.close()
