"""The Settings dialog: providers (a key for each, address, proxy, models, prices) and general preferences.
It edits a draft (:mod:`.draft`) and hands a new :class:`~hunyuan_desktop.settings.Settings` to the store on
Save; Close, or a Save that failed, changes nothing."""

from hunyuan_desktop.ui.settings.dialog import SettingsDialog, TestConnection

__all__ = ["SettingsDialog", "TestConnection"]
