"""Use records: the AST-free form of ``ast.Use`` in summaries, equal to the parsed node when turned back."""

from __future__ import annotations

from dataclasses import fields

from spl2py.driver import summary_json
from spl2py.modules.records import UseItem, UseRecord, record_of
from spl2py.modules.summary import rewrite_exports, summarize
from spl2py.syntax import ast, parse

SOURCE = """\
use a.b.{x, y as z}
use ..c.*
export use d.e as f
export g.*
fn h():
    use k.m
    m
"""


def test_records_have_exactly_the_fields_of_the_ast_nodes():
    # a field added to ast.Use must be added to UseRecord (and so to the cached summaries)
    assert [f.name for f in fields(UseRecord)] == [f.name for f in fields(ast.Use)]
    assert [f.name for f in fields(UseItem)] == [f.name for f in fields(ast.UseName)]


def test_records_turn_back_into_the_parsed_nodes():
    module = rewrite_exports(parse(SOURCE, "t.spl"))
    uses = [n for n in ast_walk(module) if isinstance(n, ast.Use)]
    summary = summarize(module)
    assert [r.path for r in summary.uses] == [("a", "b"), ("c",), ("d", "e"), ("g",), ("k", "m")]
    assert summary.top_level == (True, True, True, True, False)
    for use, record in zip(uses, summary.uses):
        assert record == record_of(use)
        assert record.node() == use and hash(record.node()) == hash(use)  # lowering's dict keys


def test_cached_summary_round_trips_without_the_ast():
    summary = summarize(rewrite_exports(parse(SOURCE, "t.spl")))
    decoded = summary_json.decode(summary_json.encode(summary))
    assert decoded == summary
    assert all(type(u) is UseRecord for u in decoded.uses)


def ast_walk(module):
    from spl2py.syntax.visit import walk

    return walk(module)


CLASSES = """\
class Vec:
    x: f64
    static fn zero() -> Vec:
        Vec(x: 0.0)
    fn add(other: Vec) -> Vec:
        Vec(x: self.x + other.x)
    fn x():
        1
    fn norm() -> f64:
        self.x
struct P:
    a: i64
class Twice:
    n: i64
val Twice = 3
extern fn ext_add(t: any, other: any) -> any
extern fn ext_opt(t: any, k: i64 = 1) -> any
"""


def test_summary_records_classes_and_externs_and_round_trips():
    summary = summarize(parse(CLASSES, "t.spl"))
    vec, p = summary.classes
    # `x` is a field and a method (not a plain method); zero/add return the class itself
    assert (vec.name, vec.struct, vec.methods, vec.self_returning) == ("Vec", False, ("add", "norm"), ("zero", "add"))
    assert (p.name, p.struct, p.methods) == ("P", True, ())
    assert [c.name for c in summary.classes] == ["Vec", "P"]  # Twice is bound twice: left out
    assert summary.externs == (("ext_add", ("t", "other")),)  # a default parameter: left out
    assert summary_json.decode(summary_json.encode(summary)) == summary


def test_a_cached_summary_of_an_older_layout_is_a_miss():
    import json

    data = json.loads(summary_json.encode(summarize(parse(CLASSES, "t.spl"))))
    del data["classes"]
    assert summary_json.decode(json.dumps(data).encode()) is None
    data = json.loads(summary_json.encode(summarize(parse(CLASSES, "t.spl"))))
    data["classes"][0][2] = [1]
    assert summary_json.decode(json.dumps(data).encode()) is None


def test_the_parser_tells_whether_a_use_sits_below_the_top_level():
    assert parse(SOURCE, "t.spl").nested_uses is True
    flat = parse("use a.b\nfn h():\n    1\nclass C:\n    fn m():\n        use_it()\n", "t.spl")
    assert flat.nested_uses is False
    assert [r.path for r in summarize(flat).uses] == [("a", "b")]
    deep = parse("class C:\n    fn m():\n        if true:\n            use q.r\n", "t.spl")
    assert deep.nested_uses is True and [r.path for r in summarize(deep).uses] == [("q", "r")]
