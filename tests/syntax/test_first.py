"""first.starts: what an expression can start with, never claiming less than it can match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from parsimonious.expressions import Literal, OneOf, Regex, Sequence

from spl2py.syntax.first import UNKNOWN, regex_starts, starts
from spl2py.syntax.layout import layout, normalize
from spl2py.syntax.matcher import grammar

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("pattern, expected", [
    (r"if(?![\w~])", (False, frozenset("i"))),
    (r"[ \t]*x", (False, frozenset(" \tx"))),
    (r"(?:a|b?)c", (False, frozenset("abc"))),
    (r"(?=q)[0-2]+", (False, frozenset("012"))),
    (r"\Z", (True, frozenset())),
    (r"x?", (True, frozenset("x"))),
    (r"\w+", UNKNOWN),
    (r"[^\n]", UNKNOWN),
    (r"(?i:a)", UNKNOWN),
    (r"(a)\1", (False, frozenset("a"))),
])
def test_regex_starts(pattern, expected):
    assert regex_starts(re.compile(pattern)) == expected


def test_expressions_combine_their_parts():
    a, b, empty = Literal("a"), Literal("b"), Literal("")
    assert starts(Sequence(empty, b)) == (False, frozenset("b"))
    assert starts(OneOf(a, Sequence(empty, empty))) == (True, frozenset("a"))
    assert starts(Sequence(Regex(r"\w"), a)) == UNKNOWN
    loop = OneOf(a, name="loop")
    loop.members = (Sequence(loop, b), a)  # left recursion: not known, so tried everywhere
    assert starts(loop) == UNKNOWN


def test_every_terminal_of_the_grammar_starts_as_it_says_over_the_repository():
    terminals = [e for e in _expressions(grammar()) if isinstance(e, Regex)]
    claims = [(e.re, starts(e)) for e in terminals]
    texts = [layout(normalize(p.read_text(encoding="utf-8")), str(p)).text
             for p in sorted((REPO / "examples").rglob("*.spl"))[:8]]
    checked = 0
    for text in texts:
        for pos in range(0, len(text), 3):
            for rx, (nullable, chars) in claims:
                m = rx.match(text, pos)
                if m is None:
                    continue
                checked += 1
                if m.end() == pos:
                    assert nullable, (rx.pattern[:60], pos)
                else:
                    assert chars is None or text[pos] in chars, (rx.pattern[:60], text[pos])
    assert checked > 1000


def _expressions(g):
    seen, stack = set(), list(g.values())
    while stack:
        e = stack.pop()
        if id(e) not in seen:
            seen.add(id(e))
            yield e
            stack.extend(getattr(e, "members", ()))
