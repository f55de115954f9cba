"""The parser entry: Simple source text -> ``ast.Module`` (or a ``CompileError``).

``parse`` runs the layout pass, the parsimonious grammar (``simple.peg``, loaded once) and the
builder. Every failure a user can cause comes out as a ``CompileError`` with a caret.
"""

from __future__ import annotations

import gc
import re
import sys
from collections import defaultdict
from pathlib import Path

from parsimonious.expressions import Regex
from parsimonious.grammar import Grammar

from spl2py.syntax import ast
from spl2py.syntax.builder import Builder
from spl2py.syntax.errors import FurthestFailure, syntax_error, too_deep
from spl2py.syntax.keywords import FRAGMENTS
from spl2py.syntax.layout import Layout, layout, layout_fragment, normalize

__all__ = ["parse", "grammar"]

_GRAMMAR: Grammar | None = None
_RECURSION_LIMIT = 12000


def grammar() -> Grammar:
    """The Simple grammar, read from ``simple.peg`` on first use."""
    global _GRAMMAR
    if _GRAMMAR is None:
        g = Grammar(expand_fragments((Path(__file__).with_name("simple.peg")).read_text(encoding="utf-8")))
        _use_stdlib_re(g)
        _GRAMMAR = g
    return _GRAMMAR


_DEFINE = re.compile(r"^#define (\w+) (.*)$", re.M)
_USE = re.compile(r"\$\((\w+)\)")


def expand_fragments(text: str) -> str:
    """Expand ``$(NAME)`` with the ``#define NAME pattern`` lines of the grammar file."""
    fragments: dict[str, str] = dict(FRAGMENTS)  # derived from the keyword table

    def expand(s: str) -> str:
        return _USE.sub(lambda m: fragments[m.group(1)], s)

    for m in _DEFINE.finditer(text):
        fragments[m.group(1)] = expand(m.group(2))
    return expand(_DEFINE.sub("", text))


def _use_stdlib_re(g: Grammar) -> None:
    """Run the terminals on Python's own ``re`` engine.

    parsimonious compiles with the third-party ``regex`` module when it is installed (it falls back
    to ``re`` otherwise); ``re`` is 2-3x faster on these patterns, which use nothing ``regex``-only.
    """
    for expr in g.values():
        if isinstance(expr, Regex):
            expr.re = re.compile(expr.re.pattern)


def parse(source: str, path: str) -> ast.Module:
    """Parse one .spl file. Raises ``CompileError`` for any mistake in ``source``."""
    source = normalize(source)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, _RECURSION_LIMIT))
    # The parse allocates many small acyclic objects: the cycle collector would only slow it down.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        lay = layout(source, path)
        tree = _match(lay, "program")
        return Builder(lay, grammar()).module(tree)
    except RecursionError:
        raise too_deep(source, path) from None
    finally:
        if gc_was_enabled:
            gc.enable()
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
