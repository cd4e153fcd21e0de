"""Turn the bytes of a page into text, reporting what had to be repaired."""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib

# C0 (but tab and newline), DEL and C1: terminals act on them (ESC, CSI...).
# Latin-1 input turns bytes 0x80-0x9f into C1 characters.
# No page is this large (the largest installed ones are a few megabytes);
# a larger file, or a .gz that inflates past it, is refused, not read whole.
MAX_INPUT_BYTES = 64 << 20
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_limited(path: str, limit: int) -> bytes:
    """The file's bytes, at most ``limit`` of them.

    Read as the file's size says, with os calls: ``open(path).read(limit)``
    allocated ``limit`` bytes (64 MiB) for every page before shrinking them,
    and the file object asked whether the file is a terminal and where it
    stands, three system calls a page more.
    """
    fd = os.open(path, os.O_RDONLY | _CLOEXEC)
    try:
        size = os.fstat(fd).st_size
        # A regular file is read in one call; a pipe or a file that grows, in chunks.
        want = min(size, limit) + 1 if size else 1 << 16
        parts, got = [], 0
        while got < limit:
            chunk = os.read(fd, min(want, limit - got))
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
            want = 1 << 16
    finally:
        os.close(fd)
    return parts[0] if len(parts) == 1 else b"".join(parts)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: str) -> bytes:
    """Read a page from disk, gunzipping .gz (and gzip-magic) files."""
    data = read_limited(path, MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise OSError(f"larger than {MAX_INPUT_BYTES} bytes; not read")
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(MAX_INPUT_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise OSError(f"cannot decompress: {exc}") from None
        if len(data) > MAX_INPUT_BYTES:
            raise OSError(f"decompresses to more than {MAX_INPUT_BYTES} bytes; not read")
    return data


def decode_bytes(data: bytes) -> tuple[str, str, list[tuple[str, int, int, dict]]]:
    """Return (text, encoding, problems); problems are (message key, line, col, kw)."""
    problems: list[tuple[str, int, int, dict]] = []
    encoding = "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
        text = data.decode("utf-16", errors="replace").lstrip("\ufeff")
        problems.append(("utf16-input", 1, 1, {}))
    else:
        if data[:3] == b"\xef\xbb\xbf":
            problems.append(("byte-order-mark", 1, 1, {}))
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            encoding = "latin-1"
            text = data.decode("latin-1")
            problems.append(("not-utf8", line, 1, {"start": line}))
    if "\r" in text:
        first = text.count("\n", 0, text.index("\r")) + 1
        problems.append(("crlf-line-endings", first, 1, {}))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = _CONTROL.search(text)
    if first:
        # One finding at the first, with the count: a page that holds one
        # control character usually holds a table of them (koi8-r(7)).
        more = len(_CONTROL.findall(text, first.end()))
        line = text.count("\n", 0, first.start()) + 1
        col = first.start() - (text.rfind("\n", 0, first.start()) + 1) + 1
        problems.append(("control-character", line, col,
                         {"code": ord(first.group()), "more": f" (and {more} more)" if more else ""}))
        # Keep the page readable: control characters become U+FFFD, which
        # every renderer prints harmlessly.
        text = _CONTROL.sub("\ufffd", text)
    return text, encoding, problems
