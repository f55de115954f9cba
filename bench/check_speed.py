"""``spl2py check`` throughput on large generated programs, against CPython ``compile()`` of the
equivalent Python, each as its own process, in the same run.

    /work/venv/bin/python bench/check_speed.py [--sizes 20000,50000,100000] [--runs 3] [--files 20]
        [--tree PATH_OF_AN_SPL2PY_CHECKOUT]

For each size, a program of varied units (classes, enums, loops, matches, lambdas, comprehensions,
interpolated strings) is written to a temporary folder with its equivalent Python: what
``spl2py emit --no-format`` prints for it. Then ``python -m spl2py check big.spl`` and
``python -c "compile(open('big.py').read(), 'big.py', 'exec')"`` are timed (medians of ``--runs``),
and their ratio, lines/s and time per line (relative to the first size: linear means 1.0) printed.
Last, a folder of ``--files`` files is checked with worker processes and in one process.
Figures only (no asserts); goal: ratio <= 6 at 20k lines, per-line time at 100k within 1.2x of 20k.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def unit_account(i: int) -> str:
    return f'''
class Account{i}:
    """An account with an owner and a balance."""
    owner: text
    balance: i64 = 0

    static fn open(who: text) -> Account{i}:
        Account{i}(owner: who, balance: {i})

    fn deposit(amount: i64):
        self.balance = self.balance + amount

    fn describe() -> text:
        "{{self.owner}}: {{self.balance}}"

fn total_{i}(xs: [i64]) -> i64:
    var total = 0
    for x in xs:
        if x > {i % 17 + 3} and x % 2 == 0:
            total += x * 2
        elif x < 0:
            total = total - x
        else:
            total += 1
    total
'''


def unit_shapes(i: int) -> str:
    return f'''
enum Shape{i}:
    Circle(f64)
    Rect(w: f64, h: f64)
    Empty

    fn area() -> f64:
        match self:
            case Shape{i}.Circle(r): 3.0 * r * r
            case Shape{i}.Rect(w, h): w * h
            case Shape{i}.Empty: 0.0

fn shapes_{i}() -> f64:
    val shapes = [Shape{i}.Circle({i % 5}.0), Shape{i}.Rect(2.0, 3.5), Shape{i}.Empty]
    var sum = 0.0
    for s in shapes:
        sum = sum + s.area()
    sum
'''


def unit_text(i: int) -> str:
    return f'''
fn describe_{i}(n: i64) -> text:
    val words = ["zero", "one", "two", "w{i}"]
    var out = []
    var k = 0
    while k < n:
        out.push("item {{k}} of {{n}}: {{k * 100 / n:.2f}}%")
        k = k + 1
    match n:
        case 0: "none"
        case 1: words[1]
        case _: out.join(", ")

fn squares_{i}(limit: i64) -> [i64]:
    val xs = [x * x for x in 0..limit if x % 3 != {i % 3}]
    val inc = \\x: x + {i}
    xs.map(inc)
'''


def unit_struct(i: int) -> str:
    return f'''
struct Point{i}:
    x: i64
    y: i64

    fn dist2(other: Point{i}) -> i64:
        val dx = self.x - other.x
        val dy = self.y - other.y
        dx * dx + dy * dy

fn closest_{i}(points: [Point{i}], origin: Point{i}) -> i64:
    var best = -1
    for p in points:
        val d = p.dist2(origin)
        if best < 0 or d < best:
            best = d
    val table = {{"best": best, "count": points.len()}}
    if table["count"] > 0: best else: {i}
'''


def unit_run(i: int) -> str:
    return f'''
fn run_{i}():
    val acct = Account{i}.open("user{i}")
    acct.deposit(total_{i}([1, 2, 3, 40, -5]))
    print "account {{acct.describe()}} has {{acct.balance}}"
    print describe_{i}(3)
    print shapes_{i}()
    print squares_{i}(6)
    print closest_{i}([Point{i}(x: 1, y: 2), Point{i}(x: {i}, y: 0)], Point{i}(x: 0, y: 0))
'''


UNITS = (unit_account, unit_shapes, unit_text, unit_struct, unit_run)


def program(lines: int) -> str:
    """A Simple program of about ``lines`` lines: groups of the units above, numbered apart."""
    parts: list[str] = []
    count = 0
    i = 0
    while count < lines:
        for unit in UNITS:
            text = unit(i)
            parts.append(text)
            count += text.count("\n")
        i += 1
    parts.append("\nfn main():\n    run_0()\n")
    return "".join(parts)


def spl2py(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spl2py", *args], env=env, capture_output=True, text=True)


def timed(cmd: list[str], runs: int, env=None) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the child) of ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{done.stdout}{done.stderr}")
    return statistics.median(walls), statistics.median(cpus)


def bench_folder(tmp: Path, files: int, runs: int, env) -> None:
    """A folder of ``files`` files of about 1,000 lines: ``spl2py check FOLDER`` (worker processes)
    against the same check in one process (``check_paths(..., jobs=1)``)."""
    folder = tmp / "many"
    folder.mkdir()
    for k in range(files):
        text = "".join(unit(1000 * k + i) for i in range(20) for unit in UNITS)
        (folder / f"m{k}.spl").write_text(text)
    lines = sum(f.read_text().count("\n") for f in folder.iterdir())
    serial = "import sys; from spl2py.driver.check import check_paths; sys.exit(check_paths([sys.argv[1]], jobs=1))"
    t_par, _ = timed([sys.executable, "-m", "spl2py", "check", str(folder)], runs, env)
    t_ser, _ = timed([sys.executable, "-c", serial, str(folder)], runs, env)
    print(f"folder of {files} files, {lines} lines: check {t_par:.2f} s with {os.cpu_count()} workers,"
          f" {t_ser:.2f} s in one process (speed-up {t_ser / t_par:.2f}x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="20000,50000,100000", help="program sizes in lines, comma-separated")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tree", type=Path, default=REPO, help="the spl2py checkout to measure (default: this one)")
    ap.add_argument("--files", type=int, default=20, help="files in the parallel-check folder (0: skip it)")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(args.tree.resolve()), SPL2PY_NO_CACHE="1", OMP_NUM_THREADS="1")
    base_per_line = None
    print(f"{'lines':>7} {'py lines':>8} {'check s':>8} {'compile s':>9} {'ratio':>6} {'check l/s':>10}"
          f" {'per line':>8} | {'cpu check':>9} {'cpu comp':>8} {'ratio':>6} {'per line':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            spl_path = Path(tmp, f"big{size}.spl")
            py_path = Path(tmp, f"big{size}.py")
            spl_path.write_text(program(size))
            emitted = spl2py(env, "emit", "--no-format", str(spl_path))
            if emitted.returncode != 0:
                sys.exit(f"emit failed:\n{emitted.stderr[:2000]}")
            py_path.write_text(emitted.stdout)
            lines = spl_path.read_text().count("\n")
            py_lines = emitted.stdout.count("\n")
            t_check, c_check = timed([sys.executable, "-m", "spl2py", "check", str(spl_path)], args.runs, env)
            code = f"compile(open({str(py_path)!r}).read(), {str(py_path)!r}, 'exec')"
            t_py, c_py = timed([sys.executable, "-c", code], args.runs)
            per_line, cpu_per_line = t_check / lines, c_check / lines
            base_per_line = base_per_line or (per_line, cpu_per_line)
            print(f"{lines:>7} {py_lines:>8} {t_check:>8.2f} {t_py:>9.3f} {t_check / t_py:>6.2f}"
                  f" {lines / t_check:>10,.0f} {per_line / base_per_line[0]:>8.2f} | {c_check:>9.2f} {c_py:>8.3f}"
                  f" {c_check / c_py:>6.2f} {cpu_per_line / base_per_line[1]:>8.2f}", flush=True)
        if args.files:
            bench_folder(Path(tmp), args.files, args.runs, env)
    print(f"(medians of {args.runs}; each a fresh process, cache off. Left: wall time; right: CPU time"
          " (user + system) of the process, steadier on a loaded machine. 'per line': time per line"
          " relative to the first size, 1.00 = linear)")


if __name__ == "__main__":
    main()
