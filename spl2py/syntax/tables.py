"""The built grammar as plain data, and back: what lets a start-up skip building it.

Building the parsimonious ``Grammar`` from ``simple.peg`` takes ~0.25 s: parsing the PEG text, then
compiling ~100 regular expressions (two of them 13-26 KB long). ``encode`` writes the expression
graph (kind, name and parameters of each node, members by index) and, for each terminal, the
program Python's regex compiler made of it; ``decode`` rebuilds the same graph (equal, rule by rule,
to a fresh build) and hands the programs to ``_sre`` directly, which validates them. The caller
decides where the data may come from (the driver keeps it in the authenticated cache); any
input that is not exactly what ``encode`` writes for this Python is None, and the grammar is built.

The package also ships the data for the Python it was written with (``grammar.tables`` beside
``simple.peg``, compressed; ``python -m spl2py.syntax.write_tables`` writes it): ``shipped(key)``
is its data when its key is ``key`` (the same grammar text, format and Python), else None.
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from array import array
from pathlib import Path

from spl2py.syntax.peglib import Grammar, Regex

try:  # the regex compiler's own steps (Python 3.11+); without them the terminals are compiled
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - Python 3.10
    _sre = _compiler = _parser = None

from parsimonious.expressions import Literal, Lookahead, OneOf, Quantifier, Sequence  # noqa: E402

FORMAT = 1
INF = -1  # a Quantifier's max of float("inf")
SHIPPED = Path(__file__).with_name("grammar.tables")


def key(text: str) -> str:
    """What the data of the grammar built from ``text`` depends on: the text, the format, Python
    and its regex engine (a hash)."""
    import hashlib

    version = f"{FORMAT} {sys.version} {getattr(_sre, 'MAGIC', '')}"
    return hashlib.sha256(f"{version}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


def shipped(key_: str) -> bytes | None:
    """The shipped data when it was written for ``key_``, else None (see ``packed``)."""
    try:
        packed_ = SHIPPED.read_bytes()
    except OSError:
        return None
    try:
        head, _version, data = zlib.decompress(packed_).split(b"\n", 2)
    except (zlib.error, ValueError):
        return None
    return data if head == key_.encode("ascii") else None


def packed(key_: str, data: bytes) -> bytes:
    """What ``SHIPPED`` holds: the key, the Python it was made by and the data, compressed."""
    return zlib.compress(b"\n".join([key_.encode("ascii"), sys.version.replace("\n", " ").encode("utf-8"), data]), 9)


def shipped_version() -> str | None:
    """The Python version the shipped data was written by (None without readable data)."""
    try:
        return zlib.decompress(SHIPPED.read_bytes()).split(b"\n", 2)[1].decode("utf-8")
    except (OSError, zlib.error, ValueError, IndexError, UnicodeDecodeError):
        return None


class Invalid(ValueError):
    """Not data ``encode`` wrote for this Python."""


# --------------------------------------------------------------------------- encoding


def encode(grammar: Grammar) -> bytes | None:
    """The grammar as JSON; None when it holds an expression kind this module does not know."""
    if _sre is None or array("I").itemsize != _sre.CODESIZE:
        return None
    index: dict[int, int] = {}
    nodes: list = []

    def visit(expr) -> int:
        found = index.get(id(expr))
        if found is not None:
            return found
        index[id(expr)] = len(nodes)
        nodes.append(None)
        nodes[index[id(expr)]] = _node(expr, visit)
        return index[id(expr)]

    try:
        rules = {name: visit(expr) for name, expr in grammar.items()}
        default = None if grammar.default_rule is None else visit(grammar.default_rule)
    except Invalid:
        return None
    return json.dumps({"nodes": nodes, "rules": rules, "default": default}).encode("utf-8")


def _node(expr, visit) -> list:
    """``[kind, name, made_as, *parameters]``: ``made_as`` is the name the node was constructed with
    (parsimonious names a rule's node after making it; its identity keeps the first name)."""
    kind, head = type(expr), [expr.name, expr.identity_tuple[0]]
    if kind is Regex:
        if type(expr.re) is not re.Pattern:  # compiled by the third-party regex module: not ours to encode
            raise Invalid("regex")
        return ["re", *head, *_program(expr.re)]
    if kind is Literal:
        return ["lit", *head, expr.literal]
    if kind in (Sequence, OneOf):
        return ["seq" if kind is Sequence else "one", *head, [visit(m) for m in expr.members]]
    if kind is Lookahead:
        return ["look", *head, visit(expr.members[0]), expr.negativity]
    if kind is Quantifier:
        top = INF if expr.max == float("inf") else expr.max
        return ["rep", *head, visit(expr.members[0]), expr.min, top]
    raise Invalid(kind.__name__)


def _program(pattern: re.Pattern) -> list:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for ``pattern``."""
    flags = pattern.flags & ~re.UNICODE  # as parsimonious gave it (re adds UNICODE for text)
    tree = _parser.parse(pattern.pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    names = [None] * tree.state.groups
    for name, i in groupindex.items():
        names[i] = name
    return [pattern.pattern, flags | tree.state.flags, array("I", code).tobytes().hex(), tree.state.groups - 1,
            groupindex, names]


# --------------------------------------------------------------------------- decoding


def decode(data: bytes) -> Grammar | None:
    """The grammar ``data`` describes, or None for anything ``encode`` would not have written."""
    if _sre is None or array("I").itemsize != _sre.CODESIZE:
        return None
    try:
        return _grammar(json.loads(data.decode("utf-8")))
    except (Invalid, ValueError, TypeError, KeyError, IndexError, RuntimeError, OverflowError, RecursionError):
        return None


def _check(ok: bool) -> None:
    if not ok:
        raise Invalid


def _grammar(d) -> Grammar:
    _check(type(d) is dict and set(d) == {"nodes", "rules", "default"})
    raw, rules, default = d["nodes"], d["rules"], d["default"]
    _check(type(raw) is list and type(rules) is dict and (default is None or type(default) is int))
    nodes = [_shell(item) for item in raw]
    for expr, item in zip(nodes, raw):  # members by index: the graph has cycles (recursive rules)
        if isinstance(expr, (Sequence, OneOf)):
            expr.members = tuple(_at(nodes, i) for i in item[3])
        elif isinstance(expr, (Lookahead, Quantifier)):
            expr.members = (_at(nodes, item[3]),)
    grammar = Grammar.__new__(Grammar)  # as Grammar._copy makes one, without parsing any rule text
    super(Grammar, grammar).__init__((_name(name), _at(nodes, i)) for name, i in rules.items())
    grammar.default_rule = None if default is None else _at(nodes, default)
    return grammar


def _at(nodes: list, i) -> object:
    _check(type(i) is int and 0 <= i < len(nodes))
    return nodes[i]


def _name(v) -> str:
    _check(type(v) is str)
    return v


def _shell(item):
    """The node of one entry, its members not yet linked."""
    _check(type(item) is list and len(item) >= 4)
    kind, name, made_as, args = item[0], _name(item[1]), _name(item[2]), item[3:]
    if kind == "re" and len(args) == 6:
        expr = Regex.__new__(Regex)  # its pattern comes compiled: Regex() would compile it again
        expr.re = _compiled(*args)
        expr.identity_tuple = (made_as, expr.re)
    elif kind == "lit" and len(args) == 1:
        expr = Literal(_name(args[0]), name=made_as)
    elif kind in ("seq", "one") and len(args) == 1 and type(args[0]) is list:
        expr = (Sequence if kind == "seq" else OneOf)(name=made_as)
    elif kind == "look" and len(args) == 2 and type(args[1]) is bool:
        expr = Lookahead(None, negative=args[1], name=made_as)
    elif kind == "rep" and len(args) == 3 and type(args[1]) is int and type(args[2]) is int and args[1] >= 0:
        top = float("inf") if args[2] == INF else args[2]
        _check(top >= args[1])
        expr = Quantifier(None, min=args[1], max=top, name=made_as)
    else:
        raise Invalid(kind)
    expr.name = name
    return expr


def _compiled(pattern, flags, code, groups, groupindex, names) -> re.Pattern:
    _check(type(pattern) is str and type(flags) is int and type(code) is str and type(groups) is int)
    _check(type(groupindex) is dict and all(type(k) is str and type(v) is int for k, v in groupindex.items()))
    _check(type(names) is list and all(n is None or type(n) is str for n in names) and len(names) == groups + 1)
    program = array("I")
    program.frombytes(bytes.fromhex(code))
    # _sre validates the program (a malformed one raises RuntimeError, never runs)
    return _sre.compile(pattern, flags, program.tolist(), groups, groupindex, tuple(names))
