#!/usr/bin/env python3
"""cProfile of manlint's lint path (parse + check + report) over a corpus, in one process.

    python bench/profile.py [--corpus DIR] [--top N] [--sort tottime|cumulative]
                            [--limit N] [--save FILE.pstats]

It profiles exactly what ``manlint lint --no-cache --jobs 1 --format json PAGES``
does (``manlint.cli.main`` in this process, its output discarded), over the
same non-link pages bench/run.py uses, then prints the top functions and how
the time splits between reading/decoding, parsing, checking and reporting.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the stdlib's ``profile``, which cProfile imports: take
# bench/ off the module path first so that ``import profile`` finds the stdlib.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import contextlib  # noqa: E402
import cProfile  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402

_spec = importlib.util.spec_from_file_location("manlint_bench_run", HERE / "run.py")
bench_run = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench_run        # dataclasses look their module up here
_spec.loader.exec_module(bench_run)

try:
    import manlint  # noqa: F401
except ImportError:
    sys.path.insert(0, str(HERE.parent / "src"))

# (label, file suffix, function name): cumulative time of these, for the split
PHASES = [
    ("read + decode bytes", "roff/decode.py", "read_bytes"),
    ("parse (parse_bytes, decode included)", "man/__init__.py", "parse_bytes"),
    ("check (Checker.check)", "lint/checker.py", "check"),
    ("lint_path total", "lint/engine.py", "lint_path"),
    ("report (render of the findings)", "report/__init__.py", "render"),
    ("Diagnostic.detached", "diagnostics.py", "detached"),
]


def _phase_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    out = []
    for label, suffix, name in PHASES:
        ct, calls = 0.0, 0
        for (filename, _line, func), (_cc, nc, _tt, cum, _callers) in stats.stats.items():
            if func == name and filename.replace(os.sep, "/").endswith(suffix):
                ct += cum
                calls += nc
        if calls:
            out.append((label, ct, calls))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="directory of pages (default: as bench/run.py)")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--sort", default="tottime", choices=["tottime", "cumulative", "ncalls"])
    ap.add_argument("--limit", type=int, default=0, help="profile only the first N pages")
    ap.add_argument("--save", metavar="FILE", help="also write the raw pstats here")
    args = ap.parse_args(argv)

    corpus = bench_run.load_corpus(args.corpus)
    pages = corpus.pages[: args.limit] if args.limit else corpus.pages
    os.chdir(corpus.root)
    from manlint.cli import main as manlint_main
    # Import the lint path before profiling: module loading is a per-process
    # cost that bench/run.py's one-page figure measures, not a per-page one.
    import manlint.commands.lint  # noqa: F401
    import manlint.lint.engine  # noqa: F401

    prof = cProfile.Profile()
    sink = io.StringIO()
    t0 = time.perf_counter()
    try:
        with contextlib.redirect_stdout(sink):
            prof.enable()
            rc = manlint_main(["lint", "--no-cache", "--jobs", "1", "--format", "json", *pages])
            prof.disable()
    finally:
        if corpus.tmpdir:
            import shutil
            shutil.rmtree(corpus.tmpdir, ignore_errors=True)
    wall = time.perf_counter() - t0
    try:
        import json
        findings = str(len(json.loads(sink.getvalue())["diagnostics"]))
    except (ValueError, KeyError, TypeError):
        findings = "?"

    stats = pstats.Stats(prof)
    total = stats.total_tt
    print(f"manlint lint --no-cache --jobs 1 --format json: {len(pages)} pages of "
          f"{corpus.description}, exit {rc}, {findings} findings")
    print(f"wall {wall:.2f} s under the profiler; profiled total {total:.2f} s "
          f"({total / max(1, len(pages)) * 1000:.1f} ms/page)\n")
    print("Where the time goes (cumulative, overlapping):")
    for label, ct, calls in _phase_times(stats):
        print(f"  {label:<40} {ct:7.2f} s  {100 * ct / total:5.1f}%  ({calls} calls)")
    print()
    if args.save:
        stats.dump_stats(args.save)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    text = out.getvalue()
    # print from the column header on: the preamble repeats what is above
    start = text.find("   ncalls")
    print(text[start:] if start >= 0 else text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
