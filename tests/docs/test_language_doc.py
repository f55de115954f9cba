"""Every example in docs/language.md runs and prints exactly the output the page shows.

The page's convention: a ```simple block is a whole program; the ```output block after it is its
stdout and an ```error block its stderr (then the exit code is 1). A ```simple file=NAME block is a
module written beside the next program. Programs run in this process, as the golden tests do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "language.md"
FENCE = re.compile(r"^```(\w*)([^\n]*)\n(.*?)^```\n", re.M | re.S)


@dataclass
class Example:
    heading: str
    source: str
    files: dict[str, str] = field(default_factory=dict)
    stdout: str | None = None
    stderr: str | None = None


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    files: dict[str, str] = {}
    last_end, current = 0, None
    for m in FENCE.finditer(text):
        kind, info, body = m.group(1), m.group(2).strip(), m.group(3)
        between = text[last_end:m.start()]
        if kind in ("output", "error"):
            assert current is not None and not between.strip(), f"a ```{kind} block must follow a program: {body!r}"
            setattr(current, "stdout" if kind == "output" else "stderr", body)
        elif kind == "simple" and info.startswith("file="):
            files[info[len("file="):]] = body
            current = None
        elif kind == "simple":
            headings = re.findall(r"^#+ (.+)$", text[: m.start()], re.M)
            current = Example(headings[-1] if headings else "top", body, files)
            files = {}
            found.append(current)
        last_end = m.end()
    return found


EXAMPLES = examples(DOC.read_text(encoding="utf-8"))


def test_the_page_has_an_example_per_section():
    assert len(EXAMPLES) >= 25
    assert all(ex.stdout is not None or ex.stderr is not None for ex in EXAMPLES), "every program shows its output"


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{i:02d}-{ex.heading}" for i, ex in enumerate(EXAMPLES)])
def test_example(example, tmp_path, monkeypatch, run_spl):
    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")
    for name, text in example.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "example.spl").write_text(example.source)
    stdout, stderr, code = run_spl(tmp_path, "example.spl")
    assert (stdout, stderr, code) == (example.stdout or "", example.stderr or "", 1 if example.stderr else 0)
