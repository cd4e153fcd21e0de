"""Names one keystroke from a page (XR004), a SYNOPSIS argument (MP040), a function (MP041)
or a feature-test macro (MP051)."""

from __future__ import annotations

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import parse_text

HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"
SYNOPSIS = ".SH SYNOPSIS\n.nf\n.BI \"int frob(int \" sockfd \", size_t \" bufsiz );\n.fi\n"


def lint(text: str, *codes: str, path: str = "frob.2") -> list:
    doc = parse_text(HEAD + text, path)
    return [d for d in Checker(Selection(select=list(codes))).check(doc) if d.code in codes]


def test_misspelled_reference_in_a_section_of_the_project(tmp_path):
    # The pages that exist: those of the page's own tree (and the system's manual).
    (tmp_path / "man2").mkdir()
    (tmp_path / "man2" / "mincore.2").write_text(".TH MINCORE 2\n")
    page = str(tmp_path / "man2" / "frob.2")
    found = lint(".SH SEE ALSO\n.BR minore (2),\n.BR strace (1)\n", "XR004", path=page)
    assert [d.line for d in found] == [5] and "mincore(2)" in found[0].message


def test_misspelled_reference_keeps_the_first_letter_and_is_a_single_slip(tmp_path):
    (tmp_path / "man2").mkdir()
    for name in ("getpid", "getuid", "hosts"):
        (tmp_path / "man2" / f"{name}.2").write_text(f".TH {name.upper()} 2\n")
    page = str(tmp_path / "man2" / "frob.2")
    # "rhosts" loses its first letter to become hosts: another thing's name.
    assert lint(".SH SEE ALSO\n.BR rhosts (2)\n", "XR004", path=page) == []
    # Two missing pages in one section are a list of calls without pages (Alpha's getx*).
    text = ".SH NOTES\nAlpha has\n.BR getxpid (2)\nand\n.BR getxuid (2).\n"
    assert lint(text, "XR004", path=page) == []
    assert len(lint(".SH NOTES\nAlpha has\n.BR getxpid (2).\n", "XR004", path=page)) == 1


def test_misspelled_reference_needs_a_page_of_that_section():
    # erf(3) is one letter from cerf, but no page of section 7 is.
    assert lint(".SH SEE ALSO\n.BR cerf (7)\n", "XR004") == []


def test_misspelled_argument():
    text = SYNOPSIS + ".SH DESCRIPTION\n.I sockd\nis a socket, and\n.I busiz\nits size.\n"
    found = lint(text, "MP040")
    assert sorted(d.message.split("'")[1] for d in found) == ["busiz", "sockd"]


def test_argument_like_names_used_twice_or_differing_at_an_end_are_meant():
    text = (SYNOPSIS + ".SH DESCRIPTION\n.I sockd\nand\n.I sockd\nagain;\n.I sockfds\nis a list;\n"
            ".I bufsize\nis not an argument either.\n")
    assert lint(text, "MP040") == []


def _tree(tmp_path, *pages: str) -> str:
    """A man-page tree holding empty ``pages`` ("man2/semtimedop.2"); the path of a page in it."""
    for page in pages:
        (tmp_path / page).parent.mkdir(exist_ok=True)
        (tmp_path / page).write_text(".TH X 2\n")
    (tmp_path / "man2").mkdir(exist_ok=True)
    return str(tmp_path / "man2" / "frob.2")


def test_misspelled_function(tmp_path):
    # The functions known are the pages of sections 2 and 3 of the tree (and the system's manual).
    page = _tree(tmp_path, "man2/semtimedop.2", "man3/getlogin.3")
    found = lint(".SH DESCRIPTION\nSee\n.BR semtimeop ()\nand\n.BR setlogin ().\n", "MP041", path=page)
    assert len(found) == 1 and "semtimedop()" in found[0].message


def test_unformatted_function_only_for_functions_with_a_page(tmp_path):
    page = _tree(tmp_path, "man2/mmapx.2", "man7/ioctlx.7")
    found = lint(".SH DESCRIPTION\nCall mmapx() and ioctlx(), never frob_helperx().\n", "MP016", path=page)
    assert [d.message.split("(")[0] for d in found] == ["mmapx"]


def test_misspelled_function_knows_the_calls_syscalls_lists(tmp_path):
    # Alpha's getxpid() has no page of its own (getpid(2) describes it), but
    # syscalls(2) lists it; a tree's own syscalls(2) is read before the system's.
    page = _tree(tmp_path, "man2/getfrob.2")
    text = ".SH DESCRIPTION\nOn Alpha,\n.BR getxfrob ()\nis provided.\n"
    assert len(lint(text, "MP041", path=page)) == 1
    (tmp_path / "man2" / "syscalls.2").write_text(".TH SYSCALLS 2\n.TS\nl l.\n\\fBgetxfrob\\fP(2)\t2.0\n.TE\n")
    from manlint.lint.rules import identifiers
    from manlint.world import pages
    pages._CACHE.clear()
    identifiers._NAMES.clear()
    assert not lint(text, "MP041", path=page)


def test_reference_to_a_wrong_section_of_the_programming_manual(tmp_path):
    page = _tree(tmp_path, "man7/frobfifo.7", "man2/frobctl.2", "man1/frobtool.1", "man3/frob_memalign.3")
    text = (".SH SEE ALSO\n.BR frobfifo (4),\n.BR frob_memalign (2),\n.BR frobctl (3),\n"
            ".BR frobtool (7),\n.BR frobtool (8)\n")
    xr002 = [d.message for d in lint(text, "XR002", path=page)]
    assert xr002 == ["no page frobfifo(4); the page is frobfifo(7)",
                     "no page frob_memalign(2); the page is frob_memalign(3)"]
    # Section 3 (other packages' libraries), and commands: XR005, on for patches.
    xr005 = [d.message for d in lint(text, "XR005", path=page)]
    assert xr005 == ["no page frobctl(3); the page is frobctl(2)", "no page frobtool(7); the page is frobtool(1)",
                     "no page frobtool(8); the page is frobtool(1)"]
    # syscalls(2) names every call in section 2.
    assert not lint(text, "XR002", path=str(tmp_path / "man2" / "syscalls.2"))


def test_feature_macro_that_lost_or_gained_an_underscore_is_fixed():
    from manlint.lint.fixes import apply_edits
    text = (".SH SYNOPSIS\n.BR frob ():\n.RS 4\nPOSIX_C_SOURCE >= 200809L || __GNU_SOURCE\n.RE\n"
            ".SH DESCRIPTION\nDefine \\fBXOPEN_SOURCE\\fP first.\n")
    found = lint(text, "MP051")
    assert [(d.line, d.col) for d in found] == [(7, 1), (7, 30), (10, 11)]
    assert "write _POSIX_C_SOURCE" in found[0].message
    fixed, _ = apply_edits(HEAD + text, found)
    assert "_POSIX_C_SOURCE >= 200809L || _GNU_SOURCE\n" in fixed
    assert "\\fB_XOPEN_SOURCE\\fP" in fixed
    assert not lint(fixed[len(HEAD):], "MP051")


def test_feature_macro_check_leaves_other_names_options_and_comments_alone():
    text = (".SH DESCRIPTION\n.B IP_BLOCK_SOURCE\nis a socket option; build with\n"
            ".I cc \\-D_GNU_SOURCE\nor \\fB_FILE_OFFSET_BITS\\fP.\n.\\\" GNU_SOURCE was meant\n"
            "See <GNU_SOURCE.h>. \\\" BSD_SOURCE\n")
    assert not lint(text, "MP051")


def test_argument_written_with_a_capital_is_its_name_misspelled():
    found = lint(SYNOPSIS + ".SH DESCRIPTION\n.I Sockfd\nis open.\nThe\n.I Bufsiz\nbytes.\n"
                 ".IR \"Sockfd is\" not one word.\n.I SOCKFD\nis a macro.\n", "MP040")
    assert [d.message for d in found] == [
        "'Sockfd' is not an argument in the SYNOPSIS; did you mean sockfd?",
        "'Bufsiz' is not an argument in the SYNOPSIS; did you mean bufsiz?"]


def test_comma_or_semicolon_typed_for_the_control_period():
    from manlint.lint.fixes import apply_edits
    text = ".SH DESCRIPTION\nStored in\n,I errno .\n;in\nand, in\n,this is prose\n,BR is unlikely\n"
    found = lint(text, "MN012")
    assert [d.line for d in found] == [6, 7, 10]
    fixed, _ = apply_edits(HEAD + text, found)
    assert "\n.I errno .\n.in\nand, in\n,this is prose\n.BR is unlikely\n" in fixed
