"""SSpec results: failures, examples, groups and files, as a run records them (plain data)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

OK, FAILED, SKIPPED, PENDING, LISTED = "ok", "failed", "skipped", "pending", "listed"


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

