"""Write tests/fixtures/archive-v5.sqlite3 with the archive code of schema version 5 (commit 0cdf3c9):
the linear conversations the tree migration (m006) must keep whole. Kept for the record; it only runs
against that version's code."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from hunyuan_desktop.domain import ErrorSource, FailureKind, FinishReason, MessageStatus, Params, Role, Usage
from hunyuan_desktop.store.archive import Archive

out = Path(sys.argv[1])
a = Archive.open(out)
c1 = a.create_conversation(
    "排序算法", "hunyuan-turbos-latest", params=Params(temperature=0.7), system_prompt="你是助手"
)
u, ans = a.begin_turn(c1.id, "请写一个快速排序", "hunyuan-turbos-latest")
a.finish_message(
    replace(
        ans,
        status=MessageStatus.DONE,
        content="```python\ndef qs(x): ...\n```",
        reasoning="先想一想",
        usage=Usage(10, 20, 30, 5),
        cost=Decimal("0.000123"),
        finish_reason=FinishReason.STOP,
    )
)
u, ans = a.begin_turn(c1.id, "复杂度呢？", "hunyuan-turbos-latest")
a.finish_message(
    replace(
        ans,
        status=MessageStatus.ERROR,
        content="平均",
        reasoning="",
        error="服务器繁忙",
        error_kind=FailureKind.SERVER,
        error_source=ErrorSource.SERVER,
    )
)
_, ans = a.begin_turn(c1.id, None, "hunyuan-turbos-latest")  # a retry: its parent is the last question
a.finish_message(
    replace(
        ans,
        status=MessageStatus.DONE,
        content="平均 O(n log n)，最坏 O(n²)。",
        reasoning="",
        usage=Usage(40, 12, 52),
        cost=Decimal("0.00005"),
        finish_reason=FinishReason.STOP,
    )
)
u, ans = a.begin_turn(c1.id, "再举个例子", "hunyuan-turbos-latest")
a.finish_message(replace(ans, status=MessageStatus.STOPPED, content="例如 [3, 1, 2]", reasoning=""))
c2 = a.create_conversation("Imported", "hunyuan-lite")
a.append_many(c2.id, [(Role.USER, "hello"), (Role.ASSISTANT, "hi there"), (Role.USER, "bye"), (Role.ASSISTANT, "bye!")])
c3 = a.create_conversation("删除过的", "hunyuan-lite")
u1, a1 = a.begin_turn(c3.id, "第一问", "hunyuan-lite")
a.finish_message(replace(a1, status=MessageStatus.DONE, content="第一答", reasoning=""))
u2, a2 = a.begin_turn(c3.id, "第二问", "hunyuan-lite")
a.finish_message(replace(a2, status=MessageStatus.DONE, content="第二答", reasoning=""))
a.delete_message(a1.id)  # its child (第二问) is re-linked to 第一问
a.set_pinned(c3.id, True)
a.close()
db = sqlite3.connect(out)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(db.execute("PRAGMA user_version").fetchone()[0], db.execute("SELECT count(*) FROM messages").fetchone()[0])
db.execute("VACUUM")
db.close()
