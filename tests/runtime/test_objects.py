"""Operator methods on generated classes (runtime/objects.py install_operators)."""

import pytest

from runtime.objects import Object, Struct, impl


class P(Struct):
    _spl_fields = ("v",)

    def __init__(self, v):
        self.v = v

    def sub(self, o):
        return P(self.v - o.v)

    def mul_scalar(self, k):
        return P(self.v * k)

    def neg(self):
        return P(-self.v)


def test_methods_answer_operators_with_scalars_on_either_side():
    assert P(5) - P(2) == P(3)
    assert P(2) * 3 == P(6) and 3 * P(2) == P(6)  # mul commutes
    assert -P(1) == P(-1)
    with pytest.raises(TypeError):
        1 - P(2)  # no rsub: sub does not commute
    with pytest.raises(TypeError):
        P(1) + P(2)  # no add


def test_impl_block_methods_install_operators_too():
    class C(Object):
        pass

    @impl(C)
    class Block:
        def add(self, o):
            return "added"

        def rdiv(self, o):
            return f"{o} over"

    assert C() + 1 == "added" and 1 + C() == "added"
    assert 2 / C() == "2 over"


def test_eq_replaces_value_equality_but_not_hash_and_skips_nil():
    class Loose(Struct):
        _spl_fields = ("v",)

        def __init__(self, v):
            self.v = v

        def eq(self, o):
            return abs(self.v - o.v) < 1

    assert Loose(1.0) == Loose(1.5)
    assert Loose(1.0) != Loose(3.0)
    assert (Loose(1.0) == None) is False  # noqa: E711 - `x == nil` never calls eq
    assert hash(Loose(1.0)) == hash(Loose(1.0))


def test_impl_replacing_drop_repoints_the_finalizer():
    seen = []

    class R(Object):
        def drop(self):
            seen.append("class")

        __del__ = drop  # as lowering emits it

    @impl(R)
    class _block:
        def drop(self):
            seen.append("impl")

    R()
    assert seen == ["impl"] and R.__del__ is R.drop


def test_safe_navigation_reaches_through_some_and_rewraps():
    from runtime.objects import Some, chain_result, chain_target

    boxed = Some("value")
    assert chain_target(boxed) == "value" and chain_target("plain") == "plain"
    assert chain_result(boxed, "value") == Some("value")
    assert chain_result(boxed, None) is None and chain_result(boxed, Some(1)) == Some(1)
    assert chain_result("plain", "x") == "x"


def test_dual_static_and_instance_method_of_one_name():
    from runtime.objects import dual

    class T:
        def __init__(self, n):
            self.n = n

        m = dual(staticmethod(lambda: "static"), lambda self: self.n)

    assert T.m() == "static" and T(3).m() == 3
