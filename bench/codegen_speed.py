"""Speed of generated code against the same program hand-written in Python, measured in one run.

    .venv/bin/python bench/codegen_speed.py [--repeat N]

Each workload is a Simple function and its Python twin. Both compute the same value (checked);
the script times each (median of N calls, the two interleaved, GC off while timing) and prints the ratio Simple / Python, then the
geometric mean of the five loops (fib is reported on its own: it measures calls, not helpers).
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import tempfile
import time
from pathlib import Path

SIMPLE = """
class Counter:
    var n: i64
    fn bump(k: i64):
        self.n = self.n + k

fn fib(n: i64) -> i64:
    if n < 2:
        return n
    fib(n - 1) + fib(n - 2)

fn list_work(n: i64) -> i64:
    var xs = []
    for i in 0..n:
        xs.push(i * 2)
    var total = 0
    for x in xs:
        if x % 3 == 0:
            total = total + x
    total + xs.len()

fn index_loop(n: i64) -> i64:
    var xs = [0; n]
    for i in 0..n:
        xs[i] = i
    var total = 0
    var i = 0
    while i < n:
        total = total + xs[i] * 2 / 3
        i = i + 1
    total

fn text_building(n: i64) -> i64:
    var s = ""
    for i in 0..n:
        s = s + "{i},"
    val parts = s.split(",")
    s.len() + parts.len()

fn method_calls(n: i64) -> i64:
    val c = Counter(n: 0)
    for i in 0..n:
        c.bump(i)
    c.n

fn float_math(n: i64) -> f64:
    var acc = 0.0
    var x = 1.5
    for i in 0..n:
        acc = acc + x * 0.5 / 1.25 - acc % 7.0
        x = x + 0.001
    acc
"""


class Counter:
    def __init__(self, n):
        self.n = n

    def bump(self, k):
        self.n = self.n + k


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def list_work(n):
    xs = []
    for i in range(n):
        xs.append(i * 2)
    total = 0
    for x in xs:
        if x % 3 == 0:
            total = total + x
    return total + len(xs)


def index_loop(n):
    xs = [0] * n
    for i in range(n):
        xs[i] = i
    total = 0
    i = 0
    while i < n:
        total = total + xs[i] * 2 // 3  # non-negative: truncation equals floor
        i = i + 1
    return total


def text_building(n):
    s = ""
    for i in range(n):
        s = s + f"{i},"
    parts = s.split(",")
    return len(s) + len(parts)


def method_calls(n):
    c = Counter(0)
    for i in range(n):
        c.bump(i)
    return c.n


def float_math(n):
    acc = 0.0
    x = 1.5
    for i in range(n):
        acc = acc + x * 0.5 / 1.25 - math.fmod(acc, 7.0)
        x = x + 0.001
    return acc


LOOPS = {"list": (list_work, 20_000), "index": (index_loop, 20_000), "text": (text_building, 5_000),
         "method calls": (method_calls, 20_000), "float": (float_math, 20_000)}


def median_seconds(fns, arg, repeat: int) -> list[float]:
    """Median time of each function, calls interleaved so load on the machine hits all alike."""
    times = [[] for _ in fns]
    order = list(zip(fns, times))
    for _ in range(repeat):
        for fn, ts in order:
            gc.collect()
            gc.disable()
            start = time.perf_counter()
            fn(arg)
            ts.append(time.perf_counter() - start)
            gc.enable()
        order.reverse()  # neither side always runs first
    return [statistics.median(ts) for ts in times]


def load_simple():
    from spl2py.driver.run import load_module

    folder = Path(tempfile.mkdtemp())
    (folder / "workloads.spl").write_text(SIMPLE)
    return load_module(folder / "workloads.spl")


def compare(label: str, spl_fn, py_fn, arg, repeat: int) -> float:
    got, want = spl_fn(arg), py_fn(arg)
    if got != want and not (isinstance(want, float) and math.isclose(got, want, rel_tol=1e-9)):
        raise SystemExit(f"{label}: Simple computed {got!r}, Python {want!r}")
    spl_t, py_t = median_seconds([spl_fn, py_fn], arg, repeat)
    ratio = spl_t / py_t
    print(f"{label:14} Simple {spl_t * 1e3:8.2f} ms   Python {py_t * 1e3:8.2f} ms   ratio {ratio:5.2f}x")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    opts = parser.parse_args()
    mod = load_simple()
    ratios = [compare(label, getattr(mod, fn.__name__), fn, n, opts.repeat) for label, (fn, n) in LOOPS.items()]
    print(f"{'geomean loops':14} ratio {math.exp(sum(map(math.log, ratios)) / len(ratios)):5.2f}x")
    compare("fib(22)", mod.fib, fib, 22, opts.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
