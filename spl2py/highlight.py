"""A Pygments lexer for Simple (`.spl`), registered as `simple` under the `pygments.lexers` entry point.

Pygments reaches it by name (`pygmentize -l simple prog.spl`), by file name (`*.spl`), and from
Markdown or Sphinx code fences tagged `simple`. It colours what the spl2py front end reads: keywords,
types (capitalised names), strings with `{expr}` interpolation, numbers with suffixes, nested
`/* */` comments, `#[attributes]`, decorators, loop labels and operators.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

__all__ = ["SimpleLexer", "highlight_terminal"]

KEYWORDS = (
    "and", "or", "not", "xor", "in", "is", "as", "if", "elif", "else", "then", "match", "case",
    "for", "while", "loop", "return", "break", "continue", "use", "import", "from", "export", "pub",
    "mod", "with", "defer", "assert", "pass", "pass_do_nothing", "pass_dn", "pass_todo", "static",
    "where", "async", "await", "spawn", "yield", "try", "catch", "throw", "unsafe", "comptime",
    "requires", "ensures", "invariant", "decreases", "override", "inline", "move", "out", "mut",
)
DECLARATIONS = ("fn", "me", "val", "var", "let", "const", "type", "alias", "extern", "actor", "mixin", "macro", "asm")
TYPE_DECLARATIONS = ("class", "struct", "enum", "trait", "impl")
CONSTANTS = ("true", "false", "nil", "self")
BUILTIN_TYPES = (
    "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64", "bool", "text", "str",
    "void", "int", "float", "char", "any",
)
BUILTINS = ("print", "println", "panic", "Some", "None", "Ok", "Err", "len", "range")

# A number: base prefixes, `_` separators, exponents, and a type suffix (`42i32`, `3.0f32`).
SUFFIX = r"(?:[iuf](?:8|16|32|64))?"
OPERATORS = (
    r"\.\.=|\.\.\.|\.\.|\?\?|\?\.|\.\?|\|>|=>|->|<<=|>>=|\*\*=|//=|==|!=|<=|>=|<<|>>|\*\*|//|&&|\|\||"
    r"[-+*/%@&|^~]=?|[<>=!?]"
)


class SimpleLexer(RegexLexer):
    """Simple, the language spl2py compiles."""

    name = "Simple"
    aliases = ["simple", "spl"]
    filenames = ["*.spl"]
    mimetypes = ["text/x-simple"]
    url = "https://github.com/ormastes/simple"

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"[ \t\r\f]+", Whitespace),
            (r"\\\n", Text),  # a line continuation
            (r"#!?\[[^\]\n]*\]", Name.Decorator),  # #[attr], #![attr]
            (r"#.*?$", Comment.Single),
            (r"/\*", Comment.Multiline, "comment"),
            (r"@[A-Za-z_][\w.]*", Name.Decorator),
            include("strings"),
            include("numbers"),
            (r"'[A-Za-z_]\w*", Name.Label),  # 'outer: for ... / break 'outer (a raw string closes on its line)
            (r"(class|struct|enum|trait)(\s+)([A-Za-z_]\w*)", bygroups(Keyword.Declaration, Whitespace, Name.Class)),
            (r"(fn|me)(\s+)([A-Za-z_]\w*[?!]?)", bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (words(TYPE_DECLARATIONS, suffix=r"\b"), Keyword.Declaration),
            (words(DECLARATIONS, suffix=r"\b"), Keyword.Declaration),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(BUILTIN_TYPES, suffix=r"\b"), Keyword.Type),
            (words(BUILTINS, suffix=r"\b"), Name.Builtin),
            (r"&:[A-Za-z_]\w*", Name.Function),  # method reference &:len
            (r"[A-Z]\w*", Name.Class),
            (r"[A-Za-z_]\w*[?!]?", Name),
            (r"[^\W\d]\w*", Name),  # non-ASCII identifiers
            (OPERATORS, Operator),
            (r"[()\[\]{}.,:;\\]", Punctuation),
        ],
        "comment": [
            (r"/\*", Comment.Multiline, "#push"),
            (r"\*/", Comment.Multiline, "#pop"),
            (r"[^/*]+", Comment.Multiline),
            (r"[/*]", Comment.Multiline),
        ],
        "numbers": [
            (r"0[xX][0-9a-fA-F_]+" + SUFFIX, Number.Hex),
            (r"0[oO][0-7_]+" + SUFFIX, Number.Oct),
            (r"0[bB][01_]+" + SUFFIX, Number.Bin),
            (r"\d[\d_]*\.\d[\d_]*(?:[eE][+-]?\d+)?" + SUFFIX + r"(?:_[A-Za-z]\w*)?", Number.Float),
            (r"\d[\d_]*[eE][+-]?\d+" + SUFFIX, Number.Float),
            (r"\d[\d_]*" + SUFFIX + r"(?:_[A-Za-z]\w*)?", Number.Integer),  # also unit literals 100_km
        ],
        "strings": [
            (r'[rR]"""', String.Double, "raw_triple"),
            (r'[fF]"""', String.Double, "interp_triple"),
            (r'"""', String.Double, "raw_triple"),
            (r'[rR]"', String.Double, "raw_double"),
            (r'[fF]?"', String.Double, "interp_double"),
            (r"'[^'\n]*'", String.Single),
        ],
        "escapes": [
            (r"\\u\{[0-9a-fA-F]+\}|\\x[0-9a-fA-F]{2}|\\.", String.Escape),
        ],
        "interpolation": [
            (r"\{\{|\}\}", String.Escape),
            (r"\{", String.Interpol, "expr"),
        ],
        "interp_double": [
            include("escapes"),
            include("interpolation"),
            (r'"', String.Double, "#pop"),
            (r'[^"\\{}\n]+', String.Double),
            (r"[}\n]", String.Double),
        ],
        "interp_triple": [
            include("escapes"),
            include("interpolation"),
            (r'"""', String.Double, "#pop"),
            (r'[^"\\{}]+', String.Double),
            (r'["}]', String.Double),
        ],
        "raw_double": [
            (r'"', String.Double, "#pop"),
            (r'[^"\n]+', String.Double),
            (r"\n", String.Double),
        ],
        "raw_triple": [
            (r'"""', String.Double, "#pop"),
            (r'\\"', String.Escape),
            (r'[^"\\]+', String.Double),
            (r'["\\]', String.Double),
        ],
        # Inside `{...}` of a string: an expression (nested braces), then an optional `:spec`.
        "expr": [
            (r"\}", String.Interpol, "#pop"),
            (r"\{", Punctuation, "expr_braces"),
            (r"(:)([^{}\"'\n:]*)(?=\})", bygroups(String.Interpol, String.Interpol)),  # {x:.2f}
            include("root"),
        ],
        "expr_braces": [
            (r"\}", Punctuation, "#pop"),
            (r"\{", Punctuation, "#push"),
            include("root"),
        ],
    }


def highlight_terminal(code: str, language: str = "simple") -> str:
    """``code`` (Simple, or ``language="python"``) coloured with ANSI escapes for a terminal."""
    from pygments import highlight
    from pygments.formatters import TerminalFormatter
    from pygments.lexers import PythonLexer

    lexer = SimpleLexer() if language == "simple" else PythonLexer()
    return highlight(code, lexer, TerminalFormatter())
