#!/usr/bin/env python3
"""Render many pages in one process, discarding the output (a benchmark driver).

    python bench/render_all.py [--to text|html] [--width N] [--list FILE] [PAGE...]
    python bench/render_all.py --probe html     # exit 0 if HTML rendering is available

Pages come from the command line and/or a file with one path per line
(``--list``).  Each page is parsed with ``manlint.man.parse_file`` and rendered
with ``manlint.render.text.render_text`` (text) or
``manlint.render.docutils_bridge.render_with_docutils(doc, "html")`` (html).
A page that raises is counted, not fatal; the summary goes to stderr.

Exit status: 0 all pages rendered, 1 some pages failed, 3 the requested
renderer is not available (the reason is printed on stderr).
"""

from __future__ import annotations

import argparse
import sys
import time

EXIT_UNAVAILABLE = 3


def _renderer(to: str, width: int):
    """Return (render(doc) -> str, None) or (None, reason)."""
    if to == "text":
        try:
            from manlint.render.text import render_text
        except ImportError as exc:
            return None, f"manlint.render.text: {exc}"
        return (lambda doc: render_text(doc, width=width)), None
    try:
        from manlint.render.docutils_bridge import render_with_docutils
    except ImportError as exc:
        return None, f"manlint.render.docutils_bridge is not importable ({exc})"
    return (lambda doc: render_with_docutils(doc, "html")), None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*")
    ap.add_argument("--to", choices=["text", "html"], default="text")
    ap.add_argument("--width", type=int, default=78)
    ap.add_argument("--list", help="file with one page path per line")
    ap.add_argument("--probe", choices=["text", "html"],
                    help="only check that the renderer imports; exit 0 or 3")
    ap.add_argument("--show-errors", type=int, default=5, metavar="N",
                    help="print the first N failures (default 5)")
    args = ap.parse_args(argv)

    if args.probe:
        render, reason = _renderer(args.probe, args.width)
        if render is None:
            print(f"render_all: {reason}", file=sys.stderr)
            return EXIT_UNAVAILABLE
        return 0

    pages = list(args.pages)
    if args.list:
        with open(args.list, encoding="utf-8") as fh:
            pages.extend(line.rstrip("\n") for line in fh if line.strip())

    render, reason = _renderer(args.to, args.width)
    if render is None:
        print(f"render_all: {reason}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    from manlint.man import parse_file

    t0 = time.perf_counter()
    failed = 0
    chars = 0
    for path in pages:
        try:
            chars += len(render(parse_file(path)))
        except Exception as exc:  # noqa: BLE001 - a benchmark counts failures, it does not stop
            failed += 1
            if failed <= args.show_errors:
                print(f"render_all: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    elapsed = time.perf_counter() - t0
    print(f"render_all: {args.to}: {len(pages) - failed} pages rendered, {failed} failed, "
          f"{chars} chars, {elapsed:.2f}s in the loop", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
