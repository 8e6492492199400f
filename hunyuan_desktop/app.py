"""Composition root: command line, QApplication, the qasync loop, and every object wired in one place."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import logging
import logging.handlers
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QLockFile, QTranslator
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from hunyuan_desktop import __version__
from hunyuan_desktop.aioqt import make_loop, run
from hunyuan_desktop.api.endpoint import Endpoint, Timeouts
from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.api.network import Network, ProxyValueError, check_proxy, split_password, with_password
from hunyuan_desktop.catalog import DEFAULT_PROVIDER, Catalog, load_catalog, resources_dir
from hunyuan_desktop.chat.controller import ChatController
from hunyuan_desktop.domain import BalanceSource, MessageStatus, ProxyMode, ThemeChoice
from hunyuan_desktop.files import foreign_entries, private_dir, private_file, tighten
from hunyuan_desktop.instance import InstanceServer, ask_running_to_show
from hunyuan_desktop.redact import redact
from hunyuan_desktop.secrets import GENERAL_PROXY, KeyStore, SecretsError, proxy_secret
from hunyuan_desktop.settings import Settings, SettingsProblem, UrlCheck, check_base_url, default_data_dir
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive, ArchiveCorruptError, StoreError
from hunyuan_desktop.ui.chatview import release_clipboard
from hunyuan_desktop.ui.icons import app_icon
from hunyuan_desktop.ui.kit.dialogs import Icon, ask, confirm_async, message_box
from hunyuan_desktop.ui.mainwindow import MainWindow, WindowDeps
from hunyuan_desktop.ui.settings_dialog import ConnectionCheck, SettingsDialog
from hunyuan_desktop.ui.texts import insecure_url_question
from hunyuan_desktop.ui.theme import apply as apply_theme
from hunyuan_desktop.ui.theme import resolve

if TYPE_CHECKING:
    from hunyuan_desktop.api.client import ChatClient
    from hunyuan_desktop.demo_server import DemoServer

log = logging.getLogger("hunyuan_desktop")
APP_ID = "hunyuan-desktop"
T = TypeVar("T")


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


class RedactingFormatter(logging.Formatter):
    """Belt and braces: no key reaches a log file, neither in a message nor in a traceback (a filter sees
    only the message; the traceback is formatted later). ``secrets`` holds the keys this run has used."""

    def __init__(self, fmt: str, secrets: set[str]) -> None:
        super().__init__(fmt)
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self._secrets)


class PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """Log files readable by the user alone, the rotated ones too, whatever the umask."""

    def _open(self) -> io.TextIOWrapper:
        private_file(Path(self.baseFilename))
        return super()._open()


def setup_logging(data_dir: Path, debug: bool, secrets: set[str]) -> PrivateLogHandler:
    logs = private_dir(data_dir / "logs")
    handler = PrivateLogHandler(logs / "hunyuan-desktop.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    return handler


def install_translations(app: QApplication, language: str) -> list[QTranslator]:
    name = language or QLocale.system().name()
    if not name.startswith("zh"):
        return []
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "i18n" / "hunyuan_desktop_zh_CN.qm")):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


@dataclass
class Connection:
    """Where requests go right now, per provider: its base URL (Settings; ``--base-url`` for the default
    provider), its key (the keyring entry named after it), its proxy (its own, else the general one;
    ``--proxy`` for the run) — or, in the demo, the stand-in server for every provider."""

    catalog: Catalog
    settings: Settings
    keys: KeyStore
    override_url: str | None = None  # --base-url: the default provider's, for this run
    override_proxy: str | None = None  # --proxy, for this run
    demo: DemoServer | None = None
    demo_key: str = ""
    # Every key this run has used, so the log formatter can mask it wherever it appears.
    secrets: set[str] = field(default_factory=set)
    default_provider: str = DEFAULT_PROVIDER

    def base_url(self, provider_id: str | None = None) -> str:
        provider_id = provider_id or self.default_provider
        if self.demo is not None:
            return self.demo.base_url
        if self.override_url and provider_id == self.default_provider:
            return self.override_url
        return self.catalog.provider(provider_id).base_url

    async def network(self, provider_id: str | None = None, proxy: str | None = None) -> Network:
        """The proxy (--proxy or HUNYUAN_PROXY for this run, else the provider's own, else the general
        setting) and the extra CA file (Settings). ``proxy``: a provider proxy setting to use instead of the
        stored one (the connection test of what Settings shows). A proxy's password is not in the settings
        file: it is the keyring's entry ``proxy:<provider id>`` (or ``proxy:general``)."""
        provider_id = provider_id or self.default_provider
        own = proxy if proxy is not None else self.catalog.option(provider_id).get("proxy")
        scope = provider_id if isinstance(own, str) and own else GENERAL_PROXY
        chosen = own if isinstance(own, str) and own else self.settings.proxy
        if self.override_proxy:
            return Network(self.override_proxy, self.settings.ca_file)
        try:
            value = check_proxy(chosen)
        except ProxyValueError as exc:
            log.warning("the proxy in the settings is not usable (%s); using the system's", exc)
            value = ProxyMode.SYSTEM.value
        return Network(await self._with_password(value, scope), self.settings.ca_file)

    async def _with_password(self, proxy: str, scope: str) -> str:
        """A proxy URL with a user name gets its password from the keyring (none there: as it is)."""
        parts = urlsplit(proxy)
        if ProxyMode.of(proxy) is not ProxyMode.CUSTOM or not parts.username or parts.password is not None:
            return proxy
        try:
            password, _ = await self.keys.aget(proxy_secret(scope))
        except SecretsError as exc:
            log.warning("the proxy's password could not be read from the keyring: %s", exc)
            return proxy
        if not password:
            return proxy
        self.secrets.add(password)
        return with_password(proxy, password)

    async def endpoint(self, provider_id: str | None = None) -> Endpoint:
        provider = self.catalog.provider(provider_id or self.default_provider)
        if self.demo is not None:
            wcode = self.catalog.provider(DEFAULT_PROVIDER)  # the stand-in speaks wcode's dialect
            return Endpoint(self.demo.base_url, self.demo_key, wcode.balance_header, wcode.billing_path)
        try:
            key, _ = await self.keys.aget(provider.id)
        except SecretsError:
            if provider.key_required:
                raise
            key = None  # a local server (Ollama, LM Studio) needs no key: no keyring is no obstacle
        if key:
            self.secrets.add(key)
        return Endpoint(
            self.base_url(provider.id),
            key or "",
            provider.balance_header,
            provider.billing_path,
            await self.network(provider.id),
            balance_kind=provider.balance,
            key_required=provider.key_required,
        )

    async def has_key(self) -> bool:
        """Whether some provider whose models are offered can be called: a key is known for it (or it
        needs none). A user with only a DeepSeek key is not sent to the welcome page."""
        if self.demo is not None:
            return True
        for provider in self.catalog.enabled():
            if not provider.key_required:
                return True
            try:
                key, _ = await self.keys.aget(provider.id)
            except SecretsError:
                return False
            if key:
                return True
        return False

    def start_demo(self) -> None:
        if self.demo is None:
            from hunyuan_desktop.demo_server import DEMO_KEY, DemoServer  # only demo users pay for it

            server = DemoServer(rate=80.0, chunk_chars=3)
            server.start()
            self.demo = server
            self.demo_key = DEMO_KEY

    def stop(self) -> None:
        if self.demo is not None:
            self.demo.stop()


def _resolve(future: asyncio.Future[T], value: T) -> None:
    if not future.done():
        future.set_result(value)


class Dialogs:
    """Start-up messages and questions, as plain text (a settings value or a path may hold markup), awaited
    without a nested event loop. A class of its own so tests can answer them without a box."""

    async def warn(self, title: str, text: str) -> None:
        await ask(message_box(None, Icon.Warning, title, text))

    async def fatal(self, title: str, text: str) -> int:
        await ask(message_box(None, Icon.Critical, title, text))
        return 1

    async def confirm(self, title: str, text: str) -> bool:
        return await confirm_async(None, title, text, warning=True)


class LazyClient:
    """The HTTP client, made on first use (a request, after the window is shown): importing httpx and
    httpcore costs ~50 ms that start-up does not need."""

    def __init__(self, timeouts: Timeouts | None) -> None:
        self._timeouts = timeouts
        self._client: ChatClient | None = None

    def __call__(self) -> ChatClient:
        if self._client is None:
            from hunyuan_desktop.api.client import ChatClient

            self._client = ChatClient(timeouts=self._timeouts)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


@dataclass
class Runtime:
    """Everything one running app consists of; :meth:`close` takes it down in order."""

    window: MainWindow
    controller: ChatController
    archive: Archive
    client: LazyClient
    connection: Connection
    settings: Settings
    data_dir: Path
    lock: QLockFile
    log_handler: logging.Handler
    args: argparse.Namespace
    options: BuildOptions
    # Resolved when the user asks for the offline demo: the app then restarts on the demo's own data.
    demo_requested: asyncio.Future[None]

    async def close(self) -> None:
        await self.controller.shutdown()
        self.window.tasks.cancel_all()
        await self.window.tasks.wait(limit_s=1.0)
        await self.client.aclose()
        self.archive.close()
        self.connection.stop()
        for server in self.window.findChildren(InstanceServer):
            server.close()  # before the lock goes: a start after this one owns the folder, and its socket
        self.lock.unlock()
        logging.getLogger().removeHandler(self.log_handler)
        self.log_handler.close()


@dataclass(frozen=True)
class BuildOptions:
    """What tests replace when composing the app (app.py itself uses the defaults)."""

    keys: KeyStore | None = None
    timeouts: Timeouts | None = None
    dialogs: Dialogs | None = None


DEMO_FOLDER = "demo"


async def open_archive(data_dir: Path, dialogs: Dialogs) -> Archive | int:
    archive_path = data_dir / ARCHIVE_NAME
    try:
        return Archive.open(archive_path)
    except ArchiveCorruptError as exc:
        # Start-up, before the window: nothing else runs yet that a short blocking listing could hold up.
        found = data_dir.glob(f"{ARCHIVE_NAME}.before-*")  # noqa: ASYNC240
        backups = sorted(found, key=lambda p: p.stat().st_mtime)
        latest = str(backups[-1]) if backups else QCoreApplication.translate("App", "(none yet)")
        await dialogs.warn(
            QCoreApplication.translate("App", "Archive damaged"),
            QCoreApplication.translate(
                "App",
                "The archive could not be read and was set aside, not deleted: %1\n"
                "The latest backup is %2; to go back to it, quit and copy it to %3. "
                "A new, empty archive is used now.",
            )
            .replace("%1", str(exc.moved_to))
            .replace("%2", latest)
            .replace("%3", str(archive_path)),
        )
        try:
            return Archive.open(archive_path)
        except StoreError as again:
            return await dialogs.fatal(QCoreApplication.translate("App", "Cannot open the archive"), str(again))
    except StoreError as exc:
        return await dialogs.fatal(QCoreApplication.translate("App", "Cannot open the archive"), str(exc))


async def build(
    app: QApplication,
    args: argparse.Namespace,
    keys: KeyStore | None = None,
    timeouts: Timeouts | None = None,
    dialogs: Dialogs | None = None,
) -> Runtime | int:
    """Compose the app. Returns an exit code instead when it cannot start (the user was told why).

    The demo keeps everything apart: its own archive, settings, balance and log in ``<data dir>/demo``,
    so no demo answer lands among real conversations and no fake balance shows in real use."""
    options = BuildOptions(keys, timeouts, dialogs)
    dialogs = dialogs or Dialogs()
    base_dir: Path = args.data_dir or default_data_dir()
    data_dir = base_dir / DEMO_FOLDER if args.demo else base_dir
    secrets: set[str] = set()
    for folder in {base_dir, data_dir}:
        foreign = foreign_entries(folder)
        if foreign:
            # A data folder pointed at a folder of the user's (--data-dir ~/Sync): nothing in it is touched.
            return await dialogs.fatal(
                QCoreApplication.translate("App", "Cannot use the data folder"),
                QCoreApplication.translate(
                    "App",
                    "%1 already holds files that are not Hunyuan Desktop's (%2). Choose an empty folder, or the "
                    "one the app made; nothing in this one was changed.",
                )
                .replace("%1", str(folder))
                .replace("%2", ", ".join(foreign)),
            )
    try:
        tighten(private_dir(data_dir))
        log_handler = setup_logging(data_dir, args.debug, secrets)
    except OSError as exc:
        return await dialogs.fatal(
            QCoreApplication.translate("App", "Cannot use the data folder"),
            QCoreApplication.translate("App", "%1 cannot be used: %2")
            .replace("%1", str(data_dir))
            .replace("%2", exc.strerror or str(exc)),
        )
    # One app per data folder: two writers would interleave their turns and settings.
    lock = QLockFile(str(data_dir / "instance.lock"))
    lock.setStaleLockTime(0)  # a crashed owner's lock is detected by its dead PID, not by age
    locked = lock.tryLock(200)
    private_file(data_dir / "instance.lock")  # QLockFile makes it with the umask's mode
    if not locked:
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()
        if ask_running_to_show(data_dir):
            return 0  # the running app came to the front: nothing more to do
        return await dialogs.fatal(
            QCoreApplication.translate("App", "Already running"),
            QCoreApplication.translate(
                "App", "Hunyuan Desktop is already open with the data folder %1. Switch to that window."
            ).replace("%1", str(data_dir)),
        )
    settings, settings_problem = Settings.read(data_dir)
    install_translations(app, settings.language)
    look = Look(app, settings, args.theme)
    if settings_problem is not None:
        log.warning("settings.json could not be used (%s); starting with the defaults", settings_problem)
        if settings_problem is SettingsProblem.DAMAGED:
            text = QCoreApplication.translate(
                "App",
                "Your settings file in %1 could not be read, so the default settings are used. "
                "A damaged file was kept beside it as settings.json.damaged-…; your conversations are not affected.",
            )
        else:
            text = QCoreApplication.translate(
                "App",
                "Your settings file in %1 cannot be read (check its permissions), so the default settings are "
                "used for now; your conversations are not affected.",
            )
        await dialogs.warn(QCoreApplication.translate("App", "Settings reset"), text.replace("%1", str(data_dir)))

    def abandon(code: int) -> int:
        lock.unlock()
        logging.getLogger().removeHandler(log_handler)
        log_handler.close()
        return code

    archive = await open_archive(data_dir, dialogs)
    if isinstance(archive, int):
        return abandon(archive)
    if archive.recovered:
        log.info("%d answers were interrupted by the last exit and are kept as interrupted", archive.recovered)

    shipped = load_catalog()
    if settings.provider not in shipped:
        log.warning("unknown provider %r in the settings; using %s", settings.provider, DEFAULT_PROVIDER)
        await dialogs.warn(
            QCoreApplication.translate("App", "Unknown provider"),
            QCoreApplication.translate(
                "App", "The provider “%1” in your settings is not known to this version; %2 is used instead."
            )
            .replace("%1", settings.provider)
            .replace("%2", shipped[DEFAULT_PROVIDER].name),
        )
        settings.provider = DEFAULT_PROVIDER
    for pid, option in list(settings.provider_options.items()):
        url = option.get("base_url") if isinstance(option, dict) else None
        if not isinstance(url, str) or not url:
            continue
        check = check_base_url(url)
        if check == UrlCheck.OK or (check == UrlCheck.INSECURE and url == settings.insecure_url_confirmed):
            continue
        # A settings file edited by hand (or by something else): the rule of the Settings dialog holds.
        log.warning("the base URL %r of %s is not usable; the provider's own is used", url, pid)
        await dialogs.warn(
            QCoreApplication.translate("App", "Base URL not used"),
            QCoreApplication.translate(
                "App",
                "The base URL “%1” in your settings is not https (or http on this computer) and was not "
                "confirmed, so the provider's own address is used. Change it in Settings.",
            ).replace("%1", url),
        )
        option.pop("base_url", None)
    catalog = Catalog(shipped, settings.provider_options, settings.providers_enabled)
    # HUNYUAN_API_KEY is the default provider's (wcode's) key, whatever provider Settings opens on.
    keys = keys or KeyStore(env_key=os.environ.get("HUNYUAN_API_KEY"), env_provider=DEFAULT_PROVIDER)
    override = args.base_url or os.environ.get("HUNYUAN_BASE_URL") or None
    if override:
        check = check_base_url(override)
        refused = False
        if check == UrlCheck.INVALID:
            await dialogs.fatal(
                QCoreApplication.translate("App", "Invalid base URL"),
                QCoreApplication.translate("App", "Not a usable URL: %1").replace("%1", override),
            )
            refused = True
        elif check == UrlCheck.INSECURE:
            refused = not await dialogs.confirm(*insecure_url_question(override))
        if refused:
            archive.close()
            return abandon(1)
    run_proxy = args.proxy or env_proxy()
    if run_proxy and split_password(run_proxy)[1] is not None:
        secrets.add(split_password(run_proxy)[1] or "")
        if args.proxy:
            log.warning("--proxy carries a password, which other users of this computer can read from the "
                        "process list; HUNYUAN_PROXY keeps it out of it")  # fmt: skip
    if await move_proxy_passwords(settings, keys, data_dir):
        log.info("proxy passwords were moved from settings.json to the keyring")
    connection = Connection(
        catalog, settings, keys, override, run_proxy, secrets=secrets, default_provider=settings.provider
    )
    if args.demo:
        connection.start_demo()

    client = LazyClient(timeouts)
    controller = ChatController(
        archive,
        client,
        catalog,
        connection.endpoint,
        streaming=lambda: settings.streaming,
        title_model=lambda: settings.title_with if settings.auto_title else None,
    )

    async def test_connection(provider_id: str, base_url: str, proxy: str) -> ConnectionCheck:
        """Spends no tokens: the model list (the key is accepted, the models are there), then the balance
        where the provider publishes one. ``base_url`` and ``proxy``: as Settings shows them, unsaved."""
        endpoint = await connection.endpoint(provider_id)
        if connection.demo is None:
            endpoint = replace(
                endpoint, base_url=base_url or endpoint.base_url, network=await connection.network(provider_id, proxy)
            )
        models = await client().list_models(endpoint)
        balance = None
        if endpoint.billing_url is not None:
            try:
                balance = await client().fetch_balance(endpoint)
            except ApiError as exc:  # the key works (the models answered); the balance is an extra
                log.info("balance during the connection test failed: %s", exc)
            else:
                controller.note_balance(provider_id, balance, BalanceSource.BILLING)
        return ConnectionCheck(tuple(models), balance)

    async def open_settings(parent: QWidget) -> None:
        before = (settings.theme, settings.font_size)
        dialog = SettingsDialog(
            catalog,
            settings,
            data_dir,
            keys,
            lambda s: s.save(data_dir),
            test_connection,
            demo=connection.demo is not None,
            parent=parent,
        )
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        dialog.finished.connect(lambda code: _resolve(done, code))
        dialog.open()
        await done
        dialog.deleteLater()
        if (settings.theme, settings.font_size) != before:
            look.override = None  # chosen in Settings: that wins over --theme from now on
            look.refresh()

    demo_requested: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def start_demo() -> None:
        _resolve(demo_requested, None)

    window = MainWindow(
        WindowDeps(
            archive=archive,
            controller=controller,
            settings=settings,
            data_dir=data_dir,
            open_settings=open_settings,
            start_demo=None if args.demo else start_demo,
            has_key=connection.has_key,
            demo=connection.demo is not None,
            theme=look.theme,
        )
    )
    look.window = window
    instance = InstanceServer(data_dir, window)
    instance.activateRequested.connect(lambda: bring_to_front(window))
    window.show()  # (the window asks the shown provider's balance endpoint itself)
    return Runtime(
        window,
        controller,
        archive,
        client,
        connection,
        settings,
        data_dir,
        lock,
        log_handler,
        args,
        options,
        demo_requested,
    )


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


async def move_proxy_passwords(settings: Settings, keys: KeyStore, data_dir: Path) -> bool:
    """A settings file from before 0.2 kept a proxy's password in its URL: the password goes to the
    keyring (``proxy:general`` / ``proxy:<provider>``; no keyring: for this run only) and the file keeps the
    URL without it. True when the file was rewritten."""
    places: list[tuple[str, str, dict[str, object] | None]] = [(GENERAL_PROXY, settings.proxy, None)]
    for pid, option in settings.provider_options.items():
        if isinstance(option, dict) and isinstance(option.get("proxy"), str):
            places.append((pid, option["proxy"], option))
    changed = False
    for scope, url, option in places:
        bare, password = split_password(url)
        if password is None:
            continue
        try:
            await keys.aset(proxy_secret(scope), password)
        except (SecretsError, ValueError):
            keys.use_for_session(proxy_secret(scope), password)
        if option is None:
            settings.proxy = bare
        else:
            option["proxy"] = bare
        changed = True
    if changed:
        try:
            settings.save(data_dir)
        except OSError as exc:
            log.warning("could not rewrite the settings without the proxy password: %s", exc)
    return changed


def bring_to_front(window: QWidget) -> None:
    """Another start of the app asked for the window: shown, restored if minimised, raised, focused."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


class Look:
    """The theme and font in use: from ``--theme`` (this run) or Settings, following the system's colour
    scheme live when the choice is "system"."""

    def __init__(self, app: QApplication, settings: Settings, override: str | None) -> None:
        self.app = app
        self.settings = settings
        self.override = override
        self.window: MainWindow | None = None
        self.theme = resolve(self.choice)
        apply_theme(app, self.theme, settings.font_size)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _: self.refresh())

    @property
    def choice(self) -> str:
        return self.override or self.settings.theme

    def refresh(self) -> None:
        self.theme = resolve(self.choice)
        apply_theme(self.app, self.theme, self.settings.font_size)
        if self.window is not None:
            self.window.apply_theme(self.theme)


async def switch_to_demo(app: QApplication, runtime: Runtime) -> Runtime | int:
    """Close this run and start the demo on its own data (``<data dir>/demo``)."""
    await runtime.close()
    runtime.window.hide()
    runtime.window.deleteLater()
    args = argparse.Namespace(**{**vars(runtime.args), "demo": True})
    o = runtime.options
    return await build(app, args, keys=o.keys, timeouts=o.timeouts, dialogs=o.dialogs)


async def smoke_test(app: QApplication, args: argparse.Namespace) -> int:
    """One question through the demo stand-in, the whole app composed as usual; prints a JSON line with
    what a packaging check needs to see (the answer arrived, was billed, and where the resources came
    from) and returns 0 only if the turn ended done with text."""
    with tempfile.TemporaryDirectory() as folder:
        args.data_dir = args.data_dir or Path(folder)
        built = await build(app, args)
        if isinstance(built, int):
            return built
        window = built.window
        window.repaint()  # the first paint, synchronously: when the window is there (start-up time)
        shown_at = time.time()
        try:
            conv = window.new_conversation()
            window.composer.setPlainText("smoke test: 你好")
            window.send()
            deadline = time.monotonic() + 60
            while conv is not None and (built.controller.is_busy(conv.id) or len(window.chat_view.messages()) < 2):
                if time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            answer = window.chat_view.messages()[-1] if window.chat_view.messages() else None
            ok = answer is not None and answer.status is MessageStatus.DONE and bool(answer.content.strip())
            print(
                json.dumps(
                    {
                        "ok": ok,
                        "version": __version__,
                        "shown_at": shown_at,
                        "answer_chars": len(answer.content) if answer else 0,
                        "cost": str(answer.cost) if answer and answer.cost is not None else None,
                        "resources": str(resources_dir()),
                        "zh_CN": QTranslator().load(str(resources_dir() / "i18n" / "hunyuan_desktop_zh_CN.qm")),
                        "icon": not app_icon().isNull(),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
            return 0 if ok else 1
        finally:
            await built.close()


async def amain(app: QApplication, args: argparse.Namespace) -> int:
    if args.smoke_test:
        return await smoke_test(app, args)
    built = await build(app, args)
    while not isinstance(built, int):
        runtime = built
        closed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        runtime.window.closed.connect(lambda done=closed: _resolve(done, None))
        try:
            await asyncio.wait({closed, runtime.demo_requested}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            await runtime.close()
            raise
        if closed.done() or not runtime.demo_requested.done():
            await runtime.close()
            return 0
        built = await switch_to_demo(app, runtime)
    return built


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The application id (DESIGN.md): X11's WM_CLASS instance and class, Wayland's app id, the desktop
    # entry's name. Without it the window class was "__main__.py".
    os.environ.setdefault("RESOURCE_NAME", APP_ID)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setOrganizationName("hunyuan-desktop")
    app.setApplicationVersion(__version__)
    # qt-stack-facts.md: closing the last window mid-stream must not stop the loop under pending work;
    # the main coroutine waits for the window's close, then cancels and awaits the turn itself.
    app.setQuitOnLastWindowClosed(False)
    loop = make_loop(app)
    try:
        return run(loop, amain(app, args))
    finally:
        release_clipboard()
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
