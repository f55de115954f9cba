"""The names every module sees without declaring them: the runtime's builtins (``runtime.core.BUILTINS``,
SSpec words included) and the Python builtins that generated code reaches by their own name."""

from __future__ import annotations

from functools import cache

from spl2py.sema.symbols import Symbol

# Python builtins a Simple program may call by name (lowering leaves an unknown name as written).
PYTHON_NAMES = frozenset()


@cache
def builtin_symbols() -> dict[str, Symbol]:
    from runtime.core import BUILTINS

    names = set(BUILTINS) | PYTHON_NAMES | {"nil"}
    return {n: Symbol(n, "builtin", None, None, n) for n in names}


@cache
def method_names() -> frozenset[str]:
    from runtime.methods import METHOD_NAMES

    return METHOD_NAMES
