"""The front end: Simple source text -> ``ast.Module`` (or a ``CompileError``).

``parse`` runs the layout pass, the parsimonious grammar (``simple.peg``, loaded once) and the
builder. Every failure a user can cause comes out as a ``CompileError`` with a caret.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from parsimonious.grammar import Grammar

from spl2py.diagnostics import CompileError
from spl2py.syntax import ast
from spl2py.syntax.builder import Builder
from spl2py.syntax.errors import FurthestFailure, syntax_error, too_deep
from spl2py.syntax.layout import Layout, layout, layout_fragment, normalize

__all__ = ["parse", "grammar"]

_GRAMMAR: Grammar | None = None
_RECURSION_LIMIT = 12000


def grammar() -> Grammar:
    """The Simple grammar, read from ``simple.peg`` on first use."""
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = Grammar((Path(__file__).with_name("simple.peg")).read_text(encoding="utf-8"))
    return _GRAMMAR


def parse(source: str, path: str) -> ast.Module:
    """Parse one .spl file. Raises ``CompileError`` for any mistake in ``source``."""
    source = normalize(source)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, _RECURSION_LIMIT))
    try:
        lay = layout(source, path)
        tree = _match(lay, "program")
        return Builder(lay, grammar()).module(tree)
    except RecursionError:
        raise too_deep(source, path) from None
    finally:
        sys.setrecursionlimit(old)


def match_fragment(parent: Layout, start: int, end: int):
    """Lay out and match the interpolated expression ``parent.source[start:end]``."""
    lay = layout_fragment(parent, start, end)
    return lay, _match(lay, "fragment")


def _match(lay: Layout, rule: str):
    expr = grammar()[rule]
    node = expr.match_core(lay.text, 0, defaultdict(dict), _NoTrack())
    if node is None:
        # parse again, recording every rule that fails at the furthest position
        tracker = FurthestFailure()
        expr.match_core(lay.text, 0, defaultdict(dict), tracker)
        raise syntax_error(lay, tracker, rule == "fragment")
    return node


class _NoTrack:
    """A stand-in for parsimonious's ParseError that records nothing (the fast path)."""

    pos = 1 << 62
    expr = None
