"""Code health: no import cycle among the project's modules, and pyflakes finds nothing.

The import graph is read with ``ast`` from every import statement, top-level and function-local
alike, so a cycle hidden by a late import fails here too.
"""

from __future__ import annotations

import ast
import io
from pathlib import Path

from pyflakes.api import checkPath
from pyflakes.reporter import Reporter

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("spl2py", "runtime")
LINTED = ("spl2py", "runtime", "bench", "tests")


def module_files() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in sorted((ROOT / pkg).rglob("*.py")):
            parts = f.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = f
    return out


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in modules and t != name)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = module_files()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path ``[a, b, ..., a]``, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return None


def test_no_import_cycle_among_project_modules():
    assert find_cycle(import_graph()) is None


def test_the_cycle_check_sees_function_local_imports():
    graph = import_graph()
    assert "spl2py.syntax.parser" in graph["spl2py.syntax"]  # imported inside parse()
    graph["spl2py.syntax.layout"].add("spl2py.syntax.parser")
    assert find_cycle(graph) is not None


def test_runtime_never_imports_the_compiler():
    graph = import_graph()
    assert not [(m, d) for m, ds in graph.items() if m.startswith("runtime") for d in ds if d.startswith("spl2py")]


def pyflakes_warnings() -> list[str]:
    out, err = io.StringIO(), io.StringIO()
    reporter = Reporter(out, err)
    for top in LINTED:
        for f in sorted((ROOT / top).rglob("*.py")):
            checkPath(str(f), reporter)
    warnings = []
    for line in (out.getvalue() + err.getvalue()).splitlines():
        path, _, rest = line.partition(":")
        lineno = rest.partition(":")[0]
        if lineno.isdigit():
            src = Path(path).read_text(encoding="utf-8").splitlines()[int(lineno) - 1]
            if "# noqa" in src:  # a deliberate side-effect import, said so where it stands
                continue
        warnings.append(line.replace(str(ROOT) + "/", ""))
    return warnings


def test_pyflakes_finds_nothing():
    assert pyflakes_warnings() == []
