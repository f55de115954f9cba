"""The one table of Simple's operators: their spelling in the grammar and their binding powers.

``simple.peg`` gets its operator regexes from ``FRAGMENTS`` (``OPERATOR`` inside the fast-path
CHAIN text, ``BINARY_OPS`` for the ``BINOP`` terminal, ``PREFIX_ONE`` for prefix operators); the
builder's Pratt parser reads ``BINARY_BP``, ``ALIASES`` and ``COMPARE`` from the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BinaryOp:
    text: str  # the operator as the builder sees it (blanks folded to one space)
    bp: int  # binding power: higher binds tighter
    pattern: str | None = None  # its regex (None: re.escape(text)); "": matched by another row's pattern
    word: bool = False  # a word operator: needs a word boundary on both sides
    chain: bool = True  # allowed in CHAIN text (`is`/`as` take a type: general rules only)
    alias_of: str | None = None  # `&&` is `and`


BINARY: tuple[BinaryOp, ...] = (
    BinaryOp(":=", 1, chain=False), BinaryOp("|>", 1), BinaryOp("??", 2),  # `n := e`: right-associative
    BinaryOp("or", 3, word=True), BinaryOp("||", 3, alias_of="or"),
    BinaryOp("and", 4, word=True), BinaryOp("&&", 4, alias_of="and"),
    *(BinaryOp(op, 6) for op in ("==", "!=", "<=", ">=")),
    BinaryOp("<", 6, r"<(?![<=])"), BinaryOp(">", 6, r">(?![>=])"),
    BinaryOp("in", 6, word=True), BinaryOp("not in", 6, r"not[ \t]+in", word=True),
    BinaryOp("is", 6, word=True, chain=False), BinaryOp("is not", 6, r"is[ \t]+not", word=True, chain=False),
    BinaryOp("|", 7, r"\|(?![|>])"),
    BinaryOp("^", 8, r"\^(?!=)"), BinaryOp("xor", 8, word=True, alias_of="^"),
    BinaryOp("&", 9, r"&(?!=)"),
    BinaryOp("<<", 10), BinaryOp(">>", 10),
    BinaryOp("..", 11, r"\.\.(?!\.)=?"), BinaryOp("..=", 11, ""),
    BinaryOp("+", 12, r"\+(?!=)"), BinaryOp("-", 12, r"-(?![>=])"),
    *(BinaryOp(op, 13, re.escape(op) + "(?!=)") for op in ("*", "%", "@")), BinaryOp("/", 13, r"/(?![/=])"),
    BinaryOp("as", 14, word=True, chain=False),
    BinaryOp("**", 16),
)
NOT_BP = 5  # `not x`: looser than comparisons
UNARY_BP = 15  # `-x`, `~x`: tighter than `as`, looser than `**`

# prefix operator -> its regex (`!` is `not`)
PREFIX: dict[str, str] = {"not": r"not(?![\w~])", "-": "-", "+": r"\+", "~": "~", "!": r"!(?!=)"}
PREFIX_ALIASES = {"!": "not"}

BINARY_BP = {op.text: op.bp for op in BINARY if op.alias_of is None}
ALIASES = {op.text: op.alias_of for op in BINARY if op.alias_of is not None}
COMPARE = frozenset(("==", "!=", "<", "<=", ">", ">="))


def _alternation(rows, word_prefix: str = "") -> str:
    """One regex for ``rows``: symbols longest first (so `**` wins over `*`), then the words."""
    symbols = [r for r in rows if not r.word and r.pattern != ""]
    symbols.sort(key=lambda r: -len(r.text))
    words = sorted((r for r in rows if r.word), key=lambda r: -len(r.text))
    parts = [r.pattern or re.escape(r.text) for r in symbols]
    parts.append(word_prefix + "(?:" + "|".join(r.pattern or r.text for r in words) + r")(?![\w~])")
    return "|".join(parts)


FRAGMENTS = {
    # in CHAIN text a word operator also needs a boundary before it (`x.in`, `a_or`)
    "OPERATOR": "(?:" + _alternation([r for r in BINARY if r.chain], r"(?<!\w)") + ")",
    "BINARY_OPS": _alternation(BINARY),
    "PREFIX_ONE": "|".join(PREFIX.values()),
}
# the prefix operators inside a matched PREFIX run, one at a time
PREFIX_RE = re.compile("|".join(map(re.escape, PREFIX)))
