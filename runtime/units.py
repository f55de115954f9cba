"""Unit literals (``100_km``): a number tagged with its unit suffix.

Without upstream's ``unit`` declarations (families, conversion factors, SI prefixes, compound units),
a literal keeps the number it was written with: ``5_km.value()`` is 5. Units of one suffix add,
subtract and compare; a unit scales by a plain number; dividing two of one suffix gives a plain
number; ``==`` / ``<`` against a plain number compare the value (upstream: ``42_uid == 42``)."""

from __future__ import annotations

import operator

from runtime.display import show


def _div(a, b):
    """Simple's ``/`` (as ``core.div``, which imports this module): two ints truncate toward zero."""
    if type(a) is int and type(b) is int:
        q = a // b
        return q + 1 if q < 0 and q * b != a else q
    return a / b


class Quantity:
    __slots__ = ("_value", "_suffix")

    def __init__(self, value, suffix: str):
        self._value = value
        self._suffix = suffix

    def value(self):
        return self._value

    def suffix(self) -> str:
        return self._suffix

    def to_string(self) -> str:
        return self._spl_show()

    def _spl_show(self) -> str:
        return f"{show(self._value)}_{self._suffix}"

    def _same(self, other, op: str):
        if isinstance(other, Quantity):
            if other._suffix != self._suffix:
                raise TypeError(f"cannot apply {op} to {self._spl_show()} and {other._spl_show()} (different units)")
            return other._value
        raise TypeError(f"cannot apply {op} to {self._spl_show()} and a plain number (give it a unit)")

    def __add__(self, other):
        return Quantity(self._value + self._same(other, "+"), self._suffix)

    def __sub__(self, other):
        return Quantity(self._value - self._same(other, "-"), self._suffix)

    def __mul__(self, other):
        if isinstance(other, Quantity):
            raise TypeError(f"cannot apply * to {self._spl_show()} and {other._spl_show()} "
                            "(compound units need `unit` declarations, which spl2py does not support)")
        return Quantity(self._value * other, self._suffix)

    __rmul__ = __mul__

    def __truediv__(self, other):
        if isinstance(other, Quantity):
            return _div(self._value, self._same(other, "/"))
        return Quantity(_div(self._value, other), self._suffix)

    def __neg__(self):
        return Quantity(-self._value, self._suffix)

    def _cmp(self, other, op):
        if isinstance(other, Quantity):
            return op(self._value, self._same(other, "a comparison"))
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return op(self._value, other)
        return NotImplemented

    def __eq__(self, other):
        if other is None:
            return False
        if isinstance(other, Quantity) and other._suffix != self._suffix:
            return False
        r = self._cmp(other, operator.eq)
        return False if r is NotImplemented else r

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        return self._cmp(other, operator.lt)

    def __le__(self, other):
        return self._cmp(other, operator.le)

    def __gt__(self, other):
        return self._cmp(other, operator.gt)

    def __ge__(self, other):
        return self._cmp(other, operator.ge)

    def __hash__(self):
        return hash(self._value)
