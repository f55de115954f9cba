"""sema/skips.py: a skipped example's rejected block does not fail the file."""

from __future__ import annotations

from spl2py.sema import analyze
from spl2py.sema.skips import skipped_example
from spl2py.syntax import ast, parse
from spl2py.syntax.visit import walk

BAD = "        val x = undefined_name\n"


def calls(src: str):
    module = parse(src, "t.spl")
    return module, [n for n in walk(module) if type(n) is ast.Call and skipped_example(n)]


def test_skip_tags_are_recognised():
    _, found = calls('it "a", tag: ["skip"]:\n    pass\nit "b", skip:\n    pass\nit "c", tag: ["slow"]:\n    pass\n')
    assert len(found) == 2


def test_diagnostics_in_a_skipped_block_are_dropped_and_the_call_is_marked():
    module, (call,) = calls('describe "d":\n    it "s", tag: ["skip"]:\n' + BAD)
    a = analyze(module)
    assert id(call) in a.bodiless and not a.diagnostics


def test_diagnostics_in_a_running_block_still_fail():
    module = parse('describe "d":\n    it "s":\n' + BAD, "t.spl")
    try:
        analyze(module)
    except Exception as e:
        assert "undefined_name" in str(e)
    else:
        raise AssertionError("expected a diagnostic")
