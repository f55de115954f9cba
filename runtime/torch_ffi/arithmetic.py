"""Element-wise arithmetic (broadcasting), scalar forms, comparisons, and in-place updates."""

import torch

from runtime.torch_ffi._base import op
from runtime.torch_ffi.handles import TENSORS as T, put


@op("rt_torch_torchtensor_add", "(handle: i64, other: i64) -> i64")
def add(a, b):
    return put(T[a] + T[b])


@op("rt_torch_torchtensor_sub", "(handle: i64, other: i64) -> i64")
def sub(a, b):
    return put(T[a] - T[b])


@op("rt_torch_torchtensor_mul", "(handle: i64, other: i64) -> i64")
def mul(a, b):
    return put(T[a] * T[b])


@op("rt_torch_torchtensor_div", "(handle: i64, other: i64) -> i64")
def div(a, b):
    return put(T[a] / T[b])


@op("rt_torch_torchtensor_pow", "(handle: i64, exponent: f64) -> i64")
def pow_(a, e):
    return put(torch.pow(T[a], e))


@op("rt_torch_torchtensor_atan2", "(handle: i64, other: i64) -> i64")
def atan2(a, b):
    return put(torch.atan2(T[a], T[b]))


@op("rt_torch_torchtensor_add_scalar", "(handle: i64, scalar: f64) -> i64")
def add_scalar(a, s):
    return put(T[a] + s)


@op("rt_torch_torchtensor_sub_scalar", "(handle: i64, scalar: f64) -> i64")
def sub_scalar(a, s):
    return put(T[a] - s)


@op("rt_torch_torchtensor_mul_scalar", "(handle: i64, scalar: f64) -> i64")
def mul_scalar(a, s):
    return put(T[a] * s)


@op("rt_torch_torchtensor_div_scalar", "(handle: i64, scalar: f64) -> i64")
def div_scalar(a, s):
    return put(T[a] / s)


def _unary(name: str, fn) -> None:
    op(name, "(handle: i64) -> i64")(lambda a: put(fn(T[a])))


for _name, _fn in (
    ("neg", torch.neg),
    ("abs", torch.abs),
    ("sqrt", torch.sqrt),
    ("exp", torch.exp),
    ("log", torch.log),
    ("sin", torch.sin),
    ("cos", torch.cos),
    ("tan", torch.tan),
    ("asin", torch.asin),
    ("acos", torch.acos),
):
    _unary("rt_torch_torchtensor_" + _name, _fn)


# Comparisons give float 0/1 tensors (default dtype) so they feed `mean` for accuracy directly.
@op("rt_torch_torchtensor_eq", "(handle: i64, other: i64) -> i64")
def eq(a, b):
    return put(torch.eq(T[a], T[b]).to(torch.get_default_dtype()))


@op("rt_torch_torchtensor_gt", "(handle: i64, other: i64) -> i64")
def gt(a, b):
    return put(torch.gt(T[a], T[b]).to(torch.get_default_dtype()))


@op("rt_torch_torchtensor_lt", "(handle: i64, other: i64) -> i64")
def lt(a, b):
    return put(torch.lt(T[a], T[b]).to(torch.get_default_dtype()))


# In place: the handle keeps its identity (and the tensor object), as optimizers need.
@op("rt_torch_torchtensor_add_inplace", "(handle: i64, other: i64, alpha: f64)")
def add_inplace(a, b, alpha):
    T[a].add_(T[b], alpha=alpha)


@op("rt_torch_torchtensor_copy_inplace", "(handle: i64, src: i64)")
def copy_inplace(a, b):
    T[a].copy_(T[b])
