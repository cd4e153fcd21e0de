"""Writing files safely: never a half-written file, never a lost change."""

from __future__ import annotations

import os
import tempfile


class ChangedOnDisk(Exception):
    """The file changed between reading it and writing it back."""


def write_atomic(path: str, text: str, expect: bytes | None = None, encoding: str = "utf-8",
                 raw: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    The mode of an existing file is kept.  With ``expect``, the current bytes
    must still equal it, or ChangedOnDisk is raised and nothing is written.
    """
    # raw: the text is written exactly in ``encoding`` (a page read as Latin-1
    # goes back as Latin-1); characters it cannot hold make the write fail.
    write_bytes_atomic(path, text.encode(encoding, errors="strict" if raw else "surrogateescape"),
                       expect)


def write_bytes_atomic(path: str, data: bytes, expect: bytes | None = None, sync: bool = True) -> None:
    """write_atomic for bytes; ``sync=False`` skips the fsyncs (for caches, which may be lost)."""
    # Write through a symbolic link: replacing the link would lose it.
    path = os.path.realpath(path)
    directory = os.path.dirname(path)
    mode = owner = None
    try:
        st = os.stat(path)
        mode = st.st_mode & 0o7777
        owner = (st.st_uid, st.st_gid)
    except FileNotFoundError:
        pass
    if expect is not None:
        with open(path, "rb") as fh:
            if fh.read() != expect:
                raise ChangedOnDisk(path)
    fd, tmp = tempfile.mkstemp(prefix=".manlint-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        if owner is not None and owner != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, *owner)
            except OSError:
                pass  # only root may give a file away; the mode is kept all the same
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if not sync:
        return
    try:  # make the rename itself durable
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
