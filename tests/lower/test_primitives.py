"""``x is T`` / ``x as T`` / ``var x: T`` for every primitive type name go through one table."""

from __future__ import annotations

import contextlib
import io

import pytest

from runtime.primitives import PRIMITIVES
from spl2py.lower import lower_module
from spl2py.syntax import parse

INTS = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "int", "isize", "usize"]
FLOATS = ["f32", "f64", "float"]


def run(src: str) -> str:
    module = parse(src, "t.spl")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(lower_module(module, {}), "t.spl", "exec"), {"__name__": "t"})
    return out.getvalue()


@pytest.mark.parametrize("t", INTS)
def test_an_int_is_every_int_width_and_no_float_width(t):
    assert run(f"val x = 3\nprint x is {t}\nprint 2.5 is {t}\n") == "true\nfalse\n"


@pytest.mark.parametrize("t", FLOATS)
def test_a_float_is_every_float_width(t):
    assert run(f"print 2.5 is {t}\nprint 3 is {t}\n") == "true\nfalse\n"


def test_sized_casts_wrap_and_declared_vars_start_at_their_default():
    assert run("print 300 as u8\nprint 200 as i8\nprint 70000 as i16\nvar n: u16\nvar f: f32\nprint n, f\n") \
        == "44\n-56\n4464\n0 0.0\n"


def test_the_table_gives_every_int_a_zero_default_and_widths_to_the_sized_ones():
    assert all(PRIMITIVES[t].default == 0 for t in INTS)
    assert {t: PRIMITIVES[t].bits for t in INTS if PRIMITIVES[t].bits} == {
        "i8": 8, "i16": 16, "i32": 32, "u8": 8, "u16": 16, "u32": 32, "u64": 64}


def test_hashmap_is_the_dict_type_with_a_new_constructor():
    src = (
        "var m: HashMap<text, i64> = HashMap.new()\nm.insert(\"a\", 1)\n"
        "print m.get(\"a\"), m.get(\"b\"), m.contains_key(\"a\"), m.len()\nprint m is HashMap, [1] is HashMap\n"
    )
    assert run(src) == "1 nil true 1\ntrue false\n"
