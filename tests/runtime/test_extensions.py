"""runtime/extensions.py: methods impl blocks give built-in types, blanket impls, and the order a
method call tries them in (built-in table, own methods, impl methods, blanket impls)."""

from __future__ import annotations

import contextlib
import io

import pytest

import runtime.core as rt
from runtime import extensions
from runtime.errors import SimpleError
from runtime.objects import Trait
from spl2py.lower import lower_module
from spl2py.syntax import parse


def output(src: str) -> str:
    code = compile(lower_module(parse(src, "t.spl")), "t.spl", "exec")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {"__name__": "spl_test"})
    return out.getvalue()


@pytest.mark.parametrize(
    "text, kind",
    [("text", "text"), ("str", "text"), ("i32", "int"), ("usize", "int"), ("f32", "float"), ("bool", "bool"),
     ("[T]", "list"), ("List<i64>", "list"), ("{text: i64}", "dict"), ("Dict<K, V>", "dict"),
     ("Set<i64>", "set"), ("(i64, text)", "tuple"), ("Point", None), ("nil", None)],
)
def test_kind_of(text, kind):
    assert extensions.kind_of(text) == kind


def test_methods_on_text_numbers_lists_and_dicts_take_the_value_as_self():
    src = """trait Ext:
    fn ext_describe() -> text
impl Ext for text:
    fn ext_describe() -> text: "text " + self.upper() + " of " + "{self.len()}"
impl Ext for i64:
    fn ext_describe() -> text: "int {self * 2}"
impl Ext for f64:
    fn ext_describe() -> text: "float {self}"
impl Ext for bool:
    fn ext_describe() -> text: "bool {self}"
impl<T> Ext for [T]:
    fn ext_describe() -> text: "list of {self.len()}"
impl Ext for Dict<text, i64>:
    fn ext_describe() -> text: "dict {self.keys()}"
print "ab".ext_describe()
print 5.ext_describe()
print 1.5.ext_describe()
print true.ext_describe()
val xs = [1, 2, 3]
print xs.ext_describe()
val d = {"k": 1}
print d.ext_describe()
"""
    assert output(src) == "text AB of 2\nint 10\nfloat 1.5\nbool true\nlist of 3\ndict [\"k\"]\n"


def test_trait_default_methods_and_static_methods_apply():
    src = """trait Twice:
    fn ext_base() -> i64
    fn ext_twice() -> i64: self.ext_base() * 2
impl Twice for text:
    fn ext_base() -> i64: self.len()
    static fn ext_unit() -> i64: 7
print "abc".ext_twice(), "x".ext_unit()
"""
    assert output(src) == "6 7\n"


def test_builtin_methods_win_over_impl_methods():
    src = "trait L:\n    fn len() -> i64\nimpl L for text:\n    fn len() -> i64: 99\nprint \"abc\".len()\n"
    assert output(src) == "3\n"


def test_blanket_impl_with_a_bound_applies_to_types_meeting_it():
    src = """trait Mark:
    fn ext_mark() -> i64
trait Go:
    fn ext_go() -> text
impl<T> Go for T where T: Mark:
    fn ext_go() -> text: "go"
impl Mark for text:
    fn ext_mark() -> i64: 1
struct S:
    v: i64
impl Mark for S:
    fn ext_mark() -> i64: 2
print "a".ext_go(), S(v: 1).ext_go()
"""
    assert output(src) == "go go\n"
    with pytest.raises(AttributeError, match="i64 has no method 'ext_go'"):
        output(src + "print 5.ext_go()\n")


def test_own_methods_of_a_class_come_before_a_blanket_impl():
    src = """trait Hi:
    fn ext_hi() -> text
impl<T> Hi for T:
    fn ext_hi() -> text: "blanket"
class C:
    fn ext_hi() -> text: "own"
class D:
    x: i64
print C().ext_hi(), D(x: 1).ext_hi(), 3.ext_hi()
"""
    assert output(src) == "own blanket blanket\n"


def test_python_methods_of_builtin_values_never_leak():
    src = "trait T2:\n    fn title() -> text\nimpl T2 for i64:\n    fn title() -> text: \"t\"\nprint \"abc\".title()\n"
    with pytest.raises(AttributeError, match="text has no method 'title'"):
        output(src)


def test_missing_required_method_and_conflicts_at_run_time():
    class Req(Trait):
        _spl_abstract = ("needed",)

    class Block:
        def other(self):
            return 1

    with pytest.raises(SimpleError, match="missing method"):
        extensions.impl_builtin("text", Req)(Block)

    class Tr(Trait):
        pass

    class One:
        def ext_conflict(self):
            return 1

    extensions.impl_builtin("int", Tr, 10)(One)
    extensions.impl_builtin("int", Tr, 10)(One)  # the same impl run again (a local impl) is fine
    with pytest.raises(SimpleError, match="conflicting implementations of Tr for int"):
        extensions.impl_builtin("int", Tr, 20)(One)
    assert rt.xcall(4, "ext_conflict") == 1


def test_a_type_parameter_used_as_a_value_compiles_and_says_why_it_fails():
    src = "fn make<T>() -> T:\n    T.default()\nfn ok<T>(x: T) -> T: x\nprint ok(3)\n"
    assert output(src) == "3\n"
    with pytest.raises(SimpleError, match="`T.default`: `T` is a type parameter"):
        output(src + "print make()\n")


def test_standard_traits_are_no_global_names():
    src = """enum Op:
    Add
    Eq(i64)
fn name(o: Op) -> text:
    match o:
        case Add: "add"
        case Eq(n): "eq {n}"
struct P:
    v: i64
impl Display for P:
    fn to_string() -> text: "P!"
print name(Op.Add), name(Op.Eq(3)), P(v: 1)
"""
    assert output(src) == "add eq 3 P!\n"


def test_static_methods_of_a_built_in_type_impl():
    src = ("trait Zero:\n    static fn zero() -> Self\nimpl Zero for i64:\n    static fn zero() -> i64:\n        0\n"
           "impl text:\n    static fn pad(n: i64) -> text:\n        \"-\" * n\nprint i64.zero(), u8.zero(), text.pad(3)\n")
    assert output(src) == "0 0 ---\n"


def test_a_missing_static_method_names_the_type():
    with pytest.raises(SimpleError, match="f64 has no static method 'zero'"):
        extensions.type_static("float", "zero", "f64")


def test_dict_has_a_builtin_new_static_that_hashmap_reaches():
    # `HashMap.new()` (upstream's prelude map) and `Dict.new()` lower to type_static("dict", "new", ...)
    made = extensions.type_static("dict", "new", "HashMap")()
    assert made == {} and type(made) is dict
    assert made is not extensions.type_static("dict", "new", "Dict")()
