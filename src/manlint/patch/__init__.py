"""Patches to man pages: reading them (``reader``) and applying them in memory (``apply``)."""

from __future__ import annotations

from .model import FileDiff, Hunk, Message, Patch, PatchError
from .paths import DEV_NULL, strip_paths
from .reader import parse_patches, read_patch, read_patches, read_series

__all__ = ["DEV_NULL", "FileDiff", "Hunk", "Message", "Patch", "PatchError", "parse_patches",
           "read_patch", "read_patches", "read_series", "strip_paths",
           "HunkReport", "Tree", "DirTree", "GitTree", "open_tree", "apply_file_diff",
           "apply_hunks", "apply_series", "write_tree", "check_path"]


def __getattr__(name):
    # apply.py is loaded on first use so that reading a patch needs none of it
    if name in ("HunkReport", "Tree", "DirTree", "GitTree", "SystemManTree", "open_tree",
                "apply_file_diff", "apply_hunks", "apply_series", "write_tree", "check_path"):
        from . import apply
        return getattr(apply, name)
    raise AttributeError(name)
