"""Lowering with the analysis: Simple's block scopes, per-iteration closures, value structs and dict
reads, checked on the generated Python and on what it prints."""

from __future__ import annotations

import ast as py
import contextlib
import io

from spl2py.lower import lower_module
from spl2py.syntax import parse


def python(src: str) -> str:
    return py.unparse(lower_module(parse(src, "t.spl")))


def output(src: str) -> str:
    code = compile(lower_module(parse(src, "t.spl")), "t.spl", "exec")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {"__name__": "spl_test"})
    return out.getvalue()


def test_block_local_gets_its_own_python_name():
    src = "val x = 1\nif true:\n    val x = 2\n    print x\nprint x\n"
    assert output(src) == "2\n1\n"
    assert "_spl_x_" in python(src)


def test_closures_in_loops_keep_their_iteration():
    src = "var fs = []\nfor k in 0..3:\n    val s = k * 10\n    fs.push(\\: s)\nprint fs.map(\\f: f())\n"
    assert output(src) == "[0, 10, 20]\n"
    assert output("val fs = [for j in 0..3: \\: j]\nprint fs.map(\\f: f())\n") == "[0, 1, 2]\n"


def test_closures_outside_loops_are_plain_lambdas():
    assert "lambda x: x + 1" in python("val f = \\x: x + 1\nprint f(1)\n")



def test_decorators_wrap_innermost_first_and_attributes_do_nothing():
    src = ("fn add(k):\n    fn d(f):\n        fn w(x):\n            return f(x) + k\n        return w\n    return d\n"
           "fn dbl(f):\n    fn w(x):\n        return f(x) * 2\n    return w\n"
           "@dbl\n@add(1)\n@inline\nfn idf(x):\n    return x\n"
           "class C:\n    @dbl\n    static fn s(x):\n        return x\n"
           "print idf(5)\nprint C.s(4)\n")
    assert output(src) == "12\n8\n"
    assert "inline" not in python(src)


def test_struct_copies_only_where_a_place_is_read():
    src = (
        "struct P:\n    x: i64\n"
        "fn show(p: P):\n    print p.x\n"
        "fn bump(p: P):\n    p.x += 1\n"
        "val a = P(1)\nshow(a)\nbump(a)\nprint a.x\nval xs = [1, 2]\nprint xs[0:1]\n"
    )
    text = python(src)
    assert output(src) == "1\n1\n[1]\n"
    show = text.split("def show")[1].split("def bump")[0]
    bump = text.split("def bump")[1].split("\n\n")[0]
    assert "cp" not in show and "p = _spl.cp(p)" in bump  # copied on entry only where mutated
    assert "[1, 2]" in text and "xs[0:1]" in text  # constants and slices: no helper


def test_dict_read_of_a_missing_key_is_nil():
    assert output('val d = {"a": 1}\nprint d["b"] ?? 0\nprint d["a"]\n') == "0\n1\n"


def test_bare_unit_variants_and_or_patterns():
    src = (
        "enum Op:\n    Add\n    Sub\n    Neg\n"
        "fn k(o: Op) -> text:\n    match o:\n        case Add | Sub: \"binary\"\n        case Neg: \"unary\"\n"
        "print k(Op.Sub)\nprint k(Op.Neg)\n"
    )
    assert output(src) == "binary\nunary\n"


def test_a_known_list_is_indexed_directly_an_unknown_receiver_through_the_runtime():
    text = python('val xs = [1, 2]\nval d = {"a": 1}\nfn f(ys, zs: [i64]):\n    ys[0] + zs[0]\nprint xs[0]\nprint d["a"]\n')
    assert "xs[0]" in text and "zs[0]" in text
    assert "_spl.index(d, 'a')" in text and "_spl.index(ys, 0)" in text


def test_constructor_with_fields_in_order_passes_them_positionally():
    src = (
        "class P:\n    a: i64\n    b: i64 = 5\n"
        "fn tick(n: i64) -> i64:\n    print n\n    n\n"
        "val p = P(a: tick(1), b: tick(2))\nval q = P(b: tick(3), a: tick(4))\nval r = P(a: 7)\n"
        "print p.a + p.b, q.a + q.b, r.b\n"
    )
    text = python(src)
    assert "P(tick(1), tick(2))" in text and "P(b=tick(3), a=tick(4))" in text and "P(7)" in text
    assert output(src) == "1\n2\n3\n4\n3 7 5\n"  # out of order keeps the keywords: same order, same fields


def test_is_primitive_type_is_an_inline_type_test():
    src = "fn kind(x) -> text:\n    if x is i64: 'int' elif x is text: 'text' elif x is bool: 'bool' else: 'other'\n" \
          "print kind(1), kind('s'), kind(true), kind(1.5), kind(nil)\n"
    assert "_spl.type_(x) is _spl.int_" in python(src) and "is_type" not in python(src)
    assert output(src) == "int text bool other other\n"  # a bool is not an i64


def test_a_function_declared_to_return_a_primitive_copies_nothing():
    src = (
        "struct B:\n    v: i64\n"
        "fn get(b: B) -> i64:\n    b.v\n"
        "fn same(b: B) -> B:\n    b\n"
        "val b = B(3)\nval c = same(b)\nprint get(b), c.v\n"
    )
    text = python(src)
    assert "return b.v" in text and "return _spl.cp(b)" in text
    assert output(src) == "3 3\n"


def test_the_finalizer_is_drop_itself():
    src = 'class R:\n    n: i64\n    fn drop():\n        print "drop {self.n}"\nfn f():\n    val r = R(1)\nf()\nprint "after"\n'
    assert "__del__ = drop" in python(src)
    assert output(src) == "drop 1\nafter\n"


def test_unqualified_variants_and_an_enum_none_variant():
    src = ("enum M:\n    Some(v: i64)\n    None\nenum T:\n    Num(n: i64)\n    Plus\n"
           "fn some(m) -> bool:\n    match m:\n        case Some(_): true\n        case None: false\n"
           "print(some(M.None), some(M.Some(1)), some(nil))\nprint(Num(5), Plus == T.Plus)\n")
    assert output(src) == "false true false\nT.Num(5) true\n"


def test_for_over_a_known_int_counts_from_zero():
    src = "fn total(n: i64) -> i64:\n    var t = 0\n    for i in n:\n        t = t + i\n    t\nprint(total(4))\nfor k in 3:\n    print k\n"
    assert output(src) == "6\n0\n1\n2\n"
    assert "range(n)" in python(src)


def test_positional_patterns_read_struct_fields_in_order():
    src = ("struct P:\n    x: i64\n    y: i64\nfn at(p: P) -> text:\n    match p:\n"
           "        case P(0, 0): \"origin\"\n        case P(x, 0): \"x={x}\"\n        case P(_, y): \"y={y}\"\n"
           "print(at(P(x: 0, y: 0)), at(P(x: 3, y: 0)), at(P(x: 1, y: 2)))\n")
    assert output(src) == "origin x=3 y=2\n"


def test_placeholder_initializers_are_lambdas():
    assert output("val sq = _1 * _1\nval add = _1 + _2\nprint(sq(5), add(2, 3))\n") == "25 5\n"


def test_a_method_named_like_a_field_of_its_type_is_still_callable():
    src = ("enum R:\n    Ok(value: i64)\n    Err(message: text)\nimpl R:\n    fn message() -> text:\n"
           "        match self:\n            case Ok(v): \"ok:{v}\"\n            case Err(m): m\n"
           "class Box:\n    size: i64\n    fn size() -> i64:\n        self.size * 10\n"
           "val e = R.Err(\"broken\")\nprint(e.message(), R.Ok(5).message(), e.message)\n"
           "print(Box(size: 2).size(), Box(size: 2).size)\n")
    assert output(src) == "broken ok:5 broken\n20 2\n"
    assert "_spl.call_method(" in python(src) and "call_method(x" not in python("val x = [1]\nprint(x.len())\n")


def test_a_count_iterates_alike_typed_or_not():
    src = ("fn typed(n: i64) -> [i64]:\n    var out = []\n    for i in n:\n        out.push(i)\n    out\n"
           "fn untyped(n) -> [i64]:\n    var out = []\n    for i in n:\n        out.push(i)\n    out\n"
           "class Counter:\n    count: i64\n    fn squares() -> [i64]:\n        [for i in self.count: i * i]\n"
           "print typed(3)\nprint untyped(3)\nprint untyped([7, 8])\nprint Counter(count: 3).squares()\n")
    assert output(src) == "[0, 1, 2]\n[0, 1, 2]\n[7, 8]\n[0, 1, 4]\n"
    assert "_spl.each(n)" in python(src) and "_spl.range(n)" in python(src)


def test_destructuring_and_indexed_loops_iterate_as_they_are():
    text = python("fn f(d, xs):\n    for (k, v) in d:\n        print k\n    for i, x in xs:\n        print i\n")
    assert "_spl.each(" not in text
