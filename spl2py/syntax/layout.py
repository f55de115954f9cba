"""Layout pass: indentation, comments and string literals -> a marked text the grammar reads.

The marked text holds one logical line per statement, ended by ``\\n``; ``INDENT``/``DEDENT``
(private-use characters) open and close blocks, and every DEDENT is followed by ``\\n`` except
where a block inside brackets (a lambda body) closes. Comments are gone, continuation lines are
joined with a space, and each string literal is replaced by ``STRING`` (its scan is kept in
``strings``, keyed by the marked offset). A piece map turns any marked offset back into the
real line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from spl2py.diagnostics import CompileError, Span, error
from spl2py.syntax.keywords import CONTEXT, header_word
from spl2py.syntax.strings import StringError, StrLit, scan_string, unescape_quotes

INDENT = "\ue001"
DEDENT = "\ue002"
STRING = "\ue010"
NL = "\n"

_SPECIAL = re.compile(r"""["'#/()\[\]{}\\\ue000-\ue0ff]|(?<![\w])[rf](?=")""")
_WS = re.compile(r"[ \t\f]*")
# A logical line continues after a trailing binary operator, comma or `\`.
_TRAILING_OP = re.compile(
    r"(?:(?<=[ \t])(?:[<>]|<<|>>)|\|>|(?<!\.)\*|[-+/%=&|^@,]|\b(?:and|or|not|xor|in|is)|\.\.=?)[ \t]*\Z"
)
_OP_END = set("<>|*-+/%=&^@,.") | set("drtns")  # last characters of the operators above
_LEADING_CONT = re.compile(r"(?:\.(?=[A-Za-z_?])|\?\.|\|>)")
_BLOCK_OPENER = re.compile(r"(?::|->|=>|\bthen|\belse)[ \t]*\Z")
_LAMBDA_TAIL = re.compile(r"(?:\bfn[ \t]*\([^()]*\)(?:[ \t]*->[^:]*)?|\\[\w, \t]*):\Z")  # `fn(x):` / `\x:`
_DIRECTIVE = re.compile(r"#(?:if|elif|else|endif|define|ifdef|ifndef)\b")
_FRAGMENT_SPECIAL = re.compile(r"""["'#/()\[\]{}\\\n\ue000-\ue0ff]""")
_LABEL = re.compile(r"'[A-Za-z_]\w*")
_TYPED_SUFFIX = re.compile(r"_[A-Za-z]\w*")
_CLOSE = {")": "(", "]": "[", "}": "{"}
_NAMES = {"(": "'('", "[": "'['", "{": "'{'", ")": "')'", "]": "']'", "}": "'}'"}


class Layout:
    """The marked text plus the maps back to the source."""

    def __init__(self, source: str, path: str, line_starts: list[int] | None = None):
        self.source = source
        self.path = path
        if line_starts is None:
            line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.line_starts = line_starts
        self.text = ""
        self.piece_marked: list[int] = []
        self.piece_src: list[int] = []
        self.strings: dict[int, StrLit] = {}

    def src_offset(self, marked: int) -> int:
        i = bisect_right(self.piece_marked, marked) - 1
        if i < 0:
            return 0
        return self.piece_src[i] + (marked - self.piece_marked[i])

    def span(self, marked: int) -> Span:
        """``src_span(src_offset(marked))``, in one call (the builder asks for one per node)."""
        i = bisect_right(self.piece_marked, marked) - 1
        off = self.piece_src[i] + (marked - self.piece_marked[i]) if i >= 0 else 0
        if off >= len(self.source):
            return self.src_span(off)
        starts = self.line_starts
        line = bisect_right(starts, off)
        return Span(self.path, line, off - starts[line - 1] + 1)

    def src_span(self, off: int) -> Span:
        line = bisect_right(self.line_starts, off)
        if off >= len(self.source) and line > 1 and self.line_starts[line - 1] >= len(self.source):
            line -= 1  # the end of a file that ends with a newline: the end of its last line
            return Span(self.path, line, len(self.source) - self.line_starts[line - 1])
        return Span(self.path, line, off - self.line_starts[line - 1] + 1)

    def error(self, src_off: int, message: str, hint: str | None = None) -> CompileError:
        return error(self.src_span(src_off), message, hint, self.source)


def normalize(source: str) -> str:
    """One newline convention, no BOM."""
    if source.startswith("\ufeff"):
        source = source[1:]
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    return source


class _Pass:
    """One run of the layout pass over a source (or over an interpolated fragment)."""

    def __init__(self, lay: Layout):
        self.lay = lay
        self.src = lay.source
        self.out: list[str] = []
        self.size = 0  # length of the marked text so far
        self.src_end = -1  # source offset right after the last copied piece (-1 after a marker)
        self.code_end = 0  # source offset right after the last code copied (strings included)
        self.frames: list = [[0]]  # block frames (indent lists) and bracket frames (char, offset)
        self.open_line = False  # the current logical line has code and waits for its NL
        self.line_idx = 0  # index in ``out`` where the current logical line starts
        self.opener = False  # the last logical line ended with ':' (or '->', '=>', 'then')
        self.continued = False  # the physical line ended with '\'
        self.last_nl = -1  # source offset the last NL points at

    # ------------------------------------------------------------------ output
    def emit(self, text: str, src_off: int) -> None:
        if src_off != self.src_end:
            self.lay.piece_marked.append(self.size)
            self.lay.piece_src.append(src_off)
        self.out.append(text)
        self.size += len(text)
        self.src_end = self.code_end = src_off + len(text)
        self.open_line = True

    def marker(self, text: str, src_off: int) -> None:
        self.lay.piece_marked.append(self.size)
        self.lay.piece_src.append(src_off)
        self.out.append(text)
        self.size += len(text)
        self.src_end = -1

    def end_line(self) -> None:
        """Emit the NL that ends the current logical line, if it has code; it points after the code."""
        if self.open_line:
            k = self.code_end
            while k > 0 and self.src[k - 1] in " \t":
                k -= 1
            self.marker(NL, k)
            self.last_nl = k
            self.open_line = False

    # ------------------------------------------------------------------ lines
    def run(self) -> None:
        src = self.src
        n = len(src)
        pos = 0
        continued = False  # the next physical line continues the current logical line
        while pos < n:
            end = self.line_end(pos)
            ws = _WS.match(src, pos).end()
            if ws == end:
                pos = end + 1
                continue
            stop = self.blank(ws, end)
            if stop is not None:
                pos = stop + 1
                continue
            indent = len(src[pos:ws].expandtabs(4))
            if continued or not isinstance(self.frames[-1], list):
                end = self.content(ws, end, False, True)
            elif self.open_line and _LEADING_CONT.match(src, ws):
                end = self.content(ws, end, False, True)
            else:
                self.new_line(indent, ws)
                end = self.content(ws, end, True, False)
            continued = self.after_line(end, indent)
            pos = end + 1
        self.finish()

    def blank(self, ws: int, end: int) -> int | None:
        """The end of the (last) line when the line holds only a comment, else None; a
        ``/* ... */`` comment may span several lines."""
        src = self.src
        if src.startswith("#", ws):
            return None if (src.startswith("#[", ws) or src.startswith("#![", ws) or _DIRECTIVE.match(src, ws)) else end
        if src.startswith("/*", ws):
            k = self.block_comment(ws)
            stop = self.line_end(k)
            rest = src[k:stop].strip()
            return stop if not rest or rest.startswith(("#", "///")) and not rest.startswith("#[") else None
        return end if src.startswith("///", ws) else None

    def content(self, ws: int, end: int, line_start: bool, joined: bool) -> int:
        self.continued = False
        if joined and self.open_line:
            self.emit(" ", ws)
        return self.scan(ws, end, line_start)

    def new_line(self, indent: int, at: int) -> None:
        """Start a logical line at column ``indent``: NL for the last one, then INDENT/DEDENTs."""
        levels = self.frames[-1]
        self.end_line()
        if indent > levels[-1]:
            if not self.opener:
                raise self.unexpected_indent(at)
            levels.append(indent)
            self.marker(INDENT, at)
        while indent < levels[-1]:
            levels.pop()
            if not levels:  # the body of a lambda inside brackets ends: back to the brackets
                self.frames.pop()
                self.marker(DEDENT, at)
                self.open_line = True
                break
            self.marker(DEDENT + NL, at)
            if indent > levels[-1]:  # a dedent to an intermediate level
                levels.append(indent)
                self.marker(INDENT, at)
        self.line_idx = len(self.out)

    def unexpected_indent(self, at: int) -> CompileError:
        """A deeper line without a block opener: most often a header that lacks its ':'."""
        head = "".join(self.out[self.line_idx :])
        word = header_word(head) if self.last_nl >= 0 else ""
        if word in CONTEXT:  # a header that lacks its ':'
            return self.lay.error(self.last_nl, f"expected ':' {CONTEXT[word]}")
        return self.lay.error(at, "unexpected indent", "only a line ending with ':' opens an indented block")

    def after_line(self, end: int, indent: int) -> bool:
        """Decide whether the next physical line continues this logical line."""
        if not self.open_line:
            return False
        tail = "".join(self.out[self.line_idx :]).rstrip(" \t")
        top = self.frames[-1]
        if not isinstance(top, list):
            if tail.endswith(":") and (top[0] in "([" or _LAMBDA_TAIL.search(tail)):
                nxt = self.next_indent(end + 1)
                if nxt is not None and nxt[0] > indent:  # a block inside brackets
                    self.end_line()
                    self.marker(INDENT, nxt[1])
                    self.frames.append([nxt[0]])
                    self.line_idx = len(self.out)
                    self.opener = False
                    return False
            return True
        if self.continued:
            return True
        window = max(0, len(tail) - 8)  # both patterns end at the end of the line
        if tail[-1:] in _OP_END and _TRAILING_OP.search(tail, window):
            return True
        self.opener = bool(_BLOCK_OPENER.search(tail, window))
        return False

    def next_indent(self, pos: int) -> tuple[int, int] | None:
        """Indentation and offset of the next line with code, if any."""
        src = self.src
        n = len(src)
        while pos < n:
            end = self.line_end(pos)
            ws = _WS.match(src, pos).end()
            stop = end if ws == end else self.blank(ws, end)
            if stop is None:
                return len(src[pos:ws].expandtabs(4)), ws
            pos = stop + 1
        return None

    def finish(self) -> None:
        src_len = len(self.src)
        for frame in reversed(self.frames):
            if not isinstance(frame, list):
                raise self.lay.error(frame[1], f"{_NAMES[frame[0]]} was never closed")
        self.end_line()
        for _ in range(len(self.frames[0]) - 1):
            self.marker(DEDENT + NL, src_len)
        self.lay.text = "".join(self.out)

    # ------------------------------------------------------------------ scanning
    def scan(self, pos: int, end: int, line_start: bool) -> int:
        """Copy source ``[pos, end)`` (one physical line) into the marked text.

        A string or block comment may run past ``end``; the result is then the end of the
        line where it stops.
        """
        src = self.src
        while True:
            m = _SPECIAL.search(src, pos, end)
            if m is None:
                if pos < end:
                    self.emit(src[pos:end], pos)
                return end
            j = m.start()
            c = src[j]
            if j > pos:
                chunk = src[pos:j]
                if c == "#" or c == "/":  # maybe a comment: no trailing blanks before it
                    chunk = chunk.rstrip(" \t")
                if chunk:
                    self.emit(chunk, pos)
            if c == "#":
                if src.startswith("#[", j) or src.startswith("#![", j):
                    self.emit(c, j)
                    pos = j + 1
                    continue
                d = _DIRECTIVE.match(src, j) if line_start and j == pos else None
                if d:
                    raise self.lay.error(j, f"unsupported: conditional compilation directive '{d.group()}'")
                return end
            elif c == "/":
                if src.startswith("/*", j):
                    pos = self.block_comment(j)
                    if pos > end:
                        end = self.line_end(pos)
                    continue
                if src.startswith("///", j):
                    return end
                k = j + 2 if src.startswith("//", j) else j + 1
                self.emit(src[j:k], j)
                pos = k
            elif c in "\"'rf":
                if c == "'" and self.is_label(j, end):
                    k = _LABEL.match(src, j).end()
                    self.emit(src[j:k], j)
                    pos = k
                    continue
                pos = self.string(j)
                if pos > end:
                    end = self.line_end(pos)
            elif c in "([{":
                self.frames.append((c, j))
                self.emit(c, j)
                pos = j + 1
            elif c in ")]}":
                self.close_bracket(c, j)
                self.emit(c, j)
                pos = j + 1
            elif c == "\\":
                if not src[j + 1 : end].strip(" \t"):
                    self.continued = True
                    return end
                self.emit(c, j)
                pos = j + 1
            else:
                raise self.lay.error(j, f"invalid character {c!r} (U+{ord(c):04X})")

    def line_end(self, pos: int) -> int:
        k = self.src.find("\n", pos)
        return len(self.src) if k == -1 else k

    def is_label(self, j: int, end: int) -> bool:
        """``'name`` is a loop label in ``'name: for ...`` and ``break 'name`` / ``continue 'name``."""
        m = _LABEL.match(self.src, j)
        if m is None:
            return False
        rest = self.src[m.end() : end].lstrip(" \t")
        line_start = self.lay.line_starts[bisect_right(self.lay.line_starts, j) - 1]
        before = self.src[line_start:j].strip()
        return (rest.startswith(":") and not before) or before.endswith(("break", "continue"))

    def string(self, j: int) -> int:
        try:
            lit = scan_string(self.src, j)
        except StringError as e:
            raise self.lay.error(e.offset, e.message, e.hint) from None
        m = _TYPED_SUFFIX.match(self.src, lit.end)
        if m is not None:  # a typed string: "127.0.0.1"_ip
            if any(type(p) is not str for p in lit.parts):
                raise self.lay.error(j, "a typed string literal cannot interpolate", "write it without `{...}`")
            lit = replace(lit, end=m.end(), suffix=m.group()[1:])
        self.lay.strings[self.size] = lit
        self.marker(STRING, j)
        self.code_end = lit.end
        self.open_line = True
        return lit.end

    def block_comment(self, j: int) -> int:
        """Skip a (nested) ``/* ... */`` comment; return the offset after it."""
        depth = 0
        i = j
        src = self.src
        while True:
            a = src.find("/*", i)
            b = src.find("*/", i)
            if b == -1:
                raise self.lay.error(j, "unterminated block comment", "a '/*' comment needs a matching '*/'")
            if a != -1 and a < b:
                depth += 1
                i = a + 2
            else:
                depth -= 1
                i = b + 2
                if depth == 0:
                    return i

    def close_bracket(self, c: str, j: int) -> None:
        frames = self.frames
        while isinstance(frames[-1], list) and len(frames) > 1:
            self.close_block_frame(j)
        top = frames[-1]
        if isinstance(top, list):
            raise self.lay.error(j, f"unmatched {_NAMES[c]}")
        if top[0] != _CLOSE[c]:
            line = self.lay.src_span(top[1]).line
            raise self.lay.error(j, f"closing {_NAMES[c]} does not match {_NAMES[top[0]]} on line {line}")
        frames.pop()

    def close_block_frame(self, src_off: int) -> None:
        """A bracket closes a lambda body opened inside brackets: NL, then its DEDENTs."""
        self.end_line()
        levels = self.frames.pop()
        for _ in range(len(levels) - 1):
            self.marker(DEDENT + NL, src_off)
        self.marker(DEDENT, src_off)
        self.open_line = True


def layout(source: str, path: str) -> Layout:
    """Run the layout pass over a whole file."""
    lay = Layout(source, path)
    _Pass(lay).run()
    return lay


def layout_fragment(parent: Layout, start: int, end: int) -> Layout:
    """Lay out the interpolated expression ``parent.source[start:end]`` as one line."""
    src = parent.source
    if '\\"' in src[start:end]:  # escaped quotes of the enclosing string delimit nested strings
        src = src[:start] + unescape_quotes(src[start:end]) + src[end:]
    lay = Layout(src, parent.path, parent.line_starts)
    if not _FRAGMENT_SPECIAL.search(src, start, end):  # plain words and operators: copy as is
        lay.text = src[start:end].lstrip()
        lay.piece_marked.append(0)
        lay.piece_src.append(end - len(lay.text))
        return lay
    p = _Pass(lay)
    p.frames = [[0], ("(", start)]  # as if inside brackets: no NL or indentation markers
    pos = start
    while True:
        k = src.find("\n", pos, end)
        stop = end if k == -1 else k
        ws = _WS.match(src, pos, stop).end()
        if p.size and ws < stop:
            p.emit(" ", ws)
        p.scan(ws, stop, False)
        if k == -1:
            break
        pos = k + 1
    if len(p.frames) != 2:
        raise lay.error(start, "unbalanced brackets in an interpolated expression")
    lay.text = "".join(p.out)
    return lay
