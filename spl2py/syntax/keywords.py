"""The one table of Simple's keywords.

Everything that needs to know a keyword is derived from ``TABLE``: the grammar's statement
lookaheads (``CKW`` / ``SKW``) and its reserved words (``KEYWORDS``), fed to ``simple.peg`` as
``#define`` fragments (``FRAGMENTS``); the missing-colon messages (``CONTEXT``); and the words
rejected as unsupported constructs (``UNSUPPORTED``). tests/syntax/test_keywords.py fails when a
``compound`` / ``kw_simple`` alternative of the grammar starts with a keyword this table lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Keyword:
    word: str
    rules: tuple[str, ...] = ()  # the compound / kw_simple alternatives the word starts
    compound: bool = False  # starts a compound statement (CKW lookahead)
    simple: bool = False  # starts a keyword simple statement (SKW lookahead)
    reserved: bool = True  # never a name
    context: str | None = None  # "expected ':' <context>" when the header lacks its colon
    unsupported: str | None = None  # "unsupported: <what>" at the head of a statement
    head: str | None = None  # the statement lookahead, when the word alone is not enough


def _c(word, rules, context=None, **kw) -> Keyword:
    return Keyword(word, tuple(rules.split()), compound=True, context=context, **kw)


def _s(word, rules, **kw) -> Keyword:
    return Keyword(word, tuple(rules.split()), simple=True, **kw)


def _u(word, what, reserved=True) -> Keyword:
    return Keyword(word, reserved=reserved, unsupported=what)


TABLE: tuple[Keyword, ...] = (
    # simple statements (first: these are the most frequent words, and NAME tries them in order)
    *(_s(w, "PASS") for w in ("pass_do_nothing", "pass_dn", "pass_todo")),
    _s("pass", "PASS", reserved=False, head=r"pass(?![\w~.:])"),  # `pass` may head a name path; `pass("msg")` is a pass
    # `val` may also name a value (`case Number(val): "{val}"`): it heads a statement before a target (or `=`: an error)
    _s("val", "let_stmt", reserved=False, head=r"val(?:[ \t]+(?=[\w(\[{])(?!(?:and|or|xor|in|is|as|if|else|then)(?![\w~]))|[ \t]*(?:[-+*/%]|\*\*|<<|>>)?=(?!=))"),
    *(_s(w, "let_stmt") for w in ("var", "let", "const")),
    _s("return", "return_stmt"), _s("break", "break_stmt"), _s("continue", "continue_stmt"),
    _s("defer", "defer_stmt"),
    _s("use", "use_stmt"), _s("import", "use_stmt"),
    _s("from", "use_stmt", reserved=False, head=r"from[ \t]+\.*\w[\w.]*[ \t]+import\b"),
    _s("assert", "assert_stmt", reserved=False, head=r"assert(?![\w~(])"),  # assert(x) is a call
    *(_s(w, "type_alias", reserved=False, head=w + r"[ \t]+[A-Za-z_]\w*[ \t]*(?:<[^>\n]*>)?[ \t]*=(?!=)")
      for w in ("type", "alias")),
    _s("mod", "mod_stmt", reserved=False, head=r"mod[ \t]+\w+[ \t]*\n"),
    _s("expect", "expect_stmt", reserved=False, head=r"expect(?:(?=[ \t(])(?=[^\n]*?(?:[ \t)]to_\w|[ \t).](?:not_)?to[ \t]+\w))|[ \t]+\()"),
    # operators, values and clause words
    *(Keyword(w) for w in ("and", "or", "not", "xor", "is", "as", "then", "true", "false", "nil")),
    # `in:` / `out(ret):` contract blocks at the start of a function body (plain `in` is an operator)
    _c("in", "contract", "after 'in'", head=r"in[ \t]*:"),
    Keyword("elif", context="after elif condition"), Keyword("else", context="after 'else'"),
    Keyword("case", context="after case pattern"),
    # compound statements
    _c("if", "if_stmt", "after if condition", head=r"if~?(?![\w~])"),  # `if~`: a suspension point (no async: plain)
    _c("for", "for_stmt", "after for clause", head=r"for~?(?![\w~])"),  # `for~`: a suspension point (no async: plain)
    _c("while", "while_stmt", "after while condition", head=r"while~?(?![\w~])"),  # `while~`: a suspension point (no async: plain)
    _c("loop", "loop_stmt", "after 'loop'"),
    _c("match", "match_stmt", "after match subject"),
    _c("fn", "fn_def fn_alias", "after function signature"),
    _c("me", "fn_def", "after method signature"),
    _c("class", "class_def", "after class name"),
    _c("struct", "class_def", "after struct name"),
    _c("enum", "enum_def", "after enum name"),
    _c("trait", "trait_def", "after trait name"),
    _c("impl", "impl_def", "after impl header"),
    _c("mixin", "mixin_def", "after mixin name"),
    _c("extern", "extern_fn"),
    _c("with", "with_stmt", "after with items"),
    _c("out", "contract", "after 'out(name)'", reserved=False,
       head=r"out[ \t]*(?:\([ \t]*(?:[A-Za-z_]\w*)?[ \t]*\))?[ \t]*:"),
    _c("invariant", "contract", "after 'invariant'", head=r"invariant[ \t]*:"),  # in a class body
    _c("export", "export_stmt", "after the declaration"),
    _c("pub", "pub_stmt fn_def", "after the declaration"),
    # `static fn` (compound) and `static val` (simple)
    Keyword("static", ("fn_def", "let_stmt"), compound=True, simple=True, reserved=False,
            context="after function signature", head=r"static(?![\w~(])"),
    _c("async", "fn_def", unsupported="async/await"),  # the builder rejects async functions
    # `unit UserId: i64 as uid`, `unit length(base: f64): m = 1.0`: the builder rejects unit declarations
    _c("unit", "unit_def", reserved=False, head=r"unit[ \t]+[A-Za-z_]\w*[ \t]*[:(=]",
       unsupported="unit type declarations"),
    # constructs spl2py rejects by design
    *(_u(w, "async/await") for w in ("await",)),
    _u("spawn", "spawn"), _u("yield", "generators (yield)"),
    _u("actor", "actors"),
    *(_u(w, "try/catch (use Result and '?')") for w in ("try", "catch")),
    _u("throw", "throw (use Result or panic)"),
    *(_u(w, f"contracts ({w})") for w in ("requires", "ensures", "decreases")),
    _u("unsafe", "unsafe blocks"), _u("comptime", "comptime blocks"),
    _u("asm", "inline assembly (asm)"), _u("macro", "macros"),
    _u("kernel", "GPU kernels", False), _u("gpu", "GPU kernels", False),
    _u("bind", "static dispatch binding (bind)", False), _u("move", "move lambdas", False),
    _u("common", "common use", False), _u("auto", "auto import", False),
)

# statements that start with a mark rather than a word: rule -> lookahead
MARKS = {"decorators": r"@|#!?\[", "labeled": r"'[A-Za-z_]"}

# decorators spl2py rejects: name -> what
UNSUPPORTED_DECORATORS = {"cfg": "conditional compilation (@cfg)", "when": "conditional compilation (@when)",
                          "gpu": "GPU kernels", "kernel": "GPU kernels", "simd": "SIMD kernels"}

BY_WORD = {k.word: k for k in TABLE}
RESERVED = tuple(k.word for k in TABLE if k.reserved)
CONTEXT = {k.word: k.context for k in TABLE if k.context}
UNSUPPORTED = {k.word: k.unsupported for k in TABLE if k.unsupported}


def _heads(rows) -> str:
    words = "|".join(k.word for k in rows if k.head is None)
    return "|".join([f"(?:{words})(?![\\w~])", *(k.head for k in rows if k.head is not None)])


FRAGMENTS = {
    "KEYWORDS": "|".join(RESERVED),
    # the same lookahead for `static` serves both lists: CKW may be a little wider than the rule
    "COMPOUND_HEADS": _heads([k for k in TABLE if k.compound]) + "|" + "|".join(MARKS.values()),
    "SIMPLE_HEADS": _heads([k for k in TABLE if k.simple]),
}

# the first word of a statement (after a label and pub/export/static), for error messages
STMT_HEAD = re.compile(r"[ \t]*(?:'[A-Za-z_]\w*[ \t]*:[ \t]*)?(?:(?:pub|export|static)[ \t]+)*([^\W\d]\w*)(~?)")


def header_word(head: str) -> str:
    """The keyword a statement header starts with (``else if`` reads as ``elif``)."""
    m = STMT_HEAD.match(head)
    word = m.group(1) if m else ""
    if word == "else" and head.lstrip().startswith("else if"):
        word = "elif"
    return word
