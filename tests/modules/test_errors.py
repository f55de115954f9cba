"""Resolver errors: each names the `use` line with a caret and says what went wrong."""

from __future__ import annotations

import re

import pytest
from modtree import load, write_tree

from spl2py.diagnostics import CompileError


def failure(entry, **options) -> str:
    with pytest.raises(CompileError) as info:
        load(entry, **options)
    return info.value.render()


def at_line(text: str, path, line: int, message: str) -> bool:
    """``path:line:COL: message`` for any column (the caret column is the parser's span)."""
    return re.fullmatch(re.escape(f"{path}:{line}:") + r"\d+: " + re.escape(message), text) is not None


def test_module_not_found_lists_every_path_in_order(tmp_path):
    lib = write_tree(tmp_path / "L", {}, marker=None)
    write_tree(tmp_path / "proj", {"sub/main.spl": "fn f():\n    1\n\nuse lib.nothere.{x}\n"})
    text = failure(tmp_path / "proj/sub/main.spl", lib_dirs=(lib,))
    p, L = tmp_path / "proj", lib
    expected_paths = [
        p / "sub/lib/nothere.spl", p / "sub/lib/nothere/mod.spl", p / "sub/lib/nothere/__init__.spl",
        p / "lib/nothere.spl", p / "lib/nothere/mod.spl", p / "lib/nothere/__init__.spl",
        L / "nothere.spl", L / "nothere/mod.spl", L / "nothere/__init__.spl",
        L / "lib/nothere.spl", L / "lib/nothere/mod.spl", L / "lib/nothere/__init__.spl",
    ]
    lines = text.splitlines()
    assert at_line(lines[0], p / "sub/main.spl", 4, "error: module `lib.nothere` not found")
    assert lines[1] == "    use lib.nothere.{x}" and lines[2].strip() == "^"
    assert lines[3] == "    searched, in order:"
    listed = [line.strip() for line in lines[4:]]
    # the bundled library comes last; it is searched as well
    assert listed[: len(expected_paths)] == [str(x) for x in expected_paths]
    assert listed[-1].endswith("nothere/__init__.spl") and "runtime" in listed[-1]


def test_not_found_single_item_lists_both_readings(tmp_path):
    write_tree(tmp_path, {"main.spl": "use a.b\n"})
    text = failure(tmp_path / "main.spl")
    assert "module `a.b` not found" in text
    assert f"{tmp_path / 'a/b.spl'}\n" in text  # as a module
    assert f"{tmp_path / 'a.spl'}\n" in text  # as the item b of module a


def test_missing_name_suggests_close_names(tmp_path):
    write_tree(tmp_path, {
        "geometry.spl": "fn circle_area(r: f64) -> f64:\n    r\n",
        "main.spl": "use geometry.{circle_are}\n",
    })
    text = failure(tmp_path / "main.spl")
    lines = text.splitlines()
    assert at_line(lines[0], tmp_path / "main.spl", 1, "error: module `geometry` has no item `circle_are`")
    assert lines[1] == "    use geometry.{circle_are}"
    assert "did you mean `circle_area`?" in text


def test_missing_single_item(tmp_path):
    write_tree(tmp_path, {"geometry.spl": "val PI = 3\n", "main.spl": "\nuse geometry.PX\n"})
    text = failure(tmp_path / "main.spl")
    assert at_line(text.splitlines()[0], tmp_path / "main.spl", 2, "error: module `geometry` has no item `PX`")
    assert "did you mean `PI`?" in text


def test_missing_name_from_runtime_spec(tmp_path):
    write_tree(tmp_path, {"main.spl": "use std.spec.{descrbe}\n"})
    text = failure(tmp_path / "main.spl")
    assert "module `runtime.spec` has no item `descrbe`" in text
    assert "`describe`" in text


def test_submodule_in_group_gets_a_hint(tmp_path):
    write_tree(tmp_path, {
        "pkg/__init__.spl": "fn version() -> i64:\n    1\n",
        "pkg/router.spl": "fn route():\n    1\n",
        "main.spl": "use pkg.{router}\n",
    })
    text = failure(tmp_path / "main.spl")
    assert "module `pkg` has no item `router`" in text
    assert "`router` is a submodule: write `use pkg.router` to bind it" in text


def test_import_cycle_prints_the_cycle(tmp_path):
    write_tree(tmp_path, {
        "a.spl": "use b.{fb}\nfn fa():\n    1\n",
        "b.spl": "use sub.c.{fc}\nfn fb():\n    2\n",
        "sub/c.spl": "use a.{fa}\nfn fc():\n    3\n",
        "main.spl": "use a.{fa}\n",
    })
    text = failure(tmp_path / "main.spl")
    lines = text.splitlines()
    assert at_line(lines[0], tmp_path / "sub/c.spl", 1, "error: import cycle: a.spl -> b.spl -> sub/c.spl -> a.spl")
    assert lines[1] == "    use a.{fa}"


def test_two_module_cycle(tmp_path):
    write_tree(tmp_path, {"a.spl": "use b\n", "b.spl": "use a\n"})
    assert "import cycle: a.spl -> b.spl -> a.spl" in failure(tmp_path / "a.spl")


def test_two_files_one_python_name(tmp_path):
    write_tree(tmp_path, {
        "util.spl": "fn f():\n    1\n",
        "util/__init__.spl": "fn g():\n    1\n",
        "main.spl": "use util.{f}\nuse util.__init__.{g}\n",
    })
    text = failure(tmp_path / "main.spl")
    assert (
        "error: `util.spl` and `util/__init__.spl` both map to the Python module name `_splmod.app.util`"
        in text
    )
    assert "    use util.__init__.{g}" in text


def test_exported_but_undefined_is_a_warning(tmp_path):
    write_tree(tmp_path, {"main.spl": "fn main():\n    1\n\nexport main, ghost\n"})
    program = load(tmp_path / "main.spl")
    assert [w.render() for w in program.warnings] == [
        f"{tmp_path / 'main.spl'}:4:1: warning: `ghost` is exported but never defined"
    ]


def test_relative_path_not_searched_elsewhere(tmp_path):
    write_tree(tmp_path, {"helper.spl": "fn h():\n    1\n", "pkg/main.spl": "use .helper.{h}\n"})
    text = failure(tmp_path / "pkg/main.spl")
    assert "module `.helper` not found" in text
    assert str(tmp_path / "helper.spl") not in text
