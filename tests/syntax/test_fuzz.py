"""Mutated Simple sources: the front end returns a Module or raises CompileError, nothing else."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spl2py.diagnostics import CompileError
from spl2py.syntax import ast, parse

CORPUS = [
    'fn main():\n    print "Hello {name}!"\n    val x = [1, 2, 3]\n    for i, v in x:\n        print "{i}: {v:.2f}"\n',
    "class Account:\n    \"\"\"Doc.\"\"\"\n    owner: text\n    balance: i64 = 0\n\n"
    "    static fn open(who: text) -> Account:\n        Account(owner: who)\n\n    me deposit(n: i64):\n"
    "        self.balance += n\n",
    "enum Shape:\n    Circle(f64)\n    Rect(w: f64, h: f64)\n\nfn area(s: Shape) -> f64:\n    match s:\n"
    "        case Shape.Circle(r): 3.14 * r * r\n        | Shape.Rect(w, h) -> w * h\n        _: 0.0\n",
    'use std.spec.*\ndescribe "Stack":\n    before_each:\n        reset()\n    it "works", tag: ["slow"]:\n'
    "        expect(size()).to_equal(0)\n        expect x == y\n",
    "val xs = [x * x for x in 0..10 if x % 2 == 0]\nval d = {k: v for k, v in pairs}\n"
    "val f = \\a, b: a + b\nval g = fn(x):\n    x * 2\nys.map(fn(y):\n    y + 1\n)\n",
    "if a and\n    b:\n    pass\nelif c: x = 1\nelse:\n    while val v = next():\n        'outer: loop:\n"
    "            break 'outer\n",
    "/* block /* nested */ */\n#[tag(\"x\")]\n@deco(1)\nfn f<T>(xs: [T], n: i64 = 0, rest...) -> T?:\n"
    "    xs[n:] ?? nil\n",
    'val s = r"raw {x}" + \'single\' + """triple\nlines""" + f"""{a}\n{b:>4}"""\n'
    'val t = "esc \\t \\{ {{ }} \\x41 \\u{1F600} {x ?? "d"}"\n',
    "export fn double(x: i64) -> i64: x * 2\nexport use a.b.{c as d}\nexport {A, B} from m\n"
    "from m import X\nuse ..rel.{*}\ntype L = List<i64>\nextern fn rt_x(a: i64) -> i64\n",
    "val f = |x| x + 1\nval g = (a, b) => a * b\nys.map(x => x * 10)\nzs.reduce(0, _ + _).map(&:len)\n"
    "val {name, age: a} = person\nval t = s{1, 2} | 3\nmatch v:\n    case {k: 1} if ok => |y| y\n    | _ -> || 0\n"
    "fn f<T>(x: T) -> T where T: Show + Eq:\n    expect x to_equal f(_1 - _2)\n    expect(x) not_to equal(1)\n",
    "val p = Point { x: 1, y: 2 }\nval m = Map<text, i64>.new()\nval r = a?.b?.c() ?? d\n"
    "val q = (1, 2)\nval z = [0; n]\nwith open(f) as h:\n    defer close(h)\n    assert h, \"msg\"\n",
]
INSERTS = list(":()[]{}\"'\\#/*\n\t ,.=+-<>|?;@!~$`") + [
    "fn ", "if ", "else:", "match ", "case ", "val ", "\n    ", "\n        ", "\"\"\"", "/*", "*/", "{x}",
    "#[", "'l:", "\\x", "\\u{", "..", "->", "=>", "\ue001", "\ue002", "\ue010", "\r", "\ufeff", "é",
]


@st.composite
def mutated(draw):
    src = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 4))):
        src = draw(_mutation(src))
    return src


def _mutation(src: str):
    n = max(len(src), 1)
    pos = st.integers(0, n)
    lines = src.split("\n")

    def delete(a, b):
        a, b = sorted((a, b))
        return src[:a] + src[min(b, a + 12) :]

    def duplicate(a, b):
        a, b = sorted((a, b))
        return src[:b] + src[a:b] + src[b:]

    def insert(a, text):
        return src[:a] + text + src[a:]

    def swap(i, j):
        ls = list(lines)
        i, j = i % len(ls), j % len(ls)
        ls[i], ls[j] = ls[j], ls[i]
        return "\n".join(ls)

    def indent(i, delta):
        ls = list(lines)
        i = i % len(ls)
        ls[i] = (" " * delta + ls[i]) if delta > 0 else ls[i][min(-delta, len(ls[i]) - len(ls[i].lstrip())):]
        return "\n".join(ls)

    def tabify(i):
        ls = list(lines)
        i = i % len(ls)
        ls[i] = ls[i].replace("    ", "\t", 1)
        return "\n".join(ls)

    return st.one_of(
        st.builds(delete, pos, pos),
        st.builds(duplicate, pos, pos),
        st.builds(insert, pos, st.sampled_from(INSERTS)),
        st.builds(swap, st.integers(0, 100), st.integers(0, 100)),
        st.builds(indent, st.integers(0, 100), st.integers(-6, 6)),
        st.builds(tabify, st.integers(0, 100)),
    )


def test_corpus_is_valid():
    for src in CORPUS:
        assert isinstance(parse(src, "corpus.spl"), ast.Module)


# CI runs a fixed sequence of examples (a red CI must be reproducible); local runs explore new ones.
@settings(max_examples=2000, deadline=None, derandomize=bool(os.environ.get("CI")), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutations_give_a_module_or_a_compile_error(src):
    try:
        result = parse(src, "fuzz.spl")
    except CompileError as e:
        assert e.diagnostics and e.diagnostics[0].span.line >= 1
        e.render()  # rendering never fails either
    else:
        assert isinstance(result, ast.Module)
