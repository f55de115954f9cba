"""SSpec: the runtime of Simple's spec DSL (describe/context/it/expect, hooks, matchers, reporter).

Generated code calls these words as plain functions: ``describe "x":`` + block becomes
``describe("x", fn)``, ``it "y", tag: ["slow"]:`` becomes ``it("y", fn, tag=["slow"])`` (the block
is the last positional argument). Groups run their block at once; an example runs its block at
once too, wrapped in the ``before_each``/``after_each`` hooks declared so far in its groups.

A failed expectation does not throw: it is recorded against the current example with the .spl
file and line of the caller, and the example goes on. An exception fails that example only.

Results live in a ``Session`` (files -> groups -> examples) that ``spl2py test`` and the pytest
plugin both read. Without a runner, an implicit session prints to stdout (``spl2py run x_spec.spl``).

This module is imported by generated code: it must stay cheap and never import spl2py or torch.
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, TextIO

from runtime.display import show as _show
from runtime.display import show_nested
from runtime.objects import Option

__all__ = [
    # groups and examples
    "describe", "context", "feature", "it", "test", "example", "specify", "scenario", "slow_it",
    "skip_it", "skip", "pending", "xit", "step",
    # hooks
    "before_each", "after_each", "before_all", "after_all",
    # expectations and assertions
    "expect", "Expectation", "fail", "check",
    # matcher values for expect(x).to(m) / .not_to(m)
    "eq", "equal", "be_nil", "be_true", "be_false", "be_empty",
    "assert_true", "assert_false", "assert_eq", "assert_ne", "assert_equal", "assert_not_equal",
    "assert_nil", "assert_not_nil", "assert_contains",
    # summary
    "print_summary", "get_exit_code",
]

OK, FAILED, SKIPPED, PENDING, LISTED = "ok", "failed", "skipped", "pending", "listed"
_THIS_FILE = __file__


# ----------------------------------------------------------------------------------------------
# Display: Simple text of values, from runtime.display (the one implementation)
# ----------------------------------------------------------------------------------------------


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


# ----------------------------------------------------------------------------------------------
# Results: failures, examples, groups, files
# ----------------------------------------------------------------------------------------------


@dataclass
class Failure:
    """One failed expectation, failed assertion, or exception, at a .spl location."""

    message: str
    file: str = "?"
    line: int = 0
    expected: str | None = None  # Simple display of the expected value, when there is one
    actual: str | None = None  # Simple display of the actual value, when there is one
    seq: int = 0  # order of the expectation that produced it

    @property
    def location(self) -> str:
        return f"{short_path(self.file)}:{self.line}"

    def render(self) -> str:
        """``file.spl:12: message``; multi-line messages (diagnostics) are kept as they are."""
        if self.line <= 0:
            return self.message
        return f"{self.location}: {self.message}"


@dataclass(eq=False)
class Example:
    name: str
    group: "Group"
    file: str = "?"
    line: int = 0
    tags: tuple[str, ...] = ()
    status: str = PENDING
    reason: str | None = None
    failures: list[Failure] = field(default_factory=list)
    duration: float = 0.0

    @property
    def path(self) -> list[str]:
        return self.group.path + [self.name]

    @property
    def full_name(self) -> str:
        return " > ".join(self.path)

    @property
    def depth(self) -> int:
        return self.group.depth + 1


@dataclass(eq=False)
class Group:
    name: str
    parent: "Group | None" = None
    kind: str = "describe"  # "file" | "describe" | "context"
    children: list["Group | Example"] = field(default_factory=list)
    before_each: list[Callable[[], Any]] = field(default_factory=list)
    after_each: list[Callable[[], Any]] = field(default_factory=list)
    after_all: list[Callable[[], Any]] = field(default_factory=list)
    printed: bool = False

    @property
    def path(self) -> list[str]:
        """Names from the outermost group down to this one (the file root has none)."""
        if self.parent is None:
            return []
        return self.parent.path + [self.name]

    @property
    def depth(self) -> int:
        """Printing depth: the file root is -1, a top-level describe 0."""
        return -1 if self.parent is None else self.parent.depth + 1

    def chain(self) -> list["Group"]:
        """This group and its ancestors, outermost first."""
        return ([] if self.parent is None else self.parent.chain()) + [self]

    def examples(self) -> Iterator[Example]:
        for child in self.children:
            if isinstance(child, Example):
                yield child
            else:
                yield from child.examples()


@dataclass(eq=False)
class FileResult:
    """One spec file: its group tree, and an error that stopped the file (compile or top level)."""

    path: str | None
    root: Group
    error: Failure | None = None
    duration: float = 0.0

    def examples(self) -> list[Example]:
        return list(self.root.examples())


def short_path(path: str) -> str:
    """``path`` relative to the current folder when it lies below it."""
    if not path or path == "?":
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


# ----------------------------------------------------------------------------------------------
# The session: state while running, the printed tree, the summary
# ----------------------------------------------------------------------------------------------


class Session:
    """Runs and records examples. ``out`` None prints nothing; a stream prints the tree as it runs."""

    def __init__(
        self,
        out: TextIO | None | bool = True,
        filter: str | None = None,
        fail_fast: bool = False,
        list_only: bool = False,
    ) -> None:
        self._out = out
        self.filter = filter
        self.fail_fast = fail_fast
        self.list_only = list_only
        self.files: list[FileResult] = []
        self.stopped = False  # set by --fail-fast after the first failure
        self._file: FileResult | None = None
        self._group: Group | None = None
        self._example: Example | None = None
        self._expectations: list[Expectation] = []
        self._seq = 0

    # -- output --------------------------------------------------------------------------------

    @property
    def out(self) -> TextIO | None:
        """True means "sys.stdout at the time of writing" (so pytest's capture works)."""
        return sys.stdout if self._out is True else (self._out or None)

    def emit(self, text: str, depth: int = 0) -> None:
        out = self.out
        if out is None:
            return
        pad = "  " * max(depth, 0)
        out.write("\n".join(pad + line for line in text.split("\n")) + "\n")
        out.flush()

    def _print_headers(self, group: Group) -> None:
        """Print the group headers above an example line, once each, outermost first."""
        for g in group.chain():
            if g.parent is not None and not g.printed:
                self.emit(g.name, g.depth)
                g.printed = True

    def _print_example(self, ex: Example) -> None:
        self._print_headers(ex.group)
        word = {OK: "ok", FAILED: "FAILED", PENDING: "pending", SKIPPED: "skipped"}.get(ex.status, ex.status)
        if ex.status in (SKIPPED, PENDING) and ex.reason:
            word += f" ({ex.reason})"
        self.emit(f"{ex.name} ... {word}", ex.depth)
        for failure in ex.failures:
            self.emit(failure.render(), ex.depth + 1)

    # -- files and groups ----------------------------------------------------------------------

    def begin_file(self, path: str | None) -> FileResult:
        """Start recording a spec file; groups and examples go under its root until end_file."""
        result = FileResult(path, Group(path or "<spec>", kind="file"))
        self.files.append(result)
        self._file, self._group = result, result.root
        return result

    def end_file(self) -> None:
        """Run the file-level after_all hooks and close the file."""
        if self._file is None:
            return
        root = self._file.root
        self._group = root
        self._run_after_all(root)
        self._file = self._group = None

    def file_error(self, failure: Failure) -> None:
        """The current file stopped with an error outside any example."""
        file = self._file or self._ensure_file()
        file.error = failure
        self.emit(f"{short_path(file.path or '<spec>')} ... ERROR")
        self.emit(failure.render(), 1)
        if self.fail_fast:
            self.stopped = True

    def _ensure_file(self) -> FileResult:
        if self._file is None:
            self.begin_file(None)
        return self._file  # type: ignore[return-value]

    @property
    def group(self) -> Group:
        if self._group is None:
            self._ensure_file()
        return self._group  # type: ignore[return-value]

    @property
    def example(self) -> Example | None:
        return self._example

    def run_group(self, name: Any, block: Callable[[], Any] | None, kind: str) -> Group:
        """``describe``/``context``: a child group whose block runs now."""
        parent = self.group
        group = Group(show(name), parent, kind)
        parent.children.append(group)
        if block is None or self.stopped:
            return group
        self._group = group
        try:
            block()
        except Exception as exc:
            self._group_failure(group, failure_from_exception(exc))
        finally:
            self._run_after_all(group)
            self._group = parent
        return group

    def _run_after_all(self, group: Group) -> None:
        hooks, group.after_all = group.after_all, []
        for hook in hooks:
            try:
                hook()
            except Exception as exc:
                self._group_failure(group, failure_from_exception(exc, "after_all"))

    def _group_failure(self, group: Group, failure: Failure) -> None:
        """A failure outside any example: recorded as a failed pseudo-example of the group."""
        ex = Example("(group body)", group, failure.file, failure.line, status=FAILED, failures=[failure])
        group.children.append(ex)
        self._print_example(ex)
        if self.fail_fast:
            self.stopped = True

    # -- hooks -----------------------------------------------------------------------------

    def add_hook(self, kind: str, block: Callable[[], Any]) -> None:
        if self._example is not None:
            self.record(Failure(f"{kind} inside an example", *caller_site()))
            return
        if self.list_only or self.stopped:
            return  # listing runs no hook
        if kind == "before_all":
            block()  # runs now; an exception fails the enclosing group
            return
        getattr(self.group, kind).append(block)

    # -- examples --------------------------------------------------------------------------

    def wants(self, group: Group, name: str) -> bool:
        """Whether an example of this name in this group passes --filter."""
        if self.filter is None:
            return True
        path = group.path + [name]
        return self.filter in " > ".join(path) or self.filter in " ".join(path)

    def run_example(
        self,
        name: Any,
        block: Callable[[], Any] | None,
        tags: tuple[str, ...] = (),
        status: str | None = None,
        reason: str | None = None,
    ) -> Example | None:
        """Record one example, and run it unless ``status`` says skipped/pending."""
        file, line = caller_site()
        if self._example is not None:
            self.record(Failure("examples cannot be nested inside an example", file, line))
            return None
        group, text = self.group, show(name)
        if self.stopped or not self.wants(group, text):
            return None
        ex = Example(text, group, file, line, tags)
        group.children.append(ex)
        if self.list_only:
            ex.status = LISTED
            self.emit(ex.full_name)
        elif status is not None or block is None or "skip" in tags:
            ex.status = status or (SKIPPED if "skip" in tags else PENDING)
            ex.reason = reason
            self._print_example(ex)
        else:
            self._execute(ex, block)
            self._print_example(ex)
            if ex.status == FAILED and self.fail_fast:
                self.stopped = True
        return ex

    def _execute(self, ex: Example, block: Callable[[], Any]) -> None:
        """Run hooks and block; collect failures (expectations, exceptions, vacuous expects)."""
        self._example, self._expectations = ex, []
        chain = ex.group.chain()
        start = time.perf_counter()
        try:
            if self._run_hooks([h for g in chain for h in g.before_each], "before_each"):
                self._call(block, None)
            self._run_hooks([h for g in reversed(chain) for h in reversed(g.after_each)], "after_each")
            self._close_expectations()
        finally:
            ex.duration = time.perf_counter() - start
            self._example, self._expectations = None, []
        ex.failures.sort(key=lambda f: f.seq)
        ex.status = FAILED if ex.failures else OK

    def _run_hooks(self, hooks: list[Callable[[], Any]], kind: str) -> bool:
        """Run hooks in order; False when one raised (the failure is recorded)."""
        for hook in hooks:
            if not self._call(hook, kind):
                return False
        return True

    def _call(self, fn: Callable[[], Any], where: str | None) -> bool:
        try:
            fn()
            return True
        except Exception as exc:
            self.record(failure_from_exception(exc, where))
            return False

    # -- expectations --------------------------------------------------------------------------

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def track(self, expectation: "Expectation") -> None:
        if self._example is not None:
            self._expectations.append(expectation)

    def _close_expectations(self) -> None:
        """An expect() that no matcher used: a bool asserts itself, an Option (``Some(v)`` or nil)
        asserts it holds a value (``expect opt.?``), anything else is vacuous."""
        for exp in self._expectations:
            if exp._used:
                continue
            if exp._value is None or isinstance(exp._value, Option):
                if exp._value is None:
                    text = _with(exp._message, "expected a value, got nil")
                    self.record(Failure(text, exp._file, exp._line, None, "nil", exp._seq))
            elif isinstance(exp._value, bool):
                if exp._value is not True:
                    text = _with(exp._message, "expected true, got false")
                    self.record(Failure(text, exp._file, exp._line, "true", "false", exp._seq))
            else:
                msg = f"vacuous expect: expect({show_value(exp._value)}) has no matcher"
                self.record(Failure(msg, exp._file, exp._line, seq=exp._seq))

    def record(self, failure: Failure) -> None:
        """Attach a failure to the running example, or to the current group outside examples."""
        if not failure.seq:
            failure.seq = self.next_seq()
        if self._example is not None:
            self._example.failures.append(failure)
        elif not self.list_only:
            self._group_failure(self.group, failure)

    # -- results -------------------------------------------------------------------------------

    def examples(self) -> list[Example]:
        return [ex for f in self.files for ex in f.examples()]

    def counts(self) -> dict[str, int]:
        """passed / failed / skipped (skipped + pending) / listed; a file error counts as failed."""
        c = {"passed": 0, "failed": 0, "skipped": 0, "listed": 0}
        for ex in self.examples():
            key = {OK: "passed", FAILED: "failed", LISTED: "listed"}.get(ex.status, "skipped")
            c[key] += 1
        c["failed"] += sum(1 for f in self.files if f.error is not None)
        return c

    def summary_line(self) -> str:
        """``N passed, N failed`` plus ``, N skipped`` when any were skipped or pending."""
        c = self.counts()
        if self.list_only:
            return f"{c['listed']} examples"
        line = f"{c['passed']} passed, {c['failed']} failed"
        return line + (f", {c['skipped']} skipped" if c["skipped"] else "")

    def failures_report(self) -> str:
        """The failures section printed after the run ('' when none failed)."""
        items: list[tuple[str, list[Failure]]] = []
        for f in self.files:
            if f.error is not None:
                items.append((short_path(f.path or "<spec>"), [f.error]))
            items.extend((ex.full_name, ex.failures) for ex in f.examples() if ex.status == FAILED)
        if not items:
            return ""
        lines = ["Failures:", ""]
        for n, (title, failures) in enumerate(items, 1):
            lines.append(f"  {n}) {title}")
            lines.extend(_indent(fail.render(), "     ") for fail in failures)
            lines.append("")
        return "\n".join(lines)

    def exit_code(self) -> int:
        return 1 if self.counts()["failed"] else 0


def _indent(text: str, pad: str) -> str:
    return "\n".join(pad + line for line in text.split("\n"))


# ----------------------------------------------------------------------------------------------
# Session switching and source locations
# ----------------------------------------------------------------------------------------------

_session: Session | None = None


def current_session() -> Session:
    """The active session; an implicit one (printing to stdout) when no runner installed one."""
    global _session
    if _session is None:
        _session = Session(out=True)
    return _session


@contextmanager
def activate(session: Session) -> Iterator[Session]:
    """Make ``session`` the one the DSL words record into, for the duration of the block."""
    global _session
    previous, _session = _session, session
    try:
        yield session
    finally:
        _session = previous


def caller_site() -> tuple[str, int]:
    """file and line of the nearest .spl frame calling into this module (else the nearest caller)."""
    frame = sys._getframe(1)
    fallback: tuple[str, int] | None = None
    while frame is not None:
        name = frame.f_code.co_filename
        if name.endswith(".spl"):
            return name, frame.f_lineno
        if fallback is None and name != _THIS_FILE:
            fallback = (name, frame.f_lineno)
        frame = frame.f_back
    return fallback or ("?", 0)


def failure_from_exception(exc: BaseException, where: str | None = None) -> Failure:
    """A failure in Simple words (`runtime.errors.describe`, as `spl2py run` says it) at the spec's
    own line: the innermost frame of the spec file (the outermost .spl file of the traceback).
    When the error was raised further in, in library code, that line is named too."""
    from runtime.errors import describe

    spl: list[tuple[str, int]] = []
    other: tuple[str, int] = ("?", 0)
    tb = exc.__traceback__
    while tb is not None:  # .spl frames, outermost first; else the innermost frame outside this module
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".spl"):
            spl.append((name, tb.tb_lineno))
        elif name != _THIS_FILE:
            other = (name, tb.tb_lineno)
        tb = tb.tb_next
    file, line = other
    raised = ""
    if spl:
        own = [site for site in spl if site[0] == spl[0][0]]
        file, line = own[-1]
        if spl[-1] != own[-1]:
            raised = f" (raised at {short_path(spl[-1][0])}:{spl[-1][1]})"
    prefix = f"error in {where}: " if where else "error: "
    return Failure(prefix + describe(exc) + raised, file, line)


# ----------------------------------------------------------------------------------------------
# DSL words: groups, examples, hooks
# ----------------------------------------------------------------------------------------------


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
# Expectations and matchers
# ----------------------------------------------------------------------------------------------


def _equal(a: Any, b: Any) -> bool:
    """Simple equality: true is not 1, false is not 0."""
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    try:
        return bool(a == b)
    except Exception:
        return False


def _length(value: Any) -> int:
    method = getattr(value, "len", None)
    if callable(method) and not isinstance(value, (str, list, tuple, dict, set)):
        return int(method())
    return len(value)


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, str):
        return isinstance(item, str) and item in container
    if isinstance(container, (dict, set, frozenset)):
        return item in container
    if isinstance(container, (list, tuple)):
        return any(_equal(x, item) for x in container)
    method = getattr(container, "contains", None)  # a user class with its own contains()
    if callable(method):
        return bool(method(item))
    return any(_equal(x, item) for x in container)


def _truthy(value: Any) -> bool:
    """Simple truth: nil, false, 0, "" and empty collections are false (as Python's bool)."""
    return bool(value)


def _prefix(value: Any, part: Any, at_end: bool) -> bool:
    if isinstance(value, str):
        return isinstance(part, str) and (value.endswith(part) if at_end else value.startswith(part))
    seq, sub = list(value), list(part) if isinstance(part, (list, tuple)) else [part]
    if len(sub) > len(seq):
        return False
    window = seq[len(seq) - len(sub):] if at_end else seq[: len(sub)]
    return all(_equal(x, y) for x, y in zip(window, sub))


def _matches(value: Any, pattern: Any) -> bool:
    if not isinstance(value, str) or not isinstance(pattern, str):
        return False
    if pattern in value:
        return True
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return False


class Expectation:
    """``expect(value)``: each matcher records a failure (never raises) and returns nothing useful."""

    def __init__(
        self, value: Any, negated: bool = False, site: tuple[str, int] | None = None, message: Any = None
    ) -> None:
        self._value = value
        self._negated = negated
        self._message = message  # expect(x, "why") / .to_equal(y, "why"): shown before the failure
        self._used = False
        self._file, self._line = site or caller_site()
        session = current_session()
        self._seq = session.next_seq()
        session.track(self)

    # -- matcher values: expect(x).to(eq(4)), expect(x).not_to(be_nil()) --------------------

    def to(self, matcher: "Matcher") -> None:
        """Apply a matcher value (``eq(4)``, ``be_nil()``): the same check as ``to_<name>(args)``."""
        getattr(self, "to_" + matcher.name)(*matcher.args)

    def not_to(self, matcher: "Matcher") -> None:
        self.not_.to(matcher)

    # -- negation: .not_() (Simple `not_` is emitted as `not__`), and as a property ----------

    @property
    def not_(self) -> "Expectation":
        """The negated expectation; callable too, so ``.not_()`` and ``.not_`` both work."""
        self._used = True
        return _Negated(self._value, not self._negated, (self._file, self._line), self._message)

    not__ = not_

    # -- the core check ----------------------------------------------------------------------

    def _note(self, message: Any) -> None:
        """A matcher's own message replaces the one given to expect()."""
        if message is not None:
            self._message = message

    def _check(self, ok: bool, words: str, expected: Any = None, has_expected: bool = True) -> None:
        self._used = True
        if ok != self._negated:
            return
        actual = show_value(self._value)
        exp = show_value(expected) if has_expected else None
        current_session().record(self._failure(words, exp, actual))

    def _failure(self, words: str, expected: str | None, actual: str) -> Failure:
        """``expected 1, got 0`` for equality, else ``expected [1] to contain 2`` (with "not")."""
        file, line = caller_site()
        negated = self._negated != (words == "not equal")
        if words in ("equal", "not equal"):
            text = f"expected {'not ' if negated else ''}{expected}, got {actual}"
        else:
            shown = ("not " if self._negated else "") + words
            text = f"expected {actual} {shown}" + (f" {expected}" if expected is not None else "")
        return Failure(_with(self._message, text), file, line, expected, actual, self._seq)

    def _compare(self, op: Callable[[Any, Any], bool], other: Any, words: str) -> None:
        try:
            ok = bool(op(self._value, other))
        except Exception:
            ok = False
        self._check(ok, words, other)

    # -- equality --------------------------------------------------------------------------

    def to_equal(self, expected: Any, message: Any = None) -> None:
        self._note(message)
        self._check(_equal(self._value, expected), "equal", expected)

    to_be = to_eq = to_equal

    def to_not_equal(self, expected: Any, message: Any = None) -> None:
        self._note(message)
        self._check(not _equal(self._value, expected), "not equal", expected)

    # -- membership, text ------------------------------------------------------------------

    def to_contain(self, item: Any, message: Any = None) -> None:
        self._note(message)
        try:
            ok = _contains(self._value, item)
        except Exception:
            ok = False
        self._check(ok, "to contain", item)

    to_include = to_contain

    def to_not_contain(self, item: Any, message: Any = None) -> None:
        self._note(message)
        try:
            ok = not _contains(self._value, item)
        except Exception:
            ok = False
        self._check(ok, "not to contain", item)

    def to_start_with(self, prefix: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda v, p: _prefix(v, p, False), prefix, "to start with")

    def to_end_with(self, suffix: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda v, s: _prefix(v, s, True), suffix, "to end with")

    def to_match(self, pattern: Any, message: Any = None) -> None:
        self._note(message)
        self._check(_matches(self._value, pattern), "to match", pattern)

    # -- nil, truth ------------------------------------------------------------------------

    def to_be_nil(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is None, "to be nil", has_expected=False)

    to_be_none = to_be_nil

    def to_not_be_nil(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is not None, "not to be nil", has_expected=False)

    def to_be_truthy(self, message: Any = None) -> None:
        self._note(message)
        self._check(_truthy(self._value), "to be truthy", has_expected=False)

    def to_be_falsy(self, message: Any = None) -> None:
        self._note(message)
        self._check(not _truthy(self._value), "to be falsy", has_expected=False)

    def to_be_true(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is True, "to be true", has_expected=False)

    def to_be_false(self, message: Any = None) -> None:
        self._note(message)
        self._check(self._value is False, "to be false", has_expected=False)

    # -- ordering --------------------------------------------------------------------------

    def to_be_greater_than(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a > b, other, "to be greater than")

    def to_be_less_than(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a < b, other, "to be less than")

    def to_be_greater_than_or_equal(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a >= b, other, "to be greater than or equal to")

    to_be_gte = to_be_at_least = to_be_greater_than_or_equal

    def to_be_less_than_or_equal(self, other: Any, message: Any = None) -> None:
        self._note(message)
        self._compare(lambda a, b: a <= b, other, "to be less than or equal to")

    to_be_lte = to_be_at_most = to_be_less_than_or_equal

    def to_be_close_to(self, other: Any, tolerance: Any = 1e-6, message: Any = None) -> None:
        self._note(message)
        def close(a: Any, b: Any) -> bool:
            return math.isfinite(a - b) and abs(a - b) <= tolerance

        self._compare(close, other, f"to be within {show(tolerance)} of")

    # -- size ------------------------------------------------------------------------------

    def to_have_length(self, n: Any, message: Any = None) -> None:
        self._note(message)
        try:
            size: Any = _length(self._value)
        except Exception:
            size = None
        self._used = True
        if (size == n) != self._negated:
            return
        neg = "not " if self._negated else ""
        text = f"expected {show_value(self._value)} {neg}to have length {show(n)}, got length {show(size)}"
        text = _with(self._message, text)
        current_session().record(Failure(text, *caller_site(), show(n), show(size), self._seq))

    def to_be_empty(self, message: Any = None) -> None:
        self._note(message)
        try:
            ok = _length(self._value) == 0
        except Exception:
            ok = False
        self._check(ok, "to be empty", has_expected=False)


class _Negated(Expectation):
    """The result of ``.not_``: calling it returns itself, so ``.not_()`` works as well."""

    def __call__(self) -> "_Negated":
        return self


@dataclass(frozen=True)
class Matcher:
    """A matcher as a value, e.g. ``eq(4)``: ``expect(x).to(m)`` runs ``to_<name>(*args)``."""

    name: str
    args: tuple


def eq(expected: Any) -> Matcher:
    return Matcher("equal", (expected,))


def equal(expected: Any) -> Matcher:
    return Matcher("equal", (expected,))


def be_nil() -> Matcher:
    return Matcher("be_nil", ())


def be_true() -> Matcher:
    return Matcher("be_true", ())


def be_false() -> Matcher:
    return Matcher("be_false", ())


def be_empty() -> Matcher:
    return Matcher("be_empty", ())


def expect(value: Any, message: Any = None) -> Expectation:
    """``expect(x).matcher(y)``; ``expect(bool)`` alone asserts truth; ``expect(x)`` alone fails as vacuous.

    ``message`` (``expect(x > 0, "x must be positive")``) is shown before the failure text."""
    return Expectation(value, site=caller_site(), message=message)


# ----------------------------------------------------------------------------------------------
# Assertion helpers (record failures like matchers; never raise)
# ----------------------------------------------------------------------------------------------


def _record(message: str, expected: Any = None, actual: Any = None, has_values: bool = False) -> None:
    session = current_session()
    exp = show_value(expected) if has_values else None
    act = show_value(actual) if has_values else None
    session.record(Failure(message, *caller_site(), exp, act))


def _with(msg: Any, text: str) -> str:
    return f"{show(msg)}: {text}" if msg is not None else text


def fail(message: Any = "failed") -> None:
    """Fail the current example with ``message`` (it goes on)."""
    _record(show(message))


def check(condition: Any, message: Any = None) -> None:
    if not _truthy(condition):
        _record(_with(message, "check failed"))


def assert_true(condition: Any, message: Any = None) -> None:
    if condition is not True:
        _record(_with(message, f"expected true, got {show_value(condition)}"), True, condition, True)


def assert_false(condition: Any, message: Any = None) -> None:
    if condition is not False:
        _record(_with(message, f"expected false, got {show_value(condition)}"), False, condition, True)


def assert_eq(actual: Any, expected: Any, message: Any = None) -> None:
    if not _equal(actual, expected):
        text = f"expected {show_value(expected)}, got {show_value(actual)}"
        _record(_with(message, text), expected, actual, True)


assert_equal = assert_eq


def assert_ne(actual: Any, expected: Any, message: Any = None) -> None:
    if _equal(actual, expected):
        text = f"expected not {show_value(expected)}, got {show_value(actual)}"
        _record(_with(message, text), expected, actual, True)


assert_not_equal = assert_ne


def assert_nil(value: Any, message: Any = None) -> None:
    if value is not None:
        _record(_with(message, f"expected nil, got {show_value(value)}"), None, value, True)


def assert_not_nil(value: Any, message: Any = None) -> None:
    if value is None:
        _record(_with(message, "expected a value, got nil"))


def assert_contains(container: Any, item: Any, message: Any = None) -> None:
    try:
        ok = _contains(container, item)
    except Exception:
        ok = False
    if not ok:
        text = f"expected {show_value(container)} to contain {show_value(item)}"
        _record(_with(message, text), item, container, True)


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
