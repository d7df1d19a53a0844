"""The layers import downward only: core ← documents ← cli/web (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "jixiao"

# What each layer must not import: ours above it, and (for core) anything that touches files,
# the network or a framework.
FORBIDDEN = {
    "core": {
        "jixiao.documents",
        "jixiao.cli",
        "jixiao.web",
        "django",
        "pathlib",
        "os",
        "io",
        "socket",
        "urllib",
        "http",
        "openpyxl",
        "docx",
        "pdfplumber",
        "python_calamine",
        "typer",
        "rich",
    },
    "documents": {"jixiao.cli", "jixiao.web", "django", "typer", "rich"},
    "web": {"jixiao.cli", "typer", "rich"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in imported_modules(path):
            for banned in FORBIDDEN[layer]:
                if module == banned or module.startswith(banned + "."):
                    found.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_it_keeps_each_layer_free_of_what_lies_above_it(layer: str) -> None:
    assert violations(layer) == []


def test_it_would_notice_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from jixiao.documents.load import load_plans\nimport os.path\n", encoding="utf-8")
    assert imported_modules(bad) == {"jixiao.documents.load", "os.path"}
