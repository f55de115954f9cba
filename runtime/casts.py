"""Casts and type tests generated code reaches as ``_spl.<name>``: ``int(x)``, ``x as T``, ``x is T``.

Primitive type names come from runtime/primitives.py (THE table); user types are classes, enums and traits.
"""

from __future__ import annotations

import builtins as _builtins

from runtime.display import show
from runtime.extensions import implements
from runtime.objects import Enum, Ok, Trait
from runtime.primitives import FLOAT_NAMES, INT_BITS, INT_NAMES, TEXT_NAMES, is_primitive


def to_int(v):
    """``int(x)`` / ``x as i64``: truncates floats, parses text leniently (``"4.2"`` -> 4, ``"abc"`` -> 0)."""
    t = type(v)
    if t is int:
        return v
    if t is float or t is bool:
        return _builtins.int(v)
    if t is str:
        s = v.strip().replace("_", "")
        try:
            return _builtins.int(s, 0) if s[:2].lower() in ("0x", "0o", "0b") else _builtins.int(s)
        except ValueError:
            try:
                return _builtins.int(_builtins.float(s))
            except ValueError:
                return 0
    return _builtins.int(v)


def to_float(v):
    if type(v) is str:
        try:
            return _builtins.float(v.strip())
        except ValueError:
            return 0.0
    return _builtins.float(v)


def cast(v, type_name: str):
    """``x as T`` for a primitive ``T``; sized integer types wrap like the native compiler."""
    if type_name in INT_NAMES:
        n = to_int(v)
        bits = INT_BITS.get(type_name)
        if bits is not None:
            n &= (1 << bits) - 1
            if type_name[0] == "i" and n >= 1 << (bits - 1):
                n -= 1 << bits
        return n
    if type_name in FLOAT_NAMES:
        return to_float(v)
    if type_name in TEXT_NAMES:
        return show(v)
    if type_name == "bool":
        return bool(v)
    if type_name == "char":
        return chr(v) if type(v) is int else _builtins.str(v)[:1]
    return v


def is_type(v, type_name: str) -> bool:
    """``x is T`` for a built-in type name (``i64``, ``text``, ``[i64]`` ...)."""
    if type_name.startswith("["):
        return type(v) is _builtins.list
    if type_name.startswith("{"):
        return type(v) is dict
    if type_name.endswith("?"):
        return v is None or is_type(v, type_name[:-1])
    return is_primitive(v, type_name)


def isa(v, t) -> bool:
    """``x is T`` for a user type: a class, an enum or variant, or a trait it implements."""
    if isinstance(t, Enum):  # a variant without payload is a singleton value
        return v is t or v == t
    if isinstance(t, type):
        if issubclass(t, Trait):
            return implements(v, t)  # an impl for its class or for its built-in type
        return isinstance(v, t)
    return False


def try_isa(v, t):
    """``v as T or: ...`` for a user type: ``Ok(v)`` when ``v is T``, else nil."""
    return Ok(v) if isa(v, t) else None
