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

Public API (used by the compiler and by `runtime.core.extern`): `extern`, `load_module`,
`signature`, `known_names`, `close_names`, `bind`, `ExternSignature`, `parse_signature`.
"""

from __future__ import annotations

import difflib
import importlib
import re
from dataclasses import dataclass
from typing import Callable

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
    name: str, signature: str, *, replace: bool = False
) -> Callable[[Callable], Callable]:
    """Register the decorated function as the implementation of Simple's `extern fn <name>`.

    `signature` is the Simple signature, e.g. ``"(dims: [i64]) -> i64"``. Simple values arrive
    as Python values: i64/i32 -> int, f64 -> float, bool -> bool, text -> str, [T] -> list.
    A built-in name may be supplied only with its built-in signature. Registering a name twice
    is an error unless `replace=True`; a replacement also wins over the built-in provider.
    The function is returned unchanged.
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
        _registry[name] = _Entry(fn, sig, module, replace)
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
