"""Runtime errors of generated code, reported in .spl terms.

Only frames of .spl files are shown (file, line, the source line, the Simple function name); the
compiler's and runtime's frames are hidden. The message is Simple's wording of the exception.
``--debug`` appends Python's own traceback.
"""

from __future__ import annotations

import linecache
import re
import traceback

from spl2py.lower.names import spl_name

_ATTR = re.compile(r"^'(\w+)' object has no attribute '(\w+)'$")


def frame_name(code_name: str) -> str:
    if code_name == "<module>":
        return "<module>"
    if code_name.startswith("_spl_fn") or code_name == "<lambda>":
        return "<lambda>"
    if code_name.startswith("_spl"):
        return "<block>"
    return spl_name(code_name)


def message(exc: BaseException) -> str:
    """Simple's text for a runtime error."""
    from runtime.display import show_nested
    from runtime.errors import ExternError, MatchError, PanicError, SimpleError

    text = str(exc)
    if isinstance(exc, PanicError):
        return f"panic: {text}"
    if isinstance(exc, MatchError):
        return f"match error: {text}"
    if isinstance(exc, ExternError):
        return f"extern error: {text}"
    if isinstance(exc, SimpleError):
        return text
    if isinstance(exc, ZeroDivisionError):
        return "division by zero"
    if isinstance(exc, IndexError):
        return "index out of range"
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else None
        return f"key not found: {show_nested(key)}"
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None)
        return f"undefined name '{spl_name(name)}'" if name else f"undefined name ({text})"
    if isinstance(exc, AttributeError):
        m = _ATTR.match(text)
        if m:
            owner = {"NoneType": "nil", "int": "i64", "float": "f64", "str": "text"}.get(m.group(1), m.group(1))
            return f"{owner} has no field or method '{spl_name(m.group(2))}'"
        return text
    if isinstance(exc, RecursionError):
        return "stack overflow: recursion too deep"
    if isinstance(exc, TypeError):
        return f"type error: {text}"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def spl_frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".spl")]


def format_error(exc: BaseException, *, debug: bool = False) -> str:
    """The report of an uncaught runtime error: .spl traceback, then ``error: message``."""
    lines: list[str] = []
    frames = spl_frames(exc)
    if isinstance(exc, RecursionError) and len(frames) > 8:
        frames = frames[:3] + frames[-3:]
    if frames:
        lines.append("Traceback (most recent call last):")
        for f in frames:
            lines.append(f'  File "{f.filename}", line {f.lineno}, in {frame_name(f.name)}')
            source = linecache.getline(f.filename, f.lineno).strip()
            if source:
                lines.append(f"    {source}")
    lines.append(f"error: {message(exc)}")
    text = "\n".join(lines) + "\n"
    if debug:
        text += "\nPython traceback (--debug):\n" + "".join(traceback.format_exception(exc))
    return text
