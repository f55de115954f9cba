"""Every example whose header lists an exact ``Expected output:`` prints exactly that."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def expected_output(path: Path) -> str | None:
    """The indented comment block after ``# Expected output:``, or None when the header has none."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "# Expected output:")
    except StopIteration:
        return None
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith("#   "):
            break
        out.append(line[4:])
    return "\n".join(out) + "\n"


EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.spl") if expected_output(p) is not None)


def test_examples_are_found():
    names = {p.name for p in EXAMPLES}
    assert {"hello.spl", "classes.spl", "enums_match.spl", "string_formatting.spl", "main.spl"} <= names


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_example_prints_its_header(example: Path, tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "spl2py", "run", str(example)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # runs from anywhere: imports resolve from the file, not the cwd
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_output(example)
