"""The keyword table covers every statement the grammar dispatches on a keyword."""

from __future__ import annotations

import re
from pathlib import Path

from parsimonious.expressions import Compound, Lookahead, OneOf, Quantifier, Regex, Sequence
from parsimonious.grammar import Grammar

from spl2py.syntax import grammar
from spl2py.syntax.keywords import BY_WORD, CONTEXT, FRAGMENTS, MARKS, RESERVED, TABLE, UNSUPPORTED
from spl2py.syntax.matcher import expand_fragments

PEG = Path(__file__).resolve().parents[2] / "spl2py" / "syntax" / "simple.peg"


SAMPLES = {"from": ("from m import x",), "type": ("type T = i64",), "alias": ("alias T = i64",),
           "mod": ("mod m\n",), "expect": ("expect a to_equal b",), "in": ("in:",), "out": ("out(ret):", "out():"), "invariant": ("invariant:",),
           "unit": ("unit UserId: i64 as uid", "unit length(base: f64): m = 1.0")}


def first_terminals(expr, seen=()) -> list[Regex]:
    """The terminals a rule can start with."""
    if isinstance(expr, Regex):
        return [expr]
    if id(expr) in seen or not isinstance(expr, Compound):
        return []
    seen = (*seen, id(expr))
    if isinstance(expr, OneOf):
        return [t for m in expr.members for t in first_terminals(m, seen)]
    if isinstance(expr, Sequence):
        out: list[Regex] = []
        for m in expr.members:
            out += first_terminals(m, seen)
            if not (isinstance(m, Lookahead) or (isinstance(m, Quantifier) and m.min == 0)):
                break
        return out
    return [t for m in expr.members for t in first_terminals(m, seen)]


def uncovered(peg_text: str) -> list[str]:
    """Problems: a compound / kw_simple alternative no keyword row (or mark) starts, or a row whose
    word neither the statement lookahead nor the alternative's first terminal accepts."""
    g = Grammar(expand_fragments(peg_text))
    problems = []
    for list_rule, look in (("compound", "CKW"), ("kw_simple", "SKW")):
        lookahead = g[look].re
        for alt in g[list_rule].members:
            rule = alt.name
            if rule in MARKS:
                continue
            rows = [k for k in TABLE if rule in k.rules]
            if not rows:
                problems.append(f"{list_rule} alternative {rule!r} starts with no keyword of the table")
            for k in rows:
                samples = SAMPLES.get(k.word, (k.word + " x", k.word + " fn f"))  # a word, or a modifier
                if not any(lookahead.match(s) for s in samples):
                    problems.append(f"{look} does not accept {k.word!r} (rule {rule})")
                if not any(t.re.match(s) for t in first_terminals(alt) for s in samples):
                    problems.append(f"{rule!r} does not start with {k.word!r}")
    return problems


def test_every_keyword_statement_of_the_grammar_is_in_the_table():
    assert uncovered(PEG.read_text(encoding="utf-8")) == []


def test_a_compound_keyword_added_to_the_grammar_alone_is_caught():
    text = PEG.read_text(encoding="utf-8")
    text = text.replace("compound     = if_stmt /", "compound     = repeat_stmt / if_stmt /")
    text += '\nrepeat_stmt  = REPEAT expr suite NL\nREPEAT       = ~r"repeat(?![\\w~])[ \\t]*"\n'
    assert uncovered(text) == ["compound alternative 'repeat_stmt' starts with no keyword of the table"]


def test_a_simple_keyword_added_to_the_grammar_alone_is_caught():
    text = PEG.read_text(encoding="utf-8")
    text = text.replace("kw_simple    = let_stmt /", "kw_simple    = yield_stmt / let_stmt /")
    text += '\nyield_stmt   = YIELD expr\nYIELD        = ~r"yield(?![\\w~])[ \\t]*"\n'
    assert uncovered(text) == ["kw_simple alternative 'yield_stmt' starts with no keyword of the table"]


def test_the_grammar_uses_the_derived_fragments():
    g = grammar()
    assert g["CKW"].re.pattern == FRAGMENTS["COMPOUND_HEADS"]
    assert g["SKW"].re.pattern == FRAGMENTS["SIMPLE_HEADS"]
    assert "#define KEYWORDS" not in PEG.read_text(encoding="utf-8")
    name = re.compile(r"(?!(?:%s)(?![\w~]))[^\W\d]\w*\Z" % FRAGMENTS["KEYWORDS"])
    assert all(name.match(w) is None for w in RESERVED)
    assert name.match("static") and name.match("kernel")


def test_every_context_and_unsupported_word_is_a_table_row():
    assert set(CONTEXT) | set(UNSUPPORTED) <= set(BY_WORD)
    assert CONTEXT["while"] == "after while condition" and UNSUPPORTED["yield"] == "generators (yield)"
