"""SSpec value semantics: Simple display of values in messages, and the comparisons checks use.

Display comes from runtime.display (the one implementation); equality keeps true apart from 1.
"""

from __future__ import annotations

import re
from typing import Any

from runtime.display import show as _show
from runtime.display import show_nested


def _shown(value: Any, nested: bool) -> str:
    try:
        return show_nested(value) if nested else _show(value)
    except Exception:  # a user object whose to_string() fails: still report something
        return object.__repr__(value)


def show(value: Any) -> str:
    """Simple display of ``value`` as text (strings bare), as ``print`` shows it."""
    return _shown(value, False)


def show_value(value: Any) -> str:
    """Display for failure messages: a string is quoted, as it is inside a list."""
    return _shown(value, True)



def with_message(msg: Any, text: str) -> str:
    """``msg: text`` when a message was given (expect(x, "why"), assert_eq(a, b, "why"))."""
    return f"{show(msg)}: {text}" if msg is not None else text


def simple_equal(a: Any, b: Any) -> bool:
    """Simple equality: true is not 1, false is not 0."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def length_of(value: Any) -> int:
    method = getattr(value, "len", None)
    if callable(method) and not isinstance(value, (str, list, tuple, dict, set)):
        return int(method())
    return len(value)


def contains(container: Any, item: Any) -> bool:
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    if isinstance(container, (dict, set, frozenset)):
        return item in container
    if isinstance(container, (list, tuple)):
        return any(simple_equal(x, item) for x in container)
    method = getattr(container, "contains", None)  # a user class with its own contains()
    if callable(method):
        return bool(method(item))
    return any(simple_equal(x, item) for x in container)


def truthy(value: Any) -> bool:
    """Simple truth: nil, false, 0, "" and empty collections are false (as Python's bool)."""
    return bool(value)


def has_affix(value: Any, part: Any, at_end: bool) -> bool:
    if isinstance(value, str):
        return isinstance(part, str) and (value.endswith(part) if at_end else value.startswith(part))
    seq, sub = list(value), list(part) if isinstance(part, (list, tuple)) else [part]
    if len(sub) > len(seq):
        return False
    window = seq[len(seq) - len(sub):] if at_end else seq[: len(sub)]
    return all(simple_equal(x, y) for x, y in zip(window, sub))


def matches(value: Any, pattern: Any) -> bool:
    if not isinstance(value, str) or not isinstance(pattern, str):
        return False
    if pattern in value:
        return True
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False

