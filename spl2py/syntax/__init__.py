"""The front end: Simple source text -> ``ast.Module`` (or a ``CompileError``).

The parser (parsimonious, the grammar, the builder) is imported on the first ``parse``, so a
program served from the cache starts without it.
"""

from __future__ import annotations

from spl2py.syntax import ast

__all__ = ["ast", "parse", "grammar", "use_grammar_store"]


def parse(source: str, path: str) -> ast.Module:
    """Parse one .spl file. Raises ``CompileError`` for any mistake in ``source``."""
    from spl2py.syntax.parser import parse as parse_source

    return parse_source(source, path)


def grammar():
    """The Simple grammar (a parsimonious ``Grammar``), read from ``simple.peg`` on first use."""
    from spl2py.syntax.parser import grammar as load_grammar

    return load_grammar()


def use_grammar_store(store) -> None:
    """Keep the built grammar in ``store`` between processes (``matcher.use_store``)."""
    from spl2py.syntax.matcher import use_store

    use_store(store)
