"""Element-wise arithmetic (broadcasting), scalar forms, comparisons, and in-place updates.

The element-wise ops are one-frame kernels (`kernels.py`); `T[a] + T[b]` is `operator.add`.
"""

import operator

import torch

from runtime.torch_ffi._base import op
from runtime.torch_ffi.handles import TENSORS as T, put
from runtime.torch_ffi.kernels import binary, unary, with_scalar


for _name, _fn in (("add", operator.add), ("sub", operator.sub), ("mul", operator.mul),
                   ("div", operator.truediv), ("atan2", torch.atan2)):
    binary("rt_torch_torchtensor_" + _name, _fn)

for _name, _fn in (("add_scalar", operator.add), ("sub_scalar", operator.sub), ("mul_scalar", operator.mul),
                   ("div_scalar", operator.truediv)):
    with_scalar("rt_torch_torchtensor_" + _name, _fn)

with_scalar("rt_torch_torchtensor_pow", torch.pow, "(handle: i64, exponent: f64) -> i64")

for _name in ("neg", "abs", "sqrt", "exp", "log", "sin", "cos", "tan", "asin", "acos"):
    unary("rt_torch_torchtensor_" + _name, getattr(torch, _name))


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
