"""check_split: a large unit checked in two processes passes exactly when the serial check passes,
and a failure is reported as the serial check reports it."""

from __future__ import annotations

import ast as py
import io
from pathlib import Path

import pytest

from spl2py.diagnostics import CompileError
from spl2py.driver import check_split
from spl2py.driver.check import check_paths
from spl2py.driver.check_split import check_unit_in_halves
from spl2py.driver.compile import check_unit
from spl2py.lower import lower_module
from spl2py.modules import ModuleOptions, load_program
from spl2py.syntax import parse

UNIT = '''
class Box{i}:
    value: i64 = {i}

    fn twice() -> i64:
        self.value * 2

fn total_{i}(xs: [i64]) -> i64:
    var t = 0
    for x in xs:
        if x > {i}:
            t += x
    t + Box{i}().twice()
'''


def program(units: int, tail: str = "") -> str:
    return "".join(UNIT.replace("{i}", str(i)) for i in range(units)) + tail


@pytest.fixture(autouse=True)
def _small_split(monkeypatch, tmp_path):
    monkeypatch.setattr(check_split, "SPLIT_LINES", 100)
    monkeypatch.setattr(check_split, "_cores", lambda: 2)
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))


def unit_of(path: Path):
    (unit,) = load_program(path, ModuleOptions()).units
    return unit


def test_the_halves_hold_every_statement_once_in_hoisting_order():
    module = parse(program(12, "print total_3([1, 5, 9])\n"), "t.spl")
    whole = lower_module(module, {})
    halves = [lower_module(module, {}, share=(k, 2)) for k in range(2)]
    header = 1  # the runtime import
    body = [s for half in halves for s in half.body[header:]]
    assert len(halves[0].body) > header + 5 and len(halves[1].body) > header + 5
    assert [py.dump(s) for s in body] == [py.dump(s) for s in whole.body[header:]]


def test_a_large_unit_that_passes_is_checked_in_halves(tmp_path):
    (tmp_path / "big.spl").write_text(program(12, "print total_3([1, 5, 9])\n"))
    unit = unit_of(tmp_path / "big.spl")
    assert check_split.check_in_halves(unit) is True
    check_unit(unit)  # the serial check agrees


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_failure_in_either_half_is_the_serial_checks(tmp_path, where):
    bad = "fn f():\n    nil\nval x = f()?\n"  # `?` outside a function: a lowering error
    source = bad + program(12) if where == "first" else program(12, bad)
    (tmp_path / "big.spl").write_text(source)
    unit = unit_of(tmp_path / "big.spl")
    assert check_split.check_in_halves(unit) is False
    with pytest.raises(CompileError) as serial:
        check_unit(unit)
    with pytest.raises(CompileError) as halves:
        check_unit_in_halves(unit)
    assert halves.value.render() == serial.value.render()
    out = io.StringIO()
    assert check_paths([tmp_path / "big.spl"], out=out, jobs=1) == 1
    assert "can only propagate out of a function" in out.getvalue()


def test_a_small_unit_or_one_with_analysis_errors_is_not_split(tmp_path):
    (tmp_path / "small.spl").write_text("print 1\n")
    assert check_split.check_in_halves(unit_of(tmp_path / "small.spl")) is False
    (tmp_path / "big.spl").write_text(program(12, "print undefined_name\n"))
    assert check_split.check_in_halves(unit_of(tmp_path / "big.spl")) is False
