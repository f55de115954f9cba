"""SSpec assertion words (``assert_eq``, ``check``, ``fail``, ...): they record failures as matchers
do, in the current session at the caller's .spl line, and never raise."""

from __future__ import annotations

from typing import Any

from runtime.spec.results import Failure
from runtime.spec.session import current_session
from runtime.spec.sites import caller_site
from runtime.spec.values import contains, show, show_value, simple_equal, truthy, with_message


def _record(message: str, expected: Any = None, actual: Any = None, has_values: bool = False) -> None:
    session = current_session()
    exp = show_value(expected) if has_values else None
    act = show_value(actual) if has_values else None
    session.record(Failure(message, *caller_site(), exp, act))



def fail(message: Any = "failed") -> None:
    """Fail the current example with ``message`` (it goes on)."""
    _record(show(message))


def check(condition: Any, message: Any = None) -> None:
    if not truthy(condition):
        _record(with_message(message, "check failed"))


def assert_true(condition: Any, message: Any = None) -> None:
    if condition is not True:
        _record(with_message(message, f"expected true, got {show_value(condition)}"), True, condition, True)


def assert_false(condition: Any, message: Any = None) -> None:
    if condition is not False:
        _record(with_message(message, f"expected false, got {show_value(condition)}"), False, condition, True)


def assert_eq(actual: Any, expected: Any, message: Any = None) -> None:
    if not simple_equal(actual, expected):
        text = f"expected {show_value(expected)}, got {show_value(actual)}"
        _record(with_message(message, text), expected, actual, True)


assert_equal = assert_eq


def assert_ne(actual: Any, expected: Any, message: Any = None) -> None:
    if simple_equal(actual, expected):
        text = f"expected not {show_value(expected)}, got {show_value(actual)}"
        _record(with_message(message, text), expected, actual, True)


assert_not_equal = assert_ne


def assert_nil(value: Any, message: Any = None) -> None:
    if value is not None:
        _record(with_message(message, f"expected nil, got {show_value(value)}"), None, value, True)


def assert_not_nil(value: Any, message: Any = None) -> None:
    if value is None:
        _record(with_message(message, "expected a value, got nil"))


def assert_contains(container: Any, item: Any, message: Any = None) -> None:
    try:
        ok = contains(container, item)
    except Exception:
        ok = False
    if not ok:
        text = f"expected {show_value(container)} to contain {show_value(item)}"
        _record(with_message(message, text), item, container, True)
