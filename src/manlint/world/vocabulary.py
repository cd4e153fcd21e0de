"""The words the installed manual uses: its jargon, read at run time.

No English word list knows "mmap", "tracee" or "inode", so a spelling check
that judges words by a dictionary alone questions every term of art.  The
pages installed on the machine (English sections of the manpath) use those
terms again and again, while a typing slip is made once: a word found in at
least two pages is taken as a word.  The scan costs a few seconds and is
kept in the cache directory, keyed by the mtimes of the man* directories
(as the page index is), so it is redone only when packages change.
"""

from __future__ import annotations

import functools
import os
import re

from ..roff.decode import read_bytes
from .pages import section_dirs, dirs_stamp, system_manpath

# Lowercase letter runs of three or more, not inside an escape (\fB) or a word.
_WORD = re.compile(rb"(?<![\\\w])[a-z]{3,}(?![\w])")
# A word in this many pages is the manual's vocabulary, not a slip.
MIN_PAGES = 2


def _read(path: str) -> bytes:
    try:
        return read_bytes(path)  # gunzipped, and bounded in size as every page manlint reads
    except OSError:
        return b""


def scan(dirs: list[str], min_pages: int = MIN_PAGES) -> set[str]:
    """Words used in at least ``min_pages`` of the pages found in ``dirs``."""
    seen_once: set[bytes] = set()
    vocabulary: set[bytes] = set()
    for d in dirs:
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            path = os.path.join(d, name)
            if os.path.islink(path):
                continue  # the page it names is read under its own name
            words = set(_WORD.findall(_read(path).lower()))
            if min_pages <= 1:
                vocabulary |= words
            else:
                vocabulary |= words & seen_once
                seen_once |= words
    return {w.decode("ascii") for w in vocabulary}


@functools.lru_cache(maxsize=1)
def manual_vocabulary():
    """The system manual's vocabulary (supports ``in``); empty when no pages are installed."""
    from .. import packed
    dirs = [d for root in system_manpath() for d in section_dirs(root)]
    if not dirs:
        return frozenset()
    stamp = "vocabulary-v1:" + dirs_stamp("", dirs)
    path = packed.cache_file("vocabulary", "\n".join(dirs))
    table = packed.load(path, stamp)
    if table is None:
        table = packed.store(path, dict.fromkeys(scan(dirs), ""), stamp)
    return table
