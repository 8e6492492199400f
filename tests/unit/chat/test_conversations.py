"""The conversation service behind the list (no Qt): date headings, preview lines, rows and search."""

from __future__ import annotations

import time
from pathlib import Path

from hunyuan_desktop.chat.conversations import Conversations, DateGroup, ExportFormat, date_group, one_line
from hunyuan_desktop.domain import Params, Role
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.store.export import ExportLabels


def local(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> float:
    return time.mktime((y, mo, d, h, mi, 0, 0, 0, -1))


def test_date_headings_follow_local_calendar_days() -> None:
    now = local(2026, 11, 30, 0, 5)  # five past midnight
    assert date_group(local(2026, 11, 30, 0, 1), now) is DateGroup.TODAY
    assert date_group(local(2026, 11, 29, 23, 59), now) is DateGroup.YESTERDAY  # six minutes ago
    assert date_group(local(2026, 11, 29, 0, 0), now) is DateGroup.YESTERDAY
    assert date_group(local(2026, 11, 28, 23, 0), now) is DateGroup.WEEK
    assert date_group(local(2026, 11, 22, 0, 0), now) is DateGroup.WEEK  # the 7 days before yesterday
    assert date_group(local(2026, 11, 21, 23, 59), now) is DateGroup.EARLIER
    assert date_group(local(2020, 1, 1), now, pinned=True) is DateGroup.PINNED


def test_a_preview_line_drops_markdown_marks() -> None:
    text = "## 标题\n\n这是 **粗体** 和 `代码`，见 [文档](https://example.com)。\n\n- 一\n- 二\n> 引用"
    assert one_line(text) == "标题 这是 粗体 和 代码，见 文档。 一 二 引用"
    assert one_line("a*b = c") == "a*b = c"  # a lone star is not emphasis
    assert len(one_line("字" * 500)) == 100


def test_rows_search_and_export(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path / "a.sqlite3")
    try:
        service = Conversations(archive)
        first = archive.create_conversation("第一个", "hunyuan-turbos-latest", Params(), "")
        second = archive.create_conversation("第二个", "hunyuan-turbos-latest", Params(), "")
        archive.append_message(first.id, Role.USER, "关于**量子纠缠**的问题")
        archive.set_pinned(second.id, True)
        rows = service.rows()
        assert [r.conversation.id for r in rows] == [second.id, first.id]
        assert rows[0].group is DateGroup.PINNED and rows[1].preview == "关于量子纠缠的问题"
        found = service.rows("量子纠缠")
        assert [r.conversation.id for r in found] == [first.id] and found[0].match_message_id is not None
        archive.rename(first.id, "新的 标题")
        markdown = service.export(first.id, ExportFormat.MARKDOWN, ExportLabels(user="你"))
        assert markdown is not None and "量子纠缠" in markdown
        assert service.export(999, ExportFormat.JSON) is None
    finally:
        archive.close()
