"""``manlint lint``: check pages, print findings, optionally fix them."""

from __future__ import annotations

import os
import sys

from ..cli import EXIT_FINDINGS, EXIT_OK, UsageError
from ..config import ConfigError, find_config, load_config
from ..diagnostics import Severity


def register(sub) -> None:
    p = sub.add_parser("lint", help="check pages for roff, man(7) and man-pages(7) problems")
    p.add_argument("paths", nargs="+", metavar="PATH", help="pages or directories of pages")
    p.add_argument("--format", default="text", choices=["text", "json", "sarif", "github"])
    p.add_argument("--fix", action="store_true", help="apply the safe fixes to the files")
    p.add_argument("--diff", action="store_true", help="print the safe fixes as a diff; write nothing")
    p.add_argument("--select", help="comma-separated codes, prefixes or names to check (default: all)")
    p.add_argument("--extend-select", help="add these to the selection")
    p.add_argument("--ignore", help="comma-separated codes, prefixes or names to skip")
    p.add_argument("--fail-on", choices=[s.label for s in Severity], default=None,
                   help="lowest severity that makes the exit status 1 (default: warning)")
    p.add_argument("--jobs", "-j", type=int, default=0, help="worker processes (default: CPUs)")
    p.add_argument("--config", help="configuration file (default: nearest .manlint.toml or pyproject.toml)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    p.add_argument("--cache-dir", help="cache directory (default: ~/.cache/manlint)")
    p.add_argument("--no-source", action="store_true", help="text format: no source line and caret")
    p.set_defaults(func=run)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _selection(args, cfg):
    from ..lint.registry import Selection, catalogue
    cat = catalogue()
    select = _split(args.select) or cfg.select
    ignore = cfg.ignore + _split(args.ignore)
    extend = cfg.extend_select + _split(args.extend_select)
    for sel in (select or []) + ignore + extend:
        if sel.upper() != "ALL" and not any(d.code.startswith(sel.upper()) or d.name == sel for d in cat):
            raise UsageError(f"unknown rule selector {sel!r} (see 'manlint rules')")
    return Selection(select, ignore, extend, cfg.severities)


# ---- worker side ------------------------------------------------------------------
_WORKER = {}


def _init_worker(selection, per_file_ignores, fix, diff, cache_dir):
    _WORKER.update(selection=selection, pfi=per_file_ignores, fix=fix, diff=diff,
                   checkers={}, cache=_open_cache(cache_dir, selection))


def _open_cache(cache_dir, selection):
    if cache_dir is None:
        return None
    from ..lint.cache import ResultCache
    return ResultCache(cache_dir, selection.key())


def _lint_one(path: str):
    from ..lint.checker import Checker
    from ..lint.engine import lint_path
    sel = _WORKER["selection"].for_file(path, _WORKER["pfi"])
    key = sel.key()
    checker = _WORKER["checkers"].get(key)
    if checker is None:
        checker = _WORKER["checkers"][key] = Checker(sel)
    cache = _WORKER["cache"]
    fixing = _WORKER["fix"] or _WORKER["diff"]
    if cache is not None and not fixing:
        hit = cache.get(path, key)
        if hit is not None:
            return hit
    result = lint_path(path, checker, fix=_WORKER["fix"], diff=_WORKER["diff"])
    if cache is not None and not fixing and result.error is None:
        cache.put(path, key, result)
    return result


def _lint_chunk(items):
    return [(k, _lint_one(path)) for k, path in items]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _prewarm(selection) -> None:
    codes = {r.code for r in selection.rules()}
    if "PR001" in codes or "PR004" in codes:
        from ..lint.rules.prose import build_name_sets, misspellings
        build_name_sets(misspellings())
    if "HD001" in codes:
        from ..world.headers import load_index
        load_index()
    if "PR006" in codes:
        from ..world.vocabulary import manual_vocabulary
        manual_vocabulary()


def run(args) -> int:
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be used together")
    from ..lint.engine import expand_paths
    from ..report import render
    for p in args.paths:
        if not os.path.exists(p):
            raise UsageError(f"{p}: no such file or directory")
    try:
        cfg = load_config(args.config or find_config(args.paths[0]))
    except ConfigError as exc:
        raise UsageError(str(exc)) from None
    selection = _selection(args, cfg)
    fail_on = Severity.parse(args.fail_on) if args.fail_on else cfg.fail_on
    files = expand_paths(args.paths, cfg.exclude)
    cache_dir = None
    if not args.no_cache and not (args.fix or args.diff):
        cache_dir = args.cache_dir or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "manlint")
    jobs = args.jobs or os.cpu_count() or 1
    init = (selection, cfg.per_file_ignores, args.fix, args.diff, cache_dir)
    _init_worker(*init)
    results: list = [None] * len(files)
    todo = list(range(len(files)))
    cache = _WORKER["cache"]
    if cache is not None and not cfg.per_file_ignores:
        # Answer cache hits here; only the misses go to workers.
        key = selection.key()
        todo = []
        for k, path in enumerate(files):
            hit = cache.get(path, key)
            if hit is None:
                todo.append(k)
            else:
                results[k] = hit
    if jobs > 1 and len(todo) >= 16:
        from ..pool import imap_unordered
        _prewarm(selection)  # shared tables are built once, before the workers fork
        # Largest pages first, in small chunks: the cores finish together
        # instead of one waiting for a chunk that happened to hold the big pages.
        todo.sort(key=lambda k: -_size(files[k]))
        chunks = [[(k, files[k]) for k in todo[i:i + 4]] for i in range(0, len(todo), 4)]
        for done in imap_unordered(_lint_chunk, chunks, jobs, _init_worker, init):
            for k, result in done:
                results[k] = result
    else:
        for k in todo:
            results[k] = _lint_one(files[k])
    diags = [d for r in results for d in r.diagnostics]
    errors = [r.error for r in results if r.error]
    out = sys.stdout
    colour = args.format == "text" and out.isatty() and not os.environ.get("NO_COLOR")
    if args.diff:
        for r in results:
            out.write(r.diff)
    else:
        from ..lint.registry import catalogue
        out.write(render(diags, args.format, colour, catalogue() if args.format == "sarif" else None,
                         show_source=not args.no_source))
    if args.fix:
        fixed = sum(r.fixed for r in results)
        if fixed:
            print(f"manlint: applied {fixed} fix(es)", file=sys.stderr)
    for e in errors:
        print(f"manlint: {e}", file=sys.stderr)
    if errors:
        return 2
    return EXIT_FINDINGS if any(d.severity >= fail_on for d in diags) else EXIT_OK
