"""Small CLI contracts: `--version`, `run` of a failing spec, `check`'s summary, `clean` of a missing path."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import spl2py
from spl2py.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spl2py", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "SPL2PY_NO_CACHE": "1", "PATH": "/usr/bin:/bin"}, timeout=120)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def test_version():
    result = CliRunner().invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"spl2py {spl2py.__version__}\n")


SPEC = """
    use std.spec.*

    describe "Numbers":
        it "adds":
            expect(1 + 1).to_equal({sum})
"""


def test_run_of_a_spec_exits_1_when_an_example_fails_and_0_when_all_pass(tmp_path):
    write(tmp_path, "bad_spec.spl", SPEC.format(sum=3))
    write(tmp_path, "good_spec.spl", SPEC.format(sum=2))
    bad = cli("run", "bad_spec.spl", cwd=tmp_path)
    assert bad.returncode == 1 and "adds ... FAILED" in bad.stdout
    good = cli("run", "good_spec.spl", cwd=tmp_path)
    assert (good.returncode, good.stdout) == (0, "Numbers\n  adds ... ok\n")


def test_in_process_runs_do_not_inherit_an_earlier_failure(tmp_path, capsys):
    from spl2py.driver.run import run_file

    bad = write(tmp_path, "bad_spec.spl", SPEC.format(sum=3))
    good = write(tmp_path, "good_spec.spl", SPEC.format(sum=2))
    assert run_file(bad) == 1
    assert run_file(good) == 0
    assert run_file(bad) == 1


def test_check_summary_line_with_and_without_errors(tmp_path, capsys):
    from spl2py.driver.check import check_paths

    for name in ("a.spl", "b.spl", "c.spl"):
        write(tmp_path, name, "print 1\n")
    assert check_paths([tmp_path]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "3 files, 0 errors"
    write(tmp_path, "d.spl", "fn f(:\n")
    write(tmp_path, "e.spl", "fn f():\n    nil\nval x = f()?\n")
    assert check_paths([tmp_path]) == 1
    err = capsys.readouterr().err
    assert "d.spl:1:" in err and "e.spl:3:" in err
    assert err.splitlines()[-1] == "5 files, 2 errors"


def test_check_counts_an_error_in_a_shared_import_once(tmp_path, capsys):
    from spl2py.driver.check import check_paths

    write(tmp_path, "util.spl", "fn helper(:\n")
    write(tmp_path, "a.spl", "use util.{helper}\n")
    write(tmp_path, "b.spl", "use util.{helper}\n")
    assert check_paths([tmp_path / "a.spl", tmp_path / "b.spl"]) == 1
    err = capsys.readouterr().err
    assert err.count("util.spl:1:") == 1
    assert err.splitlines()[-1] == "2 files, 1 error"


def test_clean_of_a_missing_path_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["clean", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.output == f"{tmp_path / 'nowhere'}: error: no such file or folder\n"
