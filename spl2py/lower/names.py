"""The deterministic renaming of Simple names to Python names (docs/architecture.md, "names").

A name is first NFKC-normalised, as Python's tokenizer does (so ``ﬁle`` and ``file`` are one name
in ``run`` and ``build`` alike). Then:

- a name whose underscore-stripped base is a Python keyword (``lambda``, ``def``, ``None``) or that
  starts with the reserved prefix ``_spl`` gets one ``_`` appended;
- a name starting with two underscores (``__count``, ``__class__``, ``__name__``), which Python
  would mangle inside a class or which the runtime and Python rely on, becomes ``_spl`` + name + ``_d``.

Both rules are injective and disjoint: the first yields ``_spl...`` names ending in ``_``, the second
``_spl__...`` names ending in ``_d``, and no Simple name maps to a ``_spl`` name ending otherwise: that
space is the compiler's own (``_spl`` the runtime module, ``_spl_t1`` temporaries). A name that is not
a Python identifier (``a²``) is returned unchanged; ``lower.limits`` rejects it at its location.
"""

from __future__ import annotations

import keyword
import unicodedata

_KEYWORDS = frozenset(keyword.kwlist)
PREFIX = "_spl"
_DUNDER_END = "_d"


def normalize(name: str) -> str:
    """The name Python binds for ``name``: its NFKC form (ASCII names unchanged, fast)."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


_PY_NAMES: dict[str, str] = {}  # every name seen, renamed (a pure function: computed once per name)


def py_name(name: str) -> str:
    renamed = _PY_NAMES.get(name)
    if renamed is None:
        renamed = _PY_NAMES[name] = _renamed(name)
    return renamed


def _renamed(name: str) -> str:
    if not name.isidentifier():
        return name
    name = normalize(name)
    if name.startswith("__"):
        return PREFIX + name + _DUNDER_END
    if name.rstrip("_") in _KEYWORDS or name.startswith(PREFIX):
        return name + "_"
    return name


def spl_name(pyname: str) -> str:
    """The Simple spelling of a generated name (for messages): the inverse of ``py_name``."""
    if pyname.startswith(PREFIX + "__") and pyname.endswith(_DUNDER_END):
        return pyname[len(PREFIX):-len(_DUNDER_END)]
    if pyname.endswith("_") and py_name(pyname[:-1]) == pyname:
        return pyname[:-1]
    return pyname
