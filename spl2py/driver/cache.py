"""spl2py's own content-hash cache (it never relies on Python writing .pyc files).

Folder: ``$SPL2PY_CACHE_DIR``, else ``<project root>/.spl2py_cache``. Inside ``v1/``:

  summary/  a module's ``Summary`` (JSON)        key: compiler, display path, source
  code/     a unit's code object (marshal)       key: compiler, Python magic, unit identity
  py/       a unit's generated Python text       key: compiler, formatter and its version, unit identity
  fmt/      one top-level statement, formatted   key: formatter and its version, the unformatted text
  check/    "this unit passed ``check``"           key: compiler, unit identity
  grammar/  the parser's built grammar (JSON)    key: grammar text, Python (``spl2py/syntax/tables.py``)

Trust: a cache folder may come with a repository, so no entry is believed because of where it
lies. Every entry starts with an HMAC-SHA256 tag over its kind, key and payload, made with a
per-user secret kept outside any project (``secret.py``); an entry whose tag does not match (a
foreign, tampered or swapped file) is a miss and is rebuilt. Summaries are JSON rebuilt into
dataclasses with validation (``summary_json.py``); nothing is ever unpickled.

The compiler fingerprint hashes spl2py's own sources, so editing the compiler invalidates
everything. A unit's identity is its path, Python name, source hash and its resolved imports
(target names and bindings): editing module B recompiles A only when the names A imports from
B change. Entries are written atomically (temp file + ``os.replace``); an unreadable entry is a miss.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import CodeType

import spl2py
from spl2py.driver import secret, summary_json

LAYOUT = "v2"  # v2: authenticated entries, JSON summaries
ENV_DIR = "SPL2PY_CACHE_DIR"
ENV_OFF = "SPL2PY_NO_CACHE"  # "1": run and build without the cache
DEFAULT_DIR = ".spl2py_cache"

_fingerprint: str | None = None


def compiler_fingerprint() -> str:
    """A hash of spl2py's version, its source files (.py, .peg), the Python version, and the
    runtime's built-in function and method names (lowering turns calls to them into ``_spl.*``)."""
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.sha256()
        digest.update(spl2py.__version__.encode())
        digest.update(importlib.util.MAGIC_NUMBER)
        digest.update(sys.version.encode())
        from runtime.core import BUILTINS
        from runtime.methods import METHOD_NAMES, ZERO_ARG_NAMES

        for names in (BUILTINS, METHOD_NAMES, ZERO_ARG_NAMES):  # lowering reads these runtime tables
            digest.update(",".join(sorted(names)).encode())
        package = os.path.dirname(spl2py.__file__)
        for folder, subfolders, names in os.walk(package):  # os.walk: a few times faster than rglob
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            parts = Path(folder).relative_to(package).parts
            for name in sorted(n for n in names if n.endswith((".py", ".peg"))):
                digest.update("/".join((*parts, name)).encode())
                with open(os.path.join(folder, name), "rb") as f:
                    digest.update(f.read())
        _fingerprint = digest.hexdigest()
    return _fingerprint


_black_version: str | None = None


def black_version() -> str:
    global _black_version
    if _black_version is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _black_version = version("black")
        except PackageNotFoundError:  # pragma: no cover - black is a dependency
            _black_version = "none"
    return _black_version


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(path)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _temp_beside(path: Path) -> tuple[int, Path]:
    """A new file ``.<name>.<random>.tmp`` beside ``path``, mode 0600, as ``tempfile.mkstemp``
    makes one (without importing tempfile, ~5 ms of a start-up that writes)."""
    while True:
        tmp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600), tmp
        except FileExistsError:
            continue


def cache_dir(project_root: Path) -> Path:
    env = os.environ.get(ENV_DIR)
    return Path(os.path.abspath(env)) if env else project_root / DEFAULT_DIR


def hash_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def unit_identity(unit) -> str:
    """Everything about a unit that its compiled output depends on, besides the compiler."""
    from spl2py.modules.loader import source_digest

    from runtime.externs import user_registrations

    imports = [(use.span.line, use.span.col, repr(resolved)) for use, resolved in unit.uses.items()]
    # User externs (--externs) decide whether extern declarations compile.
    return hash_key(
        str(unit.path), unit.pyname, source_digest(unit.source), repr(sorted(imports)), user_registrations()
    )


def code_key(unit, options: str = "") -> str:
    """Key of a unit's code object; ``options``: any compile option that changes the code."""
    return hash_key(compiler_fingerprint(), "code", options, unit_identity(unit))


def text_key(unit, formatter_id: str) -> str:
    """Key of a unit's generated Python text; ``formatter_id``: ``format.formatter_id``."""
    return hash_key(compiler_fingerprint(), "py", formatter_id, unit_identity(unit))


class Cache:
    """One cache folder. All methods are safe to call from several processes at once."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.base = self.folder / LAYOUT
        self._tagged = False

    def _file(self, kind: str, key: str) -> Path:
        return self.base / kind / key[:2] / key

    def read(self, kind: str, key: str) -> bytes | None:
        """The payload of an entry, or None when missing or not authenticated by our secret."""
        try:
            data = self._file(kind, key).read_bytes()
        except OSError:
            return None
        return secret.open_sealed(data, kind, key)

    def write(self, kind: str, key: str, data: bytes) -> None:
        sealed = secret.seal(data, kind, key)
        if sealed is None:  # no per-user secret: never write an entry nobody can authenticate
            return
        try:
            if not self._tagged:
                tag_folder(self.folder)
                self._tagged = True
            atomic_write(self._file(kind, key), sealed)
        except OSError:  # a read-only or full disk costs speed, never correctness
            pass

    # -- module summaries (the Loader's ``cache`` protocol) --

    def _module_key(self, path: str, digest: str) -> str:
        return hash_key(compiler_fingerprint(), path, digest)

    def load_summary(self, path: str, digest: str):
        data = self.read("summary", self._module_key(path, digest))
        return None if data is None else summary_json.decode(data)

    def store_summary(self, path: str, digest: str, summary) -> None:
        self.write("summary", self._module_key(path, digest), summary_json.encode(summary))

    # -- compiled code (run) and generated text (build) --

    def load_code(self, key: str) -> CodeType | None:
        data = self.read("code", key)
        if data is None:
            return None
        try:
            code = marshal.loads(data)
        except Exception:
            return None
        return code if isinstance(code, CodeType) else None

    def store_code(self, key: str, code: CodeType) -> None:
        self.write("code", key, marshal.dumps(code))

    def load_text(self, key: str) -> str | None:
        return _text(self.read("py", key))

    def store_text(self, key: str, text: str) -> None:
        self.write("py", key, text.encode("utf-8"))

    # -- the parser's grammar (``spl2py.syntax.use_grammar_store``: load(key), save(key, data)) --

    def grammar_store(self) -> GrammarStore:
        return GrammarStore(self)


class GrammarStore:
    """A cache's ``grammar`` entries, as the parser's store protocol."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def load(self, key: str) -> bytes | None:
        return self.cache.read("grammar", key)

    def save(self, key: str, data: bytes) -> None:
        self.cache.write("grammar", key, data)


class FormatMemo:
    """The formatter cache: a top-level statement's unformatted text -> black's text for it. Its
    key leaves the compiler out (formatting depends only on the text and the formatter), so a
    statement formatted once is not formatted again after spl2py or another module changes.
    Entries are authenticated like every other (a cached text becomes part of the built program)."""

    def __init__(self, cache: Cache, formatter_id: str):
        self.cache = cache
        self.formatter_id = formatter_id

    def _key(self, text: str) -> str:
        return hash_key("fmt", self.formatter_id, text)

    def load(self, text: str) -> str | None:
        return _text(self.cache.read("fmt", self._key(text)))

    def store(self, text: str, formatted: str) -> None:
        self.cache.write("fmt", self._key(text), formatted.encode("utf-8"))


TAG = "CACHEDIR.TAG"
TAG_TEXT = b"Signature: 8a477f597d28d172789f06886806bc55\n# spl2py cache (https://bford.info/cachedir/)\n"


def _text(data: bytes | None) -> str | None:
    """A cached text entry as text; None when missing or not UTF-8 (a miss)."""
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def tag_folder(folder: Path) -> None:
    """Mark a cache folder (CACHEDIR.TAG): backup tools skip it, ``spl2py clean`` trusts it."""
    tag = folder / TAG
    if not tag.exists():
        atomic_write(tag, TAG_TEXT)


def clean_cache(project_root: Path) -> Path | None:
    """Remove the project's cache folder if it is one spl2py made (it holds spl2py's tag). Only
    spl2py's own entries go: a folder that also holds other files keeps them."""
    import shutil

    folder = cache_dir(Path(os.path.abspath(project_root)))
    tag = folder / TAG
    if not tag.is_file() or tag.read_bytes() != TAG_TEXT:
        return None
    for layout in ("v1", LAYOUT):  # v1: the unauthenticated layout of older versions
        shutil.rmtree(folder / layout, ignore_errors=True)
    tag.unlink()
    try:
        folder.rmdir()
    except OSError:
        pass
    return folder


def open_cache(project_root: Path) -> Cache | None:
    """The cache for a project, or None when ``SPL2PY_NO_CACHE=1``."""
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return None
    return Cache(cache_dir(project_root))


def cached_code(
    unit, compile_unit: Callable[[object], CodeType], cache: Cache | None, options: str = ""
) -> CodeType:
    """The code object of ``unit``: from the cache when its key matches, else compiled and stored.

    The run driver calls this around its compile step; ``compile_unit`` (lower + ``compile``) only
    runs on a miss, so a cached unit is never parsed (``Unit.module`` is read lazily).
    ``options``: any compile option that changes the code (part of the key).
    """
    if cache is None:
        return compile_unit(unit)
    key = code_key(unit, options)
    code = cache.load_code(key)
    if code is None:
        code = compile_unit(unit)
        cache.store_code(key, code)
    return code


def checked(unit, check_unit: Callable[[object], None], cache: Cache | None) -> None:
    """``check_unit(unit)``, unless the cache records that this unit (by its key) passed it before.

    A unit passes only with no diagnostic at all, and everything ``check`` reads of it is in the
    key (compiler, source, resolved imports, user externs), so a recorded pass is never stale;
    a unit that fails is checked again each time (its errors are printed again).
    """
    if cache is None:
        return check_unit(unit)
    key = hash_key(compiler_fingerprint(), "check", unit_identity(unit))
    if cache.read("check", key) == b"ok":
        return None
    check_unit(unit)
    cache.write("check", key, b"ok")
    return None
