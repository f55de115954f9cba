"""use / import / from / export in every form of the language reference (§4.1, §4.2)."""

from __future__ import annotations

import pytest
from syntax_helpers import NOWHERE, I, body, stmt

from spl2py.syntax import ast


def names(*items):
    return tuple(ast.UseName(NOWHERE, *i) if isinstance(i, tuple) else ast.UseName(NOWHERE, i) for i in items)


def Use(path, **kw):
    if "names" in kw:
        kw["names"] = names(*kw["names"])
    return ast.Use(NOWHERE, tuple(path.split(".")), **kw)


@pytest.mark.parametrize(
    "src, uses",
    [
        ("use lib.torch.{torch_available, Tensor}", [Use("lib.torch", names=["torch_available", "Tensor"])]),
        ("use app.io.{file_read as read}", [Use("app.io", names=[("file_read", "read")])]),
        ("use lib.x.{\n    a,\n    b,  # comment\n}", [Use("lib.x", names=["a", "b"])]),
        ("use std.spec.*", [Use("std.spec", glob=True)]),
        ("use std.spec.{*}", [Use("std.spec", glob=True)]),
        ("use std.text.trim", [Use("std.text.trim")]),
        ("use std.text.trim as strip", [Use("std.text.trim", alias="strip")]),
        ("use lib.pure.tensor (PureTensor, strides)", [Use("lib.pure.tensor", names=["PureTensor", "strides"])]),
        ("use .sibling.{helper}", [Use("sibling", names=["helper"], level=1)]),
        ("use ..parent", [Use("parent", level=2)]),
        ("use ...top.m", [Use("top.m", level=3)]),
        ("use type a.b.T", [Use("a.b.T")]),
        ("use a.B, c.D", [Use("a.B"), Use("c.D")]),
        ("use std::io::print", [Use("std.io.print")]),
        ("import std.spec", [Use("std.spec")]),
        ('import "std/math"', [Use("std.math")]),
        ("from m import A, B", [Use("m", names=["A", "B"])]),
        ("from .m import A as X", [Use("m", names=[("A", "X")], level=1)]),
        ("export use router.{Router}", [Use("router", names=["Router"], reexport=True)]),
        ("export use a.b", [Use("a.b", reexport=True)]),
        ("export {A, B} from mod", [Use("mod", names=["A", "B"], reexport=True)]),
        ("mod sub", [Use("sub", level=1)]),
        ("pub mod sub", [Use("sub", level=1, reexport=True)]),
        ("pub use a.{b}", [Use("a", names=["b"], reexport=True)]),
    ],
)
def test_use_forms(src, uses):
    assert body(src) == tuple(uses)


def test_export_forms():
    assert stmt("export Tensor") == ast.Export(NOWHERE, ("Tensor",))
    assert stmt("export torch_available, cuda_available") == ast.Export(NOWHERE, ("torch_available", "cuda_available"))
    assert stmt("export router.*") == ast.Export(NOWHERE, (), ("router",))
    e, f = body("export fn double(x: i64) -> i64: x * 2")
    assert e == ast.Export(NOWHERE, ("double",)) and f.name == "double"
    e, c = body("export struct P:\n    x: i64\n")
    assert e == ast.Export(NOWHERE, ("P",)) and c.name == "P"
    e, let = body("export NAME = 42")
    assert e == ast.Export(NOWHERE, ("NAME",))
    assert let == ast.Let(NOWHERE, "val", ast.CapturePat(NOWHERE, "NAME"), None, I(42))
    e, let = body("export val X = 1")
    assert e == ast.Export(NOWHERE, ("X",)) and let.kind == "val"


def test_use_span_is_the_statement():
    from spl2py.syntax import parse

    a, b = parse("use a.B, c.D\n", "t.spl").body
    assert (a.span.col, b.span.col) == (1, 1)
