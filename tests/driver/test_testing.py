"""``spl2py test`` driver logic (discovery, options, report, exit codes) without the compiler.

The loader is replaced by one that runs a spec file's text as Python compiled under the .spl
name (as generated code is), so these tests exercise the driver alone. End-to-end runs through
the real compiler are in test_testing_e2e.py.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest

import runtime.spec as spec
from spl2py.diagnostics import Span, error
from spl2py.driver import testing
from spl2py.driver.run import ProgramError


def fake_load(path: Path, options) -> None:
    """Python stands in for compiled Simple; a first line `#compile-error` raises a CompileError."""
    text = Path(path).read_text()
    if text.startswith("#compile-error"):
        raise error(Span(str(path), 2, 5), "unexpected token", source=text)
    namespace = {name: getattr(spec, name) for name in spec.__all__}
    try:
        exec(compile(text, str(path), "exec"), namespace)
    except Exception as exc:  # as spl2py.driver.run.load_module reports a program's error
        raise ProgramError(exc) from exc


@pytest.fixture(autouse=True)
def _fake_loader(monkeypatch):
    monkeypatch.setattr(testing, "_load", fake_load)


def write(folder: Path, name: str, source: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source))
    return path


def run(paths, **kw) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = testing.run_tests([Path(p) for p in paths], out=out, **kw)
    return code, out.getvalue().splitlines()


GOOD = """\
def _g():
    it("adds", lambda: expect(1 + 1).to_equal(2))
    it("joins", lambda: expect("a" + "b").to_equal("ab"))
describe("Good", _g)
"""

BAD = """\
def _g():
    it("passes", lambda: None)
    it("fails", lambda: expect(2).to_equal(3))
    it("skipped", lambda: None, tag=["skip"])
describe("Bad", _g)
"""


# ----------------------------------------------------------------------------------------------
# discovery
# ----------------------------------------------------------------------------------------------


def test_discovery_skips_hidden_venv_and_fixture_folders(tmp_path):
    keep = [write(tmp_path, "a_spec.spl", ""), write(tmp_path, "sub/b_spec.spl", "")]
    for skipped in (".hidden/c_spec.spl", ".venv/d_spec.spl", "fixtures/e_spec.spl", "sub/fixtures/f_spec.spl"):
        write(tmp_path, skipped, "")
    write(tmp_path, "helper.spl", "")
    write(tmp_path, "spec.spl", "")
    assert testing.discover([tmp_path]) == keep


def test_discovery_takes_named_files_as_given_without_duplicates(tmp_path):
    fixture = write(tmp_path, "fixtures/x_spec.spl", "")
    other = write(tmp_path, "y_spec.spl", "")
    assert testing.discover([fixture, other, tmp_path]) == [fixture, other]


def test_default_discovery_is_the_current_folder(tmp_path, monkeypatch):
    write(tmp_path, "here_spec.spl", GOOD)
    monkeypatch.chdir(tmp_path)
    code, lines = run([])
    assert code == 0
    assert lines[-1] == "2 passed, 0 failed"


def test_missing_path_and_empty_folder_exit_2(tmp_path, capsys):
    assert run([tmp_path / "nope"])[0] == testing.EXIT_USAGE
    assert "no such file or folder" in capsys.readouterr().err
    assert run([tmp_path])[0] == testing.EXIT_USAGE
    assert "no *_spec.spl files found" in capsys.readouterr().err


# ----------------------------------------------------------------------------------------------
# report and exit code
# ----------------------------------------------------------------------------------------------


def test_report_tree_failures_and_closing_line(tmp_path):
    bad = write(tmp_path, "bad_spec.spl", BAD)
    code, lines = run([bad])
    assert code == 1
    assert lines[:5] == ["Bad", "  passes ... ok", "  fails ... FAILED", f"    {spec.short_path(str(bad))}:3: expected 3, got 2", "  skipped ... skipped"]
    assert "  1) Bad > fails" in lines
    assert lines[-1] == "1 passed, 1 failed, 1 skipped"


def test_several_files_add_up(tmp_path):
    write(tmp_path, "a_spec.spl", GOOD)
    write(tmp_path, "b_spec.spl", BAD)
    code, lines = run([tmp_path])
    assert code == 1
    assert lines[-1] == "3 passed, 1 failed, 1 skipped"
    assert lines[-2].startswith("Finished in ") and "2 spec files" in lines[-2]


def test_compile_error_counts_as_failure_with_diagnostic(tmp_path):
    broken = write(tmp_path, "broken_spec.spl", "#compile-error\nit oops\n")
    write(tmp_path, "good_spec.spl", GOOD)
    code, lines = run([tmp_path])
    text = "\n".join(lines)
    assert code == 1
    assert f"{broken}:2:5: error: unexpected token" in text
    assert "    it oops" in text  # the source line of the diagnostic
    assert lines[-1] == "2 passed, 1 failed"


def test_top_level_error_names_spl_line_and_keeps_earlier_results(tmp_path):
    path = write(tmp_path, "top_spec.spl", "it('first', lambda: None)\nundefined_thing\nit('never', lambda: None)\n")
    code, lines = run([path])
    text = "\n".join(lines)
    assert code == 1
    assert f"{spec.short_path(str(path))}:2: error in top level: undefined name 'undefined_thing'" in text
    assert lines[-1] == "1 passed, 1 failed"


# ----------------------------------------------------------------------------------------------
# options
# ----------------------------------------------------------------------------------------------


def test_filter_selects_by_full_name(tmp_path):
    write(tmp_path, "a_spec.spl", GOOD)
    write(tmp_path, "b_spec.spl", BAD)
    code, lines = run([tmp_path], filter="Good > join")
    assert code == 0
    assert lines[:2] == ["Good", "  joins ... ok"]
    assert lines[-1] == "1 passed, 0 failed"


def test_fail_fast_stops_the_run_and_later_files(tmp_path):
    write(tmp_path, "a_spec.spl", BAD)
    write(tmp_path, "b_spec.spl", GOOD)
    code, lines = run([tmp_path], fail_fast=True)
    assert code == 1
    assert not any("adds" in line for line in lines)
    assert "(stopped at the first failure)" in lines[-2]
    assert lines[-1] == "1 passed, 1 failed"


def test_list_prints_names_and_runs_no_example(tmp_path):
    marker = tmp_path / "ran"
    write(tmp_path, "a_spec.spl", GOOD)
    write(tmp_path, "b_spec.spl", f"it('touches', lambda: open({str(marker)!r}, 'w'))\n")
    code, lines = run([tmp_path], list_only=True)
    assert code == 0
    assert lines == ["Good > adds", "Good > joins", "touches", "3 examples"]
    assert not marker.exists()


def test_internal_error_is_labelled_as_such(tmp_path, monkeypatch):
    def broken_compiler(path, options):
        raise ImportError("cannot import name 'parse'")

    monkeypatch.setattr(testing, "_load", broken_compiler)
    code, lines = run([write(tmp_path, "a_spec.spl", "")])
    assert code == 1
    assert any("error in spl2py (internal error): ImportError: cannot import name 'parse'" in line for line in lines)


def test_lib_dirs_reach_the_loader_options(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(testing, "_load", lambda path, options: seen.append(options.lib_dirs))
    write(tmp_path, "a_spec.spl", "")
    run([tmp_path], lib_dirs=[tmp_path / "lib"])
    assert seen == [(tmp_path / "lib",)]


# ----------------------------------------------------------------------------------------------
# the CLI command
# ----------------------------------------------------------------------------------------------


def test_cli_test_command_passes_options(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from spl2py.cli import app

    write(tmp_path, "a_spec.spl", BAD)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["test", "--filter", "passes"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 passed, 0 failed"
    result = CliRunner().invoke(app, ["test", "a_spec.spl", "--fail-fast"])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 passed, 1 failed"
    result = CliRunner().invoke(app, ["test", "--list"])
    assert result.output.splitlines() == ["Bad > passes", "Bad > fails", "Bad > skipped", "3 examples"]
