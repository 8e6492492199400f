"""Settings → Providers: the list on the left (ticked: its models are offered), the chosen one's key,
address, proxy, models and prices on the right. Every edit goes into the draft; nothing is applied before
Save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hunyuan_desktop.catalog import Catalog
from hunyuan_desktop.domain import DEFAULT_PROVIDER, Provider, ProxyMode, plausible_yuan
from hunyuan_desktop.secrets import KeyStore
from hunyuan_desktop.settings import user_price
from hunyuan_desktop.ui.kit.dialogs import PlainLabel
from hunyuan_desktop.ui.kit.tasks import TaskSet
from hunyuan_desktop.ui.params.panel import price_text
from hunyuan_desktop.ui.settings.draft import Draft
from hunyuan_desktop.ui.settings.key_box import KeyBox
from hunyuan_desktop.ui.settings.price_table import PriceTable

PROVIDER_ID = Qt.ItemDataRole.UserRole
INHERIT = "inherit"  # the provider proxy combo's "same as the general setting"


class ProvidersPage(QSplitter):
    def __init__(
        self,
        catalog: Catalog,
        draft: Draft,
        keys: KeyStore,
        tasks: TaskSet,
        *,
        demo: bool,
        parent: QWidget | None,
        run_urls: dict[str, str] | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.catalog = catalog
        self.run_urls = run_urls or {}  # provider -> the address this run uses instead (--base-url, the demo)
        self.draft = draft
        self.provider: Provider = self.draft_provider(draft.base.provider)
        self.list = QListWidget(self)
        self.list.setObjectName("providerList")
        self.list.setToolTip(self.tr("Ticked: its models are offered in the model list"))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names elide
        for pid in catalog.ids():
            item = QListWidgetItem(catalog.shipped[pid].name, self.list)
            item.setData(PROVIDER_ID, pid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if pid in draft.enabled else Qt.CheckState.Unchecked)
        right = QWidget()
        self.title = QLabel(right)  # a shipped provider's name
        self.title.setObjectName("providerTitle")
        self.title.setStyleSheet("font-weight: 600; font-size: 15px")
        self.note = QLabel(right)  # our own words and the shipped catalog's site link
        self.note.setObjectName("providerNote")
        self.note.setWordWrap(True)
        self.note.setOpenExternalLinks(True)
        self.key_box = KeyBox(keys, lambda: self.provider, tasks, right)
        # ---- where and through what --------------------------------------------------------------------
        self.base_url = QLineEdit(right)
        self.base_url.setObjectName("baseUrlEdit")
        self.base_url.setEnabled(not demo)
        self.proxy = QComboBox(right)
        self.proxy.setObjectName("providerProxyCombo")
        for mode, label in (
            (INHERIT, self.tr("As in General")),
            (ProxyMode.SYSTEM.value, self.tr("System proxy")),
            (ProxyMode.NONE.value, self.tr("No proxy")),
            (ProxyMode.CUSTOM.value, self.tr("This proxy:")),
        ):
            self.proxy.addItem(label, mode)
        self.proxy_url = QLineEdit(right)
        self.proxy_url.setObjectName("providerProxyUrlEdit")
        self.proxy_url.setPlaceholderText("socks5://127.0.0.1:1080")
        self.proxy_url.setToolTip(
            self.tr("A password typed here is kept in the system keyring, never in the settings file.")
        )
        self.proxy.currentIndexChanged.connect(
            lambda _: self.proxy_url.setEnabled(self.proxy.currentData() == ProxyMode.CUSTOM.value)
        )
        proxy_row = QHBoxLayout()
        proxy_row.addWidget(self.proxy)
        proxy_row.addWidget(self.proxy_url, 1)
        where = QFormLayout()
        where.addRow(self.tr("Base URL"), self.base_url)
        # The address this run uses when it is not the saved one: said beside the field, never put in it
        # (a Save would keep a one-run override for good).
        self.run_note = PlainLabel("", right)
        self.run_note.setObjectName("runUrlNote")
        self.run_note.setWordWrap(True)
        where.addRow("", self.run_note)
        where.addRow(self.tr("Proxy"), proxy_row)
        # ---- models and prices ---------------------------------------------------------------------------
        prices = QGroupBox(self.tr("Models and prices (yuan per 1000 tokens; empty: unknown)"), right)
        self.prices = PriceTable(prices)
        self.prices.retranslate()
        self.prices.priceEdited.connect(self._on_price)
        self.prices.visionEdited.connect(self._on_vision)
        self.new_model = QLineEdit(prices)
        self.new_model.setObjectName("newModelEdit")
        self.new_model.setPlaceholderText(self.tr("Another model id (e.g. an endpoint id ep-…)"))
        add_model = QPushButton(self.tr("Add"), prices)
        add_model.setObjectName("addModelButton")
        add_model.clicked.connect(self._on_add_model)
        self.new_model.returnPressed.connect(self._on_add_model)
        self.remove_model = QPushButton(self.tr("Remove model"), prices)
        self.remove_model.setObjectName("removeModelButton")
        self.remove_model.clicked.connect(self._on_remove_model)
        self.price_status = PlainLabel("", prices)  # feedback on prices, where the prices are
        self.price_status.setObjectName("priceStatus")
        self.price_status.setWordWrap(True)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_model, 1)
        add_row.addWidget(add_model)
        add_row.addWidget(self.remove_model)
        price_layout = QVBoxLayout(prices)
        price_layout.addWidget(self.prices)
        price_layout.addLayout(add_row)
        price_layout.addWidget(self.price_status)
        layout = QVBoxLayout(right)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.key_box)
        layout.addLayout(where)
        layout.addWidget(prices, 1)
        scroller = QScrollArea(self)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(right)
        self.addWidget(self.list)
        self.addWidget(scroller)
        self.setStretchFactor(1, 1)
        self.setSizes([170, 620])
        self.list.currentItemChanged.connect(self._on_item)
        self.list.itemChanged.connect(self._on_checked)

    # ---- which provider ------------------------------------------------------------------------------

    def select(self, provider_id: str) -> None:
        """Show a provider on the right (what was edited for the one before is kept in the draft)."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(PROVIDER_ID) == provider_id:
                self.list.setCurrentItem(item)
                return

    def draft_provider(self, provider_id: str) -> Provider:
        """The provider as the edits so far make it (the catalog's, with the draft's options)."""
        return Catalog(self.catalog.shipped, self.draft.options, self.draft.enabled).provider(provider_id)

    def _on_item(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if previous is not None:
            pid = str(previous.data(PROVIDER_ID))
            self.keep_edits(pid)
            # A key typed and not yet saved stays with its provider (in memory only) until the dialog closes.
            self.draft.typed_keys[pid] = self.key_box.edit.text()
        if current is not None:
            self.provider = self.draft_provider(str(current.data(PROVIDER_ID)))
            self._show()

    def _on_checked(self, item: QListWidgetItem) -> None:
        pid = str(item.data(PROVIDER_ID))
        on = item.checkState() == Qt.CheckState.Checked
        if on and pid not in self.draft.enabled:
            self.draft.enabled.append(pid)
        elif not on and pid in self.draft.enabled:
            self.draft.enabled.remove(pid)

    def _show(self) -> None:
        p = self.provider
        self.title.setText(p.name)
        note = [p.note] if p.note else []
        if not p.balance and not p.balance_header:
            note.append(self.tr("Its API publishes no balance: see its console."))
        if p.site:
            note.append(f'<a href="{p.site}">{p.site}</a>')
        self.note.setText(" ".join(note))
        self.key_box.show_provider(p, self.draft.typed_keys.pop(p.id, ""))
        self.base_url.setText(p.base_url)
        run = self.run_urls.get(p.id, "")
        self.run_note.setText(
            self.tr("This run uses %1 (given when the app was started); the address above is what is saved.").replace(
                "%1", run
            )
            if run and run != p.base_url
            else ""
        )
        self.run_note.setVisible(bool(self.run_note.text()))
        proxy = self.draft.option(p.id).proxy
        mode = INHERIT if not proxy else ProxyMode.of(proxy).value
        self.proxy.setCurrentIndex(max(0, self.proxy.findData(mode)))
        self.proxy_url.setText(proxy if mode == ProxyMode.CUSTOM.value else "")
        self.proxy_url.setEnabled(mode == ProxyMode.CUSTOM.value)
        self.price_status.setText("")
        self._fill()

    def _fill(self) -> None:
        shipped = self.catalog.shipped[self.provider.id].models
        self.prices.fill(self.provider, {m.id for m in shipped}, {m.id for m in shipped if m.vision})

    def keep_edits(self, provider_id: str) -> None:
        """The base URL and proxy shown, into the draft options of ``provider_id`` (checked on Save)."""
        url = self.base_url.text().strip().rstrip("/")
        shipped = self.catalog.shipped[provider_id].base_url
        mode = str(self.proxy.currentData())
        proxy = "" if mode == INHERIT else self.proxy_url.text().strip() if mode == ProxyMode.CUSTOM.value else mode
        self.draft.change(provider_id, base_url=url if url and url != shipped else "", proxy=proxy)

    # ---- models and prices -----------------------------------------------------------------------------

    def _on_vision(self, model_id: str, reads_images: bool) -> None:
        """A model marked (or unmarked) as reading images: kept in the draft, saved with Save."""
        marked = [m for m in self.draft.option(self.provider.id).vision if m != model_id]
        self.draft.change(self.provider.id, vision=(*marked, model_id) if reads_images else tuple(marked))
        self.provider = self.draft_provider(self.provider.id)

    def _on_price(self, model_id: str, price_in: str, price_out: str) -> None:
        if not price_in and not price_out:
            self.draft.set_price(self.provider.id, model_id, None)  # back to the catalog's (or unknown)
            self.price_status.setText("")
            return
        if not price_in or not price_out:
            self.price_status.setText(self.tr("Enter both the input and the output price (the same twice if one)."))
            return
        price = user_price([price_in, price_out])
        if price is None or plausible_yuan(price_in) is None or plausible_yuan(price_out) is None:
            self.price_status.setText(self.tr("A price is a number of yuan per 1000 tokens, such as 0.0025."))
            return
        self.draft.set_price(self.provider.id, model_id, price)
        self.price_status.setText(
            self.tr("%1: %2 (saved with Save)").replace("%1", model_id).replace("%2", price_text(price))
        )

    def add_models(self, model_ids: list[str] | tuple[str, ...], provider_id: str | None = None) -> int:
        """Add ids to a provider's model list (from /models or typed; the shown provider's by default);
        returns how many were new."""
        pid = provider_id or self.provider.id
        known = {m.id for m in self.draft_provider(pid).models}
        new = self.draft.add_models(pid, model_ids, known)
        if new and pid == self.provider.id:
            self.keep_edits(pid)
            self.provider = self.draft_provider(pid)
            self._fill()
        return len(new)

    def _on_add_model(self) -> None:
        model_id = self.new_model.text().strip()
        if not model_id:
            return
        if self.add_models([model_id]):
            self.new_model.clear()
        else:
            self.price_status.setText(self.tr("%1 is already in the list.").replace("%1", model_id))

    def _on_remove_model(self) -> None:
        model_id = self.prices.model_at(self.prices.currentRow())
        if model_id is None:
            return
        if not self.draft.remove_model(self.provider.id, model_id):
            self.price_status.setText(self.tr("Models of the shipped catalog stay; you can change their prices."))
            return
        self.provider = self.draft_provider(self.provider.id)
        self._fill()

    def shown_id(self) -> str:
        return self.provider.id if self.list.currentItem() is not None else DEFAULT_PROVIDER
