"""A provider's models and their prices in yuan per 1000 tokens: the catalog's, and those the user typed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from hunyuan_desktop.domain import Provider
from hunyuan_desktop.ui.kit.dialogs import tip
from hunyuan_desktop.ui.params.panel import price_text

NAME, MODEL_ID, INPUT, OUTPUT, UPDATED, IMAGES = range(6)
ID_MAX = 210  # a longer model id elides
NAME_MIN = 110  # below this the name column gives way (the id's tooltip names the model)


class PriceTable(QTableWidget):
    """One row per model: name, id, input and output price (editable), when the price was checked, and
    whether it reads images (the catalog's say so; any other can be marked)."""

    priceEdited = Signal(str, str, str)  # model id, input text, output text
    visionEdited = Signal(str, bool)  # model id, reads images

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("priceTable")
        # Six rows at least (it sat in a box of three with two horizontal scroll bars); the page scrolls
        # on a small screen, the table never sideways: the name takes what is left and elides, a long id
        # elides too (both whole in their tooltips), and in a narrow dialog the date, then the
        # name, give way (see fit_columns).
        self.setMinimumHeight(230)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMaximumSectionSize(ID_MAX)
        self._filling = False
        self.itemChanged.connect(self._on_item)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Model ID"),
                self.tr("Input\n¥ / 1K"),
                self.tr("Output\n¥ / 1K"),
                self.tr("Updated"),
                self.tr("Images"),
            ]
        )

    @contextmanager
    def filling(self) -> Iterator[None]:
        """Cells set by the program, not typed: no priceEdited while they change."""
        self._filling = True
        self.blockSignals(True)
        try:
            yield
        finally:
            self.blockSignals(False)
            self._filling = False

    def fill(self, provider: Provider, shipped_ids: set[str], catalog_vision: set[str] | None = None) -> None:
        """``catalog_vision``: the models the catalog knows read images (their box is ticked for good)."""
        known = catalog_vision or set()
        with self.filling():
            self.setRowCount(len(provider.models))
            for r, model in enumerate(provider.models):
                price = model.price
                cells = (
                    model.name,
                    model.id,
                    str(price.input_per_1k) if price else "",
                    str(price.output_per_1k) if price else "",
                    model.updated,
                )
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if c in (INPUT, OUTPUT):
                        item.setToolTip(
                            price_text(price) + "\n" + self.tr("Double-click to enter the provider's price in yuan")
                        )
                    else:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                        if c in (NAME, MODEL_ID):
                            item.setToolTip(tip(text))  # a fetched model id is a server's words
                    if c == MODEL_ID:
                        said = model.name if model.name != model.id else ""
                        if model.id not in shipped_ids:
                            said = self.tr("From the provider's model list or added here")
                        item.setToolTip(tip(text + ("\n" + said if said else "")))
                    self.setItem(r, c, item)
                box = QTableWidgetItem()
                box.setCheckState(Qt.CheckState.Checked if model.vision else Qt.CheckState.Unchecked)
                if model.id in known:
                    box.setFlags(box.flags() & ~Qt.ItemFlag.ItemIsUserCheckable & ~Qt.ItemFlag.ItemIsEditable)
                    box.setToolTip(self.tr("The catalog says this model reads images"))
                else:
                    box.setFlags(box.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    box.setToolTip(self.tr("Tick if this model reads images: they are then sent to it without asking"))
                self.setItem(r, IMAGES, box)
        self.fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Every column that fits, never a sideways scroll: the date goes first, then the name."""
        header = self.horizontalHeader()
        fixed = {
            c: max(header.sectionSizeHint(c), self.sizeHintForColumn(c)) for c in (MODEL_ID, INPUT, OUTPUT, IMAGES)
        }
        room = self.viewport().width() - sum(min(ID_MAX, w) for w in fixed.values())
        date = max(header.sectionSizeHint(UPDATED), self.sizeHintForColumn(UPDATED))
        self.setColumnHidden(UPDATED, room - date < NAME_MIN)
        self.setColumnHidden(NAME, room < NAME_MIN)

    def model_at(self, row: int) -> str | None:
        item = self.item(row, MODEL_ID) if row >= 0 else None
        return item.text() if item is not None else None

    def _on_item(self, item: QTableWidgetItem) -> None:
        if not self._filling and item.column() == IMAGES:
            model_id = self.model_at(item.row())
            if model_id is not None:
                self.visionEdited.emit(model_id, item.checkState() == Qt.CheckState.Checked)
            return
        if self._filling or item.column() not in (INPUT, OUTPUT):
            return
        model_id = self.model_at(item.row())
        cells = [self.item(item.row(), c) for c in (INPUT, OUTPUT)]
        if model_id is not None:
            texts = [(c.text().strip().lstrip("¥") if c else "") for c in cells]
            self.priceEdited.emit(model_id, texts[0], texts[1])
