"""Syntax error messages: where the parse stopped, what it expected, and unsupported constructs."""

from __future__ import annotations

import re

from spl2py.diagnostics import CompileError, Span, error
from spl2py.syntax.keywords import CONTEXT, STMT_HEAD, UNSUPPORTED
from spl2py.syntax.layout import DEDENT, INDENT, STRING, Layout


class FurthestFailure:
    """Stands in for parsimonious's ParseError: keeps every named rule failing at the furthest position."""

    def __init__(self) -> None:
        self._pos = -1
        self.expr = None
        self.expected: set[str] = set()

    @property
    def pos(self) -> int:
        return self._pos

    @pos.setter
    def pos(self, value: int) -> None:
        if value > self._pos:
            self._pos = value
            self.expected = set()
        name = getattr(self.expr, "name", "")
        if name:
            self.expected.add(name)


# what a failing rule was looking for, in words (rules not listed say nothing useful)
_WANTS = {
    "COLON": "':'", "THEN": "':'", "RPAR": "')'", "RBRK": "']'", "RBRC": "'}'", "LPAR": "'('",
    "ASSIGN": "'='", "IN": "'in'", "ARROW": "'->'", "ARM_SEP": "':' or '->'", "IND": "an indented block",
    "NAMEW": "a name", "TNAME": "a type", "PNAME": "a parameter name", "VNAME": "a variant name",
    "FIELDNAME": "a field name", "USE_PATH": "a module path", "PAT_NAME": "a pattern", "PAT_LIT": "a pattern",
    "ATOM": "an expression", "PREFIX": "an expression", "LAMBDA_HEAD": "an expression", "NL": "end of line",
    "DED": "end of block", "EOF": "end of file", "COMMA": "','", "GT": "'>'",
}
_ORDER = ["an expression", "':'", "an indented block", "')'", "']'", "'}'", "'in'", "'='", "a name", "a type",
          "a parameter name", "a pattern", "a module path", "'('", "':' or '->'", "'->'", "a variant name",
          "a field name", "','", "'>'", "end of line", "end of block", "end of file"]
_WORD = re.compile(r"[^\W\d]\w*")
_SUSPEND = re.compile(r"(if|while|for|match|and|or)~")
_UNIT = re.compile(r"\d[\d_.]*_[A-Za-z]\w*")
_MACRO = re.compile(r"[^\W\d]\w*!\s*[(\[{]")
_OPERATORS = {"//": "the parallel operator '//'", "~>": "the layer operator '~>'",
              ".+": "broadcast operators", ".-": "broadcast operators", ".*": "broadcast operators",
              "./": "broadcast operators", ".^": "broadcast operators", "<-": "channels '<-'", "~=": "suspension '~='"}
_NAMED_TUPLE = re.compile(r"\([ \t]*[^\W\d]\w*[ \t]*:[ \t]")


def syntax_error(lay: Layout, fail: FurthestFailure, fragment: bool) -> CompileError:
    """The error for a failed parse: an unsupported construct, or what was expected and found."""
    pos = max(fail.pos, 0)
    text = lay.text
    start = _stmt_start(text, pos)
    unsupported = _unsupported(lay, start, pos)
    if unsupported is not None:
        return unsupported
    wants = sorted({_WANTS[n] for n in fail.expected if n in _WANTS}, key=_ORDER.index)
    if "an expression" in wants and "'('" in wants:
        wants.remove("'('")
    if fragment:
        return lay.error(lay.src_offset(pos), "invalid interpolated expression", _expected(wants))
    head = STMT_HEAD.match(text, start)
    word = head.group(1) if head else ""
    if word == "else" and head and text.startswith("if", head.end() + 1):
        word = "elif"
    found = _found(text, pos)
    if wants == ["an indented block"] and start > 0:  # the header is the line before
        head = STMT_HEAD.match(text, _stmt_start(text, start - 1))
        word = head.group(1) if head else ""
    if "':'" in wants and word in CONTEXT and found in ("end of line", "an indented block"):
        message = f"expected ':' {CONTEXT[word]}"
    elif word == "for" and "'in'" in wants:
        message = "expected 'in' after the for target"
    elif wants == ["an indented block"]:
        message = "expected an indented block" + (f" after '{word}'" if word in CONTEXT else "")
        found = ""
    else:
        message = _expected(wants)
    if found:
        message += f", found {found}"
    return lay.error(lay.src_offset(pos), message, _argument_hint(text, start, pos, found))


def _argument_hint(text: str, start: int, pos: int, found: str) -> str | None:
    """`print if c: a else: b`: an `if` expression is an argument only in parentheses."""
    callee = text[start:pos].strip()
    if found == "'if'" and _WORD.fullmatch(callee):
        return f"an if expression as an argument needs parentheses: `{callee}(if c: a else: b)`"
    return None


def _expected(wants: list[str]) -> str:
    if not wants:
        return "invalid syntax"
    if "an expression" in wants and len(wants) > 3:
        wants = ["an expression"]
    return "expected " + " or ".join(wants[:3])


def _found(text: str, pos: int) -> str:
    """A few words about what stands at ``pos``."""
    if pos >= len(text):
        return "end of file"
    c = text[pos]
    if c == "\n":
        return "end of line"
    if c == INDENT:
        return "an indented block"
    if c == DEDENT:
        return "end of block"
    if c == STRING:
        return "a string"
    m = _WORD.match(text, pos)
    if m:
        return f"'{m.group()}'"
    if c.isdigit():
        return "a number"
    return f"'{c}'"


def _stmt_start(text: str, pos: int) -> int:
    """Start of the logical line that holds ``pos`` in the marked text."""
    k = max(text.rfind("\n", 0, pos), text.rfind(INDENT, 0, pos), text.rfind(DEDENT, 0, pos))
    return k + 1 if k >= 0 else 0


def _unsupported(lay: Layout, start: int, pos: int) -> CompileError | None:
    """A construct spl2py rejects by design, at the statement or the failure position."""
    text = lay.text
    for at in (pos, start, *_around(text, pos)):
        m = _SUSPEND.match(text, at)
        if m:
            return _reject(lay, at, f"suspension '{m.group()}'")
    head = STMT_HEAD.match(text, start)
    if head:
        word = head.group(1)
        if head.group(2):
            return _reject(lay, head.start(1), f"suspension '{word}~'")
        if word in UNSUPPORTED and not (word in ("in", "out") and ":" not in text[head.end(1) : head.end(1) + 12]):
            return _reject(lay, head.start(1), UNSUPPORTED[word])
    k = text.rfind("(", start, pos + 1)
    before = text[start:k].rstrip()[-1:] if k >= 0 else ""
    is_call = before.isalnum() or before in ("_", ")", "]", STRING)
    if k >= 0 and not is_call and _NAMED_TUPLE.match(text, k) and text.find(")", k, pos) == -1:
        return _reject(lay, k, "named tuples (use a struct or a dict)")
    for at in _around(text, pos):
        m = _WORD.match(text, at)
        if m and m.group() in ("await", "spawn", "yield", "move", "async") and (at == 0 or not text[at - 1].isalnum()):
            return _reject(lay, at, UNSUPPORTED[m.group()])
        m = _UNIT.match(text, at)
        if m and (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")):  # unit literals parse
            number, _, suffix = m.group().rpartition("_")  # so this is a type suffix: `5_i32`
            return lay.error(lay.src_offset(at), f"invalid number '{m.group()}'",
                             f"a type suffix is written without '_': `{number}{suffix}`")
        m = _MACRO.match(text, at)
        if m and (at == 0 or not text[at - 1].isalnum()):
            return _reject(lay, at, f"macro call '{m.group().rstrip('([{ ')}'")
        if text.startswith("->", at) and at > start:
            return lay.error(lay.src_offset(at), "invalid functional update",
                             "write `target->method(args)` (the last call may be `->method args`), "
                             "the target a name, field or index")
        for op, what in _OPERATORS.items():
            if text.startswith(op, at):
                return _reject(lay, at, what)
    return None


def _around(text: str, pos: int) -> list[int]:
    """The failure position and the start of the token just before it."""
    out = [pos]
    k = pos
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    j = k
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_."):
        j -= 1
    if j < pos:
        out.append(j)
    return out


def _reject(lay: Layout, at: int, what: str) -> CompileError:
    return lay.error(lay.src_offset(at), f"unsupported: {what}")


def too_deep(source: str, path: str) -> CompileError:
    """Nesting beyond the parser's recursion budget: point at the deepest bracket."""
    depth = best = 0
    where = 0
    for i, c in enumerate(source):
        if c in "([{":
            depth += 1
            if depth > best:
                best, where = depth, i
        elif c in ")]}":
            depth -= 1
    line = source.count("\n", 0, where) + 1
    col = where - (source.rfind("\n", 0, where) + 1) + 1
    return error(Span(path, line, col), "expression nested too deeply", "split it into smaller expressions", source)
