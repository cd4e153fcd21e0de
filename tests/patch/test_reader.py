"""Reading patches: format-patch files, mbox series, plain diffs, damaged web copies, bad inputs."""

from __future__ import annotations

import glob
import gzip
import os
import subprocess

import pytest

from conftest import EXAMPLES, shared_path
from manlint.patch import (DEV_NULL, Patch, PatchError, parse_patches, read_patch, read_patches,
                           read_series)


def _one(pattern: str) -> str:
    found = sorted(glob.glob(pattern))
    if not found:
        pytest.skip(f"{pattern}: absent")
    return found[0]


def patch_2017() -> str:
    return _one(os.path.join(shared_path("patches", "map-fixed-safe-2017"), "*.patch"))


def series_2018() -> list[str]:
    files = sorted(glob.glob(os.path.join(shared_path("patches", "map-fixed-noreplace-2018"), "*.patch")))
    assert len(files) == 26
    return files


def seed() -> str:
    return _one(os.path.join(shared_path("seed"), "000_*.txt"))


def one_line(exc: PatchError) -> str:
    text = str(exc)
    assert "\n" not in text and text
    return text


# ---- the restored 2017 patch ---------------------------------------------------------

def test_2017_patch_message_and_hunks():
    patch = read_patch(patch_2017())
    msg = patch.message
    assert msg.subject == "[PATCH 1/2] mmap.2: document new MAP_FIXED_SAFE flag"
    assert msg.summary == "mmap.2: document new MAP_FIXED_SAFE flag"
    assert msg.author == "Michal Hocko <mhocko@suse.com>"
    assert msg.date.startswith("Wed, 13 Dec 2017")
    assert msg.signed_off_by == ["Michal Hocko <mhocko@suse.com>"]
    assert "atomicaly probe" in msg.body and "1 file changed" not in msg.body
    assert (patch.number, patch.total) == (1, 2)
    assert len(patch.files) == 1
    fd = patch.files[0]
    assert (fd.old_path, fd.new_path, fd.path) == ("a/man2/mmap.2", "b/man2/mmap.2", "man2/mmap.2")
    assert [(h.old_start, h.old_count, h.new_start, h.new_count) for h in fd.hunks] == \
        [(227, 6, 227, 22), (451, 6, 467, 12)]
    h1, h2 = fd.hunks
    assert sum(op == "+" for op, _, _ in h1.lines) == 16
    assert sum(op == "+" for op, _, _ in h2.lines) == 6
    assert h1.lines[3] == ("+", '.BR MAP_FIXED_SAFE " (since Linux 4.16)"', h1.header_line + 4)
    assert h1.section.startswith("in mind that the exact layout")
    # line numbers point into the patch file
    with open(patch_2017(), encoding="utf-8") as fh:
        text = fh.read().split("\n")
    assert text[h2.header_line - 1].startswith("@@ -451,6 +467,12 @@")
    for op, body, n in h2.lines:
        assert text[n - 1] == op + body


def test_project_example_patch():
    patch = read_patch(os.path.join(EXAMPLES, "0001-frobmap.2-document-FROB_FIXED_SAFE.patch"))
    assert patch.message.signed_off_by == ["Ada Frobnitz <ada.frobnitz@example.org>"]
    assert patch.files[0].path == "frobmap.2"
    assert len(patch.files[0].hunks) == 2


# ---- the damaged web copy ---------------------------------------------------------

def test_seed_is_a_damaged_patch():
    with pytest.raises(PatchError) as info:
        read_patches(seed())
    text = one_line(info.value)
    assert text.startswith(seed() + ":20: ")
    assert "damaged patch" in text
    assert "hunk 1 of man2/mmap.2 declares 16 added lines but holds 12" in text
    assert "hunk 2 is damaged too" in text
    assert info.value.line == 20


def test_seed_second_hunk_alone():
    with open(seed(), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("@@ -227"))
    second = next(i for i, ln in enumerate(lines) if ln.startswith("@@ -451"))
    cut = "\n".join(lines[:start] + lines[second:])
    with pytest.raises(PatchError, match=r"hunk 1 of man2/mmap.2 declares 6 added lines but holds 4"):
        parse_patches(cut.encode(), "seed-cut.txt")


def test_web_copy_that_kept_its_lines_is_read_with_its_message():
    """The same page, had the copy kept every line: chrome stripped, message found."""
    with open(patch_2017(), encoding="utf-8") as fh:
        good = fh.read().split("\n")
    diff_at = next(i for i, ln in enumerate(good) if ln.startswith("diff --git"))
    page = ["[lkml]\u00a0 [2017]\u00a0 [Dec]\u00a0 [13]\u00a0 [last100]\u00a0 RSS Feed",
            "Messages in this thread", "Patch in this message",
            "Subject[PATCH 1/2] mmap.2: document new MAP_FIXED_SAFE flag",
            "From: Michal Hocko <>", "",
            "4.16+ kernels offer a new MAP_FIXED_SAFE flag which allows the caller to",
            "atomicaly probe for a given address range.", "",
            "Signed-off-by: Michal Hocko <>",
            "man2/mmap.2 | 22 ++++++++++++++++++++++", ""] + good[diff_at:] + \
        ["\u00a0\\\u00a0/", "\u00a0 Last update: 2017-12-13 10:32"]
    [patch] = parse_patches("\n".join(page).encode(), "web.txt")
    assert patch.message.subject == "[PATCH 1/2] mmap.2: document new MAP_FIXED_SAFE flag"
    assert patch.message.author == "Michal Hocko"
    assert patch.message.signed_off_by == ["Michal Hocko <>"]
    assert [len(h.lines) for h in patch.files[0].hunks] == [22, 12]


def test_html_page_with_a_pre_block():
    with open(patch_2017(), encoding="utf-8") as fh:
        good = fh.read()
    diff = good[good.index("diff --git"):]
    esc = diff.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    page = f"<!DOCTYPE html><html><body><h1>mmap.2</h1><pre>{esc}</pre><p>footer</p></body></html>"
    [patch] = parse_patches(page.encode(), "page.html")
    assert patch.files[0].hunks[0].lines[3][1] == '.BR MAP_FIXED_SAFE " (since Linux 4.16)"'


# ---- series and mbox --------------------------------------------------------------

def test_series_2018_in_order():
    patches = read_series(series_2018())
    assert len(patches) == 26
    assert [p.number for p in patches] == list(range(1, 27))
    assert {p.total for p in patches} == {26}
    assert patches[0].message.summary == "mmap.2: Document new MAP_FIXED_NOREPLACE flag"
    # folded subjects are unfolded
    assert patches[7].message.subject.endswith("obsolete MAP_DENYWRITE")
    assert all(f.path == "man2/mmap.2" for p in patches for f in p.files)
    assert "Michael Kerrisk <mtk.manpages@gmail.com>" in patches[0].message.signed_off_by
    # a directory means its *.patch files by name
    assert [p.message.subject for p in read_series(os.path.dirname(series_2018()[0]))] == \
        [p.message.subject for p in patches]


def test_mbox_with_many_messages_is_a_series(tmp_path):
    mbox = tmp_path / "series.mbox"
    files = series_2018()
    with open(mbox, "wb") as out:
        for f in reversed(files):            # out of order: numbering puts them back
            with open(f, "rb") as fh:
                out.write(fh.read().rstrip(b"\n") + b"\n\n")
    patches = read_patches(str(mbox))
    assert [p.number for p in patches] == list(range(1, 27))
    assert patches[25].message.summary.startswith("mmap.2: Minor wording improvements")
    # line numbers are positions in the mbox
    lines = mbox.read_text(encoding="utf-8").split("\n")
    h = patches[0].files[0].hunks[0]
    assert lines[h.header_line - 1].startswith("@@ ")


def test_mbox_as_git_format_patch_stdout(tmp_path):
    """A real git format-patch --stdout series: cover letter skipped, quoting undone."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "page.1").write_text(".TH P 1\n.SH NAME\np \\- q\n")
    subprocess.run(git + ["add", "page.1"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "base"], check=True)
    for k in (1, 2):
        with open(repo / "page.1", "a") as fh:
            fh.write(f".SH S{k}\nFrom the start {k}.\n")
        subprocess.run(git + ["commit", "-q", "-a", "-m", f"page.1: add S{k}\n\nFrom here.\n\n"
                                                          f"Signed-off-by: T <t@example.org>"], check=True)
    out = subprocess.run(git + ["format-patch", "-q", "--stdout", "--cover-letter", "HEAD~2"],
                         check=True, capture_output=True).stdout
    mbox = tmp_path / "fp.mbox"
    mbox.write_bytes(out)
    patches = read_patches(str(mbox))
    assert [p.number for p in patches] == [1, 2]
    assert patches[1].message.summary == "page.1: add S2"
    assert patches[1].message.signed_off_by == ["T <t@example.org>"]
    assert patches[1].files[0].hunks[0].lines[-1] == ("+", "From the start 2.", pytest.approx(0, abs=10**9))


def test_truncated_mbox(tmp_path):
    files = series_2018()
    data = b"".join(open(f, "rb").read().rstrip(b"\n") + b"\n\n" for f in files[:3])
    # cut inside the diff of the third message
    cut = data[:data.rindex(b"@@ ") + 40]
    path = tmp_path / "cut.mbox"
    path.write_bytes(cut)
    with pytest.raises(PatchError) as info:
        read_patches(str(path))
    text = one_line(info.value)
    assert "truncated mbox: message 3 ends inside hunk" in text and "man2/mmap.2" in text
    # cut inside the headers of a message
    path.write_bytes(data[:data.rindex(b"Subject:") + 20])
    with pytest.raises(PatchError, match=r"truncated mbox: message 3 ends inside its headers"):
        read_patches(str(path))
    # cut before the diff of a [PATCH] message
    third = data.rindex(b"From ")
    path.write_bytes(data[:data.index(b"\n\n", third) + 40])
    with pytest.raises(PatchError, match=r"truncated mbox: message 3 .*ends before its diff"):
        read_patches(str(path))


# ---- plain diffs ------------------------------------------------------------------

def test_plain_diff_u_and_git_diff(tmp_path):
    old, new = tmp_path / "old.2", tmp_path / "new.2"
    old.write_text("a\nb\nc\nd\n")
    new.write_text("a\nB\nc\nd\ne\n")
    out = subprocess.run(["diff", "-u", str(old), str(new)], capture_output=True, text=True).stdout
    [patch] = parse_patches(out.encode(), "d.diff")
    assert patch.message is None
    fd = patch.files[0]
    assert fd.old_path == str(old) and fd.new_path == str(new)       # timestamps dropped
    assert [op for op, _, _ in fd.hunks[0].lines] == [" ", "-", "+", " ", " ", "+"]
    git = "diff --git a/x.1 b/x.1\nnew file mode 100644\nindex 0000000..e69de29\n--- /dev/null\n" \
          "+++ b/x.1\n@@ -0,0 +1,2 @@\n+.TH X 1\n+.SH NAME\n"
    [patch] = parse_patches(git.encode(), "g.diff")
    fd = patch.files[0]
    assert fd.new_file and fd.old_path == DEV_NULL and fd.path == "x.1" and fd.source is None


def test_no_newline_marker():
    text = "--- a/p.1\n+++ b/p.1\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
    [patch] = parse_patches(text.encode(), "n.diff")
    h = patch.files[0].hunks[0]
    assert h.old_no_newline and not h.new_no_newline


# ---- bad inputs ------------------------------------------------------------------

@pytest.mark.parametrize("data,message", [
    (b"", "empty file, not a patch"),
    (b"\n  \n", "empty file, not a patch"),
    (b"\x7fELF\x02\x01\x01\0\0\0\0", "binary file, not a patch"),
    (gzip.compress(b"--- a/x\n+++ b/x\n"), "binary file, not a patch"),
    (b"Hello,\nthis is only prose.\n", "no diff found"),
    (b"@@ -1,1 +1,1 @@\n-a\n+b\n", "hunk without a file header"),
    (b"diff --git a/f.png b/f.png\nindex 1..2 100644\nGIT binary patch\nliteral 3\n",
     "binary diff for f.png"),
    (b"--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n", "is cut short"),
])
def test_bad_inputs(tmp_path, data, message):
    path = tmp_path / "bad.patch"
    path.write_bytes(data)
    with pytest.raises(PatchError) as info:
        read_patches(str(path))
    text = one_line(info.value)
    assert text.startswith(str(path))
    assert message in text


def test_missing_and_directory(tmp_path):
    with pytest.raises(PatchError, match="no such file"):
        read_patches(str(tmp_path / "nope.patch"))
    with pytest.raises(PatchError, match="is a directory"):
        read_patches(str(tmp_path))
    with pytest.raises(PatchError, match="holds a series of 26 patches"):
        mbox = tmp_path / "s.mbox"
        mbox.write_bytes(b"".join(open(f, "rb").read() for f in series_2018()))
        read_patch(str(mbox))


def test_patch_model_names():
    patch = read_patch(patch_2017())
    assert isinstance(patch, Patch)
    assert patch.name.endswith("[1/2]")
    assert patch.source_path == patch_2017()


def test_quoted_printable_and_attachment_mails():
    from email.message import EmailMessage
    from email.policy import SMTP
    diff = ("--- a/man2/x.2\n+++ b/man2/x.2\n@@ -1,2 +1,2 @@\n .TH X 2\n-a=b caf\u00e9 " + "long " * 20
            + "\n+a=c caf\u00e9\n")
    msg = EmailMessage()
    msg["From"], msg["Subject"] = "A <a@example.org>", "[PATCH v2 3/7] x.2: fix caf\u00e9"
    msg.set_content("Fix it.\n\nSigned-off-by: A <a@example.org>\n---\n" + diff, cte="quoted-printable")
    raw = b"From abc Mon Jan  1 00:00:00 2024\n" + msg.as_bytes(policy=SMTP).replace(b"\r\n", b"\n")
    [patch] = parse_patches(raw, "qp.mbox")
    assert (patch.message.subject, patch.number, patch.total) == ("[PATCH v2 3/7] x.2: fix caf\u00e9", 3, 7)
    assert patch.files[0].hunks[0].lines[1][1].startswith("a=b caf\u00e9 long long")
    att = EmailMessage()
    att["From"], att["Subject"] = "A <a@example.org>", "[PATCH] x.2: fix"
    att.set_content("See the attachment.\n\nSigned-off-by: A <a@example.org>\n")
    att.add_attachment(diff.encode(), maintype="text", subtype="x-patch", filename="p.patch")
    [patch] = parse_patches(att.as_bytes(), "att.eml")
    assert patch.message.signed_off_by == ["A <a@example.org>"]
    assert [len(h.lines) for h in patch.files[0].hunks] == [3]
