"""A safetensors reader (no `safetensors` package): 8-byte little-endian header length, a JSON
header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}, raw data.
Open files live in their own handle table with their own counter."""

import itertools
import json
import struct
import sys

import torch

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import put

DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}

_FILES: dict[int, "_File"] = {}
_next = itertools.count(1).__next__


class _File:
    def __init__(self, path: str):
        with open(path, "rb") as f:
            raw = f.read()
        if len(raw) < 8:
            raise BadArg(
                f"{path!r} is not a safetensors file (shorter than its 8-byte header size)"
            )
        (n,) = struct.unpack("<Q", raw[:8])
        if n > len(raw) - 8:
            raise BadArg(f"{path!r}: header size {n} exceeds the file size {len(raw)}")
        try:
            header = json.loads(raw[8 : 8 + n].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadArg(f"{path!r}: bad safetensors JSON header: {exc}") from None
        if not isinstance(header, dict):
            raise BadArg(f"{path!r}: the safetensors header is not a JSON object")
        header.pop("__metadata__", None)
        self.path = path
        self.data = memoryview(raw)[8 + n :]
        self.entries = header
        for name in header:
            self._check(name)

    def _check(self, name: str) -> None:
        e = self.entries[name]
        try:
            dtype = DTYPES[e["dtype"]]
            shape = [int(d) for d in e["shape"]]
            begin, end = (int(o) for o in e["data_offsets"])
        except (KeyError, TypeError, ValueError):
            raise BadArg(
                f"{self.path!r}: bad header entry for tensor {name!r}: {e!r}"
            ) from None
        numel = 1
        for d in shape:
            numel *= d
        size = numel * dtype.itemsize
        if not 0 <= begin <= end <= len(self.data) or end - begin != size:
            raise BadArg(
                f"{self.path!r}: tensor {name!r} has bad data_offsets {[begin, end]}"
            )
        e["_parsed"] = (dtype, shape, begin, end)

    def tensor(self, name: str) -> torch.Tensor:
        e = self.entries.get(name)
        if e is None:
            raise BadArg(f"{self.path!r} has no tensor named {name!r}")
        dtype, shape, begin, end = e["_parsed"]
        if begin == end:
            return torch.empty(shape, dtype=dtype)
        t = torch.frombuffer(
            bytearray(self.data[begin:end]), dtype=dtype
        )  # a private copy
        if sys.byteorder == "big" and dtype.itemsize > 1:
            t = (
                t.view(torch.uint8)
                .view(-1, dtype.itemsize)
                .flip(1)
                .contiguous()
                .view(dtype)
            )
        return t.reshape(shape)


def _file(h: int) -> _File:
    f = _FILES.get(h)
    if f is None:
        raise BadArg(f"invalid safetensors handle {h!r} (closed or never opened)")
    return f


@op("rt_torch_safetensors_open", "(path: text) -> i64")
def open_(path):
    f = _File(path)
    h = _next()
    _FILES[h] = f
    return h


@op("rt_torch_safetensors_close", "(handle: i64)")
def close(h):
    _FILES.pop(h, None)


@op("rt_torch_safetensors_num_tensors", "(handle: i64) -> i64")
def num_tensors(h):
    return len(_file(h).entries)


@op("rt_torch_safetensors_list_names", "(handle: i64) -> text")
def list_names(h):
    """Names in file order (the header's order), newline-joined."""
    return "\n".join(_file(h).entries)


@op("rt_torch_safetensors_get_tensor", "(sf_handle: i64, name: text) -> i64")
def get_tensor(h, name):
    return put(_file(h).tensor(name))
