"""Dtype casts and getting values out of tensors."""

import torch

from runtime.torch_ffi._base import BadArg, op, tensor_core
from runtime.torch_ffi.handles import TENSORS as T, put

_DTYPE_NAMES = {
    torch.float32: "f32",
    torch.float64: "f64",
    torch.float16: "f16",
    torch.bfloat16: "bf16",
    torch.int64: "i64",
    torch.int32: "i32",
    torch.int16: "i16",
    torch.int8: "i8",
    torch.uint8: "u8",
    torch.bool: "bool",
    torch.complex64: "c64",
    torch.complex128: "c128",
}


@op("rt_torch_torchtensor_to_float", "(handle: i64) -> i64")
def to_float(a):
    return put(T[a].to(torch.float64))


@op("rt_torch_torchtensor_to_float32", "(handle: i64) -> i64")
def to_float32(a):
    return put(T[a].to(torch.float32))


@op("rt_torch_torchtensor_to_int", "(handle: i64) -> i64")
def to_int(a):
    return put(T[a].to(torch.int64))


@tensor_core("rt_torch_torchtensor_item")
def item_of(x):
    if x.numel() != 1:
        raise BadArg(f"item needs a 1-element tensor, got shape {list(x.shape)}")
    return float(x.item())


@op("rt_torch_torchtensor_item", "(handle: i64) -> f64")
def item(a):
    return item_of(T[a])


@op("rt_torch_torchtensor_to_list", "(handle: i64) -> [f64]")
def to_list(a):
    return T[a].detach().reshape(-1).to("cpu", torch.float64).tolist()


@op("rt_torch_torchtensor_to_string", "(handle: i64) -> text")
def to_string(a):
    return str(T[a])


@op("rt_torch_torchtensor_dtype", "(handle: i64) -> text")
def dtype(a):
    d = T[a].dtype
    return _DTYPE_NAMES.get(d) or str(d).removeprefix("torch.")
