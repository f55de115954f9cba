"""The grammar and matching: ``simple.peg`` loaded once, laid-out text matched against a rule.

A failed match is parsed again with a tracker of the furthest failure, for the error message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from parsimonious import expressions
from parsimonious.grammar import Grammar

from spl2py.syntax.engine import Rules
from spl2py.syntax.errors import FurthestFailure, syntax_error
from spl2py.syntax.keywords import FRAGMENTS as KEYWORD_FRAGMENTS
from spl2py.syntax.layout import Layout, layout_fragment
from spl2py.syntax.operators import FRAGMENTS as OPERATOR_FRAGMENTS

__all__ = ["grammar", "rules", "expand_fragments", "match", "match_fragment"]

_GRAMMAR: Grammar | None = None
_RULES: Rules | None = None


def grammar() -> Grammar:
    """The Simple grammar, read from ``simple.peg`` on first use."""
    global _GRAMMAR
    if _GRAMMAR is None:
        text = expand_fragments((Path(__file__).with_name("simple.peg")).read_text(encoding="utf-8"))
        _GRAMMAR = _with_stdlib_re(lambda: Grammar(text))
    return _GRAMMAR


_DEFINE = re.compile(r"^#define (\w+) (.*)$", re.M)
_USE = re.compile(r"\$\((\w+)\)")


def expand_fragments(text: str) -> str:
    """Expand ``$(NAME)`` with the ``#define NAME pattern`` lines of the grammar file."""
    fragments: dict[str, str] = {**KEYWORD_FRAGMENTS, **OPERATOR_FRAGMENTS}  # derived from the tables

    def expand(s: str) -> str:
        return _USE.sub(lambda m: fragments[m.group(1)], s)

    for m in _DEFINE.finditer(text):
        fragments[m.group(1)] = expand(m.group(2))
    return expand(_DEFINE.sub("", text))


def _with_stdlib_re(build):
    """``build()`` with parsimonious's terminals compiled by Python's own ``re``.

    parsimonious compiles with the third-party ``regex`` module when it is installed (it falls back
    to ``re`` otherwise); ``re`` compiles these patterns several times faster (a third of a second
    at start-up) and matches them 2-3x faster, and they use nothing ``regex``-only.
    """
    saved = expressions.re
    expressions.re = re
    try:
        return build()
    finally:
        expressions.re = saved


def match_fragment(parent: Layout, start: int, end: int):
    """Lay out and match the interpolated expression ``parent.source[start:end]``."""
    lay = layout_fragment(parent, start, end)
    return lay, match(lay, "fragment")


def rules() -> Rules:
    """The grammar compiled to closures (``engine.py``), built on first use."""
    global _RULES
    if _RULES is None:
        _RULES = Rules(grammar())
    return _RULES


def match(lay: Layout, rule: str):
    node = rules().match(rule, lay.text)
    if node is None:
        # parse again with parsimonious, recording every rule that fails at the furthest position
        tracker = FurthestFailure()
        grammar()[rule].match_core(lay.text, 0, defaultdict(dict), tracker)
        raise syntax_error(lay, tracker, rule == "fragment")
    return node
