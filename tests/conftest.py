"""Shared test helpers: where ../shared is, and skips when it is absent."""

from __future__ import annotations

import os
import shutil
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)

SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")
CORPUS_513 = os.path.join(CORPUS, "man-pages-5.13")
CORPUS_2017 = os.path.join(CORPUS, "man-pages-2017-12-01")
EXAMPLES = os.path.join(ROOT, "manpages", "examples")


def shared_path(*parts: str) -> str:
    """A path under ../shared; the test is skipped with a reason when it is missing."""
    path = os.path.join(SHARED, *parts)
    if not os.path.exists(path):
        pytest.skip(f"{path} is absent (the shared corpus is not on this machine)")
    return path


def corpus_files(root: str) -> list[str]:
    """Every regular file below ``root`` (pages and .so link pages, not symbolic links), sorted."""
    out = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                out.append(path)
    return sorted(out)


def corpus_page(rel: str) -> str:
    return shared_path("corpus", "man-pages-5.13", rel)


needs_groff = pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed")
needs_mandoc = pytest.mark.skipif(shutil.which("mandoc") is None, reason="mandoc is not installed")
