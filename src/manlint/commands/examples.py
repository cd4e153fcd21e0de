"""``manlint examples PAGE... [-o DIR]``: the example programs of pages, as C files.

With ``-o DIR`` each complete program of EXAMPLES is written to its own file
named after the page (``mmap.c``; ``unix-server.c`` and ``unix-client.c``
when a page has several), with the header files the page defines beside
them, and the paths are printed.  Without ``-o`` the programs go to standard
output.  Exit status 1 when no page has an example program.
"""

from __future__ import annotations

import argparse
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError


def register(sub) -> None:
    p = sub.add_parser("examples", help="extract the example programs of pages as C files")
    _arguments(p)
    p.set_defaults(func=run)


def _arguments(p) -> None:
    p.add_argument("pages", nargs="+", metavar="PAGE")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="write one .c file per program into DIR (default: standard output)")


def write_examples(pages: list[str], directory: str | None, out=None) -> dict[str, list[str]]:
    """Extract the programs of each page; write them to ``directory`` (or ``out``).

    Returns page path -> the files written (with ``directory``) or the
    program names (without).  Raises UsageError for a page that cannot be read.
    """
    from ..cli import _load
    from ..world.compile_examples import extract_programs, write_programs
    out = out or sys.stdout
    done: dict[str, list[str]] = {}
    for path in pages:
        doc = _load(path)
        if directory:
            try:
                done[path] = write_programs(doc, directory)
            except OSError as exc:
                raise UsageError(f"{directory}: cannot write: {exc.strerror or exc}") from None
            for written in done[path]:
                out.write(written + "\n")
        else:
            programs = extract_programs(doc)
            done[path] = [p.filename for p in programs]
            for prog in programs:
                for hdr in prog.headers:
                    out.write(f"/* ---- {hdr.name} ({path}:{hdr.line}) ---- */\n{hdr.text}\n")
                out.write(f"/* ---- {prog.filename} ({path}:{prog.line}) ---- */\n{prog.source}\n")
    return done


def run(args) -> int:
    done = write_examples(args.pages, args.output)
    if not any(done.values()):
        print("manlint: no example programs found", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python3 -m manlint.commands.examples PAGE -o DIR``."""
    parser = argparse.ArgumentParser(prog="manlint examples", description=__doc__.split("\n")[0])
    _arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except UsageError as exc:
        print(f"manlint: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
