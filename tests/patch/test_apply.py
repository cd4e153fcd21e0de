"""Applying patches in memory like GNU patch: exact, offset, fuzz, series, trees, refusals."""

from __future__ import annotations

import glob
import gzip
import os
import random
import re
import shutil
import subprocess

import pytest

from conftest import CORPUS_513, EXAMPLES, shared_path
from manlint.patch import PatchError, parse_patches, read_patch, read_series
from manlint.patch.apply import (DirTree, GitTree, HunkReport, SystemManTree, apply_file_diff,
                                 apply_hunks, apply_series, check_path, open_tree, split_lines,
                                 write_tree)

SYSTEM_MMAP = "/usr/share/man/man2/mmap.2.gz"
needs_patch = pytest.mark.skipif(shutil.which("patch") is None, reason="GNU patch is not installed")
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def patch_2017() -> str:
    return sorted(glob.glob(os.path.join(shared_path("patches", "map-fixed-safe-2017"), "*.patch")))[0]


def gnu_patch(workdir, patch_file: str) -> tuple[int, str]:
    """Run GNU patch -p1 in ``workdir``; its exit status and output."""
    res = subprocess.run(["patch", "-p1", "-f", "--no-backup-if-mismatch", "-i", patch_file],
                         cwd=workdir, capture_output=True, text=True)
    return res.returncode, res.stdout + res.stderr


def gnu_reports(output: str) -> dict[int, tuple[int, int]]:
    """{hunk: (offset, fuzz)} from GNU patch's "Hunk #N succeeded at L with fuzz F (offset K lines)"."""
    found = {}
    for m in re.finditer(r"Hunk #(\d+) succeeded at \d+(?: with fuzz (\d+))?(?: \(offset (-?\d+) lines?\))?",
                         output):
        found[int(m.group(1))] = (int(m.group(3) or 0), int(m.group(2) or 0))
    return found


# ---- the 2017 patch ---------------------------------------------------------------

@needs_patch
def test_2017_patch_applies_exactly_like_gnu_patch(tmp_path):
    tree = shared_path("corpus", "man-pages-2017-12-01")
    results = apply_series(open_tree(tree), [read_patch(patch_2017())])
    assert list(results) == ["man2/mmap.2"]
    old, new, reports = results["man2/mmap.2"]
    with open(os.path.join(tree, "man2", "mmap.2"), encoding="utf-8") as fh:
        assert old == fh.read()
    assert reports == [HunkReport(1, 0, 0), HunkReport(2, 0, 0)]
    (tmp_path / "man2").mkdir()
    shutil.copy(os.path.join(tree, "man2", "mmap.2"), tmp_path / "man2" / "mmap.2")
    status, output = gnu_patch(tmp_path, patch_2017())
    assert status == 0 and "Hunk" not in output          # exact: no offset, no fuzz
    assert new == (tmp_path / "man2" / "mmap.2").read_text(encoding="utf-8")
    assert new.count("MAP_FIXED_SAFE") == 2 and len(split_lines(new)) == len(split_lines(old)) + 22


@needs_patch
@pytest.mark.skipif(not os.path.exists(SYSTEM_MMAP), reason="man-pages is not installed")
def test_2017_patch_on_system_man_pages_needs_offset_and_fuzz(tmp_path):
    """man-pages 6.03 moved the context: GNU patch says offset 52/85 lines, fuzz 2; so do we."""
    tree = open_tree("/usr/share/man")
    assert isinstance(tree, SystemManTree)
    results = apply_series(tree, read_patch(patch_2017()))
    old, new, reports = results["man2/mmap.2"]
    assert old == gzip.decompress(open(SYSTEM_MMAP, "rb").read()).decode("utf-8")
    (tmp_path / "man2").mkdir()
    (tmp_path / "man2" / "mmap.2").write_text(old, encoding="utf-8")
    status, output = gnu_patch(tmp_path, patch_2017())
    assert status == 0
    assert {r.index: (r.offset, r.fuzz) for r in reports} == gnu_reports(output)
    assert new == (tmp_path / "man2" / "mmap.2").read_text(encoding="utf-8")
    if "MAP_FIXED_NOREPLACE" in old and old.count("\n") == 1410:     # the Debian 6.03 page
        assert reports == [HunkReport(1, 52, 2), HunkReport(2, 85, 2)]
    assert all(r.fuzz == 2 for r in reports)


@needs_patch
def test_2017_patch_on_5_13_corpus(tmp_path):
    tree = shared_path("corpus", "man-pages-5.13")
    results = apply_series(open_tree(tree), read_patch(patch_2017()))
    old, new, reports = results["man2/mmap.2"]
    assert reports == [HunkReport(1, 68, 2), HunkReport(2, 100, 2)]
    (tmp_path / "man2").mkdir()
    shutil.copy(os.path.join(tree, "man2", "mmap.2"), tmp_path / "man2" / "mmap.2")
    status, output = gnu_patch(tmp_path, patch_2017())
    assert status == 0 and gnu_reports(output) == {1: (68, 2), 2: (100, 2)}
    assert new == (tmp_path / "man2" / "mmap.2").read_text(encoding="utf-8")


def test_2017_patch_without_fuzz_fails_clearly():
    tree = shared_path("corpus", "man-pages-5.13")
    with pytest.raises(PatchError) as info:
        apply_series(open_tree(tree), read_patch(patch_2017()), max_fuzz=0)
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith(patch_2017() + ":19: ")
    assert "hunk 1 of man2/mmap.2 does not apply: its context (line 227, 6 lines) is not found" in text


def test_applying_twice_is_detected():
    tree = shared_path("corpus", "man-pages-2017-12-01")
    patch = read_patch(patch_2017())
    with pytest.raises(PatchError, match=r"hunk 1 of man2/mmap.2: reversed or previously applied patch "
                                         r"detected"):
        apply_series(open_tree(tree), [patch, patch])
    # forced, fuzz 2 places it a second time, as GNU patch -f does (offsets 16 and 22)
    _, new, reports = apply_series(open_tree(tree), [patch, patch], force=True)["man2/mmap.2"]
    assert reports[2:] == [HunkReport(1, 16, 2), HunkReport(2, 22, 2)]
    assert new.count("MAP_FIXED_SAFE") == 4


# ---- the 2018 series ---------------------------------------------------------------

@needs_patch
def test_2018_series_applies_in_order(tmp_path):
    tree = shared_path("corpus", "mmap.2-2018-02-24")
    series = read_series(shared_path("patches", "map-fixed-noreplace-2018"))
    assert len(series) == 26
    results = apply_series(open_tree(tree), series)
    old, new, reports = results["man2/mmap.2"]
    assert len(reports) == sum(len(fd.hunks) for p in series for fd in p.files) == 37
    assert all(r.fuzz == 0 and r.offset == 0 for r in reports)
    assert "MAP_FIXED_NOREPLACE" in new and "MAP_FIXED_NOREPLACE" not in old
    # out of order, patch 2 does not apply to the base page
    with pytest.raises(PatchError, match=r"0002-mmap.2-ffix.patch:\d+: hunk 1 of man2/mmap.2 does not apply"):
        apply_series(open_tree(tree), [series[1]])
    # GNU patch, one by one, gives the same page
    shutil.copytree(tree, tmp_path / "t")
    for p in series:
        status, _ = gnu_patch(tmp_path / "t", p.source_path)
        assert status == 0
    assert new == (tmp_path / "t" / "man2" / "mmap.2").read_text(encoding="utf-8")
    # nothing was written to the tree
    with open(os.path.join(tree, "man2", "mmap.2"), encoding="utf-8") as fh:
        assert fh.read() == old


def test_write_tree(tmp_path):
    tree = shared_path("corpus", "mmap.2-2018-02-24")
    results = apply_series(open_tree(tree), read_series(shared_path("patches", "map-fixed-noreplace-2018")))
    dest = tmp_path / "out"
    dest.mkdir()
    assert write_tree(results, str(dest)) == ["man2/mmap.2"]
    assert (dest / "man2" / "mmap.2").read_text(encoding="utf-8") == results["man2/mmap.2"][1]
    assert [p.name for p in (dest / "man2").iterdir()] == ["mmap.2"]          # no temp files left
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", dest / "man3")
    with pytest.raises(PatchError, match="symlink"):
        write_tree({"man3/x.3": (None, "x\n", [])}, str(dest))
    assert not list((tmp_path / "elsewhere").iterdir())


def test_project_example_applies():
    results = apply_series(DirTree(EXAMPLES), read_patch(
        os.path.join(EXAMPLES, "0001-frobmap.2-document-FROB_FIXED_SAFE.patch")))
    old, new, reports = results["frobmap.2"]
    assert "FROB_FIXED_SAFE" in new and "FROB_FIXED_SAFE" not in old
    assert len(reports) == 2


# ---- GNU patch's placement rules, checked against GNU patch itself --------------------

@needs_patch
def test_placement_matches_gnu_patch(tmp_path):
    """Random edits, random target drift: same verdict, same text, same offsets and fuzz."""
    base = open(os.path.join(CORPUS_513, "man2", "mmap.2"), encoding="utf-8").read() \
        if os.path.exists(CORPUS_513) else "".join(f"line {k}\n" for k in range(400))
    base_lines = split_lines(base)
    checked = fuzzed = failed = 0
    for seed in range(150):
        rnd = random.Random(seed)
        a = base_lines[rnd.randrange(0, len(base_lines) - 150):][:rnd.randrange(20, 150)]
        b, t = list(a), list(a)
        for lines, tag, edits in ((b, "new", rnd.randrange(1, 8)), (t, "drift", rnd.randrange(0, 10))):
            for _ in range(edits):
                k, op = rnd.randrange(0, len(lines) + 1), rnd.random()
                if op < 0.45:
                    lines.insert(k, f"{tag} {rnd.randrange(1000)}\n")
                elif op < 0.75 and k < len(lines):
                    del lines[k]
                elif k < len(lines):
                    lines[k] = f"{tag} changed {rnd.randrange(1000)}\n"
        (tmp_path / "a").write_text("".join(a))
        (tmp_path / "b").write_text("".join(b))
        (tmp_path / "t").write_text("".join(t))
        diff = subprocess.run(["diff", "-u", f"-U{rnd.choice([1, 2, 3, 3])}", "a", "b"], cwd=tmp_path,
                              capture_output=True, text=True).stdout
        if not diff:
            continue
        res = subprocess.run(["patch", "-f", "--no-backup-if-mismatch", "-r", "-", "-o", "out", "t"],
                             input=diff, cwd=tmp_path, capture_output=True, text=True)
        [patch] = parse_patches(diff.encode(), "random.diff")
        try:
            new, reports = apply_file_diff("".join(t), patch.files[0])
        except PatchError:
            assert res.returncode != 0, f"seed {seed}: GNU patch applied what we refused"
            failed += 1
            continue
        assert res.returncode == 0, f"seed {seed}: we applied what GNU patch refused"
        assert new == (tmp_path / "out").read_text(), f"seed {seed}: different text"
        got = {r.index: (r.offset, r.fuzz) for r in reports if r.offset or r.fuzz}
        assert got == gnu_reports(res.stdout), f"seed {seed}"
        checked += 1
        fuzzed += any(r.fuzz for r in reports)
        (tmp_path / "out").unlink()
    assert checked > 50 and fuzzed > 5 and failed > 5


def test_offset_and_fuzz_by_hand():
    page = [f"l{k}\n" for k in range(1, 21)]
    text = "--- a/p.1\n+++ b/p.1\n@@ -5,6 +5,7 @@\n l5\n l6\n l7\n+new\n l8\n l9\n l10\n"
    fd = parse_patches(text.encode(), "p.diff")[0].files[0]
    new, reports = apply_hunks(page, fd)
    assert reports == [HunkReport(1, 0, 0)] and new[7] == "new\n"
    new, reports = apply_hunks(["x\n"] * 3 + page, fd)            # three lines further down
    assert reports == [HunkReport(1, 3, 0)] and new[10] == "new\n"
    drifted = list(page)
    drifted[4] = "L5 edited\n"                                       # first context line differs
    new, reports = apply_hunks(drifted, fd)
    assert reports == [HunkReport(1, 0, 1)] and new[7] == "new\n" and new[4] == "L5 edited\n"
    drifted[5] = "L6 edited\n"
    assert apply_hunks(drifted, fd)[1] == [HunkReport(1, 0, 2)]
    drifted[6] = "L7 edited\n"                                       # three: too much fuzz
    with pytest.raises(PatchError, match="hunk 1 of p.1 does not apply"):
        apply_hunks(drifted, fd)


def test_no_newline_at_end_of_file():
    text = "--- a/p.1\n+++ b/p.1\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
    fd = parse_patches(text.encode(), "n.diff")[0].files[0]
    assert apply_file_diff("a\nb", fd)[0] == "a\nc\n"


# ---- refusals ---------------------------------------------------------------------

def _diff_for(path: str) -> bytes:
    return f"--- a/{path}\n+++ b/{path}\n@@ -1,1 +1,1 @@\n-a\n+b\n".encode()


def test_missing_file(tmp_path):
    with pytest.raises(PatchError) as info:
        apply_series(DirTree(str(tmp_path)), parse_patches(_diff_for("man2/nosuch.2"), "m.diff"))
    assert str(info.value) == f"m.diff:1: man2/nosuch.2: no such file in {tmp_path}"


@pytest.mark.parametrize("header,message", [
    ("--- a/../../etc/passwd\n+++ b/../../etc/passwd\n", "climbs out of the tree with '..'"),
    ("--- a/man2/../../x\n+++ b/man2/../../x\n", "climbs out of the tree with '..'"),
    ("--- /etc/passwd\n+++ /etc/passwd\n", "refusing absolute path /etc/passwd"),
    ("diff --git a//etc/passwd b//etc/passwd\n--- a//etc/passwd\n+++ b//etc/passwd\n",
     "refusing absolute path /etc/passwd"),
])
def test_path_escapes_are_refused(tmp_path, header, message):
    data = (header + "@@ -1,1 +1,1 @@\n-a\n+b\n").encode()
    with pytest.raises(PatchError) as info:
        apply_series(DirTree(str(tmp_path)), parse_patches(data, "evil.diff"))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_symlink_escape_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.2").write_text("a\n")
    root = tmp_path / "tree"
    root.mkdir()
    os.symlink(outside, root / "man2")                       # a directory symlink
    os.symlink(outside / "victim.2", root / "page.2")        # a file symlink
    for path, link in (("man2/victim.2", "man2"), ("page.2", "page.2")):
        with pytest.raises(PatchError) as info:
            apply_series(DirTree(str(root)), parse_patches(_diff_for(path), "evil.diff"))
        assert f"{link} is a symlink" in str(info.value)
    assert (outside / "victim.2").read_text() == "a\n"


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_device_file_is_refused(tmp_path):
    root = tmp_path / "tree"
    root.mkdir()
    fifo = root / "pipe.2"
    os.mkfifo(fifo)
    with pytest.raises(PatchError, match="pipe.2: it is a FIFO"):
        apply_series(DirTree(str(root)), parse_patches(_diff_for("pipe.2"), "d.diff"))
    with pytest.raises(PatchError, match="it is a device file"):
        apply_series(DirTree("/dev"), parse_patches(_diff_for("null"), "d.diff"))


def test_check_path():
    assert check_path("man2//./mmap.2") == "man2/mmap.2"
    for bad in ("", "/x", "..", "a/../../b", "C:/x"):
        with pytest.raises(PatchError):
            check_path(bad)


# ---- a git revision as the tree ---------------------------------------------------------

@needs_git
def test_git_revision_tree(tmp_path):
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "man2").mkdir()
    (repo / "man2" / "p.2").write_text("a\nb\nc\n")
    os.symlink("/etc/passwd", repo / "link.2")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "one"], check=True)
    first = subprocess.run(git + ["rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    (repo / "man2" / "p.2").write_text("a\nB\nc\n")
    subprocess.run(git + ["commit", "-q", "-a", "-m", "two"], check=True)
    (repo / "man2" / "p.2").write_text("working copy, not committed\n")

    tree = open_tree(f"{repo}@{first}")
    assert isinstance(tree, GitTree)
    assert tree.read("man2/p.2") == "a\nb\nc\n"
    assert open_tree(f"{repo}@HEAD").read("man2/p.2") == "a\nB\nc\n"
    assert tree.read("man2/none.2") is None
    patch = parse_patches(b"--- a/man2/p.2\n+++ b/man2/p.2\n@@ -1,3 +1,3 @@\n a\n-b\n+X\n c\n", "g.diff")
    assert apply_series(tree, patch)["man2/p.2"][1] == "a\nX\nc\n"
    with pytest.raises(PatchError, match="does not apply"):
        apply_series(open_tree(f"{repo}@HEAD"), patch)
    with pytest.raises(PatchError, match="link.2 is a symlink"):
        tree.read("link.2")
    with pytest.raises(PatchError, match="no revision 'nope'"):
        open_tree(f"{repo}@nope")
    # nothing was checked out
    assert (repo / "man2" / "p.2").read_text() == "working copy, not committed\n"
