"""Indexing, slicing, joining and splitting."""

import torch

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import TENSORS as T, put, tensor_list


@op(
    "rt_torch_torchtensor_slice",
    "(handle: i64, dim: i64, start: i64, end: i64, step: i64) -> i64",
)
def slice_(a, dim, start, end, step):
    """x[..., start:end:step, ...] along `dim` (bounds clamp like Python; step must be > 0)."""
    x = T[a]
    if step <= 0:
        raise BadArg(f"slice step must be positive, got {step}")
    nd = x.dim()
    if not -nd <= dim < nd:
        raise BadArg(f"dim {dim} out of range for a {nd}-d tensor")
    return put(x[(slice(None),) * (dim % nd) + (slice(start, end, step),)])


@op("rt_torch_torchtensor_index_select", "(handle: i64, dim: i64, indices: i64) -> i64")
def index_select(a, dim, idx):
    return put(torch.index_select(T[a], dim, T[idx]))


@op("rt_torch_torchtensor_gather", "(handle: i64, dim: i64, indices: i64) -> i64")
def gather(a, dim, idx):
    return put(torch.gather(T[a], dim, T[idx]))


@op("rt_torch_torchtensor_cat", "(tensors: [i64], dim: i64) -> i64")
def cat(handles, dim):
    return put(torch.cat(tensor_list(handles), dim))


@op("rt_torch_torchtensor_stack", "(tensors: [i64], dim: i64) -> i64")
def stack(handles, dim):
    return put(torch.stack(tensor_list(handles), dim))


@op("rt_torch_torchtensor_chunk", "(handle: i64, chunks: i64, dim: i64) -> [i64]")
def chunk(a, chunks, dim):
    return [put(c) for c in T[a].chunk(chunks, dim)]
