"""The one-frame torch externs (runtime/torch_ffi/kernels.py, handles.free, _base.op's fixed-arity
wrappers): results and handles as before, and every bad call still an ExternError."""

import pytest
import torch

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put


def X(name, *args):
    return bind(name)(*args)


def test_binary_unary_and_scalar_kernels_compute_and_store_a_fresh_handle():
    a, b = put(torch.tensor([1.0, 4.0])), put(torch.tensor([2.0, 2.0]))
    cases = {
        ("rt_torch_torchtensor_add", a, b): [3.0, 6.0],
        ("rt_torch_torchtensor_div", a, b): [0.5, 2.0],
        ("rt_torch_torchtensor_sqrt", a): [1.0, 2.0],
        ("rt_torch_torchtensor_relu", a): [1.0, 4.0],
        ("rt_torch_torchtensor_mul_scalar", a, 3.0): [3.0, 12.0],
        ("rt_torch_torchtensor_sub_scalar", a, 1): [0.0, 3.0],  # an i64 is a valid f64 argument
        ("rt_torch_torchtensor_pow", a, 2.0): [1.0, 16.0],
    }
    for (name, *args), want in cases.items():
        h = X(name, *args)
        assert type(h) is int and h not in (a, b) and TENSORS[h].tolist() == want, name
        X("rt_torch_torchtensor_free", h)
        assert h not in TENSORS


def test_matmul_and_dot_kernels():
    m, v = put(torch.eye(2)), put(torch.tensor([3.0, 4.0]))
    assert TENSORS[X("rt_torch_torchtensor_matmul", m, v)].tolist() == [3.0, 4.0]
    assert TENSORS[X("rt_torch_torchtensor_dot", v, v)].item() == 25.0


@pytest.mark.parametrize("name, args, match", [
    ("rt_torch_torchtensor_add", (True, 1), "argument 'handle' must be i64, got bool true"),
    ("rt_torch_torchtensor_neg", (1.0,), "argument 'handle' must be i64, got f64"),
    ("rt_torch_torchtensor_mul_scalar", (1, "2"), "argument 'scalar' must be f64, got text"),
    ("rt_torch_torchtensor_add", (1, 2, 3), r"takes 2 argument\(s\) .*, got 3$"),
    ("rt_torch_torchtensor_relu", (), r"takes 1 argument\(s\) .*, got 0$"),
    ("rt_torch_torchtensor_free", (True,), "argument 'handle' must be i64, got bool true"),
    ("rt_torch_torchtensor_free", (1, 2), r"takes 1 argument\(s\) .*, got 2$"),
    ("rt_torch_torchtensor_transpose", (1, 0, False), "argument 'dim1' must be i64, got bool"),
])
def test_bad_calls_are_extern_errors_naming_the_parameter(name, args, match):
    with pytest.raises(ExternError, match=f"^{name}: {match}"):
        X(name, *args)


def test_a_torch_failure_is_converted_and_chained():
    a, b = put(torch.zeros(2)), put(torch.zeros(3))
    with pytest.raises(ExternError, match="^rt_torch_torchtensor_add: .*RuntimeError from torch") as info:
        X("rt_torch_torchtensor_add", a, b)
    assert isinstance(info.value.__cause__, RuntimeError)
    with pytest.raises(ExternError, match="invalid tensor handle 0") as info:
        X("rt_torch_torchtensor_exp", 0)
    assert info.value.__cause__ is None


def test_free_of_zero_or_an_unknown_handle_is_a_no_op():
    before = len(TENSORS)
    X("rt_torch_torchtensor_free", 0)
    X("rt_torch_torchtensor_free", 10**12)
    assert len(TENSORS) == before
