"""The services under the window, without one: the settings store (one writer; a failed write changes
nothing), the balances (a reply's header that comes while the balance endpoint is asked is newer than its
answer), the list's date headings at midnight."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import errno
import json
import resource
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from hunyuan_desktop.api.client import ChatClient
from hunyuan_desktop.api.endpoint import Endpoint, Timeouts
from hunyuan_desktop.catalog import Catalog, load_catalog
from hunyuan_desktop.chat.balance import BalanceService
from hunyuan_desktop.chat.conversations import Conversations, DateGroup, seconds_to_midnight
from hunyuan_desktop.chat.settings_store import SettingsStore
from hunyuan_desktop.domain import BalanceSource, Money, ThemeChoice
from hunyuan_desktop.settings import SETTINGS_NAME, Settings
from hunyuan_desktop.standin import BILLING_PATH, DEMO_KEY, DemoServer, Fault, FaultKind
from hunyuan_desktop.standin.flavors import balance_body
from hunyuan_desktop.store.archive import Archive
from tests.ui.helpers import until


@contextlib.contextmanager
def disk_full() -> Iterator[None]:
    """Files written by this process stop at 16 bytes (EFBIG, as a full disk stops them): a real error
    from the operating system through the real code, not a patched function."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel ends the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (16, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_the_store_writes_then_announces(tmp_path: Path) -> None:
    store = SettingsStore(Settings(), tmp_path)
    seen: list[tuple[Settings, Settings]] = []
    store.changed.connect(lambda old, new: seen.append((old, new)))
    dark = replace(Settings(), theme=ThemeChoice.DARK)
    store.save(dark)
    assert store.current == dark and Settings.load(tmp_path).theme is ThemeChoice.DARK
    assert seen == [(Settings(), dark)]
    store.save(dark)  # the same value again: nothing written, nothing announced
    assert len(seen) == 1


def test_a_failed_save_changes_nothing_in_memory_or_on_disk(tmp_path: Path) -> None:
    store = SettingsStore(Settings(), tmp_path)
    store.save(replace(Settings(), low_balance_yuan="7"))
    before = (tmp_path / SETTINGS_NAME).read_bytes()
    current = store.current
    seen: list[object] = []
    store.changed.connect(lambda old, new: seen.append(new))
    with disk_full(), pytest.raises(OSError) as caught:
        store.save(replace(current, theme=ThemeChoice.DARK, low_balance_yuan="50"))
    assert caught.value.errno == errno.EFBIG
    assert store.current is current and seen == []
    assert (tmp_path / SETTINGS_NAME).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [SETTINGS_NAME]  # no temporary file left behind


def test_remembered_layout_survives_a_failed_write_for_this_run(tmp_path: Path) -> None:
    store = SettingsStore(Settings(), tmp_path)
    with disk_full():
        store.remember(chat_zoom=130)  # logged, kept in memory; the next write carries it
    assert store.current.chat_zoom == 130
    store.remember(show_list=False)
    assert Settings.load(tmp_path).chat_zoom == 130 and Settings.load(tmp_path).show_list is False


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def test_a_reply_header_that_comes_during_a_refresh_wins(server: DemoServer, tmp_path: Path) -> None:
    """The balance endpoint is asked (it answers late, with 100); meanwhile a reply's header says 42. The
    header is newer than the endpoint's answer: 42 stays shown and recorded last."""
    late = json.dumps(balance_body("wcode", Decimal(100), "CNY"))
    server.push_fault(
        Fault(kind=FaultKind.RAW, route="billing", status=200, headers={"Content-Type": "application/json"},
              parts=[(0.0, ""), (0.8, b64(late))])
    )  # fmt: skip
    archive = Archive.open(tmp_path / "archive.sqlite3")
    client = ChatClient(ChatClient.make_http(Timeouts(connect=2, first_byte=3, idle=2)))

    async def endpoint(_provider: str) -> Endpoint:
        return Endpoint(server.base_url, DEMO_KEY, billing_path=BILLING_PATH)

    balances = BalanceService(archive, lambda: client, Catalog(load_catalog()), endpoint)
    try:
        refresh = asyncio.ensure_future(balances.refresh("wcode"))
        await until(lambda: server.balance_reads, what="the endpoint to be asked")
        balances.note("wcode", Money(Decimal(42), "CNY"), BalanceSource.HEADER)
        assert await refresh == Money(Decimal(100), "CNY")  # the endpoint did answer
        known = balances.known("wcode")
        assert known is not None and known[0] == Money(Decimal(42), "CNY")
        recorded = archive.latest_balance("wcode")
        assert recorded is not None and recorded[0] == Money(Decimal(42), "CNY")  # the newest, recorded last
        # Without a header meanwhile, the endpoint's answer is taken.
        assert await balances.refresh("wcode") == Money(server.balance, "CNY")
        assert balances.known("wcode")[0] == Money(server.balance, "CNY")  # type: ignore[index]
    finally:
        await client.aclose()
        archive.close()


def test_the_headings_move_at_midnight(tmp_path: Path) -> None:
    """A conversation from this evening is under Today; a second after midnight it is under Yesterday, and
    the list is told when: at the next local midnight, whatever the time zone's day length."""
    archive = Archive.open(tmp_path / "archive.sqlite3")
    try:
        conv = archive.create_conversation("晚上的对话", "hunyuan-lite")
        updated = archive.conversation(conv.id).updated_at  # type: ignore[union-attr]
        evening = updated
        conversations = Conversations(archive, clock=lambda: evening)
        assert [r.group for r in conversations.rows()] == [DateGroup.TODAY]
        left = seconds_to_midnight(evening)
        assert 0 < left <= 25 * 3600
        after_midnight = evening + left + 1
        conversations.clock = lambda: after_midnight
        assert time.localtime(after_midnight).tm_mday != time.localtime(evening).tm_mday
        assert [r.group for r in conversations.rows()] == [DateGroup.YESTERDAY]
        assert conversations.row(conv.id).group is DateGroup.YESTERDAY  # type: ignore[union-attr]
    finally:
        archive.close()
