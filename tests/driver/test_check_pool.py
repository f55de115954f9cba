"""`spl2py check` of several files over worker processes says exactly what the serial check says."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from spl2py.driver.check import check_paths

FILES = {
    "util.spl": "fn helper() -> i64:\n    missing_name + 1\n",  # an error every importer reaches
    "a.spl": "use util.{helper}\nprint helper()\n",
    "b.spl": "use util.{helper}\nval x = undefined_b\n",  # its own error comes after util's
    "c.spl": "fn f(:\n",  # a parse error
    "d.spl": "fn twice(x: i64) -> i64:\n    x * 2\nprint twice(4)\n",
    "e.spl": "fn f():\n    nil\nval x = f()?\n",
    "f.spl": "print 1\n",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))


def checked(paths: list[Path], jobs: int) -> tuple[int, str]:
    out = io.StringIO()
    return check_paths(paths, out=out, jobs=jobs), out.getvalue()


def write(folder: Path, files: dict[str, str]) -> list[Path]:
    for name, text in files.items():
        (folder / name).write_text(text)
    return [folder / name for name in files]


@pytest.mark.parametrize("order", ["as_written", "reversed"])
def test_parallel_check_reports_what_the_serial_check_reports(tmp_path, order):
    paths = write(tmp_path, FILES)
    if order == "reversed":
        paths.reverse()
    serial = checked(paths, jobs=1)
    assert serial[0] == 1 and "util.spl:2:" in serial[1]
    assert checked(paths, jobs=2) == serial
    assert checked(paths, jobs=3) == serial


def test_parallel_check_of_a_folder_with_no_error(tmp_path):
    write(tmp_path, {"d.spl": FILES["d.spl"], "f.spl": FILES["f.spl"]})
    assert checked([tmp_path], jobs=2) == (0, "2 files, 0 errors\n")


def test_small_checks_stay_in_process_and_large_ones_use_every_core(tmp_path, monkeypatch):
    from spl2py.driver import check

    small = write(tmp_path, {"d.spl": FILES["d.spl"], "f.spl": FILES["f.spl"]})
    assert check._jobs(small) == 1
    assert check._jobs(small[:1]) == 1
    monkeypatch.setattr(check, "PARALLEL_BYTES", 1)
    monkeypatch.setattr(check.os, "cpu_count", lambda: 8)
    assert check._jobs(small) == 2


def test_parallel_check_uses_the_cache_as_the_serial_one_does(tmp_path, monkeypatch):
    import spl2py.syntax

    paths = write(tmp_path, {"d.spl": FILES["d.spl"], "f.spl": FILES["f.spl"], "g.spl": "print 2\n"})
    log = tmp_path / "parsed.log"
    real_parse = spl2py.syntax.parse

    def logged(source, path):  # the workers are forked: they log to a file
        with open(log, "a") as f:
            f.write(Path(path).name + "\n")
        return real_parse(source, path)

    monkeypatch.setattr(spl2py.syntax, "parse", logged)
    assert checked(paths, jobs=2) == (0, "3 files, 0 errors\n")
    assert sorted(log.read_text().split()) == ["d.spl", "f.spl", "g.spl"]
    log.write_text("")
    assert checked(paths, jobs=2) == (0, "3 files, 0 errors\n")
    assert log.read_text() == ""  # every unit's pass was recorded: nothing parsed again
    (tmp_path / "g.spl").write_text("print 3\n")
    assert checked(paths, jobs=2) == (0, "3 files, 0 errors\n")
    assert log.read_text().split() == ["g.spl"]
