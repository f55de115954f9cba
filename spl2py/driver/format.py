"""The one place spl2py calls black or ruff (black's API is not guaranteed stable: keep it wrapped here).

``format_module`` formats generated code one top-level statement at a time: a statement that
``stable.py`` shows black would leave as it is (once its strings are requoted with black's own
functions) is kept without running black; the others go to black one by one, through the
formatter cache when the build has one. The result equals black over the whole file.
"""

from __future__ import annotations

import ast as py
from dataclasses import dataclass, field

from spl2py.driver import stable

FORMATTERS = ("black", "ruff", "none")
_DEFS = (py.FunctionDef, py.AsyncFunctionDef, py.ClassDef)
CHUNK_LIMIT = 512 * 1024  # a top-level statement above this is not given to black (its time grows faster)


def format_python(source: str, versions: frozenset = frozenset()) -> str:
    """``source`` formatted by black (imported lazily: ``import black`` costs ~0.3 s); ``versions``:
    black's target versions (empty: black infers them from ``source``)."""
    import black

    return black.format_str(source, mode=black.Mode(target_versions=set(versions)))


class FormatterMissing(Exception):
    """The formatter asked for is not installed (one line for the user)."""


def formatter_id(formatter: str) -> str:
    """What a formatted text depends on besides its input (part of the cache keys)."""
    from spl2py.driver.cache import black_version

    if formatter == "black":
        return f"black {black_version()}"
    if formatter == "ruff":
        return f"ruff {ruff_version()}"
    if formatter == "none":
        return "unformatted"
    raise FormatterMissing(f"unknown formatter {formatter!r} (one of: {', '.join(FORMATTERS)})")


def ruff_command() -> list[str]:
    """The ``ruff`` executable: on PATH, else beside this Python (a virtual environment's bin)."""
    import shutil
    import sys
    from pathlib import Path

    found = shutil.which("ruff") or shutil.which("ruff", path=str(Path(sys.executable).parent))
    if found is None:
        raise FormatterMissing("--formatter ruff: ruff is not installed (pip install ruff), or use --formatter black")
    return [found]


_ruff_version: str | None = None


def ruff_version() -> str:
    global _ruff_version
    if _ruff_version is None:
        import subprocess

        done = subprocess.run([*ruff_command(), "--version"], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise FormatterMissing(f"--formatter ruff: `ruff --version` failed: {done.stderr.strip()[:200]}")
        _ruff_version = done.stdout.strip()
    return _ruff_version


def format_ruff(source: str, parsed: py.Module, display: str) -> Formatted:
    """``source`` through ``ruff format -`` (no user configuration: ``--isolated``), kept only
    when its AST equals ``parsed`` (``source``'s); else ``source`` as it is, with a note."""
    import subprocess

    done = subprocess.run(
        [*ruff_command(), "format", "--isolated", "--quiet", "-"],
        input=source, capture_output=True, text=True, timeout=600,
    )
    if done.returncode != 0:
        return Formatted(source, parsed, [f"{display}: not formatted (ruff: {done.stderr.strip()[:200]})"])
    try:
        same = py.dump(py.parse(done.stdout)) == py.dump(parsed)
    except SyntaxError:
        same = False
    if not same:
        return Formatted(source, parsed, [f"{display}: not formatted (ruff's output is not the same program)"])
    return Formatted(done.stdout, None)


@dataclass(slots=True)
class Formatted:
    """A module's formatted text, the parsed form of that text (for the source map), and notes."""

    text: str
    parsed: py.Module | None  # None: parse ``text`` again
    notes: list[str] = field(default_factory=list)
    black_calls: int = 0  # statements black formatted (the rest were already in black's form)


def format_module(head: str, chunks: list[str], parsed: py.Module, display: str, memo=None) -> Formatted:
    """``head`` + ``chunks`` (one per top-level statement of ``parsed``, each with the blank
    lines before it) as black formats the whole text. ``memo``: a formatter cache (``load``/``store``
    of a statement's text) or None."""
    if not parsed.body or stable.module_needs_whole_black(parsed):  # no statement: black trims the blank line
        return _whole(head + "".join(chunks), display)
    pieces = []  # (blank lines, text, first line, statement, text when black is not needed)
    line = head.count("\n") + 1  # the first line of the next chunk, in the unformatted text
    for chunk, stmt in zip(chunks, parsed.body):
        blank = len(chunk) - len(chunk.lstrip("\n"))
        text = chunk[blank:]
        pieces.append((blank, text, line + blank, stmt, _requoted(text, stmt, line + blank)))
        line += chunk.count("\n")
    result = Formatted("", None)
    versions = _target_versions(pieces)
    out: list[str] = [head]
    body: list[py.stmt] = []
    shift = 0  # formatted line minus unformatted line so far
    if parsed.body and isinstance(parsed.body[0], _DEFS):  # black: two blank lines after the header
        out, shift = [head + "\n"], 1
    for blank, text, start, stmt, fast in pieces:
        if fast is not None:
            if shift:
                py.increment_lineno(stmt, shift)
            out.append("\n" * blank + fast)
            body.append(stmt)
            continue
        done = _black_chunk(text, display, result, memo, versions)
        try:
            node = py.parse(done)
        except SyntaxError:  # cannot happen for black's output; keep what unparse wrote
            done, node = text, py.parse(text)
        py.increment_lineno(node, start + shift - 1)
        shift += done.count("\n") - text.count("\n")
        out.append("\n" * blank + done)
        body.extend(node.body)
    result.text = "".join(out)
    result.parsed = py.Module(body=body, type_ignores=[])
    return result


def _target_versions(pieces: list) -> frozenset | None:
    """The target versions black infers for the whole file, which black is told for each statement
    it formats alone (None when black formats nothing). They come from the features the file uses
    (black's ``get_features_used``); they decide only trailing commas after ``*args`` (from 3.5/3.6
    on) and parenthesised ``with`` items (3.9), so once the kept statements show an f-string (3.6)
    only statements black formats that hold a ``with`` need their features read by black."""
    declined = [(text, stmt) for _, text, _, stmt, fast in pieces if fast is None]
    if not declined:
        return None
    from black import get_features_used
    from black.mode import VERSION_TO_FEATURES, Feature, TargetVersion
    from black.parsing import lib2to3_parse

    names = set().union(*(stable.features(stmt) for _, _, _, stmt, fast in pieces if fast is not None))
    found = {Feature[name] for name in names}
    if "F_STRINGS" not in names or any(isinstance(n, py.With) for _, stmt in declined for n in py.walk(stmt)):
        for text, _ in declined:
            try:
                found |= get_features_used(lib2to3_parse(text))
            except Exception:  # black cannot parse it: _black_chunk keeps it as it is
                pass
    return frozenset(v for v in TargetVersion if found <= VERSION_TO_FEATURES[v])


def _whole(source: str, display: str) -> Formatted:
    if len(source) > CHUNK_LIMIT:
        return Formatted(source, None, [_too_big(display, source)])
    try:
        return Formatted(format_python(source), None, black_calls=1)
    except Exception as exc:  # black's own limits: keep the unparsed text
        return Formatted(source, None, [f"{display}: not formatted (black: {type(exc).__name__})"])


def _black_chunk(text: str, display: str, result: Formatted, memo, versions: frozenset) -> str:
    """One statement through black (or the cache), for ``versions``; unparse's text when black cannot."""
    if len(text) > CHUNK_LIMIT:
        result.notes.append(_too_big(display, text))
        return text
    key = " ".join(sorted(v.name for v in versions)) + "\n" + text
    cached = memo.load(key) if memo is not None else None
    if cached is not None:
        return cached
    try:
        done = format_python(text, versions)
    except Exception as exc:
        result.notes.append(f"{display}: a statement not formatted (black: {type(exc).__name__})")
        return text
    result.black_calls += 1
    if memo is not None:
        memo.store(key, done)
    return done


def _too_big(display: str, text: str) -> str:
    return (f"{display}: generated Python of {len(text) // 1024} KB in one statement; not formatted "
            f"(black is skipped above {CHUNK_LIMIT // 1024} KB)")


def _requoted(text: str, stmt: py.stmt, first_line: int) -> str | None:
    """``text`` (one top-level statement) as black writes it, when that needs no black: its
    strings requoted by black's rules; None when black may change more."""
    tokens = stable.literal_tokens(stmt, first_line)
    if tokens is None:
        return None
    lines = text.split("\n")
    for tok in sorted(tokens, key=lambda t: (t.line, -t.start)):  # right to left on each line
        line = lines[tok.line]
        start, end = _columns(line, tok.start, tok.end)
        new = requote(line[start:end])
        if new is None:
            return None
        lines[tok.line] = line[:start] + new + line[end:]
    from black.strings import str_width

    if any(str_width(line) > stable.LINE_LENGTH for line in lines):
        return None
    return "\n".join(lines)


def _columns(line: str, start: int, end: int) -> tuple[int, int]:
    """Character columns of the UTF-8 byte columns the AST gives."""
    if line.isascii():
        return start, end
    data = line.encode("utf-8")
    return len(data[:start].decode("utf-8")), len(data[:end].decode("utf-8"))


def requote(literal: str) -> str | None:
    """A one-line string literal with black's prefix, escape and quote normalisation (black's
    functions); None for what black treats otherwise (triple quotes, backslashes in f-strings)."""
    from black.strings import (
        get_string_prefix,
        normalize_string_prefix,
        normalize_string_quotes,
        normalize_unicode_escape_sequences,
    )
    from blib2to3.pgen2 import token
    from blib2to3.pytree import Leaf

    import black

    prefix = get_string_prefix(literal)
    quotes = literal[len(prefix) : len(prefix) + 3]
    if quotes in ('"""', "'''") or ("f" in prefix.lower() and "\\" in literal) or "t" in prefix.lower():
        return None
    leaf = Leaf(token.STRING, literal)
    normalize_unicode_escape_sequences(leaf)
    value = normalize_string_prefix(leaf.value, black.Mode())
    return normalize_string_quotes(value)
