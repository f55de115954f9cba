"""The front-end fuzz corpus and mutations, through the analysis too: a Module that analyses, or a
CompileError, never another exception."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from spl2py.diagnostics import CompileError
from spl2py.sema import analyze
from spl2py.syntax import parse

_spec = importlib.util.spec_from_file_location(
    "syntax_fuzz", Path(__file__).parents[1] / "syntax" / "test_fuzz.py"
)
_fuzz = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fuzz)


def test_corpus_analyses_or_reports():
    for src in _fuzz.CORPUS:
        try:
            analyze(parse(src, "corpus.spl"))
        except CompileError as e:
            assert e.diagnostics and all(d.span.line >= 1 for d in e.diagnostics)


@settings(max_examples=300, deadline=None, derandomize=bool(os.environ.get("CI")),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_fuzz.mutated())
def test_mutations_analyse_or_give_a_compile_error(src):
    try:
        analyze(parse(src, "fuzz.spl"))
    except CompileError as e:
        assert e.diagnostics and e.diagnostics[0].span.line >= 1
        e.render()
