"""Front-end speed: layout + parse + AST for a large generated Simple program, against CPython's
``compile()`` of the equivalent Python source in the same run.

    .venv/bin/python bench/compile_speed.py [--units N] [--runs R]

Prints figures only (no asserts).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spl2py.syntax import parse  # noqa: E402


def simple_unit(i: int) -> str:
    """About 40 lines of Simple: a class, functions, loops, a match, interpolated strings."""
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
        if x > 10 and x % 2 == 0:
            total += x * 2
        elif x < 0:
            total = total - x
        else:
            total += 1
    total

fn describe_{i}(n: i64) -> text:
    val words = ["zero", "one", "two"]
    var out = []
    var k = 0
    while k < n:
        out.push("item {{k}} of {{n}}: {{k * 100 / n:.2f}}%")
        k = k + 1
    match n:
        case 0: "none"
        case 1: words[1]
        case _: out.join(", ")

fn run_{i}():
    val acct = Account{i}.open("user{i}")
    acct.deposit(total_{i}([1, 2, 3, 40, -5]))
    print "account {{acct.describe()}} has {{acct.balance}}"
    print describe_{i}(3)
'''


def python_unit(i: int) -> str:
    """The same program in Python."""
    return f'''
class Account{i}:
    """An account with an owner and a balance."""

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance

    @staticmethod
    def open(who: str) -> "Account{i}":
        return Account{i}(owner=who, balance={i})

    def deposit(self, amount: int):
        self.balance = self.balance + amount

    def describe(self) -> str:
        return f"{{self.owner}}: {{self.balance}}"

def total_{i}(xs: list) -> int:
    total = 0
    for x in xs:
        if x > 10 and x % 2 == 0:
            total += x * 2
        elif x < 0:
            total = total - x
        else:
            total += 1
    return total

def describe_{i}(n: int) -> str:
    words = ["zero", "one", "two"]
    out = []
    k = 0
    while k < n:
        out.append(f"item {{k}} of {{n}}: {{k * 100 / n:.2f}}%")
        k = k + 1
    match n:
        case 0: return "none"
        case 1: return words[1]
        case _: return ", ".join(out)

def run_{i}():
    acct = Account{i}.open("user{i}")
    acct.deposit(total_{i}([1, 2, 3, 40, -5]))
    print(f"account {{acct.describe()}} has {{acct.balance}}")
    print(describe_{i}(3))
'''


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_sema(spl: str, spl_lines: int, runs: int, t_parse: float) -> None:
    """Name resolution (``spl2py.sema.analyze``) over the parsed program, against parsing it."""
    from spl2py.sema import analyze

    module = parse(spl, "bench.spl")
    analyze(module)  # warm up (builtins table) and check it has no errors
    t_sema = best_of(runs, lambda: analyze(module))
    print(f"semantic analysis:   {spl_lines / t_sema:,.0f} lines/s  (best of {runs}: {t_sema * 1000:.1f} ms;"
          f" {t_sema / t_parse:.0%} of parsing)")
    print(f"front end + sema:    {spl_lines / (t_parse + t_sema):,.0f} lines/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=50, help="program units of ~45 lines each")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    spl = "".join(simple_unit(i) for i in range(args.units))
    py = "".join(python_unit(i) for i in range(args.units))
    spl_lines = spl.count("\n")
    py_lines = py.count("\n")
    parse(spl, "bench.spl")  # warm up (grammar load) and check it parses
    t_spl = best_of(args.runs, lambda: parse(spl, "bench.spl"))
    t_py = best_of(args.runs, lambda: compile(py, "bench.py", "exec"))
    spl_rate = spl_lines / t_spl
    py_rate = py_lines / t_py
    print(f"simple program:      {spl_lines} lines")
    print(f"python equivalent:   {py_lines} lines")
    print(f"spl2py front end:    {spl_rate:,.0f} lines/s  (layout + parse + AST, best of {args.runs}: {t_spl * 1000:.1f} ms)")
    print(f"CPython compile():   {py_rate:,.0f} lines/s  (best of {args.runs}: {t_py * 1000:.1f} ms)")
    print(f"ratio (spl2py/CPython): {spl_rate / py_rate:.2f}")
    # ---- semantic analysis (spl2py/sema): its own cost, and the front end with it in the path
    bench_sema(spl, spl_lines, args.runs, t_spl)
    # ---- end semantic analysis


if __name__ == "__main__":
    main()
