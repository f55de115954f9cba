"""stable.py: the top-level statements it accepts are exactly what black writes (once requoted);
the constructs black writes differently are declined."""

from __future__ import annotations

import ast as py
import sys
from pathlib import Path

import black
import pytest

from spl2py.driver import stable
from spl2py.driver.compile import python_chunks
from spl2py.driver.format import _requoted

REPO = Path(__file__).resolve().parents[2]
MODE = black.Mode()


def fast_texts(source: str) -> list[tuple[str, str | None]]:
    """Each top-level statement of ``source`` (through ast.unparse) and what the fast path makes
    of it (None: declined, black must format it)."""
    chunks = [text for _, text in python_chunks(py.parse(source))]
    parsed = py.parse("".join(chunks))
    line, found = 1, []
    for chunk, stmt in zip(chunks, parsed.body):
        blank = len(chunk) - len(chunk.lstrip("\n"))
        found.append((chunk[blank:], _requoted(chunk[blank:], stmt, line + blank)))
        line += chunk.count("\n")
    return found


def assert_accepted_equal_black(source: str) -> int:
    accepted = 0
    for text, fast in fast_texts(source):
        if fast is not None:
            assert fast == black.format_str(text, mode=MODE), text
            accepted += 1
    return accepted


# Each of these is written differently by black than by ast.unparse: the fast path must decline.
DECLINED = [
    "x = a ** 2\n",
    "def f(a: int=1):\n    pass\n",
    "u = a[x + 1:]\n",
    "v = a[f(x):]\n",
    "def f():\n    x = (yield)\n",
    "def f():\n    ...\n",
    "y = 1e+100\n",
    "MAGIC = (3495).to_bytes(2, 'little')\n",
    "(a,) = b\n",
    "while (f := g()):\n    pass\n",
    "def f():\n    def g():\n        return 1\n    return g\n",
    "def f():\n    if x:\n        def g():\n            pass\n    else:\n        pass\n",
    "class A(B):\n    def f(self):\n        return 1\n    x = 1\n",
    "def f():\n    import os\n    return os\n",
]

# Declined out of caution (black keeps some of them, but its rules there are subtle).
CAUTIOUS = [
    "y = a[1,]\n",
    "def f():\n    '''Doc.'''\n    return 1\n",
    "z = 1j\n",
    "del (a, b)\n",
    "x = f'a\\n{b}'\n",
    "x = '" + "a" * 90 + "'\n",
]

# And these are already black's (after requoting): accepted.
ACCEPTED = [
    "class A(B):\n    x = 1\n    def f(self):\n        return 1\n    def g(self):\n        return 2\n",
    "def f():\n    x = 1\n    def g():\n        return 1\n",
    "x = {'k': [1, 2.5, -3], **y}\n",
    "print(f'{a!r:>10} and {b}', sep='')\n",
    "for i in range(10):\n    if i % 2 == 0:\n        continue\n    else:\n        total = total + i\n",
    "try:\n    x = a[1:2]\nexcept (E, F) as e:\n    raise G from e\nfinally:\n    pass\n",
    "f = lambda a, *b, c=1, **d: (a, b, c, d)\n",
    "fields = ('width',)\n",
    "x = [y for y in z if y is not None and not y]\n",
]


@pytest.mark.parametrize("source", DECLINED)
def test_what_black_changes_is_declined(source):
    [(text, fast)] = fast_texts(source)
    assert fast is None, text
    assert black.format_str(text, mode=MODE) != text.replace("'", '"')  # black does change it


@pytest.mark.parametrize("source", CAUTIOUS)
def test_subtle_cases_are_left_to_black(source):
    [(_, fast)] = fast_texts(source)
    assert fast is None


@pytest.mark.parametrize("source", ACCEPTED)
def test_what_black_keeps_is_accepted(source):
    [(text, fast)] = fast_texts(source)
    assert fast == black.format_str(text, mode=MODE)


def test_generated_code_of_the_golden_corpus_matches_black():
    from spl2py.driver.compile import lower_unit, python_text
    from spl2py.modules import load_program

    accepted = 0
    for case in sorted((REPO / "golden").glob("*/input.spl")):
        try:
            lowered = lower_unit(load_program(case).entry)
        except Exception:
            continue  # cases of compile errors
        accepted += assert_accepted_equal_black(python_text(lowered))
    assert accepted > 200  # most statements of generated code need no black


@pytest.mark.parametrize("name", ["textwrap", "json/encoder", "dataclasses", "email/_header_value_parser"])
def test_python_sources_match_black(name):
    """Hand-written Python holds constructs generated code rarely has."""
    path = Path(sys.modules["os"].__file__).parent / f"{name}.py"
    source = py.unparse(py.parse(path.read_text(encoding="utf-8")))
    assert assert_accepted_equal_black(source) > 0


def test_module_needs_whole_black():
    assert stable.module_needs_whole_black(py.parse("x = 1\n'a string statement'\n"))
    assert stable.module_needs_whole_black(py.parse("if x:\n    def f():\n        pass\n"))
    assert not stable.module_needs_whole_black(py.parse("def f():\n    def g():\n        pass\n"))
