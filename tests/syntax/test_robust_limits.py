"""syntax.limits: nesting and names checked at parse time, located at the offending node."""

from __future__ import annotations

import time

import pytest

from spl2py.diagnostics import CompileError
from spl2py.syntax import parse
from spl2py.syntax.limits import MAX_BLOCK_DEPTH, MAX_EXPR_DEPTH, MAX_LOOP_DEPTH


def error_of(source: str):
    with pytest.raises(CompileError) as info:
        parse(source, "t.spl")
    (diag,) = info.value.diagnostics
    return diag


def nested(header: str, depth: int, body: str = "pass") -> str:
    lines = [" " * 4 * i + header for i in range(depth)]
    return "\n".join(lines + [" " * 4 * depth + body]) + "\n"


def test_blocks_at_the_limit_parse_and_one_more_is_located():
    parse(nested("if true:", MAX_BLOCK_DEPTH - 1), "t.spl")
    diag = error_of(nested("if true:", MAX_BLOCK_DEPTH))
    assert diag.message == f"blocks nested too deeply (limit {MAX_BLOCK_DEPTH})"
    assert (diag.span.line, diag.span.col) == (MAX_BLOCK_DEPTH + 1, 4 * MAX_BLOCK_DEPTH + 1)


@pytest.mark.parametrize("depth", [200, 400, 660])
def test_depths_run_used_to_accept_are_the_same_error(depth):
    start = time.perf_counter()
    assert error_of(nested("if true:", depth)).message == f"blocks nested too deeply (limit {MAX_BLOCK_DEPTH})"
    assert time.perf_counter() - start < 5


def test_loops_count_per_function():
    loops = nested("for i in xs:", MAX_LOOP_DEPTH + 1)
    assert error_of(loops).message.startswith(f"loops nested too deeply (limit {MAX_LOOP_DEPTH}")
    # a function inside the loops starts its own count
    depth = MAX_LOOP_DEPTH - 1
    lines = [" " * 4 * i + "for i in xs:" for i in range(depth)] + [" " * 4 * depth + "fn g():"]
    lines += [" " * 4 * (depth + 1 + i) + "while true:" for i in range(3)] + [" " * 4 * (depth + 4) + "pass"]
    parse("\n".join(lines) + "\n", "t.spl")


def test_defer_counts_as_a_block():
    assert error_of(nested("defer:", MAX_LOOP_DEPTH + 1)).message.startswith("loops nested too deeply")


def test_expression_depth():
    ok = "val x = " + "f(" * (MAX_EXPR_DEPTH - 1) + "1" + ")" * (MAX_EXPR_DEPTH - 1) + "\n"
    parse(ok, "t.spl")
    deep = "val x = " + "f(" * (MAX_EXPR_DEPTH + 1) + "1" + ")" * (MAX_EXPR_DEPTH + 1) + "\n"
    assert error_of(deep).message == f"expression nested too deeply (limit {MAX_EXPR_DEPTH})"


def test_a_long_flat_chain_is_not_deep():
    parse("val x = [" + ", ".join(["1"] * 5000) + "]\n", "t.spl")


def test_invalid_character_in_a_name_is_located_at_its_first_use():
    diag = error_of("val a² = 4\nprint(a²)\n")
    assert diag.message == "`a²` is not a valid name: '²' (U+00B2 SUPERSCRIPT TWO) cannot appear in a name"
    assert diag.span.line == 1


@pytest.mark.parametrize("source", ["struct V.c2:\n    x: i64\n", "class A.b:\n    x: i64\n", "enum E.x:\n    A\n"])
def test_dotted_declaration_name_is_an_error(source):
    assert error_of(source).message.startswith("a declared name cannot be dotted: `")


def test_nfkc_valid_names_parse():
    parse("val ﬁle = 1\nprint(file)\n", "t.spl")


def test_names_are_nfkc_normalised_in_the_tree_strings_are_not():
    from spl2py.syntax.visit import walk
    from spl2py.syntax import ast

    module = parse('val ﬁle = "ﬁ"\nprint(ﬁle)\nfn ｇ(ｘ: i64) -> i64:\n    ｘ\n', "t.spl")
    names = {n.id for n in walk(module.body) if isinstance(n, ast.Name)}
    names |= {n.name for n in walk(module.body) if isinstance(n, (ast.CapturePat, ast.FuncDef, ast.Param))}
    assert names == {"file", "print", "g", "x"}
    assert any(isinstance(n, ast.Str) and n.parts == ("ﬁ",) for n in walk(module.body))
