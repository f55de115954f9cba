"""Write the grammar tables shipped with the package (``tables.SHIPPED``) for this Python.

    python -m spl2py.syntax.write_tables

Run it after changing ``simple.peg`` (or the keyword/operator tables it expands): a start-up whose
key does not match the shipped one builds the grammar from the text (about 0.1 s), and the test
suite fails while they disagree on the Python that wrote them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from spl2py.syntax import matcher, tables


def grammar_text() -> str:
    return matcher.expand_fragments(Path(matcher.__file__).with_name("simple.peg").read_text(encoding="utf-8"))


def main() -> int:
    text = grammar_text()
    grammar = matcher.Grammar(text)
    matcher._use_stdlib_re(grammar)
    data = tables.encode(grammar)
    if data is None:
        print("error: this Python cannot encode the grammar (needs re._compiler, Python 3.11+)", file=sys.stderr)
        return 1
    tables.SHIPPED.write_bytes(tables.packed(tables.key(text), data))
    print(f"wrote {tables.SHIPPED} ({tables.SHIPPED.stat().st_size:,} bytes) for Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
