"""Data-set externs: the IDX format (MNIST) and scikit-learn's bundled handwritten digits.

Served to `runtime/lib/datasets.spl`. Importing this module is cheap; numpy and torch are
imported when a data set is loaded.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

from runtime.errors import ExternError
from runtime.externs import extern

SIGNATURES = {
    "rt_data_load_idx": "(path: text) -> i64",
    "rt_data_find_file": "(dir: text, stem: text) -> text",
    "rt_data_load_digits": "() -> [i64]",
}

# IDX element types: code -> (numpy big-endian dtype, byte size)
IDX_TYPES = {0x08: (">u1", 1), 0x09: (">i1", 1), 0x0B: (">i2", 2), 0x0C: (">i4", 4), 0x0D: (">f4", 4), 0x0E: (">f8", 8)}


def read_idx(path: str | Path):
    """Read an IDX file (optionally gzip-compressed) into a numpy array of its dims.

    Format: two zero bytes, a type code, the number of dims, each dim as a big-endian u32,
    then the data, big-endian, row-major.
    """
    import numpy as np

    raw = Path(path).read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in IDX_TYPES:
        raise ValueError(f"{path}: not an IDX file (bad magic number)")
    dtype, size = IDX_TYPES[raw[2]]
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path}: truncated IDX header")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    count = 1
    for d in dims:
        count *= d
    if len(raw) != header + count * size:
        raise ValueError(f"{path}: expected {count * size} data bytes for dims {list(dims)}, found {len(raw) - header}")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(dims)


def write_idx(path: str | Path, array) -> None:
    """Write a numpy array as IDX (used by tests to make small files)."""
    import numpy as np

    codes = {np.dtype(v[0]).newbyteorder("="): k for k, v in IDX_TYPES.items()}
    code = codes[np.dtype(array.dtype).newbyteorder("=")]
    data = np.ascontiguousarray(array).astype(IDX_TYPES[code][0]).tobytes()
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    Path(path).write_bytes(header + data)


def _tensor_handle(array) -> int:
    """Store a numpy array as a torch tensor in the extern handle table: floats as float32, integers as int64."""
    import numpy as np
    import torch

    from runtime.torch_ffi.handles import put

    kind = np.float32 if array.dtype.kind == "f" else np.int64
    return put(torch.from_numpy(np.ascontiguousarray(array, dtype=kind)))


@extern("rt_data_load_idx", SIGNATURES["rt_data_load_idx"])
def load_idx(path: str) -> int:
    """An IDX file as a tensor: integer types become int64, float types float32."""
    try:
        return _tensor_handle(read_idx(path))
    except (OSError, ValueError) as exc:
        raise ExternError("rt_data_load_idx", str(exc)) from None


@extern("rt_data_find_file", SIGNATURES["rt_data_find_file"])
def find_file(directory: str, stem: str) -> str:
    """``dir/stem``, or ``dir/stem.gz``; an error listing both when neither exists."""
    tried = [Path(directory) / stem, Path(directory) / (stem + ".gz")]
    for path in tried:
        if path.is_file():
            return str(path)
    raise ExternError("rt_data_find_file", "no such file: " + " or ".join(str(p) for p in tried))


@extern("rt_data_load_digits", SIGNATURES["rt_data_load_digits"])
def load_digits() -> list[int]:
    """scikit-learn's 1,797 8x8 digits: [images N x 64 float32 in 0..1, labels N int64]."""
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError:
        raise ExternError(
            "rt_data_load_digits",
            'the digits data ships with scikit-learn: pip install "spl2py[digits]" (or pass --data DIR with MNIST IDX files)',
        ) from None
    digits = sklearn_digits()
    return [_tensor_handle(digits.data / 16.0), _tensor_handle(digits.target)]
