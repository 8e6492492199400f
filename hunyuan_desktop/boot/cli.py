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

BACKUPS_KEPT = 10  # backups written into the data folder's backups/ (with -o: wherever the user says)


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
    add_commands(parser)
    args = parser.parse_args(argv)
    if args.smoke_test:
        args.demo = True
    return args


def add_commands(parser: argparse.ArgumentParser) -> None:
    """The subcommands (boot/commands.py runs them), after the window's own options (``--data-dir``
    before the subcommand). Defined here, without what runs them: a window's start parses these too."""
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help="without one, the window opens")
    listing = sub.add_parser("list", help="every conversation, newest first")
    listing.add_argument("--json", action="store_true", help="as JSON (stable fields)")
    search = sub.add_parser("search", help="conversations whose title or messages contain QUERY")
    search.add_argument("query")
    search.add_argument("--json", action="store_true", help="as JSON (stable fields)")
    export = sub.add_parser("export", help="one conversation as Markdown or JSON (stdout unless -o)")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=["md", "json"], default="md")
    export.add_argument("-o", "--output", type=Path, help="a file (a Markdown export's attachments go beside it)")
    imports = sub.add_parser(
        "import",
        help="conversations from exports: ours, ChatGPT, Claude, Chatbox, LobeChat, Cherry Studio (≤ v5); twice: once",
    )
    imports.add_argument("paths", nargs="+", type=Path)
    backup = sub.add_parser("backup", help="an encrypted snapshot of the archive (passphrase: HUNYUAN_SYNC_PASSPHRASE)")
    backup.add_argument(
        "-o", "--output", type=Path, help=f"default: <data dir>/backups/, the newest {BACKUPS_KEPT} kept"
    )
    restore = sub.add_parser("restore", help="replace the archive with a backup (the current one is set aside first)")
    restore.add_argument("file", type=Path)
    sync = sub.add_parser("sync", help="merge with the other machines through a WebDAV folder or an S3 bucket")
    sync.add_argument("--remote", help="webdav://host/folder or s3://host/bucket/prefix (default: the last one)")
    sync.add_argument("--allow-http", action="store_true", help="accept a plain http remote on another computer")
    sync.add_argument("--remember", action="store_true", help="keep the credentials in the system keyring")


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
