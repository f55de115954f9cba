"""The lowered module against Python's own limits, with room to spare: every ``check``ed program is
one ``run`` compiles and ``build`` writes, tokenizes and formats. ``syntax.limits`` bounds the
Simple nesting; this pass catches what lowering adds (a ``defer`` is a ``try`` around the rest of
its block, so many defers in one block nest). Errors point at the Simple line of the statement.

The same walk tells which top-level statements ``check`` must also unparse and give to Python's
parser (``text_risks``): only those can fail there once ``compile()`` accepted the AST.
"""

from __future__ import annotations

import ast as py
import re

from spl2py.diagnostics import Span, error

MAX_INDENT = 90  # Python's tokenizer: 100 indentation levels
MAX_BLOCKS = 18  # CPython: 20 nested loop/try/with blocks per code object
MAX_EXPR = 180  # Python's tokenizer: 200 nested brackets

# Deeper than this, a statement's text is checked too: ast.unparse recurses per level, on
# Python's default recursion limit in build.
RISKY_INDENT = 30
RISKY_EXPR = 60
# A format spec of these characters is written by ast.unparse as it stands.
_PLAIN_SPEC = re.compile(r"[\w .,<>=^+\-#%]*")

_BLOCKS = (py.For, py.While, py.Try, py.With, py.AsyncFor, py.AsyncWith)
_CODE = (py.FunctionDef, py.AsyncFunctionDef, py.ClassDef, py.Lambda)


def place_and_check(module: py.Module, path: str) -> list[py.stmt]:
    """One walk over the lowered module: give each node left without a position its nearest
    placed ancestor's (see ``pyast.locate``), and check the nesting against Python's limits.

    Returns the top-level statements whose text may fail where their AST did not (``ast.unparse``
    and Python's parser): f-string parts holding strings or unusual format specs, which
    ``ast.unparse`` cannot always write without a backslash or a clashing quote, and statements
    nested deeper than ``RISKY_INDENT``/``RISKY_EXPR``. Identifiers need no such check: every
    name lowering writes is a Python identifier (``names.py``, ``syntax.limits``)."""
    risky = []
    for top in module.body:
        if _place_statement(top, path):
            risky.append(top)
    return risky


def _place_statement(top: py.stmt, path: str) -> bool:
    return _place(top, path, 1, 0, 0, 1, 0)


def _place(node, path: str, indent: int, blocks: int, exprs: int, line: int, col: int) -> bool:
    """Place ``node`` and what is under it (recursively: the depth is bounded by the limits it
    checks); whether any of it is a text risk."""
    cls = node.__class__
    shape = _SHAPES.get(cls) or _shape(cls)
    fields, positioned, is_block, is_code = shape
    if positioned:
        own = getattr(node, "lineno", None)
        if own is None:
            node.lineno = node.end_lineno = line
            node.col_offset = col
            node.end_col_offset = col + 1
        else:
            line, col = own, node.col_offset
    risk = False
    if exprs > RISKY_EXPR or indent > RISKY_INDENT:
        if indent > MAX_INDENT or blocks > MAX_BLOCKS or exprs > MAX_EXPR:
            _too_deep(node, path, indent, blocks)
        risk = True
    elif blocks > MAX_BLOCKS:
        _too_deep(node, path, indent, blocks)
    elif cls is py.FormattedValue:
        risk = _risky_fstring_part(node)
    inner_blocks = 0 if is_code else blocks + is_block
    for name, many, kind in fields:
        value = getattr(node, name, None)
        if value is None:
            continue
        if kind == _STMT:
            if cls is py.If and name == "orelse" and len(value) == 1 and value[0].__class__ is py.If:
                # an elif: no deeper in the text
                risk = _place(value[0], path, indent, inner_blocks, 0, line, col) or risk
                continue
            deeper, inner_exprs = indent + 1, 0
        else:
            deeper, inner_exprs = indent, exprs + 1 if kind == _EXPR else exprs
        if many:
            for child in value:
                if child is not None:  # a dict's ``**`` entry has no key
                    risk = _place(child, path, deeper, inner_blocks, inner_exprs, line, col) or risk
        else:
            risk = _place(value, path, deeper, inner_blocks, inner_exprs, line, col) or risk
    return risk


def _risky_fstring_part(node: py.FormattedValue) -> bool:
    """Whether ``ast.unparse`` may write this ``{...}`` part as text Python rejects: its expression
    holds a string (quotes, backslashes) or its format spec anything but plain characters."""
    spec = node.format_spec
    if spec is not None:
        if not isinstance(spec, py.JoinedStr):
            return True
        for part in spec.values:
            if not (type(part) is py.Constant and type(part.value) is str and _PLAIN_SPEC.fullmatch(part.value)):
                return True
    for inner in py.walk(node.value):
        if isinstance(inner, py.JoinedStr) or (type(inner) is py.Constant and isinstance(inner.value, (str, bytes))):
            return True
    return False


def _too_deep(node, path: str, indent: int, blocks: int):
    what, limit = (("blocks", MAX_INDENT) if indent > MAX_INDENT else
                   ("loop/with/defer blocks", MAX_BLOCKS) if blocks > MAX_BLOCKS else ("expression", MAX_EXPR))
    span = Span(path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)
    raise error(span, f"{what} nested too deeply once lowered (limit {limit})", "move the inner part into a function")


_STMT, _EXPR, _OTHER = 0, 1, 2
# Field types of the ASDL grammar (a class's docstring: ``Call(expr func, expr* args, ...)``) that
# hold nodes with children or positions; the rest are names, constants, operators and contexts.
_NODE_TYPES = {"stmt": _STMT, "expr": _EXPR, "arguments": _OTHER, "arg": _OTHER, "keyword": _OTHER,
               "comprehension": _OTHER, "excepthandler": _OTHER, "withitem": _OTHER, "match_case": _OTHER,
               "pattern": _OTHER, "alias": _OTHER}
_FIELD = re.compile(r"(\w+)([*?]?) (\w+)")
_SHAPES: dict[type, tuple] = {}


def _shape(cls: type) -> tuple:
    """What the walk needs of a node class: ``(name, is a list, kind)`` of its fields that hold
    nodes, whether it has a position, and what it counts for the limits."""
    fields = []
    for type_name, mark, name in _FIELD.findall((cls.__doc__ or "").partition("(")[2]):
        if type_name in _NODE_TYPES and name in cls._fields:
            fields.append((name, mark == "*", _NODE_TYPES[type_name]))
    shape = _SHAPES[cls] = (
        tuple(fields),
        "lineno" in cls._attributes,
        issubclass(cls, _BLOCKS),
        issubclass(cls, _CODE),
    )
    return shape
