"""DESIGN.md's layers, enforced: Qt stays in ui/ (widgets) and the controller (QtCore only)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hunyuan_desktop"
NO_QT = [
    "api",
    "store",
    "domain.py",
    "secrets.py",
    "settings.py",
    "catalog.py",
    "demo_server.py",
    "files.py",
    "redact.py",
    "chat/conversations.py",
    "chat/presets.py",
]


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def files(*names: str) -> list[Path]:
    out: list[Path] = []
    for name in names:
        target = PACKAGE / name
        out += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    return out


def test_lower_layers_import_no_qt_at_all() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(i for i in imports(p) if i.split(".")[0] in {"PySide6", "qasync"})
        for p in files(*NO_QT)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_ui_and_app_import_qtwidgets() -> None:
    allowed = {"app.py", "__main__.py"}
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "PySide6.QtWidgets" in imports(p) and p.relative_to(PACKAGE).parts[0] != "ui" and p.name not in allowed
    ]
    assert offenders == []


def test_lower_layers_do_not_reach_up() -> None:
    upward = {"hunyuan_desktop.ui", "hunyuan_desktop.chat", "hunyuan_desktop.app"}
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(i for i in imports(p) if any(i.startswith(u) for u in upward))
        for p in files(*NO_QT)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_ui_does_no_sql_and_no_http() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(i for i in imports(p) if i.split(".")[0] in {"sqlite3", "httpx"})
        for p in files("ui", "chat")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
