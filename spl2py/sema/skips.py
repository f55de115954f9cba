"""Skipped spec examples: ``it "name", tag: ["skip"]:`` + block never runs, so what the analysis or
the lowering rejects inside its block does not fail the file: the example keeps its name and tags,
loses its body, and stays skipped."""

from __future__ import annotations

from spl2py.syntax import ast

_EXAMPLE_WORDS = frozenset(("it", "test", "example", "specify", "scenario", "slow_it"))


def _is_skip_tag(value: ast.Expr) -> bool:
    if type(value) is ast.Str:
        return value.parts == ("skip",)
    return type(value) is ast.ListLit and any(_is_skip_tag(item) for item in value.items)


def skipped_example(e: ast.Call) -> bool:
    """``it "name", tag: ["skip"]:`` + block (bare ``skip`` words are folded into ``tag:`` by the builder)."""
    return (type(e.func) is ast.Name and e.func.id in _EXAMPLE_WORDS and len(e.args) >= 2
            and type(e.args[-1].value) is ast.Lambda
            and any(a.name == "tag" and _is_skip_tag(a.value) for a in e.args))
