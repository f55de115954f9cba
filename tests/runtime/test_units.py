"""Unit literal values (runtime/units.py)."""

from __future__ import annotations

import pytest

from runtime.display import show
from runtime.units import Quantity as Q


def test_value_suffix_and_display():
    q = Q(5, "km")
    assert (q.value(), q.suffix(), q.to_string(), show(q), show([q])) == (5, "km", "5_km", "5_km", "[5_km]")
    assert show(Q(2.5, "s")) == "2.5_s"


def test_arithmetic_keeps_the_unit():
    assert Q(100, "m") + Q(50, "m") == Q(150, "m")
    assert (Q(100, "m") - Q(30, "m")).value() == 70
    assert (Q(10, "m") * 3).value() == 30 and (3 * Q(10, "m")).suffix() == "m"
    assert (Q(7, "m") / 2).value() == 3 and (-Q(7, "m") / 2).value() == -3
    assert Q(100, "m") / Q(20, "m") == 5 and type(Q(100, "m") / Q(20, "m")) is int


def test_mixing_units_is_an_error():
    with pytest.raises(TypeError, match="different units"):
        Q(1, "km") + Q(1, "s")
    with pytest.raises(TypeError, match="plain number"):
        Q(1, "km") + 1
    with pytest.raises(TypeError, match="compound units"):
        Q(1, "m") * Q(1, "m")


def test_comparisons():
    assert Q(42, "uid") == 42 and Q(42, "uid") != 41 and Q(1, "km") != Q(1, "s")
    assert Q(100, "m") > Q(50, "m") and Q(0.5, "s") < 1.0 and not (Q(500, "ms") < 1.0) and not (Q(1, "m") == None)  # noqa: E711
    assert hash(Q(3, "m")) == hash(3)
