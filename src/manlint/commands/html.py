"""``manlint html``: build trees of man pages into a static HTML site."""

from __future__ import annotations

import os
import string
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError


def register(sub) -> None:
    p = sub.add_parser("html", help="build a tree of pages into an HTML site",
                       description="Build man page trees (directories of manN/ directories) into a "
                                   "static HTML site: one page per man page, aliases for .so link "
                                   "pages, section indexes and a client-side search.  A second run "
                                   "rebuilds only what changed.")
    p.add_argument("trees", nargs="+", metavar="TREE", help="a manual tree (holding man1/, man2/, ...)")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="the site's directory")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="worker processes (default: the number of CPUs)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no warnings")
    p.add_argument("--external-url", metavar="PATTERN", default=None,
                   help="link references to pages outside the site to this URL, with {name} "
                        "and {section} (e.g. https://man7.org/linux/man-pages/man{section}/"
                        "{name}.{section}.html); default: leave them unlinked")
    p.add_argument("--force", action="store_true", help="rebuild every page")
    p.set_defaults(func=run)


def check_pattern(pattern: str) -> str:
    """The --external-url pattern, checked: {name} and {section} only, and a URL."""
    fields = set()
    try:
        for _text, name, spec, conv in string.Formatter().parse(pattern):
            if name is not None:
                if spec or conv:
                    raise ValueError
                fields.add(name)
    except ValueError:
        raise UsageError(f"--external-url: not a valid pattern: {pattern!r}") from None
    unknown = fields - {"name", "section"}
    if unknown:
        raise UsageError(f"--external-url: unknown field {{{sorted(unknown)[0]}}}; "
                         "use {name} and {section}")
    if "name" not in fields:
        raise UsageError("--external-url: the pattern must contain {name}")
    low = pattern.lower()
    if not low.startswith(("http://", "https://", "/", "../", "./")) or any(c in pattern for c in ' "<>\n'):
        raise UsageError("--external-url: expected an http(s) URL or a path, "
                         f"with no spaces or quotes: {pattern!r}")
    return pattern


def run(args) -> int:
    from ..site import SiteError, build_site
    from ..site.progress import ProgressBar
    for tree in args.trees:
        if not os.path.exists(tree):
            raise UsageError(f"{tree}: no such directory")
        if not os.path.isdir(tree):
            raise UsageError(f"{tree}: not a directory (expected a tree holding man1/, man2/, ...)")
    if args.jobs < 0:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")
    out = os.path.abspath(args.output)
    if os.path.exists(out) and not os.path.isdir(out):
        raise UsageError(f"{args.output}: exists and is not a directory")
    for tree in args.trees:
        if os.path.abspath(tree) == out:
            raise UsageError(f"{args.output}: the output directory cannot be a source tree")
    pattern = check_pattern(args.external_url) if args.external_url else None

    def bar(total):
        return ProgressBar(sys.stderr, total)

    progress = bar if not args.quiet and sys.stderr.isatty() else None
    try:
        summary = build_site(args.trees, args.output, jobs=args.jobs, force=args.force,
                             external_url=pattern, progress=progress)
    except SiteError as exc:
        raise UsageError(str(exc)) from None
    if not args.quiet:
        for w in summary.warnings:
            print(f"manlint: warning: {w}", file=sys.stderr)
    for e in summary.errors:
        print(f"manlint: {e}", file=sys.stderr)
    print(summary.line())
    return EXIT_FINDINGS if summary.errors else EXIT_OK
