"""A faster matcher for the parsimonious grammar: each expression becomes a Python closure.

``compile_rules(grammar)`` turns every expression of a parsimonious ``Grammar`` into a function
``f(text, pos) -> Node | None`` that builds the same parse tree parsimonious's own
``match_core`` builds (the same ``Node``/``RegexNode`` objects, the same expressions in them), so
the builder sees no difference. It is faster because:

* a closure call replaces ``match_core`` -> ``_uncached_match`` (two method calls, attribute
  reads and a packrat-cache probe per expression tried);
* only named rules are memoised (packrat): they are where the grammar backtracks to; terminals
  are cheaper to match again than to look up, and an anonymous part is tried again only through
  the named rule that holds it.

Matching is a pure function of the text, so the result is the one parsimonious gives. Failures
are parsed again by parsimonious with its error tracking (``matcher.match``), which keeps the
error messages exactly as they were.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from spl2py.syntax import peglib  # noqa: F401  (the first import of parsimonious: on Python's re)
from parsimonious.expressions import Literal, Lookahead, OneOf, Quantifier, Regex, Sequence
from parsimonious.nodes import Node, RegexNode

_MISSING = object()


class _NoTrack:
    """parsimonious's error argument, recording nothing."""

    pos = 1 << 62
    expr = None


class Rules:
    """The compiled rules of one grammar: ``rules.match(name, text)``."""

    def __init__(self, grammar):
        self._grammar = grammar
        self._lock = threading.Lock()
        self._funcs: dict[int, object] = {}
        self._memo: list[dict] = [{}]
        self._count = 0
        self._todo: list = []
        self._top = {name: self._compile(expr) for name, expr in grammar.items()}
        while self._todo:
            expr, members = self._todo.pop()
            members.extend(self._compile(m) for m in expr.members)
        assert self._count < 1 << 10, "memo keys hold the rule's index in 10 bits"

    def match(self, rule: str, text: str) -> Node | None:
        """The tree of ``rule`` matched at the start of ``text`` (not necessarily all of it).

        The memo is shared by the closures: a match while another one runs (another thread) is
        left to parsimonious, which gives the same tree."""
        if not self._lock.acquire(blocking=False):
            return self._grammar[rule].match_core(text, 0, defaultdict(dict), _NoTrack())
        self._memo[0] = {}
        try:
            return self._top[rule](text, 0)
        finally:
            self._memo[0] = {}
            self._lock.release()

    def _compile(self, expr):
        f = self._funcs.get(id(expr))
        if f is None:
            f = self._funcs[id(expr)] = self._make(expr)
        return f

    def _make(self, expr):
        members: list = []
        if isinstance(expr, Regex):
            f = _regex(expr)
        elif isinstance(expr, Literal):
            f = _literal(expr)
        else:
            self._todo.append((expr, members))
            if isinstance(expr, Sequence):
                f = _sequence(expr, members)
            elif isinstance(expr, OneOf):
                f = _one_of(expr, members)
            elif isinstance(expr, Lookahead):
                f = _lookahead(expr, members)
            elif isinstance(expr, Quantifier):
                f = _quantifier(expr, members)
            else:
                raise TypeError(f"no compiled form for {type(expr).__name__}")
            if expr.name:
                self._count += 1
                f = _memoised(f, self._count, self._memo)
        return f


def _memoised(inner, index: int, memo_cell: list):
    def f(text, pos):
        memo = memo_cell[0]
        key = (pos << 10) | index
        node = memo.get(key, _MISSING)
        if node is _MISSING:
            node = memo[key] = inner(text, pos)
        return node

    return f


# Nodes are made as ``Node(...)`` makes them, without the call of its ``__init__`` (half the cost).
_new = object.__new__


def _node(expr, text, start, end, children):
    node = _new(Node)
    node.expr = expr
    node.full_text = text
    node.start = start
    node.end = end
    node.children = children
    return node


def _regex(expr):
    rx = expr.re.match

    def f(text, pos):
        m = rx(text, pos)
        if m is None:
            return None
        node = _new(RegexNode)
        node.expr = expr
        node.full_text = text
        node.start = pos
        node.end = m.end()
        node.children = []
        node.match = m
        return node

    return f


def _literal(expr):
    literal = expr.literal
    size = len(literal)

    def f(text, pos):
        if text.startswith(literal, pos):
            return _node(expr, text, pos, pos + size, [])
        return None

    return f


def _sequence(expr, members: list):
    # ``members`` is filled after this closure is made (the grammar is cyclic): read at call time
    size = len(expr.members)
    if size == 2:
        def f(text, pos):
            a = members[0](text, pos)
            if a is None:
                return None
            b = members[1](text, a.end)
            if b is None:
                return None
            node = _new(Node)
            node.expr = expr
            node.full_text = text
            node.start = pos
            node.end = b.end
            node.children = [a, b]
            return node
    elif size == 3:
        def f(text, pos):
            a = members[0](text, pos)
            if a is None:
                return None
            b = members[1](text, a.end)
            if b is None:
                return None
            c = members[2](text, b.end)
            if c is None:
                return None
            node = _new(Node)
            node.expr = expr
            node.full_text = text
            node.start = pos
            node.end = c.end
            node.children = [a, b, c]
            return node
    else:
        def f(text, pos):
            end = pos
            children = []
            for m in members:
                node = m(text, end)
                if node is None:
                    return None
                children.append(node)
                end = node.end
            node = _new(Node)
            node.expr = expr
            node.full_text = text
            node.start = pos
            node.end = end
            node.children = children
            return node

    return f


def _one_of(expr, members: list):
    def f(text, pos):
        for m in members:
            inner = m(text, pos)
            if inner is not None:
                node = _new(Node)
                node.expr = expr
                node.full_text = text
                node.start = pos
                node.end = inner.end
                node.children = [inner]
                return node
        return None

    return f


def _lookahead(expr, members: list):
    negative = expr.negativity

    def f(text, pos):
        if (members[0](text, pos) is None) == negative:
            return _node(expr, text, pos, pos, [])
        return None

    return f


def _quantifier(expr, members: list):
    low, high = expr.min, expr.max
    if low == 0 and high == 1:  # ``x?``
        def f(text, pos):
            inner = members[0](text, pos) if pos < len(text) else None
            node = _new(Node)
            node.expr = expr
            node.full_text = text
            node.start = pos
            if inner is None:
                node.end = pos
                node.children = []
            else:
                node.end = inner.end
                node.children = [inner]
            return node

        return f

    def f(text, pos):
        m = members[0]
        end = pos
        children = []
        size = len(text)
        while end < size and len(children) < high:
            node = m(text, end)
            if node is None:
                break
            children.append(node)
            if node.end == end and len(children) >= low:  # an empty match: do not loop forever
                break
            end = node.end
        if len(children) >= low:
            return _node(expr, text, pos, end, children)
        return None

    return f
