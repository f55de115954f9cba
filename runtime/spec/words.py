"""SSpec DSL words: groups (describe/context), examples (it/skip_it/pending/...), hooks, summary.

Generated code calls them as plain functions: ``describe "x":`` + block becomes ``describe("x", fn)``,
``it "y", tag: ["slow"]:`` becomes ``it("y", fn, tag=["slow"])`` (the block is the last positional
argument). Each word hands its work to the current session.
"""

from __future__ import annotations

from typing import Any, Callable

from runtime.spec.results import PENDING, SKIPPED, Example, Group
from runtime.spec.session import current_session
from runtime.spec.values import show


def _split(args: tuple[Any, ...]) -> tuple[Any, list[Any], Callable[[], Any] | None]:
    """(name, other arguments, block): the block is the callable argument after the name (the last)."""
    if not args:
        raise TypeError("a spec word needs a name")
    name, rest = args[0], list(args[1:])
    blocks = [a for a in rest if callable(a)]
    return name, [a for a in rest if not callable(a)], (blocks[-1] if blocks else None)


def _tags(kw: dict[str, Any], extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    raw = kw.get("tag", kw.get("tags", ()))
    items = [raw] if isinstance(raw, str) else list(raw or ())
    return tuple(str(t) for t in items) + extra


def describe(*args: Any, **kw: Any) -> Group:
    """``describe "name":`` + block: a group; the block runs now."""
    name, _, block = _split(args)
    return current_session().run_group(name, block, "describe")


def context(*args: Any, **kw: Any) -> Group:
    """``context "name":`` + block: a nested group (same as describe)."""
    name, _, block = _split(args)
    return current_session().run_group(name, block, "context")


feature = describe


def it(*args: Any, **kw: Any) -> Example | None:
    """``it "name":`` + block: one example, run now. ``tag: ["skip"]`` skips it; no block: pending."""
    name, _, block = _split(args)
    return current_session().run_example(name, block, _tags(kw))


it.__test__ = False  # type: ignore[attr-defined]  # `from runtime.spec import *` in a pytest module
test = example = specify = scenario = it


def slow_it(*args: Any, **kw: Any) -> Example | None:
    """An example tagged "slow" (run like any other)."""
    name, _, block = _split(args)
    return current_session().run_example(name, block, _tags(kw, ("slow",)))


def skip_it(*args: Any, **kw: Any) -> Example | None:
    """An example that is recorded as skipped and never run; a second text argument is the reason."""
    name, rest, _ = _split(args)
    reason = show(rest[0]) if rest else kw.get("reason")
    return current_session().run_example(name, None, _tags(kw), SKIPPED, reason)


xit = skip_it


def skip(*args: Any, **kw: Any) -> Example | None:
    """``skip(name, reason)``: a skipped example."""
    return skip_it(*args, **kw)


def pending(*args: Any, **kw: Any) -> Example | None:
    """``pending(name)`` (a block, if given, is not run)."""
    name, rest, _ = _split(args)
    reason = show(rest[0]) if rest else kw.get("reason")
    return current_session().run_example(name, None, _tags(kw), PENDING, reason)


def step(*args: Any, **kw: Any) -> None:
    """A doc-only marker inside an example; does nothing (a block, if given, runs)."""
    if args and callable(args[-1]) and len(args) > 1:
        args[-1]()


def before_each(block: Callable[[], Any]) -> None:
    """Runs before every later example of this group and its nested groups (outer groups first)."""
    current_session().add_hook("before_each", block)


def after_each(block: Callable[[], Any]) -> None:
    """Runs after every later example of this group and nested groups (inner groups first)."""
    current_session().add_hook("after_each", block)


def before_all(block: Callable[[], Any]) -> None:
    """Runs immediately (SSpec semantics)."""
    current_session().add_hook("before_all", block)


def after_all(block: Callable[[], Any]) -> None:
    """Runs when the enclosing describe/context ends (at top level: when the file ends)."""
    current_session().add_hook("after_all", block)


# ----------------------------------------------------------------------------------------------
# Summary words (for spec files run without a runner, e.g. `spl2py run x_spec.spl`)
# ----------------------------------------------------------------------------------------------


def print_summary() -> None:
    """Print the failures section and the closing line of the current session."""
    session = current_session()
    report = session.failures_report()
    if report:
        session.emit("\n" + report)
    session.emit(session.summary_line())


def get_exit_code() -> int:
    """1 when any example failed so far, else 0."""
    return current_session().exit_code()
