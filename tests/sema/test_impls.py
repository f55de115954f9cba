"""sema/impls.py: impl targets, the method names that dispatch at run time, upstream's coherence rules."""

from __future__ import annotations

import pytest

from spl2py.diagnostics import CompileError
from spl2py.sema import analyze
from spl2py.sema.impls import extension_methods, target_kind
from spl2py.syntax import ast, parse
from spl2py.syntax.visit import walk


def errors(src: str) -> list[str]:
    try:
        analyze(parse(src, "t.spl"))
    except CompileError as e:
        return [f"{d.span.line} {d.message}" for d in e.diagnostics]
    return []


TRAIT = "trait P:\n    fn run() -> i64\n"


def impl(header: str, body: str = "1") -> str:
    return f"{header}:\n    fn run() -> i64:\n        {body}\n"


@pytest.mark.parametrize(
    "header, kind",
    [("impl P for text", "text"), ("impl P for String", "text"), ("impl P for i32", "int"), ("impl P for u8", "int"),
     ("impl P for f64", "float"), ("impl P for bool", "bool"), ("impl<T> P for [T]", "list"),
     ("impl P for Dict<text, i64>", "dict"), ("impl P for (i64, text)", "tuple"), ("impl<T> P for T", "blanket"),
     ("impl P for Point", None), ("impl<T> P for Box<T>", None)],
)
def test_target_kind(header, kind):
    module = parse(TRAIT + impl(header), "t.spl")
    assert target_kind(module.body[1]) == kind


def test_extension_methods_are_the_impls_and_their_traits_methods():
    src = "trait P:\n    fn run() -> i64\n    fn twice() -> i64: self.run() * 2\n" + impl("impl P for text")
    src += "struct Q:\n    x: i64\n" + "impl Q:\n    fn only_q() -> i64: 1\n"
    assert extension_methods(parse(src, "t.spl")) == {"run", "twice"}
    nested = "fn f():\n    trait L:\n        fn deep() -> i64\n    impl L for i64:\n        fn deep() -> i64: 1\n"
    assert extension_methods(parse(nested, "t.spl")) == {"deep"}


def test_builtin_targets_and_type_parameters_are_not_names():
    assert errors(TRAIT + impl("impl P for text") + impl("impl<T> P for [T]", "2")) == []
    assert errors(TRAIT + impl("impl P for Nope")) == ["3 undefined name `Nope`"]


def test_standard_traits_need_no_declaration_for_local_types():
    assert errors("struct M:\n    v: i64\nimpl Display for M:\n    fn to_string() -> text: \"M\"\n") == []


def test_orphan_rule_standard_trait_on_builtin_type():
    assert errors("impl Display for text:\n    fn to_string() -> text: self\n") == [
        "1 cannot implement the standard trait `Display` for the built-in type `text`"]


def test_duplicate_impls_conflict_and_sized_integers_are_one_type():
    assert errors(TRAIT + impl("impl P for i32") + impl("impl P for i32", "2")) == [
        "6 conflicting implementations of `P` for `i32`"]
    assert errors(TRAIT + impl("impl P for i32") + impl("impl P for i64", "2")) == [
        "6 conflicting implementations of `P` for `i64`"]
    assert errors(TRAIT + impl("impl P for i32") + impl("impl P for text", "2")) == []


def test_blanket_impl_overlaps_every_other_impl_of_its_trait():
    assert errors(TRAIT + impl("impl P for i32") + impl("impl<T> P for T", "0")) == [
        "6 conflicting implementations of `P` for `T`"]
    assert errors(TRAIT + impl("impl<T> P for T", "0") + impl("impl P for text")) == [
        "6 conflicting implementations of `P` for `text`"]


def test_same_named_traits_of_different_blocks_do_not_conflict():
    block = "    trait P:\n        fn run() -> i64\n    impl P for i32:\n        fn run() -> i64: 1\n"
    assert errors("fn a():\n" + block + "fn b():\n" + block) == []


def test_impl_on_builtin_missing_a_required_method():
    src = "trait Q:\n    fn q() -> i64\n    fn r() -> i64: 1\nimpl Q for text:\n    fn zz() -> i64: 1\n"
    assert errors(src) == ["4 impl Q for text is missing `q`"]


def test_two_impls_giving_one_builtin_type_one_method_name_are_ambiguous():
    src = "trait A:\n    fn f() -> i64\ntrait B:\n    fn f() -> i64\n"
    src += "impl A for text:\n    fn f() -> i64: 1\nimpl B for str:\n    fn f() -> i64: 2\n"
    assert errors(src) == ["8 two impls give `str` a method `f`"]
    assert errors("impl text:\n    fn g() -> i64: 1\nimpl i64:\n    fn g() -> i64: 2\n") == []


def test_impl_method_bodies_are_checked():
    assert errors(TRAIT + impl("impl P for text", "nope")) == ["5 undefined name `nope`"]
    assert errors(TRAIT + impl("impl<T> P for T where T: Missing")) == ["3 undefined name `Missing`"]


def test_a_built_in_type_name_before_a_method_is_a_type_reference():
    src = "impl text:\n    static fn blank() -> text:\n        \"\"\nval a = text.blank()\nval b = i64.zero\n"
    analysis = analyze(parse(src, "t.spl"))
    names = [n for n in _names(analysis.module) if n.id in ("text", "i64")]
    assert [analysis.builtin_type(n) for n in names] == ["text", "int"]


def test_a_bound_name_shadowing_a_type_is_a_value():
    assert errors("val i64 = [1]\nprint i64.len()\n") == []
    assert errors("print nosuch.zero()\n") == ["1 undefined name `nosuch`"]
    analysis = analyze(parse("val text = \"a\"\nprint text.len()\n", "t.spl"))
    assert all(analysis.builtin_type(n) is None for n in _names(analysis.module))


def _names(module):
    return [n for n in walk(module.body) if isinstance(n, ast.Name)]
