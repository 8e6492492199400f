"""About: the version, the data folder, and the licences of everything the app ships with (Qt's LGPL
first: the Qt libraries are separate shared libraries in every package, which a user may replace)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from hunyuan_desktop import __version__
from hunyuan_desktop.catalog import resources_dir
from hunyuan_desktop.ui.kit.dialogs import PlainLabel

# (distribution, what it is, licence, licence text shipped in resources/licenses or "", home page)
THIRD_PARTY: tuple[tuple[str, str, str, str, str], ...] = (
    ("PySide6-Essentials", "Qt for Python and the Qt 6 libraries", "LGPL-3.0-only", "LGPL-3.0.txt",
     "https://www.qt.io/qt-for-python"),
    ("shiboken6", "Qt for Python's binding runtime", "LGPL-3.0-only", "LGPL-3.0.txt", "https://www.qt.io/qt-for-python"),
    ("httpx", "HTTP client", "BSD-3-Clause", "", "https://www.python-httpx.org"),
    ("httpcore", "HTTP transport", "BSD-3-Clause", "", "https://github.com/encode/httpcore"),
    ("h11", "HTTP/1.1 protocol", "MIT", "", "https://github.com/python-hyper/h11"),
    ("anyio", "async I/O", "MIT", "", "https://github.com/agronholm/anyio"),
    ("idna", "international domain names", "BSD-3-Clause", "", "https://github.com/kjd/idna"),
    ("certifi", "CA certificates", "MPL-2.0", "", "https://github.com/certifi/python-certifi"),
    ("sniffio", "async library detection", "MIT OR Apache-2.0", "", "https://github.com/python-trio/sniffio"),
    ("keyring", "OS keyring access", "MIT", "", "https://github.com/jaraco/keyring"),
    ("SecretStorage", "Secret Service client", "BSD-3-Clause", "", "https://github.com/mitya57/secretstorage"),
    ("jeepney", "D-Bus client", "MIT", "", "https://gitlab.com/takluyver/jeepney"),
    ("cryptography", "cryptographic primitives", "Apache-2.0 OR BSD-3-Clause", "", "https://cryptography.io"),
    ("qasync", "asyncio on the Qt event loop", "BSD-2-Clause", "", "https://github.com/CabbageDevelopment/qasync"),
    ("platformdirs", "platform folders", "MIT", "", "https://github.com/tox-dev/platformdirs"),
    ("markdown-it-py", "Markdown parser", "MIT", "", "https://github.com/executablebooks/markdown-it-py"),
    ("mdit-py-plugins", "Markdown extensions", "MIT", "", "https://github.com/executablebooks/mdit-py-plugins"),
    ("mdurl", "URL utilities", "MIT", "", "https://github.com/executablebooks/mdurl"),
    ("pygments", "syntax highlighting", "BSD-2-Clause", "", "https://pygments.org"),
    ("Lucide", "icons (resources/icons)", "ISC", "", "https://lucide.dev"),
)  # fmt: skip


def version_of(distribution: str) -> str:
    import importlib.metadata  # noqa: PLC0415 - 25 ms at import: only when About opens

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""  # not installed as a distribution (the icons; a bundle without metadata)


def licences_html(title: str, lgpl_note: str) -> str:
    """The table of what is shipped, with links to the licence texts that ship with the app."""
    import platform  # noqa: PLC0415 - only when About opens

    folder = resources_dir() / "licenses"
    rows = []
    for name, what, licence, text, url in THIRD_PARTY:
        version = version_of(name)
        shown = html.escape(licence)
        if text and (folder / text).is_file():
            shown = f'<a href="{QUrl.fromLocalFile(str(folder / text)).toString()}">{shown}</a>'
        rows.append(
            f'<tr><td><a href="{html.escape(url)}">{html.escape(name)}</a> {html.escape(version)}</td>'
            f"<td>{html.escape(what)}</td><td>{shown}</td></tr>"
        )
    own = QUrl.fromLocalFile(str(folder / "hunyuan-desktop-MIT.txt")).toString()
    return (
        f'<p>{html.escape(title)} <a href="{own}">MIT</a>. Python {html.escape(platform.python_version())}, '
        f"Qt {html.escape(qVersion())}.</p><p>{html.escape(lgpl_note)}</p>"
        f'<table cellspacing="0" cellpadding="3">{"".join(rows)}</table>'
    )


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Hunyuan Desktop"))
        heading = QLabel(self.tr("Hunyuan Desktop %1").replace("%1", __version__), self)
        heading.setObjectName("emptyTitle")
        self.data_label = PlainLabel(self.tr("Data folder: %1").replace("%1", str(data_dir)), self)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_label.setWordWrap(True)
        open_folder = QPushButton(self.tr("Open folder"), self)
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir))))
        self.licences = QTextBrowser(self)
        self.licences.setObjectName("licences")
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(
            licences_html(
                self.tr("Hunyuan Desktop is free software under the"),
                self.tr(
                    "Qt and Qt for Python are used under the GNU LGPL version 3: they are separate shared "
                    "libraries, which you may replace with your own build of the same version. The other "
                    "components and their licences:"
                ),
            )
        )
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.data_label, 1)
        row.addWidget(open_folder)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.licences, 1)
        layout.addLayout(buttons)
        self.resize(640, 520)
