"""The pytest plugin (spl2py/pytest_plugin.py), run in a pytest subprocess.

A conftest in the temporary project swaps the compiler for a stand-in loader (the spec text is
Python compiled under the .spl name), so these tests check the plugin alone; the real compiler
is exercised in test_testing_e2e.py.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CONFTEST = """\
from pathlib import Path

import runtime.spec as spec
from spl2py.diagnostics import Span, error
from spl2py.driver import testing


def fake_load(path, options):
    with open(Path(path).parent / "seen_lib_dirs.txt", "a") as seen:
        seen.write(" ".join(p.name for p in options.lib_dirs) + "\\n")
    text = Path(path).read_text()
    if text.startswith("#compile-error"):
        raise error(Span(str(path), 1, 1), "unexpected token", source=text)
    namespace = {name: getattr(spec, name) for name in spec.__all__}
    exec(compile(text, str(path), "exec"), namespace)


testing._load = fake_load
"""

SPEC = """\
def _g():
    it("adds", lambda: expect(1 + 1).to_equal(2))
    it("fails", lambda: expect([1, 2]).to_equal([1, 3]))
    skip_it("skipped", "not yet", lambda: None)
    it("adds", lambda: open(MARKER, "w"))
describe("Calc", _g)
"""


def plugin_args() -> list[str]:
    """`-p spl2py.pytest_plugin` unless the installed entry point already loads it."""
    installed = any(ep.value == "spl2py.pytest_plugin" for ep in importlib.metadata.entry_points(group="pytest11"))
    return [] if installed else ["-p", "spl2py.pytest_plugin"]


def pytest_in(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "pytest", *plugin_args(), "-p", "no:cacheprovider", "-q", "-rA", *args]
    return subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    return tmp_path


def calc_spec(tmp_path: Path) -> str:
    return f"MARKER = {str(tmp_path / 'ran')!r}\n" + SPEC


def summary(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.strip().splitlines()[-1]


def test_collects_one_item_per_example_without_running_them(tmp_path):
    project(tmp_path, {"calc_spec.spl": calc_spec(tmp_path)})
    proc = pytest_in(tmp_path, "--collect-only")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ids = [line for line in proc.stdout.splitlines() if line.startswith("calc_spec.spl::")]
    assert ids == [
        "calc_spec.spl::Calc > adds",
        "calc_spec.spl::Calc > fails",
        "calc_spec.spl::Calc > skipped",
        "calc_spec.spl::Calc > adds [2]",
    ]
    assert not (tmp_path / "ran").exists()


def test_runs_file_once_and_reports_each_example(tmp_path):
    project(tmp_path, {"calc_spec.spl": calc_spec(tmp_path)})
    proc = pytest_in(tmp_path)
    assert proc.returncode == 1
    assert re.search(r"1 failed, 2 passed, 1 skipped", summary(proc)), proc.stdout
    assert "calc_spec.spl:4: expected [1, 3], got [1, 2]" in proc.stdout
    assert "SKIPPED [1] calc_spec.spl:5: skipped: not yet" in proc.stdout
    assert (tmp_path / "ran").exists()


def test_keyword_selection_and_python_tests_side_by_side(tmp_path):
    project(tmp_path, {"calc_spec.spl": calc_spec(tmp_path), "test_plain.py": "def test_py():\n    assert True\n"})
    proc = pytest_in(tmp_path, "-k", "adds or test_py")
    assert proc.returncode == 0, proc.stdout
    assert re.search(r"3 passed, 2 deselected", summary(proc)), proc.stdout


def test_compile_error_is_one_failed_item_and_others_still_run(tmp_path):
    project(tmp_path, {"broken_spec.spl": "#compile-error\n", "calc_spec.spl": calc_spec(tmp_path)})
    proc = pytest_in(tmp_path)
    assert proc.returncode == 1
    assert "FAILED broken_spec.spl::<load>" in proc.stdout
    assert "broken_spec.spl:1:1: error: unexpected token" in proc.stdout
    assert re.search(r"2 failed, 2 passed, 1 skipped", summary(proc)), proc.stdout


def test_top_level_error_after_examples_fails_the_last_item(tmp_path):
    spec_text = "it('a', lambda: None)\nit('b', lambda: None)\nafter_all(lambda: 1 / 0)\n"
    project(tmp_path, {"late_spec.spl": spec_text})
    proc = pytest_in(tmp_path)
    assert proc.returncode == 1
    assert "FAILED late_spec.spl::b" in proc.stdout
    assert "error in after_all: division by zero" in proc.stdout  # in Simple words
    assert re.search(r"1 failed, 1 passed", summary(proc)), proc.stdout


def test_library_roots_from_option_and_ini_reach_the_loader(tmp_path):
    project(tmp_path, {"a_spec.spl": "it('x', lambda: None)\n", "pytest.ini": "[pytest]\nspl2py_lib = ini_lib\n"})
    proc = pytest_in(tmp_path, "--spl-lib", "cli_lib")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # collection (list mode) and the real run each load the file once
    assert (tmp_path / "seen_lib_dirs.txt").read_text().splitlines() == ["cli_lib ini_lib", "cli_lib ini_lib"]
