"""torch.distributed for Simple: the process group, collectives on tensor handles, gradient
averaging for lib.torch's DistributedDataParallel, and torch's DistributedSampler.

The process group comes from the launcher's environment (RANK, WORLD_SIZE, MASTER_ADDR,
MASTER_PORT, as `spl2py run --nproc` or torchrun set them); without it, a world of one over an
in-memory store, so a data-parallel program also runs alone. Backend "" means nccl when CUDA is
available, else gloo.
"""

from __future__ import annotations

import os

import torch
import torch.distributed as dist

from runtime.torch_ffi._base import BadArg, op
from runtime.torch_ffi.handles import TENSORS as T, get_object, put, put_object

GRAD_SYNCS: dict[int, "GradSync"] = {}
LAUNCHER_ENV = ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT")
OPS = {"sum": dist.ReduceOp.SUM, "max": dist.ReduceOp.MAX, "min": dist.ReduceOp.MIN}


def _need_group() -> None:
    if not dist.is_initialized():
        raise BadArg("no process group: call init_process_group() first")


def _reduce(t: torch.Tensor, name: str) -> None:
    """All-reduce `t` in place; "mean" is a sum divided by the world size (gloo has no AVG)."""
    if name == "mean":
        dist.all_reduce(t, dist.ReduceOp.SUM)
        t.div_(dist.get_world_size())
    elif name in OPS:
        dist.all_reduce(t, OPS[name])
    else:
        raise BadArg(f"reduce op must be 'sum', 'mean', 'max' or 'min', got {name!r}")


@op("rt_torch_dist_init", "(backend: text) -> text")
def init(backend):
    """Join (or form) the default process group; the backend in use."""
    if dist.is_initialized():
        return dist.get_backend()
    if backend == "":
        backend = "nccl" if torch.cuda.is_available() else "gloo"
    if backend == "nccl":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", "0")))
    if all(k in os.environ for k in LAUNCHER_ENV):
        dist.init_process_group(backend, init_method="env://")
    else:  # no launcher: a world of one
        dist.init_process_group(backend, store=dist.HashStore(), rank=0, world_size=1)
    return dist.get_backend()


@op("rt_torch_dist_is_initialized", "() -> bool")
def is_initialized():
    return dist.is_initialized()


@op("rt_torch_dist_rank", "() -> i64")
def rank():
    _need_group()
    return dist.get_rank()


@op("rt_torch_dist_world_size", "() -> i64")
def world_size():
    _need_group()
    return dist.get_world_size()


@op("rt_torch_dist_local_rank", "() -> i64")
def local_rank():
    return int(os.environ.get("LOCAL_RANK", "0"))


@op("rt_torch_dist_barrier", "()")
def barrier():
    _need_group()
    dist.barrier()


@op("rt_torch_dist_destroy", "()")
def destroy():
    if dist.is_initialized():
        dist.destroy_process_group()


@op("rt_torch_dist_all_reduce", "(handle: i64, reduce_op: text)")
def all_reduce(h, reduce_op):
    _need_group()
    _reduce(T[h], reduce_op)


@op("rt_torch_dist_broadcast", "(handle: i64, src: i64)")
def broadcast(h, src):
    _need_group()
    dist.broadcast(T[h], src)


@op("rt_torch_dist_all_gather", "(handle: i64) -> [i64]")
def all_gather(h):
    _need_group()
    t = T[h].contiguous()
    out = [torch.empty_like(t) for _ in range(dist.get_world_size())]
    dist.all_gather(out, t)
    return [put(x) for x in out]


@op("rt_torch_dist_reduce_scatter", "(handle: i64, reduce_op: text) -> i64")
def reduce_scatter(h, reduce_op):
    """Reduce `t` across ranks and return this rank's chunk of dim 0 (its length must divide)."""
    _need_group()
    t, n = T[h], dist.get_world_size()
    if t.ndim == 0 or t.shape[0] % n:
        raise BadArg(f"reduce_scatter needs dim 0 divisible by the world size {n}, got shape {list(t.shape)}")
    total = t.clone()
    _reduce(total, reduce_op)  # gloo has no reduce_scatter: all-reduce, then keep our chunk
    return put(total.chunk(n)[dist.get_rank()].clone())


# ---- gradient averaging (lib.torch DistributedDataParallel) --------------------------------


class GradSync:
    """Averages the gradients of `params` across ranks at the end of every backward pass.

    As torch's DDP does: parameters are grouped into buckets of about `bucket_bytes` in reverse
    order (the order gradients become ready); a bucket's flattened gradients are all-reduced
    asynchronously as soon as its last gradient is accumulated, overlapping the rest of the
    backward pass; a callback queued on the autograd engine waits for every bucket at the end and
    writes the averages back. A parameter that got no gradient contributes zeros.
    """

    def __init__(self, params: list[torch.Tensor], bucket_bytes: int):
        self.params = params
        self.buckets = self._assign(params, bucket_bytes)
        self.bucket_of = {i: b for b, bucket in enumerate(self.buckets) for i in bucket}
        self.hooks = [p.register_post_accumulate_grad_hook(self._hook(i)) for i, p in enumerate(params)]
        self._reset()

    @staticmethod
    def _assign(params, bucket_bytes) -> list[list[int]]:
        buckets, current, size, key = [], [], 0, None
        for i in reversed(range(len(params))):
            p = params[i]
            k = (p.dtype, p.device)
            nbytes = p.numel() * p.element_size()
            if current and (k != key or size + nbytes > bucket_bytes):
                buckets.append(current)
                current, size = [], 0
            current.append(i)
            size += nbytes
            key = k
        if current:
            buckets.append(current)
        return buckets

    def _reset(self) -> None:
        self.pending = [len(b) for b in self.buckets]
        self.works: dict[int, tuple] = {}
        self.queued = False

    def _hook(self, i: int):
        def ready(_param):
            if not self.queued:
                self.queued = True
                torch.autograd.Variable._execution_engine.queue_callback(self._finish)
            b = self.bucket_of[i]
            self.pending[b] -= 1
            if self.pending[b] == 0:
                self._launch(b)

        return ready

    def _launch(self, b: int) -> None:
        grads = []
        for i in self.buckets[b]:
            p = self.params[i]
            if p.grad is None:
                p.grad = torch.zeros_like(p)
            grads.append(p.grad)
        flat = torch._utils._flatten_dense_tensors(grads)
        self.works[b] = (dist.all_reduce(flat, async_op=True), flat, grads)

    def _finish(self) -> None:
        try:
            for b in range(len(self.buckets)):
                if b not in self.works:
                    self._launch(b)
            n = dist.get_world_size()
            for work, flat, grads in self.works.values():
                work.wait()
                flat.div_(n)
                for g, avg in zip(grads, torch._utils._unflatten_dense_tensors(flat, grads)):
                    g.copy_(avg)
        finally:
            self._reset()

    def close(self) -> None:
        for h in self.hooks:
            h.remove()


@op("rt_torch_dist_broadcast_params", "(params: [i64], src: i64)")
def broadcast_params(handles, src):
    """Broadcast the parameter values of rank `src` to every rank, coalesced into large messages."""
    _need_group()
    tensors = [T[h] for h in handles]
    with torch.no_grad():
        for dtype in {t.dtype for t in tensors}:
            group = [t for t in tensors if t.dtype == dtype]
            flat = torch._utils._flatten_dense_tensors(group)
            dist.broadcast(flat, src)
            for t, value in zip(group, torch._utils._unflatten_dense_tensors(flat, group)):
                t.copy_(value)


@op("rt_torch_dist_grad_sync_new", "(params: [i64], bucket_mb: f64) -> i64")
def grad_sync_new(handles, bucket_mb):
    _need_group()
    params = [T[h] for h in handles]
    for h, p in zip(handles, params):
        if not (p.is_leaf and p.requires_grad):
            raise BadArg(f"parameter handle {h} is not a leaf tensor requiring grad")
    return put_object(GRAD_SYNCS, GradSync(params, max(1, int(bucket_mb * 1024 * 1024))))


@op("rt_torch_dist_grad_sync_buckets", "(sync: i64) -> i64")
def grad_sync_buckets(h):
    return len(get_object(GRAD_SYNCS, h, "gradient sync").buckets)


@op("rt_torch_dist_grad_sync_free", "(sync: i64)")
def grad_sync_free(h):
    sync = GRAD_SYNCS.pop(h, None)
    if sync is not None:
        sync.close()


# ---- torch's DistributedSampler -------------------------------------------------------------


@op(
    "rt_torch_dist_sampler_indices",
    "(n: i64, num_replicas: i64, rank: i64, shuffle: bool, seed: i64, epoch: i64, drop_last: bool) -> [i64]",
)
def sampler_indices(n, num_replicas, rank, shuffle, seed, epoch, drop_last):
    """This rank's indices of a data set of `n` items, from torch.utils.data.DistributedSampler."""
    from torch.utils.data import DistributedSampler

    if not 0 <= rank < num_replicas:
        raise BadArg(f"rank {rank} is outside a world of {num_replicas}")
    sampler = DistributedSampler(
        range(n), num_replicas=num_replicas, rank=rank, shuffle=shuffle, seed=seed, drop_last=drop_last
    )
    sampler.set_epoch(epoch)
    return list(sampler)
