"""Error paths: every failure is an ExternError naming the extern, never an abort or a silent 0."""

import pytest
import torch

from runtime import externs
from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import put


def X(name, *args):
    return bind(name)(*args)


def raises(name, match):
    return pytest.raises(ExternError, match=f"^{name}: .*{match}")


def test_handle_zero_and_unknown():
    with raises(
        "rt_torch_torchtensor_relu", r"invalid tensor handle 0 \(the 'none' handle\)"
    ):
        X("rt_torch_torchtensor_relu", 0)
    with raises("rt_torch_torchtensor_add", "invalid tensor handle 987654321"):
        X("rt_torch_torchtensor_add", put(torch.zeros(1)), 987654321)
    for name in ("rt_torch_autograd_zero_grad", "rt_torch_autograd_set_requires_grad"):
        args = (0, True) if name.endswith("requires_grad") else (0,)
        with raises(
            name, "invalid tensor handle 0"
        ):  # upstream inserted an empty tensor here
            X(name, *args)


def test_freed_handle():
    h = X("rt_torch_tensor_ones", [2])
    X("rt_torch_torchtensor_free", h)
    with raises("rt_torch_torchtensor_sum", f"invalid tensor handle {h} "):
        X("rt_torch_torchtensor_sum", h)


def test_stream_or_optimizer_handle_is_not_a_tensor():
    opt = X(
        "rt_torch_optim_sgd_new",
        [put(torch.zeros(1, requires_grad=True))],
        0.1,
        0.0,
        0.0,
    )
    with raises("rt_torch_torchtensor_neg", f"invalid tensor handle {opt}"):
        X("rt_torch_torchtensor_neg", opt)


def test_bad_handle_in_a_list():
    with raises("rt_torch_torchtensor_cat", "invalid tensor handle 0"):
        X("rt_torch_torchtensor_cat", [put(torch.zeros(1)), 0], 0)


def test_matmul_shape_mismatch():
    a, b = put(torch.zeros(2, 3)), put(torch.zeros(4, 5))
    with raises("rt_torch_torchtensor_matmul", r"cannot be multiplied \(2x3 and 4x5\)"):
        X("rt_torch_torchtensor_matmul", a, b)


def test_broadcast_mismatch():
    with raises("rt_torch_torchtensor_add", "must match the size"):
        X("rt_torch_torchtensor_add", put(torch.zeros(3)), put(torch.zeros(4)))


def test_dtype_mismatch():
    f64, f32 = put(torch.zeros(2, 2, dtype=torch.float64)), put(torch.zeros(2, 2))
    with raises("rt_torch_torchtensor_matmul", "dtype"):
        X("rt_torch_torchtensor_matmul", f64, f32)
    with raises("rt_torch_torchtensor_index_select", "int"):
        X("rt_torch_torchtensor_index_select", f32, 0, put(torch.zeros(1)))


def test_negative_dims():
    with raises("rt_torch_tensor_zeros", "dims must be non-negative integers"):
        X("rt_torch_tensor_zeros", [2, -1])


@pytest.mark.parametrize(
    "bad, shown", [([2.0, 3], "f64 2.0 at index 0"), ([True, 2], "bool true at index 0"), ([2, "3"], 'text "3" at index 1')]
)
def test_dims_that_are_not_integers(bad, shown):
    with raises("rt_torch_tensor_zeros", f"argument 'dims' must be \\[i64\\], got {shown}$"):
        X("rt_torch_tensor_zeros", bad)


def test_bad_data():
    with raises(
        "rt_torch_tensor_from_i64_data", r"argument 'data' must be \[i64\], got f64 1.5 at index 1"
    ):
        X("rt_torch_tensor_from_i64_data", [1, 1.5], [2])
    with raises("rt_torch_tensor_from_data", "data must be numbers"):
        X("rt_torch_tensor_from_data", [1.0, "x"], [2])
    with raises(
        "rt_torch_tensor_from_data", r"shape '\[2, 2\]' is invalid for input of size 3"
    ):
        X("rt_torch_tensor_from_data", [1.0, 2.0, 3.0], [2, 2])
    with raises("rt_torch_torchtensor_reshape", r"argument 'dims' must be \[i64\], got f64 2.0 at index 0"):
        X("rt_torch_torchtensor_reshape", put(torch.zeros(4)), [2.0, 2])
    with raises("rt_torch_tensor_full_int_1d", "argument 'value' must be i64, got f64 0.5"):
        X("rt_torch_tensor_full_int_1d", 2, 0.5)


def test_backward_on_non_scalar():
    w = put(torch.ones(3, requires_grad=True))
    y = X("rt_torch_torchtensor_mul_scalar", w, 2.0)
    with raises(
        "rt_torch_autograd_backward", r"scalar \(1-element\) tensor, got shape \[3\]"
    ):
        X("rt_torch_autograd_backward", y)


def test_backward_without_grad():
    with raises("rt_torch_autograd_backward", "does not require grad"):
        X("rt_torch_autograd_backward", put(torch.tensor(1.0)))


def test_requires_grad_on_non_leaf():
    w = put(torch.ones(3, requires_grad=True))
    y = X("rt_torch_torchtensor_mul_scalar", w, 2.0)
    with raises("rt_torch_autograd_set_requires_grad", "only be changed on a leaf"):
        X("rt_torch_autograd_set_requires_grad", y, False)
    X("rt_torch_autograd_set_requires_grad", y, True)  # already true: nothing changes
    with raises("rt_torch_autograd_set_requires_grad", "floating point"):
        X(
            "rt_torch_autograd_set_requires_grad",
            put(torch.zeros(2, dtype=torch.int64)),
            True,
        )


def test_other_value_errors():
    with raises("rt_torch_torchtensor_item", r"1-element tensor, got shape \[2\]"):
        X("rt_torch_torchtensor_item", put(torch.zeros(2)))
    with raises("rt_torch_torchtensor_slice", "step must be positive"):
        X("rt_torch_torchtensor_slice", put(torch.zeros(4)), 0, 0, 4, 0)
    with raises("rt_torch_torchtensor_slice", "out of range"):
        X("rt_torch_torchtensor_slice", put(torch.zeros(4)), 1, 0, 4, 1)
    with raises("rt_torch_torchtensor_eig", "complex eigenvalues"):
        X("rt_torch_torchtensor_eig", put(torch.tensor([[0.0, -1], [1, 0]])))
    with raises("rt_torch_torchtensor_inverse", "singular"):
        X("rt_torch_torchtensor_inverse", put(torch.zeros(2, 2)))
    with raises("rt_torch_torchtensor_softmax", "out of range"):
        X("rt_torch_torchtensor_softmax", put(torch.zeros(2)), 3)


def test_wrong_arity_is_an_extern_error():
    with raises("rt_torch_torchtensor_add", r"takes 2 argument\(s\) \(handle: i64, other: i64\) -> i64, got 1$"):
        X("rt_torch_torchtensor_add", put(torch.zeros(1)))


def test_torch_exception_is_chained():
    with pytest.raises(ExternError) as info:
        X("rt_torch_torchtensor_matmul", put(torch.zeros(2, 3)), put(torch.zeros(2, 3)))
    assert isinstance(info.value.__cause__, RuntimeError)
    assert info.value.extern == "rt_torch_torchtensor_matmul"


# ---- the signature check at the boundary: a bool is not a handle, text is not dims ------------


def test_bool_is_not_a_tensor_handle():
    h = put(torch.zeros(1))  # handle 1 exists, and True == 1 in Python: still an error
    assert h >= 1
    with raises("rt_torch_torchtensor_relu", "argument 'handle' must be i64, got bool true$"):
        X("rt_torch_torchtensor_relu", True)
    with raises("rt_torch_torchtensor_add", "argument 'other' must be i64, got bool false$"):
        X("rt_torch_torchtensor_add", h, False)


def test_text_is_not_dims_and_float_is_not_i64():
    with raises("rt_torch_tensor_zeros", r'argument \'dims\' must be \[i64\], got text "2, 3"$'):
        X("rt_torch_tensor_zeros", "2, 3")
    h = put(torch.zeros(2, 3))
    with raises("rt_torch_torchtensor_sum_dim", "argument 'dim' must be i64, got f64 1.0$"):
        X("rt_torch_torchtensor_sum_dim", h, 1.0, False)
    with raises("rt_torch_torchtensor_sum_dim", "argument 'keepdim' must be bool, got i64 1$"):
        X("rt_torch_torchtensor_sum_dim", h, 1, 1)
    with raises("rt_torch_torchtensor_cat", r"argument 'tensors' must be \[i64\], got bool true at index 1$"):
        X("rt_torch_torchtensor_cat", [h, True], 0)


def test_an_int_where_f64_is_declared_is_widened():
    h = put(torch.zeros(2))
    out = X("rt_torch_torchtensor_add_scalar", h, 2)
    assert X("rt_torch_torchtensor_to_list", out) == [2.0, 2.0]


def test_torch_cpp_backtrace_is_cut_to_its_first_line(monkeypatch):
    from runtime.torch_ffi._base import op

    # registered for this test only: the manifest test checks runtime.torch_ffi's registrations
    monkeypatch.setattr(externs, "_registry", dict(externs._registry))

    @op("rt_test_backtrace", "(handle: i64) -> i64")
    def fails(handle):
        raise RuntimeError(
            "index 9 is out of bounds for dimension 0 with size 2\n"
            "Exception raised from checkIndex at ../aten/src/ATen/native/Indexing.cpp:120 (most recent call first):\n"
            "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x96 (0x7f in libc10.so)\n"
            "frame #1: at::native::index_select_out_cpu_ + 0x3c (0x7f in libtorch_cpu.so)\n"
        )

    with pytest.raises(ExternError) as info:
        X("rt_test_backtrace", 1)
    assert str(info.value) == (
        "rt_test_backtrace: index 9 is out of bounds for dimension 0 with size 2 (RuntimeError from torch)"
    )


def test_too_large_dim_is_one_line():
    with pytest.raises(ExternError) as info:
        X("rt_torch_torchtensor_softmax", put(torch.zeros(2, 2)), 7)
    assert "\n" not in str(info.value) and "frame #" not in str(info.value)
    assert str(info.value).startswith("rt_torch_torchtensor_softmax: Dimension out of range")
