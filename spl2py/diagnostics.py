"""Source spans and compile diagnostics shared by every layer of the compiler.

A diagnostic renders as ``path:line:col: error: message``, then the source line and a caret
under the column, then an optional hint (``expected ...``, ``did you mean ...``).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, unsafe_hash=True)  # never assigned once made; not frozen: made per node, 3x cheaper
class Span:
    """A position in a .spl file: 1-based line and 1-based column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    span: Span
    message: str
    severity: str = "error"  # "error" | "warning"
    hint: str | None = None

    def render(self, source: str | None = None) -> str:
        """The full text: location line, source line with a caret, and the hint.

        A column past the end of its line (the end of a file without a final newline) is shown
        just after the line's last character, where the same error is with the newline."""
        text = source_line(source, self.span.line) if source is not None else None
        span = self.span
        if text is not None and span.col > len(text) + 1:
            span = Span(span.file, span.line, len(text) + 1)
        lines = [f"{span}: {self.severity}: {self.message}"]
        if text is not None:
            shown = text.expandtabs(4)
            # The caret column counts a tab as 4 columns, like the layout pass.
            caret_col = len(text[: max(span.col - 1, 0)].expandtabs(4))
            lines.append(f"    {shown}")
            lines.append("    " + " " * caret_col + "^")
        if self.hint:
            lines.append(f"    {self.hint}")
        return "\n".join(lines)


def source_line(source: str, line: int) -> str | None:
    """Line ``line`` (1-based) of ``source``, without its newline; None when out of range.

    Lines end at ``\n``, ``\r\n`` or ``\r`` only, as the layout pass counts them: U+2028,
    ``\x0b``, ``\x0c`` ... are characters of a line (``str.splitlines`` would end lines there)."""
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    lines = source.split("\n")
    if lines[-1] == "":
        lines.pop()  # the text after a final newline is no line
    if 1 <= line <= len(lines):
        return lines[line - 1]
    return None


@dataclass
class CompileError(Exception):
    """One or more diagnostics that stop compilation. ``sources`` maps path -> text for rendering."""

    diagnostics: list[Diagnostic]
    sources: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(d.render(self.sources.get(d.span.file)) for d in self.diagnostics)

    def __str__(self) -> str:
        return self.render()


def error(span: Span, message: str, hint: str | None = None, source: str | None = None) -> CompileError:
    """A CompileError holding one error diagnostic."""
    sources = {span.file: source} if source is not None else {}
    return CompileError([Diagnostic(span, message, "error", hint)], sources)
