"""``hunyuan-desktop sync``: this archive and a remote folder the user's machines share (sync/engine.py).

The remote: ``--remote URL``, else the one last used (Settings' ``sync_remote``). Its credentials and the
passphrase: for one run from the environment (``HUNYUAN_SYNC_USER`` / ``HUNYUAN_SYNC_PASSWORD`` for WebDAV,
``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` for S3, ``HUNYUAN_SYNC_PASSPHRASE``), else the system
keyring (``--remember`` keeps them there after a sync that worked), else asked in a terminal. Never in a
file, a log or the process list."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from hunyuan_desktop.api.network import Network, with_password
from hunyuan_desktop.boot.cli import env_proxy
from hunyuan_desktop.domain import ProxyMode
from hunyuan_desktop.secrets import GENERAL_PROXY, KeyStore, SecretsError, proxy_secret
from hunyuan_desktop.settings import Settings
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.sync.credentials import PARTS, Credentials, remember, stored
from hunyuan_desktop.sync.engine import Report, SyncError, sync_with
from hunyuan_desktop.sync.remote import RemoteError, RemoteUrl, parse_remote

LOSS = (
    "The passphrase encrypts everything on the remote: the server sees no conversation. Keep it safe; "
    "without it nobody, not even you, can read what is there (another machine asks for the same one)."
)


class SyncCommandError(Exception):
    """One line for stderr."""


def run_sync(args: argparse.Namespace, data_dir: Path, archive: Archive) -> Report:
    settings = Settings.load(data_dir)
    text = args.remote or settings.sync_remote
    if not text:
        raise SyncCommandError("give the remote once: sync --remote webdav://host/folder (or s3://host/bucket/prefix)")
    try:
        url = parse_remote(text, os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION", ""))
    except RemoteError as exc:
        raise SyncCommandError(str(exc)) from None
    if url.insecure and not args.allow_http:
        raise SyncCommandError(
            f"{url.text} is plain http to another computer: whoever is on the way sees the traffic and can change "
            "it (the contents stay encrypted); use https, or add --allow-http if this network is yours"
        )
    keys = KeyStore()
    credentials = _credentials(url, keys)
    try:
        report = asyncio.run(sync_with(archive, url, credentials, _network(args, settings, keys)))
    except (SyncError, RemoteError) as exc:
        raise SyncCommandError(str(exc)) from None
    if report.created:
        print(LOSS, file=sys.stderr)
    if args.remember and not remember(keys, url, credentials):
        print("hunyuan-desktop sync: synced, but the system keyring could not keep the credentials", file=sys.stderr)
    if settings.sync_remote != url.text:
        replace(settings, sync_remote=url.text).save(data_dir)
    return report


def _credentials(url: RemoteUrl, keys: KeyStore) -> Credentials:
    """The environment's, else the keyring's, else asked in a terminal."""
    kept = stored(keys, url)
    names = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY") if url.kind == "s3" else _WEBDAV_NAMES
    what = ("access key id", "secret access key") if url.kind == "s3" else ("user name", "password")
    values = []
    wanted = zip((*names, "HUNYUAN_SYNC_PASSPHRASE"), (*what, "passphrase"), PARTS, strict=True)
    for env, label, part in wanted:
        value = os.environ.get(env, "") or getattr(kept, part)
        if not value:
            if not sys.stdin.isatty():
                raise SyncCommandError(f"no {label} for {url.text}: set {env} (or run in a terminal to be asked)")
            value = (input if part == "user" else getpass.getpass)(f"{label.capitalize()} for {url.text}: ").strip()
            if not value:
                raise SyncCommandError(f"no {label} given; nothing was changed")
        values.append(value)
    return Credentials(*values)


_WEBDAV_NAMES = ("HUNYUAN_SYNC_USER", "HUNYUAN_SYNC_PASSWORD")


def _network(args: argparse.Namespace, settings: Settings, keys: KeyStore) -> Network:
    """The proxy the window would use: ``--proxy`` or HUNYUAN_PROXY for this run, else Settings' general one
    (its password from the keyring), with Settings' CA file."""
    run = args.proxy or env_proxy()
    if run:
        return Network(run, settings.ca_file)
    value = settings.proxy
    parts = urlsplit(value)
    if ProxyMode.of(value) is ProxyMode.CUSTOM and parts.username and parts.password is None:
        try:
            password = keys.get(proxy_secret(GENERAL_PROXY))[0]
        except SecretsError:
            password = None
        if password:
            value = with_password(value, password)
    return Network(value, settings.ca_file)
