"""The deterministic renaming of Simple names to Python names (docs/architecture.md, "names").

A name whose underscore-stripped base is a Python keyword (``lambda``, ``def``, ``None``) or that
starts with the reserved prefix ``_spl`` gets one ``_`` appended. The rule is injective, and no
Simple name maps to a name that starts with ``_spl`` and has no trailing ``_``: that space is the
compiler's own (``_spl`` the runtime module, ``_spl_t1`` temporaries).
"""

from __future__ import annotations

import keyword

_KEYWORDS = frozenset(keyword.kwlist)
PREFIX = "_spl"


def py_name(name: str) -> str:
    if name.rstrip("_") in _KEYWORDS or name.startswith(PREFIX):
        return name + "_"
    return name


def spl_name(pyname: str) -> str:
    """The Simple spelling of a generated name (for messages): the inverse of ``py_name``."""
    if pyname.endswith("_") and py_name(pyname[:-1]) == pyname:
        return pyname[:-1]
    return pyname
