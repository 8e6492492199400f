"""Start-up steps, each with one job and a typed result: the data folder, the single-instance lock, the
settings (read, checked, proxy passwords moved to the keyring), the archive, translations. A step that
cannot go on tells the user why (plain text, awaited without a nested event loop) and returns an exit
code instead of its result."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QLockFile, QTranslator

from hunyuan_desktop.catalog import resources_dir
from hunyuan_desktop.domain import DEFAULT_PROVIDER, Provider
from hunyuan_desktop.files import foreign_entries, private_dir, private_file, tighten
from hunyuan_desktop.secrets import GENERAL_PROXY, KeyStore, SecretsError, proxy_secret
from hunyuan_desktop.settings import Settings, SettingsProblem, UrlCheck, check_base_url, split_password
from hunyuan_desktop.store.archive import ARCHIVE_NAME, Archive, ArchiveCorruptError, StoreError
from hunyuan_desktop.ui.kit.dialogs import Icon, ask, confirm_async, message_box
from hunyuan_desktop.ui.kit.texts import insecure_url_question

log = logging.getLogger("hunyuan_desktop")


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


async def prepare_folder(folders: set[Path], data_dir: Path, dialogs: Dialogs) -> int | None:
    """The data folder made private (only what the app made in it), or an exit code: a folder holding
    other files (``--data-dir ~/Sync``) is refused and left untouched."""
    for folder in folders:
        foreign = foreign_entries(folder)
        if foreign:
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
    except OSError as exc:
        return await dialogs.fatal(
            QCoreApplication.translate("App", "Cannot use the data folder"),
            QCoreApplication.translate("App", "%1 cannot be used: %2")
            .replace("%1", str(data_dir))
            .replace("%2", exc.strerror or str(exc)),
        )
    return None


def acquire_lock(data_dir: Path) -> QLockFile | None:
    """One app per data folder (two writers would interleave their turns and settings): the lock, or None
    when another app holds it."""
    lock = QLockFile(str(data_dir / "instance.lock"))
    lock.setStaleLockTime(0)  # a crashed owner's lock is detected by its dead PID, not by age
    locked = lock.tryLock(200)
    private_file(data_dir / "instance.lock")  # QLockFile makes it with the umask's mode
    return lock if locked else None


async def already_running(data_dir: Path, dialogs: Dialogs) -> int:
    return await dialogs.fatal(
        QCoreApplication.translate("App", "Already running"),
        QCoreApplication.translate(
            "App", "Hunyuan Desktop is already open with the data folder %1. Switch to that window."
        ).replace("%1", str(data_dir)),
    )


async def read_settings(data_dir: Path, dialogs: Dialogs) -> Settings:
    """The settings file, or the defaults (the user is told why)."""
    settings, problem = Settings.read(data_dir)
    if problem is not None:
        log.warning("settings.json could not be used (%s); starting with the defaults", problem)
        if problem is SettingsProblem.DAMAGED:
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
    return settings


async def sanitise_settings(settings: Settings, shipped: dict[str, Provider], dialogs: Dialogs) -> Settings:
    """The settings as this version can use them: an unknown provider is the default one; a base URL that
    is neither https, loopback http nor the confirmed one is not used (the Settings dialog's rule holds for
    a file edited by hand too). The user is told of each; nothing is written."""
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
        settings = replace(settings, provider=DEFAULT_PROVIDER)
    for pid, option in list(settings.provider_options.items()):
        url = option.base_url
        if not url:
            continue
        check = check_base_url(url)
        if check == UrlCheck.OK or (check == UrlCheck.INSECURE and url == settings.insecure_url_confirmed):
            continue
        log.warning("the base URL %r of %s is not usable; the provider's own is used", url, pid)
        await dialogs.warn(
            QCoreApplication.translate("App", "Base URL not used"),
            QCoreApplication.translate(
                "App",
                "The base URL “%1” in your settings is not https (or http on this computer) and was not "
                "confirmed, so the provider's own address is used. Change it in Settings.",
            ).replace("%1", url),
        )
        settings = settings.with_option(pid, replace(option, base_url=""))
    return settings


async def move_proxy_passwords(settings: Settings, keys: KeyStore, data_dir: Path) -> Settings:
    """A settings file from before 0.2 kept a proxy's password in its URL: the password goes to the
    keyring (``proxy:general`` / ``proxy:<provider>``; no keyring: for this run only) and the file keeps the
    URL without it (rewritten at once)."""
    moved = settings
    places = [(GENERAL_PROXY, settings.proxy), *((pid, o.proxy) for pid, o in settings.provider_options.items())]
    for scope, url in places:
        bare, password = split_password(url)
        if password is None:
            continue
        try:
            await keys.aset(proxy_secret(scope), password)
        except (SecretsError, ValueError):
            keys.use_for_session(proxy_secret(scope), password)
        if scope == GENERAL_PROXY:
            moved = replace(moved, proxy=bare)
        else:
            moved = moved.with_option(scope, replace(moved.option(scope), proxy=bare))
    if moved is not settings:
        log.info("proxy passwords were moved from settings.json to the keyring")
        try:
            moved.save(data_dir)
        except OSError as exc:
            log.warning("could not rewrite the settings without the proxy password: %s", exc)
    return moved


async def check_override(url: str | None, dialogs: Dialogs) -> bool:
    """``--base-url`` / HUNYUAN_BASE_URL: usable, or refused (invalid, or plain http the user declined)."""
    if not url:
        return True
    check = check_base_url(url)
    if check == UrlCheck.INVALID:
        await dialogs.fatal(
            QCoreApplication.translate("App", "Invalid base URL"),
            QCoreApplication.translate("App", "Not a usable URL: %1").replace("%1", url),
        )
        return False
    if check == UrlCheck.INSECURE:
        return await dialogs.confirm(*insecure_url_question(url))
    return True


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


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
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


def no_display() -> str | None:
    """Where X11 or Wayland is the only way to show a window and neither is there (no platform chosen
    either): what to tell the user, in the system's language. Qt would say that a library "is needed" and
    that reinstalling the application may help, which is neither true nor useful."""
    if sys.platform in ("win32", "darwin"):
        return None
    if any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        return None
    text: str = QT_TRANSLATE_NOOP(  # type: ignore[assignment]  # it returns its text, typed as object
        "Startup",
        "Hunyuan Desktop found no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set), so it cannot "
        "open its window. Start it from your desktop session; over SSH, connect with X forwarding (ssh -X).",
    )
    translator = QTranslator()
    if QLocale.system().name().startswith("zh") and translator.load(
        str(resources_dir() / "i18n" / "hunyuan_desktop_zh_CN.qm")
    ):
        return translator.translate("Startup", text) or text
    return text
