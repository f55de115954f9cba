"""`spl2py check` runs the stages run and build run; unreadable sources are one located line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spl2py.driver.check import check_paths

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))


def spl2py(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "spl2py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def check(path: Path) -> tuple[int, str]:
    out = io.StringIO()
    return check_paths([path], out=out), out.getvalue()


def nested(keyword_line: str, depth: int) -> str:
    lines = ["    " * i + keyword_line for i in range(depth)]
    return "\n".join(lines) + "\n" + "    " * depth + "print 1\n"


# Programs whose lowering, compile() or text path fails: check must say so, at a .spl line.
LATER_STAGE_FAILURES = {
    "duplicate_params": ("fn f(x, x):\n    x\nprint f(1, 2)\n", "dup.spl:1:"),
    "nested_loops": (nested("for i in 0..2:", 22), "dup.spl:17:"),  # the 17th loop: over the limit of 16
    "nested_ifs": (nested("if true:", 101), "dup.spl:41:"),  # the 41st block: over the limit of 40
}


@pytest.mark.parametrize("case", sorted(LATER_STAGE_FAILURES))
def test_check_reports_what_run_or_build_would_fail_on(tmp_path, case):
    source, where = LATER_STAGE_FAILURES[case]
    (tmp_path / "dup.spl").write_text(source)
    code, text = check(tmp_path / "dup.spl")
    assert code == 1
    first = text.splitlines()[0]
    assert first.startswith(str(tmp_path / where)), text
    assert ": error: " in first and "Traceback" not in text


def test_check_accepts_every_example(tmp_path):
    code, text = check(REPO / "examples")
    assert code == 0, text


def test_syntax_warnings_of_compile_never_leak(tmp_path, recwarn):
    from spl2py.driver.compile import compile_unit
    from spl2py.modules import ModuleOptions, load_program

    (tmp_path / "w.spl").write_text('val x = 5\nprint x is 5\n')
    program = load_program(tmp_path / "w.spl", ModuleOptions())
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)  # a leaked warning would raise here
        for unit in program.units:
            compile_unit(unit)
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]
    result = spl2py(tmp_path, "run", "w.spl")
    assert "SyntaxWarning" not in result.stderr


# --------------------------------------------------------------------------- unreadable sources


def unreadable(tmp_path: Path, kind: str) -> tuple[Path, str]:
    """A path of each kind and the message spl2py must give for it."""
    path = tmp_path / f"{kind}.spl"
    if kind == "not_utf8":
        path.write_bytes(b'print "ok"\nprint "\xff"\n')
        return path, f"{path.name}:2:8: error: not valid UTF-8: byte 0xff at offset 18"
    if kind == "dangling":
        os.symlink(tmp_path / "gone.spl", path)
        return path, f"{path.name}:1:1: error: cannot read: broken symbolic link"
    if kind == "loop":
        os.symlink(path, path)
        return path, f"{path.name}:1:1: error: cannot read: symbolic link loop"
    if kind == "folder":
        path.mkdir()
        return path, f"{path.name}:1:1: error: is a folder, not a .spl file"
    return path, f"{path.name}:1:1: error: no such file"


def cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """The console entry point in this process: (exit code, stdout, stderr)."""
    from spl2py.main import main

    monkeypatch.setattr(sys, "argv", ["spl2py", *args])
    with pytest.raises(SystemExit) as info:
        main()
    captured = capsys.readouterr()
    return info.value.code, captured.out, captured.err


KINDS = ["not_utf8", "dangling", "loop", "folder", "missing"]
CASES = [(c, k) for c in ("run", "emit", "check") for k in KINDS if (c, k) != ("check", "folder")]  # check takes folders


@pytest.mark.parametrize("command,kind", CASES)
def test_unreadable_sources_are_one_located_line(tmp_path, monkeypatch, capsys, command, kind):
    monkeypatch.chdir(tmp_path)
    path, message = unreadable(tmp_path, kind)
    if command == "check" and kind == "missing":
        message = f"{path.name}: error: no such file or folder"
    code, out, err = cli(monkeypatch, capsys, command, path.name)
    assert (code, out) == (1, ""), err
    assert err.startswith(message), err
    lines = err.splitlines()
    if command == "check":  # check ends with its summary line
        assert lines[1:] == ["0 files, 1 error" if kind == "missing" else "1 file, 1 error"], err
        lines = lines[:1]
    assert len(lines) == 1, err


def test_check_of_an_empty_folder_is_not_an_error_but_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    result = spl2py(tmp_path, "check", "empty")
    assert result.stderr.endswith("0 files, 0 errors\n")


def test_check_skips_editor_files_in_folders(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src/main.spl").write_text("print 1\n")
    os.symlink("user@host.1234:1", tmp_path / "src/.#main.spl")  # emacs lock: a dangling link
    (tmp_path / "src/#main.spl#").write_text("garbage (\n")
    code, text = check(tmp_path / "src")
    assert (code, text) == (0, "1 file, 0 errors\n")


# --------------------------------------------------------------------------- the cache, the lean command line


def test_check_records_a_pass_and_parses_only_what_changed(tmp_path, monkeypatch):
    import spl2py.syntax
    from spl2py.syntax import matcher, tables

    monkeypatch.setattr(matcher, "_GRAMMAR", None)  # as in a fresh process: the grammar is not built yet
    monkeypatch.setattr(matcher, "_STORE", None)
    monkeypatch.setattr(tables, "SHIPPED", tmp_path / "none.tables")  # as on a Python the tables are not for

    (tmp_path / "util.spl").write_text("fn twice(x: i64) -> i64:\n    x * 2\n")
    (tmp_path / "main.spl").write_text("use util.{twice}\nprint twice(2)\n")
    assert check(tmp_path / "main.spl") == (0, "1 file, 0 errors\n")
    assert (tmp_path / "cache" / "v2" / "grammar").is_dir()  # the parser's grammar is kept there too
    parsed = []
    real_parse = spl2py.syntax.parse
    monkeypatch.setattr(spl2py.syntax, "parse", lambda s, p: parsed.append(Path(p).name) or real_parse(s, p))
    assert check(tmp_path / "main.spl") == (0, "1 file, 0 errors\n")
    assert parsed == []  # both units passed before: nothing parsed, lowered or compiled
    (tmp_path / "main.spl").write_text("use util.{twice}\nprint twice(3)\n")
    assert check(tmp_path / "main.spl") == (0, "1 file, 0 errors\n")
    assert parsed == ["main.spl"]


def test_check_reports_a_failing_unit_every_time(tmp_path):
    (tmp_path / "bad.spl").write_text("val x = f()?\n")
    first = check(tmp_path / "bad.spl")
    assert first[0] == 1 and "error: `?` can only propagate" in first[1]
    assert check(tmp_path / "bad.spl") == first


def test_check_without_the_cache_checks_every_unit(tmp_path, monkeypatch):
    import spl2py.syntax

    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")
    (tmp_path / "main.spl").write_text("print 1\n")
    assert check(tmp_path / "main.spl")[0] == 0
    parsed = []
    real_parse = spl2py.syntax.parse
    monkeypatch.setattr(spl2py.syntax, "parse", lambda s, p: parsed.append(p) or real_parse(s, p))
    assert check(tmp_path / "main.spl")[0] == 0
    assert parsed == [str(tmp_path / "main.spl")]
    assert not (tmp_path / "cache").exists()


def test_fast_cli_checks_like_the_typer_command_and_declines_the_rest(tmp_path, capsys):
    from spl2py.driver.check import fast_cli

    lib = tmp_path / "lib"
    (lib / "std").mkdir(parents=True)
    (lib / "std" / "helper.spl").write_text("fn helper() -> i64:\n    1\n")
    (tmp_path / "a.spl").write_text("use std.helper.{helper}\nprint helper()\n")
    (tmp_path / "b.spl").write_text("print 2\n")
    a, b = str(tmp_path / "a.spl"), str(tmp_path / "b.spl")
    assert fast_cli(["check", a, "--lib", str(lib), b]) == 0  # options between paths, as click allows
    assert capsys.readouterr().err == "2 files, 0 errors\n"
    assert fast_cli(["check", f"--lib={lib}", a]) == 0
    assert fast_cli(["check", "--externs", "no_such_module_here", a]) == 2
    assert "no_such_module_here" in capsys.readouterr().err
    for declined in (["check"], ["check", "--help"], ["check", "--lib"], ["check", "-x", a], ["check", "--", a],
                     ["run", a], []):
        assert fast_cli(declined) is None, declined


def test_a_warm_check_and_run_import_no_front_end(tmp_path):
    """On a cache hit neither command imports the parser, the AST, sema, lowering or typer."""
    (tmp_path / "util.spl").write_text("fn twice(x: i64) -> i64:\n    x * 2\n")
    (tmp_path / "main.spl").write_text("use util.{twice}\nfn main():\n    print twice(21)\n")
    probe = ("import sys; sys.argv = ['spl2py', *sys.argv[1:]]\n"  # main(): console() would os._exit
             "try:\n    from spl2py.main import main\n    main()\n"
             "except SystemExit as exc:\n    code = exc.code\n"
             "heavy = sorted(m for m in sys.modules if m.startswith(('spl2py.syntax', 'spl2py.sema', "
             "'spl2py.lower', 'typer', 'parsimonious')))\n"
             "print('exit', code, heavy, file=sys.stderr)\n")
    env = {**os.environ, "PYTHONPATH": str(REPO), "SPL2PY_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SPL2PY_NO_CACHE", None)
    for command in ("run", "check"):
        args = [sys.executable, "-c", probe, command, "main.spl"]
        first = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert "exit 0 [" in first.stderr, first.stderr
        second = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert second.stderr.endswith("exit 0 []\n"), second.stderr
        assert second.stdout == first.stdout
