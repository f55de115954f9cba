"""Operator precedence: a Pratt parser over operator/operand tokens."""

from __future__ import annotations

from spl2py.syntax import ast
from spl2py.syntax.operators import BINARY_BP, COMPARE, NOT_BP, UNARY_BP


class Pratt:
    """Precedence climbing over a token list.

    Tokens: ("pre", op, offset) for a prefix operator, ("val", operand node) for an operand to
    build, ("atom", expr) for a built one, ("bin", op, offset) for a binary operator.
    """

    def __init__(self, b, toks: list[tuple]):  # b: the Builder
        self.b = b
        self.toks = toks
        self.i = 0

    def parse(self, min_bp: int) -> ast.Expr:
        b = self.b
        tok = self.toks[self.i]
        self.i += 1
        kind = tok[0]
        if kind == "pre":
            operand = self.parse(NOT_BP if tok[1] == "not" else UNARY_BP)
            left: ast.Expr = ast.Unary(b.lay.span(tok[2]), tok[1], operand)
        elif kind == "atom":
            left = tok[1]
        else:
            left = b.operand(tok[1])
        toks = self.toks
        while self.i < len(toks):
            op = toks[self.i][1]
            bp = BINARY_BP[op]
            if bp <= min_bp:
                break
            self.i += 1
            if op in ("as", "is", "is not"):
                while toks[self.i][0] == "pre":
                    self.i += 1
                ttext = b.type_text(toks[self.i][1])
                self.i += 1
                if op == "as":
                    left = ast.Cast(left.span, left, ttext)
                else:
                    left = ast.IsTest(left.span, left, ttext, op == "is not")
            elif op in COMPARE:
                ops = [op]
                comps = [self.parse(bp)]
                while self.i < len(toks) and toks[self.i][1] in COMPARE:
                    ops.append(toks[self.i][1])
                    self.i += 1
                    comps.append(self.parse(bp))
                left = ast.Compare(left.span, left, tuple(ops), tuple(comps))
            elif op == ":=":
                if type(left) is not ast.Name:
                    raise b.lay.error(b.lay.src_offset(toks[self.i - 1][2]), "':=' binds a plain name",
                                      "write `name := value`")
                left = ast.Walrus(left.span, left.id, self.parse(bp - 1))
            else:
                right = self.parse(bp - 1 if op == "**" else bp)
                if op in ("..", "..="):
                    left = ast.Range(left.span, left, right, op == "..=")
                else:
                    left = ast.Binary(left.span, op, left, right)
        return left
