"""Upstream's safe casts ``x as T or: d`` / ``else: f`` / ``or_return:`` (reached as ``_spl.try_cast``; a user type's is ``runtime.casts.try_isa``).

Unlike a plain ``x as T`` (lenient: ``"abc" as i64`` is 0), a safe cast fails where the value does
not convert: nil, an ``Err``, text that is not wholly a number, a non-finite float to an integer, a
container to a scalar. The result is ``Ok(converted)``, or nil for a failure, so the unwrap forms'
``failed`` / ``ok_value`` take it from there.
"""

from __future__ import annotations

import math

from runtime.display import show
from runtime.objects import Ok, failed
from runtime.primitives import FLOAT_NAMES, INT_BITS, INT_NAMES, TEXT_NAMES, is_primitive

_FAIL = object()


def try_cast(v, type_name: str):
    """``Ok(v as type_name)`` for a primitive type name, or nil when ``v`` does not convert."""
    got = _FAIL if failed(v) else _convert(v, type_name)
    return None if got is _FAIL else Ok(got)


def _convert(v, name: str):
    t = type(v)
    if name in INT_NAMES:
        return _wrap(_to_int(v, t), name)
    if name in FLOAT_NAMES:
        if t is str:
            return _parse(float, v)
        return float(v) if t in (int, float, bool) else _FAIL
    if name in TEXT_NAMES:
        return show(v)
    if name == "bool":
        if t is str:
            return {"true": True, "false": False}.get(v.strip(), _FAIL)
        return bool(v) if t in (int, float, bool) else _FAIL
    if name == "char":
        if t is int:
            return chr(v) if 0 <= v <= 0x10FFFF else _FAIL
        return v if t is str and len(v) == 1 else _FAIL
    return v if is_primitive(v, name) else _FAIL


def _to_int(v, t):
    if t is int or t is bool:
        return int(v)
    if t is float:
        return int(v) if math.isfinite(v) else _FAIL
    if t is str:
        s = v.strip().replace("_", "")
        base = 0 if s[:2].lower() in ("0x", "0o", "0b") else 10
        return _parse(lambda text: int(text, base), s)
    return _FAIL


def _wrap(n, name: str):
    bits = INT_BITS.get(name)
    if n is _FAIL or bits is None:
        return n
    n &= (1 << bits) - 1
    return n - (1 << bits) if name[0] == "i" and n >= 1 << (bits - 1) else n


def _parse(convert, text: str):
    try:
        return convert(text.strip())
    except ValueError:
        return _FAIL
