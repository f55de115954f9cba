"""Devices, streams and CUDA memory: the CPU-only behaviour here, the CUDA behaviour where a GPU
exists (those tests are skipped on a CPU-only machine)."""

import pytest
import torch

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put

CUDA = torch.cuda.is_available()
needs_cuda = pytest.mark.skipif(not CUDA, reason="needs a CUDA device")
cpu_only = pytest.mark.skipif(CUDA, reason="checks the CPU-only behaviour")


def X(name, *args):
    return bind(name)(*args)


def t(h):
    return TENSORS[h]


def test_cpu_queries_and_clone():
    x = torch.arange(4.0)
    h = put(x)
    assert X("rt_torch_torchtensor_is_cuda", h) is False
    assert X("rt_torch_torchtensor_device", h) == -1
    c = t(X("rt_torch_torchtensor_cpu", h))
    assert torch.equal(c, x) and c.device.type == "cpu"
    cl = t(X("rt_torch_torchtensor_clone", h))
    assert torch.equal(cl, x) and cl.data_ptr() != x.data_ptr()
    assert t(X("rt_torch_torchtensor_to_device", h, "cpu")).device.type == "cpu"


def test_unknown_stream_handles():
    with pytest.raises(
        ExternError, match="rt_torch_torchstream_sync: invalid stream handle 999999"
    ):
        X("rt_torch_torchstream_sync", 999999)
    with pytest.raises(ExternError, match="invalid stream handle"):
        X("rt_torch_torchstream_query", 0)
    X("rt_torch_torchstream_free", 999999)  # no-op


def test_bad_device_text():
    with pytest.raises(ExternError, match="rt_torch_torchtensor_to_device"):
        X("rt_torch_torchtensor_to_device", put(torch.zeros(1)), "gpu:7")


@cpu_only
def test_cuda_requests_fail_cleanly_without_cuda():
    h = put(torch.zeros(2))
    assert X("rt_torch_cuda_available") is False
    for name, args in [
        ("rt_torch_torchtensor_cuda", (h, 0)),
        ("rt_torch_torchtensor_to_stream", (h, 0, 0)),
        ("rt_torch_stream_create", (0,)),
    ]:
        with pytest.raises(ExternError, match=f"{name}: CUDA is not available"):
            X(name, *args)
    with pytest.raises(ExternError, match="CUDA is not available"):
        X("rt_torch_torchtensor_to_device", h, "cuda:1")
    assert X("rt_torch_cuda_memory_allocated", 0) == 0
    assert X("rt_torch_cuda_max_memory_allocated", 3) == 0
    assert X("rt_torch_cuda_empty_cache") is None


# ---- with a GPU -----------------------------------------------------------------------------


@needs_cuda
def test_cuda_moves_and_device_ids():
    x = torch.randn(3, 3)
    h = put(x)
    g = X("rt_torch_torchtensor_cuda", h, 0)
    assert X("rt_torch_torchtensor_is_cuda", g) is True
    assert X("rt_torch_torchtensor_device", g) == 0
    assert torch.equal(t(X("rt_torch_torchtensor_cpu", g)), x)
    prod = t(X("rt_torch_torchtensor_matmul", g, g))
    assert prod.is_cuda
    torch.testing.assert_close(prod.cpu(), x @ x)
    assert (
        X("rt_torch_torchtensor_device", X("rt_torch_torchtensor_to_device", h, "cuda"))
        == 0
    )
    n = torch.cuda.device_count()
    with pytest.raises(ExternError, match=f"CUDA device {n} does not exist"):
        X("rt_torch_torchtensor_cuda", h, n)
    with pytest.raises(ExternError, match="does not exist"):
        X("rt_torch_torchtensor_cuda", h, -1)


@needs_cuda
@pytest.mark.skipif(
    CUDA and torch.cuda.device_count() < 2, reason="needs two CUDA devices"
)
def test_cuda_honours_the_device_id():
    h = put(torch.ones(2))
    assert X("rt_torch_torchtensor_device", X("rt_torch_torchtensor_cuda", h, 1)) == 1
    assert (
        X(
            "rt_torch_torchtensor_device",
            X("rt_torch_torchtensor_to_device", h, "cuda:1"),
        )
        == 1
    )
    s = X("rt_torch_stream_create", 1)
    with pytest.raises(ExternError, match="belongs to"):
        X("rt_torch_torchtensor_to_stream", h, 0, s)
    assert (
        X("rt_torch_torchtensor_device", X("rt_torch_torchtensor_to_stream", h, 1, s))
        == 1
    )


@needs_cuda
def test_streams_run_the_copy_on_the_stream():
    s = X("rt_torch_stream_create", 0)
    x = torch.randn(256, 256).pin_memory()
    g = X("rt_torch_torchtensor_to_stream", put(x), 0, s)
    assert X("rt_torch_torchtensor_device", g) == 0
    X("rt_torch_torchstream_sync", s)
    assert X("rt_torch_torchstream_query", s) is True
    assert torch.equal(t(g).cpu(), x)
    # a CUDA source: the stream waits for its producer on the current stream
    src = X("rt_torch_torchtensor_cuda", put(torch.randn(64)), 0)
    g2 = X("rt_torch_torchtensor_to_stream", src, 0, s)
    X("rt_torch_torchstream_sync", s)
    assert torch.equal(t(g2), t(src))
    assert (
        X(
            "rt_torch_torchtensor_device",
            X("rt_torch_torchtensor_to_stream", put(x), 0, 0),
        )
        == 0
    )
    X("rt_torch_torchstream_free", s)
    with pytest.raises(ExternError, match="invalid stream handle"):
        X("rt_torch_torchstream_query", s)


@needs_cuda
def test_cuda_memory_stats():
    torch.cuda.synchronize()
    before = X("rt_torch_cuda_memory_allocated", 0)
    g = X("rt_torch_torchtensor_cuda", put(torch.zeros(1024, 1024)), 0)
    after = X("rt_torch_cuda_memory_allocated", 0)
    assert after - before >= 4 * 1024 * 1024
    assert X("rt_torch_cuda_max_memory_allocated", 0) >= after
    X("rt_torch_torchtensor_free", g)
    assert X("rt_torch_cuda_memory_allocated", 0) <= after - 4 * 1024 * 1024
    X("rt_torch_cuda_empty_cache")
    with pytest.raises(ExternError, match="does not exist"):
        X("rt_torch_cuda_memory_allocated", torch.cuda.device_count())
