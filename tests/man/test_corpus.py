"""Every real page parses: the shared corpora and all pages installed on the machine."""

from __future__ import annotations

import collections
import multiprocessing
import os
import time

import pytest

from conftest import CORPUS_2017, CORPUS_513, corpus_files

MAX_SECONDS_PER_PAGE = 2.0


def _parse(path: str):
    from manlint.man import parse_file
    start = time.process_time()  # CPU time: a hang detector that ignores machine load
    try:
        doc = parse_file(path)
    except Exception as exc:  # the test reports every failure, not just the first
        return path, time.process_time() - start, f"{type(exc).__name__}: {exc}", {}
    kinds = collections.Counter(d.name for d in doc.diagnostics)
    return path, time.process_time() - start, None, kinds


def _parse_all(paths):
    with multiprocessing.Pool(max(1, min(4, os.cpu_count() or 1))) as pool:
        return pool.map(_parse, paths, chunksize=16)


@pytest.mark.parametrize("root", [CORPUS_513, CORPUS_2017, "/usr/share/man"],
                         ids=["man-pages-5.13", "man-pages-2017", "usr-share-man"])
def test_every_page_parses(root):
    if not os.path.isdir(root):
        pytest.skip(f"{root} is absent on this machine")
    paths = corpus_files(root)
    if root == "/usr/share/man":
        paths = [p for p in paths if p.endswith(".gz")]
    if not paths:
        pytest.skip(f"no pages under {root}")
    results = _parse_all(paths)
    failures = [(p, err) for p, _t, err, _k in results if err]
    slow = [(p, round(t, 2)) for p, t, _e, _k in results if t > MAX_SECONDS_PER_PAGE]
    totals = collections.Counter()
    for *_rest, kinds in results:
        totals.update(kinds)
    print(f"\n{root}: {len(paths)} pages; diagnostics by kind: {dict(totals.most_common())}")
    assert not failures, failures[:20]
    assert not slow, slow
