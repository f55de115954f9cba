"""Simple AST -> Python ``ast``: the ``Lowerer`` composed from one mixin per concern.

    core         state, temporaries, scopes, hoisting order, statement / expression dispatch
    statements   let/assign, if, loops, jumps, with, assert, use/export, aliases (``s_<Node>``)
    definitions  functions, parameters, classes, enums, traits, impls
    patterns     match arms, guards, pattern tests
    expressions  every expression node (``e_<Node>``)
    forms        upstream's safe unwrap and ``context obj:`` blocks
    values       where a struct value is copied (value semantics), read from the analysis
    skipped      a skipped spec example whose block does not lower keeps no body

A statement node ``X`` is lowered by ``s_X(node, sink)``, an expression node by ``e_X(node)``.
"""

from __future__ import annotations

from spl2py.lower.core import LowererCore
from spl2py.lower.definitions import DefinitionLowering
from spl2py.lower.expressions import ExpressionLowering
from spl2py.lower.forms import FormLowering
from spl2py.lower.patterns import PatternLowering
from spl2py.lower.skipped import SkippedExampleLowering
from spl2py.lower.statements import StatementLowering
from spl2py.lower.values import ValueLowering

__all__ = ["Lowerer"]


class Lowerer(StatementLowering, DefinitionLowering, PatternLowering, SkippedExampleLowering, ExpressionLowering,
              FormLowering, ValueLowering, LowererCore):
    """Lowers one module: ``Lowerer(module, imports).lower()``."""
