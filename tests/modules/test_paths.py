"""Resolution is the same from any cwd, for relative/absolute paths, symlinks and spaces; names never collide."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from modtree import bindings, load, unit_named, write_tree

REPO = Path(__file__).resolve().parents[2]

PROJECT = {
    "app/main.spl": "use shapes.geometry.{area}\nuse lib.helpers.{help}\n",
    "app/shapes/geometry.spl": "fn area() -> i64:\n    1\n",
    "src/lib/helpers.spl": "fn help() -> i64:\n    2\n",
}

DUMP = """
import json, sys
from pathlib import Path
from spl2py.modules import ModuleOptions, load_program
program = load_program(Path(sys.argv[1]), ModuleOptions())
print(json.dumps([[u.pyname, Path(u.path).name, sorted(repr(r) for r in u.imports.values())] for u in program.units]))
"""


def dump_from(cwd: Path, entry: str) -> list:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SIMPLE_LIB", None)
    result = subprocess.run(
        [sys.executable, "-c", DUMP, entry], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_same_result_from_any_cwd_relative_or_absolute(tmp_path):
    proj = write_tree(tmp_path / "proj", PROJECT)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    from_root = dump_from(proj, "app/main.spl")
    assert from_root == dump_from(elsewhere, str(proj / "app/main.spl"))
    assert from_root == dump_from(proj / "app/shapes", "../main.spl")
    assert from_root == dump_from(Path("/"), str(proj / "app/main.spl"))
    assert [u[0] for u in from_root] == [
        "_splmod.app.app.shapes.geometry",
        "_splmod.lib.helpers",
        "_splmod.app.app.main",
    ]


def test_relative_entry_gives_relative_display_paths(tmp_path, monkeypatch):
    proj = write_tree(tmp_path / "proj", PROJECT)
    monkeypatch.chdir(proj)
    program = load(Path("app/main.spl"))
    assert [str(u.path) for u in program.units] == [
        os.path.join("app", "shapes", "geometry.spl"),
        os.path.join("src", "lib", "helpers.spl"),
        os.path.join("app", "main.spl"),
    ]


def test_spaces_in_paths(tmp_path):
    proj = write_tree(tmp_path / "my project", {
        "my app/main.spl": "use my_lib.{f}\nuse sub.tools.{g}\n",
        "my app/my_lib.spl": "fn f() -> i64:\n    1\n",
        "my app/sub/tools.spl": "fn g() -> i64:\n    1\n",
    })
    program = load(proj / "my app/main.spl")
    assert [u.pyname for u in program.units] == [
        "_splmod.app.my_app.my_lib",
        "_splmod.app.my_app.sub.tools",
        "_splmod.app.my_app.main",
    ]
    assert dump_from(tmp_path, str(proj / "my app/main.spl"))[0][0] == "_splmod.app.my_app.my_lib"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinked_folders(tmp_path):
    shared = write_tree(tmp_path / "shared", {"geo/shapes.spl": "fn area() -> i64:\n    1\n"}, marker=None)
    proj = write_tree(tmp_path / "proj", {
        "main.spl": "use geo.shapes.{area}\nuse linked.geo.shapes.{area as a2}\n",
    })
    os.symlink(shared / "geo", proj / "geo", target_is_directory=True)  # a folder next to the importer
    os.symlink(shared, proj / "linked", target_is_directory=True)
    program = load(proj / "main.spl")
    # one file reached along two symlinked paths loads once, under the first path's name
    assert [u.pyname for u in program.units] == ["_splmod.app.geo.shapes", "_splmod.app.main"]
    assert {b[0] for b in bindings(program)} == {"_splmod.app.geo.shapes"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_project_reached_through_a_symlink(tmp_path):
    real = write_tree(tmp_path / "real", PROJECT)
    os.symlink(real, tmp_path / "link", target_is_directory=True)
    via_link = load(tmp_path / "link/app/main.spl")
    direct = load(real / "app/main.spl")
    assert [u.pyname for u in via_link.units] == [u.pyname for u in direct.units]
    assert str(unit_named(via_link, "geometry.spl").path).startswith(str(tmp_path / "link"))


def test_python_names_do_not_shadow_python_modules(tmp_path):
    write_tree(tmp_path, {
        "torch.spl": "fn t() -> i64:\n    1\n",
        "json.spl": "fn j() -> i64:\n    1\n",
        "test.spl": "fn x() -> i64:\n    1\n",
        "typing.spl": "fn y() -> i64:\n    1\n",
        "main.spl": "use torch.{t}\nuse json.{j}\nuse test.{x}\nuse typing.{y}\n",
    })
    program = load(tmp_path / "main.spl")
    names = [u.pyname for u in program.units]
    assert names == ["_splmod.app.torch", "_splmod.app.json", "_splmod.app.test", "_splmod.app.typing", "_splmod.app.main"]


def test_same_file_name_in_two_folders(tmp_path):
    write_tree(tmp_path, {
        "a/util.spl": "fn fa() -> i64:\n    1\n",
        "b/util.spl": "fn fb() -> i64:\n    2\n",
        "main.spl": "use a.util.{fa}\nuse b.util.{fb}\n",
    })
    assert [b[0] for b in bindings(load(tmp_path / "main.spl"))] == ["_splmod.app.a.util", "_splmod.app.b.util"]


def test_path_components_become_identifiers(tmp_path):
    from spl2py.modules.names import sanitize

    assert sanitize("10.frontend") == "_10_frontend"
    assert sanitize("my-lib") == "my_lib"
    assert sanitize("class") == "class_"
    assert sanitize("match") == "match_"
    write_tree(tmp_path, {"1st/class/main.spl": "fn main():\n    1\n"})
    assert load(tmp_path / "1st/class/main.spl").entry.pyname == "_splmod.app._1st.class_.main"
