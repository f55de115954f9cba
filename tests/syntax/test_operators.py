"""The grammar's operator regexes and the Pratt parser's binding powers come from one table."""

from __future__ import annotations

import re

from spl2py.syntax import grammar
from spl2py.syntax.operators import ALIASES, BINARY, BINARY_BP, FRAGMENTS


def test_every_operator_row_is_accepted_by_binop_and_has_a_binding_power():
    binop = grammar()["BINOP"].re
    for op in BINARY:
        m = binop.match(op.text + " x")
        assert m and re.sub(r"\s+", " ", m.group().strip()) == op.text, op.text
        assert (ALIASES.get(op.text, op.text)) in BINARY_BP


def test_chain_operators_exclude_the_type_operators():
    chain_op = re.compile(FRAGMENTS["OPERATOR"])
    for op in BINARY:
        m = chain_op.match(op.text + " x")
        assert bool(m and m.group().strip() == op.text) == op.chain, op.text


def test_longer_operators_win_over_their_prefixes():
    binop = grammar()["BINOP"].re
    assert [binop.match(t).group().strip() for t in ("** 2", "<= b", "..= b", "is not nil", "not in xs")] == [
        "**", "<=", "..=", "is not", "not in"]
