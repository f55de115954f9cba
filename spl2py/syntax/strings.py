"""String literals: find where one ends, decode its escapes and split out ``{expr:spec}`` parts.

The layout pass calls ``scan_string`` on every literal; the grammar then sees one placeholder
character per literal. Interpolated expressions are kept as source ranges (``RawInterp``) that the
builder parses with the grammar's ``fragment`` rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class StringError(Exception):
    """A malformed literal: ``offset`` is where to point the caret."""

    def __init__(self, offset: int, message: str, hint: str | None = None):
        super().__init__(message)
        self.offset = offset
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class RawInterp:
    """``{expr}`` / ``{expr:spec}``: the expression is ``source[start:end]``."""

    start: int
    end: int
    spec: str | None


@dataclass(frozen=True, slots=True)
class StrLit:
    start: int  # source offset of the literal (its prefix or opening quote)
    end: int  # source offset just past the closing quote
    parts: tuple  # str | RawInterp
    raw: bool  # written in a raw form ('...', r"...", \"\"\"...\"\"\")
    suffix: str | None = None  # a typed string's suffix: "ip" in "127.0.0.1"_ip


# A Python format spec: [[fill]align][sign][#][0][width][grouping][.precision][type]
_SPEC = re.compile(r"(?!\s)(?:[^\s{}]?[<>=^])?[-+ ]?#?0?\d*[,_]?(?:\.\d+)?[bcdeEfFgGnosxX%]?\Z")
_SIMPLE_ESC = {
    "n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'",
    "a": "\a", "b": "\b", "f": "\f", "v": "\v", "{": "{", "}": "}",
}
_INTERP_STOP = re.compile(r'[\\{}"\n]')
_HEX = re.compile(r"[0-9a-fA-F]+")


def scan_string(src: str, pos: int) -> StrLit:
    """Scan the literal starting at ``pos`` (a quote or an ``r``/``f`` prefix)."""
    prefix = ""
    q = pos
    if src[q] in "rf":
        prefix = src[q]
        q += 1
    if src[q] == "'":
        return _scan_single(src, pos)
    triple = src.startswith('"""', q)
    body = q + (3 if triple else 1)
    if prefix == "r" or (triple and prefix != "f"):
        return _scan_raw(src, pos, body, triple)
    return _scan_interp(src, pos, body, triple)


def _scan_raw(src: str, start: int, body: int, triple: bool) -> StrLit:
    close = '"""' if triple else '"'
    end = src.find(close, body)
    if not triple:
        nl = src.find("\n", body)
        if nl != -1 and (end == -1 or nl < end):
            end = -1
    if end == -1:
        raise StringError(start, "unterminated string literal")
    text = src[body:end]
    return StrLit(start, end + len(close), (text,) if text else (), True)


def _scan_single(src: str, start: int) -> StrLit:
    """'...': raw except that \\' is a quote."""
    out = []
    i = start + 1
    while True:
        j = _next_of(src, i, "'\\\n")
        if j == -1 or src[j] == "\n":
            raise StringError(start, "unterminated string literal")
        out.append(src[i:j])
        if src[j] == "'":
            text = "".join(out)
            return StrLit(start, j + 1, (text,) if text else (), True)
        if src.startswith("'", j + 1):
            out.append("'")
            i = j + 2
        else:
            out.append("\\")
            i = j + 1


def _next_of(src: str, i: int, chars: str) -> int:
    best = -1
    for c in chars:
        k = src.find(c, i)
        if k != -1 and (best == -1 or k < best):
            best = k
    return best


def _scan_interp(src: str, start: int, body: int, triple: bool) -> StrLit:
    parts: list = []
    text: list[str] = []
    i = body
    n = len(src)
    while True:
        m = _INTERP_STOP.search(src, i)
        if m is None:
            raise StringError(start, "unterminated string literal")
        j = m.start()
        text.append(src[i:j])
        c = src[j]
        if c == '"':
            if not triple:
                return _finish(start, j + 1, parts, text)
            if src.startswith('"""', j):
                return _finish(start, j + 3, parts, text)
            text.append('"')
            i = j + 1
        elif c == "\n":
            if not triple:
                raise StringError(start, "unterminated string literal", "a \"...\" string ends on its line; use \"\"\"...\"\"\" for several lines")
            text.append("\n")
            i = j + 1
        elif c == "\\":
            decoded, i = _escape(src, j, triple)
            text.append(decoded)
        elif c == "}":
            text.append("}")
            i = j + 2 if src.startswith("}", j + 1) else j + 1
        else:  # "{"
            nxt = src[j + 1] if j + 1 < n else ""
            if nxt == "{":
                text.append("{")
                i = j + 2
            elif nxt == "}":
                text.append("{}")
                i = j + 2
            elif nxt in ('"', "\\", ""):
                text.append("{")
                i = j + 1
            else:
                close = _interp_end(src, j + 1, triple)
                if close == -1 or not src[j + 1 : close].strip():
                    text.append("{")
                    i = j + 1
                else:
                    chunk = "".join(text)
                    if chunk:
                        parts.append(chunk)
                    text = []
                    parts.append(_split_spec(src, j + 1, close))
                    i = close + 1


def _finish(start: int, end: int, parts: list, text: list[str]) -> StrLit:
    tail = "".join(text)
    if tail:
        parts.append(tail)
    # merge adjacent text parts (a dropped interpolation never leaves two in a row, but be safe)
    return StrLit(start, end, tuple(parts), False)


def _escape(src: str, j: int, triple: bool) -> tuple[str, int]:
    """Decode the escape at ``src[j] == '\\'``; return (text, next index)."""
    if j + 1 >= len(src) or (src[j + 1] == "\n" and not triple):
        raise StringError(j, "unterminated string literal")
    c = src[j + 1]
    if c in _SIMPLE_ESC:
        return _SIMPLE_ESC[c], j + 2
    if c in "01234567":
        k = j + 1
        while k < j + 4 and k < len(src) and src[k] in "01234567":
            k += 1
        digits = src[j + 1 : k]
        if int(digits, 8) > 0o377:
            digits = digits[:2]
        return chr(int(digits, 8)), j + 1 + len(digits)
    if c == "x":
        digits = src[j + 2 : j + 4]
        if len(digits) != 2 or not _HEX.fullmatch(digits):
            raise StringError(j, "invalid escape '\\x'", "expected two hex digits, as in '\\x41'")
        return chr(int(digits, 16)), j + 4
    if c == "u":
        if src.startswith("{", j + 2):
            close = src.find("}", j + 3)
            digits = src[j + 3 : close] if close != -1 else ""
            nxt = close + 1
        else:
            digits = src[j + 2 : j + 6]
            nxt = j + 6
        if not digits or len(digits) > 6 or not _HEX.fullmatch(digits) or int(digits, 16) > 0x10FFFF:
            raise StringError(j, "invalid escape '\\u'", "expected '\\uXXXX' or '\\u{X...}' with a valid code point")
        return chr(int(digits, 16)), nxt
    # an unknown escape keeps the character and drops the backslash
    return c, j + 2


_OPEN = {"(": ")", "[": "]", "{": "}"}


def _interp_end(src: str, i: int, triple: bool) -> int:
    """Index of the ``}`` closing an interpolation whose text starts at ``i``; -1 if unmatched."""
    stack: list[str] = []
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\n" and not triple:
            return -1
        if c in _OPEN:
            stack.append(_OPEN[c])
        elif c in ")]}":
            if not stack:
                return i if c == "}" else -1
            if stack.pop() != c:
                return -1
        elif c == '"' or c == "'":
            i = _skip_nested(src, i)
            if i == -1:
                return -1
            continue
        elif c == "\\" and src.startswith('"', i + 1) and not triple:  # `{join(w, \",\")}`
            k = src.find('\\"', i + 2)
            if k == -1:
                return -1
            i = k + 2
            continue
        i += 1
    return -1


def unescape_quotes(text: str) -> str:
    """An interpolation written inside a "..." string with escaped quotes (``join(w, \",\")``) as
    plain code of the same length: the opening ``\"`` becomes `` "``, the closing one ``" ``."""
    out = []
    opening = True
    i = 0
    while i < len(text):
        if text.startswith('\\"', i):
            out.append(' "' if opening else '" ')
            opening = not opening
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _skip_nested(src: str, i: int) -> int:
    """Skip a quoted string nested inside an interpolation; return the index after it or -1."""
    q = src[i]
    j = i + 1
    while j < len(src):
        c = src[j]
        if c == "\\":
            j += 2
            continue
        if c == q:
            return j + 1
        if c == "\n":
            return -1
        j += 1
    return -1


def _split_spec(src: str, start: int, end: int) -> RawInterp:
    """Split ``expr:spec`` at the first top-level colon whose tail is a format spec."""
    depth = 0
    i = start
    while i < end:
        c = src[i]
        if c in _OPEN:
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == '"' or c == "'":
            i = _skip_nested(src, i)
            continue
        elif c == ":" and depth == 0:
            spec = src[i + 1 : end]
            if _SPEC.match(spec) and src[start:i].strip():
                return RawInterp(start, i, spec or None)
        i += 1
    return RawInterp(start, end, None)
