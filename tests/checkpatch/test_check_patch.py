"""check-patch on the 2017 MAP_FIXED_SAFE patch, the damaged web copy, the 2018 series and bad input."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT, SRC, shared_path


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONPATH=SRC, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "manlint", "check-patch", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, env=env, timeout=300)


@pytest.fixture(scope="module")
def seed_report():
    tree = shared_path("corpus", "man-pages-2017-12-01")
    patch = glob.glob(os.path.join(shared_path("patches", "map-fixed-safe-2017"), "*.patch"))
    r = run("--tree", tree, "--upstream", shared_path("corpus", "man-pages-5.13"), "--format", "json", *patch)
    assert r.returncode == 1, r.stderr
    return json.loads(r.stdout)


def _diags(report):
    return report["diagnostics"]


def test_seed_patch_findings(seed_report):
    d = _diags(seed_report)
    by_rule: dict[str, list] = {}
    for x in d:
        by_rule.setdefault(x["rule"], []).append(x)
    unbold = [x for x in by_rule["MP015"]]
    assert {x["line"] for x in unbold} >= {231, 234, 242}          # MAP_FIXED twice, MAP_FIXED_SAFE once
    assert any("MAP_FIXED " in x["message"] and x["line"] == 242 for x in unbold)  # inside "non-MAP_FIXED"
    assert [x["line"] for x in by_rule["MP012"]] == [232]            # .I with its argument on the next line
    assert [x["line"] for x in by_rule["MP010"]] == [237]            # .B EEXIST.
    assert len(by_rule["MP005"]) == 3                                # sentences starting mid-line
    assert [x["line"] for x in by_rule["MP004"]] == [242]            # the 81-column line
    assert len([x for x in by_rule["PR003"] if "pre-existing" in x["message"]]) == 2
    assert [x["line"] for x in by_rule["MP011"]] == [473]            # .IR length
    assert any("MAP_FIXED_SAFE" in x["message"] for x in by_rule["HD003"])    # EEXIST entry
    hd = by_rule["HD001"]
    assert "MAP_FIXED_NOREPLACE" in hd[0]["message"] and "asm-generic/mman-common.h" in hd[0]["message"]
    assert any("atomicaly" in x["message"] for x in by_rule["PT003"])
    # Nothing about the parts of mmap.2 the patch did not touch.
    page_lines = {x["line"] for x in d if not x["rule"].startswith("PT")}
    assert all(229 <= n <= 245 or 466 <= n <= 476 for n in page_lines), sorted(page_lines)


def test_seed_patch_against_upstream(seed_report):
    page = seed_report["patches"][0]["pages"][0]
    changes = page["upstream_diff"]["changes"]
    renamed = [c for c in changes if c["kind"] == "renamed"]
    assert renamed and renamed[0]["old"]["names"][0] == "MAP_FIXED_NOREPLACE"
    assert renamed[0]["new"]["names"][0] == "MAP_FIXED_SAFE"
    assert renamed[0]["old"]["since"] == "Linux 4.17" and renamed[0]["new"]["since"] == "Linux 4.16"
    eexist = [c for c in changes if c["name"] == "EEXIST"]
    assert eexist and eexist[0]["old"]["text"] != eexist[0]["new"]["text"]


def test_seed_patch_on_current_system_page_reports_duplicates():
    if not os.path.exists("/usr/share/man/man2/mmap.2.gz"):
        pytest.skip("the system's man-pages are not installed")
    patch = glob.glob(os.path.join(shared_path("patches", "map-fixed-safe-2017"), "*.patch"))
    r = run("--tree", "/usr/share/man", "--upstream", "none", "--format", "json", *patch)
    if r.returncode == 2:
        pytest.skip(f"the patch does not apply to this system's mmap.2: {r.stderr.strip()}")
    page = json.loads(r.stdout)["patches"][0]["pages"][0]
    kinds = {(c["kind"], c["name"]) for c in page["diff"]["changes"]}
    assert ("near-duplicate", "MAP_FIXED_SAFE") in kinds, kinds
    assert ("duplicate", "EEXIST") in kinds, kinds


def test_damaged_seed_is_refused(tmp_path):
    before = {p: os.path.getmtime(p) for p in glob.glob(os.path.join(shared_path("corpus", "man-pages-2017-12-01"), "man2", "*"))}
    r = run("--tree", shared_path("corpus", "man-pages-2017-12-01"), *glob.glob(shared_path("seed") + "/*"),
            cwd=str(tmp_path))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "hunk 1" in r.stderr and "man2/mmap.2" in r.stderr
    assert os.listdir(tmp_path) == []
    assert before == {p: os.path.getmtime(p) for p in before}


def test_series_2018_reports_per_patch():
    tree = shared_path("corpus", "mmap.2-2018-02-24")
    patches = sorted(glob.glob(os.path.join(shared_path("patches", "map-fixed-noreplace-2018"), "*.patch")))
    r = run("--tree", tree, "--upstream", "none", "--format", "json", *patches)
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    assert len(report["patches"]) == len(patches)
    first = {x["rule"] for x in report["patches"][0]["diagnostics"]}
    # The slips the maintainer's ffix/srcfix/tfix patches mended were introduced by 0001.
    assert {"MP015", "MP012", "MP010", "MP005", "PR003"} <= first


def test_example_patch(tmp_path):
    r = run("--tree", EXAMPLES, "--upstream", "none", "--format", "json",
            os.path.join(EXAMPLES, "0001-frobmap.2-document-FROB_FIXED_SAFE.patch"))
    rules = {x["rule"] for x in json.loads(r.stdout)["diagnostics"]}
    assert {"MP015", "MP010", "MP005", "MP011", "MP012", "PR003", "MP004", "PT003"} <= rules


@pytest.mark.parametrize("content,expect", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\xff" * 20, ""),
    (b"--- a/man2/nope.2\n+++ b/man2/nope.2\n@@ -1,1 +1,1 @@\n-a\n+b\n", "nope.2"),
    (b"--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1,1 +1,1 @@\n-a\n+b\n", ".."),
    (b"From 1234 Mon Sep 17 00:00:00 2001\nFrom: x <x@y>\nSubject: [PATCH] a.1: b\n\n---\n"
     b"diff --git a/man1/a.1 b/man1/a.1\n--- a/man1/a.1\n+++ b/man1/a.1\n@@ -1,3 +1,4 @@\n a\n", ""),
])
def test_bad_input_is_one_line_error(tmp_path, content, expect):
    (tmp_path / "man1").mkdir()
    (tmp_path / "man1" / "a.1").write_text("a\nb\nc\n")
    patch = tmp_path / "bad.patch"
    patch.write_bytes(content)
    r = run("--tree", str(tmp_path), "--upstream", "none", str(patch))
    assert r.returncode == 2, r.stdout
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert expect in r.stderr
    assert (tmp_path / "man1" / "a.1").read_text() == "a\nb\nc\n"
