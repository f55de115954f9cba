"""lower/skipped.py: a skipped example whose block does not lower keeps no body."""

from __future__ import annotations

import ast as py

from spl2py.lower import lower_module
from spl2py.syntax import parse

INHERITS = "        class A:\n            x: i64\n        class B extends A:\n            y: i64\n"


def python(src: str) -> str:
    return py.unparse(lower_module(parse(src, "t.spl")))


def test_a_skipped_example_the_lowering_rejects_keeps_its_name_without_a_body():
    code = python('describe "d":\n    it "s", tag: ["skip"]:\n' + INHERITS)
    assert "it('s', tag=['skip'])" in code and "class B" not in code


def test_a_skipped_example_that_lowers_keeps_its_body():
    code = python('describe "d":\n    it "s", tag: ["skip"]:\n        print(1)\n')
    assert "print" in code
