"""Cost of one tiny tensor op: a loop of add/mul on 4-element tensors through lib.torch, through the
extern handles alone, and in raw PyTorch, measured in one run.

    .venv/bin/python bench/tensor_ops.py [--ops N] [--rounds N]

Each variant runs ``c = a + b; d = c * b`` N times; rounds are interleaved (the order flips every
round) so drift in machine load hits all alike. Prints per variant the median time per loop and its
ratio to raw torch's, the median of the per-round ratios (robust to load changing between rounds)
and the ratio of the best times (target for lib.torch: <= 1.3x). Prints figures only; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from runtime.externs import bind  # noqa: E402
from spl2py.driver.run import load_module  # noqa: E402

SIMPLE = """
use lib.torch.{Tensor}

fn tiny_ops(n: i64) -> f64:
    val a = Tensor.from_data([1.0, 2.0, 3.0, 4.0])
    val b = Tensor.from_data([0.5, 0.25, 2.0, 1.0])
    var d = a
    for i in 0..n:
        val c = a.add(b)
        d = c.mul(b)
    d.sum()
"""

_from_data = bind("rt_torch_tensor_from_data")
_add = bind("rt_torch_torchtensor_add")
_mul = bind("rt_torch_torchtensor_mul")
_free = bind("rt_torch_torchtensor_free")
_sum = bind("rt_torch_torchtensor_sum")


def raw_ops(n: int) -> float:
    a = torch.tensor([1.0, 2.0, 3.0, 4.0])
    b = torch.tensor([0.5, 0.25, 2.0, 1.0])
    d = a
    for _ in range(n):
        c = a + b
        d = c * b
    return d.sum().item()


def handle_ops(n: int) -> float:
    a = _from_data([1.0, 2.0, 3.0, 4.0], [4])
    b = _from_data([0.5, 0.25, 2.0, 1.0], [4])
    d = 0
    for _ in range(n):
        c = _add(a, b)
        if d:
            _free(d)
        d = _mul(c, b)
        _free(c)
    value = _sum(d)
    for h in (a, b, d):
        _free(h)
    return value


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=9)
    opts = ap.parse_args()
    torch.set_num_threads(1)
    folder = Path(tempfile.mkdtemp())
    (folder / "tiny_ops.spl").write_text(SIMPLE)
    simple = load_module(folder / "tiny_ops.spl").tiny_ops
    variants = {"raw torch": raw_ops, "extern handles": handle_ops, "lib.torch": simple}
    want = raw_ops(10)
    for label, fn in variants.items():
        got = fn(10)
        if abs(got - want) > 1e-6:
            raise SystemExit(f"{label} computed {got!r}, raw torch {want!r}")
    times: dict[str, list[float]] = {label: [] for label in variants}
    order = list(variants.items())
    for _ in range(opts.rounds):
        for label, fn in order:
            start = time.perf_counter()
            fn(opts.ops)
            times[label].append(time.perf_counter() - start)
        order.reverse()
    base = statistics.median(times["raw torch"])
    raw = times["raw torch"]
    print(f"torch {torch.__version__}, 1 thread, {opts.ops} x (add, mul) on 4-element tensors, "
          f"{opts.rounds} rounds")
    print(f"{'':15} {'median':>11}   {'ratio':>6}   {'per-round ratio':>15}   {'best/best':>9}")
    for label, ts in times.items():
        t = statistics.median(ts)
        paired = statistics.median(x / r for x, r in zip(ts, raw))  # same round: same machine load
        print(f"{label:15} {t * 1e3:8.2f} ms   {t / base:5.2f}x   {paired:14.2f}x   {min(ts) / min(raw):8.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
