"""spl2py's content-hash cache: keys, code objects via marshal, atomic writes, clean, and run without parsing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from spl2py.diagnostics import Span
from spl2py.driver import cache as cache_mod
from spl2py.driver.cache import Cache, atomic_write, cached_code, clean_cache, code_key, open_cache, text_key
from spl2py.modules import Binding, ResolvedUse, Unit
from spl2py.syntax import ast


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.delenv("SIMPLE_LIB", raising=False)
    monkeypatch.delenv("SPL2PY_NO_CACHE", raising=False)
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "cache"))


def unit(source="fn f():\n    1\n", path="m.spl", pyname="_splmod.app.m", bindings=(("x", "x"),)) -> Unit:
    span = Span(path, 1, 1)
    use = ast.Use(span, ("dep",), names=tuple(ast.UseName(span, b[1]) for b in bindings))
    resolved = ResolvedUse("_splmod.app.dep", tuple(Binding(*b) for b in bindings))
    return Unit(Path(path), pyname, source, ast.Module(span, path, ()), {use: resolved})


def test_keys_follow_what_the_output_depends_on():
    base = code_key(unit())
    assert code_key(unit()) == base
    assert code_key(unit(source="fn f():\n    2\n")) != base
    assert code_key(unit(path="other/m.spl")) != base  # the path is inside the code object
    assert code_key(unit(pyname="_splmod.app.n")) != base
    assert code_key(unit(bindings=(("x", "x"), ("y", "y")))) != base  # the imported names changed
    assert code_key(unit(), options="debug") != base
    assert text_key(unit(), "black 1") != text_key(unit(), "unformatted") != base


def test_code_object_round_trips_through_marshal(tmp_path):
    calls = []

    def compile_unit(u):
        calls.append(u.pyname)
        return compile("value = 6 * 7\n", str(u.path), "exec")

    first = cached_code(unit(), compile_unit, Cache(tmp_path / "c"))
    second = cached_code(unit(), compile_unit, Cache(tmp_path / "c"))  # a new process would do this
    assert calls == ["_splmod.app.m"]
    assert second == first and second.co_filename == "m.spl"
    namespace = {}
    exec(second, namespace)
    assert namespace["value"] == 42
    stored = list((tmp_path / "c/v2/code").rglob("*"))
    assert any(p.is_file() for p in stored)
    assert not list(tmp_path.rglob("__pycache__"))  # never relies on .pyc files


def test_corrupt_entry_is_a_miss(tmp_path):
    cache = Cache(tmp_path / "c")
    calls = []

    def compile_unit(u):
        calls.append(1)
        return compile("x = 1\n", "m.spl", "exec")

    cached_code(unit(), compile_unit, cache)
    for path in (tmp_path / "c/v2/code").rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    assert cached_code(unit(), compile_unit, cache).co_filename == "m.spl"
    assert len(calls) == 2


def test_no_cache_means_compile_every_time():
    calls = []
    cached_code(unit(), lambda u: calls.append(1) or compile("", "m", "exec"), None)
    cached_code(unit(), lambda u: calls.append(1) or compile("", "m", "exec"), None)
    assert len(calls) == 2


def test_atomic_write_keeps_old_content_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.py"
    atomic_write(target, b"old\n")

    def boom(src, dst):
        raise KeyboardInterrupt  # a kill between writing and renaming

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new content\n")
    assert target.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.py"]  # the temp file is gone


def test_cache_folder_location(tmp_path, monkeypatch):
    assert open_cache(tmp_path / "proj").folder == tmp_path / "cache"  # SPL2PY_CACHE_DIR
    monkeypatch.delenv("SPL2PY_CACHE_DIR")
    assert open_cache(tmp_path / "proj").folder == tmp_path / "proj" / ".spl2py_cache"
    monkeypatch.setenv("SPL2PY_NO_CACHE", "1")
    assert open_cache(tmp_path / "proj") is None


def test_clean_removes_only_a_tagged_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("SPL2PY_CACHE_DIR")
    proj = tmp_path / "proj"
    cache = Cache(proj / ".spl2py_cache")
    cache.store_text("ab" * 32, "x = 1\n")
    assert cache.load_text("ab" * 32) == "x = 1\n"
    assert clean_cache(proj) == proj / ".spl2py_cache"
    assert not (proj / ".spl2py_cache").exists()
    # a folder that is not a spl2py cache is left alone
    monkeypatch.setenv("SPL2PY_CACHE_DIR", str(tmp_path / "precious"))
    (tmp_path / "precious/v1").mkdir(parents=True)
    (tmp_path / "precious/v1/data.txt").write_text("keep")
    assert clean_cache(proj) is None
    assert (tmp_path / "precious/v1/data.txt").read_text() == "keep"


# ----------------------------------------------------------------- through the real pipeline

PROGRAM = {
    "simple.sdn": "",
    "main.spl": "use geo.{area}\n\nfn main():\n    print area(4)\n",
    "geo.spl": "fn area(s: i64) -> i64:\n    s * s\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def forget_generated_modules() -> None:
    for name in [n for n in sys.modules if n == "_splmod" or n.startswith("_splmod.")]:
        del sys.modules[name]


def test_load_program_with_cache_parses_lazily(tmp_path, monkeypatch):
    from spl2py.modules import ModuleOptions, load_program

    root = write(tmp_path / "p", PROGRAM)
    first = load_program(root / "main.spl", ModuleOptions(), cache=Cache(tmp_path / "c"))
    assert all(u.parsed for u in first.units)

    import spl2py.syntax

    calls = []
    real_parse = spl2py.syntax.parse
    monkeypatch.setattr(spl2py.syntax, "parse", lambda s, p: calls.append(p) or real_parse(s, p))
    second = load_program(root / "main.spl", ModuleOptions(), cache=Cache(tmp_path / "c"))
    assert calls == [] and not any(u.parsed for u in second.units)
    assert second.entry.imports == first.entry.imports
    assert second.entry.module == first.entry.module  # parsed on first access
    assert calls == [str(root / "main.spl")]


def test_spl2py_run_serves_code_from_the_cache(tmp_path, monkeypatch, capsys):
    from spl2py.driver.run import run_file

    monkeypatch.setattr(sys, "argv", list(sys.argv))  # run_file sets sys.argv
    root = write(tmp_path / "p", PROGRAM)
    forget_generated_modules()
    assert run_file(root / "main.spl") == 0
    assert capsys.readouterr().out == "16\n"

    import spl2py.syntax

    def no_parse(*args):
        raise AssertionError("a cached program must not be parsed")

    with monkeypatch.context() as m:
        m.setattr(spl2py.syntax, "parse", no_parse)
        forget_generated_modules()
        assert run_file(root / "main.spl") == 0
        assert capsys.readouterr().out == "16\n"

    (root / "geo.spl").write_text("fn area(s: i64) -> i64:\n    s * s * 2\n")
    forget_generated_modules()
    assert run_file(root / "main.spl") == 0
    assert capsys.readouterr().out == "32\n"
    forget_generated_modules()


def test_fingerprint_covers_the_compiler_sources(monkeypatch):
    monkeypatch.setattr(cache_mod, "_fingerprint", None)
    first = cache_mod.compiler_fingerprint()
    monkeypatch.setattr(cache_mod, "_fingerprint", None)
    monkeypatch.setattr(cache_mod.spl2py, "__version__", "0.0.0-test")
    assert cache_mod.compiler_fingerprint() != first


def test_formatter_cache_entries_are_authenticated(tmp_path, monkeypatch):
    from spl2py.driver import secret
    from spl2py.driver.cache import FormatMemo

    monkeypatch.setenv(secret.ENV_FILE, str(tmp_path / "home/secret"))
    memo = FormatMemo(Cache(tmp_path / "cache"), "black 1")
    memo.store("x = a ** 2\n", "x = a**2\n")
    assert memo.load("x = a ** 2\n") == "x = a**2\n"
    assert FormatMemo(Cache(tmp_path / "cache"), "black 2").load("x = a ** 2\n") is None  # another formatter
    [entry] = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and "fmt" in p.parts]
    entry.write_bytes(entry.read_bytes()[: secret.TAG_SIZE] + b"import os\n")
    assert memo.load("x = a ** 2\n") is None  # a changed payload is a miss
