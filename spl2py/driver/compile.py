"""Compile one unit: lower it to a Python AST, then a code object (``run``) or text (``emit``/``build``)."""

from __future__ import annotations

import ast as py
import warnings
from types import CodeType

from spl2py.diagnostics import CompileError, Span, error

HEADER_LINES = 2  # the header comment and a blank line

_DEFS = (py.FunctionDef, py.AsyncFunctionDef, py.ClassDef)


def lower_unit(unit, predefined=()) -> py.Module:
    """The Python AST of ``unit``; a ``CompileError`` carries the unit's source for rendering.
    ``predefined``: names its namespace already holds (the REPL's earlier inputs)."""
    from spl2py.driver.gc_pause import paused_gc
    from spl2py.lower import lower_module
    from spl2py.sema import analyze

    try:
        with paused_gc():
            analysis = analyze(unit.module, unit.imports, strict=False, predefined=predefined)  # static errors first
            try:
                lowered = lower_module(unit.module, unit.imports, analysis)
            except CompileError as exc:  # reported with the analysis's, in source order
                raise CompileError(sorted(analysis.diagnostics + exc.diagnostics, key=_position)) from None
        if analysis.diagnostics:
            raise CompileError(analysis.diagnostics)
        return lowered
    except CompileError as exc:
        for d in exc.diagnostics:
            exc.sources.setdefault(d.span.file, unit.source)
        raise CompileError(exc.diagnostics, exc.sources) from None
    except Exception as exc:  # a limit or a bug of the compiler: located, never a traceback
        raise located_failure(unit, exc) from None


def _position(d):
    return d.span.line, d.span.col


def compile_unit(unit) -> CodeType:
    """The code object of ``unit``, with the .spl path as file name (tracebacks show .spl lines)."""
    return compile_lowered(unit, lower_unit(unit))


def compile_lowered(unit, lowered: py.Module) -> CodeType:
    """Python's ``compile()`` of a lowered unit. Its ``SyntaxWarning``s are Python's words about
    generated code, never shown; its errors become located diagnostics."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return compile(lowered, str(unit.path), "exec", dont_inherit=True)
    except Exception as exc:
        raise located_failure(unit, exc) from None


def check_unit(unit) -> None:
    """Every stage ``run`` and ``build`` apply to ``unit`` but black: lower, ``compile()``, then the
    text path (``ast.unparse`` and Python's parser) for the top-level statements whose text can
    fail once ``compile()`` accepted their AST (``lower.limits``: the lowered module's
    ``text_risks``). ``check`` calls this, so a program it accepts is one that run and build compile."""
    lowered = lower_unit(unit)
    compile_lowered(unit, lowered)
    check_text(unit, getattr(lowered, "text_risks", lowered.body))


def check_text(unit, statements: list[py.stmt]) -> None:
    """``ast.unparse`` and Python's parser over each of ``statements`` alone, errors located at it."""
    for stmt in statements:
        span = Span(str(unit.path), getattr(stmt, "lineno", 1), 1)
        try:
            text = py.unparse(stmt)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SyntaxWarning)
                py.parse(text)
        except Exception as exc:
            raise located_failure(unit, exc, span=span) from None


# --------------------------------------------------------------------------- failures, located


def located_failure(
    unit, exc: BaseException, lowered: py.Module | None = None, text_line: int | None = None, span: Span | None = None
):
    """A ``CompileError`` for an exception out of lowering, ``compile()``, ``ast.unparse`` or
    black, at the nearest Simple statement: the SyntaxError's line, else the innermost frame of
    the traceback working on a Simple statement, else the top of the file."""
    span = span or _span_of_syntax_error(unit, exc, lowered, text_line) or _span_from_frames(exc.__traceback__)
    span = span or Span(str(unit.path), 1, 1)
    if isinstance(exc, RecursionError):
        message, hint = "too deeply nested for Python to compile", "split the nesting into smaller functions"
    elif isinstance(exc, MemoryError):
        message, hint = "too large for Python to compile (out of memory)", "split this into smaller functions"
    elif isinstance(exc, SyntaxError):
        message = f"Python cannot compile the code generated here: {exc.msg}"
        hint = "this is a limit of Python's compiler: simplify or split the code here"
    else:
        message = f"spl2py cannot compile this: {type(exc).__name__}: {exc}"
        hint = "this is a bug in spl2py: please report it with this file"
    err = error(span, message, hint)
    return CompileError(err.diagnostics, {span.file: unit.source, str(unit.path): unit.source})


def _span_of_syntax_error(unit, exc, lowered, text_line) -> Span | None:
    if not isinstance(exc, SyntaxError) or not exc.lineno:
        return None
    if lowered is None:  # compile() of the AST: its line numbers are the .spl lines
        return Span(str(unit.path), exc.lineno, max(1, exc.offset or 1))
    line = spl_line_of_text_line(lowered, exc.lineno - (text_line or 0))
    return Span(str(unit.path), line, 1) if line else None


def _span_from_frames(tb) -> Span | None:
    from spl2py.syntax import ast as spl

    statement = node = None
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            if isinstance(value, spl.Stmt) and not isinstance(value, spl.Module):
                statement = value
            elif isinstance(value, spl.Node) and not isinstance(value, spl.Module):
                node = value
        tb = tb.tb_next
    found = statement or node
    return found.span if found is not None else None


def spl_line_of_text_line(lowered: py.Module, line: int) -> int | None:
    """The .spl line of the top-level statement whose ``python_text`` holds (1-based) ``line``."""
    start = 1
    for stmt, text in python_chunks(lowered):
        start += text.count("\n")
        if line < start:
            return getattr(stmt, "lineno", None)
    return None


def header(unit) -> str:
    return f"# Generated by spl2py from {quoted_path(unit.path)}. Do not edit: edit the .spl file.\n"


def quoted_path(path) -> str:
    """A path fit for a comment of generated code: as is when plain printable ASCII, else its
    ``ascii()`` form, which has no line break, quote run or non-ASCII character left to end the
    comment (a file name never becomes code)."""
    text = str(path)
    if text.isascii() and text.isprintable() and not any(c in text for c in "\"'\\"):
        return text
    return ascii(text)


def python_chunks(module: py.Module) -> list[tuple[py.stmt, str]]:
    """Each top-level statement with its text: blank lines black puts before it, then
    ``ast.unparse`` output (so black needs one pass)."""
    chunks: list[tuple[py.stmt, str]] = []
    prev = None
    for stmt in module.body:
        text = py.unparse(stmt) + "\n"
        if prev is not None:
            blank = 2 if isinstance(stmt, _DEFS) or isinstance(prev, _DEFS) else 0
            if blank == 0 and isinstance(prev, (py.Import, py.ImportFrom)) and not isinstance(
                stmt, (py.Import, py.ImportFrom)
            ):
                blank = 1
            text = "\n" * blank + text
        chunks.append((stmt, text))
        prev = stmt
    return chunks


def python_text(module: py.Module) -> str:
    """``ast.unparse`` with black's blank lines between top-level statements."""
    return "".join(text for _, text in python_chunks(module))


def unparsed_chunks(unit, lowered: py.Module) -> list[str]:
    """The header (with its blank line) and the ``python_chunks`` texts of a lowered unit (errors located)."""
    try:
        return [header(unit) + "\n"] + [text for _, text in python_chunks(lowered)]
    except Exception as exc:  # RecursionError for deep nesting, ValueError for some f-strings
        raise located_failure(unit, exc, span=_failing_statement(unit, lowered)) from None


def _failing_statement(unit, lowered: py.Module) -> Span | None:
    """The span of the first top-level statement ``ast.unparse`` fails on."""
    for stmt in lowered.body:
        try:
            py.unparse(stmt)
        except Exception:
            return Span(str(unit.path), getattr(stmt, "lineno", 1), getattr(stmt, "col_offset", 0) + 1)
    return None


def parse_text(unit, lowered: py.Module, text: str) -> py.Module:
    """Python's parser over generated text (it has limits of its own, e.g. 100 indent levels)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            return py.parse(text)
    except Exception as exc:
        raise located_failure(unit, exc, lowered, HEADER_LINES) from None


def generate_source(unit, formatter: str = "black", notes: list[str] | None = None, memo=None) -> str:
    """The Python source of ``unit`` with a header naming the .spl file, formatted by ``formatter``
    (``format.FORMATTERS``: black, ruff or none). Black formats one top-level statement at a time
    and is skipped where the text is already black's (``format.format_module``); ``memo``: the
    build's formatter cache. What cannot be formatted is kept as ``ast.unparse`` wrote it, with a
    note appended to ``notes``.

    Each statement's first line ends with ``# spl:LINE``, its line in the .spl file (the source map
    of built code: a traceback through a built module shows the Simple line beside the Python one).
    """
    lowered = lower_unit(unit)
    compile_lowered(unit, lowered)  # what Python rejects at import time is a compile error now
    chunks = unparsed_chunks(unit, lowered)
    text = "".join(chunks)
    parsed = parse_text(unit, lowered, text)
    if formatter != "none":
        from spl2py.driver.format import format_module, format_ruff

        display = quoted_path(unit.path)
        if formatter == "ruff":
            done = format_ruff(text, parsed, display)
        else:
            done = format_module(chunks[0], chunks[1:], parsed, display, memo)
        text, parsed = done.text, done.parsed
        for note in done.notes:
            _note(notes, note)
    return annotate_lines(text, lowered, parsed)


def _note(notes: list[str] | None, text: str) -> None:
    if notes is not None:
        notes.append(text)


def annotate_lines(text: str, lowered: py.Module, parsed: py.Module | None = None) -> str:
    """Append ``# spl:LINE`` to the first line of each statement of ``text``.

    ``text`` is ``lowered`` unparsed (and formatted), so both hold the same statements in the same
    order: pair them up, taking the .spl line from ``lowered`` and the Python line from ``text``.
    Lines that end inside a multi-line string, or already hold a comment, are left alone.
    ``parsed``: ``text`` parsed, given when ``text`` is unparse's (or black's per statement,
    ``format.format_module``): then the header is its only comment and strings its only tokens
    over several lines, so the AST tells the lines without tokenizing the text.
    """
    spl_lines = [s.lineno for s in py.walk(lowered) if isinstance(s, py.stmt)]
    closed = None
    if parsed is None:
        parsed = py.parse(text)
        closed = _lines_open_to_comments(text)
    py_lines: list[int] = []
    inside: set[int] = set()
    for node in py.walk(parsed):
        if isinstance(node, py.stmt):
            py_lines.append(node.lineno)
        elif isinstance(node, (py.Constant, py.JoinedStr)) and node.end_lineno != node.lineno:
            inside.update(range(node.lineno, node.end_lineno))
    if len(spl_lines) != len(py_lines):  # cannot happen for unparse/black output; never guess
        return text
    if closed is None:
        closed = set(range(HEADER_LINES, text.count("\n") + 2)) - inside
    lines = text.split("\n")
    marked: set[int] = set()
    for spl, line in zip(spl_lines, py_lines):
        if line in closed and line not in marked:
            lines[line - 1] += f"  # spl:{spl}"
            marked.add(line)
    return "\n".join(lines)


def _lines_open_to_comments(text: str) -> set[int]:
    """1-based lines whose end is outside any string and that carry no comment yet."""
    import io
    import tokenize

    inside: set[int] = set()
    commented: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.type == tokenize.COMMENT:
            commented.add(tok.start[0])
        elif tok.start[0] != tok.end[0]:  # a multi-line string: its lines but the last end inside it
            inside.update(range(tok.start[0], tok.end[0]))
    return set(range(1, text.count("\n") + 2)) - inside - commented
