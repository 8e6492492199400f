"""Layout and themes (issue 11): the window fits 800×600 and smaller in both languages and themes,
never widens itself (streaming, a low balance, long titles), the list never scrolls sideways, panes
collapse and are remembered, and the theme reaches the banner, the links and the bubbles."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from hunyuan_desktop.app import Runtime, install_translations
from hunyuan_desktop.domain import FailureKind, ThemeChoice
from hunyuan_desktop.settings import SETTINGS_NAME
from hunyuan_desktop.standin import DemoServer, Fault
from hunyuan_desktop.ui.kit.theme import DARK_THEME, LIGHT_THEME
from hunyuan_desktop.ui.window.panes import FOLD_PARAMS, MIN_HEIGHT, MIN_WIDTH, first_size
from tests.ui.helpers import settled, start_app, until
from tests.ui.test_window import ask, finished

LONG_ANSWER = "".join(
    f"第{i}段：分布式系统中的一致性、可用性与分区容错性的取舍，以及它们在实际工程里的体现。\n\n" for i in range(60)
)


@pytest.fixture(params=["en_US", "zh_CN"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, request.param)
    yield request.param
    for t in translators:
        app.removeTranslator(t)


# Each theme, with the app started in it (the app fixture reads the mark).
THEMES = [
    pytest.param(t, marks=pytest.mark.app(extra=["--theme", t.value])) for t in (ThemeChoice.LIGHT, ThemeChoice.DARK)
]


async def settled_width(rt: Runtime) -> int:
    """The window's width once pending layout requests ran (on the event loop, not a nested one)."""
    await settled()
    return rt.window.width()


@pytest.mark.parametrize("theme", THEMES)
async def test_the_window_fits_800_by_600_and_less(app: Runtime, language: str, theme: ThemeChoice) -> None:
    rt = app
    w = rt.window
    hint = w.minimumSizeHint()
    minimum = w.minimumSize().expandedTo(hint)
    assert minimum.width() <= 720 and minimum.height() <= 480, (language, minimum)
    w.resize(800, 600)
    await settled()
    assert (w.width(), w.height()) == (800, 600)
    assert not w.params.isVisible() and w.width() < FOLD_PARAMS  # folded away by itself
    w.resize(1280, 800)
    await settled()
    assert w.params.isVisible()  # and back when there is room
    assert w.theme is (DARK_THEME if theme is ThemeChoice.DARK else LIGHT_THEME)


async def test_streaming_a_long_answer_and_a_low_balance_do_not_widen_the_window(
    app: Runtime, server: DemoServer
) -> None:
    rt = app
    w = rt.window
    w.resize(900, 640)
    before = await settled_width(rt)
    server.reset(balance=Decimal("0.0012"))
    server.push_fault(Fault(text=LONG_ANSWER, chunk_chars=7, rate=2000))
    await ask(rt, "讲讲分布式系统" * 20)
    widths = set()
    while rt.controller.is_busy(w.current.id):  # type: ignore[union-attr]
        widths.add(await settled_width(rt))
        await asyncio.sleep(0)  # the next batch of the answer
    await finished(rt)
    widths.add(await settled_width(rt))
    w.title_label.setText("一个非常非常长的标题" * 30)
    w.cost_label.set_forms(["Last reply ¥123456.7890 · this conversation ¥123456.7890" * 3, "¥123456.7890 · ¥1.0000"])
    widths.add(await settled_width(rt))
    known = rt.controller.balances.known("wcode")
    assert known is not None and known[0].amount < rt.settings.low_balance
    assert widths == {before}


async def test_long_titles_never_give_the_list_a_horizontal_scroll_bar(app: Runtime) -> None:
    rt = app
    w = rt.window
    for i in range(30):
        conv = rt.archive.create_conversation("很长的标题" * 40 + str(i), "hunyuan-turbos-latest", w.params.params())
        rt.archive.set_pinned(conv.id, i % 7 == 0)
    w.reload_conversations()
    await settled()
    lst = w.conversation_list
    assert not lst.horizontalScrollBar().isVisible()
    assert lst.horizontalScrollBar().maximum() == 0
    item_rect = lst.visualItemRect(lst.item(0))
    assert item_rect.width() <= lst.viewport().width()
    w.search.setText("没有这个词")
    await until(w.side.no_results.isVisible, what="'no results'")
    assert lst.count() == 0


async def test_panes_collapse_and_the_layout_is_remembered(server: DemoServer, tmp_path: Path) -> None:
    rt = await start_app(server, tmp_path)
    try:
        w = rt.window
        w.resize(760, 540)  # within the offscreen screen (800×600): restoreGeometry keeps windows on screen
        await settled()
        assert not w.params.isVisible()  # folded away: the window is narrow
        w.params_action.trigger()  # Ctrl+Shift+B shows it all the same
        assert w.params.isVisible() and w.params_toggle.isChecked()
        w.params_action.trigger()  # and hides it again, now as the user's choice
        w.list_action.trigger()  # Ctrl+B
        assert not w.side.isVisible() and not w.params.isVisible()
        assert not w.list_toggle.isChecked() and not w.params_toggle.isChecked()
        w.close()
        saved = json.loads((tmp_path / SETTINGS_NAME).read_text(encoding="utf-8"))
        assert saved["show_list"] is False and saved["show_params"] is False and saved["window_geometry"]
    finally:
        await rt.close()
    rt = await start_app(server, tmp_path)
    try:
        w = rt.window
        await settled()
        assert not w.side.isVisible() and not w.params.isVisible()
        assert (w.width(), w.height()) == (760, 540)
        w.list_toggle.click()
        assert w.side.isVisible()
    finally:
        await rt.close()


def pixels_of(widget_image: QImage, colour: str) -> int:
    want = QColor(colour).rgb()
    image = widget_image.convertToFormat(QImage.Format.Format_RGB32)
    return sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixel(x, y) == want)


@pytest.mark.app(extra=["--theme", "dark"])
async def test_the_theme_reaches_the_banner_the_links_and_the_bubbles(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    server.push_fault(Fault(text="看 [文档](https://docs.example.com/) 吧。"))
    await ask(rt, "链接")
    await finished(rt)
    await settled()
    view = w.chat_view.viewport().grab().toImage()
    assert pixels_of(view, DARK_THEME.chat_bg) > 1000  # the page is dark
    assert pixels_of(view, DARK_THEME.user_bubble) > 100  # the question's bubble
    html = w.chat_view.html(w.chat_view.messages()[-1].id)
    assert DARK_THEME.link.lower() in html.lower()  # links in the dark theme's link colour
    w.error_banner.show_error(FailureKind.STORAGE, "disk full", None)
    await settled()
    banner = w.error_banner.grab().toImage()
    assert pixels_of(banner, DARK_THEME.error_bg) > 100
    label = w.error_banner.text
    assert label.palette().color(label.foregroundRole()).name().upper() == DARK_THEME.error.upper()


async def test_the_title_shows_and_elides_instead_of_vanishing(app: Runtime, server: DemoServer) -> None:
    rt = app
    w = rt.window
    w.resize(1200, 780)  # the default size: a short title, the cost and the balance all whole
    w.new_conversation()
    server.push_fault(Fault(text="好的。"))
    await ask(rt, "一个会成为标题的问题")
    await finished(rt)
    await settled()
    label = w.title_label
    assert label.text() == "一个会成为标题的问题"
    assert label.shown_text() == label.text() and label.width() > 50  # room enough: shown whole
    w.resize(660, 500)
    label.setText("一个非常长的标题" * 20)
    await settled()
    assert label.shown_text().endswith("…") and len(label.shown_text()) > 3
    assert label.text() in label.toolTip() or label.toolTip() == ""  # the whole title on hover
    assert w.width() == 660


@pytest.mark.app(extra=["--theme", "light"])
async def test_switching_themes_recolours_without_piling_up_icons(app: Runtime) -> None:
    rt = app
    w = rt.window
    before = (len(w.search.actions()), len(w.find_bar.edit.actions()))
    for theme in (DARK_THEME, LIGHT_THEME, DARK_THEME):
        w.apply_theme(theme)
    assert (len(w.search.actions()), len(w.find_bar.edit.actions())) == before
    assert w.chat_view.theme is DARK_THEME and w.conversation_list.theme is DARK_THEME


@pytest.mark.parametrize("theme", THEMES)
async def test_the_number_boxes_show_their_values(app: Runtime, theme: ThemeChoice) -> None:
    """A styled spin box without buttons laid its text field out 1 px wide: the boxes looked empty."""
    rt = app
    panel = rt.window.params
    rt.window.resize(1280, 800)
    panel.temperature.set_value(0.7, 1.0)
    panel.max_tokens.set_value(512, 1024)
    await settled()
    for box, text in ((panel.temperature.number, "0.7"), (panel.max_tokens.number, "512")):
        assert box.isVisible() and box.text() == text
        field = box.lineEdit()
        assert field.width() >= field.fontMetrics().horizontalAdvance(text) + 4, (text, field.geometry())


async def test_a_first_window_fits_a_small_screen_and_starts_folded(app: Runtime) -> None:
    """On an 800×600 screen (the offscreen one here) the first window used to open at 1200×780, past the
    screen's edges, with the parameters beside a squeezed chat (its preset chips cut to pieces)."""
    assert first_size(QSize(1920, 1040)) == QSize(1200, 780)
    assert first_size(QSize(800, 600)) == QSize(776, 552)
    assert first_size(QSize(500, 400)) == QSize(MIN_WIDTH, MIN_HEIGHT)  # never below the minimum
    rt = app
    w = rt.window
    available = w.screen().availableGeometry()
    assert w.width() <= available.width() and w.height() <= available.height()
    assert w.params.isHidden() and not w.params_toggle.isChecked()  # folded: the chat has the room
    w.resize(1280, 800)
    await until(lambda: not w.params.isHidden(), what="the parameters back when the window is wide")
