"""Every tensor-math extern against the direct torch computation: creation, arithmetic,
activations, linear algebra, reductions, shapes, indexing, casts and value extraction.
"""

import math

import pytest
import torch
import torch.nn.functional as F
from torch.testing import assert_close

from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put


def X(name, *args):
    return bind(name)(*args)


def t(h):
    return TENSORS[h]


@pytest.fixture
def a():
    torch.manual_seed(1)
    return torch.randn(3, 4)


@pytest.fixture
def b():
    torch.manual_seed(2)
    return torch.randn(3, 4)


# ---- info -----------------------------------------------------------------------------------


def test_info():
    assert X("rt_torch_available") is True
    assert X("rt_torch_version") == torch.__version__.split("+")[0]
    assert X("rt_torch_version").count(".") == 2
    assert X("rt_torch_cuda_available") is torch.cuda.is_available()


def test_manual_seed_repeats_random_streams():
    X("rt_torch_manual_seed", 7)
    first = t(X("rt_torch_tensor_randn", [5])).clone()
    X("rt_torch_manual_seed", 7)
    assert torch.equal(t(X("rt_torch_tensor_randn", [5])), first)
    torch.manual_seed(7)
    assert torch.equal(torch.randn(5), first)


# ---- creation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_tensor_zeros", torch.zeros),
        ("rt_torch_tensor_ones", torch.ones),
    ],
)
def test_constant_creation(name, fn):
    x = t(X(name, [2, 3]))
    assert x.dtype == torch.float32 and torch.equal(x, fn(2, 3))


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_tensor_randn", torch.randn),
        ("rt_torch_tensor_rand", torch.rand),
    ],
)
def test_random_creation_matches_torch_under_seed(name, fn):
    torch.manual_seed(3)
    x = t(X(name, [4, 5]))
    torch.manual_seed(3)
    assert x.dtype == torch.float32 and torch.equal(x, fn(4, 5))


def test_empty_full_uniform_eye():
    e = t(X("rt_torch_tensor_empty", [2, 0, 3]))
    assert e.shape == (2, 0, 3) and e.dtype == torch.float32
    assert torch.equal(
        t(X("rt_torch_tensor_full", [2, 2], 1.5)), torch.full((2, 2), 1.5)
    )
    assert (
        t(X("rt_torch_tensor_full", [1], 2)).dtype == torch.float32
    )  # an int value widens
    u = t(X("rt_torch_tensor_uniform", [1000], -0.5, 0.25))
    assert (
        u.dtype == torch.float32
        and u.min() >= -0.5
        and u.max() < 0.25
        and u.std() > 0.1
    )
    assert torch.equal(t(X("rt_torch_tensor_eye", 3)), torch.eye(3))


def test_from_data_is_float32_and_reshaped():
    x = t(X("rt_torch_tensor_from_data", [1.0, 2, 3.5, 4, 5, 6], [2, 3]))
    assert x.dtype == torch.float32
    assert torch.equal(x, torch.tensor([[1.0, 2, 3.5], [4, 5, 6]]))
    # mixes with float32 weights (upstream's float64 broke this matmul)
    w = put(torch.ones(3, 2))
    assert t(
        X(
            "rt_torch_torchtensor_matmul",
            X("rt_torch_tensor_from_data", [1.0, 2, 3], [1, 3]),
            w,
        )
    ).tolist() == [[6.0, 6.0]]


def test_from_i64_data_and_int_creation():
    x = t(X("rt_torch_tensor_from_i64_data", [3, -1, 4, 1], [2, 2]))
    assert x.dtype == torch.int64 and x.tolist() == [[3, -1], [4, 1]]
    cases = {
        ("rt_torch_tensor_zeros_int_1d", 3): torch.zeros(3, dtype=torch.int64),
        ("rt_torch_tensor_zeros_int_2d", 2, 3): torch.zeros(2, 3, dtype=torch.int64),
        ("rt_torch_tensor_ones_int_1d", 4): torch.ones(4, dtype=torch.int64),
        ("rt_torch_tensor_ones_int_2d", 1, 2): torch.ones(1, 2, dtype=torch.int64),
        ("rt_torch_tensor_full_int_1d", 2, 9): torch.full((2,), 9, dtype=torch.int64),
        ("rt_torch_tensor_full_int_2d", 2, 2, -7): torch.full(
            (2, 2), -7, dtype=torch.int64
        ),
    }
    for (name, *args), expected in cases.items():
        got = t(X(name, *args))
        assert got.dtype == torch.int64 and torch.equal(got, expected), name


def test_ranges_and_randperm():
    x = t(X("rt_torch_tensor_arange", 0.0, 1.0, 0.25))
    assert x.dtype == torch.float32 and torch.equal(x, torch.arange(0.0, 1.0, 0.25))
    xi = t(X("rt_torch_tensor_arange_int", 2, 11, 3))
    assert xi.dtype == torch.int64 and xi.tolist() == [2, 5, 8]
    assert torch.equal(
        t(X("rt_torch_tensor_linspace", -1.0, 1.0, 5)), torch.linspace(-1, 1, 5)
    )
    p = t(X("rt_torch_tensor_randperm", 10))
    assert p.dtype == torch.int64 and sorted(p.tolist()) == list(range(10))


# ---- arithmetic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_torchtensor_add", torch.add),
        ("rt_torch_torchtensor_sub", torch.sub),
        ("rt_torch_torchtensor_mul", torch.mul),
        ("rt_torch_torchtensor_div", torch.div),
        ("rt_torch_torchtensor_atan2", torch.atan2),
    ],
)
def test_binary(name, fn, a, b):
    assert_close(t(X(name, put(a), put(b))), fn(a, b))


def test_binary_broadcasts(a):
    row = torch.arange(4.0)
    assert_close(t(X("rt_torch_torchtensor_sub", put(a), put(row))), a - row)


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_torchtensor_add_scalar", lambda x, s: x + s),
        ("rt_torch_torchtensor_sub_scalar", lambda x, s: x - s),
        ("rt_torch_torchtensor_mul_scalar", lambda x, s: x * s),
        ("rt_torch_torchtensor_div_scalar", lambda x, s: x / s),
        ("rt_torch_torchtensor_pow", torch.pow),
    ],
)
def test_scalar(name, fn, a):
    got = t(X(name, put(a.abs()), 2.5))
    assert got.dtype == torch.float32
    assert_close(got, fn(a.abs(), 2.5))


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_torchtensor_neg", torch.neg),
        ("rt_torch_torchtensor_abs", torch.abs),
        ("rt_torch_torchtensor_sqrt", torch.sqrt),
        ("rt_torch_torchtensor_exp", torch.exp),
        ("rt_torch_torchtensor_log", torch.log),
        ("rt_torch_torchtensor_sin", torch.sin),
        ("rt_torch_torchtensor_cos", torch.cos),
        ("rt_torch_torchtensor_tan", torch.tan),
        ("rt_torch_torchtensor_asin", torch.asin),
        ("rt_torch_torchtensor_acos", torch.acos),
        ("rt_torch_torchtensor_relu", torch.relu),
        ("rt_torch_torchtensor_sigmoid", torch.sigmoid),
        ("rt_torch_torchtensor_tanh", torch.tanh),
        ("rt_torch_torchtensor_gelu", F.gelu),
    ],
)
def test_unary(name, fn):
    x = torch.linspace(0.05, 0.95, 12).reshape(3, 4) * torch.tensor([1.0, -1, 1, -1])
    if name.endswith(("sqrt", "log")):
        x = x.abs()
    assert_close(t(X(name, put(x))), fn(x), equal_nan=True)


def test_parameterised_activations(a):
    assert_close(
        t(X("rt_torch_torchtensor_leaky_relu", put(a), 0.2)), F.leaky_relu(a, 0.2)
    )
    assert_close(t(X("rt_torch_torchtensor_softmax", put(a), 1)), torch.softmax(a, 1))
    assert_close(
        t(X("rt_torch_torchtensor_log_softmax", put(a), -1)), torch.log_softmax(a, -1)
    )


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_torchtensor_eq", torch.eq),
        ("rt_torch_torchtensor_gt", torch.gt),
        ("rt_torch_torchtensor_lt", torch.lt),
    ],
)
def test_comparisons_are_float_masks(name, fn):
    x, y = torch.tensor([1.0, 2, 3]), torch.tensor([2.0, 2, 2])
    got = t(X(name, put(x), put(y)))
    assert got.dtype == torch.float32 and torch.equal(got, fn(x, y).float())


def test_inplace_keeps_handle_identity(a, b):
    ha, hb = put(a.clone()), put(b)
    before = t(ha)
    assert X("rt_torch_torchtensor_add_inplace", ha, hb, -0.5) is None
    assert t(ha) is before
    assert_close(t(ha), a - 0.5 * b)
    X("rt_torch_torchtensor_copy_inplace", ha, hb)
    assert t(ha) is before and torch.equal(t(ha), b)


# ---- linear algebra -------------------------------------------------------------------------


def test_matmul_dot_transpose(a, b):
    assert_close(t(X("rt_torch_torchtensor_matmul", put(a), put(b.T))), a @ b.T)
    v = torch.tensor([1.0, 2, 3])
    d = t(X("rt_torch_torchtensor_dot", put(v), put(v)))
    assert d.dim() == 0 and d.item() == 14.0
    assert torch.equal(
        t(X("rt_torch_torchtensor_transpose", put(a), 0, 1)), a.transpose(0, 1)
    )
    assert torch.equal(t(X("rt_torch_torchtensor_t", put(a))), a.t())


def test_norm_det_inverse():
    m = torch.tensor([[4.0, 1], [2, 3]])
    assert X("rt_torch_torchtensor_norm", put(m)) == pytest.approx(m.norm().item())
    assert X("rt_torch_torchtensor_det", put(m)) == pytest.approx(10.0, rel=1e-6)
    assert isinstance(X("rt_torch_torchtensor_det", put(m)), float)
    assert_close(t(X("rt_torch_torchtensor_inverse", put(m))), torch.linalg.inv(m))


def test_svd_returns_u_of_reduced_svd(a):
    u = t(X("rt_torch_torchtensor_svd", put(a)))
    assert_close(u, torch.linalg.svd(a, full_matrices=False)[0])
    assert u.shape == (3, 3)


def test_eig_real_eigenvalues():
    m = torch.tensor([[2.0, 1], [1, 2]])
    vals = t(X("rt_torch_torchtensor_eig", put(m)))
    assert vals.dtype == torch.float32
    assert sorted(vals.tolist()) == pytest.approx([1.0, 3.0])


# ---- reductions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, fn",
    [
        ("rt_torch_torchtensor_sum", torch.sum),
        ("rt_torch_torchtensor_mean", torch.mean),
        ("rt_torch_torchtensor_max", torch.max),
        ("rt_torch_torchtensor_min", torch.min),
        ("rt_torch_torchtensor_std", torch.std),
        ("rt_torch_torchtensor_var", torch.var),
    ],
)
def test_full_reductions_to_f64(name, fn, a):
    got = X(name, put(a))
    assert type(got) is float and got == pytest.approx(fn(a).item(), rel=1e-6)


def test_tensor_valued_full_reductions_are_differentiable(a):
    w = a.clone().requires_grad_()
    s = t(X("rt_torch_torchtensor_sum_all", put(w)))
    m = t(X("rt_torch_torchtensor_mean_all", put(w)))
    assert s.dim() == 0 and m.dim() == 0
    assert_close(s, a.sum())
    (s + m).backward()
    assert_close(w.grad, torch.full_like(a, 1 + 1 / a.numel()))


@pytest.mark.parametrize("keepdim", [False, True])
def test_dim_reductions(a, keepdim):
    for name, fn in [
        ("rt_torch_torchtensor_sum_dim", lambda x, d, k: x.sum(d, k)),
        ("rt_torch_torchtensor_mean_dim", lambda x, d, k: x.mean(d, k)),
        ("rt_torch_torchtensor_max_dim", lambda x, d, k: x.max(d, k).values),
        ("rt_torch_torchtensor_min_dim", lambda x, d, k: x.min(d, k).values),
        ("rt_torch_torchtensor_argmax", lambda x, d, k: x.argmax(d, k)),
        ("rt_torch_torchtensor_argmin", lambda x, d, k: x.argmin(d, k)),
    ]:
        for dim in (0, 1):
            got = t(X(name, put(a), dim, keepdim))
            assert torch.equal(got, fn(a, dim, keepdim)), (name, dim)


def test_argmax_negative_dim_is_global(a):
    got = t(X("rt_torch_torchtensor_argmax", put(a), -1, False))
    assert got.dim() == 0 and got.item() == a.argmax().item()
    got = t(X("rt_torch_torchtensor_argmin", put(a), -1, False))
    assert got.item() == a.argmin().item()


# ---- shapes ---------------------------------------------------------------------------------


def test_shape_queries():
    h = put(torch.zeros(2, 3, 4))
    assert X("rt_torch_torchtensor_ndim", h) == 3
    assert X("rt_torch_torchtensor_numel", h) == 24
    s = X("rt_torch_torchtensor_shape", h)
    assert s == [2, 3, 4] and type(s) is list and all(type(d) is int for d in s)


def test_reshape_view_permute_flatten(a):
    assert torch.equal(
        t(X("rt_torch_torchtensor_reshape", put(a), [2, -1])), a.reshape(2, 6)
    )
    v = t(X("rt_torch_torchtensor_view", put(a), [4, 3]))
    assert torch.equal(v, a.view(4, 3)) and v.data_ptr() == a.data_ptr()
    # view of a non-contiguous tensor works (upstream's contiguous().view)
    assert torch.equal(
        t(X("rt_torch_torchtensor_view", put(a.t()), [12])), a.t().reshape(12)
    )
    x = torch.randn(2, 3, 4)
    assert torch.equal(
        t(X("rt_torch_torchtensor_permute", put(x), [2, 0, 1])), x.permute(2, 0, 1)
    )
    assert torch.equal(t(X("rt_torch_torchtensor_flatten", put(x))), x.flatten())
    c = t(X("rt_torch_torchtensor_contiguous", put(a.t())))
    assert c.is_contiguous() and torch.equal(c, a.t())


def test_squeeze_unsqueeze():
    x = torch.zeros(1, 3, 1)
    assert t(X("rt_torch_torchtensor_squeeze", put(x))).shape == (3,)
    assert t(X("rt_torch_torchtensor_squeeze_dim", put(x), 0)).shape == (3, 1)
    assert t(X("rt_torch_torchtensor_unsqueeze", put(x), -1)).shape == (1, 3, 1, 1)


def test_views_get_fresh_handles_sharing_storage(a):
    h = put(a)
    v = X("rt_torch_torchtensor_transpose", h, 0, 1)
    assert v != h and t(v).data_ptr() == a.data_ptr()


# ---- indexing -------------------------------------------------------------------------------


def test_slice():
    x = torch.arange(20.0).reshape(4, 5)
    assert torch.equal(
        t(X("rt_torch_torchtensor_slice", put(x), 1, 1, 5, 2)), x[:, 1:5:2]
    )
    assert torch.equal(t(X("rt_torch_torchtensor_slice", put(x), 0, 2, 100, 1)), x[2:])
    assert torch.equal(
        t(X("rt_torch_torchtensor_slice", put(x), -1, -2, 5, 1)), x[:, -2:]
    )


def test_index_select_gather():
    x = torch.arange(12.0).reshape(3, 4)
    idx = torch.tensor([2, 0])
    assert torch.equal(
        t(X("rt_torch_torchtensor_index_select", put(x), 0, put(idx))), x[[2, 0]]
    )
    g = torch.tensor([[0], [3], [1]])
    assert torch.equal(
        t(X("rt_torch_torchtensor_gather", put(x), 1, put(g))), x.gather(1, g)
    )


def test_cat_stack_chunk(a, b):
    hs = [put(a), put(b)]
    assert torch.equal(t(X("rt_torch_torchtensor_cat", hs, 0)), torch.cat([a, b], 0))
    assert torch.equal(
        t(X("rt_torch_torchtensor_stack", hs, 1)), torch.stack([a, b], 1)
    )
    parts = X("rt_torch_torchtensor_chunk", put(torch.arange(5)), 2, 0)
    assert type(parts) is list and all(type(h) is int for h in parts)
    assert [t(h).tolist() for h in parts] == [[0, 1, 2], [3, 4]]


# ---- casts and values -----------------------------------------------------------------------


def test_casts():
    x = torch.tensor([1.7, -2.2])
    f64 = t(X("rt_torch_torchtensor_to_float", put(x)))
    assert f64.dtype == torch.float64 and torch.equal(f64, x.double())
    i = t(X("rt_torch_torchtensor_to_int", put(x)))
    assert i.dtype == torch.int64 and i.tolist() == [1, -2]
    assert t(X("rt_torch_torchtensor_to_float32", put(f64))).dtype == torch.float32


def test_item_to_list_to_string_dtype():
    assert X("rt_torch_torchtensor_item", put(torch.tensor([[2.5]]))) == 2.5
    assert type(X("rt_torch_torchtensor_item", put(torch.tensor(3)))) is float
    vals = X("rt_torch_torchtensor_to_list", put(torch.tensor([[1, 2], [3, 4]])))
    assert vals == [1.0, 2.0, 3.0, 4.0] and all(type(v) is float for v in vals)
    x = torch.tensor([0.5, 1.5])
    assert X("rt_torch_torchtensor_to_string", put(x)) == str(x)
    dtypes = {
        torch.float32: "f32",
        torch.float64: "f64",
        torch.int64: "i64",
        torch.bool: "bool",
        torch.uint8: "u8",
        torch.bfloat16: "bf16",
    }
    for dt, text in dtypes.items():
        assert X("rt_torch_torchtensor_dtype", put(torch.zeros(1, dtype=dt))) == text


def test_handle_count_and_free():
    n = X("rt_torch_handle_count")
    h = X("rt_torch_tensor_zeros", [1])
    assert X("rt_torch_handle_count") == n + 1
    X("rt_torch_torchtensor_free", h)
    assert X("rt_torch_handle_count") == n
    X("rt_torch_torchtensor_free", h)  # freeing twice, or 0, is a no-op
    X("rt_torch_torchtensor_free", 0)
    assert X("rt_torch_handle_count") == n


def test_handles_are_fresh_increasing_nonzero():
    hs = [X("rt_torch_tensor_zeros", [1]) for _ in range(3)]
    assert 0 not in hs and hs == sorted(hs) and len(set(hs)) == 3
    assert math.isfinite(X("rt_torch_torchtensor_sum", hs[0]))
