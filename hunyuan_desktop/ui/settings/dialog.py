"""The Settings dialog: two tabs over one draft. Keys are stored (or removed) in the keyring at once, as
the user asks; everything else is written when Save is pressed, through ``save_settings`` (the settings
store): a Save that fails, or Close, changes nothing in the running app or on disk."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from hunyuan_desktop.api.errors import ApiError
from hunyuan_desktop.catalog import Catalog, format_money
from hunyuan_desktop.domain import ConnectionCheck, FailureKind, Provider, ProxyMode
from hunyuan_desktop.secrets import GENERAL_PROXY, KeyStore, SecretsError, proxy_secret
from hunyuan_desktop.settings import Settings, UrlCheck, check_base_url, check_proxy, split_password
from hunyuan_desktop.ui.kit.dialogs import PlainLabel, confirm_async
from hunyuan_desktop.ui.kit.tasks import TaskSet
from hunyuan_desktop.ui.kit.texts import explain, insecure_url_question, ours
from hunyuan_desktop.ui.settings.draft import Draft
from hunyuan_desktop.ui.settings.general_page import GeneralPage
from hunyuan_desktop.ui.settings.providers_page import ProvidersPage
from hunyuan_desktop.ui.settings.sync_page import SyncPage

if TYPE_CHECKING:
    from hunyuan_desktop.chat.syncing import Syncer

log = logging.getLogger(__name__)

# (provider id, base URL as shown, the provider's proxy setting as shown) -> what the test found
# (provider id, base URL, proxy, a key typed and not saved, or None for the one kept)
TestConnection = Callable[[str, str, str, str | None], Awaitable[ConnectionCheck]]


class SettingsDialog(QDialog):
    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        data_dir: Path,
        keys: KeyStore,
        save_settings: Callable[[Settings], None],
        test_connection: TestConnection,
        *,
        demo: bool = False,
        confirm: Callable[[str, str], Awaitable[bool]] | None = None,
        parent: QWidget | None = None,
        run_urls: dict[str, str] | None = None,
        syncer: Syncer | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(820, screen.width() - 24), min(640, screen.height() - 48))  # fits an 800×600 screen
        self.catalog = catalog
        self.keys = keys
        self.draft = Draft.of(settings)
        self._save_settings = save_settings
        self._test = test_connection
        # Asked inside a coroutine (Test, Save): never a modal exec() there (kit.dialogs).
        self._confirm = confirm or (lambda title, text: confirm_async(self, title, text, warning=True))
        self.tasks = TaskSet()
        self.providers = ProvidersPage(catalog, self.draft, keys, self.tasks, demo=demo, parent=self, run_urls=run_urls)
        self.general = GeneralPage(settings, catalog, data_dir, self)
        self.sync = SyncPage(settings, None if demo else syncer, self.tasks, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self.providers, self.tr("Providers"))
        self.tabs.addTab(self.general, self.tr("General"))
        self.tabs.addTab(self.sync, self.tr("Sync"))
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveSettingsButton")
        self.close_button = box.button(QDialogButtonBox.StandardButton.Close)
        box.accepted.connect(lambda: self.tasks.spawn(self.save()))
        box.rejected.connect(self.reject)
        # Why Save refused (a full disk, an unusable proxy), beside the buttons whichever page is shown:
        # the key's own status line is rewritten by key look-ups, and a refusal must stay until read.
        self.save_status = PlainLabel("", self)
        self.save_status.setObjectName("saveStatus")
        self.save_status.setWordWrap(True)
        self.save_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        if demo:  # the demo keeps settings of its own, beside its own archive
            note = PlainLabel(
                self.tr(
                    "These are the demo's settings, kept with the demo's own conversations: keys and addresses "
                    "entered here are not used while the demo runs. To use your own key, leave the demo (the "
                    "DEMO mark in the header)."
                ),
                self,
            )
            note.setObjectName("demoSettingsNote")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.save_status)
        layout.addWidget(box)
        # The parts tests and the window reach by name.
        page, key_box = self.providers, self.providers.key_box
        self.provider_list, self.provider_title, self.base_url = page.list, page.title, page.base_url
        self.provider_proxy, self.provider_proxy_url, self.price_table = page.proxy, page.proxy_url, page.prices
        self.key_edit, self.show_key, self.key_status = key_box.edit, key_box.show_key, key_box.status
        self.test_button = key_box.test_button
        self.proxy_mode, self.proxy_url, self.ca_file = (
            self.general.proxy_mode,
            self.general.proxy_url,
            self.general.ca_file,
        )
        self.general_status = self.general.status
        self.test_button.clicked.connect(lambda: self.tasks.spawn(self.test_async()))
        self.select_provider(settings.provider)

    @property
    def provider(self) -> Provider:
        """The provider whose page is shown."""
        return self.providers.provider

    def select_provider(self, provider_id: str) -> None:
        self.providers.select(provider_id)

    def ask_for_key(self, provider_id: str, note: str) -> None:
        """The key of ``provider_id`` in front, with the reason it is asked for."""
        self.tabs.setCurrentIndex(0)
        self.select_provider(provider_id)
        self.key_edit.setFocus()
        if note:
            self.providers.key_box.hint = (provider_id, note)

    def option(self, provider_id: str) -> dict[str, object]:
        """A provider's draft options as the settings file would hold them."""
        return self.draft.option(provider_id).to_json()

    def add_models(self, model_ids: list[str] | tuple[str, ...], provider_id: str | None = None) -> int:
        return self.providers.add_models(model_ids, provider_id)

    async def save_key_async(self) -> bool:
        return await self.providers.key_box.save()

    async def remove_key_async(self) -> None:
        await self.providers.key_box.remove()

    # ---- the connection test ---------------------------------------------------------------------------

    async def test_async(self) -> None:
        """Test and fetch models: the key, the base URL and the proxy as shown; the results go to the page
        they were asked for, whichever is shown when they come."""
        key_box = self.providers.key_box
        asked = self.provider.id
        typed = key_box.usable() if self.key_edit.text().strip() else None  # tested as typed: no saving first
        if self.key_edit.text().strip() and typed is None:
            return
        url = self.base_url.text().strip().rstrip("/")
        if url == self.catalog.provider(asked).base_url:
            url = ""  # as stored: the app's own address for it (a --base-url for the run included)
        elif await self.validate_base_url() is None:  # the key never goes to plain http unless the user said yes
            return
        key_box.status.setText(self.tr("Testing…"))
        self.test_button.setEnabled(False)
        self.providers.keep_edits(asked)
        try:
            check = await self._test(asked, url, self.draft.option(asked).proxy, typed)
        except ApiError as exc:
            said = self.tr("Server said: %1") if exc.from_server else self.tr("Details: %1")
            failed = self.tr("Test failed: %1").replace("%1", explain(exc.kind).what)
            key_box.say(asked, failed + "\n" + said.replace("%1", ours(str(exc))))
            return
        except SecretsError as exc:
            failed = self.tr("Test failed: %1").replace("%1", explain(FailureKind.KEYRING).what)
            key_box.say(asked, failed + "\n" + ours(str(exc)))
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("connection test failed unexpectedly")
            key_box.say(asked, self.tr("Test failed: %1").replace("%1", type(exc).__name__))
            return
        finally:
            self.test_button.setEnabled(True)
        added = self.providers.add_models(check.models, asked)  # to the provider it was asked for
        kept = await key_box.keep(asked, typed) if typed else ""  # a key that works is kept
        if asked != self.provider.id:
            return
        said = self.tr("The key works: the model list answered with %n model(s).", "", len(check.models))
        said += (" " + kept) if kept else ""
        if added:
            said += " " + self.tr(
                "%n new model(s) added to the list below (prices unknown until you enter them).", "", added
            )
        if check.balance is not None:
            said += " " + self.tr("Balance: %1.").replace(
                "%1", format_money(check.balance.amount, check.balance.currency)
            )
        elif not self.provider.balance and not self.provider.balance_header:
            said += " " + self.tr("This provider publishes no balance through its API.")
        key_box.status.setText(said + " " + self.tr("No tokens were spent."))

    # ---- checking and saving ---------------------------------------------------------------------------

    async def _check_url(self, url: str) -> bool:
        """Whether a base URL may be used: https, or http on loopback, or a remote http URL the user
        confirmed (asked now; the confirmation is part of the draft, saved with Save, dropped on Close)."""
        check = check_base_url(url)
        if check == UrlCheck.INVALID:
            self.key_status.setText(
                self.tr("The base URL must start with https:// (or http:// on this computer).") + f" ({url})"
            )
            return False
        if check == UrlCheck.INSECURE and self.draft.confirmed_url != url:
            if not await self._confirm(*insecure_url_question(url)):
                return False
            self.draft.confirmed_url = url
        return True

    async def validate_base_url(self) -> str | None:
        """The shown provider's URL to store ('' for its default), or None if refused."""
        url = self.base_url.text().strip().rstrip("/")
        if not url or url == self.catalog.shipped[self.provider.id].base_url:
            return ""
        return url if await self._check_url(url) else None

    async def validate_providers(self) -> bool:
        """Every provider's edited URL and proxy usable (the first problem is shown on its page)."""
        self.providers.keep_edits(self.provider.id)
        if await self.validate_base_url() is None:
            return False
        for pid, option in list(self.draft.options.items()):
            if pid not in self.catalog.shipped:
                continue
            if option.base_url and pid != self.provider.id and not await self._check_url(option.base_url):
                self.select_provider(pid)
                return False
            if option.proxy and option.proxy not in (ProxyMode.SYSTEM.value, ProxyMode.NONE.value):
                try:
                    self.draft.change(pid, proxy=check_proxy(option.proxy))
                except ValueError as exc:
                    self.select_provider(pid)
                    self.tabs.setCurrentIndex(0)
                    self.save_status.setText(self.tr("The proxy is not usable: %1").replace("%1", ours(str(exc))))
                    return False
        return True

    async def save(self) -> bool:
        """Save (the Save button): check, write through the store, close; False (and the dialog says why)
        otherwise, with nothing changed."""
        self.save_status.setText("")
        if not await self.validate_providers():
            return False
        network = self.general.network()
        if isinstance(network, str):
            self.tabs.setCurrentIndex(1)
            self.general_status.setText(network)
            self.save_status.setText(network)
            return False
        proxy, ca_file = network
        # A proxy's password goes to the keyring; the file keeps the URL with the user name only.
        general_proxy = await self._password_apart(GENERAL_PROXY, proxy)
        for pid, option in list(self.draft.options.items()):
            if option.proxy:
                self.draft.change(pid, proxy=await self._password_apart(pid, option.proxy))
        new = self.draft.settings(proxy=general_proxy, ca_file=ca_file, **self.general.values(), **self.sync.values())
        try:
            self._save_settings(new)
        except OSError as exc:
            # Full disk, read-only folder: say so and stay open, so nothing the user set is lost.
            self.save_status.setText(
                self.tr(
                    "Could not save the settings: %1. Free some disk space or check the data folder, then Save again."
                ).replace("%1", exc.strerror or str(exc))
            )
            return False
        self.accept()
        return True

    async def _password_apart(self, scope: str, proxy: str) -> str:
        """``proxy`` without its password, which is stored in the keyring (no keyring: kept for this run)."""
        bare, password = split_password(proxy)
        if password is None:
            return proxy
        try:
            await self.keys.aset(proxy_secret(scope), password)
        except SecretsError:
            self.keys.use_for_session(proxy_secret(scope), password)
            log.warning("no keyring for the proxy's password; it is used for this run only")
        return bare

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        self.draft.typed_keys.clear()
        super().done(result)


async def run_settings(
    parent: QWidget,
    *,
    catalog: Catalog,
    current: Callable[[], Settings],
    data_dir: Path,
    keys: KeyStore,
    save: Callable[[Settings], None],
    test: TestConnection,
    demo: bool,
    run_urls: Callable[[], dict[str, str]],
    provider: str | None = None,
    note: str = "",
    tab: str = "",
    syncer: Syncer | None = None,
) -> None:
    """Settings opened over ``parent`` (window-modal, without a nested event loop) until closed: the
    settings as they are now, the addresses this run uses. ``provider``: open at its key, saying ``note``
    (a question sent without a key)."""
    dialog = SettingsDialog(
        catalog, current(), data_dir, keys, save, test, demo=demo, parent=parent, run_urls=run_urls(), syncer=syncer
    )
    if provider is not None:
        dialog.ask_for_key(provider, note)
    elif tab == "sync":  # File → Sync now with no remote yet: where to set one up
        dialog.tabs.setCurrentWidget(dialog.sync)
    done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    dialog.finished.connect(lambda code: None if done.done() else done.set_result(code))
    dialog.open()
    await done
    dialog.deleteLater()
