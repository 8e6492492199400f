"""What the Settings dialog has changed so far, before Save: a copy, never the running app's settings.
No Qt: the rules for adding models and prices are unit-testable here."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hunyuan_desktop.domain import DEFAULT_PROVIDER, Price
from hunyuan_desktop.settings import MAX_USER_MODELS, ProviderOptions, Settings, usable_model_id


@dataclass
class Draft:
    """``base``: the settings the dialog opened with. Per provider, the options as edited; the providers
    ticked; the one remote http URL confirmed while editing; keys typed on a page and not yet saved (in
    memory until the dialog closes)."""

    base: Settings
    options: dict[str, ProviderOptions] = field(default_factory=dict)
    enabled: list[str] = field(default_factory=list)
    confirmed_url: str = ""
    typed_keys: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings) -> Draft:
        return cls(
            settings,
            dict(settings.provider_options),
            list(dict.fromkeys(settings.providers_enabled)),
            settings.insecure_url_confirmed,
        )

    def option(self, provider_id: str) -> ProviderOptions:
        return self.options.get(provider_id) or ProviderOptions()

    def change(self, provider_id: str, **changes: object) -> ProviderOptions:
        option = replace(self.option(provider_id), **changes)  # type: ignore[arg-type]
        self.options[provider_id] = option
        return option

    def add_models(self, provider_id: str, model_ids: list[str] | tuple[str, ...], known: set[str]) -> list[str]:
        """Ids not yet listed (``known``: the provider's models now) added to its list, up to the cap; the
        ones added."""
        option = self.option(provider_id)
        seen = known | set(option.models)
        room = max(0, MAX_USER_MODELS - len(option.models))
        new = [m for m in dict.fromkeys(model_ids) if usable_model_id(m) and m not in seen][:room]
        if new:
            self.change(provider_id, models=(*option.models, *new))
        return new

    def remove_model(self, provider_id: str, model_id: str) -> bool:
        """Remove a model the user added (its price goes with it); False for a shipped one."""
        option = self.option(provider_id)
        if model_id not in option.models:
            return False
        prices = {k: v for k, v in option.prices.items() if k != model_id}
        self.change(provider_id, models=tuple(m for m in option.models if m != model_id), prices=prices)
        return True

    def set_price(self, provider_id: str, model_id: str, price: Price | None) -> None:
        """A price typed for a model (None: back to the catalog's, or unknown)."""
        prices = dict(self.option(provider_id).prices)
        if price is None:
            prices.pop(model_id, None)
        else:
            prices[model_id] = price
        self.change(provider_id, prices=prices)

    def settings(self, **general: object) -> Settings:
        """The settings Save writes: the base with every edit and ``general`` (the General page's values)."""
        options = {k: v for k, v in self.options.items() if v}
        return replace(
            self.base,
            provider_options=options,
            providers_enabled=tuple(self.enabled) or (DEFAULT_PROVIDER,),
            insecure_url_confirmed=self.confirmed_url,
            **general,  # type: ignore[arg-type]
        )
