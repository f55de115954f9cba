"""The fast path: CHAIN / SIMPLE_STMT text tokenized here (the terminal's regex has checked its shape)."""

from __future__ import annotations

import re

from parsimonious.nodes import Node

from spl2py.syntax import ast
from spl2py.syntax.build.base import PLACEHOLDER, WS_RUN
from spl2py.syntax.build.pratt import Pratt
from spl2py.syntax.operators import ALIASES, FRAGMENTS, PREFIX_ALIASES


_DOT_NAME = re.compile(r"\.([^\W\d]\w*)")


_LABEL_RE = re.compile(r"([^\W\d]\w*)[ \t]*:(?![:=A-Za-z_])[ \t]*")


_CHAIN_PREFIX = re.compile(r"(%s)[ \t]*" % FRAGMENTS["PREFIX_ONE"])


def _skip_ws(text: str, pos: int) -> int:
    while text[pos] in " \t":
        pos += 1
    return pos


class ChainRules:
    def chain(self, node: Node) -> ast.Expr:
        """A CHAIN terminal: words and operators only, tokenized here."""
        return self.chain_range(node.start, node.end)

    def chain_range(self, pos: int, end: int) -> ast.Expr:
        text = self.text
        toks: list[tuple] = []
        operand = True
        while pos < end:
            if operand:
                m = _CHAIN_PREFIX.match(text, pos)
                if m:
                    op = m.group(1)
                    toks.append(("pre", PREFIX_ALIASES.get(op, op), pos))
                    pos = m.end()
                    continue
                m = self.atom_re.match(text, pos)
                value = self.atom_match(m, pos)
                pos = m.end()
                if pos < end and text[pos] in "([.":
                    value, pos = self.chain_suffixes(value, pos, end)
                toks.append(("atom", value))
                operand = False
                continue
            else:
                m = self.binop_re.match(text, pos)
                op = WS_RUN.sub(" ", m.group().strip())
                toks.append(("bin", ALIASES.get(op, op), pos))
                operand = True
            pos = m.end()
        if len(toks) == 1:
            return toks[0][1]
        return Pratt(self, toks).parse(0)

    def chain_suffixes(self, value: ast.Expr, pos: int, end: int) -> tuple[ast.Expr, int]:
        """Calls with plain arguments, plain indexing and ``.name`` after an atom of a CHAIN."""
        text = self.text
        while pos < end:
            c = text[pos]
            if c == "(":
                close = text.index(")", pos)
                args = []
                a = pos + 1
                for piece in text[pos + 1 : close].split(","):
                    b = a + len(piece)
                    if piece.strip():
                        args.append(self.chain_arg(a, b))
                    a = b + 1
                value = ast.Call(value.span, value, tuple(args))
                pos = close + 1
            elif c == "[":
                close = text.index("]", pos)
                value = ast.Index(value.span, value, self.chain_range(_skip_ws(text, pos + 1), close))
                pos = close + 1
            else:
                m = _DOT_NAME.match(text, pos) if c == "." else None
                if m is None:
                    break
                value = ast.Attribute(value.span, value, m.group(1))
                pos = m.end()
        while pos < end and text[pos] in " \t":
            pos += 1
        return value, pos

    def chain_arg(self, a: int, b: int) -> ast.Arg:
        a = _skip_ws(self.text, a)
        m = _LABEL_RE.match(self.text, a)
        name = None
        start = a
        if m:
            name = m.group(1)
            a = m.end()
        value = self.chain_range(a, b)
        if "_" in (t := self.text[a:b]) and PLACEHOLDER.search(t):
            value = self.placeholder_lambda(value)
        return ast.Arg(self.lay.span(start), name, value)
