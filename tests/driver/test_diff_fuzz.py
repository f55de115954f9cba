"""Differential fuzz (derandomised, bounded) and the crash corpus through the command line.

``bench/diff_fuzz.py`` runs many more cases; what it finds is minimised into crash_corpus/.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "crash_corpus"


def fuzz_module():
    spec = importlib.util.spec_from_file_location("diff_fuzz", REPO / "bench/diff_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["diff_fuzz"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))


def test_check_accepts_only_what_run_and_build_compile():
    fuzz = fuzz_module()
    found: list[str] = []
    counts = fuzz.fuzz(cases=24, seed=15, seconds=20, log=found.append)
    assert sum(counts.values()) == 24
    assert counts.get("ok", 0) + counts.get("rejected", 0) >= 20, counts  # the cases did run
    assert not found, "\n".join(found)


def test_mutants_are_reproducible():
    import random

    fuzz = fuzz_module()
    text = "fn f(x: i64) -> i64:\n    x + 1\n\nprint f(2)\n"
    assert fuzz.mutate(text, random.Random(3)) == fuzz.mutate(text, random.Random(3))


# bad/: reproducers the parser now rejects with a located error (test_repo_files skips "bad" folders)
@pytest.mark.parametrize("case", sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.spl")))
@pytest.mark.parametrize("command", ["check", "emit"])
def test_crash_corpus_gets_a_diagnostic_never_a_traceback(case, command, monkeypatch, capsys, tmp_path):
    from spl2py.main import main

    monkeypatch.chdir(CORPUS)
    monkeypatch.setattr(sys, "argv", ["spl2py", command, case])
    with pytest.raises(SystemExit) as info:
        main()
    err = capsys.readouterr().err
    assert info.value.code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    if info.value.code == 1:
        assert err.startswith(f"{case}:"), err  # located in the .spl file
