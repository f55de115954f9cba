"""lib.torch.distributed over real torch.distributed: the externs in a world of one (in this
process), and real gloo worlds of 2 and 4 processes started by `spl2py run --nproc` on the
program tests/runtime/distributed/world.spl, compared with that program run alone."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch
import torch.distributed as dist
from torch.utils.data import DistributedSampler

from runtime.errors import ExternError
from runtime.externs import bind
from runtime.torch_ffi.handles import TENSORS, put

ROOT = Path(__file__).resolve().parents[2]
WORLD = Path(__file__).resolve().parent / "distributed" / "world.spl"
TIMEOUT = 240


def X(name, *args):
    return bind(name)(*args)


# ---- the externs in a world of one -------------------------------------------------------------


@pytest.fixture
def world_of_one(monkeypatch):
    for key in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"):
        monkeypatch.delenv(key, raising=False)
    assert X("rt_torch_dist_is_initialized") is False
    assert X("rt_torch_dist_init", "gloo") == "gloo"
    yield
    X("rt_torch_dist_destroy")
    assert not dist.is_initialized()


def test_world_of_one_collectives(world_of_one):
    assert X("rt_torch_dist_init", "") == "gloo"  # already initialized: the backend in use
    assert (X("rt_torch_dist_rank"), X("rt_torch_dist_world_size"), X("rt_torch_dist_local_rank")) == (0, 1, 0)
    X("rt_torch_dist_barrier")
    h = put(torch.tensor([1.0, -2.0]))
    for op in ("sum", "mean", "max", "min"):
        X("rt_torch_dist_all_reduce", h, op)
    X("rt_torch_dist_broadcast", h, 0)
    assert TENSORS[h].tolist() == [1.0, -2.0]
    [g] = X("rt_torch_dist_all_gather", h)
    assert TENSORS[g].tolist() == [1.0, -2.0] and g != h
    assert TENSORS[X("rt_torch_dist_reduce_scatter", h, "sum")].tolist() == [1.0, -2.0]
    with pytest.raises(ExternError, match="reduce op must be"):
        X("rt_torch_dist_all_reduce", h, "prod")
    with pytest.raises(ExternError, match="divisible by the world size"):
        X("rt_torch_dist_reduce_scatter", put(torch.tensor(3.0)), "sum")


def test_grad_sync_buckets_and_averages(world_of_one):
    ps = [torch.randn(4, 3, requires_grad=True), torch.randn(4, requires_grad=True), torch.randn(2, requires_grad=True)]
    handles = [put(p) for p in ps]
    before = [p.detach().clone() for p in ps]
    X("rt_torch_dist_broadcast_params", handles, 0)
    assert all(torch.equal(a, b) for a, b in zip(before, ps))
    sync = X("rt_torch_dist_grad_sync_new", handles, 25.0)
    assert X("rt_torch_dist_grad_sync_buckets", sync) == 1
    small = X("rt_torch_dist_grad_sync_new", handles, 0.00002)  # 20 bytes: 8+16 > 20, each alone
    assert X("rt_torch_dist_grad_sync_buckets", small) == 3
    X("rt_torch_dist_grad_sync_free", small)
    (ps[0].sum() * 2 + ps[1].sum()).backward()  # ps[2] gets no gradient: zeros, as DDP gives
    assert torch.equal(ps[0].grad, torch.full((4, 3), 2.0)) and torch.equal(ps[2].grad, torch.zeros(2))
    X("rt_torch_dist_grad_sync_free", sync)
    with pytest.raises(ExternError, match="not a leaf tensor requiring grad"):
        X("rt_torch_dist_grad_sync_new", [put(torch.zeros(2))], 1.0)


def test_collectives_need_a_group():
    assert not dist.is_initialized()
    with pytest.raises(ExternError, match="call init_process_group"):
        X("rt_torch_dist_rank")
    with pytest.raises(ExternError, match="call init_process_group"):
        X("rt_torch_dist_all_reduce", put(torch.zeros(1)), "sum")


@pytest.mark.parametrize("n", [0, 1, 7, 10, 11])
@pytest.mark.parametrize("replicas", [1, 3, 4])
@pytest.mark.parametrize("shuffle, drop_last", [(True, False), (True, True), (False, False), (False, True)])
def test_sampler_indices_are_torchs(n, replicas, shuffle, drop_last):
    for rank in range(replicas):
        for epoch in (0, 5):
            ref = DistributedSampler(range(n), replicas, rank, shuffle=shuffle, seed=3, drop_last=drop_last)
            ref.set_epoch(epoch)
            got = X("rt_torch_dist_sampler_indices", n, replicas, rank, shuffle, 3, epoch, drop_last)
            assert got == list(ref)
    with pytest.raises(ExternError, match="outside a world"):
        X("rt_torch_dist_sampler_indices", n, replicas, replicas, shuffle, 3, 0, drop_last)


# ---- real multi-process worlds -----------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "spl2py", "run", *args], capture_output=True, text=True,
                          timeout=TIMEOUT, env=env, cwd=ROOT)


def by_rank(stdout: str) -> dict[int, dict[str, str]]:
    """{rank: {key: value}} from `[rank R] key: value` lines (rank 0 has no prefix)."""
    out: dict[int, dict[str, str]] = {}
    for line in stdout.splitlines():
        m = re.match(r"^(?:\[rank (\d+)\] )?([^:]+): (.*)$", line)
        if m:
            out.setdefault(int(m.group(1) or 0), {})[m.group(2)] = m.group(3)
    return out


@pytest.fixture(scope="module")
def alone() -> dict[str, str]:
    """The program run alone, in this process (a world of one, no launcher env)."""
    from spl2py.driver.run import run_file

    saved = {k: os.environ.pop(k) for k in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT") if k in os.environ}
    out, real = io.StringIO(), sys.stdout
    sys.stdout = out
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as a launched worker (OMP_NUM_THREADS=1)
    try:
        code = run_file(WORLD)
    finally:
        torch.set_num_threads(threads)
        sys.stdout = real
        os.environ.update(saved)
    assert code == 0
    return by_rank(out.getvalue())[0]


@pytest.mark.parametrize("world", [2, 4])
def test_world_trains_like_one_process_on_all_data(world, alone, tmp_path):
    checkpoint = tmp_path / "world.pt"
    result = run("--nproc", str(world), str(WORLD), str(checkpoint))
    assert result.returncode == 0, result.stdout + result.stderr
    ranks = by_rank(result.stdout)
    assert sorted(ranks) == list(range(world))
    expected = json.loads(alone["params"])
    first = json.loads(ranks[0]["params"])
    for rank, lines in ranks.items():
        assert lines["world"] == f"gloo {rank} {world} true"
        assert lines["buckets"] == "2" and lines["after"] == "false"
        r = float(rank)
        assert json.loads(lines["sum"]) == [sum(i + 1.0 for i in range(world)), sum(10.0 - i for i in range(world))]
        assert json.loads(lines["mean"]) == pytest.approx([(world + 1) / 2, 10.0 - (world - 1) / 2])
        assert json.loads(lines["max"]) == [float(world), 10.0]
        assert json.loads(lines["min"]) == [1.0, 10.0 - (world - 1)]
        assert json.loads(lines["broadcast"]) == [float(world), 10.0 - (world - 1)]
        assert json.loads(lines["gather"]) == [2.0 * i for i in range(world)]
        total = [sum(i + float(k) for k in range(world)) for i in range(2 * world)]
        assert json.loads(lines["reduce_scatter"]) == total[2 * rank: 2 * rank + 2], r
        for key, value in lines.items():
            if key.startswith("sampler"):
                _, n, shuffle, drop_last, epoch = key.split()
                ref = DistributedSampler(range(int(n)), world, rank, shuffle=shuffle == "true", seed=7,
                                         drop_last=drop_last == "true")
                ref.set_epoch(int(epoch))
                indices, length = value.rsplit(" ", 1)
                assert json.loads(indices) == list(ref) and int(length) == len(ref), key
        params = json.loads(lines["params"])
        assert params == first  # every rank holds the very same parameters
        assert params == pytest.approx(expected, abs=1e-6)  # = one process on all the data
        assert lines["checkpoint"] == "0"  # rank 0 wrote it, before any rank read it
    saved = torch.load(checkpoint)
    assert saved["extra"] == {"rank": 0}
    assert [v for t in saved["model"].values() for v in t.flatten().tolist()] == first


# ---- CUDA / NCCL (skipped without a GPU) ----------------------------------------------------------

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")


@cuda
def test_nccl_world_of_one_and_gradient_sync_on_the_gpu(monkeypatch):
    for key in ("RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "LOCAL_RANK"):
        monkeypatch.delenv(key, raising=False)
    assert X("rt_torch_dist_init", "") == "nccl"
    try:
        h = put(torch.tensor([1.0, 3.0], device="cuda"))
        X("rt_torch_dist_all_reduce", h, "mean")
        assert TENSORS[h].tolist() == [1.0, 3.0] and TENSORS[h].is_cuda
        [g] = X("rt_torch_dist_all_gather", h)
        assert TENSORS[g].is_cuda
        w = torch.randn(5, 3, device="cuda", requires_grad=True)
        sync = X("rt_torch_dist_grad_sync_new", [put(w)], 25.0)
        (w * 3).sum().backward()
        assert torch.equal(w.grad, torch.full((5, 3), 3.0, device="cuda"))
        X("rt_torch_dist_grad_sync_free", sync)
    finally:
        X("rt_torch_dist_destroy")


GPU_DDP = """
use lib.torch.{Tensor, MSELoss, SGD, manual_seed}
use lib.torch.distributed.{init_process_group, get_rank, get_local_rank, DistributedDataParallel}

class Affine:
    w: Tensor
    fn forward(x: Tensor) -> Tensor:
        x.matmul(self.w)
    fn parameters() -> [Tensor]:
        [self.w]

fn main():
    val backend = init_process_group()
    val device = "cuda:{get_local_rank()}"
    manual_seed(get_rank())
    val model = Affine(w: Tensor.randn([3, 1]).to_device(device).requires_grad(true))
    val ddp = DistributedDataParallel.create(model)
    val opt = SGD.create(ddp.parameters(), 0.1)
    manual_seed(100 + get_rank())
    val x = Tensor.randn([4, 3]).to_device(device)
    opt.zero_grad()
    MSELoss.create().forward(ddp.forward(x), x.sum_dim(1, true)).backward()
    opt.step()
    print "w: {backend} {model.w.is_cuda()} {model.w.to_list()}"
"""


@pytest.mark.skipif(torch.cuda.device_count() < 2, reason="needs two GPUs")
def test_ddp_on_two_gpus_over_nccl(tmp_path):
    prog = tmp_path / "gpu_ddp.spl"
    prog.write_text(GPU_DDP)
    result = run("--nproc", "2", str(prog))
    assert result.returncode == 0, result.stdout + result.stderr
    ranks = by_rank(result.stdout)
    assert ranks[0]["w"] == ranks[1]["w"] and ranks[0]["w"].startswith("nccl true")
