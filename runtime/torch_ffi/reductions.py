"""Reductions. Full reductions return f64 (upstream) or a 0-d tensor (`*_all`, differentiable)."""

import torch

from runtime.torch_ffi._base import op, tensor_core
from runtime.torch_ffi.handles import TENSORS as T, put


@tensor_core("rt_torch_torchtensor_sum")
def sum_of(x):
    return x.sum().item()


@tensor_core("rt_torch_torchtensor_mean")
def mean_of(x):
    return x.mean().item()


@op("rt_torch_torchtensor_sum", "(handle: i64) -> f64")
def sum_(a):
    return sum_of(T[a])


@op("rt_torch_torchtensor_mean", "(handle: i64) -> f64")
def mean(a):
    return mean_of(T[a])


@op("rt_torch_torchtensor_max", "(handle: i64) -> f64")
def max_(a):
    return T[a].max().item()


@op("rt_torch_torchtensor_min", "(handle: i64) -> f64")
def min_(a):
    return T[a].min().item()


@op("rt_torch_torchtensor_std", "(handle: i64) -> f64")
def std(a):
    return T[a].std().item()


@op("rt_torch_torchtensor_var", "(handle: i64) -> f64")
def var(a):
    return T[a].var().item()


@op("rt_torch_torchtensor_sum_all", "(handle: i64) -> i64")
def sum_all(a):
    return put(T[a].sum())


@op("rt_torch_torchtensor_mean_all", "(handle: i64) -> i64")
def mean_all(a):
    return put(T[a].mean())


@op("rt_torch_torchtensor_sum_dim", "(handle: i64, dim: i64, keepdim: bool) -> i64")
def sum_dim(a, dim, keepdim):
    return put(T[a].sum(dim, keepdim))


@op("rt_torch_torchtensor_mean_dim", "(handle: i64, dim: i64, keepdim: bool) -> i64")
def mean_dim(a, dim, keepdim):
    return put(T[a].mean(dim, keepdim))


@op("rt_torch_torchtensor_max_dim", "(handle: i64, dim: i64, keepdim: bool) -> i64")
def max_dim(a, dim, keepdim):
    return put(T[a].max(dim, keepdim)[0])  # values only (indices: argmax)


@op("rt_torch_torchtensor_min_dim", "(handle: i64, dim: i64, keepdim: bool) -> i64")
def min_dim(a, dim, keepdim):
    return put(T[a].min(dim, keepdim)[0])


# Upstream convention, kept: dim < 0 means the global (flattened) argmax/argmin.
@op("rt_torch_torchtensor_argmax", "(handle: i64, dim: i64, keepdim: bool) -> i64")
def argmax(a, dim, keepdim):
    return put(torch.argmax(T[a], None if dim < 0 else dim, keepdim))


@op("rt_torch_torchtensor_argmin", "(handle: i64, dim: i64, keepdim: bool) -> i64")
def argmin(a, dim, keepdim):
    return put(torch.argmin(T[a], None if dim < 0 else dim, keepdim))
