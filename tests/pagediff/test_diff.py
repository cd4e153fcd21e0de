"""Page diff: entry-by-entry comparison of two versions of a page, and ``manlint diff``."""

from __future__ import annotations

import glob
import gzip
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SRC, shared_path
from manlint.man import parse_bytes, parse_text
from manlint.pagediff import EntryChange, PageDiff, diff_pages, text_report
from manlint.patch import read_patch
from manlint.patch.apply import apply_series, open_tree

SYSTEM_MMAP = "/usr/share/man/man2/mmap.2.gz"


def patch_2017():
    return read_patch(sorted(glob.glob(os.path.join(shared_path("patches", "map-fixed-safe-2017"),
                                                    "*.patch")))[0])


def doc(text: str, path: str = "page.2"):
    return parse_bytes(text.encode("utf-8", "surrogateescape"), path, follow_so=False)


@pytest.fixture(scope="module")
def patched_2017():
    _, new, _ = apply_series(open_tree(shared_path("corpus", "man-pages-2017-12-01")),
                             patch_2017())["man2/mmap.2"]
    return doc(new, "2017+patch:man2/mmap.2")


@pytest.fixture(scope="module")
def upstream_513():
    with open(os.path.join(shared_path("corpus", "man-pages-5.13"), "man2", "mmap.2"), "rb") as fh:
        return parse_bytes(fh.read(), "5.13:man2/mmap.2", follow_so=False)


# ---- the 2017 patch against what upstream did -------------------------------------------

def test_map_fixed_safe_is_a_likely_rename_of_noreplace(patched_2017, upstream_513):
    pd = diff_pages(patched_2017, upstream_513)
    [rename] = pd.find("renamed", "MAP_FIXED_SAFE")
    assert rename.old.name == "MAP_FIXED_SAFE" and rename.old.since == "Linux 4.16"
    assert rename.new.name == "MAP_FIXED_NOREPLACE" and rename.new.since == "Linux 4.17"
    assert rename.list_context == "DESCRIPTION > The flags argument"
    assert 0.9 <= rename.similarity <= 0.95            # 0.93: difflib's ratio of the two texts
    assert "MAP_FIXED_SAFE (since Linux 4.16) -> MAP_FIXED_NOREPLACE (since Linux 4.17)" in rename.detail
    assert "same place" in rename.detail
    # neither appears as a plain addition or removal
    assert not pd.find("added", "MAP_FIXED_NOREPLACE") and not pd.find("removed", "MAP_FIXED_SAFE")


def test_the_two_eexist_texts_are_paired(patched_2017, upstream_513):
    pd = diff_pages(patched_2017, upstream_513)
    [change] = pd.find("changed", "EEXIST")
    assert change.list_context == "ERRORS"
    assert change.old.text.startswith("range covered by addr, length is clashing")
    assert change.new.text.startswith("MAP_FIXED_NOREPLACE was specified in flags")
    assert 0.6 <= change.similarity <= 0.7             # 0.65
    assert not pd.find("added", "EEXIST") and not pd.find("removed", "EEXIST")
    assert not pd.find("duplicate")


def test_text_report_shows_rendered_text_as_minus_plus(patched_2017, upstream_513):
    pd = diff_pages(patched_2017, upstream_513)
    report = text_report(pd)
    assert "renamed: MAP_FIXED_SAFE (since Linux 4.16) -> MAP_FIXED_NOREPLACE (since Linux 4.17)" in report
    assert "    - MAP_FIXED_SAFE (since Linux 4.16)" in report
    assert "    + MAP_FIXED_NOREPLACE (since Linux 4.17)" in report
    assert "    - EEXIST range covered by addr, length is clashing with an existing" in report
    assert "    + EEXIST MAP_FIXED_NOREPLACE was specified in flags, and the range" in report
    assert "Sections added: DESCRIPTION > The flags argument" in report


# ---- the 2017 patch applied (with fuzz) to man-pages 6.03 ---------------------------------

@pytest.mark.skipif(not os.path.exists(SYSTEM_MMAP), reason="man-pages is not installed")
def test_2017_patch_on_6_03_flags_near_duplicate_and_duplicate_eexist():
    _, new, reports = apply_series(open_tree("/usr/share/man"), patch_2017())["man2/mmap.2"]
    assert all(r.fuzz for r in reports)
    old_doc = parse_bytes(gzip.decompress(open(SYSTEM_MMAP, "rb").read()), "6.03:man2/mmap.2",
                          follow_so=False)
    if "MAP_FIXED_NOREPLACE" not in old_doc.text():
        pytest.skip("this system's mmap.2 predates MAP_FIXED_NOREPLACE")
    pd = diff_pages(old_doc, doc(new, "6.03+patch:man2/mmap.2"))
    assert [c.new.name for c in pd.of_kind("added")] == ["MAP_FIXED_SAFE", "EEXIST"]
    [near] = pd.of_kind("near-duplicate")
    assert near.new.name == "MAP_FIXED_SAFE" and near.other.name == "MAP_FIXED_NOREPLACE"
    assert near.similarity >= 0.9                                  # 0.93
    assert "looks like another name for MAP_FIXED_NOREPLACE" in near.detail
    [dup] = pd.of_kind("duplicate")
    assert dup.new.name == dup.other.name == "EEXIST" and dup.list_context == "ERRORS"
    assert dup.new.text.startswith("range covered by") and dup.other.text.startswith("MAP_FIXED_NOREPLACE")
    assert dup.similarity >= 0.8 and "ratio 0.65" in dup.detail
    assert not pd.find("duplicate", "EINVAL")


# ---- what is not a duplicate ---------------------------------------------------------------

def test_einval_three_causes_are_not_duplicates(upstream_513):
    from manlint.pagediff import similar as S
    from manlint.man.query import all_entries
    einval = [e for e in all_entries(upstream_513) if e.name == "EINVAL"]
    assert len(einval) == 3
    for i in range(3):
        for j in range(i + 1, 3):
            same, score, _ = S.duplicate_check(einval[i], einval[j])
            assert not same and score < 0.3
    # a page that gains a fourth, different EINVAL reports an addition, not a duplicate
    text = open(os.path.join(shared_path("corpus", "man-pages-5.13"), "man2", "mmap.2"), encoding="utf-8").read()
    extra = text.replace(".TP\n.B ENFILE\n", ".TP\n.B EINVAL\n.I prot\nholds an unknown bit.\n.TP\n.B ENFILE\n", 1)
    assert extra != text
    pd = diff_pages(upstream_513, doc(extra))
    assert [(c.kind, c.new.name) for c in pd.changes] == [("added", "EINVAL")]


def test_same_errno_with_different_terms_is_not_a_duplicate():
    base = ".TH T 2\n.SH ERRORS\n.TP\n.B EINVAL\n.B CLONE_PIDFD\nwas specified together with\n.BR CLONE_THREAD .\n"
    more = base + ".TP\n.B EINVAL\n.B CLONE_PIDFD\nwas specified together with\n.BR CLONE_PARENT .\n"
    pd = diff_pages(doc(base), doc(more))
    assert [c.kind for c in pd.changes] == ["added"]
    same = base + ".TP\n.B EINVAL\n.B CLONE_PIDFD\nwas given together with\n.BR CLONE_THREAD .\n"
    pd = diff_pages(doc(base), doc(same))
    assert [c.kind for c in pd.changes] == ["added", "duplicate"]


def test_identical_pages_have_no_changes(upstream_513):
    pd = diff_pages(upstream_513, upstream_513)
    assert not pd and pd.changes == [] and text_report(pd).endswith("no changes\n")


# ---- the kinds of entry change, on small pages ------------------------------------------------

PAGE = """.TH T 2
.SH DESCRIPTION
.TP
.B FLAG_A
Alpha does the first thing and nothing else at all.
.TP
.BR FLAG_B " (since Linux 3.1)"
Beta does the second thing, quite unlike alpha, with care.
.TP
.B FLAG_C
Gamma is the third flag; it is kept for compatibility only.
.TP
.B FLAG_D
Delta, the fourth, turns the whole machinery off.
.SH ERRORS
.TP
.B EINVAL
Bad flags.
"""


def test_each_kind_of_change():
    new = (PAGE.replace("Alpha does the first thing", "Alpha does the very first thing")
           .replace('"(since Linux 3.1)"', '"(since Linux 3.2)"').replace(" (since Linux 3.1)", " (since Linux 3.2)")
           .replace(".B FLAG_C\nGamma is the third flag;", ".B FLAG_GAMMA\nGamma is the third flag;")
           .replace(".TP\n.B FLAG_D\nDelta, the fourth, turns the whole machinery off.\n", "")
           .replace(".SH ERRORS\n", ".TP\n.B FLAG_E\nEpsilon is new.\n.SH NOTES\nA note.\n.SH ERRORS\n"))
    pd = diff_pages(doc(PAGE), doc(new))
    kinds = {(c.kind, c.name) for c in pd.changes}
    assert ("changed", "FLAG_A") in kinds
    assert ("since", "FLAG_B") in kinds
    assert ("renamed", "FLAG_GAMMA") in kinds
    assert ("removed", "FLAG_D") in kinds
    assert ("added", "FLAG_E") in kinds
    assert pd.sections_added == ["NOTES"]
    [since] = pd.find("since", "FLAG_B")
    assert since.detail == "(since Linux 3.1) -> (since Linux 3.2)"
    data = json.loads(pd.to_json())
    assert data["sections_added"] == ["NOTES"]
    assert {c["kind"] for c in data["changes"]} == {"changed", "since", "renamed", "removed", "added"}
    assert data["counts"]["renamed"] == 1


def test_moved_entry():
    new = PAGE.replace(".TP\n.B FLAG_A\nAlpha does the first thing and nothing else at all.\n", "")
    new = new.replace(".SH ERRORS\n", ".TP\n.B FLAG_A\nAlpha does the first thing and nothing else at all.\n"
                                      ".SH ERRORS\n")
    pd = diff_pages(doc(PAGE), doc(new))
    assert [(c.kind, c.name) for c in pd.changes] == [("moved", "FLAG_A")]
    assert "now after FLAG_D" in pd.changes[0].detail


def test_bullets_are_not_renamed():
    old = ".TH T 7\n.SH NOTES\n.IP * 3\nOne point to remember here.\n.IP *\nAnother point to keep.\n"
    new = old.replace(".IP *", ".IP \\(bu")
    pd = diff_pages(doc(old), doc(new))
    assert pd.changes == []


def test_model_types():
    pd = diff_pages(doc(PAGE), doc(PAGE.replace("Bad flags.", "Bad flags given.")))
    assert isinstance(pd, PageDiff) and all(isinstance(c, EntryChange) for c in pd.changes)
    assert pd.sections_added == pd.sections_removed == [] and pd.sections_changed == ["ERRORS"]


# ---- the command line ----------------------------------------------------------------------

def run_cli(*args: str):
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.run([sys.executable, "-m", "manlint", "diff", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def test_cli_diff(tmp_path):
    old, new = tmp_path / "old.2", tmp_path / "new.2"
    old.write_text(PAGE)
    new.write_text(PAGE.replace(".B FLAG_C\nGamma", ".B FLAG_GAMMA\nGamma"))
    res = run_cli(str(old), str(new))
    assert res.returncode == 1, res.stderr
    assert "renamed: FLAG_C -> FLAG_GAMMA" in res.stdout
    assert "    - FLAG_C" in res.stdout and "    + FLAG_GAMMA" in res.stdout
    res = run_cli(str(old), str(new), "--format", "json")
    assert res.returncode == 1
    data = json.loads(res.stdout)
    assert data["changes"][0]["kind"] == "renamed" and data["changes"][0]["old"]["name"] == "FLAG_C"
    res = run_cli(str(old), str(old))
    assert res.returncode == 0 and "no changes" in res.stdout
    res = run_cli(str(old), str(tmp_path / "missing.2"))
    assert res.returncode == 2 and res.stderr.strip() == f"manlint: {tmp_path / 'missing.2'}: no such file"
    res = run_cli(str(old), str(tmp_path))
    assert res.returncode == 2 and len(res.stderr.strip().split("\n")) == 1
    res = run_cli(str(old), str(new), "--format", "xml")
    assert res.returncode == 2 and len(res.stderr.strip().split("\n")) == 1


def test_cli_diff_git_revision(tmp_path):
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "t.2").write_text(PAGE)
    subprocess.run(git + ["add", "t.2"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "one"], check=True)
    (repo / "t.2").write_text(PAGE.replace("Bad flags.", "Bad flags, or none."))
    res = run_cli(f"{repo}@HEAD:t.2", str(repo / "t.2"))
    assert res.returncode == 1 and "changed: EINVAL" in res.stdout
    res = run_cli(f"{repo}@HEAD:nope.2", str(repo / "t.2"))
    assert res.returncode == 2 and "no such file at that revision" in res.stderr


def test_parse_text_pages_also_work():
    pd = diff_pages(parse_text(PAGE), parse_text(PAGE))
    assert not pd
