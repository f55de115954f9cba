"""Shape queries and manipulation. Views get fresh handles sharing storage."""

import torch

from runtime.torch_ffi._base import ints, op, tensor_core
from runtime.torch_ffi.handles import TENSORS as T, put


@op("rt_torch_torchtensor_ndim", "(handle: i64) -> i64")
def ndim(a):
    return T[a].dim()


tensor_core("rt_torch_torchtensor_numel")(torch.Tensor.numel)


@op("rt_torch_torchtensor_numel", "(handle: i64) -> i64")
def numel(a):
    return T[a].numel()


@op("rt_torch_torchtensor_shape", "(handle: i64) -> [i64]")
def shape(a):
    return list(T[a].shape)


@op("rt_torch_torchtensor_reshape", "(handle: i64, dims: [i64]) -> i64")
def reshape(a, d):
    return put(T[a].reshape(ints(d, "dims")))


@op("rt_torch_torchtensor_view", "(handle: i64, dims: [i64]) -> i64")
def view(a, d):
    """Upstream's contiguous().view: works on any layout (copies a non-contiguous source)."""
    return put(T[a].contiguous().view(ints(d, "dims")))


@op("rt_torch_torchtensor_permute", "(handle: i64, dims: [i64]) -> i64")
def permute(a, d):
    return put(T[a].permute(ints(d, "dims")))


@op("rt_torch_torchtensor_squeeze", "(handle: i64) -> i64")
def squeeze(a):
    return put(T[a].squeeze())


@op("rt_torch_torchtensor_squeeze_dim", "(handle: i64, dim: i64) -> i64")
def squeeze_dim(a, dim):
    return put(T[a].squeeze(dim))


@op("rt_torch_torchtensor_unsqueeze", "(handle: i64, dim: i64) -> i64")
def unsqueeze(a, dim):
    return put(T[a].unsqueeze(dim))


@op("rt_torch_torchtensor_flatten", "(handle: i64) -> i64")
def flatten(a):
    return put(T[a].flatten())


@op("rt_torch_torchtensor_contiguous", "(handle: i64) -> i64")
def contiguous(a):
    return put(T[a].contiguous())
