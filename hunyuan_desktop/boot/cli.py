"""The command line: flags for the window (docs/ARCHITECTURE.md, "Contracts") and the environment read for one run."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from hunyuan_desktop import __version__
from hunyuan_desktop.domain import ThemeChoice
from hunyuan_desktop.settings import ProxyValueError, check_proxy

log = logging.getLogger("hunyuan_desktop")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hunyuan-desktop", description="Desktop chat for Tencent Hunyuan models")
    parser.add_argument("--demo", action="store_true", help="use the built-in offline stand-in server")
    parser.add_argument("--base-url", help="OpenAI-compatible base URL (default: the provider's)")
    parser.add_argument("--data-dir", type=Path, help="where the archive and settings live")
    parser.add_argument("--debug", action="store_true", help="log at DEBUG level")
    parser.add_argument(
        "--theme", choices=[c.value for c in ThemeChoice], help="light, dark or system (default: as in Settings)"
    )
    parser.add_argument(
        "--proxy",
        type=proxy_arg,
        help="proxy for this run: a URL (http, https, socks5), 'none' or 'system' (default: as in Settings)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # For packaging checks (CI): one demo turn offscreen in a throw-away data folder, a JSON line, exit.
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.smoke_test:
        args.demo = True
    return args


def proxy_arg(value: str) -> str:
    try:
        return check_proxy(value)
    except ProxyValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def env_proxy() -> str | None:
    """HUNYUAN_PROXY: a proxy for this run, password included, kept out of the process list (where
    ``--proxy`` shows it to every user of the computer). An unusable value is ignored (logged)."""
    value = os.environ.get("HUNYUAN_PROXY", "").strip()
    if not value:
        return None
    try:
        return check_proxy(value)
    except ProxyValueError as exc:
        log.warning("HUNYUAN_PROXY is not a usable proxy (%s); ignored", exc)
        return None
