"""Lowering unit tests on hand-built ASTs (independent of the parser)."""

from __future__ import annotations

import ast as py
import contextlib
import io

import pytest

from spl2py.diagnostics import CompileError, Span
from spl2py.lower import lower_module
from spl2py.lower.names import py_name, spl_name
from spl2py.syntax import ast as A

FILE = "t.spl"


def S(line: int, col: int = 1) -> Span:
    return Span(FILE, line, col)


def name(n, line=1):
    return A.Name(S(line), n)


def num(v, line=1):
    return A.Int(S(line), v)


def call(func, *args, line=1, **named):
    items = tuple(A.Arg(S(line), None, a) for a in args) + tuple(A.Arg(S(line), k, v) for k, v in named.items())
    return A.Call(S(line), func, items)


def expr(e, line=1):
    return A.ExprStmt(S(line), e)


def fn(fname, params, body, ret=None, line=1):
    return A.FuncDef(S(line), fname, tuple(A.Param(S(line), p) for p in params), ret, tuple(body))


def run(body) -> tuple[str, dict]:
    """Lower and execute a module; (stdout, globals)."""
    module = A.Module(S(1), FILE, tuple(body))
    code = compile(lower_module(module, {}), FILE, "exec")
    out = io.StringIO()
    g: dict = {"__name__": "t"}
    with contextlib.redirect_stdout(out):
        exec(code, g)
        if "main" in g:
            g["main"]()
    return out.getvalue(), g


def show(e, line=1):
    return expr(call(name("print"), e, line=line), line)


def test_renaming_is_injective_and_reversible():
    names = ["lambda", "lambda_", "def", "x", "_spl", "_spl_t1", "None", "print", "_"]
    mapped = [py_name(n) for n in names]
    assert len(set(mapped)) == len(names)
    assert mapped[:2] == ["lambda_", "lambda__"]
    assert py_name("print") == "print" and py_name("_spl") == "_spl_"
    assert all(spl_name(m) == n for n, m in zip(names, mapped))


def test_integer_division_and_modulo_follow_simple():
    body = [
        show(A.Binary(S(1), "/", A.Unary(S(1), "-", num(7)), num(2))),
        show(A.Binary(S(2), "%", A.Unary(S(2), "-", num(7)), num(2)), 2),
        show(A.Binary(S(3), "/", A.Float(S(3), 7.0), num(2)), 3),
    ]
    out, _ = run(body)
    assert out == "-3\n-1\n3.5\n"


def test_tail_if_returns_from_every_branch():
    body = [
        fn("sign", ["n"], [expr(A.If(S(2), (
            (A.Compare(S(2), name("n"), ("<",), (num(0),)), (expr(A.Str(S(3), ("neg",)), 3),)),
        ), (expr(A.Str(S(5), ("pos",)), 5),)), 2)]),
    ]
    _, g = run(body)
    assert g["sign"](-1) == "neg" and g["sign"](1) == "pos"


def test_match_without_matching_arm_raises_match_error_with_line():
    from runtime.errors import MatchError

    arm = A.MatchArm(S(3), A.LiteralPat(S(3), num(1)), None, (expr(A.Str(S(3), ("one",)), 3),))
    body = [fn("f", ["x"], [expr(A.Match(S(2), name("x"), (arm,)), 2)])]
    _, g = run(body)
    assert g["f"](1) == "one"
    with pytest.raises(MatchError, match=r"no match arm for 2 \(line 2\)"):
        g["f"](2)


def test_match_guard_sees_binding_and_falls_through():
    arms = (
        A.MatchArm(S(3), A.CapturePat(S(3), "k"), A.Compare(S(3), name("k"), ("<",), (num(0),)),
                   (expr(A.Str(S(3), ("neg",))),)),
        A.MatchArm(S(4), A.WildcardPat(S(4)), None, (expr(A.Str(S(4), ("other",))),)),
    )
    _, g = run([fn("f", ["x"], [expr(A.Match(S(2), name("x"), arms), 2)])])
    assert [g["f"](-1), g["f"](3)] == ["neg", "other"]


def test_defer_runs_last_in_first_out_at_scope_exit():
    body = [fn("main", [], [
        A.Defer(S(2), (show(A.Str(S(2), ("first",)), 2),)),
        A.Defer(S(3), (show(A.Str(S(3), ("second",)), 3),)),
        show(A.Str(S(4), ("body",)), 4),
    ])]
    out, _ = run(body)
    assert out == "body\nsecond\nfirst\n"


def test_labelled_break_leaves_the_outer_loop():
    inner = A.For(S(3), A.CapturePat(S(3), "j"), A.Range(S(3), num(0), num(3), False), (
        expr(A.If(S(4), ((A.Compare(S(4), name("j"), ("==",), (num(1),)), (A.Break(S(4), "outer"),)),), None), 4),
        show(A.Str(S(5), (A.Interp(S(5), name("i")), ",", A.Interp(S(5), name("j")))), 5),
    ))
    outer = A.For(S(2), A.CapturePat(S(2), "i"), A.Range(S(2), num(0), num(3), False), (inner,), label="outer")
    out, _ = run([fn("main", [], [outer, show(A.Str(S(6), ("done",)), 6)])])
    assert out == "0,0\ndone\n"


def test_unknown_label_is_a_compile_error_at_its_line():
    loop = A.Loop(S(2), (A.Break(S(3, 9), "nowhere"),))
    with pytest.raises(CompileError) as info:
        run([fn("main", [], [loop])])
    d = info.value.diagnostics[0]
    assert (d.span.line, d.span.col) == (3, 9) and "nowhere" in d.message


def test_builtin_method_dispatch_keeps_user_methods():
    # class Bag: fn push(x): "mine"   ;  [].push(1) is the list's; Bag().push(1) is Bag's
    method = fn("push", ["x"], [expr(A.Str(S(3), ("mine",)), 3)], line=2)
    method = A.FuncDef(method.span, "push", method.params, None, method.body, has_self=True)
    bag = A.ClassDef(S(1), "class", "Bag", (), (method,))
    xs = A.Let(S(5), "val", A.CapturePat(S(5), "xs"), None, A.ListLit(S(5), ()))
    body = [bag, fn("main", [], [
        xs,
        expr(call(A.Attribute(S(6), name("xs"), "push"), num(1)), 6),
        show(name("xs"), 7),
        show(call(A.Attribute(S(8), call(name("Bag")), "push"), num(1)), 8),
    ])]
    out, _ = run(body)
    assert out == "[1]\nmine\n"


def test_strings_with_quotes_and_braces_survive_exactly():
    text = 'a """ b {c} \\ d \' é'
    s = A.Str(S(1), (text, A.Interp(S(1), num(1)), "}"))
    out, _ = run([show(s)])
    assert out == text + "1}\n"


def test_generated_nodes_carry_simple_lines():
    body = [fn("f", ["x"], [
        A.Let(S(2), "val", A.CapturePat(S(2), "y"), None, A.Binary(S(2, 13), "/", name("x"), num(2))),
        expr(name("y", 3), 3),
    ])]
    module = lower_module(A.Module(S(1), FILE, tuple(body)), {})
    lines = {n.lineno for n in py.walk(module) if hasattr(n, "lineno") and isinstance(n, py.Call)}
    assert lines == {2}
    func = module.body[1]
    assert [s.lineno for s in func.body] == [2, 3]


def test_question_mark_outside_function_is_an_error():
    stmt = A.Let(S(4), "val", A.CapturePat(S(4), "x"), None, A.Try(S(4, 9), call(name("f"))))
    with pytest.raises(CompileError, match="can only propagate out of a function"):
        run([stmt])


def test_runtime_name_reserved_prefix_cannot_be_shadowed():
    let = A.Let(S(1), "val", A.CapturePat(S(1), "_spl"), None, num(7))
    out, g = run([let, show(name("_spl"), 2), show(A.Binary(S(3), "/", num(9), num(2)), 3)])
    assert out == "7\n4\n" and g["_spl_"] == 7


def test_fields_pattern_reads_object_fields_and_dict_keys():
    class Obj:
        def __init__(self):
            self.name, self.lambda_ = "ada", 7

    pat = A.FieldsPat(S(1), (("name", A.CapturePat(S(1), "n")), ("lambda", A.CapturePat(S(1), "l"))))
    body = [
        A.Let(S(1), "val", pat, None, name("obj")),
        show(name("n")),
        show(name("l")),
        expr(A.Match(S(2), name("d"), (
            A.MatchArm(S(3), A.FieldsPat(S(3), (("k", A.LiteralPat(S(3), num(2))),)), None, (show(num(1)),)),
            A.MatchArm(S(4), A.FieldsPat(S(4), (("k", A.CapturePat(S(4), "v")),)), None, (show(name("v")),)),
            A.MatchArm(S(5), A.WildcardPat(S(5)), None, (show(num(0)),)),
        ))),
    ]
    module = A.Module(S(1), FILE, tuple(body))
    code = compile(lower_module(module, {}), FILE, "exec")
    for d, last in (({"k": 2}, "1"), ({"k": 5}, "5"), ({"j": 5}, "0"), (Obj(), "0")):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(code, {"__name__": "t", "obj": Obj(), "d": d})
        assert out.getvalue().split() == ["ada", "7", last]


def test_fields_pattern_binding_a_missing_field_names_it():
    from runtime.errors import SimpleError

    pat = A.FieldsPat(S(1), (("age", A.CapturePat(S(1), "a")),))
    module = A.Module(S(1), FILE, (A.Let(S(1), "val", pat, None, name("d")),))
    code = compile(lower_module(module, {}), FILE, "exec")
    with pytest.raises(SimpleError, match="dict has no key \"age\" to destructure"):
        exec(code, {"__name__": "t", "d": {"name": 1}})
