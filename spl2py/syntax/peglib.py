"""parsimonious, imported so that it runs on Python's own ``re`` engine.

parsimonious compiles its terminals with the third-party ``regex`` module whenever it can import
it (it falls back to ``re`` otherwise). ``re`` compiles this grammar's patterns about 5x faster and
matches them 2-3x faster, and they use nothing ``regex``-only: the first import of parsimonious
happens here, with ``regex`` hidden for its duration (and restored after, for anyone else).
Every module of the front end imports parsimonious through this one (``matcher`` re-checks it).
"""

from __future__ import annotations

import sys

_MISSING = object()


def _import_on_re() -> None:
    if "parsimonious.expressions" in sys.modules:  # imported before us: matcher recompiles the terminals
        return
    saved = sys.modules.get("regex", _MISSING)
    sys.modules["regex"] = None  # `import regex` raises ImportError while this is set
    try:
        import parsimonious  # noqa: F401
    finally:
        if saved is _MISSING:
            del sys.modules["regex"]
        else:
            sys.modules["regex"] = saved


_import_on_re()

from parsimonious.expressions import Regex  # noqa: E402
from parsimonious.grammar import Grammar  # noqa: E402
from parsimonious.nodes import Node  # noqa: E402

__all__ = ["Grammar", "Node", "Regex"]
