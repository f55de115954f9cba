"""Golden-file tests: one test per folder under golden/.

A case holds ``input.spl`` (plus any modules it uses) and the expected results:
``expected.py`` (black-formatted Python generated for input.spl), ``expected.out`` (stdout of
``spl2py run input.spl``), and, where an error is the point, ``expected.err`` (stderr) and
``expected.code`` (exit code; 0 when absent). The program runs with the case folder as the
current folder, so paths in messages read ``input.spl``.

``pytest golden --update-golden`` rewrites the expected files from the compiler's output; review
the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CASES = sorted(p.name for p in HERE.iterdir() if (p / "input.spl").is_file())


@pytest.fixture
def update(request) -> bool:
    return bool(request.config.getoption("--update-golden", default=False))


def generated(folder: Path) -> str | None:
    """The black-formatted Python of input.spl, or None when it does not compile."""
    from spl2py.diagnostics import CompileError
    from spl2py.driver.compile import generate_source
    from spl2py.driver.run import load_program

    old_cwd = os.getcwd()
    os.chdir(folder)
    try:
        return generate_source(load_program(Path("input.spl")).entry)
    except CompileError:
        return None
    finally:
        os.chdir(old_cwd)


def _args(folder: Path) -> list[str]:
    f = folder / "args.txt"
    return f.read_text().split() if f.exists() else []


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, update: bool, monkeypatch, run_spl) -> None:
    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")
    folder = HERE / case
    stdout, stderr, code = run_spl(folder, "input.spl", _args(folder))
    python = generated(folder)
    files = {
        "expected.py": python,
        "expected.out": stdout,
        "expected.err": stderr or None,
        "expected.code": f"{code}\n" if code else None,
    }
    if update:
        for name, text in files.items():
            path = folder / name
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        return
    for name, text in files.items():
        path = folder / name
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        assert text == expected, f"{case}/{name} differs from the compiler's output"
