"""`spl2py build`: layout, runnable output, incremental rebuilds, the manifest and its refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spl2py.driver import build as build_mod
from spl2py.driver.build import LOCK, MANIFEST, BuildError, BuildOptions, build_tree, clean_outputs

REPO = Path(__file__).resolve().parents[2]

FILES = {
    "src/main.spl": (
        "use shapes.geometry.{area}\n"
        "use util\n"
        "\n"
        "fn main():\n"
        '    print "area {area(3)}"\n'
        "    print util.twice(21)\n"
    ),
    "src/shapes/geometry.spl": "fn area(s: i64) -> i64:\n    s * s\n",
    "src/util.spl": "fn twice(x: i64) -> i64:\n    x * 2\n",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.delenv("SPL2PY_NO_CACHE", raising=False)
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))


def project(root: Path, files: dict[str, str] = FILES) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "simple.sdn").write_text("")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def build(src: Path, out: Path, **options):
    options.setdefault("jobs", 1)
    options.setdefault("progress", False)
    return build_tree(src, out, BuildOptions(**options))


def run_python(script: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, str(script)], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_layout_and_plain_python_runs_it(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    report = build(proj / "src", out)
    assert report.modules == 3 and report.generated == 3
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == [
        LOCK,
        MANIFEST,
        "_splmod/__init__.py",
        "_splmod/app/__init__.py",
        "_splmod/app/src/__init__.py",
        "_splmod/app/src/main.py",
        "_splmod/app/src/shapes/__init__.py",
        "_splmod/app/src/shapes/geometry.py",
        "_splmod/app/src/util.py",
        "main.py",
        "shapes/geometry.py",
        "util.py",
    ]
    result = run_python(out / "main.py", cwd=tmp_path)  # another cwd, plain python
    assert result.returncode == 0, result.stderr
    assert result.stdout == "area 9\n42\n"
    # a launcher in a subfolder finds the package too (and runs a module without main)
    assert run_python(out / "shapes/geometry.py", cwd=out / "shapes").returncode == 0


def test_output_is_black_formatted(tmp_path):
    import black

    out = tmp_path / "out"
    build(project(tmp_path / "proj") / "src", out)
    for rel in ("_splmod/app/src/main.py", "main.py", "_splmod/__init__.py"):
        text = (out / rel).read_text()
        assert black.format_str(text, mode=black.Mode()) == text, rel


def test_no_format_output_still_runs(tmp_path):
    out = tmp_path / "out"
    report = build(project(tmp_path / "proj") / "src", out, formatter="none")
    assert report.generated == 3
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "area 9\n42\n"


def test_unchanged_rebuild_neither_parses_nor_formats(tmp_path, monkeypatch):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    build(proj / "src", out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.py")}

    def forbidden(*args, **kwargs):
        raise AssertionError("an unchanged rebuild must not parse or generate")

    import spl2py.syntax

    monkeypatch.setattr(spl2py.syntax, "parse", forbidden)
    monkeypatch.setattr(build_mod, "generate_text", forbidden)
    report = build(proj / "src", out)
    assert (report.parsed, report.generated, report.written) == (0, 0, [])
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.py")} == before


def test_editing_one_module_recompiles_only_it(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    build(proj / "src", out)
    main_before = (out / "_splmod/app/src/main.py").read_text()
    (proj / "src/shapes/geometry.spl").write_text("fn area(s: i64) -> i64:\n    s * s + 1\n")
    report = build(proj / "src", out)
    assert (report.parsed, report.generated) == (1, 1)
    assert report.written == [out / "_splmod/app/src/shapes/geometry.py"]
    assert (out / "_splmod/app/src/main.py").read_text() == main_before
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "area 10\n42\n"


def test_changing_imported_names_recompiles_the_importer(tmp_path):
    files = {"src/main.spl": "use lib2.*\n\nfn main():\n    print one()\n", "src/lib2.spl": "fn one() -> i64:\n    1\n"}
    proj = project(tmp_path / "proj", files)
    out = tmp_path / "out"
    build(proj / "src", out)
    (proj / "src/lib2.spl").write_text("fn one() -> i64:\n    1\n\nfn two() -> i64:\n    2\n")
    report = build(proj / "src", out)
    assert report.generated == 2  # main's glob now binds `two` as well
    assert "two" in (out / "_splmod/app/src/main.py").read_text()


def test_parallel_build_matches_serial(tmp_path):
    proj = project(tmp_path / "proj")
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    build(proj / "src", serial, use_cache=False)
    report = build(proj / "src", parallel, jobs=2, use_cache=False)
    assert report.generated == 3
    for path in serial.rglob("*.py"):
        assert (parallel / path.relative_to(serial)).read_text() == path.read_text()


def test_shadowing_names_do_not_break_python(tmp_path):
    files = {
        "src/torch.spl": "fn t() -> i64:\n    1\n",
        "src/json.spl": "fn j() -> i64:\n    2\n",
        "src/test.spl": "fn x() -> i64:\n    3\n",
        "src/typing.spl": "fn y() -> i64:\n    4\n",
        "src/a/util.spl": "fn which() -> text:\n    \"a\"\n",
        "src/b/util.spl": "fn which() -> text:\n    \"b\"\n",
        "src/main.spl": (
            "use torch.{t}\nuse json.{j}\nuse test.{x}\nuse typing.{y}\n"
            "use a.util.{which as wa}\nuse b.util.{which as wb}\n\n"
            "fn main():\n    print t() + j() + x() + y()\n    print wa() + wb()\n    val d = {\"k\": [1]}\n    print d\n"
        ),
    }
    out = tmp_path / "out"
    build(project(tmp_path / "proj", files) / "src", out)
    assert (out / "json.py").exists() and (out / "typing.py").exists()  # launchers next to main.py
    result = run_python(out / "main.py", cwd=out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == '10\nab\n{"k": [1]}\n'
    probe = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.append(sys.argv[1]); import json, typing, _splmod.app.src.json as m; "
         "print(json.__file__ != m.__file__, hasattr(typing, 'Any'))", str(out)],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert probe.stdout == "True True\n", probe.stderr


def test_refuses_to_overwrite_a_file_it_did_not_write(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    out.mkdir()
    (out / "util.py").write_text("# my own file\n")
    with pytest.raises(BuildError) as info:
        build(proj / "src", out)
    assert "refusing to overwrite files spl2py did not write" in str(info.value)
    assert str(out / "util.py") in str(info.value)
    assert (out / "util.py").read_text() == "# my own file\n"
    assert sorted(p.name for p in out.iterdir()) == [LOCK, "util.py"]  # nothing written (but the lock)


def test_refuses_a_foreign_manifest(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text("not json")
    with pytest.raises(BuildError, match="is not an spl2py manifest"):
        build(project(tmp_path / "proj") / "src", out)


def test_removed_source_removes_only_its_outputs(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    build(proj / "src", out)
    (out / "notes.txt").write_text("mine")
    (proj / "src/main.spl").write_text("use shapes.geometry.{area}\n\nfn main():\n    print area(2)\n")
    (proj / "src/util.spl").unlink()
    report = build(proj / "src", out)
    assert sorted(p.relative_to(out).as_posix() for p in report.removed) == ["_splmod/app/src/util.py", "util.py"]
    assert (out / "notes.txt").read_text() == "mine"
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "4\n"


def test_clean_outputs_removes_only_what_spl2py_wrote(tmp_path):
    out = tmp_path / "out"
    build(project(tmp_path / "proj") / "src", out)
    (out / "_splmod/app/mine.py").write_text("x = 1\n")
    removed = clean_outputs(out)
    assert out / "main.py" in removed and out / MANIFEST in removed
    remaining = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert remaining == ["_splmod/app/mine.py"]


def test_compile_error_is_reported_with_the_spl_line(tmp_path):
    from spl2py.diagnostics import CompileError

    files = {"src/main.spl": "use nowhere.{x}\n"}
    with pytest.raises(CompileError, match="module `nowhere` not found"):
        build(project(tmp_path / "proj", files) / "src", tmp_path / "out")


KILLER = """
import os, sys
from pathlib import Path
import spl2py.driver.build as b
real_replace = os.replace
count = 0
def dying_replace(src, dst):
    global count
    count += 1
    if count == int(sys.argv[3]):
        os._exit(9)  # killed after writing a temp file, before renaming it into place
    real_replace(src, dst)
os.replace = dying_replace
b.build_tree(Path(sys.argv[1]), Path(sys.argv[2]), b.BuildOptions(jobs=1, progress=False))
"""


def test_a_killed_build_leaves_no_half_written_output(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(proj / "src"), str(out), "8"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert killed.returncode == 9, killed.stderr
    written = list(out.rglob("*.py"))
    assert written, "the build should have written some files before dying"
    for path in written:
        compile(path.read_text(), str(path), "exec")  # whole files only: a temp file is never renamed half-way
    # the manifest lists what the killed build meant to write, so the next build is not refused
    report = build(proj / "src", out)
    assert report.modules == 3
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "area 9\n42\n"


def test_spaces_in_paths_build_and_run(tmp_path):
    files = {
        "my src/main.spl": "use my_lib.{f}\n\nfn main():\n    print f()\n",
        "my src/my_lib.spl": "fn f() -> text:\n    \"spaced\"\n",
    }
    proj = project(tmp_path / "my proj", files)
    out = tmp_path / "my out"
    build(proj / "my src", out)
    assert (out / "_splmod/app/my_src/main.py").is_file()
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "spaced\n"


def test_two_sources_for_one_python_name(tmp_path):
    from spl2py.diagnostics import CompileError

    files = {"src/a b/x.spl": "fn f() -> i64:\n    1\n", "src/a_b/x.spl": "fn g() -> i64:\n    2\n"}
    with pytest.raises(CompileError) as info:
        build(project(tmp_path / "proj", files) / "src", tmp_path / "out")
    assert "`src/a b/x.spl` and `src/a_b/x.spl` both map to the Python module name `_splmod.app.src.a_b.x`" in str(info.value)


def test_progress_bar_and_warnings(tmp_path, capsys):
    files = dict(FILES)
    files["src/util.spl"] += "\nexport twice, thrice\n"
    report = build(project(tmp_path / "proj", files) / "src", tmp_path / "out", progress=True)
    err = capsys.readouterr().err  # not a terminal: one plain line per phase
    assert re.search(r"^parsing: 3/3 in \d+\.\d\ds$", err, re.M), err
    assert re.search(r"^compiling: 3/3 in \d+\.\d\ds$", err, re.M), err
    assert len(report.warnings) == 1
    assert "util.spl:4:1: warning: `thrice` is exported but never defined" in report.warnings[0]
    assert "    export twice, thrice" in report.warnings[0]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_folder_under_src(tmp_path):
    files = {
        "vendor/geo.spl": "fn area(s: i64) -> i64:\n    s * s\n",
        "src/main.spl": "use shared.geo.{area}\n\nfn main():\n    print area(5)\n",
    }
    proj = project(tmp_path / "proj", files)
    os.symlink(proj / "vendor", proj / "src/shared", target_is_directory=True)
    out = tmp_path / "out"
    report = build(proj / "src", out)
    assert report.modules == 2
    assert (out / "_splmod/app/src/shared/geo.py").is_file() and (out / "shared/geo.py").is_file()
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "25\n"


# --------------------------------------------------------------------------- robustness (issue 15)


def test_editor_lock_and_backup_files_are_skipped(tmp_path):
    proj = project(tmp_path / "proj")
    src = proj / "src"
    os.symlink("user@host.1234:1700000000", src / ".#main.spl")  # emacs lock: dangling link
    (src / "#util.spl#").write_text("garbage (\n")
    (src / "util.spl~").write_text("garbage (\n")
    (src / ".util.spl.swp").write_bytes(b"\x00\xff")
    report = build(src, tmp_path / "out")
    assert report.modules == 3
    assert sorted(p.name for p in report.launchers) == ["geometry.py", "main.py", "util.py"]


def test_a_failed_build_writes_no_launcher(tmp_path):
    from spl2py.diagnostics import CompileError

    files = dict(FILES)
    files["src/util.spl"] = "fn twice(x, x):\n    x\n"  # fails in Python's compile step, after parsing
    out = tmp_path / "out"
    with pytest.raises(CompileError):
        build(project(tmp_path / "proj", files) / "src", out)
    assert not [p for p in out.glob("*.py")], list(out.iterdir())


def test_an_unwritable_out_is_one_line(tmp_path, monkeypatch):
    def refuse(path, data):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(build_mod, "atomic_write", refuse)
    with pytest.raises(BuildError) as info:
        build(project(tmp_path / "proj") / "src", tmp_path / "out")
    assert str(info.value).startswith(f"cannot write to {tmp_path / 'out'}: permission denied")
    assert "\n" not in str(info.value)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_out_is_one_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(BuildError, match="cannot write to"):
            build(project(tmp_path / "proj") / "src", out)
    finally:
        out.chmod(0o755)


def test_a_second_build_waits_for_the_lock_then_fails_clearly(tmp_path, monkeypatch):
    import threading

    from spl2py.driver.lock import out_lock

    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    monkeypatch.setenv("SPL2PY_LOCK_TIMEOUT", "0.3")
    with out_lock(out, quiet=True):
        with pytest.raises(BuildError, match="another spl2py build is writing"):
            build(proj / "src", out)
    monkeypatch.setenv("SPL2PY_LOCK_TIMEOUT", "30")
    held = threading.Event()

    def hold_briefly():
        with out_lock(out, quiet=True):
            held.set()
            threading.Event().wait(0.5)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait()
    report = build(proj / "src", out)  # waits for the holder, then builds
    holder.join()
    assert report.modules == 3
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "area 9\n42\n"


def test_two_concurrent_builds_into_one_out_both_finish_whole(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "spl2py", "build", str(proj / "src"), "-o", str(out), "-j", "1", "--no-cache"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert run_python(out / "main.py", cwd=tmp_path).stdout == "area 9\n42\n"
    assert build(proj / "src", out).written == []  # the manifest matches what is on disk


def test_temp_files_of_a_killed_build_are_cleaned(tmp_path):
    proj = project(tmp_path / "proj")
    out = tmp_path / "out"
    build(proj / "src", out)
    leftovers = [out / ".main.py.k1ll3d_x.tmp", out / "_splmod/app/src/.util.py.abc_123.tmp", out / f".{MANIFEST}.zz9.tmp"]
    for path in leftovers:
        path.write_text("half")
    mine = out / ".notes.txt.tmp"  # not beside a file spl2py wrote: the user's
    mine.write_text("keep")
    build(proj / "src", out)
    assert not any(p.exists() for p in leftovers)
    leftovers[0].write_text("half")
    clean_outputs(out)
    assert not leftovers[0].exists()
    assert mine.read_text() == "keep"


USER_EXTERNS = '''
from runtime.externs import extern

@extern("rt_bench_scale", "(x: f64, k: i64) -> f64")
def scale(x, k):
    return x * k
'''


def test_built_code_imports_its_externs_itself(tmp_path):
    from runtime.externs import load_module

    (tmp_path / "ext").mkdir()
    (tmp_path / "ext/bench_externs.py").write_text(USER_EXTERNS)
    sys.path.insert(0, str(tmp_path / "ext"))
    try:
        load_module("bench_externs")
        files = {"src/p.spl": "extern fn rt_bench_scale(x: f64, k: i64) -> f64\n\nfn main():\n    print rt_bench_scale(1.5, 4)\n"}
        out = tmp_path / "out"
        build(project(tmp_path / "proj", files) / "src", out, externs=("bench_externs",))
    finally:
        sys.path.remove(str(tmp_path / "ext"))
    assert "bench_externs" in (out / "_splmod/__init__.py").read_text()
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{tmp_path / 'ext'}"}
    result = subprocess.run([sys.executable, str(out / "p.py")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout) == (0, "6.0\n"), result.stderr


def test_externs_must_be_module_names(tmp_path):
    with pytest.raises(BuildError, match="is not a Python module name"):
        build(project(tmp_path / "proj") / "src", tmp_path / "out", externs=("x'); import os; ('",))
