"""Devices, CUDA streams and CUDA memory stats. On a CPU-only machine every CUDA request is an
ExternError "CUDA is not available"; memory stats are 0 and empty_cache is a no-op."""

import torch

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import STREAMS, TENSORS as T, get_object, put, put_object

_CUDA = torch.cuda.is_available()


def _cuda_device(device_id: int) -> torch.device:
    if not _CUDA:
        raise BadArg(
            "CUDA is not available (this torch build or machine has no CUDA device)"
        )
    n = torch.cuda.device_count()
    if type(device_id) is not int or not 0 <= device_id < n:
        raise BadArg(
            f"CUDA device {device_id!r} does not exist ({n} device(s): 0..{n - 1})"
        )
    return torch.device("cuda", device_id)


@op("rt_torch_torchtensor_cuda", "(handle: i64, device_id: i32) -> i64")
def cuda(a, device_id):
    return put(T[a].to(_cuda_device(device_id)))


@op("rt_torch_torchtensor_cpu", "(handle: i64) -> i64")
def cpu(a):
    return put(T[a].cpu())


@op("rt_torch_torchtensor_to_device", "(handle: i64, device: text) -> i64")
def to_device(a, device):
    dev = torch.device(device)
    if dev.type == "cuda":
        dev = _cuda_device(0 if dev.index is None else dev.index)
    return put(T[a].to(dev))


@op("rt_torch_torchtensor_is_cuda", "(handle: i64) -> bool")
def is_cuda(a):
    return T[a].is_cuda


@op("rt_torch_torchtensor_device", "(handle: i64) -> i32")
def device(a):
    x = T[a]
    return x.get_device() if x.is_cuda else -1


@op("rt_torch_torchtensor_clone", "(handle: i64) -> i64")
def clone(a):
    return put(T[a].clone())


@op(
    "rt_torch_torchtensor_to_stream",
    "(handle: i64, device_id: i32, stream: i64) -> i64",
)
def to_stream(a, device_id, stream):
    """Copy to CUDA device `device_id`, enqueued on `stream` (0: the current stream). The copy is
    asynchronous with respect to the host; `torchstream_sync` waits for it."""
    dev = _cuda_device(device_id)
    if stream == 0:
        return put(T[a].to(dev))
    s = get_object(STREAMS, stream, "stream")
    if s.device != dev:
        raise BadArg(f"stream {stream} belongs to {s.device}, not {dev}")
    x = T[a]
    if x.is_cuda:
        s.wait_stream(
            torch.cuda.current_stream(x.device)
        )  # x's producer must finish first
    with torch.cuda.stream(s):
        y = x.to(dev, non_blocking=True)
    if x.is_cuda:
        x.record_stream(s)  # keep the source alive until the stream has read it
    return put(y)


@op("rt_torch_stream_create", "(device_id: i32) -> i64")
def stream_create(device_id):
    return put_object(STREAMS, torch.cuda.Stream(device=_cuda_device(device_id)))


@op("rt_torch_torchstream_sync", "(handle: i64)")
def stream_sync(h):
    get_object(STREAMS, h, "stream").synchronize()


@op("rt_torch_torchstream_query", "(handle: i64) -> bool")
def stream_query(h):
    """True when all work on the stream is done. An unknown handle is an error (upstream: true)."""
    return get_object(STREAMS, h, "stream").query()


@op("rt_torch_torchstream_free", "(handle: i64)")
def stream_free(h):
    STREAMS.pop(h, None)


@op("rt_torch_cuda_memory_allocated", "(device_id: i32) -> i64")
def memory_allocated(device_id):
    return torch.cuda.memory_allocated(_cuda_device(device_id)) if _CUDA else 0


@op("rt_torch_cuda_max_memory_allocated", "(device_id: i32) -> i64")
def max_memory_allocated(device_id):
    return torch.cuda.max_memory_allocated(_cuda_device(device_id)) if _CUDA else 0


@op("rt_torch_cuda_empty_cache", "()")
def empty_cache():
    if _CUDA:
        torch.cuda.empty_cache()
