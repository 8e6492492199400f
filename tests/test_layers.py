"""The floors of docs/ARCHITECTURE.md, enforced: import-linter's contracts (pyproject.toml) on the package,
plus what import-linter cannot see (it checks external packages at their top level only): the
conversation service uses QtCore and nothing else of Qt, and the widgets do no SQL and no HTTP.

Each check is also run on a copy of the package with a violation planted in it, and must fail there: a
check that cannot fail protects nothing (the AST check this replaced passed four planted violations).
"""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hunyuan_desktop"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def imported(path: Path) -> set[str]:
    """Every module a file imports, by its full name (``from PySide6 import QtWidgets`` is
    ``PySide6.QtWidgets``; a relative import is resolved against the file's package)."""
    parts = path.parts
    package = ".".join(parts[len(parts) - 1 - parts[::-1].index("hunyuan_desktop") : -1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                names = package.split(".")
                base = ".".join(names[: len(names) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def qt_beyond_qtcore(package: Path) -> dict[str, list[str]]:
    """Files of the conversation service (chat/) that import any part of Qt but QtCore."""
    out: dict[str, list[str]] = {}
    for path in sorted((package / "chat").rglob("*.py")):
        bad = sorted(
            name
            for name in imported(path)
            if name.startswith(("PySide6.", "shiboken6")) and not name.startswith("PySide6.QtCore")
        )
        if bad:
            out[str(path.relative_to(package))] = bad
    return out


def sql_or_http_in_widgets(package: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((package / "ui").rglob("*.py")):
        bad = sorted(n for n in imported(path) if n.split(".")[0] in {"sqlite3", "httpx", "httpcore"})
        if bad:
            out[str(path.relative_to(package))] = bad
    return out


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts on the package found at ``root`` (the repository, or a planted copy)."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": str(Path(sys.executable).parent), "HOME": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_the_conversation_service_uses_qtcore_only() -> None:
    assert qt_beyond_qtcore(PACKAGE) == {}


def test_widgets_do_no_sql_and_no_http() -> None:
    assert sql_or_http_in_widgets(PACKAGE) == {}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("planted")
    shutil.copytree(PACKAGE, copy / "hunyuan_desktop", ignore=shutil.ignore_patterns("__pycache__", "_resources"))
    return copy


def plant(root: Path, module: str, line: str) -> Path:
    path = root / "hunyuan_desktop" / module
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace("from __future__ import annotations\n", f"from __future__ import annotations\n{line}\n", 1),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("store/archive.py", "from hunyuan_desktop import app  # noqa"),
        ("store/archive.py", "from hunyuan_desktop.app import aioqt  # noqa"),
        ("chat/session.py", "import qasync  # noqa"),
        ("api/client.py", "import hunyuan_desktop.ui  # noqa"),
        ("domain.py", "from PySide6.QtCore import QObject  # noqa"),
        ("chat/controller.py", "from hunyuan_desktop.ui.kit import widgets  # noqa"),
        # import circles: between two rooms of ui/, and between two modules of store/
        ("ui/kit/icons.py", "from hunyuan_desktop.ui.window import mainwindow  # noqa"),
        ("store/codec.py", "from hunyuan_desktop.store import archive  # noqa"),
    ],
)
def test_a_planted_violation_breaks_a_contract(planted: Path, module: str, line: str) -> None:
    path = plant(planted, module, line)
    original = path.read_text(encoding="utf-8").replace(f"{line}\n", "", 1)
    try:
        result = lint_imports(planted)
        assert result.returncode != 0, f"{module}: {line} was not caught"
        assert "BROKEN" in result.stdout
    finally:
        path.write_text(original, encoding="utf-8")


@pytest.mark.parametrize(
    "line",
    ["from PySide6 import QtWidgets  # noqa", "from PySide6.QtGui import QColor  # noqa", "import PySide6.QtNetwork"],
)
def test_a_planted_widget_import_in_the_conversation_service_is_caught(planted: Path, line: str) -> None:
    path = plant(planted, "chat/controller.py", line)
    original = path.read_text(encoding="utf-8").replace(f"{line}\n", "", 1)
    try:
        assert list(qt_beyond_qtcore(planted / "hunyuan_desktop")) == ["chat/controller.py"]
    finally:
        path.write_text(original, encoding="utf-8")


def test_planted_sql_in_a_widget_is_caught(planted: Path) -> None:
    path = plant(planted, "ui/kit/widgets.py", "import sqlite3  # noqa")
    original = path.read_text(encoding="utf-8").replace("import sqlite3  # noqa\n", "", 1)
    try:
        assert list(sql_or_http_in_widgets(planted / "hunyuan_desktop")) == ["ui/kit/widgets.py"]
    finally:
        path.write_text(original, encoding="utf-8")


MODULE_LINES = 600  # the most a module may hold
FOLDER_MODULES = 12  # the most modules one folder may hold (its __init__ included)


def test_rooms_stay_small() -> None:
    """No module over 600 lines, no folder with more than 12 modules: each room is readable in a sitting."""
    big = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert big == {}
    crowded = {
        str(folder.relative_to(PACKAGE)): n
        for folder in [PACKAGE, *(p for p in PACKAGE.rglob("*") if p.is_dir() and p.name != "__pycache__")]
        if (n := len(list(folder.glob("*.py")))) > FOLDER_MODULES
    }
    assert crowded == {}


def prose(path: Path) -> str:
    """The comments and docstrings of a Python file (where documents are cited)."""
    text = path.read_text(encoding="utf-8")
    parts = [tok.string for tok in tokenize.generate_tokens(io.StringIO(text).readline) if tok.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            parts.append(ast.get_docstring(node) or "")
    return "\n".join(parts)


def test_comments_point_inside_the_repository() -> None:
    """A comment that cites a document names one in this repository (docs/ARCHITECTURE.md, a README),
    never notes a reader of the code cannot open (19 did)."""
    cited = re.compile(r"(?<![\w/.])((?:\.\./)*[\w./-]+\.md)\b")

    def inside(name: str) -> bool:
        target = (ROOT / name).resolve()
        return target.is_relative_to(ROOT.resolve()) and target.exists()

    missing: dict[str, list[str]] = {}
    for path in [*ROOT.glob("hunyuan_desktop/**/*.py"), *ROOT.glob("tests/**/*.py"), *ROOT.glob("benchmarks/*.py")]:
        for name in cited.findall(prose(path)):
            if not inside(name):
                missing.setdefault(str(path.relative_to(ROOT)), []).append(name)
    for path in [ROOT / "pyproject.toml", ROOT / "Makefile"]:
        comments = "\n".join(line.partition("#")[2] for line in path.read_text(encoding="utf-8").splitlines())
        for name in cited.findall(comments):
            if not inside(name):
                missing.setdefault(path.name, []).append(name)
    assert missing == {}
