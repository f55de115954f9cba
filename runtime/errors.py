"""Errors raised at run time by generated code and the runtime, and Simple's words for every error.

`describe(exc)` is the one translation table from a Python exception to the text the user reads;
`spl2py run` tracebacks and SSpec failures both use it. Failures inside a `drop()` are reported
here too (Python would print "Exception ignored in __del__") and counted by `drop_failures()`: a
program with one exits non-zero.
"""

from __future__ import annotations

import keyword
import re
import sys


class SimpleError(Exception):
    """Base of every Simple-level runtime error."""


class PanicError(SimpleError):
    """``panic(msg)`` and failed ``assert``."""


class MatchError(SimpleError):
    """A ``match`` where no arm applies."""


class ExternError(SimpleError):
    """An extern failed: bad handle, shape or dtype mismatch, missing CUDA, unknown name."""

    def __init__(self, extern: str, message: str):
        self.extern = extern
        super().__init__(f"{extern}: {message}")


# --------------------------------------------------------------------------- names and types

_TYPE_NAMES = {
    "int": "i64", "float": "f64", "str": "text", "bool": "bool", "NoneType": "nil", "list": "list",
    "dict": "dict", "tuple": "tuple", "set": "set", "range": "range", "function": "function",
    "builtin_function_or_method": "function", "method": "function", "type": "type",
}
_RESERVED = frozenset(keyword.kwlist)


def type_name(py_type_name: str) -> str:
    """Simple's name of a Python type name (``int`` -> ``i64``); user classes keep theirs."""
    return _TYPE_NAMES.get(py_type_name, py_type_name)


def type_of(value) -> str:
    return type_name(type(value).__name__)


def simple_name(py_name: str) -> str:
    """The Simple spelling of a generated name: drops the ``_`` added to keywords and ``_spl`` names."""
    base = py_name[:-1]
    if py_name.endswith("_") and (base.rstrip("_") in _RESERVED or base.startswith("_spl")):
        return base
    return py_name


# --------------------------------------------------------------------------- the translation table


def describe(exc: BaseException) -> str:
    """Simple's text for a runtime error (without the ``error:`` prefix)."""
    text = str(exc)
    for kind, words in _TABLE:
        if isinstance(exc, kind):
            return words(exc, text)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _key_error(exc, text):
    from runtime.display import show_nested

    return f"key not found: {show_nested(exc.args[0] if exc.args else None)}"


def _name_error(exc, text):
    name = getattr(exc, "name", None)
    return f"undefined name '{simple_name(name)}'" if name else f"undefined name ({text})"


_ATTR = re.compile(r"^(?:'(\w+)' object|type object '(\w+)') has no attribute '(\w+)'$")


def _attribute_error(exc, text):
    m = _ATTR.match(text)
    if not m:
        return text
    owner = type_name(m.group(1)) if m.group(1) else m.group(2)
    return f"{owner} has no field or method '{simple_name(m.group(3))}'"


def _index_error(exc, text):
    operands = subscript_operands(exc)
    if operands is not None:
        value, index = operands
        if type(index) is int and type(value) in (list, str, tuple, range):
            return f"index {index} out of range for {type_of(value)} of length {len(value)}"
    if text == "pop from empty list":
        return "pop from an empty list"
    return "index out of range"


def _type_error(exc, text):
    for pattern, words in _TYPE_ERRORS:
        m = pattern.match(text)
        if m:
            return words(exc, *m.groups())
    return f"type error: {text}"


def _call_error(exc, func, rest):
    return call_error(exc, func, rest) or f"type error: {func}() {rest}"


def _t(name: str) -> str:
    return type_name(name)


_TYPE_ERRORS = [
    (re.compile(r"^([\w.<>]+)\(\) (.*(?:argument|arguments|given).*)$"), _call_error),
    (re.compile(r"^'(\w+)' object is not callable$"), lambda e, t: f"{_t(t)} value is not a function"),
    (re.compile(r"^'(\w+)' object is not subscriptable$"), lambda e, t: f"{_t(t)} value cannot be indexed"),
    (re.compile(r"^'(\w+)' object is not iterable$"), lambda e, t: f"{_t(t)} value cannot be iterated"),
    (re.compile(r"^object of type '(\w+)' has no len\(\)$"), lambda e, t: f"{_t(t)} value has no length"),
    (re.compile(r"^'(\w+)' object does not support item assignment$"),
     lambda e, t: f"{_t(t)} value does not support index assignment"),
    (re.compile(r"^unsupported operand type\(s\) for (\S+): '(\w+)' and '(\w+)'$"),
     lambda e, op, a, b: f"cannot apply {op} to {_t(a)} and {_t(b)}"),
    (re.compile(r"^can only concatenate (\w+) \(not \"(\w+)\"\) to \w+$"),
     lambda e, a, b: f"cannot apply + to {_t(a)} and {_t(b)}"),
    (re.compile(r"^can't multiply sequence by non-int of type '(\w+)'$"),
     lambda e, b: f"cannot repeat a sequence by a {_t(b)} value"),
    (re.compile(r"^'(\S+)' not supported between instances of '(\w+)' and '(\w+)'$"),
     lambda e, op, a, b: f"cannot compare {_t(a)} and {_t(b)} with {op}"),
    (re.compile(r"^bad operand type for unary (\S+): '(\w+)'$"), lambda e, op, a: f"cannot apply {op} to {_t(a)}"),
    (re.compile(r"^(?:list|tuple) indices must be integers or slices, not (\w+)$"),
     lambda e, t: f"list index must be an integer, not {_t(t)}"),
    (re.compile(r"^string indices must be integers(?:, not '(\w+)')?$"),
     lambda e, t: f"text index must be an integer, not {_t(t or 'str')}"),
]


def _extern(exc, text):
    return f"extern error: {text}"


_TABLE: list[tuple[type, object]] = [
    (PanicError, lambda e, t: f"panic: {t}"),
    (MatchError, lambda e, t: f"match error: {t}"),
    (ExternError, _extern),
    (SimpleError, lambda e, t: t),
    (ZeroDivisionError, lambda e, t: "division by zero"),
    (IndexError, _index_error),
    (KeyError, _key_error),
    (NameError, _name_error),
    (AttributeError, _attribute_error),
    (RecursionError, lambda e, t: "stack overflow: recursion too deep"),
    (TypeError, _type_error),
    (OverflowError, lambda e, t: f"number too large: {t}"),
]


# --------------------------------------------------------------------------- calls with bad arguments

_COUNT = re.compile(r"^takes (from (\d+) to )?(\d+) positional arguments? but (\d+)")


def call_error(exc: BaseException, func: str, rest: str) -> str | None:
    """``unknown argument z for P(x, y)`` and friends, for Python's ``P.__init__() got ...`` text."""
    shown, params, method = _callee(exc, func)
    where = f"{shown}({', '.join(params)})" if params is not None else shown
    if m := re.match(r"^got an unexpected keyword argument '(\w+)'$", rest):
        return f"unknown argument {simple_name(m.group(1))} for {where}"
    if m := re.match(r"^got multiple values for argument '(\w+)'$", rest):
        return f"argument {simple_name(m.group(1))} given twice for {where}"
    if m := re.match(r"^missing \d+ required (?:positional|keyword-only) arguments?: (.*)$", rest):
        names = [simple_name(n) for n in re.findall(r"'(\w+)'", m.group(1))]
        plural = "s" if len(names) > 1 else ""
        return f"missing argument{plural} {', '.join(names)} for {where}"
    if m := _COUNT.match(rest):
        low, high, given = (int(g) if g else None for g in m.group(2, 3, 4))
        skip = 1 if method else 0
        expected = f"{low - skip} to {high - skip}" if low is not None else f"{high - skip}"
        return f"too many arguments for {where}: expected {expected}, got {given - skip}"
    return None


def _callee(exc: BaseException, func: str) -> tuple[str, list[str] | None, bool]:
    """(name as the user wrote it, parameter names or None, whether Python counted a ``self``)."""
    segments = func.split(".")
    method = len(segments) > 1 and segments[-2] != "<locals>"  # Python counted its self
    parts = segments[len(segments) - segments[::-1].index("<locals>"):] if "<locals>" in segments else segments
    if parts[-1] == "__init__":
        parts = parts[:-1]
    shown = ".".join("lambda" if p == "<lambda>" else simple_name(p) for p in parts)
    target = _resolve(exc, parts)
    if target is None:
        return shown, None, method
    import inspect

    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return shown, None, method
    names = [p.name for p in sig.parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    is_class = isinstance(target, type)
    method = is_class or bool(names and names[0] == "self" and len(parts) > 1)
    if names and names[0] == "self":
        names = names[1:]
    return shown, [simple_name(n) for n in names], method


def _resolve(exc: BaseException, parts: list[str]):
    """The callable named by a qualified name, looked up in the frame where the call failed."""
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    target = frame.f_locals.get(parts[0], frame.f_globals.get(parts[0]))
    for p in parts[1:]:
        target = vars(target).get(p) if hasattr(target, "__dict__") else None
    return target if callable(target) else None


# --------------------------------------------------------------------------- subscripts

_LOADS = ("LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_DEREF", "LOAD_CLOSURE", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_CONST")


def subscript_operands(exc: BaseException):
    """(container, index) of the subscript that raised ``exc``, when both are plain loads of names,
    constants or fields in the failing frame (read back from its bytecode; nothing is called)."""
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    import dis

    try:
        instrs = list(dis.get_instructions(tb.tb_frame.f_code))
    except Exception:
        return None
    at = next((i for i, ins in enumerate(instrs) if ins.offset == tb.tb_lasti), None)
    if at is None or not _is_subscript(instrs[at]):
        return None
    frame = tb.tb_frame
    for start in range(at - 1, max(at - 12, -1), -1):
        if instrs[start].opname not in _LOADS and instrs[start].opname not in ("LOAD_ATTR", "BINARY_OP"):
            return None
        window = instrs[start:at]
        if any(ins.is_jump_target for ins in window[1:]):
            return None
        stack = _evaluate(window, frame)
        if stack is not None and len(stack) == 2:
            return stack[0], stack[1]
    return None


def _is_subscript(ins) -> bool:
    return ins.opname in ("BINARY_SUBSCR", "STORE_SUBSCR") or (ins.opname == "BINARY_OP" and ins.argrepr == "[]")


_MISSING = object()
_INT_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}


def _evaluate(window, frame):
    """Run plain loads (and arithmetic on numbers) over a fresh stack; None for anything else."""
    stack: list = []
    for ins in window:
        op = ins.opname
        if op == "LOAD_CONST":
            stack.append(ins.argval)
        elif op in _LOADS:
            if op == "LOAD_GLOBAL" and ins.arg & 1:  # also pushes NULL: the start of a call
                return None
            scope = frame.f_globals if op == "LOAD_GLOBAL" else frame.f_locals
            value = scope.get(ins.argval, _MISSING)
            if value is _MISSING and op == "LOAD_NAME":
                value = frame.f_globals.get(ins.argval, _MISSING)
            if value is _MISSING:
                return None
            stack.append(value)
        elif op == "LOAD_ATTR" and stack:
            fields = getattr(stack[-1], "__dict__", None)  # instance fields only: no property runs
            if fields is None or ins.argval not in fields or (sys.version_info >= (3, 12) and ins.arg & 1):
                return None
            stack[-1] = fields[ins.argval]
        elif op == "BINARY_OP" and len(stack) >= 2 and ins.argrepr in _INT_OPS:
            b, a = stack.pop(), stack.pop()
            if type(a) is not int or type(b) is not int:
                return None
            stack.append(_INT_OPS[ins.argrepr](a, b))
        else:
            return None
    return stack


# --------------------------------------------------------------------------- drop() failures

_drop_failures: list[str] = []


def drop_failures() -> int:
    """How many ``drop()`` calls raised so far (a program's exit code must then be non-zero)."""
    return len(_drop_failures)


def _spl_site(tb) -> str:
    site = ""
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".spl"):
            site = f" at {tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return site


_previous_hook = sys.unraisablehook


def _unraisable(info) -> None:
    """Report an error raised by a generated ``__del__`` (a Simple ``drop()``) in Simple words."""
    tb = info.exc_traceback
    finalizer = tb is not None and tb.tb_frame.f_code.co_name in ("__del__", "drop")  # __del__ is drop
    owner = tb.tb_frame.f_locals.get("self") if finalizer else None
    if getattr(type(owner), "_spl_fields", None) is None:  # not an object of a generated class
        return _previous_hook(info)
    owner = type(owner).__qualname__
    text = f"error in {simple_name(owner)}.drop(){_spl_site(info.exc_traceback)}: {describe(info.exc_value)}"
    _drop_failures.append(text)
    try:
        sys.stdout.flush()
        sys.stderr.write(text + "\n")
    except Exception:  # the interpreter is shutting down
        pass


sys.unraisablehook = _unraisable
