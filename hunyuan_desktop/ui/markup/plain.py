"""One line of plain words from Markdown, for previews (the conversation list, a delete question): the
marks a reader does not see on screen (headings' #, emphasis, table pipes and rules, code fences, link
targets) go; words, numbers, formulas' source and the money in them stay. Regular expressions, not a
Markdown parse: the list builds a preview per row, and a row needs only its first words."""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s*(```|~~~)[^\n]*$", re.MULTILINE)
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", re.MULTILINE)  # a table's or a rule
_LINE_MARK = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(\[[ xX]\]\s+)?|\d{1,9}[.)]\s+)", re.MULTILINE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)")
_CODE = re.compile(r"`+([^`\n]*)`+")
_PIPES = re.compile(r"\s*\|\s*")
_DASHES = re.compile(r"(?<!\S):?-{3,}:?(?!\S)")  # a table's rule in text already on one line


def plain_line(text: str, limit: int = 200) -> str:
    """The first ``limit`` characters of ``text`` as one line of plain words."""
    text = text[: limit * 3]  # enough to fill ``limit`` after the marks are gone
    text = _FENCE.sub("", text)
    text = _RULE.sub("", text)
    text = _LINE_MARK.sub("", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    text = _CODE.sub(r"\1", text)
    text = _PIPES.sub(" ", text)
    text = _DASHES.sub("", text)
    return " ".join(text.split())[:limit]
