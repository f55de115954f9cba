"""The IDX reader/writer and the data-set externs behind lib.datasets."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from runtime import datasets
from runtime.errors import ExternError


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
def test_idx_round_trip(tmp_path, dtype):
    array = (np.arange(2 * 3 * 4) - 5).astype(dtype).reshape(2, 3, 4)
    if dtype == np.uint8:
        array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / "x.idx"
    datasets.write_idx(path, array)
    back = datasets.read_idx(path)
    assert back.shape == (2, 3, 4)
    np.testing.assert_array_equal(back, array)


def test_idx_header_is_big_endian(tmp_path):
    path = tmp_path / "labels-idx1-ubyte"
    datasets.write_idx(path, np.array([7, 2, 1], dtype=np.uint8))
    assert path.read_bytes() == bytes([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 1])


def test_idx_gzip_is_transparent(tmp_path):
    plain = tmp_path / "a"
    datasets.write_idx(plain, np.arange(6, dtype=np.uint8).reshape(2, 3))
    packed = tmp_path / "a.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    np.testing.assert_array_equal(datasets.read_idx(packed), datasets.read_idx(plain))


def test_idx_errors_are_clear(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="bad magic"):
        datasets.read_idx(bad)
    short = tmp_path / "short"
    short.write_bytes(bytes([0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2]))
    with pytest.raises(ValueError, match="expected 5 data bytes"):
        datasets.read_idx(short)
    with pytest.raises(ExternError, match="rt_data_load_idx"):
        datasets.load_idx(str(bad))


def test_find_file_prefers_plain_then_gz(tmp_path):
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(b"")
    assert datasets.find_file(str(tmp_path), "t10k-labels-idx1-ubyte").endswith(".gz")
    with pytest.raises(ExternError, match="no such file: .*train-labels-idx1-ubyte or .*train-labels-idx1-ubyte.gz"):
        datasets.find_file(str(tmp_path), "train-labels-idx1-ubyte")


def test_load_idx_gives_int64_images_and_float32_floats(tmp_path):
    torch = pytest.importorskip("torch")
    from runtime.torch_ffi.handles import TENSORS

    path = tmp_path / "imgs"
    images = np.arange(2 * 2 * 2, dtype=np.uint8).reshape(2, 2, 2)
    datasets.write_idx(path, images)
    t = TENSORS[datasets.load_idx(str(path))]
    assert t.dtype == torch.int64 and list(t.shape) == [2, 2, 2]
    assert t.flatten().tolist() == list(range(8))
    fpath = tmp_path / "floats"
    datasets.write_idx(fpath, np.array([0.5, 1.5], dtype=np.float64))
    assert TENSORS[datasets.load_idx(str(fpath))].dtype == torch.float32


def test_load_digits_is_the_real_data():
    pytest.importorskip("sklearn")
    from runtime.torch_ffi.handles import TENSORS

    images, labels = (TENSORS[h] for h in datasets.load_digits())
    assert list(images.shape) == [1797, 64]
    assert list(labels.shape) == [1797]
    assert float(images.min()) == 0.0 and float(images.max()) == 1.0
    assert sorted(set(labels.tolist())) == list(range(10))
