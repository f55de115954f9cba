"""Python module names for .spl files.

Every generated module lives under the private package ``_splmod``:
``_splmod.<root label>.<folder>...<stem>``. The label names the "home" the file lies in (the
project, a library root, the bundled library), so a Simple ``torch.spl`` is never Python's
``torch`` and ``a/util.spl`` / ``b/util.spl`` stay apart. ``X/__init__.spl`` is the package ``X``
itself (as in Python); ``X/mod.spl`` is ``X.mod``.
"""

from __future__ import annotations

import hashlib
import keyword
import os
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "_splmod"

_NON_IDENT = re.compile(r"[^0-9A-Za-z_]")


def sanitize(component: str) -> str:
    """A readable Python identifier for one path component (not injective: collisions are checked)."""
    name = _NON_IDENT.sub("_", component)
    if not name or name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name += "_"
    return name


@dataclass(frozen=True, slots=True)
class Home:
    """A folder that names the files under it: ``root/a/b.spl`` -> ``_splmod.<label>.a.b``."""

    root: Path  # absolute, symlinks kept
    label: str


def contains(folder: Path, path: Path) -> bool:
    """Whether ``path`` lies inside ``folder`` (both absolute; compared textually, symlinks kept)."""
    return path == folder or folder in path.parents


def outside_home(path: Path) -> Home:
    """The home of a file under no known root: its own folder, labelled by a hash of that folder."""
    digest = hashlib.sha256(os.fsencode(path.parent)).hexdigest()[:8]
    return Home(path.parent, f"ext_{digest}")


def pyname_for(path: Path, home: Home) -> str:
    """The generated module name of the .spl file ``path`` (absolute) inside ``home``."""
    rel = path.relative_to(home.root)
    parts = list(rel.parts)
    parts[-1] = parts[-1][: -len(".spl")] if parts[-1].endswith(".spl") else parts[-1]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, home.label, *map(sanitize, parts)])
