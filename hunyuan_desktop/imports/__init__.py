"""Conversations from other apps' exports, recognised by their shape: ChatGPT (chatgpt.py), Claude
(claude.py), Chatbox (chatbox.py), LobeChat (lobechat.py) and Cherry Studio's backups (cherry.py); this
app's own JSON export is read by store/export.py. Each conversation remembers where it
came from (its source and id there), so importing the same export again adds nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from hunyuan_desktop.imports import chatbox, chatgpt, cherry, claude, lobechat
from hunyuan_desktop.imports.chatgpt import Export, Found

__all__ = ["Found", "read", "recognise"]

_READERS = (chatgpt, claude, chatbox, lobechat, cherry)


def recognise(path: Path) -> str | None:
    """The source ("chatgpt", "claude", "chatbox", "lobechat", "cherry") of another app's export at ``path`` (a zip,
    a folder, a file); None when it is not one (this app's own JSON, or something else). Raises OSError."""
    export = Export(path)
    try:
        named = ("conversations.json", cherry.NAME)
        shards = export.shards() or [n for n in export.names if n.rsplit("/", 1)[-1] in named]
        if not shards:
            return None
        try:
            doc = json.loads(export.read(shards[0]))
        except (ValueError, UnicodeDecodeError):
            return None
    finally:
        export.close()
    return next((m.SOURCE for m in _READERS if m.looks_like(doc)), None)


def read(source: str, path: Path, model: str) -> Iterator[Found]:
    """The conversations of a recognised export; ``model``: each conversation's model from now on."""
    readers: dict[str, Callable[[Path, str], Iterator[Found]]] = {m.SOURCE: m.read for m in _READERS}
    return readers[source](path, model)
