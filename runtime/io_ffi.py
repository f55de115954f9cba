"""File, environment and process externs (``rt_io_*``) over Python's standard library.

Served to `runtime/lib/app/io.spl` and `runtime/lib/fs.spl`. Each operation that can fail returns a value that says so
(``false``, ``""``, ``-1``, nil) instead of raising, as upstream's app.io does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from runtime.externs import extern

SIGNATURES = {
    "rt_io_read_text": "(path: text) -> text?",
    "rt_io_write_text": "(path: text, content: text, append: bool) -> bool",
    "rt_io_exists": "(path: text) -> bool",
    "rt_io_is_dir": "(path: text) -> bool",
    "rt_io_delete": "(path: text) -> bool",
    "rt_io_copy": "(src: text, dst: text) -> bool",
    "rt_io_size": "(path: text) -> i64",
    "rt_io_list_dir": "(path: text) -> [text]",
    "rt_io_make_dir": "(path: text) -> bool",
    "rt_io_env_get": "(name: text) -> text?",
    "rt_io_env_set": "(name: text, value: text)",
    "rt_io_cwd": "() -> text",
    "rt_io_process_run": "(cmd: text, args: [text]) -> (text, text, i64)",
    "rt_io_rename": "(src: text, dst: text) -> bool",
    "rt_io_remove_dir": "(path: text, recursive: bool) -> bool",
    "rt_io_real_path": "(path: text) -> text?",
    "rt_io_glob": "(dir: text, pattern: text) -> [text]",
}


@extern("rt_io_read_text", SIGNATURES["rt_io_read_text"])
def read_text(path: str):
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@extern("rt_io_write_text", SIGNATURES["rt_io_write_text"])
def write_text(path: str, content: str, append: bool) -> bool:
    try:
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.write(content)
        return True
    except OSError:
        return False


@extern("rt_io_exists", SIGNATURES["rt_io_exists"])
def exists(path: str) -> bool:
    return os.path.exists(path)


@extern("rt_io_is_dir", SIGNATURES["rt_io_is_dir"])
def is_dir(path: str) -> bool:
    return os.path.isdir(path)


@extern("rt_io_delete", SIGNATURES["rt_io_delete"])
def delete(path: str) -> bool:
    try:
        os.remove(path)
        return True
    except OSError:
        return False


@extern("rt_io_copy", SIGNATURES["rt_io_copy"])
def copy(src: str, dst: str) -> bool:
    try:
        shutil.copyfile(src, dst)
        return True
    except OSError:
        return False


@extern("rt_io_size", SIGNATURES["rt_io_size"])
def size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return -1


@extern("rt_io_list_dir", SIGNATURES["rt_io_list_dir"])
def list_dir(path: str) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


@extern("rt_io_make_dir", SIGNATURES["rt_io_make_dir"])
def make_dir(path: str) -> bool:
    try:
        os.makedirs(path, exist_ok=True)
        return True
    except OSError:
        return False


@extern("rt_io_env_get", SIGNATURES["rt_io_env_get"])
def env_get(name: str):
    return os.environ.get(name)


@extern("rt_io_env_set", SIGNATURES["rt_io_env_set"])
def env_set(name: str, value: str) -> None:
    os.environ[name] = value


@extern("rt_io_cwd", SIGNATURES["rt_io_cwd"])
def cwd() -> str:
    return os.getcwd()


@extern("rt_io_process_run", SIGNATURES["rt_io_process_run"])
def process_run(cmd: str, args: list[str]) -> tuple[str, str, int]:
    """Run ``cmd args...`` (no shell); (stdout, stderr, exit code), exit code -1 when it cannot start."""
    try:
        done = subprocess.run([cmd, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as exc:
        return "", str(exc), -1
    return done.stdout, done.stderr, done.returncode


@extern("rt_io_rename", SIGNATURES["rt_io_rename"])
def rename(src: str, dst: str) -> bool:
    try:
        os.replace(src, dst)
        return True
    except OSError:
        return False


@extern("rt_io_remove_dir", SIGNATURES["rt_io_remove_dir"])
def remove_dir(path: str, recursive: bool) -> bool:
    """Remove a folder: an empty one only, or everything in it when ``recursive``."""
    try:
        if recursive:
            shutil.rmtree(path)
        else:
            os.rmdir(path)
        return True
    except OSError:
        return False


@extern("rt_io_real_path", SIGNATURES["rt_io_real_path"])
def real_path(path: str):
    """The absolute path with links resolved, or nil when ``path`` does not exist."""
    return os.path.realpath(path) if os.path.exists(path) else None


@extern("rt_io_glob", SIGNATURES["rt_io_glob"])
def glob(folder: str, pattern: str) -> list[str]:
    """The paths under ``folder`` matching ``pattern`` (``*``, ``?``, ``[...]``, ``**``), sorted."""
    try:
        return sorted(str(p) for p in Path(folder).glob(pattern))
    except (OSError, ValueError):
        return []
