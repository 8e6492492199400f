"""Conversations from other apps' exports, recognised by their shape: ChatGPT (chatgpt.py), Claude
(claude.py), Chatbox (chatbox.py), LobeChat (lobechat.py) and Cherry Studio's backups (cherry.py); this
app's own JSON export is read by store/export.py. Each conversation remembers where it
came from (its source and id there), so importing the same export again adds nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import ijson

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
            doc = _outline(export, shards[0])
        except (ValueError, UnicodeDecodeError, ijson.JSONError):
            return None
    finally:
        export.close()
    return next((m.SOURCE for m in _READERS if m.looks_like(doc)), None)


def read(source: str, path: Path, model: str) -> Iterator[Found]:
    """The conversations of a recognised export; ``model``: each conversation's model from now on."""
    readers: dict[str, Callable[[Path, str], Iterator[Found]]] = {m.SOURCE: m.read for m in _READERS}
    return readers[source](path, model)


def _outline(export: Export, name: str) -> object:
    """Enough of a JSON file for each reader's ``looks_like``, read as a stream (never the whole file in
    memory): a list's first item; a dict's top-level keys, each with its value when it is a scalar, else an
    empty list or dict standing in for it."""
    with export.open(name) as stream:
        events = ijson.parse(stream, use_float=True)
        _, first, _ = next(events, ("", "", None))
        if first == "start_map":
            outline: dict[str, object] = {}
            key: str | None = None
            for prefix, event, value in events:
                if prefix == "" and event == "map_key":
                    key = str(value)
                elif key is not None and prefix == key:
                    outline[key] = {"start_map": {}, "start_array": []}.get(event, value)
                    key = None
            return outline
    if first != "start_array":
        return None
    with export.open(name) as stream:  # a list: its first item, whole
        item = next(ijson.items(stream, "item", use_float=True), None)
        return [item] if item is not None else []
