"""Paragraph spacing, folding of page-wide findings, and spelling outside running text."""

from __future__ import annotations

from manlint.lint.checker import Checker
from manlint.lint.fixes import apply_edits
from manlint.lint.registry import Selection
from manlint.man import parse_text

HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"


def lint(text: str, *codes: str, path: str = "frob.2") -> list:
    doc = parse_text(HEAD + text, path)
    return [d for d in Checker(Selection(select=list(codes))).check(doc) if d.code in codes]


def test_sp_between_text_and_display_is_a_paragraph_break():
    found = lint(".SH DESCRIPTION\nIt is defined as:\n.sp\n.in +4n\n.EX\nint x;\n.EE\n.in\n.sp\nMore.\n", "MP020")
    assert len(found) == 1 and "2 times" in found[0].message


def test_sp_after_table_is_left_alone():
    text = ".SH DESCRIPTION\n.TS\nl l.\na\tb\n.TE\n.ad\n.sp 1\nIn the above table.\n"
    assert not lint(text, "MP020")


def test_redundant_sp_and_br_next_to_block_macros():
    text = ".SH DESCRIPTION\n.sp\nText.\n.br\n.TP\n.B X\nMore.\n.sp\n.SH NOTES\nNotes.\n"
    found = lint(text, "MP021")
    whys = sorted(d.message for d in found)
    assert any("after a heading" in m for m in whys)
    assert any(".br before" in m for m in whys)
    assert any(".sp before" in m for m in whys)


def test_br_after_tp_tag_is_meaningful():
    assert not lint(".SH DESCRIPTION\n.TP\n(1) pid %d\n.br\nThe process ID.\n", "MP021")


def test_br_in_nofill_is_reported_once_and_fixed_everywhere():
    text = ".SH SYNOPSIS\n.nf\n.B #include <a.h>\n.br\n.B int f(void);\n.br\n.B int g(void);\n.fi\n"
    found = lint(text, "MP021")
    assert len(found) == 1 and "2 times" in found[0].message
    fixed, _n = apply_edits(HEAD + text, found)
    assert ".br" not in fixed


def test_reference_written_with_plain_bold():
    found = lint(".SH DESCRIPTION\nAccessed by\n.B lseek (2)\nonly.\n", "MP013")
    assert found and found[0].fix is not None


def test_option_dash_in_synopsis_note():
    found = lint(".SH SYNOPSIS\n.nf\n.B #include <math.h>\n.fi\n.PP\nLink with \\fI-lm\\fP.\n", "MP019")
    assert len(found) == 1


def test_many_findings_of_a_rule_fold_into_one():
    body = "".join(f"Sentence {k} ends here. Another one.\n" for k in range(12))
    found = lint(".SH DESCRIPTION\n" + body, "MP005")
    assert len(found) == 1 and "11 more" in found[0].message
    fixed, count = apply_edits(HEAD + ".SH DESCRIPTION\n" + body, found)
    assert count == 1 and fixed.count("\nAnother one.") == 12


def test_few_findings_stay_separate():
    body = "".join(f"Sentence {k} ends here. Another one.\n" for k in range(3))
    assert len(lint(".SH DESCRIPTION\n" + body, "MP005")) == 3
    # Constants left plain on five lines are still five findings; on six, a habit.
    body = "".join(f"Line {k} with FOO_BAR_{k} plain.\n" for k in range(5))
    assert len(lint(".SH DESCRIPTION\n" + body, "MP015")) == 5
    body = "".join(f"Line {k} with FOO_BAR_{k} plain.\n" for k in range(6))
    found = lint(".SH DESCRIPTION\n" + body, "MP015")
    assert len(found) == 1 and "5 more in this page" in found[0].message


def test_a_term_left_plain_throughout_is_one_finding():
    body = "".join(f"Line {k} with MAP_FIXED plain.\n" for k in range(4))
    found = lint(".SH DESCRIPTION\n" + body, "MP015")
    assert len(found) == 1 and "3 more times" in found[0].message
    body = "".join(f"Line {k} with MAP_FIXED plain.\n" for k in range(2))
    assert len(lint(".SH DESCRIPTION\n" + body, "MP015")) == 2


def test_misspelling_in_comments_code_and_headings():
    text = ('.\\" FIXME: the folloing is unclear\n.SH DESCRIPTION\nText.\n.SS Probabalistic use\n'
            '.EX\nint x;  /* the lenght */\n.EE\n.\\" Copyright Claus Someone\n')
    found = lint(text, "PR004")
    words = sorted(d.message.split("'")[1] for d in found)
    assert words == ["Probabalistic", "folloing", "lenght"]


def test_a_url_alone_on_a_long_line_is_not_too_long():
    url = "https://example.org/" + "a" * 90
    assert lint(".SH DESCRIPTION\nSee\n" + url + "\nfor more.\n", "MP004") == []
    assert len(lint(".SH DESCRIPTION\nSee " + url + " for more.\n", "MP004")) == 1


def test_punctuation_inside_font_arguments_is_one_habit():
    found = lint(".SH DESCRIPTION\nIt fails with\n.B EEXIST.\nor\n.B EINVAL,\nthen.\n", "MP010")
    assert len(found) == 1 and "1 more" in found[0].message


def test_many_doubled_words_fold_into_one():
    body = "".join(f"Line {k} has the the slip.\n" for k in range(3))
    assert len(lint(".SH DESCRIPTION\n" + body, "PR002")) == 3
    body = "".join(f"Line {k} has the the slip.\n" for k in range(4))
    found = lint(".SH DESCRIPTION\n" + body, "PR002")
    assert len(found) == 1 and "3 more" in found[0].message


def test_punctuation_glued_to_an_alternating_argument_is_split_off():
    text = (".SH SYNOPSIS\n.nf\n.BI \"int frob(int \" fd);\n.BI \"int unfrob(int \" fd );\n.fi\n"
            ".SH DESCRIPTION\nIt fails with\n.BR EINVAL, EFAULT\nor\n.IR \"a, b\" c\nor\n.RB ( EBUSY ).\n")
    found = lint(text, "MP042")
    assert [(d.line, d.message.split("'")[1]) for d in found] == [(6, ");"), (11, ",")]
    fixed, _ = apply_edits(HEAD + text, found)
    assert '.BI "int frob(int " fd );\n' in fixed and ".BR EINVAL , EFAULT\n" in fixed
    assert lint(fixed[len(HEAD):], "MP042") == []


def test_roman_arguments_and_bold_parts_of_prototypes_keep_their_punctuation():
    # In .BR the roman argument holds the punctuation; in .BI the bold part does.
    text = ".SH DESCRIPTION\n.BR open (2),\n.BI \"int f(int \" fd \", char *\" buf );\n.RB ( CAP_X ).\n"
    assert lint(text, "MP042") == []


def test_constants_on_one_line_are_one_finding_fixed_together():
    body = "It fails with EINVAL or EFAULT when MAP_FIXED is set.\n"
    found = lint(".SH DESCRIPTION\n" + body, "MP015")
    assert len(found) == 1
    assert found[0].message.startswith("EINVAL, EFAULT and MAP_FIXED in running text")
    fixed, count = apply_edits(HEAD + ".SH DESCRIPTION\n" + body, found)
    assert count == 1
    assert "\n.B EINVAL\nor\n.B EFAULT\nwhen\n.B MAP_FIXED\nis set." in fixed


def test_a_patch_review_sees_every_place_unfolded():
    body = "".join(f"Sentence {k} ends here. Another one.\n" for k in range(12))
    doc = parse_text(HEAD + ".SH DESCRIPTION\n" + body, "frob.2")
    found = [d for d in Checker(Selection(select=["MP005"]), fold=False).check(doc)]
    assert len(found) == 12 and not any("more in this page" in d.message for d in found)


def test_punctuation_alone_on_a_bold_turn_is_joined_to_the_roman_argument():
    body = "See\n.BR prctl (2) .\nAnd\n.RB ( O_NONBLOCK ) , then\n"
    found = lint(".SH DESCRIPTION\n" + body, "MP043")
    assert [(d.line, "bold" in d.message) for d in found] == [(6, True), (8, True)]
    assert found[0].fix is not None and found[1].fix is None  # a middle argument: by hand
    fixed, count = apply_edits(HEAD + ".SH DESCRIPTION\n" + body, found)
    assert count == 1 and "\n.BR prctl (2).\n" in fixed


def test_code_paths_and_roman_punctuation_are_not_punctuation_out_of_font():
    body = ('.BR fcntl( "..., " F_DUPFD ", ..." )\n.IR . " and " .. " ;"\n'
            ".IR /sys/class c : b : t\n.BR mmap (2),\n.IR foo , bar .\n")
    assert lint(".SH DESCRIPTION\n" + body, "MP043") == []
    assert lint('.SH SYNOPSIS\n.BR "struct cmsghdr *" cmsg );\n', "MP043") == []


def test_a_type_run_into_its_parameter_in_synopsis_is_found_and_spaced():
    text = '.SH SYNOPSIS\n.BI "int gsignal(int" signum );\n.SH DESCRIPTION\nText.\n'
    found = lint(text, "MP044")
    assert len(found) == 1 and "'intsignum'" in found[0].message
    fixed, count = apply_edits(HEAD + text, found)
    assert count == 1 and '.BI "int gsignal(int " signum );' in fixed


def test_joins_meant_by_the_page_are_left_alone():
    text = ('.SH SYNOPSIS\n.BI "int ioctl(" fd ", RND" request ", " param ");"\n'
            '.BI "int (*" compar ")(const void *);"\n.SH DESCRIPTION\n.IR buf s\n.BI "int" fd\n')
    assert lint(text, "MP044") == []


def test_an_italic_run_carried_over_from_the_line_before_is_not_running_text():
    # groff keeps \fI in force across the line break: SEEK_CUR is italic here.
    text = ".SH DESCRIPTION\nThe call (as in \\fIfseek(..., 0L,\nSEEK_CUR)\\fR) has a side effect.\n"
    assert lint(text, "MP015") == []
    # Closed on its own line, the next line starts in roman again.
    text = ".SH DESCRIPTION\nThe call \\fIfseek\\fR\nfails with EINVAL here.\n"
    assert [d.line for d in lint(text, "MP015")] == [6]


def test_spaces_in_a_prototype_are_found_and_deleted():
    text = ('.SH SYNOPSIS\n.BI "int removexattr (const char * " path );\n'
            '.BI "int lookup(u64 " cookie ", char * " buffer );\n.SH DESCRIPTION\nText.\n')
    found = lint(text, "MP045")
    assert len(found) == 1 and "(and 2 more in this page)" in found[0].message  # one habit, one finding
    fixed, count = apply_edits(HEAD + text, found)
    assert count == 1  # the folded finding carries the fix for all three
    assert '.BI "int removexattr(const char *" path );' in fixed
    assert '.BI "int lookup(u64 " cookie ", char *" buffer );' in fixed


def test_prototype_spacing_leaves_comments_wildcards_and_function_pointers_alone():
    text = ('.SH SYNOPSIS\n.BI "int fcntl(int " fd ", ... /* " arg " */ );"\n'
            '.BR "#include <linux/fs.h>" "  /* Definition of " FILE_* " constants */"\n'
            '.BR "         FAT_* " constants */"\n'
            '.BI "void qsort(void *" base ", int (*" compar ")(const void *));"\n.SH DESCRIPTION\nText.\n')
    assert lint(text, "MP045") == []
    # A command's page (section 1) has no prototypes; the same line in section 2 is one.
    synopsis = '.SH SYNOPSIS\n.BI "int frob (int " x );\n.SH DESCRIPTION\nText.\n'
    doc = parse_text(HEAD.replace("FROB 2", "FROB 1") + synopsis, "frob.1")
    assert Checker(Selection(select=["MP045"])).check(doc) == []
    assert len(lint(synopsis, "MP045")) == 1


def test_a_title_date_that_names_no_day_is_reported():
    def title(date):
        doc = parse_text(f".TH FROB 2 {date} Linux\n.SH NAME\nfrob \\- frob\n.SH DESCRIPTION\nText.\n", "frob.2")
        return [d.message for d in Checker(Selection(select=["MP032"])).check(doc)]
    assert title("2024-02-29") == []
    assert len(title("2005-20-13")) == 1 and "no day of the calendar" in title("2005-20-13")[0]
    assert len(title("2023-02-29")) == 1


def test_a_lone_period_after_text_is_a_lost_period():
    text = (".SH DESCRIPTION\nThe value is in\n.I cookie\n.\nMore text\n.\n"
            ".\\\" a comment\n.\n.PP\nEnd.\n")
    found = lint(text, "MP046")
    assert [d.line for d in found] == [7, 9]  # not after the comment
    fixed, count = apply_edits(HEAD + text, found)
    assert count == 1 and "More text.\n.\\\" a comment" in fixed  # the font macro's is left to the author


def test_prototype_in_roman_leaves_include_comments_and_names_alone():
    text = ('.SH SYNOPSIS\n.BR "#include <linux/msdos_fs.h>" "  /* Definition of " FAT_* " and"\n'
            '.BR "                 ATTR_* " constants */"\n.BR mmap (2)\n.SH DESCRIPTION\nText.\n')
    assert lint(text, "MP047") == []
    found = lint('.SH SYNOPSIS\n.RB "" "int frob(int " fd );\n.SH DESCRIPTION\nText.\n', "MP047")
    assert len(found) == 1 and ".IB" in found[0].message


def test_a_comma_glued_to_the_dash_in_name_becomes_a_space():
    page = ".TH ERF 3 2024-01-01\n.SH NAME\nerf, erfl,\\- error function\n.SH DESCRIPTION\nText, \\-1.\n"
    found = Checker(Selection(select=["MP048"])).check(parse_text(page, "erf.3"))
    assert [d.line for d in found] == [3]  # not the comma in DESCRIPTION
    fixed, _count = apply_edits(page, found)
    assert "erf, erfl \\- error function" in fixed


def test_reference_set_in_italics_is_fixed_to_bold():
    text = ".SH DESCRIPTION\nSee\n.IR init (1),\n.IR fd ,\nand\n.IR \"struct stat\" (see\n.BR stat (2)).\n"
    found = lint(text, "XR001")
    assert [(d.line, d.message) for d in found] == [
        (6, "reference init(1) in italics should be written .BR init (1)")]
    fixed, _ = apply_edits(HEAD + text, found)
    assert ".BR init (1),\n.IR fd ,\n" in fixed
    assert not lint(fixed[len(HEAD):], "XR001")


def test_see_also_list_ends_at_a_blank_line_or_sp_before_more_prose():
    text = (".SH SEE ALSO\n.BR b (2),\n.BR c (7)\n.BR a (7)\n.sp\nVarious pages of libfoo:\n"
            ".BR foo_open (3),\n.BR foo_close (3).\n")
    found = lint(text, "MP035")
    # The main list is checked (a comma missing after c(7), a(7) out of order);
    # the paragraph after .sp has its own punctuation, and the list's last entry no comma.
    assert [(d.line, d.message) for d in found] == [
        (6, "SEE ALSO: separate references with ',' (after c(7))"),
        (7, "SEE ALSO: a(7) should come before c(7)")]
    blank = ".SH SEE ALSO\n.BR a (2),\n.BR b (7)\n\nVarious pages:\n.BR foo (3).\n"
    assert not lint(blank, "MP035")


def test_prose_on_an_alternating_macro_line_runs_together():
    text = (".SH DESCRIPTION\nThe\n.BR crypt_r () is a GNU extension.\n.IR count is too large\n"
            ".BR PTRACE_DETACH ed\n.BR open (2), close (2), read (2)\n.BR \"a b\" c d e\n")
    found = lint(text, "MP053")
    assert [d.line for d in found] == [6, 7]
    fixed, _ = apply_edits(HEAD + text, found)
    assert ".BR crypt_r ()\nis a GNU extension.\n.I count\nis too large\n.BR PTRACE_DETACH ed\n" in fixed
    assert not lint(fixed[len(HEAD):], "MP053")


def test_reference_glued_inside_an_aside_keeps_its_closing_parenthesis():
    text = ".SH DESCRIPTION\nIt is set (see\n.BR ld.so(8))\nbelow.\n"
    found = lint(text, "MP014")
    assert len(found) == 1
    fixed, _ = apply_edits(HEAD + text, found)
    assert "\n.BR ld.so (8))\nbelow." in fixed
