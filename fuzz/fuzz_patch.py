#!/usr/bin/env python3
"""Coverage-guided fuzz target for manlint's patch reader (atheris / libFuzzer):
format-patch files, mbox series, plain diffs, mail and web copies.

    python3 fuzz/fuzz_patch.py [libFuzzer options] [CORPUS_DIR...]

Run it through fuzz/run.sh.  A PatchError is the expected answer to a bad
patch; any other exception is a crash, and so is a PatchError whose text is
not one line, a hunk that does not hold the lines its header declares, or a
patch path that check_path lets out of the tree.  Each file diff read is
also applied, in memory, to manpages/examples/frobmap.2 (the page the seed
patch changes), so that hunk placement and fuzz are fuzzed too.
"""

from __future__ import annotations

import os
import sys

import atheris

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

with atheris.instrument_imports(include=["manlint"]):
    from manlint.patch import PatchError, parse_patches
    from manlint.patch.apply import apply_file_diff, check_path

with open(os.path.join(ROOT, "manpages", "examples", "frobmap.2"), encoding="utf-8") as _fh:
    PAGE = _fh.read()


def _one_line(exc: PatchError) -> None:
    text = str(exc)
    if "\n" in text or "\r" in text:
        raise AssertionError(f"PatchError text is not one line: {text!r}")


def check_file_diff(fd, source: str) -> None:
    fd.path, fd.source                                  # noqa: B018 (properties must not raise)
    for hunk in fd.hunks:
        if len(hunk.old_lines) != hunk.old_count or len(hunk.new_lines) != hunk.new_count:
            raise AssertionError(f"hunk at line {hunk.header_line} holds -{len(hunk.old_lines)} "
                                 f"+{len(hunk.new_lines)}, declares -{hunk.old_count} +{hunk.new_count}")
    try:
        safe = check_path(fd.path, source, fd.header_line)
    except PatchError as exc:
        _one_line(exc)
    else:
        parts = safe.split("/")
        if safe.startswith("/") or ".." in parts or "" in parts or "\0" in safe:
            raise AssertionError(f"check_path let {fd.path!r} through as {safe!r}")
    try:
        text, reports = apply_file_diff(PAGE, fd, patch_path=source)
    except PatchError as exc:
        _one_line(exc)
    else:
        if len(reports) != len(fd.hunks):
            raise AssertionError(f"{len(reports)} hunk reports for {len(fd.hunks)} hunks")
        if text is not None:
            text.encode("utf-8", errors="surrogateescape")


def TestOneInput(data: bytes) -> None:
    try:
        patches = parse_patches(data, "fuzz.patch")
    except PatchError as exc:
        _one_line(exc)
        return
    for patch in patches:
        patch.name                                      # noqa: B018
        if patch.message is not None:
            patch.message.summary                       # noqa: B018
        for fd in patch.files:
            check_file_diff(fd, patch.source_path)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
