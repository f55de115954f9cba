"""The extern registry: every `extern fn` of a Simple program binds here by name.

Two sources of externs:

* **Manifests** -- torch-free modules listing built-in names and their Simple signatures, plus a
  provider module (imported on the first `bind` of one of its names) that registers the
  implementations. So the compiler can check names and arities without importing torch, and a
  program that uses no torch never imports it.
* **Registrations** -- functions decorated with `@extern(name, signature)`, from the runtime's
  providers or from a user module loaded with `load_module` (``spl2py run --externs my.module``)::

      from runtime.externs import extern

      @extern("rt_my_scale", "(x: f64, k: i64) -> f64")
      def scale(x, k):
          return x * k

Every call is checked against the declared signature (`guard`): `true` is not an i64 handle, text
is not `[i64]` dims, a float is not an i64; the error names the extern and the parameter.

Public API (used by the compiler and by `runtime.core.extern`): `extern`, `load_module`,
`signature`, `known_names`, `close_names`, `bind`, `guard`, `guard_parts`, `ExternSignature`,
`parse_signature`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from collections.abc import Callable

from runtime.errors import ExternError

__all__ = [
    "ExternSignature",
    "parse_signature",
    "extern",
    "load_module",
    "signature",
    "known_names",
    "close_names",
    "bind",
    "guard",
    "guard_parts",
]


@dataclass(frozen=True)
class ExternSignature:
    """A Simple extern signature: `params` as (name, type) pairs, `ret` the return type or None."""

    params: tuple[tuple[str, str], ...]
    ret: str | None

    @property
    def arity(self) -> int:
        return len(self.params)

    @property
    def param_types(self) -> tuple[str, ...]:
        return tuple(t for _, t in self.params)

    def __str__(self) -> str:
        inner = ", ".join(f"{n}: {t}" for n, t in self.params)
        return f"({inner})" + (f" -> {self.ret}" if self.ret else "")


_PARAM = re.compile(r"^\s*([A-Za-z_]\w*)\s*:\s*(\S.*?)\s*$")


def _split_top(text: str) -> list[str]:
    """Split at commas that are not inside brackets/parentheses/angle brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([<{":
            depth += 1
        elif ch in ")]>}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def parse_signature(text: str) -> ExternSignature:
    """Parse `(a: i64, b: [f64]) -> i64`; a missing `-> T` means no result (unit)."""
    text = text.strip()
    if not text.startswith("("):
        raise ValueError(f"extern signature must start with '(': {text!r}")
    depth = 0
    for close, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
    else:
        raise ValueError(f"unbalanced parentheses in extern signature {text!r}")
    params = []
    for part in _split_top(text[1:close]):
        m = _PARAM.match(part)
        if not m:
            raise ValueError(
                f"bad parameter {part.strip()!r} in extern signature {text!r}"
            )
        params.append((m.group(1), m.group(2)))
    rest = text[close + 1 :].strip()
    if rest and not rest.startswith("->"):
        raise ValueError(f"expected '-> type' after the parameters in {text!r}")
    ret = (rest[2:].strip() or None) if rest else None
    if ret in ("()", "void", "unit"):
        ret = None
    return ExternSignature(tuple(params), ret)


# ---- argument checks against the declared signature ------------------------------------------

_INT_TYPES = frozenset("i64 i32 i16 i8 u64 u32 u16 u8 isize usize int".split())
_FLOAT_TYPES = frozenset("f64 f32 float".split())
_EXACT = {"bool": bool, "text": str, "str": str, "String": str}
_INTS = frozenset({int})


def _accepts(declared: str) -> tuple[type | None, Callable[[object], bool] | None]:
    """(the Python type a well-typed value has, a test for any value) of a declared type;
    (None, None) when the boundary does not check that type (user types, dicts, options ...)."""
    if declared in _INT_TYPES:
        return int, lambda v: type(v) is int
    if declared in _FLOAT_TYPES:
        return float, lambda v: type(v) is float or type(v) is int
    if declared in _EXACT:
        exact = _EXACT[declared]
        return exact, lambda v: type(v) is exact
    if declared.startswith("[") and declared.endswith("]"):
        inner = declared[1:-1].strip()
        if inner in _INT_TYPES:  # dims, handle lists: every element too (short lists)
            return None, lambda v: type(v) is list and {*map(type, v)} <= _INTS
        return list, lambda v: type(v) is list  # [f64] data: torch converts (and rejects) elements
    return None, None


def _shown(value: object) -> str:
    from runtime.display import show_nested
    from runtime.errors import type_of

    text = show_nested(value)
    return f"{type_of(value)} {text if len(text) <= 40 else text[:37] + '...'}"


def _culprit(value: object) -> str:
    """The value shown in a type error; for a list, its first element that is not an integer."""
    if type(value) is list:
        for k, v in enumerate(value):
            if type(v) is not int:
                return f"{_shown(v)} at index {k}"
    return _shown(value)


def guard(name: str, sig: ExternSignature) -> Callable[[tuple], None]:
    """A check of a call's arguments against `sig`, raising `ExternError(name, ...)` that names
    the parameter. Cheap on the hot path: when every argument has its declared type exactly,
    a closure specialised to the arity compares their types and nothing else runs."""
    exact, slow = guard_parts(name, sig)
    return slow if exact is None else _specialised(exact, slow)


def guard_parts(name: str, sig: ExternSignature) -> tuple[tuple | None, Callable[[tuple], None]]:
    """(`exact`, `slow`) of `sig`: arguments of exactly the types in `exact` are well-typed (None
    when no such test suffices, e.g. `[i64]` elements); `slow(args)` checks any arguments fully,
    raising `ExternError(name, ...)`. Callers inline the `exact` test and call `slow` on a miss."""
    accepts = [_accepts(t) for _, t in sig.params]
    tests = [(i, test) for i, (_, test) in enumerate(accepts) if test is not None]
    arity = sig.arity

    def slow(args: tuple) -> None:
        if len(args) != arity:
            raise ExternError(name, f"takes {arity} argument(s) {sig}, got {len(args)}")
        for i, test in tests:
            if not test(args[i]):
                pname, declared = sig.params[i]
                raise ExternError(name, f"argument '{pname}' must be {declared}, got {_culprit(args[i])}")

    exact = tuple(e for e, _ in accepts)
    return (None if any(e is None for e in exact) else exact), slow


def _specialised(exact: tuple, slow: Callable[[tuple], None]) -> Callable[[tuple], None]:
    """`slow` behind a test that the arguments have exactly the types `exact` (when they do,
    they are well-typed and `slow` does not run)."""
    if not exact:
        def check(args):
            if args:
                slow(args)
    elif len(exact) == 1:
        (a,) = exact

        def check(args):
            if len(args) != 1 or type(args[0]) is not a:
                slow(args)
    elif len(exact) == 2:
        a, b = exact

        def check(args):
            if len(args) != 2 or type(args[0]) is not a or type(args[1]) is not b:
                slow(args)
    elif len(exact) == 3:
        a, b, c = exact

        def check(args):
            if len(args) != 3 or type(args[0]) is not a or type(args[1]) is not b or type(args[2]) is not c:
                slow(args)
    else:
        def check(args):
            if tuple(map(type, args)) != exact:
                slow(args)
    return check


def _guarded(name: str, sig: ExternSignature, fn: Callable) -> Callable:
    """`fn` behind `guard(name, sig)`: what `bind` returns for a plain registration."""
    check = guard(name, sig)

    def call(*args):
        check(args)
        return fn(*args)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = fn.__doc__
    call.__wrapped__ = fn
    return call


# ---- built-in manifests: (name prefix, torch-free manifest module, provider module) ----------

_BUILTINS: tuple[tuple[str, str, str], ...] = (
    ("rt_torch_", "runtime.torch_ffi.signatures", "runtime.torch_ffi.provider"),
    (
        "rt_system_",
        "runtime.system",
        "runtime.system",
    ),  # torch-free: manifest and provider in one
    ("rt_data_", "runtime.datasets", "runtime.datasets"),
    ("rt_io_", "runtime.io_ffi", "runtime.io_ffi"),  # app.io: files, environment, processes
)

_manifest_cache: dict[str, dict[str, ExternSignature]] = {}


def _manifest(module: str) -> dict[str, ExternSignature]:
    cached = _manifest_cache.get(module)
    if cached is None:
        raw = importlib.import_module(module).SIGNATURES
        cached = {n: parse_signature(s) for n, s in raw.items()}
        _manifest_cache[module] = cached
    return cached


def _builtin_signature(name: str) -> tuple[ExternSignature, str] | None:
    """(signature, provider module) of a built-in name, without importing the provider."""
    for prefix, manifest, provider in _BUILTINS:
        if name.startswith(prefix):
            sig = _manifest(manifest).get(name)
            if sig is not None:
                return sig, provider
    return None


# ---- registrations --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    fn: Callable
    sig: ExternSignature
    module: str
    replace: bool


_registry: dict[str, _Entry] = {}


def _origin(fn: Callable) -> tuple:
    """Where a function was defined (so a module re-import re-registers without conflict)."""
    while hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    code = getattr(fn, "__code__", None)
    where = (code.co_filename, code.co_firstlineno) if code else None
    return getattr(fn, "__module__", None), getattr(fn, "__qualname__", None), where


def extern(
    name: str, signature: str, *, replace: bool = False, checks_args: bool = False
) -> Callable[[Callable], Callable]:
    """Register the decorated function as the implementation of Simple's `extern fn <name>`.

    `signature` is the Simple signature, e.g. ``"(dims: [i64]) -> i64"``. Simple values arrive
    as Python values: i64/i32 -> int, f64 -> float, bool -> bool, text -> str, [T] -> list.
    A built-in name may be supplied only with its built-in signature. Registering a name twice
    is an error unless `replace=True`; a replacement also wins over the built-in provider.
    The function is returned unchanged; `bind` serves it behind `guard` (each argument checked
    against the signature) unless `checks_args=True` says it calls `guard` itself (torch ops do).
    """
    sig = parse_signature(signature)

    def register(fn: Callable) -> Callable:
        module = getattr(fn, "__module__", "?") or "?"
        builtin = _builtin_signature(name)
        if builtin is not None and builtin[0] != sig:
            raise ExternError(
                name,
                f"signature {sig} differs from the built-in signature {builtin[0]}",
            )
        old = _registry.get(name)
        if old is not None and not replace:
            if old.replace:
                return fn  # a user replacement wins over a later provider registration
            if _origin(old.fn) != _origin(fn):  # re-importing the same module is fine
                raise ExternError(name, f"already registered by module {old.module}")
        if old is not None and old.sig != sig:
            raise ExternError(
                name, f"signature {sig} differs from the registered {old.sig}"
            )
        _registry[name] = _Entry(fn if checks_args else _guarded(name, sig, fn), sig, module, replace)
        return fn

    return register


def load_module(module: str) -> list[str]:
    """Import a user's Python module whose `@extern` functions register themselves.

    Returns the names that module registered. An import failure is an `ExternError`.
    """
    before = {n: e.fn for n, e in _registry.items()}
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise ExternError(
            "--externs", f"cannot import extern module {module!r}: {exc}"
        ) from exc
    return sorted(n for n, e in _registry.items() if before.get(n) is not e.fn)


# ---- queries (never import a provider) ------------------------------------------------------


def signature(name: str) -> ExternSignature | None:
    """The Simple signature of extern `name`, or None if no one serves it."""
    entry = _registry.get(name)
    if entry is not None:
        return entry.sig
    builtin = _builtin_signature(name)
    return builtin[0] if builtin else None


def known_names() -> frozenset[str]:
    """Every extern name that `bind` can serve (built-in manifests and registrations)."""
    names = set(_registry)
    for _, manifest, _ in _BUILTINS:
        names.update(_manifest(manifest))
    return frozenset(names)


def close_names(name: str, n: int = 5) -> list[str]:
    """Known names close to `name` (for 'did you mean' messages)."""
    import difflib

    return difflib.get_close_matches(name, sorted(known_names()), n=n, cutoff=0.6)


def _unknown(name: str) -> ExternError:
    close = close_names(name)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    return ExternError(name, f"no implementation for this extern{hint}")


def bind(name: str) -> Callable:
    """The Python callable serving extern `name`, importing its provider on first use."""
    entry = _registry.get(name)
    if entry is not None:
        return entry.fn
    builtin = _builtin_signature(name)
    if builtin is None:
        raise _unknown(name)
    importlib.import_module(builtin[1])
    entry = _registry.get(name)
    if entry is None:
        raise ExternError(name, f"provider {builtin[1]} does not implement this extern")
    return entry.fn


def user_registrations() -> str:
    """A stable text of every registration outside the runtime itself (part of cache keys)."""
    return ";".join(
        f"{n}{e.sig}@{e.module}" for n, e in sorted(_registry.items()) if not e.module.startswith("runtime.")
    )


def registered_by(prefix: str) -> dict[str, tuple[str, ExternSignature]]:
    """(module, signature) of each registered name from modules starting with `prefix` (tests)."""
    return {
        n: (e.module, e.sig)
        for n, e in _registry.items()
        if e.module.startswith(prefix)
    }
