"""Results that depend only on the bytes of the data and on the code, kept in .cache/ between builds.

A key is a hash of the inputs; `CODE` (a hash of this package's source and the versions of the libraries that
read and check the data) is part of every key, so changing the code or upgrading frictionless or pandas starts
afresh. Entries are written atomically (a build may run beside another); deleting .cache/ is always safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from .paths import CACHE

HERE = Path(__file__).resolve().parent


@cache
def code() -> str:
    digest = hashlib.sha256(f"{sys.version}|{version('frictionless')}|{version('pandas')}".encode())
    for path in sorted([*HERE.glob("*.py"), *HERE.glob("schemas/*.json")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _path(kind: str, key: str, suffix: str = "") -> Path:
    name = hashlib.sha256(f"{code()}|{key}".encode()).hexdigest()[:32]
    return CACHE / kind / f"{name}{suffix}"


def write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (readers never see half a file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def has(kind: str, key: str) -> bool:
    """Whether `key` was marked before (e.g. "these exact bytes passed validation with this code")."""
    return _path(kind, key).exists()


def mark(kind: str, key: str) -> None:
    write_atomic(_path(kind, key), b"")


def load(kind: str, key: str):
    """A value stored by `store` (our own files in .cache/, so unpickling them is safe), or None."""
    path = _path(kind, key, ".pickle")
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None


def store(kind: str, key: str, value) -> None:
    write_atomic(_path(kind, key, ".pickle"), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
