"""Python names for hostile Simple names, defer and interpolation lowering (issue #15)."""

from __future__ import annotations

import ast as py
import keyword
import time

import pytest

from spl2py.diagnostics import CompileError
from spl2py.lower import lower_module
from spl2py.lower.names import py_name, spl_name
from spl2py.syntax import parse

# every combination of the shapes the rules look at: leading/trailing underscores, the reserved
# prefix, keywords, the dunder marker ``_d``
NAMES = sorted({lead + core + tail for lead in ("", "_", "__", "___") for core in ("spl", "splx", "x", "lambda", "None", "d", "x_d")
                for tail in ("", "_", "__", "_d", "_d_", "__d")} | {"_spl__x_d", "_spl__x_d_", "_spl___x_d"})


def test_renaming_is_injective_and_python_keeps_it():
    outs = {py_name(n): n for n in NAMES}
    assert len(outs) == len(NAMES)
    for out, n in outs.items():
        assert out.isidentifier() and not keyword.iskeyword(out)
        assert not out.startswith("__")  # never mangled in a class, never a dunder
        assert spl_name(out) == n


@pytest.mark.parametrize("simple, python", [
    ("__count", "_spl__count_d"), ("__class__", "_spl__class___d"), ("__name__", "_spl__name___d"),
    ("ﬁle", "file"), ("_sｐl", "_spl_"), ("_spl", "_spl_"), ("lambda", "lambda_"), ("x", "x"),
])
def test_renamings(simple, python):
    assert py_name(simple) == python


def lowered(source: str) -> str:
    text = py.unparse(lower_module(parse(source, "t.spl")))
    compile(text, "t.py", "exec")  # what build writes must compile (Python 3.11 f-string rules)
    return text


def test_nfkc_spellings_are_one_python_name():
    text = lowered("fn main():\n    val ﬁle = 3\n    print(file)\n")
    assert "file = 3" in text and "ﬁ" not in text


def test_runtime_module_is_never_clobbered():
    text = lowered("val _sｐl = 1\nval _spl = 2\nfn main():\n    print(_spl)\n")
    assert "_spl_ = 1" in text and "_spl_ = 2" in text and "_spl = " not in text.replace("_spl_ =", "")


def test_top_level_self_is_a_parameter():
    assert "def f(self):" in lowered("fn f(self: i64) -> i64:\n    self + 1\n")


def test_duplicate_parameter_is_located():
    with pytest.raises(CompileError) as info:
        lowered("fn f(a, b, a):\n    a\n")
    (diag,) = info.value.diagnostics
    assert diag.message == "duplicate parameter `a` in f"
    assert (diag.span.line, diag.span.col) == (1, 12)


def test_escapes_stay_out_of_fstring_expressions():
    text = lowered('fn g(x: text) -> text:\n    "{x + "\\u{1}"}-{x}"\n')
    assert "join" in text  # built with "".join([...]), not an f-string holding '\\x01'


def test_plain_interpolation_stays_an_fstring():
    assert "f'" in lowered('fn g(x: text) -> text:\n    "<{x}>"\n')


def test_nested_defer_compiles_in_linear_time():
    depth = 15
    body = "".join("    " * (i + 1) + "defer:\n" for i in range(depth)) + "    " * (depth + 1) + "print(1)\n"
    start = time.perf_counter()
    pymod = lower_module(parse("fn main():\n" + body, "t.spl"))
    compile(pymod, "t.spl", "exec")
    assert time.perf_counter() - start < 2  # inline finally bodies: 2**15 copies, minutes
    assert sum(isinstance(n, py.Try) for n in py.walk(pymod)) == depth


def test_defer_without_nesting_stays_inline():
    pymod = lower_module(parse("fn main():\n    defer:\n        print(1)\n    print(0)\n", "t.spl"))
    assert not any(isinstance(n, py.FunctionDef) and n.name.startswith("_spl_defer") for n in py.walk(pymod))
