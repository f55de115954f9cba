"""``context obj:`` calls, typed-string types and the functional update's val error (sema/contexts.py)."""

from __future__ import annotations

from spl2py.diagnostics import CompileError
from spl2py.sema import analyze
from spl2py.sema.contexts import typed_string_types
from spl2py.syntax import ast, parse
from spl2py.syntax.visit import walk


def errors(src: str) -> list[str]:
    try:
        analyze(parse(src, "t.spl"))
    except CompileError as e:
        return [f"{d.span.line}:{d.span.col} {d.message}" for d in e.diagnostics]
    return []


def context_calls(src: str) -> dict[str, bool]:
    """Each called name in the module -> whether it goes to a context object."""
    module = parse(src, "t.spl")
    a = analyze(module)
    return {n.func.id: a.context_of(n) is not None for n in walk(module)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


SRC = "fn add(a, b):\n    a + b\nval b = 1\ncontext b:\n    add(1, 2)\n    grow(3)\n    print(4)\n"


def test_unbound_names_go_to_the_context_object_and_bound_ones_do_not():
    assert context_calls(SRC) == {"add": False, "grow": True, "print": False}


def test_the_innermost_context_block_receives_the_call():
    src = "val a = 1\nval b = 2\ncontext a:\n    context b:\n        f()\n"
    module = parse(src, "t.spl")
    an = analyze(module)
    call = next(n for n in walk(module) if isinstance(n, ast.Call))
    assert an.context_of(call).obj.id == "b"


def test_outside_a_context_block_an_unbound_call_is_undefined():
    assert errors("val b = 1\ncontext b:\n    grow(1)\ngrow(2)\n") == ["4:1 undefined name `grow`"]


def test_a_bare_name_in_a_context_block_is_not_dispatched():
    assert errors("val b = 1\ncontext b:\n    print(size)\n") == ["3:11 undefined name `size`"]


def test_arguments_of_a_context_call_are_resolved():
    assert errors("val b = 1\ncontext b:\n    grow(nope)\n") == ["3:10 undefined name `nope`"]


def test_typed_string_type_candidates():
    assert typed_string_types("ip") == ["IP", "Ip"]
    assert typed_string_types("url") == ["URL", "Url"]
    assert typed_string_types("json") == ["Json"]
    assert typed_string_types("my_type") == ["MyType"]


def test_typed_string_resolves_the_first_visible_candidate():
    src = 'class Ip:\n    v: text\n    static fn from(s: text) -> Ip:\n        Ip(v: s)\nval a = "x"_ip\n'
    assert errors(src) == []
    assert errors('val a = "x"_url\n') == ["1:9 typed string `_url` needs a type `URL` or `Url` in scope"]


def test_functional_update_of_a_val_names_the_update():
    assert errors("val a = [1]\na->push(2)\n") == ["2:1 cannot update `a` with '->': it is a `val`"]
    assert errors("var a = [1]\na->push(2)\nval p = [[1]]\np[0]->push(2)\n") == []
    assert errors("val a = [1]\na->push 2\n") == ["2:1 cannot update `a` with '->': it is a `val`"]
