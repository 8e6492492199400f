"""Presets ("assistants"), without Qt: the built-in ones (whose words the UI supplies, translated) and
the user's (stored in the archive); applying one to a conversation; export and import as JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from hunyuan_desktop.domain import Params, Preset
from hunyuan_desktop.store.archive import Archive
from hunyuan_desktop.store.export import presets_from_json, presets_to_json

# The built-in presets' keys and parameters; their names and prompts are UI strings (ui/presets.py).
BUILTIN_PARAMS: dict[str, Params] = {
    "translator": Params(temperature=0.3),
    "code_reviewer": Params(temperature=0.2),
    "writing_polish": Params(temperature=0.5),
    "summariser": Params(temperature=0.3),
}


class Presets:
    def __init__(self, archive: Archive, builtins: Callable[[], list[Preset]]) -> None:
        self.archive = archive
        self.builtins = builtins  # asked each time: their words follow the UI language

    def all(self) -> list[Preset]:
        """Built-in first, then the user's, oldest first."""
        return [*self.builtins(), *self.archive.presets()]

    def save(self, preset: Preset) -> Preset:
        """Store a preset; a built-in one is stored as a new preset of the user's (built-ins never change)."""
        name = " ".join(preset.name.split())
        if not name:
            raise ValueError("a preset needs a name")
        return self.archive.save_preset(replace(preset, name=name, id=0 if preset.builtin else preset.id, key=""))

    def delete(self, preset: Preset) -> None:
        if not preset.builtin:
            self.archive.delete_preset(preset.id)

    def apply(self, conversation_id: int, preset: Preset, current_model: str) -> tuple[str, Params, str]:
        """The preset's model (or ``current_model`` when it names none), parameters and system prompt,
        stored as the conversation's settings and returned."""
        model = preset.model or current_model
        self.archive.update_settings(
            conversation_id, model=model, params=preset.params, system_prompt=preset.system_prompt
        )
        return model, preset.params, preset.system_prompt

    def export(self, presets: list[Preset]) -> str:
        return presets_to_json(presets)

    def import_json(self, text: str) -> list[Preset]:
        """Presets from an export, stored as the user's, all or none: raises ``NotAnExportError`` or a
        ``StoreError`` with nothing stored."""
        return self.archive.save_presets(presets_from_json(text))
