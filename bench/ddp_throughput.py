"""Data-parallel throughput: examples/torch/training/mnist_ddp.spl (lib.torch's
DistributedDataParallel over `spl2py run --nproc N`) against the same training written in Python
with torch's own DistributedDataParallel (launched by `python -m torch.distributed.run`).

    .venv/bin/python bench/ddp_throughput.py [--epochs N] [--ranks 1,2] [--rounds R]

Both sides train the same MLP (64-128-64-10, dropout 0.1) with Adam on the 1,438 training digits,
batch 16 per rank, shuffled by a DistributedSampler, batches taken with index_select on both sides
(torch's DataLoader collates item by item, which would measure the loader, not DDP); after each epoch both all-reduce the mean
loss, rank 0 saves a checkpoint and measures test accuracy. Each side reports samples/s over its
training loop. OMP_NUM_THREADS=1 on both sides. Runs alternate (Simple, Python, Simple, ...) so load drift hits both alike; the
median of R rounds is printed with the ratios: N ranks vs 1 rank (scaling), Simple vs Python
(the lib.torch/DDP wrapper's overhead). Prints figures only; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "torch" / "training" / "mnist_ddp.spl"
THROUGHPUT = re.compile(r"throughput: ([\d.]+) samples/s")


def simple_run(ranks: int, epochs: int, folder: str) -> float:
    cmd = [sys.executable, "-m", "spl2py", "run", "--nproc", str(ranks), str(EXAMPLE),
           "--epochs", str(epochs), "--checkpoint", os.path.join(folder, "spl.pt")]
    return _throughput(cmd)


def python_run(ranks: int, epochs: int, folder: str) -> float:
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", str(ranks),
           __file__, "--worker", "--epochs", str(epochs), "--checkpoint", os.path.join(folder, "py.pt")]
    return _throughput(cmd)


def _throughput(cmd: list[str]) -> float:
    # one intra-op thread per worker on both sides (torchrun sets it only for N > 1; with 2 threads a
    # single worker on a busy 2-core machine runs many times slower and the ratios mean nothing)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
    found = THROUGHPUT.search(result.stdout)
    if result.returncode != 0 or not found:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return float(found.group(1))


# ---- the Python worker (torch's own DDP) ---------------------------------------------------------


def worker(epochs: int, checkpoint: str) -> None:
    import torch
    import torch.distributed as dist
    from sklearn.datasets import load_digits
    from torch import nn
    from torch.nn.parallel import DistributedDataParallel
    from torch.utils.data import DistributedSampler

    dist.init_process_group("gloo")
    rank = dist.get_rank()
    torch.manual_seed(0)
    digits = load_digits()
    x = torch.tensor(digits.data, dtype=torch.float32) / 16.0
    y = torch.tensor(digits.target, dtype=torch.long)
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(7))
    test, train = order[:359], order[359:]
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Dropout(0.1), nn.Linear(128, 64), nn.ReLU(),
                          nn.Linear(64, 10))
    ddp = DistributedDataParallel(model)
    optimizer = torch.optim.Adam(ddp.parameters(), lr=0.002, betas=(0.9, 0.999))
    loss_fn = nn.CrossEntropyLoss()
    sampler = DistributedSampler(range(len(train)), shuffle=True, seed=0)
    xs, ys = x[train], y[train]
    started, seen = time.perf_counter(), 0
    for epoch in range(1, epochs + 1):
        sampler.set_epoch(epoch)
        total = 0.0
        order = torch.tensor(list(sampler))  # batches by index_select, as lib.torch's DataLoader
        steps = (len(order) + 15) // 16
        for b in range(steps):
            rows = order[b * 16:(b + 1) * 16]
            xb, yb = xs.index_select(0, rows), ys.index_select(0, rows)
            optimizer.zero_grad()
            loss = loss_fn(ddp(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item()
            seen += len(xb)
        mean = torch.tensor([total / steps])
        dist.all_reduce(mean)
        if rank == 0:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "extra": {"epoch": epoch}},
                       checkpoint)
        dist.barrier()
        if rank == 0:
            model.eval()
            with torch.no_grad():
                (model(x[test]).argmax(1) == y[test]).float().mean().item()
            model.train()
    seconds = time.perf_counter() - started
    samples = torch.tensor([float(seen)])
    dist.all_reduce(samples)
    if rank == 0:
        print(f"throughput: {samples.item() / seconds:.0f} samples/s")
    dist.destroy_process_group()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--ranks", default="1,2")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--checkpoint", default="")
    args = parser.parse_args()
    if args.worker:
        return worker(args.epochs, args.checkpoint)
    ranks = [int(r) for r in args.ranks.split(",")]
    figures: dict[tuple[str, int], list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            for n in ranks:
                figures.setdefault(("simple", n), []).append(simple_run(n, args.epochs, folder))
                figures.setdefault(("python", n), []).append(python_run(n, args.epochs, folder))
    median = {k: statistics.median(v) for k, v in figures.items()}
    print(f"{'side':<8} {'ranks':>5} {'samples/s':>10}   (median of {args.rounds}, {args.epochs} epochs)")
    for (side, n), value in sorted(median.items()):
        print(f"{side:<8} {n:>5} {value:>10.0f}")
    for n in ranks:
        print(f"simple/python at {n} rank(s): {median[('simple', n)] / median[('python', n)]:.2f}x throughput")
    base = ranks[0]
    for n in ranks[1:]:
        for side in ("simple", "python"):
            print(f"{side}: {n} ranks / {base} rank: {median[(side, n)] / median[(side, base)]:.2f}x throughput")


if __name__ == "__main__":
    main()
