"""The one table of Simple's primitive types, shared by the compiler and the runtime.

Each row gives a type name's Python class (for ``x is T``), its default value (for ``var x: T``
without a value) and, for sized integers, its bit width (for ``x as T`` wrapping). The compiler
reads the names (``x as T`` / ``x is T`` with one of them call the runtime); the runtime reads the
tests and widths. Nothing here imports anything.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Primitive:
    name: str
    py_type: type | None  # the class ``x is T`` checks exactly; None: ``nil``
    default: object = None  # what ``var x: T`` starts as; None: no default (the lowerer writes nil)
    bits: int | None = None  # sized integers wrap to this width on ``as``
    signed: bool = True


def _ints() -> list[Primitive]:
    out = [Primitive(n, int, 0) for n in ("int", "i64", "isize", "usize")]
    for bits in (8, 16, 32, 64):
        if bits != 64:
            out.append(Primitive(f"i{bits}", int, 0, bits))
        out.append(Primitive(f"u{bits}", int, 0, bits, signed=False))
    return out


PRIMITIVES: dict[str, Primitive] = {
    p.name: p
    for p in [
        *_ints(),
        *(Primitive(n, float, 0.0) for n in ("f32", "f64", "float")),
        *(Primitive(n, str, "") for n in ("text", "str", "String")),
        Primitive("char", str),
        Primitive("bool", bool, False),
        Primitive("nil", None),
        *(Primitive(n, list) for n in ("list", "List")),
        *(Primitive(n, dict) for n in ("dict", "Dict", "Map", "HashMap")),
        Primitive("tuple", tuple),
    ]
}

INT_NAMES = frozenset(n for n, p in PRIMITIVES.items() if p.py_type is int)
FLOAT_NAMES = frozenset(n for n, p in PRIMITIVES.items() if p.py_type is float)
TEXT_NAMES = frozenset(("text", "str", "String"))
# ``var x: T`` defaults
DEFAULTS = {n: p.default for n, p in PRIMITIVES.items() if p.default is not None}
# ``x as T`` wrapping widths (``u64`` wraps too; ``i64``/``int`` stay unbounded like Python ints)
INT_BITS = {n: p.bits for n, p in PRIMITIVES.items() if p.bits is not None}


def is_primitive(v, name: str) -> bool:
    """``v is name`` for a primitive type name (False for any other name)."""
    p = PRIMITIVES.get(name)
    if p is None:
        return False
    return v is None if p.py_type is None else type(v) is p.py_type
