"""The compiled matcher (engine.py) builds parsimonious's parse trees with the anonymous nodes looked
through (``engine.flattened``); failures keep their messages."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

from spl2py.diagnostics import CompileError
from spl2py.syntax import parse
from spl2py.syntax.layout import layout, normalize
from spl2py.syntax.engine import flattened
from spl2py.syntax.matcher import grammar, rules

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for p in REPO.rglob("*.spl") if ".spl2py_cache" not in p.parts)


class _NoTrack:  # parsimonious's error argument, recording nothing
    pos = 1 << 62
    expr = None


def same_tree(a, b) -> bool:
    stack = [(a, b)]
    while stack:
        x, y = stack.pop()
        if x is None or y is None:
            if x is not y:
                return False
            continue
        if (type(x) is not type(y) or x.expr is not y.expr or (x.start, x.end) != (y.start, y.end)
                or len(x.children) != len(y.children)):
            return False
        stack.extend(zip(x.children, y.children))
    return True


def test_every_repository_file_gets_the_tree_parsimonious_builds():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 12000))
    try:
        assert len(SOURCES) > 100
        for path in SOURCES:
            try:
                lay = layout(normalize(path.read_text(encoding="utf-8")), str(path))
            except (CompileError, UnicodeDecodeError):  # the corpora of bad programs
                continue
            expected = grammar()["program"].match_core(lay.text, 0, defaultdict(dict), _NoTrack())
            assert same_tree(rules().match("program", lay.text), flattened(expected)), path
    finally:
        sys.setrecursionlimit(old)


@pytest.mark.parametrize("text, first_line", [
    ("x = 1 +\n", "t.spl:1:8: error: expected an expression, found end of line"),
    ("fn f() 3\n", "t.spl:1:8: error: expected ':' or '->' or end of line, found a number"),
    ("if x print 1\n", "t.spl:1:6: error: expected ':', found 'print'"),
])
def test_a_program_that_does_not_match_is_reported_by_parsimonious_tracker(text, first_line):
    assert rules().match("program", layout(normalize(text), "t.spl").text) is None
    with pytest.raises(CompileError) as info:
        parse(text, "t.spl")
    assert info.value.render().splitlines()[0] == first_line


def test_fragments_match_like_programs():
    lay = layout(normalize('print "{a + b:>4} and {f(x)[0]}"\n'), "t.spl")
    tree = rules().match("program", lay.text)
    assert tree is not None and tree.end == len(lay.text)


def test_a_match_while_another_runs_is_left_to_parsimonious():
    lay = layout(normalize("fn f(x: i64) -> i64:\n    x + 1\nprint f(2)\n"), "t.spl")
    expected = rules().match("program", lay.text)
    assert rules()._lock.acquire()
    try:  # as if another thread were matching
        assert same_tree(rules().match("program", lay.text), expected)
    finally:
        rules()._lock.release()


def test_the_tree_holds_only_named_nodes_and_nothing_from_lookaheads():
    lay = layout(normalize("fn f(x: i64) -> i64:\n    -[1, 2].len() + (g(\\y: y) ?? 0)\nprint f(2)[0]\n"), "t.spl")
    tree = rules().match("program", lay.text)
    stack, names = [tree], set()
    while stack:
        node = stack.pop()
        assert node.expr.name, node
        names.add(node.expr.name)
        stack.extend(node.children)
    assert {"stmt", "fn_def", "expr", "operand", "PREFIX", "POSTOP", "call_args", "lambda", "BINOP"} <= names
    assert "CKW" not in names and "POSTFIX" not in names  # matched only inside lookaheads
