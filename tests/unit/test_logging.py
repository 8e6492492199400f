"""The log file never holds a key: not in a message, not in a traceback, whatever its shape."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from hunyuan_desktop.app import setup_logging

KEY = "hyk-log-test-7Hq2Lm9Pz4"  # no sk- prefix: only the run's own key list can mask it


def test_a_key_in_an_exception_is_masked_in_the_traceback(tmp_path: Path) -> None:
    handler = setup_logging(tmp_path, debug=False, secrets={KEY})
    log = logging.getLogger("test.redaction")
    try:
        try:
            raise RuntimeError(f"upstream said: invalid key {KEY}")
        except RuntimeError:
            log.exception("a request failed with Bearer %s", "sk-abcdefghijkl")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    text = (tmp_path / "logs" / "hunyuan-desktop.log").read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: upstream said: invalid key «redacted»" in text
    assert KEY not in text and "sk-abcdefghijkl" not in text


def test_log_files_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        handler = setup_logging(tmp_path / "data", debug=False, secrets=set())
        logging.getLogger("test.private").warning("hello")
        handler.doRollover()
        logging.getLogger("test.private").warning("again")
    finally:
        os.umask(old)
        logging.getLogger().removeHandler(handler)
        handler.close()
    logs = tmp_path / "data" / "logs"
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in logs.iterdir()}
    assert stat.S_IMODE(logs.stat().st_mode) == 0o700
    assert modes == {"hunyuan-desktop.log": 0o600, "hunyuan-desktop.log.1": 0o600}
