"""The HTML site benchmarks of bench/run.py (issue 7's speed targets).

* ``html-site``: ``manlint html`` building the whole tree into a fresh
  directory (parallel, its default), against ``mandoc -T html`` run once per
  file over every page file of the same tree, ``.so`` link pages included
  (man-pages' own HTML build runs groff once per file the same way).
  Target: manlint no slower.
* ``html-rebuild``: ``manlint html`` again over a site built once before,
  with nothing changed.  Target: under 1 s.

The reference runs in the tree's directory, so mandoc finds the targets of
``.so`` requests.  Both write their pages to files (mandoc through the
shell's redirection, one file per page, as a per-page HTML build does),
each into a fresh directory that the timed command first removes:
creating some 2,500 files is part of the job, and on this machine's file
system it costs about a second more than overwriting them.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

TARGET_SITE_VS_MANDOC = ("≤ 1× mandoc", lambda r: r <= 1.0)
TARGET_REBUILD_S = 1.0


def page_files(root: str, page_name) -> list[str]:
    """Every page file under ``root`` (link pages included), relative, sorted."""
    out = []
    for dirpath, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            full = os.path.join(dirpath, name)
            if page_name.match(name) and not name.endswith(".gz") and not os.path.islink(full):
                out.append(os.path.relpath(full, root))
    return out


def site_benches(run, corpus, runs: int, ml: list[str], ml_env: dict, mandoc: str | None) -> list:
    """The two benches; ``run`` is bench/run.py as a module (Bench, Contender, run_cmd...)."""
    every = page_files(corpus.root, run.PAGE_NAME)
    work = tempfile.mkdtemp(prefix="manlint-bench-site-")
    atexit.register(shutil.rmtree, work, True)
    fresh, kept = os.path.join(work, "fresh"), os.path.join(work, "kept")
    mandoc_out = os.path.join(work, "mandoc")
    # Both build into a fresh directory, removed first inside the timed
    # command: creating 2,500 files costs this file system about a second
    # more than overwriting them, so a reference that overwrote its previous
    # run's files would be spared what manlint pays.
    subdirs = " ".join(run.shlex.quote(d) for d in sorted({os.path.dirname(f) for f in every}))
    mandoc_loop = ('out=$0; rm -rf "$out" && mkdir -p "$out" && (cd "$out" && mkdir -p ' + subdirs
                   + ') && for f do ' + run.shlex.quote(mandoc or "mandoc")
                   + ' -T html "$f" > "$out/$f.html"; done')
    full_build = ["sh", "-c", 'rm -rf "$0" && exec "$@"', fresh, *ml, "html", "--quiet",
                  "-o", fresh, "."]
    rebuild = ml + ["html", "--quiet", "-o", kept, "."]
    missing = "" if mandoc else "mandoc not installed"

    def build_once(bench) -> str | None:
        s = run.run_cmd(rebuild, cwd=corpus.root, env=ml_env)
        if s.rc not in (0, 1):
            return f"manlint html failed, exit {s.rc}: {s.stderr_tail.strip()[-300:]}"
        bench.notes.append(f"site built once, untimed ({s.wall:.2f}s); every timed run is a "
                           "rebuild with nothing changed")
        return None

    return [
        run.Bench(
            "html-site", f"HTML site of the whole tree, {len(every)} files "
                         f"({len(corpus.pages)} pages, the rest .so links)", [
                run.Contender("manlint", "manlint", "manlint html -o DIR TREE (fresh DIR, parallel)",
                              lambda _p: full_build, every, env=ml_env),
                run.Contender("mandoc", "mandoc", "mandoc -T html per file, all files, to files",
                              lambda p: ["sh", "-c", mandoc_loop, mandoc_out, *p], every,
                              ok=lambda rc: rc < 126, skipped=missing),
            ], runs, [("mandoc", TARGET_SITE_VS_MANDOC)]),
        run.Bench(
            "html-rebuild", "HTML site rebuilt with nothing changed", [
                run.Contender("manlint", "manlint", "manlint html -o DIR TREE (2nd run)",
                              lambda _p: rebuild, every, env=ml_env),
            ], runs, [], setup=build_once, absolute=TARGET_REBUILD_S),
    ]
