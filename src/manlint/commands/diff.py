"""``manlint diff OLD NEW``: compare two versions of a page entry by entry.

Exit status: 0 when the pages say the same, 1 when something changed, 2 on
errors (a one-line message).  OLD and NEW are page files (``.gz`` too) or
``DIR@REV:PATH`` for a page at a git revision.
"""

from __future__ import annotations

import os
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError


def register(sub) -> None:
    p = sub.add_parser("diff", help="compare two versions of a page entry by entry")
    p.add_argument("old", metavar="OLD", help="the old page: a file, or DIR@REV:PATH")
    p.add_argument("new", metavar="NEW", help="the new page: a file, or DIR@REV:PATH")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.add_argument("--width", type=int, default=78, help="width of the rendered text in the report")
    p.set_defaults(func=run)


def _load(spec: str):
    from ..man import parse_bytes, parse_file
    if not os.path.exists(spec) and "@" in spec and ":" in spec.rsplit("@", 1)[1]:
        from ..patch.apply import open_tree
        from ..patch.model import PatchError
        tree_spec, _, path = spec.rpartition(":")
        try:
            text = open_tree(tree_spec).read(path)
        except PatchError as exc:
            raise UsageError(str(exc)) from None
        if text is None:
            raise UsageError(f"{spec}: no such file at that revision")
        return parse_bytes(text.encode("utf-8", "surrogateescape"), spec, follow_so=False)
    if os.path.isdir(spec):
        raise UsageError(f"{spec}: is a directory")
    try:
        return parse_file(spec, follow_so=False)
    except FileNotFoundError:
        raise UsageError(f"{spec}: no such file") from None
    except PermissionError:
        raise UsageError(f"{spec}: permission denied") from None
    except (OSError, EOFError) as exc:
        raise UsageError(f"{spec}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None


def run(args) -> int:
    from ..pagediff import diff_pages
    if not 40 <= args.width <= 1000:
        raise UsageError(f"--width must be between 40 and 1000, not {args.width}")
    old_doc, new_doc = _load(args.old), _load(args.new)
    result = diff_pages(old_doc, new_doc)
    result.old_path, result.new_path = args.old, args.new
    if args.format == "json":
        sys.stdout.write(result.to_json() + "\n")
    else:
        sys.stdout.write(result.to_text(args.width))
    return EXIT_FINDINGS if result else EXIT_OK
