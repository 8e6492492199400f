"""The user's presets and the balances providers stated, in the archive. Mixed into
:class:`~hunyuan_desktop.store.archive.Archive`. No Qt."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from decimal import Decimal

from hunyuan_desktop.domain import MAX_TIME, Money, Params, Preset, plausible_yuan
from hunyuan_desktop.store.db import Store


class Library(Store):
    def presets(self) -> list[Preset]:
        """The user's presets, oldest first."""
        rows = self._db.read("SELECT id, name, system_prompt, model, params FROM presets ORDER BY id")
        return [Preset(int(i), str(n), str(p), str(m), Params.from_json(json.loads(str(j)))) for i, n, p, m, j in rows]

    def save_preset(self, preset: Preset) -> Preset:
        """Insert a new preset (``id`` 0) or update a stored one; the stored preset is returned."""
        params = json.dumps(preset.params.stored())
        if preset.id:
            self._db.write(
                "UPDATE presets SET name = ?, system_prompt = ?, model = ?, params = ? WHERE id = ?",
                (preset.name, preset.system_prompt, preset.model, params, preset.id),
            )
            return preset
        cur = self._db.write(
            "INSERT INTO presets (name, system_prompt, model, params, created_at) VALUES (?, ?, ?, ?, ?)",
            (preset.name, preset.system_prompt, preset.model, params, time.time()),
        )
        return replace(preset, id=int(cur.lastrowid or 0), key="")

    def save_presets(self, presets: list[Preset]) -> list[Preset]:
        """New presets, in one transaction: all stored, or none (an import)."""
        stored: list[Preset] = []
        with self._db.transaction():
            for preset in presets:
                cur = self._db.execute(
                    "INSERT INTO presets (name, system_prompt, model, params, created_at) VALUES (?, ?, ?, ?, ?)",
                    (
                        preset.name,
                        preset.system_prompt,
                        preset.model,
                        json.dumps(preset.params.stored()),
                        time.time(),
                    ),
                )
                stored.append(replace(preset, id=int(cur.lastrowid or 0), key=""))
        return stored

    def delete_preset(self, preset_id: int) -> None:
        self._db.write("DELETE FROM presets WHERE id = ?", (preset_id,))

    def record_balance(self, provider: str, amount: Decimal, source: str, currency: str = "CNY") -> None:
        self._db.write(
            "INSERT INTO balance_snapshots (provider, amount, source, at, currency) VALUES (?, ?, ?, ?, ?)",
            (provider, str(amount), source, time.time(), currency),
        )

    def latest_balance(self, provider: str) -> tuple[Money, float] | None:
        """The newest plausible balance (an older version stored whatever a server sent, 1e24 included)."""
        for amount, at, currency in self._db.read(
            "SELECT amount, at, currency FROM balance_snapshots WHERE provider = ? ORDER BY at DESC, id DESC LIMIT 20",
            (provider,),
        ):
            value = plausible_yuan(amount)
            if value is not None and isinstance(at, int | float) and 0 <= at <= MAX_TIME:
                return Money(value, str(currency)), float(at)
        return None
