"""Compile-time hints for statements that parse but cannot mean what they say.

`print [1, 2].len()` indexes the function print, `print -x` subtracts from it and `print (x).m()`
calls `m` on what print returned (nil): as upstream's parser does, an argument without parentheses
never starts with `[`, `(` or `-` after a name, so these are reported with the fix.
"""

from __future__ import annotations

from spl2py.syntax import ast

PRINTERS = frozenset({"print", "println", "eprint", "eprintln"})


def misread_printer(e: ast.Expr, is_builtin) -> tuple[ast.Expr, str, str] | None:
    """``(node, message, hint)`` when statement ``e`` uses a print function as an operand.

    Walks the left spine (receivers, indexed values, left operands); ``is_builtin(name)`` says
    whether ``name`` is the runtime's function there (not a local or imported one).
    """
    parent = None
    node = e
    while True:
        if isinstance(node, ast.Name):
            if node.id in PRINTERS and parent is not None and is_builtin(node.id):
                return _name_hint(node.id, parent)
            return None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name in PRINTERS:
                return _result_hint(name, parent) if parent is not None and is_builtin(name) else None
        child = _left(node)
        if child is None:
            return None
        parent, node = node, child


def _left(node: ast.Expr) -> ast.Expr | None:
    if isinstance(node, ast.Call):
        return node.func
    if isinstance(node, (ast.Attribute, ast.Index)):
        return node.value
    if isinstance(node, (ast.Binary, ast.Compare)):
        return node.left
    return None


def _name_hint(name: str, parent: ast.Expr) -> tuple[ast.Expr, str, str]:
    if isinstance(parent, ast.Index):
        return (parent, f"`{name} [...]` indexes the function {name}",
                f"`{name} [a].b()` reads as `{name}[a].b()`: write `{name}([a].b())`")
    if isinstance(parent, (ast.Binary, ast.Compare)):
        op = parent.op if isinstance(parent, ast.Binary) else parent.ops[0]
        return (parent, f"`{name} {op} ...` applies {op} to the function {name}",
                f"`{name} {op}x` reads as `{name} {op} x`: write `{name}({op}x)`")
    return (parent, f"the function {name} is used as a value here", f"call it: `{name}(...)`")


def _result_hint(name: str, parent: ast.Expr) -> tuple[ast.Expr, str, str]:
    if isinstance(parent, (ast.Binary, ast.Compare)):
        op = parent.op if isinstance(parent, ast.Binary) else parent.ops[0]
        rest = f" {op} b"
    elif isinstance(parent, ast.Index):
        rest = "[i]"
    else:
        rest = ".b()"
    used = f".{parent.name}" if isinstance(parent, ast.Attribute) else rest.strip()
    return (parent, f"this applies `{used}` to what {name}(...) returns (nil)",
            f"`{name} (a){rest}` reads as `{name}(a){rest}`: write `{name}((a){rest})`")
