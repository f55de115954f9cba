"""Name resolution: block scopes, symbols, renames, per-iteration captures, bare pattern names, errors."""

from __future__ import annotations

import pytest

from spl2py.diagnostics import CompileError
from spl2py.sema import analyze
from spl2py.syntax import ast, parse
from spl2py.syntax.visit import walk


def analysis(src: str):
    module = parse(src, "t.spl")
    return module, analyze(module)


def errors(src: str) -> list[str]:
    try:
        analyze(parse(src, "t.spl"))
    except CompileError as e:
        return [f"{d.span.line}:{d.span.col} {d.message}" for d in e.diagnostics]
    return []


def pynames(src: str, name: str) -> list[str]:
    """The Python name of each binding of ``name``, in source order."""
    module, a = analysis(src)
    out = []
    for node in walk(module):
        if isinstance(node, ast.CapturePat) and node.name == name and a.symbol(node) is not None:
            out.append(a.symbol(node).pyname)
    return out


def test_block_local_shadowing_an_outer_binding_is_renamed():
    src = "fn f():\n    val x = 1\n    if true:\n        val x = 2\n        print x\n    print x\n"
    outer, inner = pynames(src, "x")
    assert outer == "x" and inner != "x" and inner.startswith("_spl_x_")


@pytest.mark.parametrize("block", [
    "for i in 0..2:\n        val x = i",
    "while true:\n        val x = 2\n        break",
    "match 3:\n        case 3:\n            val x = 2",
    "if true:\n        pass\n    else:\n        val x = 2",
    "with ctx() as c:\n        val x = 2",
])
def test_every_block_kind_scopes_its_bindings(block):
    src = f"fn ctx():\n    nil\nfn f():\n    val x = 1\n    {block}\n    print x\n"
    outer, inner = pynames(src, "x")
    assert outer == "x" and inner != outer



DECORATED = """fn twice(f):
    fn w(a, b):
        return f(a) + f(b)
    return w

@twice
@inline
@deprecated(undefined_word)
fn sq(x):
    return x * x

print sq(1, 2)
"""


def test_a_decorator_bound_in_scope_is_resolved_and_an_unbound_one_is_an_attribute():
    module, a = analysis(DECORATED)
    twice, inline, deprecated = module.body[1].wrappers
    assert a.symbol(twice).kind == "fn"
    assert a.symbol(inline) is None and a.symbol(deprecated.func) is None
    assert errors(DECORATED) == []  # no undefined-name error, and sq's call is the wrapper's to check


def test_an_undecorated_call_is_still_checked():
    assert errors("fn sq(x):\n    return x\nprint sq(1, 2)\n") != []


def test_sibling_blocks_and_sequential_bindings_keep_the_name():
    src = "fn f(c):\n    if c:\n        val t = 1\n        print t\n    else:\n        val t = 2\n        print t\n"
    assert pynames(src, "t") == ["t", "t"]


def test_a_block_local_named_like_a_global_read_later_is_renamed():
    src = "val n = 5\nfn f():\n    if true:\n        val n = 1\n        print n\n    print n\n"
    assert pynames(src, "n")[-1] != "n"


def test_loop_variable_does_not_overwrite_an_outer_one():
    src = "fn f():\n    var i = 10\n    for i in 0..3:\n        print i\n    print i\n"
    outer, loop = pynames(src, "i")
    assert outer == "i" and loop != "i"


def test_match_binding_does_not_leak():
    src = "fn f(o):\n    val n = 0\n    match o:\n        case Some(n): print n\n        case _: pass\n    print n\n"
    outer, arm = pynames(src, "n")
    assert arm != outer


def test_closure_in_a_loop_captures_the_iteration_binding():
    src = "fn f():\n    var fs = []\n    for k in 0..3:\n        val s = k * 10\n        fs.push(\\: s)\n    fs\n"
    module, a = analysis(src)
    lam = next(n for n in walk(module) if isinstance(n, ast.Lambda))
    assert a.cells_of(lam) == ["s"]


def test_comprehension_closure_captures_its_variable():
    module, a = analysis("val fs = [for j in 0..3: \\: j]\n")
    lam = next(n for n in walk(module) if isinstance(n, ast.Lambda))
    assert a.cells_of(lam) == ["j"]


def test_a_closure_assigning_a_loop_binding_shares_it():
    src = "fn run(b):\n    b()\nfn f():\n    for k in 0..3:\n        var s = k\n        run:\n            s = s + 1\n        print s\n"
    module, a = analysis(src)
    lam = next(n for n in walk(module) if isinstance(n, ast.Lambda))
    assert a.cells_of(lam) == []


def test_bare_names_in_patterns():
    src = (
        "enum Op:\n    Add\n    Sub\n    Lit(i64)\n"
        "fn f(o, Mul):\n    match o:\n        case Add | Sub: 1\n        case Neg: 2\n        case Mul: 3\n        case other: 4\n"
    )
    module, a = analysis(src)
    kinds = {n.name: a.pattern_kind(n) for n in walk(module) if isinstance(n, ast.CapturePat)}
    # a declared unit variant tests; an unknown capitalised name asks the scrutinee's enum at run time;
    # a name bound in scope (the parameter Mul) and a lower-case name bind.
    assert kinds == {"Add": "variant", "Sub": "variant", "Neg": "bare", "Mul": None, "other": None}


def test_symbols_know_their_kind_and_capture():
    src = "struct P:\n    x: i64\nfn f(a):\n    var b = a\n    val g = \\: b\n    g\n"
    module, a = analysis(src)
    syms = {s.name: s for s in a.symbols.values()}
    assert syms["P"].kind == "struct" and syms["f"].kind == "fn"
    assert syms["a"].kind == "param" and syms["b"].kind == "var" and syms["b"].captured
    assert syms["g"].kind == "val" and not syms["g"].captured


def test_nonlocal_and_global_names_of_a_python_scope():
    src = "var hits = 0\nfn run(b):\n    b()\nfn f():\n    var n = 0\n    run:\n        n += 1\n        hits += 1\n    n\n"
    module, a = analysis(src)
    lam = next(n for n in walk(module) if isinstance(n, ast.Lambda))
    scope = a.scope_of(lam)
    assert [s.name for s in scope.nonlocals] == ["n"] and [s.name for s in scope.globals] == ["hits"]


def test_parameters_mutated_in_the_body_are_marked():
    src = "fn f(p, q, r):\n    p.x = 1\n    q.move()\n    r.len()\n"
    module, a = analysis(src)
    syms = {s.name: s for s in a.symbols.values() if s.kind == "param"}
    assert syms["p"].mutated and syms["q"].mutated and not syms["r"].mutated


# ---- static errors


def test_every_error_of_a_file_in_source_order():
    src = "fn main():\n    val a = 1\n    a = 2\n    print b\n    for i in 0..2:\n        i = 3\n"
    assert errors(src) == [
        "3:5 cannot assign to `a`: it is a `val`",
        "4:11 undefined name `b`",
        "6:9 cannot assign to `i`: it is a `for` loop variable",
    ]


def test_no_false_positives_on_ordinary_code():
    src = (
        "var total = 0\n"
        "fn add(n):\n    total += n\n"
        "class C:\n    v: i64\n    fn get() -> i64: self.v\n    static fn make() -> C: C(1)\n"
        "fn helper_user():\n    later()\n    fn later():\n        print \"x\"\n"
        "fn f(x, y: i64 = x * 2):\n    implicit = x + y\n    implicit += 1\n    [z * 2 for z in [x, y]]\n"
        "describe \"d\":\n    var n = 0\n    it \"assigns\":\n        n += 1\n        expect(n).to_equal(1)\n"
    )
    assert errors(src) == []


def test_undefined_name_suggests_close_names():
    with pytest.raises(CompileError) as e:
        analyze(parse("fn f():\n    val counter = 1\n    print countr\n", "t.spl"))
    assert e.value.diagnostics[0].hint == "did you mean `counter`?"


def test_names_bound_by_use_are_defined():
    from spl2py.modules import Binding, ResolvedUse

    module = parse("use m.*\nprint helper(1)\n", "t.spl")
    use = module.body[0]
    analyze(module, {use: ResolvedUse("_splmod.app.m", (Binding("helper", "helper"),))})
    with pytest.raises(CompileError):
        analyze(module, {use: ResolvedUse("_splmod.app.m", (Binding("other", "other"),))})


def test_nested_fn_may_not_assign_an_outer_local_but_a_colon_block_may():
    src = "fn run(b):\n    b()\nfn f():\n    var n = 0\n    run:\n        n += 1\n    fn g():\n        n = 5\n    g()\n"
    assert errors(src) == ["8:9 a nested `fn` cannot assign to `n`, a local of an enclosing function (line 4)"]


def test_static_method_and_variant_arity():
    src = (
        "enum Shape:\n    Circle(r: f64)\n    static fn unit() -> Shape: Shape.Circle(1.0)\n"
        "val a = Shape.Circle(1.0, 2.0)\nval b = Shape.unit(3)\nval c = Shape.Circle(r: 1.0)\n"
    )
    assert [e.split(" ", 1)[1] for e in errors(src)] == [
        "too many arguments to `Shape.Circle`: it takes 1 positional, got 2",
        "too many arguments to `Shape.unit`: it takes 0 positional, got 1",
    ]


def test_calls_that_cannot_be_checked_are_left_alone():
    src = (
        "fn f(a, b):\n    a + b\nfn g(xs...):\n    xs\n"
        "val args = [1, 2]\nprint f(*args)\nprint g(1, 2, 3)\nval h = f\nprint h(1)\nprint 1 |> f(2)\n"
    )
    assert errors(src) == []


def test_one_word_variant_patterns_are_tested_by_name():
    src = (
        "enum R:\n    Ok(v: i64)\n    Bad(m: text)\n"
        "class Point:\n    x: i64\n"
        "fn f(r, p):\n    match r:\n        case Ok(v): v\n        case Bad(m): 0\n        case Gone(x): 1\n"
        "    match p:\n        case Point(x): x\n"
    )
    module, a = analysis(src)
    kinds = {n.path[0]: a.pattern_kind(n) for n in walk(module) if isinstance(n, ast.VariantPat)}
    # unbound names and builtin variant names are the scrutinee's variant; a bound class is isinstance
    assert kinds == {"Ok": "variant", "Bad": "variant", "Gone": "variant", "Point": None}


def test_bindings_known_to_hold_no_struct_or_a_sequence():
    src = "fn f(n: i64, xs: [i64], p):\n    var total = 0\n    val names = [\"a\"]\n    val q = p\n    for i in 0..n:\n        total += i\n"
    module, a = analysis(src)
    syms = {s.name: s for s in a.symbols.values()}
    assert syms["n"].plain and syms["total"].plain and syms["i"].plain and not syms["p"].plain and not syms["q"].plain
    assert syms["xs"].sequence and syms["names"].sequence and not syms["total"].sequence


def test_a_decorator_without_a_value_yet_is_an_error():
    later = "@later\nfn f(x):\n    return x\nfn later(g):\n    return g\n"
    assert errors(later) == ["1:2 decorator `later` has no value yet where it is applied"]
    module_val = "val k = 3\n@k\nfn h(x):\n    return x\n"
    assert errors(module_val) == ["2:2 decorator `k` has no value yet where it is applied"]
    in_impl = "struct S:\n    n: i64\nimpl S:\n    @deco\n    static fn make() -> S:\n        S(n: 1)\nfn deco(g):\n    return g\n"
    assert errors(in_impl) == []  # impl blocks come after the module's functions
    local = "fn main():\n    val k = 2\n    fn times(f):\n        return f\n    @times\n    fn g(x):\n        return x * k\n"
    assert errors(local) == []


def test_mangled_type_method_names_resolve_to_the_type():
    module, a = analysis("class C:\n    static fn f() -> i64: 1\nprint C__f()\n")
    names = [n for n in walk(module) if isinstance(n, ast.Name) and n.id == "C__f"]
    assert a.mangled_static(names[0]) == ("C", "f")
    assert errors("print Nope__f()\n") == ["1:7 undefined name `Nope__f`"]
    assert errors("val x__y = 1\nprint x__y\n") == []  # a binding of that name is itself


def test_type_parameters_resolve_inside_their_function_only():
    assert errors("fn make<T>() -> T:\n    T.default()\n") == []
    assert errors("fn make<T>() -> i64: 1\nprint T\n") == ["2:7 undefined name `T`"]


def test_a_variant_named_without_its_enum_reads_the_variant():
    src = ("enum Token:\n    Number(value: i64)\n    Plus\n"
           "fn f():\n    enum Local:\n        A\n    A\nval t = Number(5)\nval p = Plus\n")
    module, a = analysis(src)
    syms = [a.symbol(n) for n in walk(module) if isinstance(n, ast.Name) and n.id in ("Number", "Plus", "A")]
    assert [(s.name, s.kind, s.decl.name) for s in syms] == [
        ("A", "variant", "Local"), ("Number", "variant", "Token"), ("Plus", "variant", "Token")]


def test_a_binding_shadows_a_variant_and_two_enums_make_it_ambiguous():
    assert errors("enum C:\n    Red\nval Red = 1\nval x = Red\n") == []
    src = "enum C:\n    Red\nenum L:\n    Red\nval x = Red\nval y = C.Red\n"
    assert errors(src) == ["5:9 ambiguous variant `Red`: more than one enum here declares it"]
    # the nearer scope decides
    assert errors("enum C:\n    Red\nfn f():\n    enum L:\n        Red\n    Red\n") == []


def test_nil_patterns_know_an_enum_declaring_its_own_none():
    src = "enum M:\n    Some(v: i64)\n    None\nfn f(m):\n    match m:\n        case None: 0\n        case _: 1\n"
    module, a = analysis(src)
    [pat] = [n for n in walk(module) if isinstance(n, ast.LiteralPat)]
    assert a.pattern_kind(pat) == "none"
    module, a = analysis("fn f(m):\n    match m:\n        case None: 0\n        case _: 1\n")
    [pat] = [n for n in walk(module) if isinstance(n, ast.LiteralPat)]
    assert a.pattern_kind(pat) is None


def test_names_that_are_a_field_and_a_method_of_one_type():
    src = ("enum R:\n    Err(message: text)\nimpl R:\n    fn message() -> text:\n        \"m\"\n"
           "class Box:\n    size: i64\n    fn size() -> i64:\n        1\n    fn other() -> i64:\n        2\n"
           "struct P:\n    x: i64\n")
    _, a = analysis(src)
    assert a.field_methods == frozenset({"message", "size"})
