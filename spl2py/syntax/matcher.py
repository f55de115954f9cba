"""The grammar and matching: ``simple.peg`` loaded once, laid-out text matched against a rule.

A failed match is parsed again with a tracker of the furthest failure, for the error message.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from spl2py.syntax.peglib import Grammar, Regex
from spl2py.syntax.engine import Rules
from spl2py.syntax.errors import FurthestFailure, syntax_error
from spl2py.syntax.keywords import FRAGMENTS as KEYWORD_FRAGMENTS
from spl2py.syntax.layout import Layout, layout_fragment
from spl2py.syntax.operators import FRAGMENTS as OPERATOR_FRAGMENTS

__all__ = ["grammar", "rules", "expand_fragments", "match", "match_fragment"]

_GRAMMAR: Grammar | None = None
_STORE = None  # where the built grammar is kept between processes (``use_store``), or None
_RULES: Rules | None = None


def grammar() -> Grammar:
    """The Simple grammar, read from ``simple.peg`` on first use (or from the store or the tables
    shipped with the package, ``tables.py``)."""
    global _GRAMMAR
    if _GRAMMAR is None:
        from spl2py.syntax import tables

        store = _STORE
        text = expand_fragments((Path(__file__).with_name("simple.peg")).read_text(encoding="utf-8"))
        key = tables.key(text)
        data = store.load(key) if store is not None else None
        if data is None:
            data = tables.shipped(key)
        g = tables.decode(data) if data is not None else None
        if g is None:
            g = Grammar(text)
            _use_stdlib_re(g)
            encoded = tables.encode(g) if store is not None else None
            if encoded is not None:
                store.save(key, encoded)
        _GRAMMAR = g
    return _GRAMMAR


def use_store(store) -> None:
    """Keep the built grammar in ``store`` (``load(key) -> bytes | None``, ``save(key, bytes)``; the
    key covers the grammar text and Python), whose data only spl2py wrote (the driver's
    authenticated cache). Takes effect at the first parse."""
    global _STORE
    _STORE = store


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


_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE | re.VERBOSE  # what both engines share


def _use_stdlib_re(g: Grammar) -> None:
    """Run the terminals on Python's own ``re`` engine.

    ``peglib.py`` imports parsimonious so that it compiles with ``re`` already; this only matters
    when parsimonious was imported (on the third-party ``regex`` module) before it.
    """
    for expr in g.values():
        if isinstance(expr, Regex) and not isinstance(expr.re, re.Pattern):
            expr.re = re.compile(expr.re.pattern, expr.re.flags & _RE_FLAGS)
            expr.identity_tuple = (expr.name, expr.re)  # parsimonious compares expressions by it


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
