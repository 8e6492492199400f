"""Conversation titles: the first question until the model names the conversation, and the model's
name cleaned to one line."""

from __future__ import annotations

TITLE_PROMPT_ZH = "为下面这段对话起一个简短的标题，不超过 12 个字，不要标点和引号。只输出标题。"
TITLE_PROMPT_EN = (
    "Give the conversation below a short title of at most 6 words, without quotes or final punctuation. "
    "Reply with the title only."
)
TITLE_MAX = 40  # characters of an automatic title (a rename may be longer)
TITLE_TOKENS = 40


def clean_title(text: str) -> str | None:
    """The model's title as one clean line (quotes, a "Title:" label and trailing punctuation gone), or
    None when nothing usable came back."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    for label in ("标题：", "标题:", "Title:", "title:"):
        line = line.removeprefix(label).strip()
    while True:  # quotes and final punctuation in any order: “标题”。
        trimmed = line.strip("\"'“”‘’「」《》*#` ").rstrip("。.!！?？,，;；:：")
        if trimmed == line:
            break
        line = trimmed
    line = " ".join(line.split())
    if not line:
        return None
    return line[:TITLE_MAX] + ("…" if len(line) > TITLE_MAX else "")


def first_question_title(text: str) -> str:
    """The first question as the title until a better one comes, on one line and whole (up to 500
    characters, as an import keeps): the list and the header elide what does not fit, with the full title
    in a tooltip, and Rename starts from the whole text, not from a cut one ending in a stored "…"."""
    return " ".join(text.split())[:500]
