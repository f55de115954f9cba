"""place_and_check: nodes left without a position take their nearest placed ancestor's; limits located."""

from __future__ import annotations

import ast as py

import pytest

from spl2py.diagnostics import CompileError
from spl2py.lower import pyast as P
from spl2py.lower.limits import place_and_check


def test_unplaced_nodes_take_the_position_of_their_nearest_placed_ancestor():
    inner = P.locate(P.call(P.name("g"), P.const(1)), 3, 9)  # placed: the call only
    outer = P.locate(py.Expr(P.call(P.rt("f"), inner)), 2, 5)
    module = py.Module(body=[outer], type_ignores=[])
    place_and_check(module, "t.spl")
    assert (outer.value.lineno, outer.value.col_offset) == (2, 4)  # f(...) from the statement
    assert (outer.value.func.value.lineno, outer.value.func.value.col_offset) == (2, 4)  # _spl of _spl.f
    assert (inner.func.lineno, inner.func.col_offset) == (3, 8)  # g from its call, not the statement
    assert (inner.args[0].lineno, inner.args[0].end_col_offset) == (3, 9)
    compile(module, "t.spl", "exec")  # every node has a position


def test_locate_does_not_overwrite_and_passes_through_nodes_without_positions():
    node = P.locate(P.name("x"), 4, 2)
    P.locate(node, 9, 9)
    assert (node.lineno, node.col_offset) == (4, 1)
    args = py.arguments(posonlyargs=[], args=[py.arg(arg="a")], kwonlyargs=[], kw_defaults=[], defaults=[])
    P.locate(args, 7, 1)
    assert args.args[0].lineno == 7


def test_too_deep_once_lowered_is_located_at_the_statement():
    body: list[py.stmt] = [P.locate(py.Pass(), 12, 1)]
    for _ in range(20):
        body = [py.While(P.const(True), body, [])]
    module = py.Module(body=[P.locate(body[0], 5, 1)], type_ignores=[])
    with pytest.raises(CompileError) as info:
        place_and_check(module, "t.spl")
    text = info.value.render()
    assert text.startswith("t.spl:5:") and "loop/with/defer blocks nested too deeply once lowered (limit 18)" in text


# --------------------------------------------------------------------------- text risks


def lowered(source: str) -> py.Module:
    from spl2py.lower import lower_module
    from spl2py.syntax import parse

    return lower_module(parse(source, "t.spl"), {})


def risky_lines(source: str) -> list[int]:
    return [stmt.lineno for stmt in lowered(source).text_risks]


def test_plain_statements_and_plain_fstrings_need_no_text_check():
    source = 'val n = 3\nval t = "ab"\nprint "{n}|{t}|{n + 1}"\nfn f(k: i64) -> text:\n    "{k:>4}!"\nprint f(n)\n'
    module = lowered(source)
    assert any(isinstance(node, py.JoinedStr) for node in py.walk(module))  # f-strings were written
    assert module.text_risks == []


def test_fstring_parts_holding_strings_and_deep_statements_need_a_text_check():
    source = 'val t = "ab"\nprint 1\nprint "{t + "x"}"\nprint 2\nval deep = ' + "[" * 70 + "1" + "]" * 70 + "\n"
    assert risky_lines(source) == [3, 5]


def test_an_odd_format_spec_needs_a_text_check():
    spec = py.JoinedStr([P.const("'^9")])
    part = py.FormattedValue(P.name("n"), -1, spec)
    module = py.Module(body=[P.locate(py.Expr(py.JoinedStr([part])), 4, 1)], type_ignores=[])
    assert place_and_check(module, "t.spl") == module.body


def test_check_text_locates_what_the_parser_rejects_at_its_statement():
    from types import SimpleNamespace

    from spl2py.driver.compile import check_text

    bad = P.locate(py.Expr(P.name("if")), 7, 1)  # compile() takes this AST; its text does not parse
    unit = SimpleNamespace(path="t.spl", source="\n" * 9)
    with pytest.raises(CompileError) as info:
        check_text(unit, [P.locate(py.Pass(), 2, 1), bad])
    text = info.value.render()
    assert text.startswith("t.spl:7:1:") and "Python cannot compile the code generated here" in text
