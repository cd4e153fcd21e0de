"""Read-only string tables kept in one file and looked up without unpacking.

Word lists and the header index hold tens of thousands of names; turning
them into a dict or set at start-up costs more than linting a page (about
80 ms for codespell's table). A packed table is one bytes object: a hash
bucket per key, found with crc32, so opening it costs a file read and each
lookup touches one short bucket.

File layout (all integers little-endian uint32)::

    MAGIC  key-length  key  bucket-count  offsets[bucket-count + 1]  data

``key`` is the caller's staleness key (a version, or mtimes); ``data`` holds
each bucket's entries as ``name 0x1f value 0x1e``.
"""

from __future__ import annotations

import os
import re
import struct
import sys
import zlib
from array import array

MAGIC = b"MLPK1\n"
_UNIT = b"\x1f"
_RECORD = b"\x1e"
_RECORD_BYTE = _RECORD[0]
_VALUE = re.compile(rb"\x1f[^\x1e]*")


class PackedTable:
    """A str -> str mapping (values may be empty: a set) read from a packed blob."""

    __slots__ = ("_offsets", "_data", "_buckets", "key", "_memo", "_names")

    def __init__(self, blob: bytes):
        if not blob.startswith(MAGIC):
            raise ValueError("not a packed table")
        pos = len(MAGIC)
        (key_len,) = struct.unpack_from("<I", blob, pos)
        pos += 4
        self.key = blob[pos:pos + key_len].decode("utf-8")
        pos += key_len
        (self._buckets,) = struct.unpack_from("<I", blob, pos)
        pos += 4
        offsets = array("I")
        end = pos + 4 * (self._buckets + 1)
        offsets.frombytes(blob[pos:end])
        if sys.byteorder != "little":
            offsets.byteswap()
        self._offsets = offsets
        self._data = blob[end:]
        if self._buckets == 0 or offsets[-1] != len(self._data):
            raise ValueError("packed table is truncated")
        # Answers already looked up: a tree of pages asks for the same words again and again.
        self._memo: dict[str, str | None] = {}
        self._names: frozenset[bytes] | None = None

    def get(self, name: str, default: str | None = None) -> str | None:
        memo = self._memo
        if name in memo:
            found = memo[name]
        else:
            found = memo[name] = self._lookup(name)
        return default if found is None else found

    def _lookup(self, name: str) -> str | None:
        raw = name.encode("utf-8", "surrogatepass")
        b = zlib.crc32(raw) % self._buckets
        offsets, data = self._offsets, self._data
        start, end = offsets[b], offsets[b + 1]
        # The bucket searched in place for "name 0x1f" at a record's start
        # (a find in C; no copy of the bucket, no list of its records).
        if not raw:  # the empty name: as the record-by-record reading answers it
            return self._lookup_records(raw, data[start:end])
        key = raw + _UNIT
        at = data.find(key, start, end)
        while at >= 0:
            if at == start or data[at - 1] == _RECORD_BYTE:
                value_at = at + len(key)
                value_end = data.find(_RECORD, value_at, end)
                return data[value_at:value_end if value_end >= 0 else end].decode("utf-8")
            at = data.find(key, at + 1, end)  # the tail of a longer name
        return None

    @staticmethod
    def _lookup_records(raw: bytes, chunk: bytes) -> str | None:
        if chunk:
            for record in chunk.split(_RECORD):
                k, _sep, v = record.partition(_UNIT)
                if k == raw:
                    return v.decode("utf-8")
        return None

    def names(self) -> frozenset[bytes]:
        """Every name of the table, UTF-8 encoded (built on first use, in C: for set operations)."""
        if self._names is None:
            data = self._data
            # Each record is "name 0x1f value 0x1e": with both separators
            # made one, names and values alternate (a split in C, twice as
            # fast as removing the values with a regex).
            parts = data.replace(_RECORD, _UNIT).split(_UNIT)
            # As many 0x1f as 0x1e (the parts are both, plus one), counted once:
            # a count costs a third of the split.
            if len(parts) == 2 * data.count(_UNIT) + 1:
                self._names = frozenset(parts[0:len(parts) - 1:2])
            else:  # not as pack() writes it: read it as the records say
                self._names = frozenset(_VALUE.sub(b"", data).split(_RECORD)[:-1])  # records end in 0x1e
        return self._names

    def names_holding(self, char: str) -> frozenset[str]:
        """The names that contain ``char`` (found from its occurrences in the
        data: a few records visited, not every name)."""
        data, target = self._data, char.encode("utf-8")
        found = set()
        at = data.find(target)
        while at >= 0:
            start = data.rfind(_RECORD, 0, at) + 1
            unit = data.find(_UNIT, start)
            if 0 <= unit and at < unit:  # in the name, not the value
                found.add(data[start:unit].decode("utf-8", "replace"))
            end = data.find(_RECORD, at)
            if end < 0:
                break
            at = data.find(target, end)
        return frozenset(found)

    def __contains__(self, name: str) -> bool:
        # get() written out: the spelling rules ask this of thousands of words.
        memo = self._memo
        if name in memo:
            return memo[name] is not None
        found = memo[name] = self._lookup(name)
        return found is not None

    def __len__(self) -> int:
        return self._data.count(_RECORD)

    def __bool__(self) -> bool:  # cheaper than counting the records
        return bool(self._data)

    def items(self):
        for record in self._data.split(_RECORD):
            if record:
                k, _sep, v = record.partition(_UNIT)
                yield k.decode("utf-8"), v.decode("utf-8")


def pack(items: dict[str, str], key: str) -> bytes:
    """The packed form of ``items`` (names and values must not contain 0x1e or 0x1f)."""
    count = max(1, len(items))
    buckets: list[list[bytes]] = [[] for _ in range(count)]
    for name, value in items.items():
        raw = name.encode("utf-8", "surrogatepass")
        buckets[zlib.crc32(raw) % count].append(raw + _UNIT + value.encode("utf-8") + _RECORD)
    offsets = array("I", [0])
    parts = []
    total = 0
    for bucket in buckets:
        chunk = b"".join(bucket)
        parts.append(chunk)
        total += len(chunk)
        offsets.append(total)
    if sys.byteorder != "little":
        offsets.byteswap()
    raw_key = key.encode("utf-8")
    return b"".join([MAGIC, struct.pack("<I", len(raw_key)), raw_key, struct.pack("<I", count),
                     offsets.tobytes(), *parts])


def cache_dir() -> str:
    """The user's cache directory for manlint (XDG_CACHE_HOME or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "manlint")


def cache_file(stem: str, source: str) -> str:
    """Where the table ``stem`` built from ``source`` (a path) is cached.

    The source's path is part of the name: two installs (two venvs, a
    developer's checkout and a system package) each keep their own table
    instead of rebuilding a shared one every time the other ran.
    """
    tag = format(zlib.crc32(source.encode("utf-8", "surrogatepass")), "08x")
    return os.path.join(cache_dir(), f"{stem}-{tag}.packed")


def load(path: str, key: str | None) -> PackedTable | None:
    """The table stored at ``path`` if it was built for ``key`` (any key when None);
    None when absent, stale or damaged."""
    try:
        with open(path, "rb") as fh:
            table = PackedTable(fh.read())
    except (OSError, ValueError, struct.error):
        return None
    return table if key is None or table.key == key else None


def store(path: str, items: dict[str, str], key: str) -> PackedTable:
    """Pack ``items`` and write them to ``path`` atomically (best effort: a cache)."""
    from .fileio import write_bytes_atomic
    blob = pack(items, key)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_bytes_atomic(path, blob, sync=False)
    except OSError:
        pass
    return PackedTable(blob)
