"""Light and dark themes: one set of design tokens (docs/ARCHITECTURE.md, "The look": neutral greys and
Tencent TDesign blue, contrast checked), turned into a QPalette for the stock widgets, a style sheet for
our own surfaces, and the colours the chat view and markdown use.

The choice is light, dark or follow-the-system (Qt's colour scheme, followed live when it changes); it
comes from ``--theme`` or ``theme`` in settings.json, and Settings changes it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.domain import ThemeChoice
from hunyuan_desktop.ui.kit.icons import tinted_file


@dataclass(frozen=True)
class Palette:
    """The colours markdown is rendered with (light by default)."""

    text: str = "#1f2328"
    muted: str = "#656d76"
    code_bg: str = "#f6f8fa"
    code_header: str = "#eaeef2"
    border: str = "#d0d7de"
    link: str = "#0969da"
    quote: str = "#57606a"
    quote_bar: str = "#d0d7de"
    error: str = "#a8071a"
    warning: str = "#9a6700"
    match: str = "#fff3a3"  # find in conversation: every match
    current_match: str = "#ffb347"  # ... and the one the find bar is at
    pygments_style: str = "default"


LIGHT = Palette()


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    dark: bool
    chat_bg: str
    sidebar: str
    surface: str
    hover: str
    selected: str
    text: str
    text2: str
    disabled: str
    accent: str
    accent_pressed: str
    link: str
    border: str
    user_bubble: str
    code_bg: str
    error: str
    error_bg: str
    success: str
    warning: str
    match: str
    current_match: str
    placeholder: str  # the bars of a row not rendered yet

    def markdown(self) -> Palette:
        """The colours markdown is rendered with."""
        return Palette(
            text=self.text,
            muted=self.text2,
            code_bg=self.code_bg,
            code_header=self.hover,
            border=self.border,
            link=self.link,
            quote=self.text2,
            quote_bar=self.accent,
            error=self.error,
            warning=self.warning,
            match=self.match,
            current_match=self.current_match,
            pygments_style="monokai" if self.dark else "default",
        )


LIGHT_THEME = Theme(
    name="light",
    dark=False,
    chat_bg="#FFFFFF",
    sidebar="#F7F7F8",
    surface="#FFFFFF",
    hover="#EEEFF1",
    selected="#E8EAEE",
    text="#1A1A1A",
    text2="#5F6368",
    disabled="#8C8F94",
    accent="#0052D9",
    accent_pressed="#003CAB",
    link="#0052D9",
    border="#E3E5E8",
    user_bubble="#F1F3F5",
    code_bg="#F6F8FA",
    error="#D54941",
    error_bg="#FFF0EF",
    success="#2BA471",
    warning="#B56A00",
    match="#FFF3A3",
    current_match="#FFB347",
    placeholder="#E8EAEE",
)

DARK_THEME = Theme(
    name="dark",
    dark=True,
    chat_bg="#1E1E1E",
    sidebar="#171717",
    surface="#262626",
    hover="#2C2C2C",
    selected="#333333",
    text="#E6E6E6",
    text2="#A3A3A3",
    disabled="#737373",
    accent="#2667D4",
    accent_pressed="#1D52AB",
    link="#699EF5",
    border="#3A3A3A",
    user_bubble="#2F2F2F",
    code_bg="#262626",
    error="#E8767E",
    error_bg="#3A2326",
    success="#3CC488",
    warning="#E0A33B",
    match="#5C4A00",
    current_match="#9E5A00",
    placeholder="#333333",
)

# System font first, then the CJK fonts of each platform (docs/ARCHITECTURE.md, "The look"): Chinese
# never falls to a random font.
CJK_FAMILIES = {
    "win32": ["Segoe UI", "Microsoft YaHei UI", "Microsoft YaHei"],
    "darwin": [".AppleSystemUIFont", "PingFang SC", "Hiragino Sans GB"],
    "linux": ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"],
}


def resolve(choice: str) -> Theme:
    """The theme for a choice; ``system`` asks Qt's colour scheme (light when it does not know)."""
    if choice == ThemeChoice.DARK:
        return DARK_THEME
    if choice == ThemeChoice.LIGHT:
        return LIGHT_THEME
    scheme = QGuiApplication.styleHints().colorScheme()
    return DARK_THEME if scheme == Qt.ColorScheme.Dark else LIGHT_THEME


def palette(theme: Theme) -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    colours = {
        role.Window: theme.sidebar,
        role.WindowText: theme.text,
        role.Base: theme.surface,
        role.AlternateBase: theme.hover,
        role.Text: theme.text,
        role.PlaceholderText: theme.disabled,
        role.Button: theme.surface,
        role.ButtonText: theme.text,
        role.BrightText: "#FFFFFF",
        role.Highlight: theme.accent,
        role.HighlightedText: "#FFFFFF",
        role.Link: theme.link,
        role.LinkVisited: theme.link,
        role.ToolTipBase: theme.surface,
        role.ToolTipText: theme.text,
        role.Accent: theme.accent,
        role.Light: theme.surface,
        role.Midlight: theme.hover,
        role.Mid: theme.border,
        role.Dark: theme.disabled,
        role.Shadow: "#000000",
    }
    for r, colour in colours.items():
        p.setColor(r, QColor(colour))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, r, QColor(theme.disabled))
    return p


def style_sheet(theme: Theme) -> str:
    """Our own surfaces; stock widgets follow the palette. (Styling a combo box, a spin box or a check box
    removes Fusion's own arrows and ticks: ours are drawn in the theme's colours.)"""
    t = theme
    arrow_down, arrow_up = tinted_file("chevron-down", t.text2), tinted_file("chevron-up", t.text2)
    arrow_disabled, tick = tinted_file("chevron-down", t.disabled), tinted_file("check", "#FFFFFF")
    return f"""
    QMainWindow, QDialog {{ background: {t.sidebar}; }}
    #centrePane {{ background: {t.chat_bg}; }}
    #chatView, #chatView > QWidget {{ background: {t.chat_bg}; border: none; }}
    #sidePane, #paramsPanel {{ background: {t.sidebar}; }}
    QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QComboBox {{
        background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; border-radius: 8px;
        padding: 4px 8px; selection-background-color: {t.accent}; selection-color: #FFFFFF;
    }}
    QLineEdit:focus, QPlainTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QComboBox:focus {{
        border: 1px solid {t.accent};
    }}
    QComboBox::drop-down {{ border: none; width: 20px; }}
    QComboBox::down-arrow {{ image: url("{arrow_down}"); width: 12px; height: 12px; }}
    QComboBox:disabled, QSpinBox:disabled, QDoubleSpinBox:disabled, QLineEdit:disabled {{
        color: {t.disabled}; background: {t.sidebar}; }}
    QComboBox::down-arrow:disabled {{ image: url("{arrow_disabled}"); }}
    QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ border: none; width: 16px; }}
    QAbstractSpinBox::up-arrow {{ image: url("{arrow_up}"); width: 10px; height: 10px; }}
    QAbstractSpinBox::down-arrow {{ image: url("{arrow_down}"); width: 10px; height: 10px; }}
    /* A styled spin box without buttons still lays out room for them, leaving its text field 1 px wide
       (the number boxes beside the sliders showed nothing): the buttons are placed at the border, 0 wide. */
    QAbstractSpinBox[buttonSymbols="2"]::up-button, QAbstractSpinBox[buttonSymbols="2"]::down-button {{
        subcontrol-origin: border; width: 0px; border: none; }}
    QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
        selection-background-color: {t.selected}; selection-color: {t.text}; }}
    #messageInput {{ border-radius: 12px; padding: 8px 10px; }}
    QPushButton {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; border-radius: 8px;
        padding: 5px 12px; min-height: 20px; }}
    QPushButton:hover {{ background: {t.hover}; }}
    QPushButton:pressed {{ background: {t.selected}; }}
    QPushButton:disabled {{ color: {t.disabled}; }}
    QPushButton#sendButton, QPushButton#newConversationButton, QPushButton[accent="true"] {{
        background: {t.accent}; color: #FFFFFF; border: 1px solid {t.accent}; }}
    QPushButton#sendButton:hover, QPushButton#newConversationButton:hover {{ background: {t.accent_pressed}; }}
    QPushButton#sendButton:disabled {{ background: {t.border}; border-color: {t.border}; color: {t.disabled}; }}
    QToolButton {{ background: transparent; color: {t.text}; border: none; border-radius: 6px; padding: 4px; }}
    QToolButton:hover {{ background: {t.hover}; }}
    QToolButton:checked {{ background: {t.selected}; }}
    QToolButton::menu-indicator {{ image: none; width: 0; }}
    QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
    #conversationList {{ background: {t.sidebar}; border: none; outline: none; }}
    QSplitter::handle {{ background: {t.border}; }}
    QSplitter::handle:horizontal {{ width: 1px; }}
    QMenuBar {{ background: {t.sidebar}; color: {t.text}; }}
    QMenuBar::item:selected {{ background: {t.hover}; }}
    QMenu {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; padding: 4px; }}
    QMenu::item {{ padding: 5px 24px 5px 12px; border-radius: 6px; }}
    QMenu::item:selected {{ background: {t.hover}; }}
    QMenu::item:disabled {{ color: {t.disabled}; }}
    QMenu::separator {{ height: 1px; background: {t.border}; margin: 4px 8px; }}
    QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; padding: 4px; }}
    #errorBanner {{ background: {t.error_bg}; border: 1px solid {t.error}; border-radius: 8px; }}
    #errorBanner QLabel {{ color: {t.error}; }}
    #errorBanner QLabel a {{ color: {t.link}; }}
    #waitLabel {{ color: {t.warning}; }}
    #findBar {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; }}
    #findBar QLineEdit {{ border: none; }}
    #findCount, #costLabel, #headerModel {{ color: {t.text2}; }}
    #balanceLabel[low="true"] {{ color: {t.error}; font-weight: bold; }}
    #demoLabel {{ color: #FFFFFF; background: #8250DF; border: none; border-radius: 4px; padding: 1px 6px; }}
    #demoLabel:hover {{ background: #6E40C9; }}
    #titleLabel {{ font-weight: bold; font-size: 15px; }}
    #emptyState, #welcomePage {{ background: {t.chat_bg}; }}
    #emptyTitle {{ font-size: 20px; font-weight: bold; color: {t.text}; }}
    QPushButton#exampleButton {{ text-align: left; padding: 10px 12px; border-radius: 10px;
        background: {t.surface}; color: {t.text2}; border: 1px solid {t.border}; }}
    QPushButton#exampleButton:hover {{ background: {t.hover}; color: {t.text}; }}
    #sectionLabel {{ color: {t.text2}; font-size: 12px; }}
    #presetsLabel, #contextGauge {{ color: {t.text2}; font-size: 12px; }}
    QPushButton#presetChip {{ padding: 5px 12px; border-radius: 14px; background: {t.surface}; color: {t.text};
        border: 1px solid {t.border}; }}
    QPushButton#presetChip:hover {{ background: {t.hover}; border-color: {t.accent}; }}
    #editNote {{ color: {t.accent}; font-size: 12px; }}
    #presetList {{ background: {t.surface}; border: 1px solid {t.border}; border-radius: 8px; }}
    #presetList::item {{ padding: 6px 8px; border-radius: 6px; }}
    #presetList::item:selected {{ background: {t.selected}; color: {t.text}; }}
    QSlider::groove:horizontal {{ height: 4px; background: {t.border}; border-radius: 2px; }}
    QSlider::sub-page:horizontal {{ background: {t.accent}; border-radius: 2px; }}
    QSlider::sub-page:horizontal:disabled {{ background: {t.disabled}; }}
    QSlider::handle:horizontal {{ background: #FFFFFF; border: 1px solid {t.border}; width: 14px; height: 14px;
        margin: -6px 0; border-radius: 7px; }}
    QCheckBox {{ color: {t.text}; }}
    QCheckBox:disabled {{ color: {t.disabled}; }}
    QCheckBox::indicator, QAbstractItemView::indicator {{ width: 14px; height: 14px; border: 1px solid {t.text2};
        border-radius: 3px; background: {t.surface}; }}
    QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{ background: {t.accent};
        border-color: {t.accent}; image: url("{tick}"); }}
    QCheckBox::indicator:disabled {{ border-color: {t.disabled}; background: {t.sidebar}; }}
    QTableWidget, QTableView {{ background: {t.surface}; color: {t.text}; gridline-color: {t.border};
        border: 1px solid {t.border}; }}
    QHeaderView::section {{ background: {t.sidebar}; color: {t.text2}; border: none; padding: 4px; }}
    QScrollBar:vertical {{ width: 10px; background: transparent; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {t.border}; border-radius: 4px; min-height: 32px; margin: 1px; }}
    QScrollBar::handle:vertical:hover {{ background: {t.disabled}; }}
    QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
    QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
    """


def ui_font(base: QFont, pixel_size: int = 0) -> QFont:
    """The application font with the platform's CJK fallbacks, at ``pixel_size`` (0: keep its size)."""
    font = QFont(base)
    platform = "win32" if sys.platform == "win32" else "darwin" if sys.platform == "darwin" else "linux"
    families = [base.family(), *CJK_FAMILIES[platform]]
    font.setFamilies(list(dict.fromkeys(families)))
    if pixel_size > 0:
        font.setPixelSize(pixel_size)
    return font


def apply(app: QApplication, theme: Theme, font_px: int = 0) -> None:
    """Apply ``theme`` to the whole application (stock widgets, our surfaces, tooltips, dialogs)."""
    app.setStyle("Fusion")  # the same widgets everywhere, coloured by the palette
    app.setPalette(palette(theme))
    app.setFont(ui_font(QGuiApplication.font(), font_px))
    app.setStyleSheet(style_sheet(theme))
