"""Runtime errors of generated code, reported in .spl terms.

Only frames of .spl files are shown (file, line, the source line, the Simple function name); the
compiler's and runtime's frames are hidden. The message is Simple's wording of the exception.
``--debug`` appends Python's own traceback.
"""

from __future__ import annotations

import linecache
import traceback

from spl2py.lower.names import spl_name


def frame_name(code_name: str) -> str:
    if code_name == "<module>":
        return "<module>"
    if code_name.startswith("_spl_fn") or code_name == "<lambda>":
        return "<lambda>"
    if code_name.startswith("_spl"):
        return "<block>"
    return spl_name(code_name)


def message(exc: BaseException) -> str:
    """Simple's text for a runtime error (the runtime's one translation table)."""
    from runtime.errors import describe

    return describe(exc)


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
