"""Inputs that crashed, hung or leaked before, each with its input inline.

Found by the atheris fuzzer (fuzz/fuzz_parser.py), the property tests and
probing of the limits.  Each one parses, dumps, renders and lints cleanly
now; the comment says what went wrong before.
"""

from __future__ import annotations

import re

import pytest

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import nodes as N
from manlint.man import parse_bytes
from manlint.render.text import render_text
from manlint.render.tree import dump

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
TH = b".TH REG 1 2024-01-01\n.SH NAME\nreg \\- regression\n.SH DESCRIPTION\n"


def run(data: bytes):
    doc = parse_bytes(data, "x.1")
    dump(doc).encode("utf-8")
    text = render_text(doc)
    text.encode("utf-8")  # a lone surrogate cannot be written out
    bad = _CONTROL.search(text)
    assert bad is None, f"U+{ord(bad.group()):04X} in the text output"
    Checker(Selection()).check(doc)
    return doc, text


def codes(doc) -> set[str]:
    return {d.code for d in doc.diagnostics}


REGRESSIONS = {
    # RecursionError in Reader._line: conditionals nested on one line.
    "nested-if-on-one-line": TH + b".if 1 " * 3000 + b"x\n",
    "nested-ie-on-one-line": TH + b".ie 1 " * 3000 + b"x\n",
    # RecursionError in Reader._line: a chain of '.\}' on one line.
    "close-brace-chain": TH + b".\\}" * 3000 + b"x\n",
    # RecursionError: macro depth 50 times 100 nested conditionals.
    "conditionals-in-recursive-macro": TH + b".de a\n" + b".if 1 " * 100 + b".a\n..\n.a\n",
    # RecursionError in TextRenderer.walk: 20,000 nested .RS, .UR, .TP/.RS.
    "nested-rs": TH + b".RS\n" * 20000 + b"x\n",
    "nested-ur": TH + b".UR http://x\n" * 3000 + b"x\n",
    "nested-tp-rs": TH + b".TP\nt\n.RS\n" * 3000 + b"x\n",
    "nested-ip-rs": TH + b".IP t\n.RS\n" * 3000 + b"x\n",
    "nested-rs-ur": TH + b".RS\n.UR u\n" * 3000 + b"x\n",
    # OverflowError in glyphs.lookup: chr() of a huge number.
    "huge-unicode-glyph": TH + b"\\[u1111111111111111111111]\n",
    # ValueError: '\u00b2'.isdigit() is true but int() refuses it.
    "superscript-char-glyph": TH + "\\[char\u00b2] \\N'\u00b2'\n".encode(),
    # UnicodeEncodeError on output: lone surrogates from \[uD800] and \N.
    "surrogate-glyphs": TH + b"\\[uD800] \\N'55296' \\[uDFFF_0041]\n",
    # ESC, NUL and CSI reached the terminal through glyph escapes.
    "control-glyphs": TH + b"\\N'27'[2J \\[u001B][31m \\[char27] \\[u0000] \\N'155' \\[u009B] \\N'0'\n",
    # C1 controls from Latin-1 input (bytes 0x80-0x9f) reached the terminal.
    "latin1-c1-bytes": TH + b"caf\xe9 \x9b31m \x9d0;x\x9c\n",
    # Tab in a .TH field went raw into the page header (fuzzer: crash-d6ff655c).
    "tab-in-title": b'.TH "a\tb" 1 2024\t1-01 "Linux\t" "x"\n.SH NAME\nx\n',
    # RecursionError in expr: deep parentheses and unary operators.
    "deep-expression-nr": TH + b".nr x " + b"(" * 5000 + b"1\n",
    "deep-expression-if": TH + b".if " + b"-" * 5000 + b"1 y\n",
    "deep-expression-sp": TH + b".sp " + b"!" * 5000 + b"1\n.in " + b"(" * 3000 + b"\n",
    "deep-expression-h": TH + b"\\h'" + b"(" * 5000 + b"1'\n",
    # OverflowError / ValueError: infinite and NaN register values (the
    # motions were caught before and stay as a guard).
    "infinite-register": TH + b".nr a " + b"9" * 400 + b"\n\\na\n",
    "overflowing-register": TH + b".nr a " + b"9" * 308 + b"\n.nr a +" + b"9" * 308 + b"\n\\na\n",
    "nan-expression": TH + b".nr a " + b"9" * 300 + b"*" + b"9" * 300 + b"-" + b"9" * 300 + b"\n\\na\n",
    "infinite-motion": TH + b"\\h'" + b"9" * 400 + b"n'\\l'" + b"9" * 400 + b"u'\n",
    # OverflowError in fill_line._compose (" " * 4e24): an .IP width past any
    # terminal (fuzzer: crash-0a1e5473, crash-0a84be57, crash-78a80bd8,
    # crash-894ae0dc, all mutations of hostile/huge-motions.man).
    "ip-huge-width": TH + b".IP x 99999999999999999999999999\nhanging\n.PP\nx\n",
    "tp-huge-width": TH + b".TP 99999999999999999999n\ntag\nbody\n",
    "hp-huge-width": TH + b".HP 99999999999999999999\nhanging\n",
    "rs-huge-indent": TH + b".RS 99999999999999999999n\ninset\n.RE\n",
    "in-huge-indent": TH + b".in 99999999999999999999n\nx\n.in -99999999999999999999n\ny\n",
    "ti-huge-indent": TH + b".ti 99999999999999999999\nx\n",
    # Hang: '.PD 9999999999' made every paragraph print 250 million blank lines.
    "pd-huge": TH + b".PD 9999999999\n.PP\na\n.PP\nb\n",
    # Hang and gigabytes: a macro passing its arguments on twice doubles
    # them at each of its 50 levels.
    "macro-arguments-doubling": TH + b".de a\n.a \\$* \\$*\n..\n.a x\n",
    # 40 s (hypothesis, test_generated_pages): a self-appending macro calling
    # itself before .SH, each call adding a .P that nested a level deeper.
    "self-appending-macro-before-sh": (
        b'.TH T\n\n+3n\n.am xx\n. na man1/a.1 \'\\ =\\ \x03\x17\xc2\xaa\\ \\f(\\ 9999\\ '
        b'\\N\xc3\'\xc2\xb2\\ \\f[BI]\\ \\[u0000]\\ \\X(100000n \\X\'html:<script>alert(1)</script>\'\n\n'
        b'.rn man1/a.1 r xx\n.MR ../x\n.xx arg1 arg2\n.xx arg1 arg2\n.if !0 \\{\\. P ../x\n.\\}\n'
        b'.am xx\n..\n.xx arg1 arg2\n.xx arg1 arg\xc32\n K\xc3\xb2 ua "" \\$9\n'),
    # ValueError: int() of a 5000-digit tbl column separation.
    "tbl-huge-separation": TH + b".TS\nl" + b"9" * 5000 + b" l.\na\tb\n.TE\n",
    "tbl-superscript-separation": TH + ".TS\nl\u00b2 l.\na\tb\n.TE\n".encode(),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_regression(name):
    run(REGRESSIONS[name])


def test_nesting_limit_keeps_rs_re_paired():
    doc, _text = run(TH + b".RS\n" * 150 + b"deep\n" + b".RE\n" * 150 + b"after\n")
    assert "RF021" in codes(doc) and "MN021" not in codes(doc)
    after = [t for t in doc.findall(N.Text) if t.value == "after"][0]
    assert not any(isinstance(p, N.Inset) for p in _ancestors(after))


def test_paragraphs_before_the_first_section_do_not_nest():
    # Before: each .PP/.TP/.IP before .SH nested in the one before it, so
    # 20,000 of them made a tree 20,000 deep, a 1.7 GB tree dump and a
    # quadratic parse (hypothesis found it: a 30-line page took 40 s).
    doc, _text = run(b".TH A 1\n" + b".PP\na\n.TP\nt\nb\n.IP x\nc\n" * 3000 + b".SH X\n.PP\nd\n")
    depth = max(sum(1 for _ in _ancestors(n)) for n in doc.walk())
    assert depth < 10
    assert [type(c).__name__ for c in doc.children[1:4]] == [
        "Paragraph", "TaggedParagraph", "IndentedParagraph"]


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def test_string_referring_to_itself_is_cut_at_once():
    # Before: 2**32 expansions, stopped only by the budget after seconds.
    doc, _text = run(TH + b".ds a \\*[a]\\*[a]x\n\\*[a]\n")
    assert any("refers to itself" in d.message for d in doc.diagnostics)
    assert [t.value for t in doc.findall(N.Text)][-1:] == ["x"]


def test_page_string_budget():
    # Before: 1,000,000 characters a line and no bound a page: 100 lines
    # of this took minutes and gigabytes.
    tower = b".ds s0\n" + b"".join(b".ds s%d " % k + b"\\*[s%d]" % (k - 1) * 4 + b"\n"
                                        for k in range(1, 25))
    doc = parse_bytes(TH + tower + b"\\*[s24]\n" * 100, "x.1")
    assert any("on the page" in d.message for d in doc.diagnostics)
    assert sum(1 for d in doc.diagnostics if d.code == "RF021") <= 201


def test_glyph_escapes_still_print_ordinary_characters():
    doc, text = run(TH + b"\\[u00E9] \\[u0041_0301] \\[char65] \\N'66' \\(em \\[u1F600]\n")
    assert "\u00e9 A\u0301 A B \u2014 \U0001F600" in text


def test_latin1_page_keeps_its_letters():
    _doc, text = run(TH + b"caf\xe9 na\xefve\n")
    assert "caf\u00e9 na\u00efve" in text


# Found by the fuzzer (timeout-00d90871, timeout-0e92e59a, timeout-28e969e4,
# timeout-aa50e735, timeout-b60f32f1 and three slow units: all '.sp 1000000'
# between the rows of a table).  Before: render/tbl_text.py did not clamp the
# distance (a million blank rows) and its grid scanned every cell of the table
# for each row printed, so this took minutes.
TABLE_SPACE = TH + b".TS\nl.\nx\n.sp 1000000\ny\n.TE\n"


def test_space_request_inside_a_table():
    _doc, text = run(TABLE_SPACE)
    assert text.count("\n") < 10_000


def test_space_request_inside_a_table_parses_and_lints():
    # What is ours: the reader, the tree and lint handle it at once.
    doc = parse_bytes(TABLE_SPACE, "x.1")
    dump(doc)
    Checker(Selection()).check(doc)
    assert doc.findall(N.Table)


# ---- the patch reader (fuzz/fuzz_patch.py) ---------------------------------------

PATCH_REGRESSIONS = {
    # ValueError in reader._unquote: int(..., 8) of a C-quoted path whose
    # '\ooo' escape has fewer than three octal digits (fuzzer: crash-0620aa32,
    # crash-1ae473e3, crash-2a8fc50c, crash-4e6ee0a5, crash-5bd14d39 and more:
    # '\04p', '\094', '\04\xbd', '\2x\').
    "octal-escape-bad-digit": b'--- "a/man2/x\\04p.2"\n+++ "b/man2/x\\094.2"\n@@ -1 +1 @@\n-a\n+b\n',
    # ValueError: '\777' is past a byte ("byte must be in range(0, 256)").
    "octal-escape-past-a-byte": (b'diff --git "a/man2/x\\777.2" "b/man2/x\\777.2"\n'
                                 b'--- "a/man2/x\\777.2"\n+++ "b/man2/x\\777.2"\n@@ -1 +1 @@\n-a\n+b\n'),
    # UnicodeEncodeError in email's get_payload: a mail that declares base64
    # or quoted-printable but holds non-ASCII text (fuzzer: crash-6e4ec532,
    # crash-9c622acc, crash-f25b97fa).
    "base64-body-not-ascii": (b"From 1234 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\n"
                              b"Subject: [PATCH] x\nContent-Transfer-Encoding: base64\n\n"
                              b"\xef\xbb\xbfbody \xff\n---\n--- a/man2/x.2\n+++ b/man2/x.2\n"
                              b"@@ -1 +1 @@\n-a\n+b\n"),
    "quoted-printable-body-not-ascii": (b"From: A <a@example.org>\nSubject: [PATCH] x\n"
                                        b"Content-Transfer-Encoding: quoted-printable\n\n"
                                        b"caf\xc3\xa9 \xa0\n---\n--- a/man2/x.2\n+++ b/man2/x.2\n"
                                        b"@@ -1 +1 @@\n-a\n+b\n"),
}


@pytest.mark.parametrize("name", sorted(PATCH_REGRESSIONS))
def test_patch_regression(name):
    from manlint.patch import PatchError, parse_patches
    from manlint.patch.apply import check_path
    patches = parse_patches(PATCH_REGRESSIONS[name], "x.patch")
    for fd in (fd for p in patches for fd in p.files):
        assert fd.path.startswith("man2/x")
        try:
            check_path(fd.path)
        except PatchError as exc:
            assert "\n" not in str(exc)


# Hang in apply._place: the search for a hunk's place walked every distance
# up to its header's line number, 7,777,777,777,777,777 of them, even where no
# line of the page could be tried (fuzzer: timeout-96696cbd, timeout-d7d50f37).
# The second hunk's guess is then as far before the page.
FAR_HUNKS = (b"--- a/x.1\n+++ b/x.1\n@@ -7777777777777777,2 +7777777777777777,2 @@\n a\n-b\n+c\n"
             b"@@ -3,2 +3,2 @@\n d\n-e\n+f\n")


def test_hunk_header_far_past_the_page():
    import signal

    from manlint.patch import parse_patches
    from manlint.patch.apply import apply_file_diff

    def hang(_sig, _frame):
        raise TimeoutError("applying two hunks took more than 10 s")
    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(10)
    try:
        fd = parse_patches(FAR_HUNKS, "far.patch")[0].files[0]
        text, reports = apply_file_diff("a\nb\nd\ne\n", fd)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert text == "a\nc\nd\nf\n" and len(reports) == 2


def test_octal_escapes_in_quoted_paths():
    from manlint.patch import parse_patches
    fd = parse_patches(b'--- "a/man2/caf\\303\\251.2"\n+++ "b/man2/caf\\303\\251.2"\n'
                       b'@@ -1 +1 @@\n-a\n+b\n')[0].files[0]
    assert fd.path == "man2/caf\u00e9.2"
