"""The parser entry: Simple source text -> ``ast.Module`` (or a ``CompileError``).

``parse`` runs the layout pass, the parsimonious grammar (``simple.peg``, loaded once) and the
builder. Every failure a user can cause comes out as a ``CompileError`` with a caret.
"""

from __future__ import annotations

import gc
import sys

from spl2py.syntax import ast
from spl2py.syntax.build import Builder
from spl2py.syntax.errors import too_deep
from spl2py.syntax.layout import layout, normalize
from spl2py.syntax.limits import check_limits
from spl2py.syntax.matcher import grammar, match
from spl2py.syntax.mixins import expand_mixins

__all__ = ["parse", "grammar"]

_RECURSION_LIMIT = 12000


def parse(source: str, path: str) -> ast.Module:
    """Parse one .spl file. Raises ``CompileError`` for any mistake in ``source``."""
    source = normalize(source)
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, _RECURSION_LIMIT))
    # The parse allocates many small acyclic objects: the cycle collector would only slow it down.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        lay = layout(source, path)
        tree = match(lay, "program")
        builder = Builder(lay, grammar())
        module = builder.module(tree)
        if builder.saw_mixins:
            module = expand_mixins(module)
        return check_limits(module)
    except RecursionError:
        raise too_deep(source, path) from None
    finally:
        if gc_was_enabled:
            gc.enable()
        sys.setrecursionlimit(old)
