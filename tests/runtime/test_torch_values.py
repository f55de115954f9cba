"""Tensor objects that hold their own tensor (runtime/torch_ffi/tensor_class.py) and the value ops
(`rt_torch_value_*`, kernels.py): same results as the handle externs, handles made on demand, and
handle lifetimes tied to the tensor."""

import gc

import pytest
import torch
from torch.testing import assert_close

import runtime.torch_ffi.provider  # noqa: F401  (registers every extern, the value ops too)
from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put
from runtime.torch_ffi.kernels import VALUE_NAMES


def X(name, *args):
    return bind(name)(*args)


class Tensor:
    """A stand-in for lib.torch's generated class: its constructor sets the two fields."""

    def __init__(self, handle, owns_handle=True):
        self.handle = handle
        self.owns_handle = owns_handle


X("rt_torch_bind_tensor_class", Tensor)


def obj(t: torch.Tensor) -> Tensor:
    return Tensor(put(t))


UNARY = [
    "rt_torch_value_neg", "rt_torch_value_abs", "rt_torch_value_sqrt", "rt_torch_value_exp", "rt_torch_value_log",
    "rt_torch_value_sin", "rt_torch_value_cos", "rt_torch_value_tan", "rt_torch_value_asin", "rt_torch_value_acos",
    "rt_torch_value_relu", "rt_torch_value_sigmoid", "rt_torch_value_tanh", "rt_torch_value_gelu",
]
BINARY = [
    "rt_torch_value_add", "rt_torch_value_sub", "rt_torch_value_mul", "rt_torch_value_div", "rt_torch_value_atan2",
    "rt_torch_value_matmul", "rt_torch_value_dot",
]
SCALAR = [
    "rt_torch_value_add_scalar", "rt_torch_value_sub_scalar", "rt_torch_value_mul_scalar",
    "rt_torch_value_div_scalar", "rt_torch_value_pow",
]


def test_the_lists_here_name_every_value_op():
    assert set(UNARY + BINARY + SCALAR) == set(VALUE_NAMES)


def _input(name: str) -> torch.Tensor:
    torch.manual_seed(3)
    if name.endswith(("_dot",)):
        return torch.rand(4) * 0.9 + 0.05
    if name.endswith("_matmul"):
        return torch.rand(4, 4) * 0.9 + 0.05
    return torch.rand(3, 4) * 0.9 + 0.05  # inside every domain (log, sqrt, asin, acos)


@pytest.mark.parametrize("name", UNARY)
def test_unary_value_op_matches_the_handle_extern(name):
    t = _input(name)
    got = X(name, obj(t))
    want = TENSORS[X(VALUE_NAMES[name], put(t))]
    assert type(got) is Tensor
    assert_close(got._spl_tensor, want)


@pytest.mark.parametrize("name", BINARY)
def test_binary_value_op_matches_the_handle_extern(name):
    t, u = _input(name), _input(name).flip(0) + 0.5
    want = TENSORS[X(VALUE_NAMES[name], put(t), put(u))]
    assert_close(X(name, obj(t), obj(u))._spl_tensor, want)
    assert_close(X(name, obj(t), put(u))._spl_tensor, want)  # a raw handle as the other operand


@pytest.mark.parametrize("name", SCALAR)
def test_scalar_value_op_matches_the_handle_extern(name):
    t = _input(name)
    for s in (2.5, 3):
        assert_close(X(name, obj(t), s)._spl_tensor, TENSORS[X(VALUE_NAMES[name], put(t), s)])


def test_value_ops_name_bad_arguments():
    t = obj(torch.ones(2))
    with pytest.raises(ExternError, match="argument 'other' must be a Tensor or a tensor handle, got f64 2.0"):
        X("rt_torch_value_add", t, 2.0)
    with pytest.raises(ExternError, match="argument .t. must be a Tensor object"):
        X("rt_torch_value_neg", "x")
    with pytest.raises(ExternError, match="argument .t. must be a Tensor object, got i64 5"):
        X("rt_torch_value_neg", 5)
    with pytest.raises(ExternError, match="argument 'scalar' must be f64, got bool"):
        X("rt_torch_value_mul_scalar", t, True)
    with pytest.raises(ExternError, match="invalid tensor handle 999999"):
        X("rt_torch_value_add", t, 999999)
    with pytest.raises(ExternError, match="takes 2 argument"):
        X("rt_torch_value_add", t)
    with pytest.raises(ExternError, match="rt_torch_value_matmul"):
        X("rt_torch_value_matmul", t, obj(torch.ones(3, 3)))  # torch's shape error, named


def test_a_value_result_has_no_handle_until_read_then_keeps_it():
    n = X("rt_torch_handle_count")
    r = X("rt_torch_value_add", obj(torch.ones(2)), obj(torch.ones(2)))
    assert X("rt_torch_handle_count") == n
    h = r.handle
    assert h > 0 and r.handle == h and X("rt_torch_handle_count") == n + 1
    assert X("rt_torch_torchtensor_to_list", h) == [2.0, 2.0]  # every handle extern takes it
    one = put(torch.ones(2))
    X("rt_torch_torchtensor_add_inplace", h, one, 1.0)
    X("rt_torch_torchtensor_free", one)
    assert r._spl_tensor.tolist() == [3.0, 3.0]  # the same tensor object
    del r
    gc.collect()
    assert X("rt_torch_handle_count") == n
    with pytest.raises(ExternError, match="invalid tensor handle"):
        X("rt_torch_torchtensor_to_list", h)


def test_an_owning_object_adopts_its_handle_for_the_tensor_lifetime():
    h = put(torch.zeros(3))
    n = X("rt_torch_handle_count")
    t = Tensor(h)  # owns_handle defaults to true
    assert t.handle == h and t.owns_handle and X("rt_torch_handle_count") == n
    assert X("rt_torch_torchtensor_sum", h) == 0.0
    del t
    gc.collect()
    assert X("rt_torch_handle_count") == n - 1
    with pytest.raises(ExternError, match="invalid tensor handle"):
        X("rt_torch_torchtensor_sum", h)


def test_a_borrowing_object_leaves_the_handle_to_its_owner():
    owner = obj(torch.ones(2))
    view = Tensor(owner.handle, False)
    assert X("rt_torch_value_add", view, view)._spl_tensor.tolist() == [2.0, 2.0]
    view.drop()
    del view
    gc.collect()
    assert X("rt_torch_torchtensor_to_list", owner.handle) == [1.0, 1.0]


def test_giving_up_ownership_makes_the_handle_strong_again():
    t = obj(torch.ones(2))
    h = t.handle
    t.owns_handle = False
    del t
    gc.collect()
    assert X("rt_torch_torchtensor_to_list", h) == [1.0, 1.0]
    X("rt_torch_torchtensor_free", h)


def test_drop_frees_an_owned_handle_once():
    n = X("rt_torch_handle_count")
    t = Tensor(put(torch.zeros(3)))
    assert X("rt_torch_handle_count") == n + 1
    t.drop()
    assert X("rt_torch_handle_count") == n
    t.drop()
    assert X("rt_torch_handle_count") == n


def test_binding_needs_a_class():
    with pytest.raises(ExternError, match="expects a class"):
        X("rt_torch_bind_tensor_class", 3)


def test_take_moves_a_fresh_handle_into_a_new_object():
    n = X("rt_torch_handle_count")
    h = put(torch.arange(3.0))
    t = X("rt_torch_value_take", Tensor, h)
    assert type(t) is Tensor and t._spl_tensor.tolist() == [0.0, 1.0, 2.0]
    assert X("rt_torch_handle_count") == n  # out of the table: the object holds it
    assert type(X("rt_torch_value_take", t, put(torch.ones(1)))) is Tensor  # `like` may be an object
    with pytest.raises(ExternError, match="invalid tensor handle"):
        X("rt_torch_value_take", Tensor, h)
    with pytest.raises(ExternError, match="argument 'handle' must be i64, got bool"):
        X("rt_torch_value_take", Tensor, True)


# ---- bridges.py: value forms of handle externs ---------------------------------------------

def _m():
    torch.manual_seed(5)
    return torch.rand(3, 4) + 0.1


BRIDGE_CASES = {  # value extern -> (arguments as tensors or plain values)
    "rt_torch_value_numel": lambda: (_m(),),
    "rt_torch_value_shape": lambda: (_m(),),
    "rt_torch_value_item": lambda: (torch.tensor([2.5]),),
    "rt_torch_value_to_list": lambda: (_m(),),
    "rt_torch_value_sum": lambda: (_m(),),
    "rt_torch_value_mean": lambda: (_m(),),
    "rt_torch_value_sum_all": lambda: (_m(),),
    "rt_torch_value_mean_all": lambda: (_m(),),
    "rt_torch_value_reshape": lambda: (_m(), [4, 3]),
    "rt_torch_value_view": lambda: (_m().t(), [12]),
    "rt_torch_value_flatten": lambda: (_m(),),
    "rt_torch_value_transpose": lambda: (_m(), 0, 1),
    "rt_torch_value_t": lambda: (_m(),),
    "rt_torch_value_softmax": lambda: (_m(), 1),
    "rt_torch_value_log_softmax": lambda: (_m(), 0),
    "rt_torch_value_argmax": lambda: (_m(), 1, False),
    "rt_torch_value_eq": lambda: (_m(), _m()),
    "rt_torch_value_gt": lambda: (_m(), _m() * 0.5 + 0.2),
    "rt_torch_value_lt": lambda: (_m(), _m() * 0.5 + 0.2),
    "rt_torch_value_clone": lambda: (_m(),),
    "rt_torch_value_detach": lambda: (_m(),),
    "rt_torch_value_linear": lambda: (_m(), torch.rand(2, 4), torch.rand(2)),
    "rt_torch_value_dropout": lambda: (_m(), 0.5, False),
    "rt_torch_value_mse_loss_tensor": lambda: (_m(), _m() * 2),
    "rt_torch_value_cross_entropy_tensor": lambda: (_m(), torch.tensor([0, 3, 1])),
    "rt_torch_value_nll_loss_tensor": lambda: (_m().log_softmax(1), torch.tensor([0, 3, 1])),
    "rt_torch_value_binary_cross_entropy_tensor": lambda: (_m() * 0.5, torch.ones(3, 4) * 0.5),
}


def test_the_bridge_cases_name_every_bridge():
    from runtime.torch_ffi.bridges import BRIDGE_NAMES

    assert set(BRIDGE_CASES) | {"rt_torch_value_backward"} == set(BRIDGE_NAMES)


def _as_handles(args):
    return [put(a) if isinstance(a, torch.Tensor) else a for a in args]


def _as_objects(args):
    return [obj(a) if isinstance(a, torch.Tensor) else a for a in args]


@pytest.mark.parametrize("name", sorted(BRIDGE_CASES))
def test_a_bridge_computes_what_its_handle_extern_does_and_leaves_no_handle(name):
    from runtime.torch_ffi.bridges import BRIDGE_NAMES

    args = BRIDGE_CASES[name]()
    want = X(BRIDGE_NAMES[name], *_as_handles(args))
    objects = _as_objects(args)
    n = X("rt_torch_handle_count")
    got = X(name, *objects)
    assert X("rt_torch_handle_count") == n  # the call's handles went with it
    if isinstance(got, Tensor):
        assert_close(got._spl_tensor, TENSORS[want])
    else:
        assert got == want


def test_a_bridge_takes_raw_handles_and_zero_for_none():
    x, w = torch.rand(2, 4), torch.rand(3, 4)
    got = X("rt_torch_value_linear", obj(x), put(w), 0)
    assert_close(got._spl_tensor, x @ w.T)


def test_backward_through_a_bridge_fills_the_leaf_gradient():
    leaf = torch.ones(3, requires_grad=True)
    loss = X("rt_torch_value_sum_all", obj(leaf * 2))
    assert X("rt_torch_value_backward", loss) is None
    assert leaf.grad.tolist() == [2.0, 2.0, 2.0]


def test_a_bridge_names_a_bad_argument():
    with pytest.raises(ExternError, match="rt_torch_value_numel: argument 'handle' must be a Tensor"):
        X("rt_torch_value_numel", "x")
    with pytest.raises(ExternError, match="rt_torch_value_linear: takes 3 argument"):
        X("rt_torch_value_linear", obj(torch.ones(2)))
    with pytest.raises(ExternError, match="rt_torch_nn_linear"):  # torch's error, named by the extern
        X("rt_torch_value_linear", obj(torch.ones(2, 3)), obj(torch.ones(2, 4)), 0)


def test_tensor_cores_belong_to_bridged_externs_of_tensors_only():
    from runtime.externs import signature
    from runtime.torch_ffi._base import TENSOR_CORES
    from runtime.torch_ffi.bridges import BRIDGED

    assert {"rt_torch_nn_linear", "rt_torch_autograd_backward", "rt_torch_torchtensor_item"} <= set(TENSOR_CORES)
    for name in TENSOR_CORES:
        tensors, _ = BRIDGED[name]
        assert [p for p, _ in signature(name).params] == list(tensors), name


def test_a_tensor_core_fails_as_its_handle_extern_does():
    bad = torch.ones(3)
    with pytest.raises(ExternError) as by_handle:
        X("rt_torch_torchtensor_item", put(bad))
    with pytest.raises(ExternError) as by_value:
        X("rt_torch_value_item", obj(bad))
    assert str(by_value.value) == str(by_handle.value) and "1-element" in str(by_value.value)
    with pytest.raises(ExternError, match="does not require grad"):
        X("rt_torch_value_backward", obj(torch.ones(1)))
