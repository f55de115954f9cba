"""Parse tree -> Simple AST, one module per concern.

A hand walk over the named nodes only: ``kids(node)`` lists the named nodes under ``node``
(descending through the anonymous sequence/choice/repeat nodes). Each grammar rule's builder is
a method registered where it stands (``@statement("for_stmt")`` / ``@primary("paren")``);
``Builder`` composes the mixins:

    base         named children, registration, block dispatch, decorators and docstrings
    statements   simple and keyword statements, control flow, match
    definitions  fn, class/struct, enum, trait, impl
    modules      use, export, pub
    patterns     patterns
    expressions  operands, postfix, literals, lambdas, strings, placeholders
    chain        the fast path: CHAIN / SIMPLE_STMT text tokenized without a parse tree
    pratt        operator precedence over the token list (binding powers from syntax/operators.py)
"""

from __future__ import annotations

import spl2py.syntax.peglib  # noqa: F401 - first: parsimonious on Python's re (peglib.py)
from spl2py.syntax.build.base import BuilderBase, kids
from spl2py.syntax.build.chain import ChainRules
from spl2py.syntax.build.definitions import DefinitionRules
from spl2py.syntax.build.expressions import ExpressionRules
from spl2py.syntax.build.modules import ModuleRules
from spl2py.syntax.build.patterns import PatternRules
from spl2py.syntax.build.statements import StatementRules


__all__ = ["Builder", "kids"]


class Builder(StatementRules, DefinitionRules, ModuleRules, PatternRules, ExpressionRules, ChainRules, BuilderBase):
    """Builds one module. Interpolated fragments reuse it with their own layout (``interp``)."""
