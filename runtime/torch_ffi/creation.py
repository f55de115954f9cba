"""Tensor creation. Float tensors use torch's default dtype (float32), `from_data` included;
integer creation (`*_int_*`, `from_i64_data`, `randperm`) is int64."""

import torch

from runtime.torch_ffi._base import BadArg, dims, floats, ints, op
from runtime.torch_ffi.handles import put

_i64 = torch.int64


@op("rt_torch_tensor_zeros", "(dims: [i64]) -> i64")
def zeros(d):
    return put(torch.zeros(dims(d)))


@op("rt_torch_tensor_ones", "(dims: [i64]) -> i64")
def ones(d):
    return put(torch.ones(dims(d)))


@op("rt_torch_tensor_randn", "(dims: [i64]) -> i64")
def randn(d):
    return put(torch.randn(dims(d)))


@op("rt_torch_tensor_rand", "(dims: [i64]) -> i64")
def rand(d):
    return put(torch.rand(dims(d)))


@op("rt_torch_tensor_empty", "(dims: [i64]) -> i64")
def empty(d):
    return put(torch.empty(dims(d)))


@op("rt_torch_tensor_full", "(dims: [i64], value: f64) -> i64")
def full(d, value):
    return put(torch.full(dims(d), float(value)))


@op("rt_torch_tensor_uniform", "(dims: [i64], low: f64, high: f64) -> i64")
def uniform(d, low, high):
    return put(torch.empty(dims(d)).uniform_(low, high))


@op("rt_torch_tensor_from_data", "(data: [f64], dims: [i64]) -> i64")
def from_data(data, d):
    return put(
        torch.tensor(floats(data, "data"), dtype=torch.get_default_dtype()).reshape(
            dims(d)
        )
    )


@op("rt_torch_tensor_from_i64_data", "(data: [i64], dims: [i64]) -> i64")
def from_i64_data(data, d):
    return put(torch.tensor(ints(data, "data"), dtype=_i64).reshape(dims(d)))


@op("rt_torch_tensor_arange", "(start: f64, end: f64, step: f64) -> i64")
def arange(start, end, step):
    return put(torch.arange(start, end, step, dtype=torch.get_default_dtype()))


@op("rt_torch_tensor_arange_int", "(start: i64, end: i64, step: i64) -> i64")
def arange_int(start, end, step):
    return put(torch.arange(start, end, step, dtype=_i64))


@op("rt_torch_tensor_linspace", "(start: f64, end: f64, steps: i64) -> i64")
def linspace(start, end, steps):
    return put(torch.linspace(start, end, steps))


@op("rt_torch_tensor_eye", "(n: i64) -> i64")
def eye(n):
    return put(torch.eye(n))


@op("rt_torch_tensor_randperm", "(n: i64) -> i64")
def randperm(n):
    return put(torch.randperm(n))


@op("rt_torch_tensor_zeros_int_1d", "(d0: i64) -> i64")
def zeros_int_1d(d0):
    return put(torch.zeros(dims([d0]), dtype=_i64))


@op("rt_torch_tensor_zeros_int_2d", "(d0: i64, d1: i64) -> i64")
def zeros_int_2d(d0, d1):
    return put(torch.zeros(dims([d0, d1]), dtype=_i64))


@op("rt_torch_tensor_ones_int_1d", "(d0: i64) -> i64")
def ones_int_1d(d0):
    return put(torch.ones(dims([d0]), dtype=_i64))


@op("rt_torch_tensor_ones_int_2d", "(d0: i64, d1: i64) -> i64")
def ones_int_2d(d0, d1):
    return put(torch.ones(dims([d0, d1]), dtype=_i64))


@op("rt_torch_tensor_full_int_1d", "(d0: i64, value: i64) -> i64")
def full_int_1d(d0, value):
    return put(torch.full(dims([d0]), _int(value), dtype=_i64))


@op("rt_torch_tensor_full_int_2d", "(d0: i64, d1: i64, value: i64) -> i64")
def full_int_2d(d0, d1, value):
    return put(torch.full(dims([d0, d1]), _int(value), dtype=_i64))


def _int(v):
    if type(v) is not int:
        raise BadArg(f"value must be an integer, got {type(v).__name__} {v!r}")
    return v
