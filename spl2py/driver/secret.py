"""The per-user secret that authenticates cache entries (HMAC-SHA256).

The secret is 32 random bytes in a file only the user can read (mode 0600), in the user's config
folder (``platformdirs.user_config_dir("spl2py")``, or ``$SPL2PY_SECRET_FILE``), never inside a
project: a repository can ship cache files, but not entries signed with the reader's secret.
Without a usable secret (unreadable, foreign owner, loose permissions) the cache is switched off:
every read is a miss and nothing is written.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from pathlib import Path

ENV_FILE = "SPL2PY_SECRET_FILE"
SIZE = 32
TAG_SIZE = hashlib.sha256().digest_size

_secret: dict[str, bytes | None] = {}  # path -> secret (None: unusable), per process


def secret_file() -> Path:
    env = os.environ.get(ENV_FILE)
    if env:
        return Path(os.path.abspath(env))
    return config_dir() / "cache-secret"


def config_dir() -> Path:
    """``platformdirs.user_config_dir("spl2py")``. On Linux its plain cases are the XDG rule, taken
    here without importing platformdirs (~5 ms of every start-up); any other case asks it."""
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        xdg, home = os.environ.get("XDG_CONFIG_HOME", ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg) / "spl2py"
        if not xdg and os.path.isabs(home):
            return Path(home) / ".config" / "spl2py"
    import platformdirs

    return Path(platformdirs.user_config_dir("spl2py"))


def _read(path: Path) -> bytes | None:
    """The secret in ``path`` when the file is ours: a regular file, owned by us, mode 0600."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not _private(st):
            return None
        data = os.read(fd, SIZE + 1)
    finally:
        os.close(fd)
    return data if len(data) == SIZE else None


def _private(st: os.stat_result) -> bool:
    import stat

    if not stat.S_ISREG(st.st_mode):
        return False
    if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
        return False
    return True


def _create(path: Path) -> None:
    """Write a fresh secret to ``path`` unless one exists (atomic: a temp file linked into place)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, os.urandom(SIZE))
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if another process made one first: theirs wins
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def user_secret() -> bytes | None:
    """This user's secret, created on first use; None when none can be read or made."""
    path = secret_file()
    key = str(path)
    if key not in _secret:
        value = _read(path)
        if value is None and not os.path.lexists(path):
            try:
                _create(path)
            except OSError:
                pass
            value = _read(path)
        _secret[key] = value
    return _secret[key]


def _tag(secret: bytes, data: bytes, kind: str, key: str) -> bytes:
    mac = hmac.new(secret, digestmod=hashlib.sha256)
    mac.update(f"spl2py cache\0{kind}\0{key}\0".encode("utf-8", "surrogatepass"))
    mac.update(data)
    return mac.digest()


def seal(data: bytes, kind: str, key: str) -> bytes | None:
    """``data`` prefixed with its tag (None when there is no secret)."""
    secret = user_secret()
    if secret is None:
        return None
    return _tag(secret, data, kind, key) + data


def open_sealed(sealed: bytes, kind: str, key: str) -> bytes | None:
    """The payload of a sealed entry when its tag is ours for this kind and key, else None."""
    secret = user_secret()
    if secret is None or len(sealed) < TAG_SIZE:
        return None
    tag, data = sealed[:TAG_SIZE], sealed[TAG_SIZE:]
    return data if hmac.compare_digest(tag, _tag(secret, data, kind, key)) else None
