"""SSpec session: the state of a run (current file, group, example), hooks, the printed tree.

DSL words record into ``current_session()``: the one a runner installed with ``activate``, else an
implicit one printing to stdout (``spl2py run x_spec.spl``). The counts and the failures section
are computed by report.py.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TextIO

from runtime.objects import Option
from runtime.spec import report
from runtime.spec.results import FAILED, LISTED, OK, PENDING, SKIPPED, Example, Failure, FileResult, Group, short_path
from runtime.spec.sites import caller_site, failure_from_exception
from runtime.spec.values import show, show_value, with_message


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
        self._expectations: list[Any] = []  # runtime.spec.expect.Expectation
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

    def track(self, expectation: Any) -> None:
        """Remember an Expectation of the running example (checked for use when it ends)."""
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
                    text = with_message(exp._message, "expected a value, got nil")
                    self.record(Failure(text, exp._file, exp._line, None, "nil", exp._seq))
            elif isinstance(exp._value, bool):
                if exp._value is not True:
                    text = with_message(exp._message, "expected true, got false")
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

    # -- results (report.py) -------------------------------------------------------------------

    def examples(self) -> list[Example]:
        return [ex for f in self.files for ex in f.examples()]

    def counts(self) -> dict[str, int]:
        """passed / failed / skipped (skipped + pending) / listed; a file error counts as failed."""
        return report.counts(self.files)

    def summary_line(self) -> str:
        """``N passed, N failed`` plus ``, N skipped`` when any were skipped or pending."""
        return report.summary_line(self.files, self.list_only)

    def failures_report(self) -> str:
        """The failures section printed after the run ('' when none failed)."""
        return report.failures_report(self.files)

    def exit_code(self) -> int:
        return 1 if self.counts()["failed"] else 0


# ----------------------------------------------------------------------------------------------
# Session switching
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



def drop_implicit_session() -> Session | None:
    """Forget the active session (``spl2py run`` drops the implicit one its program created); it is returned."""
    global _session
    session, _session = _session, None
    return session
