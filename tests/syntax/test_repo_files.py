"""Every .spl file in the repository parses (except deliberate bad inputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spl2py.diagnostics import CompileError
from spl2py.syntax import ast, parse

ROOT = Path(__file__).resolve().parents[2]
# Fixtures that are wrong on purpose (they test how a syntax error is reported).
DELIBERATELY_BAD = {"tests/spec/fixtures/broken_spec.spl"}


def _wanted(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    parts = rel.parts
    if parts[0].startswith(".") or "bad" in parts[:-1]:  # .venv, .git, .conformance (upstream's, untracked)
        return False
    if parts[0] == "golden" and len(parts) > 2 and (ROOT / parts[0] / parts[1] / "expected.err").exists():
        return False
    return True


FILES = sorted(p for p in ROOT.rglob("*.spl") if _wanted(p))


def test_the_repository_has_spl_files():
    assert len(FILES) > 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_parses(path: Path):
    source = path.read_text(encoding="utf-8")
    if str(path.relative_to(ROOT)) in DELIBERATELY_BAD:
        with pytest.raises(CompileError):
            parse(source, str(path))
        return
    module = parse(source, str(path))
    assert isinstance(module, ast.Module)
    assert module.path == str(path)
