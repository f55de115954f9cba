"""The functions behind Simple's built-in methods that need more than a lambda (language reference §7).

runtime/method_tables.py maps method names to them; they keep a leading underscore, being that
table's implementation rather than an API of their own.
"""

from __future__ import annotations

import math
from functools import reduce as _reduce

from runtime.display import show
from runtime.errors import PanicError
from runtime.objects import Some


def _int_or_none(s: str):
    try:
        return Some(int(s.strip().replace("_", "")))
    except ValueError:
        return None


def _float_or_none(s: str):
    try:
        return Some(float(s.strip()))
    except ValueError:
        return None


def _nth(xs, i):
    try:
        return xs[i]
    except IndexError:
        return None


def _fold(xs, *args):
    if len(args) == 1:
        return _reduce(args[0], xs)
    init, f = args
    return _reduce(f, xs, init)


def _pop(xs, i=None):
    if not xs:
        return None
    return xs.pop() if i is None else xs.pop(i)


def _index_of(xs, x):
    try:
        return xs.index(x)
    except ValueError:
        return -1


def _find(xs, f):
    for x in xs:
        if f(x):
            return x
    return None


def _count(xs, f=None):
    if f is None:
        return len(xs)
    if isinstance(xs, str):
        return xs.count(f)
    return sum(1 for x in xs if f(x))


def _each(xs, f):
    for x in xs:
        f(x)


def _sort(xs, key=None):
    return sorted(xs, key=key)


def _join(xs, sep=""):
    return sep.join([show(x) for x in xs])


def _substring(s, start, end=None):
    return s[start:end]


def _split(s, sep=None):
    return s.split(sep) if sep != "" else list(s)


def _insert(xs, i, x):
    xs.insert(i, x)


def _remove_at(xs, i):
    return xs.pop(i)


def _push(xs, x):
    """Append ``x`` and return the list itself, so both ``xs.push(x)`` and ``xs = xs.push(x)`` work."""
    xs.append(x)
    return xs


_NO_ARG = object()


def _count_of(xs, x=_NO_ARG):
    """``count()`` is the length, ``count(f)`` counts matches of a function, ``count(x)`` equal items."""
    if x is _NO_ARG:
        return len(xs)
    if callable(x):
        return sum(1 for y in xs if x(y))
    return xs.count(x)


def _unique(xs):
    out, seen = [], []
    for x in xs:
        if x not in seen:
            seen.append(x)
            out.append(x)
    return out


def _flatten(xs):
    return [y for x in xs for y in (x if isinstance(x, (list, tuple)) else [x])]


def _chunk(xs, n):
    return [list(xs[i : i + n]) for i in range(0, len(xs), n)] if n > 0 else []


def _remove_index(xs, i):
    """``xs.remove(i)``: remove and return the item at index ``i`` (upstream's list.remove)."""
    return xs.pop(i)


def _product(xs):
    out = 1
    for x in xs:
        out = out * x
    return out


def _position(xs, f):
    for i, x in enumerate(xs):
        if f(x):
            return i
    return None


def _partition(xs, f):
    yes = [x for x in xs if f(x)]
    return [yes, [x for x in xs if not f(x)]]


def _extend(xs, ys):
    xs.extend(ys)


def _clear(xs):
    xs.clear()


def _dict_get(d, k, default=None):
    return d.get(k, default)


def _opt_index(i: int):
    return None if i < 0 else Some(i)


def _str_pop(s):
    return s[-1] if s else None


def _capitalize(s):
    return s[:1].upper() + s[1:]


def _with(s, values):
    """``r"Hi {name}".with {"name": "Ann"}``: fill each ``{key}`` of the dict; other braces stay."""
    for key, value in values.items():
        s = s.replace("{" + str(key) + "}", show(value))
    return s


def _ord(s):
    if len(s) != 1:
        raise PanicError(f"ord() needs a one-character text, got {len(s)} characters")
    return ord(s)


def _chr(n):
    try:
        return chr(n)
    except (ValueError, OverflowError):
        raise PanicError(f"no character has the code {n}") from None


def _dict_set(d, k, v):
    """Store and return the dict itself (as ``push``), so ``d->set(k, v)`` keeps ``d``."""
    d[k] = v
    return d


def _dict_remove(d, k):
    return d.pop(k, None)


def _fdiv(a, b):
    if type(a) is int and type(b) is int:
        return a // b
    return math.floor(a / b)


def _sqrt(x):
    return math.sqrt(x)


def _clamp(x, lo, hi):
    return lo if x < lo else hi if x > hi else x


def _unwrap_nil(v, *args):
    raise PanicError("called unwrap on nil")


def _expect_nil(v, msg="called expect on nil"):
    raise PanicError(msg)
