"""Regression guard for PySide6 6.12.0 on Python 3.11 (docs/ARCHITECTURE.md, "Platform facts"): every
Signal.emit dropped a reference to True and void setters one to None, aborting the process after a few
thousand calls. A million of each must survive; the dependency constraint keeps users off the broken pair."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QScrollBar

CALLS = 1_000_000


class Emitter(QObject):
    changed = Signal(bool)


def test_a_million_emits_and_setter_calls_keep_refcounts_intact() -> None:
    emitter = Emitter()
    seen = [0]

    def slot(value: bool) -> None:
        seen[0] += 1

    emitter.changed.connect(slot)
    bar = QScrollBar()
    bar.setRange(0, 100)
    true_before = sys.getrefcount(True)
    for i in range(CALLS):
        emitter.changed.emit(True)
        bar.setValue(i % 100)
    assert seen[0] == CALLS
    # On the broken pair the count of True fell by one per emit (and the process aborted).
    assert sys.getrefcount(True) >= true_before - 1000
