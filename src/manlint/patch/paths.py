"""Paths in a diff: the a/ and b/ prefixes, C-quoted names, the two paths of a ``diff --git`` line.

A unified diff names each file twice (old and new side), as ``diff`` or git
writes them: with a prefix to strip (``a/``, ``b/``, or a first component
the two sides differ in), C-quoted when the name holds odd characters, and
followed by a timestamp after a tab.  This module turns those spellings into
plain paths; ``DEV_NULL`` stands for the missing side of a new or deleted file.
"""

from __future__ import annotations

import re

DEV_NULL = "/dev/null"


def strip_paths(old: str, new: str) -> tuple[str, str]:
    """Strip the a/ and b/ prefixes (p1), or a first component both paths differ in."""
    def strip1(p: str) -> str:
        return p.split("/", 1)[1] if "/" in p else p
    if old == DEV_NULL and new == DEV_NULL:
        return old, new
    if old == DEV_NULL:
        return old, strip1(new) if new.startswith("b/") else new
    if new == DEV_NULL:
        return strip1(old) if old.startswith("a/") else old, new
    if old.startswith("a/") and new.startswith("b/"):
        return strip1(old), strip1(new)
    if "/" in old and "/" in new and old.split("/", 1)[0] != new.split("/", 1)[0] \
            and not old.startswith("/") and not new.startswith("/"):
        return strip1(old), strip1(new)
    return old, new


def unquote_path(p: str) -> str:
    """A path as git or diff writes it: C-quoted when it holds odd characters; no timestamp."""
    p = p.rstrip("\n")
    if p.startswith('"'):
        m = re.match(r'^"((?:[^"\\]|\\.)*)"', p)
        if m:
            raw = m.group(1).encode("utf-8", "surrogateescape")
            out = bytearray()
            i = 0
            simple = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92, ord("a"): 7,
                      ord("b"): 8, ord("f"): 12, ord("r"): 13, ord("v"): 11}
            while i < len(raw):
                c = raw[i]
                if c == 92 and i + 1 < len(raw):
                    d = raw[i + 1]
                    if 48 <= d <= 55:      # \ooo: up to three octal digits, as GNU patch reads them
                        j = i + 1
                        while j < min(i + 4, len(raw)) and 48 <= raw[j] <= 55:
                            j += 1
                        out.append(int(raw[i + 1:j], 8) & 0xFF)
                        i = j
                        continue
                    out.append(simple.get(d, d))
                    i += 2
                    continue
                out.append(c)
                i += 1
            return out.decode("utf-8", "surrogateescape")
    if "\t" in p:
        p = p.split("\t", 1)[0]
    return p.rstrip()


def git_diff_paths(line: str) -> tuple[str, str]:
    rest = line[len("diff --git "):]
    if rest.startswith('"'):
        m = re.match(r'^("(?:[^"\\]|\\.)*")\s+(.*)$', rest)
        if m:
            return unquote_path(m.group(1)), unquote_path(m.group(2))
    m = re.match(r"^(a/.*?) (b/.*)$", rest)
    if m:
        return m.group(1), m.group(2)
    half = rest.split(" ")
    mid = len(half) // 2
    return " ".join(half[:mid]), " ".join(half[mid:])
