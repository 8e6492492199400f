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

import httpx

from hunyuan_desktop.api.network import Network, ssl_context
from hunyuan_desktop.secrets import KeyStore, SecretsError
from hunyuan_desktop.settings import Settings
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.sync.engine import Report, SyncError, sync
from hunyuan_desktop.sync.remote import RemoteError, RemoteUrl, open_remote, parse_remote

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
    user, secret, passphrase = _credentials(url, keys)
    try:
        report = asyncio.run(_sync(url, user, secret, passphrase, archive, settings.ca_file))
    except (SyncError, RemoteError) as exc:
        raise SyncCommandError(str(exc)) from None
    if report.created:
        print(LOSS, file=sys.stderr)
    if args.remember:
        _remember(url, keys, user, secret, passphrase)
    if settings.sync_remote != url.text:
        replace(settings, sync_remote=url.text).save(data_dir)
    return report


async def _sync(url: RemoteUrl, user: str, secret: str, passphrase: str, archive: Archive, ca_file: str) -> Report:
    loopback = not url.insecure and url.scheme == "http"
    async with httpx.AsyncClient(
        verify=ssl_context(Network(ca_file=ca_file)), trust_env=not loopback, follow_redirects=False
    ) as client:
        return await sync(archive, open_remote(url, user, secret, client), passphrase)


def _credentials(url: RemoteUrl, keys: KeyStore) -> tuple[str, str, str]:
    names = (
        ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
        if url.kind == "s3"
        else (
            "HUNYUAN_SYNC_USER",
            "HUNYUAN_SYNC_PASSWORD",
        )
    )
    what = ("access key id", "secret access key") if url.kind == "s3" else ("user name", "password")
    values = []
    parts = ("user", "secret", "passphrase")
    wanted = zip((*names, "HUNYUAN_SYNC_PASSPHRASE"), (*what, "passphrase"), parts, strict=True)
    for env, label, part in wanted:
        value = os.environ.get(env, "") or _stored(keys, url, part)
        if not value:
            if not sys.stdin.isatty():
                raise SyncCommandError(f"no {label} for {url.text}: set {env} (or run in a terminal to be asked)")
            value = (input if part == "user" else getpass.getpass)(f"{label.capitalize()} for {url.text}: ").strip()
            if not value:
                raise SyncCommandError(f"no {label} given; nothing was changed")
        values.append(value)
    return values[0], values[1], values[2]


def _account(url: RemoteUrl, part: str) -> str:
    return f"sync:{part}:{url.text}"


def _stored(keys: KeyStore, url: RemoteUrl, part: str) -> str:
    try:
        return keys.get(_account(url, part))[0] or ""
    except SecretsError:
        return ""  # no usable keyring: the environment or the terminal then


def _remember(url: RemoteUrl, keys: KeyStore, user: str, secret: str, passphrase: str) -> None:
    try:
        for part, value in (("user", user), ("secret", secret), ("passphrase", passphrase)):
            keys.set(_account(url, part), value)
    except SecretsError as exc:
        print(f"hunyuan-desktop sync: synced, but the keyring did not keep the credentials: {exc}", file=sys.stderr)
