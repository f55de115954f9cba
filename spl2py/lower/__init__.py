"""Simple AST -> Python ast.Module (see lowerer.py for how, docs/architecture.md for the contract)."""

from __future__ import annotations

import ast as py

from spl2py.syntax import ast


def lower_module(module: ast.Module, imports: dict | None = None, analysis=None, share=None) -> py.Module:
    """The Python module for one Simple module. ``imports`` maps each ``Use`` to its ``ResolvedUse``;
    ``analysis`` is the module's ``spl2py.sema.Analysis`` (made here when not given).

    Raises ``CompileError`` (with the .spl span) for a construct that cannot be lowered. The
    module's ``text_risks`` lists the top-level statements whose text ``check`` must parse too
    (``limits.place_and_check``). ``share``: lower a part of the statements only (``Lowerer.lower``).
    """
    from spl2py.lower.limits import place_and_check
    from spl2py.lower.lowerer import Lowerer

    pymod = Lowerer(module, imports or {}, analysis).lower(share)
    pymod.text_risks = place_and_check(pymod, module.path)  # positions left unset, and Python's limits
    return pymod
