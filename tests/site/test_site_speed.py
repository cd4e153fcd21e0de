"""How long the site takes: man-pages 5.13 with --jobs 2, against mandoc page by page.

The numbers go to build/site-timings.txt (and to the test output with -rA).
The full build has no hard limit (the machine may be shared); a rebuild
with nothing changed must stay under one second of build time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from conftest import ROOT
from sitebuild import corpus_site, parse_summary, run_cli, skip_if_code_changed


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return corpus_site(tmp_path_factory)


def _mandoc_loop(tree: str) -> tuple[float, int]:
    files = sorted(os.path.join(d, f) for d in os.listdir(tree) if d.startswith("man")
                   for f in os.listdir(os.path.join(tree, d)))
    script = 'for f in "$@"; do mandoc -T html "$f" > /dev/null 2>&1; done'
    t0 = time.perf_counter()
    subprocess.run(["bash", "-c", script, "mandoc-loop", *files], cwd=tree, check=False,
                   stdin=subprocess.DEVNULL, timeout=1800)
    return time.perf_counter() - t0, len(files)


def _report(lines: list[str]) -> str:
    report = "\n".join(lines) + "\n"
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    with open(os.path.join(ROOT, "build", "site-timings.txt"), "w", encoding="utf-8") as fh:
        fh.write(report)
    print("\n" + report)
    return report


def test_build_time_against_mandoc(site):
    if shutil.which("mandoc") is None:
        pytest.skip("mandoc is not installed (apt-get install mandoc)")
    mandoc, n = _mandoc_loop(site.tree)
    lines = [
        f"man-pages 5.13: {n} files ({site.summary['pages']} pages, {site.summary['aliases']} aliases)",
        f"manlint html --jobs 2 (full build, wall): {site.wall:.1f} s",
        f"mandoc -T html, page by page (wall):      {mandoc:.1f} s",
        f"ratio manlint / mandoc:                   {site.wall / mandoc:.1f}x",
    ]
    try:
        skip_if_code_changed(site.code)
    except BaseException:
        _report(lines + ["no-change rebuild: not measured (the rendering code changed during the run)"])
        raise
    proc, rebuild_wall = run_cli("html", site.tree, "-o", site.out, "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    rebuild = parse_summary(proc.stdout)
    report = _report(lines + [
        f"no-change rebuild: {rebuild['seconds']:.2f} s build time, {rebuild_wall:.2f} s wall "
        "with interpreter start"])
    assert rebuild["rendered"] == 0 and rebuild["written"] == 0, report
    assert rebuild["seconds"] < 1.0, report
