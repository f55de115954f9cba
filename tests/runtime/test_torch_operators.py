"""Operators on lib.torch Tensors (`a + b`, `a * 2.0`, `2.0 - a`, `-a`, `a @ b`, `a == b`, ...) against torch."""

import pytest
import torch
from torch.testing import assert_close

from runtime.torch_ffi.handles import TENSORS, put
from spl2py.driver.run import load_module

SOURCE = """\
use lib.torch.{Tensor}

fn plus(a, b): a + b
fn minus(a, b): a - b
fn times(a, b): a * b
fn over(a, b): a / b
fn matmul(a, b): a @ b
fn power(a, b): a ** b
fn negate(a): -a
fn equal(a, b): a == b
fn unequal(a, b): a != b
fn greater(a, b): a > b
fn less(a, b): a < b
"""


@pytest.fixture(scope="module")
def spl(tmp_path_factory):
    path = tmp_path_factory.mktemp("ops") / "ops.spl"
    path.write_text(SOURCE)
    return load_module(path)


@pytest.fixture
def ab(spl):
    torch.manual_seed(0)
    a, b = torch.randn(3, 3), torch.randn(3, 3) + 4.0
    return a, b, spl.Tensor.from_handle(put(a.clone())), spl.Tensor.from_handle(put(b.clone()))


def value(x):
    assert type(x).__name__ == "Tensor", f"expected a Tensor, got {x!r}"
    return TENSORS[x.handle]


@pytest.mark.parametrize("fn, op", [
    ("plus", torch.add), ("minus", torch.sub), ("times", torch.mul), ("over", torch.div), ("matmul", torch.matmul),
])
def test_tensor_with_tensor(spl, ab, fn, op):
    a, b, ta, tb = ab
    assert_close(value(getattr(spl, fn)(ta, tb)), op(a, b))


@pytest.mark.parametrize("fn, op", [
    ("plus", torch.add), ("minus", torch.sub), ("times", torch.mul), ("over", torch.div), ("power", torch.pow),
])
@pytest.mark.parametrize("scalar", [2.0, 3])
def test_scalar_on_either_side(spl, ab, fn, op, scalar):
    a, _, ta, _ = ab
    assert_close(value(getattr(spl, fn)(ta, scalar)), op(a, scalar))
    if fn != "power":
        assert_close(value(getattr(spl, fn)(scalar, ta)), op(torch.full_like(a, scalar), a))


def test_negation(spl, ab):
    a, _, ta, _ = ab
    assert_close(value(spl.negate(ta)), -a)


def test_comparisons_are_elementwise(spl, ab):
    a, b, ta, tb = ab
    b[0, 0] = a[0, 0]
    tb = spl.Tensor.from_handle(put(b.clone()))
    for fn, op in [("equal", torch.eq), ("unequal", torch.ne), ("greater", torch.gt), ("less", torch.lt)]:
        assert_close(value(getattr(spl, fn)(ta, tb)), op(a, b).float(), msg=fn)
    assert_close(value(spl.equal(ta, float(a[1, 1]))), (a == a[1, 1]).float())
    assert_close(value(spl.greater(ta, 0.0)), (a > 0).float())
    assert_close(value(spl.less(0.0, ta)), (a > 0).float())  # reflected: 0.0 < a is a > 0.0


def test_named_methods_still_take_raw_handles(spl, ab):
    a, b, ta, tb = ab
    assert_close(value(ta.add(tb.handle)), a + b)


def test_tensor_equal_nil_is_false(spl, ab):
    assert spl.equal(ab[2], None) is False
