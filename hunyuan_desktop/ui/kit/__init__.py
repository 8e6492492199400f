"""Small pieces the rest of ``ui`` is built from (plain-text dialogs and labels)."""
