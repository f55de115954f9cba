"""Which characters a grammar expression can start with, so the matcher tries only the alternatives
of an ordered choice that can match at the next character (``engine._one_of``).

``starts(expr)`` is ``(nullable, chars)``: ``nullable`` when the expression may match the empty
string (or when that is not known), ``chars`` the set of characters a non-empty match may begin
with, or None when not known. Both err on the safe side only: an expression with ``nullable``
False and a set of chars cannot match where the next character is outside the set (or at the end
of the text), so skipping it there changes nothing an ordered choice returns.

Regex terminals are read from Python's own regex parser (``re._parser``); anything it cannot say
simply (categories such as ``\\w``, negated sets, back references, case-insensitive patterns) is
None: tried everywhere, as before.
"""

from __future__ import annotations

import re

from parsimonious.expressions import Literal, Lookahead, OneOf, Quantifier, Regex, Sequence

try:
    from re import _constants as C, _parser
except ImportError:  # pragma: no cover - Python 3.10
    _parser = C = None

Start = tuple[bool, "frozenset[str] | None"]
UNKNOWN: Start = (True, None)
_MAX_RANGE = 256  # a character range wider than this is not listed (None)
# A pattern longer than this is not read (None): parsing the two largest terminals (14 and 28 KB,
# which start with a name, so None anyway) cost 28 ms of every start-up.
_MAX_PATTERN = 4000


def starts(expr, memo: dict[int, Start] | None = None) -> Start:
    """``(nullable, chars)`` of a parsimonious expression (see the module docstring)."""
    memo = {} if memo is None else memo
    key = id(expr)
    if key in memo:
        return memo[key]
    memo[key] = UNKNOWN  # a rule reached again while being read (recursion): not known
    memo[key] = result = _starts(expr, memo)
    return result


def _starts(expr, memo) -> Start:
    if isinstance(expr, Regex):
        return regex_starts(expr.re)
    if isinstance(expr, Literal):
        return (True, frozenset()) if not expr.literal else (False, frozenset(expr.literal[0]))
    if isinstance(expr, Lookahead):
        return (True, frozenset())  # zero width: what follows decides
    if isinstance(expr, Quantifier):
        nullable, chars = starts(expr.members[0], memo)
        return (nullable or expr.min == 0, chars)
    if isinstance(expr, Sequence):
        return _sequence(starts(m, memo) for m in expr.members)
    if isinstance(expr, OneOf):
        return _union(starts(m, memo) for m in expr.members)
    return UNKNOWN


def _sequence(parts) -> Start:
    chars: set[str] = set()
    for nullable, first in parts:
        if first is None:
            return UNKNOWN
        chars |= first
        if not nullable:
            return (False, frozenset(chars))
    return (True, frozenset(chars))


def _union(parts) -> Start:
    chars: set[str] = set()
    any_nullable = False
    for nullable, first in parts:
        if first is None:
            return UNKNOWN
        chars |= first
        any_nullable = any_nullable or nullable
    return (any_nullable, frozenset(chars))


# --------------------------------------------------------------------------- regexes


def regex_starts(pattern: re.Pattern) -> Start:
    if _parser is None or pattern.flags & re.IGNORECASE or len(pattern.pattern) > _MAX_PATTERN:
        return UNKNOWN
    try:
        return _items(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # a construct this reader does not know
        return UNKNOWN


def _items(items) -> Start:
    return _sequence(_item(op, arg) for op, arg in items)


def _item(op, arg) -> Start:
    if op is C.LITERAL:
        return (False, frozenset(chr(arg)))
    if op is C.IN:
        return (False, _char_set(arg))
    if op is C.SUBPATTERN:
        if arg[1] & C.SRE_FLAG_IGNORECASE:  # (?i:...)
            return UNKNOWN
        return _items(arg[-1])
    if op is C.BRANCH:
        return _union(_items(branch) for branch in arg[1])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, inner = arg
        nullable, chars = _items(inner)
        return (nullable or low == 0, chars)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return (True, frozenset())  # zero width
    if op is C.ATOMIC_GROUP:
        return _items(arg)
    return UNKNOWN  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, ...


def _char_set(items) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, arg in items:
        if op is C.LITERAL:
            chars.add(chr(arg))
        elif op is C.RANGE and arg[1] - arg[0] < _MAX_RANGE:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:  # NEGATE, CATEGORY, a wide RANGE
            return None
    return frozenset(chars)
