"""Each `use` form and each search rule, checked through the bindings and files it resolves to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from modtree import bindings, load, unit_named, write_tree

GEOMETRY = """\
val PI = 3.14

fn circle_area(r: f64) -> f64:
    PI * r * r

fn square_area(s: f64) -> f64:
    s * s

fn _helper() -> i64:
    1
"""


def test_group_with_aliases(tmp_path):
    write_tree(tmp_path, {
        "shapes/geometry.spl": GEOMETRY,
        "main.spl": "use shapes.geometry.{circle_area, square_area as sq, PI}\n",
    })
    program = load(tmp_path / "main.spl")
    target = "_splmod.app.shapes.geometry"
    assert bindings(program) == [
        (target, "circle_area", "circle_area"),
        (target, "sq", "square_area"),
        (target, "PI", "PI"),
    ]
    # dependency order: the imported module comes first, the entry last
    assert [Path(u.path).name for u in program.units] == ["geometry.spl", "main.spl"]
    assert program.entry is program.units[-1]


def test_group_spanning_lines_with_trailing_comma(tmp_path):
    write_tree(tmp_path, {
        "geometry.spl": GEOMETRY,
        "main.spl": "use geometry.{\n    circle_area,\n    PI,\n}\n",
    })
    assert [b[1] for b in bindings(load(tmp_path / "main.spl"))] == ["circle_area", "PI"]


def test_glob_binds_public_definitions(tmp_path):
    write_tree(tmp_path, {"geometry.spl": GEOMETRY, "main.spl": "use geometry.*\n"})
    locals_ = [b[1] for b in bindings(load(tmp_path / "main.spl"))]
    assert locals_ == ["PI", "circle_area", "square_area"]  # `_helper` is private to globs


def test_brace_glob(tmp_path):
    write_tree(tmp_path, {"geometry.spl": GEOMETRY, "main.spl": "use geometry.{*}\n"})
    assert "circle_area" in [b[1] for b in bindings(load(tmp_path / "main.spl"))]


def test_private_name_importable_when_named(tmp_path):
    write_tree(tmp_path, {"geometry.spl": GEOMETRY, "main.spl": "use geometry.{_helper}\n"})
    assert bindings(load(tmp_path / "main.spl"))[0][1:] == ("_helper", "_helper")


def test_every_kind_of_definition_is_importable(tmp_path):
    write_tree(tmp_path, {
        "defs.spl": (
            "fn f():\n    1\n\n"
            "class C:\n    x: i64\n\n"
            "struct S:\n    y: i64\n\n"
            "enum E:\n    A\n    B\n\n"
            "trait T:\n    fn m(self) -> i64\n\n"
            "extern fn rt_torch_available() -> bool\n\n"
            "type Alias = i64\n\n"
            "val v = 1\n"
            "var w = 2\n"
            "const K = 3\n"
        ),
        "main.spl": "use defs.{f, C, S, E, T, rt_torch_available, Alias, v, w, K}\n",
    })
    assert len(bindings(load(tmp_path / "main.spl"))) == 10


def test_names_a_top_level_destructuring_val_binds_are_importable(tmp_path):
    write_tree(tmp_path, {
        "vals.spl": "val Some(x) = Some(41)\nval (a, b) = (1, 2)\nval [first, rest] = [3, 4]\n",
        "main.spl": "use vals.{x, a, b, first}\nprint x + a + b + first\n",
    })
    program = load(tmp_path / "main.spl")
    assert [local for _, local, _ in bindings(program)] == ["x", "a", "b", "first"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("SIMPLE_LIB", None)
    run = subprocess.run([sys.executable, "-m", "spl2py", "run", str(tmp_path / "main.spl")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stdout) == (0, "47\n"), run.stderr


def test_single_item_is_module_when_one_exists(tmp_path):
    write_tree(tmp_path, {
        "a/b.spl": "fn x():\n    1\n",
        "a/b/x.spl": "fn inner():\n    2\n",
        "main.spl": "use a.b.x\n",
    })
    program = load(tmp_path / "main.spl")
    assert bindings(program) == [("_splmod.app.a.b.x", "x", None)]


def test_single_item_falls_back_to_item_of_parent(tmp_path):
    write_tree(tmp_path, {
        "a/b.spl": "fn x():\n    1\n",
        "main.spl": "use a.b.x\nuse a.b.x as y\n",
    })
    assert bindings(load(tmp_path / "main.spl")) == [
        ("_splmod.app.a.b", "x", "x"),
        ("_splmod.app.a.b", "y", "x"),
    ]


def test_parenthesised_list(tmp_path):
    write_tree(tmp_path, {
        "pure/tensor.spl": "class PureTensor:\n    n: i64\n\nfn strides() -> i64:\n    1\n",
        "main.spl": "use pure.tensor (PureTensor, strides)\n",
    })
    assert [b[1:] for b in bindings(load(tmp_path / "main.spl"))] == [
        ("PureTensor", "PureTensor"),
        ("strides", "strides"),
    ]


def test_bare_use_binds_last_segment(tmp_path):
    write_tree(tmp_path, {"app/io.spl": "fn read() -> text:\n    \"\"\n", "main.spl": "use app.io\n"})
    assert bindings(load(tmp_path / "main.spl")) == [("_splmod.app.app.io", "io", None)]


def test_several_paths_in_one_statement(tmp_path):
    write_tree(tmp_path, {
        "a.spl": "class B:\n    x: i64\n",
        "c.spl": "class D:\n    y: i64\n",
        "main.spl": "use a.B, c.D\n",
    })
    assert bindings(load(tmp_path / "main.spl")) == [
        ("_splmod.app.a", "B", "B"),
        ("_splmod.app.c", "D", "D"),
    ]


def test_relative_sibling_and_parent(tmp_path):
    write_tree(tmp_path, {
        "pkg/sub/leaf.spl": "use .sibling.{helper}\nuse ..top.{up}\n",
        "pkg/sub/sibling.spl": "fn helper():\n    1\n",
        "pkg/top.spl": "fn up():\n    2\n",
        # same names elsewhere must not be picked by a relative path
        "sibling.spl": "fn helper():\n    3\n",
    })
    program = load(tmp_path / "pkg/sub/leaf.spl")
    assert bindings(program, "leaf.spl") == [
        ("_splmod.app.pkg.sub.sibling", "helper", "helper"),
        ("_splmod.app.pkg.top", "up", "up"),
    ]


def test_bare_relative_use_binds_module(tmp_path):
    write_tree(tmp_path, {"pkg/a.spl": "use .b\n", "pkg/b.spl": "fn f():\n    1\n"})
    assert bindings(load(tmp_path / "pkg/a.spl"), "a.spl") == [("_splmod.app.pkg.b", "b", None)]


def test_candidate_order_file_then_mod_then_init(tmp_path):
    write_tree(tmp_path, {
        "one.spl": "fn from_file():\n    1\n",
        "one/mod.spl": "fn from_mod():\n    1\n",
        "two/mod.spl": "fn from_mod():\n    1\n",
        "two/__init__.spl": "fn from_init():\n    1\n",
        "three/__init__.spl": "fn from_init():\n    1\n",
        "main.spl": "use one.{from_file}\nuse two.{from_mod}\nuse three.{from_init}\n",
    })
    assert [b[0] for b in bindings(load(tmp_path / "main.spl"))] == [
        "_splmod.app.one",
        "_splmod.app.two.mod",
        "_splmod.app.three",
    ]


def test_walks_up_parent_folders_to_project_root(tmp_path):
    write_tree(tmp_path / "proj", {
        "common.spl": "fn shared():\n    1\n",
        "deep/er/main.spl": "use common.{shared}\n",
    })
    assert bindings(load(tmp_path / "proj/deep/er/main.spl"))[0][0] == "_splmod.app.common"


def test_nearest_folder_wins_over_parent(tmp_path):
    write_tree(tmp_path, {
        "util.spl": "fn outer():\n    1\n",
        "app/util.spl": "fn inner():\n    1\n",
        "app/main.spl": "use util.*\n",
    })
    assert bindings(load(tmp_path / "app/main.spl")) == [("_splmod.app.app.util", "inner", "inner")]


def test_comment_only_init_falls_through(tmp_path):
    # project/lib/tools/__init__.spl holds only comments: `use lib.tools` goes on to the library root
    libroot = write_tree(tmp_path / "extlib", {"tools.spl": "fn hammer():\n    1\n"}, marker=None)
    write_tree(tmp_path / "proj", {
        "lib/tools/__init__.spl": "# All submodules are automatically available.\n",
        "main.spl": "use lib.tools.{hammer}\n",
    })
    program = load(tmp_path / "proj/main.spl", lib_dirs=(libroot,))
    assert bindings(program) == [("_splmod.lib.tools", "hammer", "hammer")]


def test_init_facade_reexports_submodules(tmp_path):
    write_tree(tmp_path, {
        "torchy/__init__.spl": "export use .tensor.{Tensor}\nexport use .ops.*\n",
        "torchy/tensor.spl": "class Tensor:\n    h: i64\n",
        "torchy/ops.spl": "fn add(a: i64, b: i64) -> i64:\n    a + b\n",
        "main.spl": "use torchy.{Tensor, add}\nuse torchy.*\n",
    })
    program = load(tmp_path / "main.spl")
    assert bindings(program) == [
        ("_splmod.app.torchy", "Tensor", "Tensor"),
        ("_splmod.app.torchy", "add", "add"),
        ("_splmod.app.torchy", "Tensor", "Tensor"),
        ("_splmod.app.torchy", "add", "add"),
    ]
    facade = unit_named(program, "__init__.spl")
    assert [Path(u.path).name for u in program.units].index("tensor.spl") < program.units.index(facade)


def test_export_use_reexports_from_plain_module(tmp_path):
    write_tree(tmp_path, {
        "base.spl": "fn core():\n    1\n",
        "api.spl": "export use base.{core}\nuse base.{core as hidden}\nfn own():\n    2\n",
        "main.spl": "use api.*\nuse api.{hidden}\n",
    })
    locals_ = [b[1] for b in bindings(load(tmp_path / "main.spl"))]
    # glob: own definitions + export use; a plain use is importable by name, not by glob
    assert locals_ == ["own", "core", "hidden"]


def test_export_list_reexports_an_imported_name(tmp_path):
    write_tree(tmp_path, {
        "base.spl": "fn core():\n    1\n",
        "api.spl": "use base.{core}\nexport core\n",
        "main.spl": "use api.*\n",
    })
    assert [b[1] for b in bindings(load(tmp_path / "main.spl"))] == ["core"]


def test_export_glob_of_submodule(tmp_path):
    write_tree(tmp_path, {
        "pkg/__init__.spl": "export router.*\n",
        "pkg/router.spl": "class Router:\n    n: i64\n",
        "main.spl": "use pkg.{Router}\n",
    })
    program = load(tmp_path / "main.spl")
    assert bindings(program) == [("_splmod.app.pkg", "Router", "Router")]
    facade = unit_named(program, "__init__.spl")
    # lowering sees `export router.*` as the equivalent `export use router.*`
    (use,) = facade.imports
    assert use.glob and use.reexport and use in facade.module.body


def test_nested_use_is_resolved_but_not_reexported(tmp_path):
    write_tree(tmp_path, {
        "a.spl": "fn helper():\n    1\n",
        "b.spl": "fn f():\n    use a.{helper}\n    helper()\n",
        "main.spl": "use b.*\n",
    })
    program = load(tmp_path / "main.spl")
    assert [b[1] for b in bindings(program)] == ["f"]
    assert bindings(program, "b.spl") == [("_splmod.app.a", "helper", "helper")]


def test_each_module_loaded_once(tmp_path):
    write_tree(tmp_path, {
        "base.spl": "fn b():\n    1\n",
        "x.spl": "use base.{b}\n",
        "y.spl": "use base.{b}\n",
        "main.spl": "use x.*\nuse y.*\nuse base.{b}\n",
    })
    program = load(tmp_path / "main.spl")
    assert sorted(Path(u.path).name for u in program.units) == ["base.spl", "main.spl", "x.spl", "y.spl"]
    assert [Path(u.path).name for u in program.units][0] == "base.spl"


def test_lib_prefix_resolves_in_lib_dir_stripped_then_kept(tmp_path):
    lib = write_tree(tmp_path / "L", {
        "torch/mod.spl": "fn torch_available() -> bool:\n    true\n",
        "lib/extra.spl": "fn more():\n    1\n",
    }, marker=None)
    write_tree(tmp_path / "proj", {"main.spl": "use lib.torch.{torch_available}\nuse lib.extra.{more}\n"})
    program = load(tmp_path / "proj/main.spl", lib_dirs=(lib,))
    assert [b[0] for b in bindings(program)] == ["_splmod.lib.torch.mod", "_splmod.lib.lib.extra"]


def test_std_prefix_maps_to_lib_folder_too(tmp_path):
    simple_src = write_tree(tmp_path / "simple/src", {"lib/text.spl": "fn trim(s: text) -> text:\n    s\n"}, marker=None)
    write_tree(tmp_path / "proj", {"main.spl": "use std.text.trim\n"})
    program = load(tmp_path / "proj/main.spl", lib_dirs=(simple_src,))
    assert bindings(program) == [("_splmod.lib.lib.text", "trim", "trim")]


def test_library_root_order(tmp_path, monkeypatch):
    # --lib, then SIMPLE_LIB, then the project's src/lib
    flag = write_tree(tmp_path / "flag", {"a.spl": "fn from_flag():\n    1\n"}, marker=None)
    env = write_tree(tmp_path / "env", {"a.spl": "fn from_env():\n    1\n", "b.spl": "fn from_env():\n    1\n"}, marker=None)
    write_tree(tmp_path / "proj", {
        "src/lib/a.spl": "fn from_src():\n    1\n",
        "src/lib/b.spl": "fn from_src():\n    1\n",
        "src/lib/c.spl": "fn from_src():\n    1\n",
        "main.spl": "use lib.a.*\nuse lib.b.*\nuse lib.c.*\n",
    })
    monkeypatch.setenv("SIMPLE_LIB", str(env))
    program = load(tmp_path / "proj/main.spl", lib_dirs=(flag,))
    assert [b[1] for b in bindings(program)] == ["from_flag", "from_env", "from_src"]
    without_env = load(tmp_path / "proj/main.spl", lib_dirs=(flag,), use_simple_lib_env=False)
    assert [b[1] for b in bindings(without_env)] == ["from_flag", "from_src", "from_src"]


def test_simple_lib_with_two_entries_binds_names(tmp_path, monkeypatch):
    # The upstream bug: a module found through SIMPLE_LIB had its names left unbound.
    first = write_tree(tmp_path / "first", {"one.spl": "fn alpha():\n    1\n"}, marker=None)
    second = write_tree(tmp_path / "second", {"spec.spl": "fn skip_it():\n    1\n", "two.spl": "fn beta():\n    2\n"}, marker=None)
    write_tree(tmp_path / "proj", {"main.spl": "use lib.one.{alpha}\nuse std.two.{beta}\nuse std.spec.{skip_it}\n"})
    monkeypatch.setenv("SIMPLE_LIB", os.pathsep.join([str(first), "", str(second)]))
    program = load(tmp_path / "proj/main.spl")
    assert bindings(program) == [
        ("_splmod.lib.one", "alpha", "alpha"),
        ("_splmod.lib2.two", "beta", "beta"),
        ("_splmod.lib2.spec", "skip_it", "skip_it"),  # a .spl std.spec wins over runtime.spec
    ]
    assert str(unit_named(program, "two.spl").path) == str(second / "two.spl")


def test_std_spec_is_the_python_runtime(tmp_path):
    import runtime.spec

    write_tree(tmp_path, {"main.spl": "use std.spec.{describe}\nuse std.sspec.*\nuse std.spec.it\nuse std.spipe\n"})
    main = unit_named(load(tmp_path / "main.spl"), "main.spl")
    resolved = [main.imports[u] for u in sorted(main.imports, key=lambda u: u.span.line)]
    assert {r.target for r in resolved} == {"runtime.spec"}
    assert [(b.local, b.source) for b in resolved[0].bindings] == [("describe", "describe")]
    assert [b.local for b in resolved[1].bindings] == list(runtime.spec.__all__)
    assert [(b.local, b.source) for b in resolved[2].bindings] == [("it", "it")]
    assert [(b.local, b.source) for b in resolved[3].bindings] == [("spipe", None)]


def test_bundled_library_needs_no_flag(tmp_path):
    write_tree(tmp_path, {"main.spl": "use lib.torch.ffi.{rt_torch_available}\n"})
    program = load(tmp_path / "main.spl")
    assert bindings(program) == [("_splmod.std.torch.ffi", "rt_torch_available", "rt_torch_available")]
    import runtime

    ffi = unit_named(program, "ffi.spl")
    assert Path(ffi.path) == Path(runtime.__file__).parent / "lib" / "torch" / "ffi.spl"


def test_module_never_resolves_to_itself(tmp_path):
    lib = write_tree(tmp_path / "L", {"torch.spl": "fn torch_available() -> bool:\n    true\n"}, marker=None)
    write_tree(tmp_path / "proj", {
        # a user file named torch.spl wrapping the library of the same name
        "lib/torch.spl": "use lib.torch.{torch_available}\nfn wrapped() -> bool:\n    torch_available()\n",
        "main.spl": "use lib.torch.{wrapped}\n",
    })
    program = load(tmp_path / "proj/main.spl", lib_dirs=(lib,))
    assert bindings(program) == [("_splmod.app.lib.torch", "wrapped", "wrapped")]
    assert bindings(program, "proj/lib/torch.spl") == [("_splmod.lib.torch", "torch_available", "torch_available")]


def test_library_modules_import_their_siblings(tmp_path):
    lib = write_tree(tmp_path / "L", {
        "pure/nn.spl": "use pure.tensor.{T}\nfn layer() -> i64:\n    1\n",
        "pure/tensor.spl": "class T:\n    n: i64\n",
    }, marker=None)
    write_tree(tmp_path / "proj", {"main.spl": "use lib.pure.nn.{layer}\n"})
    program = load(tmp_path / "proj/main.spl", lib_dirs=(lib,))
    assert bindings(program, "nn.spl") == [("_splmod.lib.pure.tensor", "T", "T")]


def test_project_root_stops_the_walk(tmp_path):
    write_tree(tmp_path, {"outside.spl": "fn o():\n    1\n"}, marker=None)
    write_tree(tmp_path / "proj", {"main.spl": "use outside.{o}\n"}, marker="pyproject.toml")
    import pytest

    from spl2py.diagnostics import CompileError

    with pytest.raises(CompileError, match="module `outside` not found"):
        load(tmp_path / "proj/main.spl")


def test_project_root_markers(tmp_path):
    from spl2py.modules.search import find_project_root

    for marker in ("pyproject.toml", "simple.sdn", ".git"):
        root = tmp_path / marker.strip(".")
        (root / "a/b").mkdir(parents=True)
        (root / marker).mkdir() if marker == ".git" else (root / marker).write_text("")
        assert find_project_root(root / "a/b") == root
    src_root = tmp_path / "withsrc"
    (src_root / "src/app").mkdir(parents=True)
    assert find_project_root(src_root / "src/app") == src_root


def test_a_use_carries_the_names_the_imported_modules_impls_on_builtin_types_answer(tmp_path):
    write_tree(tmp_path, {
        "ext.spl": "trait Shout:\n    fn shout() -> text\nimpl Shout for text:\n    fn shout() -> text: self\n",
        "plain.spl": "fn f() -> i64: 1\n",
        "main.spl": "use ext.{Shout}\nuse plain.{f}\nprint \"hi\".shout(), f()\n",
    })
    unit = unit_named(load(tmp_path / "main.spl"), "main.spl")
    assert sorted((r.target.rsplit(".", 1)[-1], r.methods) for r in unit.imports.values()) == [
        ("ext", ("shout",)), ("plain", ())]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    run = subprocess.run([sys.executable, "-m", "spl2py", "run", str(tmp_path / "main.spl")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert (run.returncode, run.stdout) == (0, "hi 1\n"), run.stderr


def test_single_name_use_searches_library_roots(tmp_path):
    # `use fs`: a one-segment path no folder of the importer holds is looked up in each library root
    libroot = write_tree(tmp_path / "extlib", {"fsx.spl": "fn separator() -> text:\n    \"/\"\n"}, marker=None)
    write_tree(tmp_path / "proj", {"main.spl": "use fsx.{separator}\n"})
    program = load(tmp_path / "proj/main.spl", lib_dirs=(libroot,))
    assert [b[1:] for b in bindings(program)] == [("separator", "separator")]


def test_single_name_use_prefers_the_importers_folder(tmp_path):
    libroot = write_tree(tmp_path / "extlib", {"fsx.spl": "fn lib_one():\n    1\n"}, marker=None)
    write_tree(tmp_path / "proj", {"fsx.spl": "fn own_one():\n    1\n", "main.spl": "use fsx.*\n"})
    program = load(tmp_path / "proj/main.spl", lib_dirs=(libroot,))
    assert [b[1:] for b in bindings(program)] == [("own_one", "own_one")]


def test_an_imported_class_and_externs_reach_lowering_through_the_summary(tmp_path):
    import ast as py

    from spl2py.driver.compile import lower_unit

    write_tree(tmp_path, {
        "vec.spl": "extern fn vec_join(t: any, other: any) -> any\n"
                   "class Vec:\n    x: f64\n    static fn of(x: f64) -> Vec:\n        Vec(x: x)\n"
                   "    fn add(other: Vec) -> Vec:\n        Vec(x: self.x + other.x)\n",
        "main.spl": "use vec.{Vec as V, vec_join}\nclass W:\n    k: i64\n    fn join(other):\n"
                    "        vec_join(self, other)\n"
                    "fn main():\n    val a = V.of(1.0)\n    var b = a\n    b = b.add(a)\n",
    })
    out = py.unparse(lower_unit(unit_named(load(tmp_path / "main.spl"), "main.spl")))
    assert "b = a\n" in out and "b = b.add(a)" in out  # a V object: no struct copy, its own add()
    assert "join = _spl.forward(vec_join, ('other',))" in out  # an imported extern's parameter names
