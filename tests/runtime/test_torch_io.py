"""tensor_save/tensor_load and the hand-written safetensors reader (files made by the tests)."""

import json
import struct

import pytest
import torch

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put


def X(name, *args):
    return bind(name)(*args)


def t(h):
    return TENSORS[h]


def test_save_load_round_trip(tmp_path):
    path = str(tmp_path / "w.pt")
    x = torch.randn(3, 2, dtype=torch.float64)
    assert X("rt_torch_tensor_save", put(x), path) is None
    y = t(X("rt_torch_tensor_load", path))
    assert y.dtype == torch.float64 and torch.equal(x, y)
    assert isinstance(torch.load(path, weights_only=True), list)  # a list of tensors


def test_load_bad_files(tmp_path):
    with pytest.raises(ExternError, match="rt_torch_tensor_load"):
        X("rt_torch_tensor_load", str(tmp_path / "missing.pt"))
    torch.save([], tmp_path / "empty.pt")
    with pytest.raises(ExternError, match="non-empty list of tensors"):
        X("rt_torch_tensor_load", str(tmp_path / "empty.pt"))


# ---- safetensors ----------------------------------------------------------------------------

_CODES = {
    torch.float64: "F64",
    torch.float32: "F32",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
    torch.int16: "I16",
    torch.int8: "I8",
    torch.uint8: "U8",
    torch.bool: "BOOL",
}


def write_safetensors(path, tensors: dict, metadata=None):
    """The format: u64 LE header size, JSON header, then the raw little-endian data."""
    header, blobs, offset = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, x in tensors.items():
        raw = (
            x.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
            if x.numel()
            else b""
        )
        header[name] = {
            "dtype": _CODES[x.dtype],
            "shape": list(x.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header).encode()
    head += b" " * (-len(head) % 8)
    path.write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))
    return str(path)


def test_safetensors_all_dtypes(tmp_path):
    torch.manual_seed(0)
    tensors = {
        f"t_{code.lower()}": (
            (torch.randn(2, 3) * 50).to(dt)
            if dt != torch.bool
            else torch.rand(2, 3) > 0.5
        )
        for dt, code in _CODES.items()
    }
    tensors["scalar"] = torch.tensor(1.5)
    tensors["empty"] = torch.zeros(0, 4)
    path = write_safetensors(tmp_path / "m.safetensors", tensors, {"format": "pt"})
    f = X("rt_torch_safetensors_open", path)
    assert f > 0
    assert X("rt_torch_safetensors_num_tensors", f) == len(tensors)
    assert X("rt_torch_safetensors_list_names", f).split("\n") == list(tensors)
    for name, expected in tensors.items():
        got = t(X("rt_torch_safetensors_get_tensor", f, name))
        assert got.dtype == expected.dtype and got.shape == expected.shape, name
        assert torch.equal(got, expected), name
    X("rt_torch_safetensors_close", f)
    X("rt_torch_safetensors_close", f)  # closing twice is a no-op
    with pytest.raises(ExternError, match="invalid safetensors handle"):
        X("rt_torch_safetensors_num_tensors", f)


def test_safetensors_tensor_is_a_private_copy(tmp_path):
    path = write_safetensors(tmp_path / "a.safetensors", {"w": torch.ones(3)})
    f = X("rt_torch_safetensors_open", path)
    first = t(X("rt_torch_safetensors_get_tensor", f, "w"))
    first.zero_()
    assert torch.equal(t(X("rt_torch_safetensors_get_tensor", f, "w")), torch.ones(3))


def test_safetensors_errors(tmp_path):
    path = write_safetensors(tmp_path / "a.safetensors", {"w": torch.ones(3)})
    f = X("rt_torch_safetensors_open", path)
    with pytest.raises(ExternError, match="no tensor named 'nope'"):
        X("rt_torch_safetensors_get_tensor", f, "nope")
    with pytest.raises(ExternError, match="rt_torch_safetensors_open"):
        X("rt_torch_safetensors_open", str(tmp_path / "missing.safetensors"))
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(struct.pack("<Q", 1000) + b"{}")
    with pytest.raises(ExternError, match="exceeds the file size"):
        X("rt_torch_safetensors_open", str(bad))
    bad.write_bytes(struct.pack("<Q", 4) + b"{no}")
    with pytest.raises(ExternError, match="bad safetensors JSON header"):
        X("rt_torch_safetensors_open", str(bad))
    head = json.dumps(
        {"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 12]}}
    ).encode()
    bad.write_bytes(struct.pack("<Q", len(head)) + head + bytes(12))
    with pytest.raises(ExternError, match="bad data_offsets"):
        X("rt_torch_safetensors_open", str(bad))
    head = json.dumps(
        {"w": {"dtype": "F8", "shape": [1], "data_offsets": [0, 1]}}
    ).encode()
    bad.write_bytes(struct.pack("<Q", len(head)) + head + bytes(1))
    with pytest.raises(ExternError, match="bad header entry"):
        X("rt_torch_safetensors_open", str(bad))
