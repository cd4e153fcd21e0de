"""A content-hash cache of lint results, like ruff's.

Keyed by the file's bytes, the selection and manlint's version; each entry
is one small file written atomically, so concurrent runs can share a cache.
"""

from __future__ import annotations

import os
import pickle
import tempfile
try:  # hashlib would load OpenSSL first (5 ms of start-up) for a hash it has built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

from .. import __version__


def code_stamp(package: str | None = None) -> str:
    """Sizes and mtimes of manlint's own modules and data files.

    The version alone is not enough: in a checkout (an editable install) the
    rules change without a new version, and old results must not be served.
    A few hundred stats, well under a millisecond of a warm run.
    """
    if package is None:
        package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    h = blake2b(digest_size=12)
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".txt", ".toml")):
                try:
                    st = os.stat(os.path.join(dirpath, name))
                except OSError:
                    continue
                h.update(f"{dirpath}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class ResultCache:
    def __init__(self, directory: str, selection_key: str):
        self.dir = os.path.join(directory, "lint-v1")
        self.salt = f"{__version__}|{code_stamp()}|{selection_key}".encode()
        self.ok = True
        try:
            os.makedirs(self.dir, exist_ok=True)
        except OSError:
            self.ok = False

    def _key(self, path: str, key: str) -> str | None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        h = blake2b(data, digest_size=20)
        h.update(self.salt)
        h.update(key.encode())
        h.update(os.path.abspath(path).encode())
        return h.hexdigest()

    def get(self, path: str, key: str):
        if not self.ok:
            return None
        k = self._key(path, key)
        if k is None:
            return None
        try:
            with open(os.path.join(self.dir, k[:2], k), "rb") as fh:
                result = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            return None
        result.path = path
        return result

    def put(self, path: str, key: str, result) -> None:
        if not self.ok:
            return
        k = self._key(path, key)
        if k is None:
            return
        sub = os.path.join(self.dir, k[:2])
        try:
            os.makedirs(sub, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=sub, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, os.path.join(sub, k))
        except OSError:
            pass
