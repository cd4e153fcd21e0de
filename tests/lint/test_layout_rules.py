"""SYNOPSIS requirements (MP049), heading forms (MP050), functions named plainly (MP016),
doubled periods (PR009) and words (PR002), plural possessives (PR010), and the rules on for patches only (MP022)."""

from __future__ import annotations

import datetime

from manlint.checkpatch import check_series
from manlint.lint.checker import Checker
from manlint.lint.fixes import apply_edits
from manlint.lint.registry import Selection
from manlint.man import parse_text

HEAD = ".TH FROB 3 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"
REQUIREMENTS = (".SH SYNOPSIS\n.nf\n.B #include <frob.h>\n.PP\n.BI \"int frob(int \" fd );\n"
                ".BI \"int unfrob(int \" fd );\n.fi\n.PP\n.in -4n\nFeature Test Macro Requirements for glibc (see\n"
                ".BR feature_test_macros (7)):\n.in\n.PP\n")


def lint(text: str, *codes: str, path: str = "frob.3", fold: bool = True, selection=None) -> list:
    doc = parse_text(HEAD + text, path)
    found = Checker(selection or Selection(select=list(codes)), fold=fold).check(doc)
    return [d for d in found if d.code in codes]


def patch_findings(tmp_path, body: str, added: list[str], code: str) -> tuple[list, int]:
    """check-patch's findings of ``code`` for a patch that adds ``added`` after
    the last line of a page made of HEAD and ``body``, and that line's number."""
    (tmp_path / "man3").mkdir()
    old = HEAD + body
    (tmp_path / "man3" / "frob.3").write_text(old)
    last = old.count("\n")
    kept = old.splitlines()[-1]
    patch = tmp_path / "0001.patch"
    patch.write_text(f"--- a/man3/frob.3\n+++ b/man3/frob.3\n@@ -{last},1 +{last},{1 + len(added)} @@\n"
                     f" {kept}\n" + "".join(f"+{line}\n" for line in added))
    results = check_series([str(patch)], str(tmp_path), "none")
    return [d for d in results[0].findings if d.code == code], last


def test_requirements_at_the_margin_are_reported_once_with_the_count():
    text = REQUIREMENTS + ".BR frob ():\n_BSD_SOURCE || _SVID_SOURCE\n.br\n.BR unfrob ():\nSince glibc 2.19:\n"
    found = lint(text, "MP049")
    assert len(found) == 1 and "(and 1 more in this page)" in found[0].message
    assert found[0].line == HEAD.count("\n") + text.split("\n").index("_BSD_SOURCE || _SVID_SOURCE") + 1
    # A patch review keeps each line.
    assert len(lint(text, "MP049", fold=False)) == 2


def test_requirements_fix_indents_each_run_up_to_the_next_function():
    text = (REQUIREMENTS + ".BR frob ():\n_BSD_SOURCE\n.br\nor\n.I cc\\ -std=c99\n.br\n"
            ".BR unfrob ():\n_GNU_SOURCE\n.ad b\n.SH DESCRIPTION\nText.\n")
    fixed, _ = apply_edits(HEAD + text, lint(text, "MP049"))
    assert (".BR frob ():\n.RS 4\n_BSD_SOURCE\n.br\nor\n.I cc\\ -std=c99\n.RE\n.br\n"
            ".BR unfrob ():\n.RS 4\n_GNU_SOURCE\n.RE\n.ad b\n") in fixed
    assert not lint(fixed[len(HEAD):], "MP049")


def test_requirements_indented_any_way_are_accepted():
    for body in (".RS 4\n_BSD_SOURCE\n.RE\n",                # man-pages from 2015
                 ".nf\n    _BSD_SOURCE\n.fi\n",              # man-pages from 2020
                 ".in +4n\n_BSD_SOURCE\n.in\n",              # by hand
                 ".PD 0\n.RS 4\n.TP 4\nSince glibc 2.10:\n_XOPEN_SOURCE\n.RE\n.PD\n"):
        assert not lint(REQUIREMENTS + ".BR frob ():\n" + body, "MP049"), body


def test_requirements_before_the_heading_are_not_read():
    # Without "Feature Test Macro Requirements" the line is part of the prototypes' block.
    assert not lint(".SH SYNOPSIS\n.BR frob ():\n_BSD_SOURCE\n", "MP049")


def test_heading_names_a_function_with_its_parentheses():
    synopsis = ".SH SYNOPSIS\n.BI \"void va_end(va_list \" ap );\n.SH DESCRIPTION\n"
    text = synopsis + ".SS va_end\nA.\n.SS \"va_end ()\"\nB.\n.SS \"va_end()\"\nC.\n.SS Overview\nD.\n"
    found = lint(text, "MP050")
    assert [d.message for d in found] == ["write the heading as '.SS va_end()'"] * 2
    fixed, _ = apply_edits(HEAD + text, found)
    assert fixed.count(".SS va_end()\n") == 2 and ".SS Overview" in fixed


def test_heading_keeps_the_space_before_an_aside_and_sections_stay_sections():
    text = ".SH DESCRIPTION\n.SS Multithreading(see pthreads(7))\nA.\n.SS NOTES\nB.\n.SS Notes on frob(3)\nC.\n"
    found = lint(text, "MP050")
    assert [d.message for d in found] == ["write the heading as '.SS Multithreading (see pthreads(7))'",
                                          "write the heading as '.SH NOTES'"]


def test_section_heading_in_mixed_case_is_reported_without_a_fix():
    text = ".SH DESCRIPTION\nA.\n.SH \"Linux Notes\"\nB.\n.SS Notes on frob\nC.\n.SH SEE ALSO\n"
    found = lint(text, "MP050")
    assert [(d.line, d.message) for d in found] == [
        (HEAD.count("\n") + 3, "section heading 'Linux Notes' is not in capitals: write "
                                "'LINUX NOTES', or make it a subsection (.SS)")]
    assert found[0].fix is None  # a subsection or a section in capitals: the writer decides


def test_a_page_describing_the_sections_names_them_in_subsections():
    text = ".SH DESCRIPTION\n.SS NAME\nThe name.\n.SS SYNOPSIS\nThe synopsis.\n"
    assert not lint(text, "MP050")


def test_example_nofill_on_a_page_half_converted_to_ex_and_on_for_patches(tmp_path):
    example = ".SH EXAMPLES\n.nf\nint a;\n.fi\n.PP\nMore:\n.nf\nint b;\n.fi\n"
    assert not lint(example, "MP022", selection=Selection())  # a page of the .nf era
    converted = ".SH EXAMPLES\n.EX\nint a;\n.EE\n.PP\nMore:\n.nf\nint b;\n.fi\n"
    found = lint(converted, "MP022", selection=Selection())
    assert [d.line for d in found] == [HEAD.count("\n") + 7]
    # One .EX among two .nf examples: the page has not taken up .EX yet.
    assert not lint(converted + ".PP\n.nf\nint c;\n.fi\n", "MP022", selection=Selection())
    # check-patch reports the block a patch adds, not the page's older one.
    found, last = patch_findings(tmp_path, ".SH EXAMPLES\n.nf\nint a;\n.fi\n",
                                 [".PP", "More:", ".nf", "int b;", ".fi"], "MP022")
    assert [d.line for d in found] == [last + 3]


def test_title_date_years_ahead_is_a_slip():
    ahead = datetime.date.today().year + 5
    doc = parse_text(f".TH FROB 7 {ahead}-04-16 \"Linux\"\n.SH NAME\nfrob \\- x\n", "frob.7")
    found = [d for d in Checker(Selection(select=["MP032"])).check(doc)]
    assert len(found) == 1 and "in the future" in found[0].message
    doc = parse_text(".TH FROB 7 2012-04-16 \"Linux\"\n.SH NAME\nfrob \\- x\n", "frob.7")
    assert not Checker(Selection(select=["MP032"])).check(doc)


def test_page_hooks_are_slips_for_font_macros():
    found = lint(".SH DESCRIPTION\nSee\n.BT getgroups (2),\nand\n.PT x\n", "MN010")
    assert [d.line for d in found] == [HEAD.count("\n") + 3, HEAD.count("\n") + 5]


def test_punctuation_spacing_is_on_by_default():
    found = lint(".SH DESCRIPTION\nIt returns a read lease , a write lease.\n", "PR005", selection=Selection())
    assert len(found) == 1


def test_own_function_called_by_its_bare_name():
    text = (".SH SYNOPSIS\n.BI \"int mblen(const char *\" s );\n.SH DESCRIPTION\n"
            "The state is known only to the mblen function.\nThe open function is another page's.\n")
    found = lint(text, "MP016")
    assert [(d.message, d.col) for d in found] == [("mblen in running text; write .BR mblen ()", 32)]


def test_doubled_period_after_a_word_but_not_an_ellipsis_or_a_directory():
    text = (".SH DESCRIPTION\nIt is a no-op..\nSee\n.BR poll ()..\n.\\\" a note..\n"
            "The path \"/..\" and cd .. and wait... fine.\n.nf\nx..\n.fi\n")
    found = lint(text, "PR009")
    base = HEAD.count("\n")
    assert [(d.line, d.col) for d in found] == [(base + 2, 14), (base + 4, 12), (base + 5, 11)]
    fixed, _ = apply_edits(HEAD + text, found)
    assert "no-op.\n" in fixed and ".BR poll ().\n" in fixed and "cd .. and wait..." in fixed


def test_plural_possessive_but_not_a_singular_ending_in_s(tmp_path):
    text = (".SH DESCRIPTION\nIt sets the calling threads's user IDs, not the process's\n"
            "nor the status's nor Linus's, and the callers's ones.\n")
    found = lint(text, "PR010")
    assert [d.message for d in found] == ["threads's: write thread's (one) or threads' (several)",
                                          "callers's: write caller's (one) or callers' (several)"]
    assert all(d.fix is None for d in found)  # which of the two was meant, the writer knows
    assert not lint(text, "PR010", selection=Selection())  # patches only
    found, last = patch_findings(tmp_path, ".SH DESCRIPTION\nThe threads's IDs.\n",
                                 ["And the callers's."], "PR010")
    assert [d.line for d in found] == [last + 1]


def test_doubled_word_on_a_line_with_escapes_is_found_in_the_source():
    text = (".SH DESCRIPTION\n(e.g., looking up the the user)\\(ema key.\n.PP\nThe \\fBfoo\\fP the the bar.\n"
            ".PP\nRun gcc \\-o foo foo.c and sum the two two's-complement values.\n")
    found = lint(text, "PR002")
    base = HEAD.count("\n")
    assert [(d.line, d.col) for d in found] == [(base + 2, 19), (base + 4, 15)]
    fixed, _ = apply_edits(HEAD + text, found)
    assert "up the user)\\(ema" in fixed and "\\fBfoo\\fP the bar." in fixed


def test_title_one_letter_from_the_file_name_is_a_slip():
    def title_findings(th: str, path: str) -> list:
        doc = parse_text(f".TH {th} 2 2004-05-27 \"Linux\"\n.SH NAME\nioperm \\- x\n", path)
        return [d.message for d in Checker(Selection(select=["MP032"])).check(doc) if "title" in d.message]
    assert title_findings("IOPERN", "man2/ioperm.2") == [
        ".TH title 'IOPERN' is one letter from the file name ioperm.2"]
    assert not title_findings("IOPERM", "man2/ioperm.2")
    assert not title_findings("PIP", "man1/pip3.1")          # an alias: a letter fewer
    assert not title_findings("STDIN", "man3/stdout.3")      # another title altogether


def test_double_space_inside_a_sentence_is_for_patches_and_extend_select(tmp_path):
    text = (".SH DESCRIPTION\nBoth return \\-1  on failure.  A new sentence.\n"
            ".nf\nint  x;\n.fi\n    indented  by hand\n")
    assert not lint(text, "MP052", selection=Selection())
    found = lint(text, "MP052", selection=Selection(extend_select=["MP052"]))
    assert [(d.line, d.col) for d in found] == [(HEAD.count("\n") + 2, 16)]
    fixed, _ = apply_edits(HEAD + text, found)
    assert "return \\-1 on failure.  A new" in fixed
    found, last = patch_findings(tmp_path, ".SH DESCRIPTION\nOld  gap.\n", ["New  gap."], "MP052")
    assert [d.line for d in found] == [last + 1]


def test_article_that_does_not_fit_its_word_is_for_patches():
    text = (".SH DESCRIPTION\nThis is a internal field and an connection.\n"
            "A error in a user, an hour, an fd, a one-byte value, an unsigned one.\n"
            "Port A of the card; where a and b are numbers.\n")
    assert not lint(text, "PR011", selection=Selection())  # patches only
    found = lint(text, "PR011", selection=Selection(extend_select=["PR011"]))
    assert [d.message for d in found] == ["write 'an' before 'internal'", "write 'a' before 'connection'",
                                          "write 'An' before 'error'"]
    fixed, _ = apply_edits(HEAD + text, found)
    assert "is an internal field and a connection.\nAn error in a user" in fixed


def test_check_patch_reports_trailing_white_space_on_added_lines_only(tmp_path):
    found, last = patch_findings(tmp_path, ".SH DESCRIPTION\nOld text.  \n", ["New text.   "], "MP001")
    assert [(d.line, d.col) for d in found] == [(last + 1, 10)]
