"""The presets every user has, in the UI language (English source, Chinese translation)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hunyuan_desktop.chat.presets import BUILTIN_PARAMS
from hunyuan_desktop.domain import Preset


def builtin_presets() -> list[Preset]:
    """The presets every user has, in the UI language (English source, Chinese translation)."""
    # Written out in full: lupdate finds QCoreApplication.translate(...) calls, not an alias of it.
    words = {
        "translator": (
            QCoreApplication.translate("Presets", "Translator"),
            QCoreApplication.translate(
                "Presets",
                "You are a professional translator between Chinese and English. Translate Chinese into English "
                "and any other language into Simplified Chinese. Reply with the translation only, keeping the "
                "original's formatting, terminology and tone.",
            ),
        ),
        "code_reviewer": (
            QCoreApplication.translate("Presets", "Code reviewer"),
            QCoreApplication.translate(
                "Presets",
                "You are a senior software engineer reviewing code. Point out correctness problems, edge cases, "
                "security risks, performance issues and readability problems, most serious first, and give the "
                "corrected code.",
            ),
        ),
        "writing_polish": (
            QCoreApplication.translate("Presets", "Writing polish"),
            QCoreApplication.translate(
                "Presets",
                "You are an editor. Polish the user's text without changing its meaning: fix typos and grammar, "
                "make it concise, fluent and appropriate. Give the polished text first, then a short list of the "
                "main changes.",
            ),
        ),
        "summariser": (
            QCoreApplication.translate("Presets", "Summariser"),
            QCoreApplication.translate(
                "Presets",
                "You summarise what the user provides. Start with one sentence that states the gist, then at most "
                "five bullet points with the key information, keeping numbers, dates and conclusions.",
            ),
        ),
    }
    return [Preset(0, name, prompt, "", BUILTIN_PARAMS[key], key=key) for key, (name, prompt) in words.items()]
