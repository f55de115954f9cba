"""Constructs spl2py rejects by design: a precise ``unsupported: ...`` at their line, never dropped code."""

from __future__ import annotations

import pytest
from syntax_helpers import error


@pytest.mark.parametrize(
    "src, message, line, col",
    [
        ("actor Counter:\n    var n = 0\n", "unsupported: actors", 1, 1),
        ("asm:\n    mov a, b\n", "unsupported: inline assembly (asm)", 1, 1),
        ("kernel fn add(a, b):\n    a + b\n", "unsupported: GPU kernels", 1, 1),
        ("@gpu\nfn k():\n    pass\n", "unsupported: GPU kernels", 1, 1),
        ("#[kernel]\nfn k():\n    pass\n", "unsupported: GPU kernels", 1, 1),
        ("fn f(x: i64) -> i64:\n    requires:\n        x > 0\n    x\n", "unsupported: contracts (requires)", 2, 5),
        ("fn f(x: i64) -> i64:\n    ensures:\n        x > 0\n    x\n", "unsupported: contracts (ensures)", 2, 5),
        ("x = a and~ b\n", "unsupported: suspension 'and~'", 1, 7),
        ("bind Shape = Square\n", "unsupported: static dispatch binding (bind)", 1, 1),
        ("async fn f():\n    pass\n", "unsupported: async functions", 1, 1),
        ("fn f():\n    val x = await g()\n", "unsupported: async/await", 2, 13),
        ("fn f():\n    spawn worker()\n", "unsupported: spawn", 2, 5),
        ("fn f():\n    yield 5\n", "unsupported: generators (yield)", 2, 5),
        ("val v = vec!(1, 2)\n", "unsupported: macro call 'vec!'", 1, 9),
        ("macro m(x):\n    x\n", "unsupported: macros", 1, 1),
        ("try:\n    f()\ncatch e:\n    g()\n", "unsupported: try/catch (use Result and '?')", 1, 1),
        ('throw Error("x")\n', "unsupported: throw (use Result or panic)", 1, 1),
        ("val f = move \\x: x\n", "unsupported: move lambdas", 1, 9),
        ("x = a // b\n", "unsupported: the parallel operator '//'", 1, 7),
        ("x = a ~> b\n", "unsupported: the layer operator '~>'", 1, 7),
        ("@cfg(debug)\nfn f():\n    pass\n", "unsupported: conditional compilation (@cfg)", 1, 1),
        ("#if DEBUG\nx = 1\n#endif\n", "unsupported: conditional compilation directive '#if'", 1, 1),
        ("val t = (q: 1, r: 2)\n", "unsupported: named tuples (use a struct or a dict)", 1, 9),
        ("val f = xs.map(_1 + _)\n", "unsupported: mixing '_' and numbered placeholders ('_1') in one argument", 1, 21),
        ("val f = f(_ + g(_1 * _))\n", "unsupported: mixing '_' and numbered placeholders ('_1') in one argument", 1, 22),
    ],
)
def test_unsupported(src, message, line, col):
    d = error(src).diagnostics[0]
    assert (d.message, d.span.line, d.span.col) == (message, line, col)


def test_identifiers_that_only_look_like_unsupported_words_are_fine():
    from syntax_helpers import body

    assert len(body("val kernel = 3\nval gpu = kernel * 2\nbind = 1\nval out = [1]\nval inner = out[0]\n")) == 5
