"""Definitions: fn, class/struct, enum, trait/impl, extern, aliases, decorators."""

from __future__ import annotations

from syntax_helpers import NOWHERE, A, B, C, E, I, N, P, S, body, stmt

from spl2py.syntax import ast


def fn(name, params=(), ret=None, body_=(), **kw):
    return ast.FuncDef(NOWHERE, name, tuple(params), ret, tuple(body_), **kw)


def test_function_forms():
    assert stmt("fn area(w: f64, h: f64) -> f64:\n    w * h\n") == fn(
        "area", [P("w", "f64"), P("h", "f64")], "f64", [E(B("*", N("w"), N("h")))])
    assert stmt("fn sq(x: i64) -> i64: x * x") == fn("sq", [P("x", "i64")], "i64", [E(B("*", N("x"), N("x")))])
    assert stmt('fn greet(name: text, punct: text = "!"):\n    pass\n').params == (
        P("name", "text"), P("punct", "text", S("!")))
    assert stmt("fn total(nums...):\n    pass\n").params == (P("nums", variadic=True),)
    assert stmt("fn run(cb: fn(i64, text) -> i64) -> void:\n    pass\n").params == (P("cb", "fn(i64, text) -> i64"),)
    assert stmt("fn later(cb: fn()):\n    pass\n").params == (P("cb", "fn()"),)
    g = stmt("fn first<T, U: Show & Eq>(xs: [T]) -> T?:\n    xs[0]\n")
    assert (g.generics, g.ret, g.params) == (("T", "U"), "T?", (P("xs", "[T]"),))
    assert stmt("fn f(\n    a,\n    b,\n):\n    pass\n").params == (P("a"), P("b"))
    assert stmt("fn f(x: (i64, text), y: {text: i64}, z: Option<[i64]>):\n    pass\n").params == (
        P("x", "(i64, text)"), P("y", "{text: i64}"), P("z", "Option<[i64]>"))


def test_function_alias_is_a_binding():
    assert stmt("fn alias_name = other_fn") == ast.Let(NOWHERE, "val", ast.CapturePat(NOWHERE, "alias_name"), None, N("other_fn"))


def test_nested_definitions_in_function_bodies():
    f = stmt("fn main():\n    extern fn rt_log(msg: text)\n    struct P:\n        x: i64\n    fn inner(): 1\n")
    assert [type(s).__name__ for s in f.body] == ["ExternFn", "ClassDef", "FuncDef"]


def test_class_members_and_self():
    src = '''
    class Account:
        """An account."""
        owner: text                 # field
        pub balance: i64 = 0

        static fn open(who: text) -> Account:
            Account(owner: who)
        fn describe() -> text:
            "x"
        me deposit(n: i64):
            self.balance = self.balance + n
        fn explicit(self, k: i64):
            k
        fn new():
            pass
        fn new_with(self):
            pass
        pub fn api():
            pass
    '''
    c = stmt(src)
    assert (c.kind, c.name, c.doc) == ("class", "Account", "An account.")
    assert c.fields == (ast.Field(NOWHERE, "owner", "text"), ast.Field(NOWHERE, "balance", "i64", I(0)))
    shape = [(m.name, m.is_static, m.is_me, m.has_self, [p.name for p in m.params]) for m in c.methods]
    assert shape == [
        ("open", True, False, False, ["who"]),
        ("describe", False, False, False, []),  # never reads self: implicitly static
        ("deposit", False, True, True, ["n"]),
        ("explicit", False, False, True, ["k"]),
        ("new", False, False, False, []),
        ("new_with", False, False, True, []),
        ("api", False, False, False, []),
    ]


def test_a_method_that_reads_self_anywhere_takes_self():
    src = """
    class C:
        n: i64
        fn plain() -> i64:
            1
        fn shown() -> text:
            "n={self.n}"
        fn later() -> i64:
            val f = \\: self.n
            f()
        fn by_default(k: i64 = self.n) -> i64:
            k
        me touch():
            pass
    """
    assert [(m.name, m.has_self) for m in stmt(src).methods] == [
        ("plain", False), ("shown", True), ("later", True), ("by_default", True), ("touch", True)]


def test_struct_one_liner_and_generics_and_bases():
    s = stmt("struct Point: x: i64; y: i64")
    assert (s.kind, [f.name for f in s.fields]) == ("struct", ["x", "y"])
    g = stmt("struct Box<T>:\n    value: T\n")
    assert g.generics == ("T",)
    assert stmt("class C(Parent):\n    x: i64\n").bases == ("Parent",)
    assert stmt("class C extends P:\n    pass\n").bases == ("P",)
    assert stmt("struct Empty:\n    pass\n").fields == ()


def test_mixin_declaration_and_its_expansion_into_classes():
    src = ("mixin Named:\n    var name: text = \"\"\n    fn hello() -> text: self.name\n    fn kind() -> text\n"
           "mixin Counted:\n    use Named\n    count: i64\n"
           "class C with Counted:\n    x: i64\n    fn kind() -> text: \"c\"\n"
           "class D:\n    use Named, Counted\n    fn kind() -> text: \"d\"\n    fn hello() -> text: \"own\"\n")
    named, counted, c, d = body(src)
    assert (named.name, [f.name for f in named.fields], [m.name for m in named.methods]) == (
        "Named", ["name"], ["hello", "kind"])
    assert named.methods[1].body == () and counted.uses == ("Named",)
    assert ([f.name for f in c.fields], [m.name for m in c.methods], c.mixins, c.bases) == (
        ["name", "count", "x"], ["hello", "kind"], (), ())
    assert [f.name for f in d.fields] == ["name", "count"]  # Named once, though Counted uses it too
    assert [(m.name, m.body[0].expr) for m in d.methods] == [("kind", S("d")), ("hello", S("own"))]


def test_class_docstring_only_when_first():
    c = stmt('class C:\n    x: i64\n    """not a doc"""\n')
    assert c.doc is None and [f.name for f in c.fields] == ["x"]


def test_enum():
    e = stmt("enum Shape:\n    Circle(f64)\n    Rect(w: f64, h: f64)\n    Empty\n    fn area() -> f64:\n        0.0\n")
    assert e.variants == (
        ast.Variant(NOWHERE, "Circle", (ast.Field(NOWHERE, "_0", "f64"),)),
        ast.Variant(NOWHERE, "Rect", (ast.Field(NOWHERE, "w", "f64"), ast.Field(NOWHERE, "h", "f64"))),
        ast.Variant(NOWHERE, "Empty", None),
    )
    assert [(m.name, m.has_self) for m in e.methods] == [("area", False)]  # reads no self: static
    r = stmt("enum Result<T, E>:\n    Ok(T)\n    Err(E)\n")
    assert r.generics == ("T", "E")
    assert [v.name for v in stmt("enum Color:\n    Red, Green, Blue\n").variants] == ["Red", "Green", "Blue"]


def test_trait_and_impl():
    t = stmt("trait Shape:\n    fn area() -> f64\n    fn name() -> text:\n        \"s\"\n")
    assert [(m.name, m.body, m.has_self) for m in t.methods][0] == ("area", (), True)
    i = stmt("impl Shape for Square:\n    fn area() -> f64: self.side * self.side\n")
    assert (i.trait, i.target) == ("Shape", "Square")
    assert i.methods[0].body == (E(B("*", A(N("self"), "side"), A(N("self"), "side"))),)
    assert (stmt("impl Square:\n    fn d() -> f64: 1.0\n").trait, stmt("impl<T> Box<T>:\n    fn get() -> T: self.value\n").target) == (None, "Box")


def test_impl_on_builtin_and_blanket_impl_headers():
    i = stmt("impl Shout for text:\n    fn shout() -> text: self\n")
    assert (i.trait, i.target, i.generics, i.bounds) == ("Shout", "text", (), ())
    i = stmt("impl<T> SliceExt<T> for [T]:\n    fn first_or(d: T) -> T: d\n")
    assert (i.trait, i.target, i.generics) == ("SliceExt", "[T]", ("T",))
    i = stmt("impl<T: Debug + Eq> Show for T where T: Clone:\n    fn show() -> text: \"x\"\n")
    assert (i.target, i.generics, i.bounds) == ("T", ("T",), (("T", ("Debug", "Eq")), ("T", ("Clone",))))
    assert stmt("fn f(xs: [dyn Shape], s: dyn Shape) -> dyn Shape:\n    s\n").params == (
        P("xs", "[dyn Shape]"), P("s", "dyn Shape"))


def test_extern():
    assert stmt("extern fn rt_clock_ms() -> i64") == ast.ExternFn(NOWHERE, "rt_clock_ms", (), "i64")
    assert stmt("extern fn rt_log(msg: text)") == ast.ExternFn(NOWHERE, "rt_log", (P("msg", "text"),), None)


def test_type_aliases():
    assert stmt("type IntList = List<i64>") == ast.TypeAlias(NOWHERE, "IntList", "List<i64>")
    assert stmt("type Handler = fn(Event) -> ()") == ast.TypeAlias(NOWHERE, "Handler", "fn(Event) -> ()")
    assert stmt("alias Vec = Vector") == ast.TypeAlias(NOWHERE, "Vec", "Vector")
    assert stmt("pub alias P = Q") == ast.TypeAlias(NOWHERE, "P", "Q")


def test_decorators_and_attributes_are_kept_as_text():
    f = stmt('@deprecated("old")\n#[tag("slow")]\nfn f():\n    pass\n')
    assert f.decorators == ('@deprecated("old")', '#[tag("slow")]')
    m = stmt("class C:\n    @pure\n    fn g(): 1\n").methods[0]
    assert m.decorators == ("@pure",)
    assert stmt("@inline fn h(): 1").decorators == ("@inline",)
    assert body("#[no_gc]\nstruct S:\n    x: i64\n")[0].name == "S"



def test_at_decorators_are_also_parsed_as_expressions():
    f = stmt('@deprecated("old")\n#[tag("slow")]\n@a.b(1)\nfn f():\n    pass\n')
    dep, ab = f.wrappers  # `#[...]` is an attribute only
    assert dep == C(N("deprecated"), S("old"))
    assert ab == C(A(N("a"), "b"), I(1))
    assert stmt("@inline fn h(): 1").wrappers == (N("inline"),)
    assert stmt("fn k(): 1").wrappers == ()


def test_pub_definitions():
    assert stmt("pub fn api() -> text: \"x\"").name == "api"
    assert stmt("pub struct S:\n    x: i64\n").name == "S"
    assert stmt("pub val X = 1") == ast.Let(NOWHERE, "val", ast.CapturePat(NOWHERE, "X"), None, I(1))
    assert stmt("pub(friend) fn f(): 1").name == "f"


def test_main_program_shape():
    b = body("fn main():\n    print \"hi\"\n\nexport main\n")
    assert b[0].body == (E(C(N("print"), S("hi"))),)
    assert b[1] == ast.Export(NOWHERE, ("main",))


def test_drop_takes_self_even_when_it_never_reads_it():
    src = """
    class Conn:
        fn drop():
            print("closing")
        fn label() -> text:
            "conn"
    """
    c = stmt(src)
    assert [(m.name, m.has_self) for m in c.methods] == [("drop", True), ("label", False)]
