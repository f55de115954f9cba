"""End to end: `spl2py test` and `pytest` on real .spl specs, through the real compiler.

tests/spec/*_spec.spl must pass; tests/spec/fixtures/ holds deliberately failing files whose
exact counts, lines and values are asserted here.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "spec"
FIXTURES = SPECS / "fixtures"


def spl2py_test(*args: str, cwd: Path = SPECS) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "spl2py", "test", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def last_line(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.rstrip("\n").splitlines()[-1]


# ----------------------------------------------------------------------------------------------
# the runner's own specs pass
# ----------------------------------------------------------------------------------------------


def test_own_specs_pass_and_fixtures_are_not_discovered():
    proc = spl2py_test()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "FAILED" not in proc.stdout
    assert "Fixture" not in proc.stdout
    passed = int(re.match(r"(\d+) passed, 0 failed, (\d+) skipped$", last_line(proc)).group(1))
    assert passed >= 20
    assert "\nhooks\n  nested\n    runs outer before_each hooks first ... ok\n" in proc.stdout


# ----------------------------------------------------------------------------------------------
# the failing fixture
# ----------------------------------------------------------------------------------------------


def test_fixture_counts_exit_code_and_messages():
    proc = spl2py_test("fixture_spec.spl", cwd=FIXTURES)
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert last_line(proc) == "2 passed, 5 failed, 2 skipped"
    assert "    compares wrong numbers ... FAILED\n      fixture_spec.spl:12: expected 3, got 2\n" in out
    assert 'fixture_spec.spl:14: expected "abc" to contain "z"' in out
    assert "fixture_spec.spl:15: expected [1, 2, 3], got [1, 2]" in out
    assert "fixture_spec.spl:17: vacuous expect: expect(42) has no matcher" in out
    assert "fixture_spec.spl:19: expected true, got false" in out
    assert re.search(r"fixture_spec\.spl:24: error: \w+: boom at 2", out)
    assert "runs after the error ... ok" in out
    assert "  is skipped ... skipped\n" in out and "  is pending ... pending\n" in out
    assert "  2) Fixture > failing > keeps going after a failure" in out


def test_filter_on_fixture():
    proc = spl2py_test("fixture_spec.spl", "--filter", "failing > compares", cwd=FIXTURES)
    assert proc.returncode == 1
    assert last_line(proc) == "0 passed, 1 failed"
    proc = spl2py_test("fixture_spec.spl", "--filter", "passing", cwd=FIXTURES)
    assert proc.returncode == 0
    assert last_line(proc) == "1 passed, 0 failed"


def test_fail_fast_on_fixture():
    proc = spl2py_test("fixture_spec.spl", "--fail-fast", cwd=FIXTURES)
    assert proc.returncode == 1
    assert last_line(proc) == "1 passed, 1 failed"
    assert "keeps going" not in proc.stdout


def test_list_on_fixture_runs_nothing():
    proc = spl2py_test("fixture_spec.spl", "--list", cwd=FIXTURES)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "Fixture > passing > adds"
    assert "Fixture > erroring > raises" in lines
    assert lines[-1] == "9 examples"
    assert "FAILED" not in proc.stdout and "boom" not in proc.stdout


def test_compile_error_is_a_failure_with_diagnostic():
    proc = spl2py_test("broken_spec.spl", "fixture_spec.spl", cwd=FIXTURES)
    assert proc.returncode == 1
    assert "broken_spec.spl ... ERROR" in proc.stdout
    assert re.search(r"broken_spec\.spl:\d+:\d+: error: ", proc.stdout)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert last_line(proc) == "2 passed, 6 failed, 2 skipped"


def test_top_level_error_fails_the_file_after_its_examples():
    proc = spl2py_test("toplevel_spec.spl", cwd=FIXTURES)
    assert proc.returncode == 1
    assert "ran before the error ... ok" in proc.stdout
    assert "toplevel_spec.spl:6: error in top level:" in proc.stdout
    assert "never reached" not in proc.stdout
    assert last_line(proc) == "1 passed, 1 failed"


# ----------------------------------------------------------------------------------------------
# pytest collects the same files
# ----------------------------------------------------------------------------------------------


def plugin_args() -> list[str]:
    """`-p spl2py.pytest_plugin` unless the installed entry point already loads it."""
    installed = any(ep.value == "spl2py.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))
    return [] if installed else ["-p", "spl2py.pytest_plugin"]


def run_pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "pytest", *plugin_args(), "-p", "no:cacheprovider", "-q", "-rA", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_pytest_runs_own_specs_and_skips_fixtures():
    proc = run_pytest(str(SPECS), cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "PASSED tests/spec/hooks_spec.spl::hooks > nested > runs outer before_each hooks first" in proc.stdout
    assert "fixture_spec" not in proc.stdout


def test_pytest_reports_fixture_failures_in_spl_terms(tmp_path):
    for name in ("fixture_spec.spl", "broken_spec.spl"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    proc = run_pytest(cwd=tmp_path)
    assert proc.returncode == 1
    assert re.search(r"6 failed, 2 passed, 2 skipped", proc.stdout.splitlines()[-1]), proc.stdout
    assert "fixture_spec.spl:12: expected 3, got 2" in proc.stdout
    assert "FAILED broken_spec.spl::<load>" in proc.stdout
