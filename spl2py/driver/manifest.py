"""OUT/.spl2py-manifest.json: what a build wrote into OUT, and the rules for touching OUT.

The manifest is input from disk like any other: before a build or ``clean`` trusts it, every
entry is checked to be a plain relative path inside OUT (no ``..``, no absolute or drive path, no
backslash, no symlinked folder leading out of OUT). One bad entry makes the whole manifest an
error, and nothing is deleted or written.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from spl2py.driver.cache import atomic_write

MANIFEST = ".spl2py-manifest.json"
LOCK = ".spl2py-lock"
ENTRY_KEYS = {"sha256", "key", "size", "mtime_ns"}


class BuildError(Exception):
    """A build that must not go on (an output file spl2py did not write is in the way, a bad
    manifest, an unwritable OUT); the message is one line for the user."""


def valid_relative(rel: object) -> bool:
    """A manifest path: posix, relative, normalised, no ``..``/``.``/empty part, no NUL, no
    backslash or drive (``C:``) where Windows would read them as a way out."""
    if type(rel) is not str or not rel or "\0" in rel:
        return False
    if os.name == "nt" and ("\\" in rel or (len(rel) >= 2 and rel[1] == ":")):  # pragma: no cover
        return False
    path = PurePosixPath(rel)
    if path.is_absolute() or path.as_posix() != rel:
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def inside(out_real: str, path: Path) -> bool:
    """Whether ``path``'s folder, symlinks resolved, is ``out_real`` or below it."""
    parent = os.path.realpath(path.parent)
    return parent == out_real or parent.startswith(out_real.rstrip(os.sep) + os.sep)


def _valid_entry(entry: object) -> bool:
    if type(entry) is not dict or not set(entry) <= ENTRY_KEYS:
        return False
    return all(v is None or type(v) in (str, int) for v in entry.values())


@dataclass(slots=True)
class Manifest:
    """What an earlier build wrote into OUT: relative path -> {"sha256", "key", "size", "mtime_ns"}."""

    out: Path
    files: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> "Manifest":
        path = out / MANIFEST
        if not os.path.lexists(path):
            return cls(out)
        if path.is_symlink() or not path.is_file():
            raise BuildError(f"{path} is not an spl2py manifest (not a plain file); refusing to touch {out}")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            ok = type(data) is dict and data.get("tool") == "spl2py" and type(data.get("files")) is dict
        except (OSError, ValueError, RecursionError):
            ok = False
        if not ok:
            raise BuildError(f"{path} is not an spl2py manifest; refusing to touch {out}")
        manifest = cls(out, data["files"])
        bad = manifest.invalid_entries()
        if bad:
            raise BuildError(
                f"{path} lists paths outside {out} (e.g. {bad[0]!r}); refusing to touch anything: "
                "delete the manifest if OUT holds nothing you need"
            )
        return manifest

    def invalid_entries(self) -> list[str]:
        """Entries that are not plain files inside OUT (checked before anything is touched)."""
        out_real = os.path.realpath(self.out)
        bad = []
        for rel, entry in self.files.items():
            if not valid_relative(rel) or not _valid_entry(entry):
                bad.append(str(rel))
            elif not inside(out_real, self.out / rel) or (self.out / rel).is_symlink():
                bad.append(rel)
        return bad

    def write(self) -> None:
        data = {"tool": "spl2py", "version": 1, "files": dict(sorted(self.files.items()))}
        atomic_write(self.out / MANIFEST, (json.dumps(data, indent=1) + "\n").encode())

    def up_to_date(self, rel: str, key: str) -> bool:
        entry = self.files.get(rel)
        if entry is None or entry.get("key") != key:
            return False
        try:
            st = os.stat(self.out / rel)
        except OSError:
            return False
        return st.st_size == entry.get("size") and st.st_mtime_ns == entry.get("mtime_ns")

    def record(self, rel: str, data: bytes, key: str) -> None:
        st = os.stat(self.out / rel)
        self.files[rel] = {
            "sha256": hashlib.sha256(data).hexdigest(),
            "key": key,
            "size": st.st_size,
            "mtime_ns": st.st_mtime_ns,
        }

    def target(self, rel: str) -> Path:
        """The path of an entry, checked again right before use (a folder may have become a link)."""
        path = self.out / rel
        if not valid_relative(rel) or not inside(os.path.realpath(self.out), path) or path.is_symlink():
            raise BuildError(f"{str(path)!r} leads outside {self.out}; refusing to write or delete it")
        return path


def stale_temp_files(out: Path, manifest: Manifest) -> list[Path]:
    """Temp files a killed build left (``atomic_write``'s ``.<name>.*.tmp``) beside files the
    manifest lists (the manifest's own included): only names spl2py itself would have made."""
    names_by_folder: dict[Path, set[str]] = {out: {MANIFEST}}
    for rel in manifest.files:
        path = out / rel
        names_by_folder.setdefault(path.parent, set()).add(path.name)
    found = []
    for folder, names in names_by_folder.items():
        try:
            listing = os.listdir(folder)
        except OSError:
            continue
        for entry in listing:
            if entry.endswith(".tmp") and entry.startswith("."):
                stem = entry[1:].rsplit(".", 2)[0]
                if stem in names and not (folder / entry).is_symlink():
                    found.append(folder / entry)
    return sorted(found)
