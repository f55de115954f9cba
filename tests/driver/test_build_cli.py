"""`spl2py build` / `spl2py clean` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from spl2py.cli import app


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.delenv("SPL2PY_CACHE_DIR", raising=False)  # the default: <project>/.spl2py_cache
    monkeypatch.delenv("SPL2PY_NO_CACHE", raising=False)


def project(root: Path) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "pyproject.toml").write_text("")
    (root / "src/main.spl").write_text("use lib.helpers.{hi}\n\nfn main():\n    print hi()\n")
    (root / "vendor").mkdir()
    (root / "vendor/helpers.spl").write_text("fn hi() -> text:\n    \"hi\"\n")
    return root


def test_build_then_clean(tmp_path, monkeypatch):
    root = project(tmp_path / "proj")
    monkeypatch.chdir(root)
    runner = CliRunner()
    result = runner.invoke(app, ["build", "src", "-o", "out", "--lib", "vendor", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "built 2 modules into out (2 compiled" in result.output
    assert (root / "out/main.py").is_file()
    assert (root / ".spl2py_cache/CACHEDIR.TAG").is_file()

    again = runner.invoke(app, ["build", "src", "-o", "out", "--lib", "vendor"])
    assert "(0 compiled, 0 files written)" in again.output

    (root / "out/keep.txt").write_text("mine")
    cleaned = runner.invoke(app, ["clean", "out"])
    assert cleaned.exit_code == 0, cleaned.output
    assert sorted(p.name for p in (root / "out").rglob("*")) == ["keep.txt"]
    assert not (root / ".spl2py_cache").exists()


def test_build_without_the_lib_flag_fails_with_a_diagnostic(tmp_path, monkeypatch):
    root = project(tmp_path / "proj")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["build", "src", "-o", "out", "--jobs", "1"])
    assert result.exit_code == 1
    assert "error: module `lib.helpers` not found" in result.output
    assert "use lib.helpers.{hi}" in result.output


def test_build_refusal_exits_1(tmp_path, monkeypatch):
    root = project(tmp_path / "proj")
    (root / "out").mkdir()
    (root / "out/main.py").write_text("print('mine')\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(app, ["build", "src", "-o", "out", "--lib", "vendor", "--jobs", "1"])
    assert result.exit_code == 1
    assert "refusing to overwrite files spl2py did not write" in result.output
    assert (root / "out/main.py").read_text() == "print('mine')\n"


def test_formatter_option(tmp_path, monkeypatch):
    root = project(tmp_path / "proj")
    monkeypatch.chdir(root)
    runner = CliRunner()
    bad = runner.invoke(app, ["build", "src", "-o", "out", "--lib", "vendor", "--formatter", "yapf"])
    assert bad.exit_code == 2 and "'yapf' is not one of: black, ruff, none" in bad.output
    plain = runner.invoke(app, ["build", "src", "-o", "plain", "--lib", "vendor", "-j", "1", "--formatter", "none"])
    assert plain.exit_code == 0, plain.output
    same = runner.invoke(app, ["build", "src", "-o", "same", "--lib", "vendor", "-j", "1", "--no-format"])
    assert same.exit_code == 0, same.output
    assert (root / "plain/_splmod").is_dir()
    for path in (root / "plain").rglob("*.py"):
        assert path.read_text() == (root / "same" / path.relative_to(root / "plain")).read_text()
    # the unformatted text keeps unparse's quotes
    assert "'hi'" in (root / "plain/_splmod/lib/helpers.py").read_text()


def test_formatter_ruff_without_ruff_is_one_line(tmp_path, monkeypatch):
    import sys

    from spl2py.driver import format as fmt

    root = project(tmp_path / "proj")
    monkeypatch.chdir(root)
    monkeypatch.setattr(fmt, "_ruff_version", None)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "nobin/python"))
    result = CliRunner().invoke(app, ["build", "src", "-o", "out", "--lib", "vendor", "--formatter", "ruff"])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: --formatter ruff: ruff is not installed (pip install ruff), or use --formatter black"
    )
    assert not (root / "out").exists()
