"""Composing one running app (``build``) and taking it down in order (``Runtime.close``).

The demo keeps everything apart: its own archive, settings, balance and log in ``<data dir>/demo``, so no
demo answer lands among real conversations and no fake balance shows in real use.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QLockFile

from hunyuan_desktop.api.endpoint import Timeouts
from hunyuan_desktop.boot.cli import env_proxy
from hunyuan_desktop.boot.connection import Connection, LazyClient, Secrets
from hunyuan_desktop.boot.instance import InstanceServer, ask_running_to_show
from hunyuan_desktop.boot.logs import setup_logging, stop_logging
from hunyuan_desktop.boot.startup import (
    Dialogs,
    acquire_lock,
    already_running,
    check_override,
    install_translations,
    move_proxy_passwords,
    open_archive,
    prepare_folder,
    read_settings,
    sanitise_settings,
)
from hunyuan_desktop.catalog import Catalog, load_catalog
from hunyuan_desktop.chat.balance import BalanceService
from hunyuan_desktop.chat.controller import ChatController
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.chat.syncing import Syncer
from hunyuan_desktop.domain import DEFAULT_PROVIDER, ConnectionCheck
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.settings import Settings, default_data_dir, split_password
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.ui.window.look import Look, bring_to_front
from hunyuan_desktop.ui.window.mainwindow import MainWindow, WindowDeps
from hunyuan_desktop.ui.window.syncing import SyncView

log = logging.getLogger("hunyuan_desktop")
T = TypeVar("T")
DEMO_FOLDER = "demo"


def resolve_once(future: asyncio.Future[T], value: T) -> None:
    """Set ``future``'s result unless it has one (a window closed twice, a dialog finished after Close)."""
    if not future.done():
        future.set_result(value)


@dataclass(frozen=True)
class BuildOptions:
    """What tests replace when composing the app (the app itself uses the defaults)."""

    keys: KeyStore | None = None
    timeouts: Timeouts | None = None
    dialogs: Dialogs | None = None


@dataclass
class Runtime:
    """Everything one running app consists of; :meth:`close` takes it down in order."""

    window: MainWindow
    controller: ChatController
    archive: Archive
    client: LazyClient
    connection: Connection
    store: SettingsStore
    data_dir: Path
    lock: QLockFile
    log_handler: logging.Handler
    instance: InstanceServer
    args: argparse.Namespace
    options: BuildOptions
    # Resolved when the user asks for the offline demo (True) or to leave it (False): the app then
    # restarts on the demo's own data, or on the user's.
    demo_requested: asyncio.Future[bool]
    syncer: Syncer | None = None  # sync with the user's other machines (none for the demo's archive)

    @property
    def settings(self) -> Settings:
        return self.store.current

    async def close(self) -> None:
        """In order, each step whatever the one before raised: turns saved, tasks ended, the client, the
        archive, the demo server, the instance socket (before the lock: a start after this one owns the
        folder and its socket), the lock, the log."""
        async with contextlib.AsyncExitStack() as stack:
            stack.callback(stop_logging, self.log_handler)
            stack.callback(self.lock.unlock)
            stack.callback(self.instance.close)
            stack.callback(self.connection.stop)
            stack.callback(self.archive.close)
            if self.syncer is not None:  # a sync under way ends (or is cut off) before the archive closes
                stack.push_async_callback(self.syncer.close)
            stack.push_async_callback(self.client.aclose)
            stack.push_async_callback(self.window.tasks.wait, 1.0)
            stack.callback(self.window.tasks.cancel_all)
            await self.controller.shutdown()


async def build(
    app: QCoreApplication,
    args: argparse.Namespace,
    keys: KeyStore | None = None,
    timeouts: Timeouts | None = None,
    dialogs: Dialogs | None = None,
) -> Runtime | int:
    """Compose the app. Returns an exit code instead when it cannot start (the user was told why)."""
    options = BuildOptions(keys, timeouts, dialogs)
    dialogs = dialogs or Dialogs()
    base_dir: Path = args.data_dir or default_data_dir()
    data_dir = base_dir / DEMO_FOLDER if args.demo else base_dir
    refused = await prepare_folder({base_dir, data_dir}, data_dir, dialogs)
    if refused is not None:
        return refused
    secrets = Secrets()
    log_handler = setup_logging(data_dir, args.debug, secrets)
    lock = acquire_lock(data_dir)
    if lock is None:
        stop_logging(log_handler)
        if ask_running_to_show(data_dir):
            return 0  # the running app came to the front: nothing more to do
        return await already_running(data_dir, dialogs)

    def abandon(code: int) -> int:
        lock.unlock()
        stop_logging(log_handler)
        return code

    settings = await read_settings(data_dir, dialogs)
    install_translations(app, settings.language)
    archive = await open_archive(data_dir, dialogs)
    if isinstance(archive, int):
        return abandon(archive)
    if archive.recovered:
        log.info("%d answers were interrupted by the last exit and are kept as interrupted", archive.recovered)
    shipped = load_catalog()
    settings = await sanitise_settings(settings, shipped, dialogs)
    # HUNYUAN_API_KEY is the default provider's (wcode's) key, whatever provider Settings opens on.
    keys = keys or KeyStore(env_key=os.environ.get("HUNYUAN_API_KEY"), env_provider=DEFAULT_PROVIDER)
    override = args.base_url or os.environ.get("HUNYUAN_BASE_URL") or None
    if not await check_override(override, dialogs):
        archive.close()
        return abandon(1)
    run_proxy = args.proxy or env_proxy()
    _, proxy_password = split_password(run_proxy or "")
    if proxy_password:
        secrets.add(proxy_password)
        if args.proxy:
            log.warning("--proxy carries a password, which other users of this computer can read from the "
                        "process list; HUNYUAN_PROXY keeps it out of it")  # fmt: skip
    settings = await move_proxy_passwords(settings, keys, data_dir)

    store = SettingsStore(settings, data_dir)
    catalog = Catalog.of(shipped, settings)
    store.changed.connect(lambda _old, new: catalog.use(new))
    look = Look(app, store, args.theme)
    connection = Connection(
        catalog, store, keys, override, run_proxy, secrets=secrets, default_provider=settings.provider
    )
    if args.demo:
        # The demo's balance goes on from where its archive last recorded it (one stand-in serves all).
        known = [b for p in catalog.enabled() if (b := archive.latest_balance(p.id)) is not None]
        connection.start_demo(max(known, key=lambda b: b[1])[0].amount if known else None)
    client = LazyClient(timeouts)
    balances = BalanceService(archive, client, catalog, connection.endpoint)
    controller = ChatController(
        archive,
        client,
        catalog,
        connection.endpoint,
        balances,
        streaming=lambda: store.current.streaming,
        title_model=lambda: store.current.title_with if store.current.auto_title else None,
    )

    async def test_connection(provider_id: str, base_url: str, proxy: str, key: str | None) -> ConnectionCheck:
        return await connection.test(client, controller, provider_id, base_url, proxy, key)

    # Sync goes the providers' way: this run's proxy, else the general one (its password from the keyring).
    sync_network = partial(connection.network, proxy="")
    syncer = None if connection.demo is not None else Syncer(archive, keys, store, network=sync_network)

    async def run_settings(parent: Any, provider: str | None = None, note: str = "", tab: str = "") -> None:
        # (no widgets in boot/) Imported when first opened: the dialog is not needed for the first paint.
        from hunyuan_desktop.ui.settings.dialog import run_settings as run

        await run(parent, provider=provider, note=note, tab=tab, **settings_deps)

    settings_deps: dict[str, Any] = dict(
        catalog=catalog,
        current=lambda: store.current,
        data_dir=data_dir,
        keys=keys,
        save=store.save,
        test=test_connection,
        demo=connection.demo is not None,
        run_urls=lambda: {connection.default_provider: connection.base_url()},
        syncer=syncer,
    )

    demo_requested: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    async def switch_demo(on: bool) -> None:
        resolve_once(demo_requested, on)

    window = MainWindow(
        WindowDeps(
            archive=archive,
            controller=controller,
            settings=store,
            data_dir=data_dir,
            open_settings=run_settings,
            switch_demo=switch_demo,
            key_ready=connection.ready,
            demo=connection.demo is not None,
            theme=look.theme,
        )
    )
    look.window = window
    instance = InstanceServer(data_dir, window)
    instance.activateRequested.connect(lambda: bring_to_front(window))
    instance.reloadRequested.connect(window.reload_conversations)
    if syncer is not None:
        SyncView(window, syncer)
        controller.turnFinished.connect(lambda _finished: syncer.after_turn())
    window.show()  # (the window asks the shown provider's balance endpoint itself)
    if syncer is not None:
        syncer.at_start()
    return Runtime(
        window, controller, archive, client, connection, store, data_dir, lock, log_handler, instance, args,
        options, demo_requested, syncer,
    )  # fmt: skip


async def switch_to_demo(app: QCoreApplication, runtime: Runtime, on: bool = True) -> Runtime | int:
    """Close this run and start the demo on its own data (``<data dir>/demo``), or (``on`` false) leave
    it for the user's own."""
    await runtime.close()
    runtime.window.hide()
    runtime.window.deleteLater()
    args = argparse.Namespace(**{**vars(runtime.args), "demo": on})
    o = runtime.options
    return await build(app, args, keys=o.keys, timeouts=o.timeouts, dialogs=o.dialogs)
