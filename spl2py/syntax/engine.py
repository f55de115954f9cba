"""A faster matcher for the parsimonious grammar: each expression becomes a Python closure.

``Rules(grammar)`` turns every expression of a parsimonious ``Grammar`` into a function
``f(text, pos, out) -> end`` (``-1`` when it does not match). The tree it builds holds only the
named nodes: a named expression appends one ``Node`` (a ``RegexNode`` for a regex, with its
``match``) to ``out``, whose ``children`` are the named nodes matched inside it, looking through
anonymous parts; an anonymous expression appends the named nodes of its parts. That is
parsimonious's own tree (``match_core``) with every anonymous node replaced by its named
descendants (``flattened``): the view the builder reads, so it need not look through wrappers.
It is faster because:

* a closure call replaces ``match_core`` -> ``_uncached_match`` (two method calls, attribute
  reads and a packrat-cache probe per expression tried);
* anonymous parts make no node: about 40% of parsimonious's nodes are anonymous wrappers;
* only named rules are memoised (packrat): they are where the grammar backtracks to; terminals
  are cheaper to match again than to look up, and an anonymous part is tried again only through
  the named rule that holds it.

A part that fails takes back what it appended (``del out[mark:]``), and a lookahead keeps
nothing, so ``out`` holds exactly what the matched alternatives made. Matching is a pure function
of the text. Failures are parsed again by parsimonious with its error tracking
(``matcher.match``), which keeps the error messages exactly as they were.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from spl2py.syntax import peglib  # noqa: F401  (the first import of parsimonious: on Python's re)
from parsimonious.expressions import Literal, Lookahead, OneOf, Quantifier, Regex, Sequence
from parsimonious.nodes import Node, RegexNode

from spl2py.syntax.first import starts

_MISSING = object()
_new = object.__new__  # nodes are made as Node(...) makes them, without the call of its __init__


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
        self._choices: list = []  # (OneOf, its members, its dispatch cell), filled once all are made
        self._starts: dict = {}  # first.starts's memo
        self._top = {name: self._compile(expr) for name, expr in grammar.items()}
        while self._todo:
            expr, members = self._todo.pop()
            members.extend(self._compile(m) for m in expr.members)
        for expr, members, cell in self._choices:
            cell[:] = _dispatch(expr, members, self._starts)
        assert self._count < 1 << 10, "memo keys hold the rule's index in 10 bits"

    def match(self, rule: str, text: str) -> Node | None:
        """The tree of named rule ``rule`` matched at the start of ``text`` (not necessarily all of it).

        The memo is shared by the closures: a match while another one runs (another thread) is
        left to parsimonious, whose tree is flattened the same way."""
        if not self._lock.acquire(blocking=False):
            tree = self._grammar[rule].match_core(text, 0, defaultdict(dict), _NoTrack())
            return None if tree is None else flattened(tree)
        self._memo[0] = {}
        try:
            out: list = []
            return out[0] if self._top[rule](text, 0, out) >= 0 else None
        finally:
            self._memo[0] = {}
            self._lock.release()

    def _compile(self, expr):
        f = self._funcs.get(id(expr))
        if f is None:
            f = self._funcs[id(expr)] = self._make(expr)
        return f

    def _make(self, expr):
        if isinstance(expr, Regex):
            return _named_regex(expr) if expr.name else _regex(expr)
        if isinstance(expr, Literal):
            return _named_literal(expr) if expr.name else _literal(expr)
        members: list = []
        self._todo.append((expr, members))
        if isinstance(expr, Sequence):
            f = _sequence(len(expr.members), members)
        elif isinstance(expr, OneOf):
            cell: list = []
            self._choices.append((expr, members, cell))
            f = _one_of(cell)
        elif isinstance(expr, Lookahead):
            f = _lookahead(expr.negativity, members)
        elif isinstance(expr, Quantifier):
            nullable, chars = starts(expr.members[0], self._starts)
            f = _quantifier(expr.min, expr.max, members, None if nullable else chars)
        else:
            raise TypeError(f"no compiled form for {type(expr).__name__}")
        if expr.name:
            self._count += 1
            nullable, chars = starts(expr, self._starts)
            f = _named(expr, f, self._count, self._memo, None if nullable else chars)
        return f


def flattened(node: Node) -> Node:
    """parsimonious's tree ``node`` (of a named expression) as ``Rules`` builds it: each named node
    with the named nodes under it, looking through anonymous ones, as its children."""
    kids: list[Node] = []
    stack = list(reversed(node.children))
    while stack:
        child = stack.pop()
        if child.expr.name:
            kids.append(flattened(child))
        elif not isinstance(child.expr, Lookahead):  # parsimonious keeps no children there either
            stack.extend(reversed(child.children))
    copy = _new(type(node))
    copy.expr, copy.full_text, copy.start, copy.end, copy.children = node.expr, node.full_text, node.start, node.end, kids
    if isinstance(node, RegexNode):
        copy.match = node.match
    return copy


def _node(expr, text, start, end, children):
    node = _new(Node)
    node.expr = expr
    node.full_text = text
    node.start = start
    node.end = end
    node.children = children
    return node


def _named(expr, inner, index: int, memo_cell: list, chars: frozenset | None):
    """A named expression: one node holding what ``inner`` matched, memoised by position; where the
    next character is not one of ``chars`` (the ones a match must start with, when known), none."""
    guarded = chars is not None

    def f(text, pos, out):
        if guarded and (pos >= len(text) or text[pos] not in chars):
            return -1
        memo = memo_cell[0]
        key = (pos << 10) | index
        node = memo.get(key, _MISSING)
        if node is _MISSING:
            kids: list = []
            end = inner(text, pos, kids)
            node = memo[key] = None if end < 0 else _node(expr, text, pos, end, kids)
        if node is None:
            return -1
        out.append(node)
        return node.end

    return f


def _regex(expr):
    rx = expr.re.match

    def f(text, pos, out):
        m = rx(text, pos)
        return -1 if m is None else m.end()

    return f


def _named_regex(expr):
    rx = expr.re.match

    def f(text, pos, out):
        m = rx(text, pos)
        if m is None:
            return -1
        node = _new(RegexNode)
        node.expr = expr
        node.full_text = text
        node.start = pos
        node.end = end = m.end()
        node.children = []
        node.match = m
        out.append(node)
        return end

    return f


def _literal(expr):
    literal = expr.literal
    size = len(literal)

    def f(text, pos, out):
        return pos + size if text.startswith(literal, pos) else -1

    return f


def _named_literal(expr):
    literal = expr.literal
    size = len(literal)

    def f(text, pos, out):
        if not text.startswith(literal, pos):
            return -1
        out.append(_node(expr, text, pos, pos + size, []))
        return pos + size

    return f


def _sequence(size: int, members: list):
    # ``members`` is filled after this closure is made (the grammar is cyclic): read at call time
    if size == 2:
        def f(text, pos, out):
            mark = len(out)
            pos = members[0](text, pos, out)
            if pos >= 0:
                pos = members[1](text, pos, out)
                if pos >= 0:
                    return pos
            del out[mark:]
            return -1
    elif size == 3:
        def f(text, pos, out):
            mark = len(out)
            pos = members[0](text, pos, out)
            if pos >= 0:
                pos = members[1](text, pos, out)
                if pos >= 0:
                    pos = members[2](text, pos, out)
                    if pos >= 0:
                        return pos
            del out[mark:]
            return -1
    else:
        def f(text, pos, out):
            mark = len(out)
            for m in members:
                pos = m(text, pos, out)
                if pos < 0:
                    del out[mark:]
                    return -1
            return pos

    return f


def _one_of(cell: list):
    """An ordered choice over the members that can match at the next character (``_dispatch``)."""

    def f(text, pos, out):
        by_char, others, at_end = cell
        for m in (by_char.get(text[pos], others) if pos < len(text) else at_end):
            end = m(text, pos, out)  # a member that fails has appended nothing
            if end >= 0:
                return end
        return -1

    return f


def _dispatch(expr, members: list, memo: dict) -> tuple:
    """``(by_char, others, at_end)`` of a choice: for each character some member is known to start
    with, the members that can match there, in order; the members for any other character (those
    that may match empty or whose start is not known); the members for the end of the text.
    Leaving out a member that cannot match changes nothing an ordered choice returns."""
    known = [starts(m, memo) for m in expr.members]
    chars = set().union(*(first for _, first in known if first is not None))

    def can(c, start) -> bool:
        nullable, first = start
        return nullable or first is None or c in first

    by_char = {c: tuple(f for f, start in zip(members, known) if can(c, start)) for c in chars}
    others = tuple(f for f, (nullable, first) in zip(members, known) if nullable or first is None)
    at_end = tuple(f for f, (nullable, _) in zip(members, known) if nullable)
    return by_char, others, at_end


def _lookahead(negative: bool, members: list):
    def f(text, pos, out):
        mark = len(out)
        matched = members[0](text, pos, out) >= 0
        del out[mark:]  # a lookahead keeps nothing
        return pos if matched != negative else -1

    return f


def _quantifier(low: int, high, members: list, chars: frozenset | None):
    """``x?``, ``x*``, ``x+``, ``x{n,m}``; ``chars``: the characters a match of ``x`` must start with
    (None: not known, or ``x`` may match empty), so that a try bound to fail is not made."""
    guarded = chars is not None
    if low == 0 and high == 1:  # ``x?``
        def f(text, pos, out):
            if pos < len(text) and (not guarded or text[pos] in chars):
                end = members[0](text, pos, out)
                if end >= 0:
                    return end
            return pos

        return f

    def f(text, pos, out):
        m = members[0]
        mark = len(out)
        end = pos
        count = 0
        size = len(text)
        while end < size and count < high and (not guarded or text[end] in chars):
            next_end = m(text, end, out)
            if next_end < 0:
                break
            count += 1
            if next_end == end and count >= low:  # an empty match: do not loop forever
                break
            end = next_end
        if count >= low:
            return end
        del out[mark:]
        return -1

    return f
