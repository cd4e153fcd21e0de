"""Tests for manlint.render.fill: the filler must print what groff 1.22.4
prints for man pages (``groff -mandoc -Tutf8 -rcR=1``).

Most cases are checked twice: against output recorded from groff 1.22.4
(always), and against groff itself when it is installed.  The page body
of a case is a small roff subset understood by the ``drive`` helper below,
which stands in for the tree visitor: text lines with a few escapes, and
the requests ``.br .sp .in .ti .ll .nf .fi .ad .na .nh .hy .ns .ta`` plus
``.TAG tag-indent body-indent tag text`` (an ``.TP`` with that tag).
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from manlint.render.fill import (
    BREAK_POINT,
    JOIN,
    MINUS,
    NO_HYPHEN,
    PADDABLE_SPACE,
    ZERO_WIDTH,
    Filler,
    display_width,
    to_overstrike,
    to_plain,
    to_sgr,
)
from manlint.render.hyphenate import find_tmac_dir

HAVE_GROFF = shutil.which("groff") is not None
needs_groff = pytest.mark.skipif(not HAVE_GROFF, reason="groff is not installed: nothing to compare with")
needs_patterns = pytest.mark.skipif(
    find_tmac_dir() is None, reason="groff's hyphenation patterns are not installed"
)

MARGIN = 7  # the man macros' default indent (IN = 7n)

# ---------------------------------------------------------------------------
# a minimal roff front end standing in for the tree visitor

_SPECIAL = {
    "hy": "\u2010", "em": "\u2014", "en": "\u2013", "dg": "\u2020", "rq": "\u201d",
    "lq": "\u201c", "cq": "\u2019", "oq": "\u2018", "aq": "'", "bu": "\u2022",
}
_SIMPLE = {
    "&": ZERO_WIDTH, "%": NO_HYPHEN, ":": BREAK_POINT, "c": JOIN, "~": PADDABLE_SPACE,
    " ": "\u00a0", "-": MINUS, "e": "\\",
}


def roff_chunks(line: str, state: dict) -> list:
    """Text line -> (text, font) chunks; *state* holds the font."""
    chunks, buf = [], []

    def flush():
        if buf:
            chunks.append(("".join(buf), state["font"]))
            buf.clear()

    i = 0
    while i < len(line):
        c = line[i]
        if c != "\\":
            buf.append(c)
            i += 1
            continue
        d = line[i + 1]
        if d == "f":
            flush()
            f = line[i + 2]
            if f == "(":
                f, i = line[i + 3:i + 5], i + 5
            elif f == "[":
                j = line.index("]", i)
                f, i = line[i + 3:j], j + 1
            else:
                i += 3
            if f == "P":
                state["font"], state["prev"] = state["prev"], state["font"]
            else:
                state["prev"], state["font"] = state["font"], f
        elif d in _SIMPLE:
            buf.append(_SIMPLE[d])
            i += 2
        elif d == "(":
            buf.append(_SPECIAL[line[i + 2:i + 4]])
            i += 4
        else:
            raise ValueError(f"unsupported escape in {line!r}")
    flush()
    return chunks


def drive(body: str, ll: int, indent: int = MARGIN) -> list:
    """Render *body* with the Filler as man's ``.SH`` body would be."""
    f = Filler(width=ll)
    f.set_indent(indent)
    f.set_no_space(True)  # .SH leaves no-space mode on
    state = {"font": "R", "prev": "R"}
    for line in body.split("\n"):
        if not line.startswith("."):
            f.add_line(roff_chunks(line, state))
            continue
        req, *args = line[1:].split(" ")
        num = [int(a.rstrip("n")) for a in args if re.fullmatch(r"-?\d+n?", a)]
        if req == "br":
            f.break_line()
        elif req == "sp":
            f.space(num[0] if num else 1)
        elif req == "in":
            f.set_indent(num[0])
        elif req == "ti":
            f.temp_indent(num[0])
        elif req == "ll":
            f.set_width(num[0])
        elif req in ("nf", "fi"):
            f.set_fill(req == "fi")
        elif req == "na":
            f.set_adjust("l")
        elif req == "ad":
            f.set_adjust(args[0] if args else "b")
        elif req == "nh":
            f.set_hyphenation(0)
        elif req == "hy":
            f.set_hyphenation(num[0] if num else 1)
        elif req == "ns":
            f.set_no_space(True)
        elif req == "ta":
            stops, repeat = [], None
            it = iter(args)
            for a in it:
                if a == "T":
                    repeat = int(next(it))
                else:
                    m = re.fullmatch(r"(\d+)([LRC]?)", a)
                    stops.append((int(m.group(1)), m.group(2) or "L"))
            f.set_tabs(stops, repeat)
        elif req == "TAG":
            f.space(1)  # .TP's vertical space
            f.place_tag(roff_chunks(" ".join(args[2:]), state), int(args[0]), int(args[1]))
        else:
            raise ValueError(line)
    lines = to_plain(f.finish()).split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def groff_body(body: str) -> str:
    out = []
    for line in body.split("\n"):
        if line.startswith(".TAG "):
            _, ti, bi, *rest = line.split(" ")
            out += [f".TP {int(bi) - int(ti)}n", " ".join(rest)]
        else:
            out.append(line)
    return "\n".join(out)


def run_groff(body: str, ll: int) -> list:
    """groff's rendering of *body* under ``.SH``, header and footer removed."""
    src = ".TH T 1\n.SH X\n" + groff_body(body) + "\n"
    p = subprocess.run(
        ["groff", "-k", "-Kutf-8", "-t", "-mandoc", "-mtty-char", "-Tutf8", "-rcR=1",
         f"-rLL={ll}n", f"-rLT={ll}n", "-P-cbou"],
        input=src.encode(), capture_output=True, check=True,
    )
    out = p.stdout.decode().split("\n")
    out = out[out.index("X") + 1:]
    while out and out[-1] == "":
        out.pop()
    out = out[:-1]  # the footer line
    while out and out[-1] == "":
        out.pop()
    return out


# ---------------------------------------------------------------------------
# crafted paragraphs, with groff 1.22.4's output

CASES = {
    "adjust_alternation": (30, (
        "aa bbb c dd eee f gg hhh i jj kkk l mm nnn o pp qqq r ss ttt u vv www x yy zzz\n"
        "The quick brown fox jumps over the lazy dog and keeps running far away."), [
        '       aa  bbb  c  dd eee f gg',
        '       hhh i jj kkk l mm nnn o',
        '       pp  qqq  r  ss ttt u vv',
        '       www x yy zzz The  quick',
        '       brown  fox  jumps  over',
        '       the lazy dog and  keeps',
        '       running far away.',
    ]),
    "sentence_space": (40, (
        "This is one sentence.\nAnd another one?\nYes!\nQuoted end.\"\nParen end.)\n"
        "Dagger end.\\(dg\nQuote end.\\(rq\nNot an end.\\&\nAbbrev. e.g.\n"
        "mid. line.  Two spaces. one space."), [
        '       This  is  one  sentence.  And an\u2010',
        '       other one?   Yes!   Quoted  end."',
        '       Paren  end.)  Dagger end.\u2020  Quote',
        '       end.\u201d  Not an end.  Abbrev.  e.g.',
        '       mid.   line.    Two  spaces.  one',
        '       space.',
    ]),
    "join_c": (36, (
        "A word split\\c\nacross lines and \\fBbold\\fP\\c\n\\fIitalic\\fP joined.\n"
        "Inhibited\\c\n\\%hyphenationcharacteristics here and more words to fill."), [
        '       A  word splitacross lines and',
        '       bolditalic            joined.',
        '       Inhibitedhyphenationcharacteristics',
        '       here and more words to fill.',
    ]),
    "unbreakable": (32, (
        "Option \\fB\\-o\\ \\fIfile\\fR writes a\\ b\\ c\\ d output to file and the"
        "\\~paddable\\~spaces stretch when the line gets adjusted."), [
        '       Option   -o file   writes',
        '       a b c d  output  to  file',
        '       and  the  paddable spaces',
        '       stretch  when  the   line',
        '       gets adjusted.',
    ]),
    "hyphenation_technical": (40, (
        "The implementation of asynchronous notification and synchronization "
        "primitives requires understanding of interruptible system calls, "
        "restartable operations, and the capabilities of unprivileged processes."), [
        '       The  implementation  of asynchro\u2010',
        '       nous  notification  and  synchro\u2010',
        '       nization  primitives requires un\u2010',
        '       derstanding of interruptible sys\u2010',
        '       tem   calls,  restartable  opera\u2010',
        '       tions, and  the  capabilities  of',
        '       unprivileged processes.',
    ]),
    "hyphens_in_words": (34, (
        "Some well-known command-line options like \\-\\-no\\-preserve\\-root and "
        "the em\\(emdash separated text-with-many-hyphenated-parts follow here."), [
        '       Some   well-known  command-',
        '       line options like --no-pre\u2010',
        '       serve-root  and the em\u2014dash',
        '       separated   text-with-many-',
        '       hyphenated-parts     follow',
        '       here.',
    ]),
    "nohyphen_and_breakpoints": (38, (
        "Do not split \\%internationalization here but split "
        "inter\\%nation\\%alization there; a URL "
        "http://\\:www.\\:example.\\:com/\\:some/\\:path works."), [
        '       Do           not          split',
        '       internationalization  here  but',
        '       split      internationalization',
        '       there; a  URL  http://www.exam\u2010',
        '       ple.com/some/path works.',
    ]),
    "overflow": (30, (
        "Short words then /usr/share/groff/current/tmac/an-old.tmac_is_long and "
        "SOME_VERY_LONG_IDENTIFIER_WITHOUT_BREAKS and words."), [
        '       Short     words    then',
        '       /usr/share/groff/cur\u2010',
        '       rent/tmac/an-',
        '       old.tmac_is_long    and',
        '       SOME_VERY_LONG_IDENTI\u2010',
        '       FIER_WITHOUT_BREAKS and',
        '       words.',
    ]),
    "adjust_modes": (44, (
        ".ad l\nLeft adjusted text does not stretch the spaces between words at all.\n"
        ".br\n.ad c\nCentred text is placed in the middle of the line width.\n.br\n"
        ".ad r\nRight adjusted text is pushed to the right margin.\n.br\n.na\n"
        "Again left adjusted for a while.\n.ad b\nAnd now back to both sides adjustment for good."), [
        '       Left adjusted text does not stretch',
        '       the spaces between words at all.',
        '       Centred text is placed in the middle',
        '                of the line width.',
        '        Right adjusted text is pushed to the',
        '                               right margin.',
        '       Again left adjusted for a while.  And',
        '       now back to both sides adjustment for',
        '       good.',
    ]),
    "nofill": (50, (
        "Filled text before.\n.nf\n  indented   line with   spaces\nab\tcd\tef\n"
        "\n\\fBbold\\fP line\nlonger than the line length so it is simply not broken at all\n.fi\n"
        "Filled again after the display."), [
        '       Filled text before.',
        '         indented   line with   spaces',
        '       ab   cd   ef',
        '',
        '       bold line',
        '       longer than the line length so it is simply not broken at all',
        '       Filled again after the display.',
    ]),
    "tags": (60, (
        ".TAG 7 14 \\fB\\-a\\fR\nShort tag: the body starts on the same line and wraps at the body indent.\n"
        ".TAG 7 14 \\fB\\-\\-all\\fR\nTag too long: the body goes to the next line.\n"
        ".TAG 7 14 \\fB\\-abcde\\fR\nTag that exactly leaves one space.\n"
        ".TAG 7 14 \\fB\\-x\\fR\n.br\nA break before the body puts the tag alone.\n"
        ".TAG 7 11 \\fIn\\fR\n.TAG 7 11 \\fIm\\fR\nTwo tags in a row."), [
        '       -a     Short  tag:  the  body starts on the same line',
        '              and wraps at the body indent.',
        '',
        '       --all  Tag too long: the body goes to the next line.',
        '',
        '       -abcde Tag that exactly leaves one space.',
        '',
        '       -x',
        '              A break before the body puts the tag alone.',
        '',
        '       n',
        '',
        '       m   Two tags in a row.',
    ]),
    "spacing": (40, (
        "First paragraph.\n\nAfter one empty line.\n\n\nAfter two.\n.sp 2\nAfter sp 2.\n"
        ".ns\n.sp\nNo space mode suppressed that.\n   Leading spaces break and indent\nthe line."), [
        '       First paragraph.',
        '',
        '       After one empty line.',
        '',
        '',
        '       After two.',
        '',
        '',
        '       After sp 2.',
        '',
        '       No space mode suppressed that.',
        '          Leading  spaces  break and in\u2010',
        '       dent the line.',
    ]),
    "indents": (46, (
        ".in 12\nIndented by twelve columns for a number of words that will wrap.\n"
        ".ti 3\nTemporary indent of three for one line only, then back to the indent.\n"
        ".in 7\nBack to seven."), [
        '            Indented  by  twelve columns for a',
        '            number of words that will wrap.',
        '   Temporary indent  of  three  for  one  line',
        '            only, then back to the indent.',
        '       Back to seven.',
    ]),
    "hyphenation_modes": (36, (
        ".nh\nWithout hyphenation: internationalization considerations.\n.br\n"
        ".hy 1\nMode one: internationalization considerations infinity.\n.br\n"
        ".hy 6\nMode six: internationalization considerations infinity.\n.br\n.hy 4\n"
        "Mode four: internationalization considerations infinity."), [
        '       Without          hyphenation:',
        '       internationalization',
        '       considerations.',
        '       Mode  one:  internationaliza\u2010',
        '       tion considerations infinity.',
        '       Mode  six:  internationaliza\u2010',
        '       tion considerations infinity.',
        '       Mode  four: internationaliza\u2010',
        '       tion considerations infinity.',
    ]),
    "tabs_fill": (60, (
        "Tabs\tin\tfilled text are measured from the input line.\nnext\tline\tcontinues\n"
        ".br\n.ta 4 12 20\na\tb\tc\td\n.br\n.ta T 5\nback\tto\tfive"), [
        '       Tabs in   filled  text  are  measured  from the input',
        '       line.  next line continues',
        '       a   b       c       d',
        '       back to   five',
    ]),
    "fonts_78": (78, (
        "The \\fBopen\\fR() system call opens the file specified by \\fIpathname\\fP. "
        "If the specified file does not exist, it may optionally (if \\fBO_CREAT\\fR is "
        "specified in \\fIflags\\fR) be created by \\fBopen\\fR().\nThe return value of "
        "\\fBopen\\fR() is a file descriptor, a small, nonnegative integer that is an "
        "index to an entry in the process's table of open file descriptors."), [
        '       The  open()  system  call  opens the file specified by pathname. If the',
        '       specified file does not exist, it may optionally (if O_CREAT is  speci\u2010',
        '       fied  in  flags) be created by open().  The return value of open() is a',
        '       file descriptor, a small, nonnegative integer that is an  index  to  an',
        "       entry in the process's table of open file descriptors.",
    ]),
    "exact_fit_then_break": (25, (
        "aaaa bbbb cccc ddd\n.br\nab cd ef gh ij kl mn op qr st uv wx yz\n"
        "aaaa bbbb cccc ddd ab cd ef gh ij kl mn op"), [
        '       aaaa bbbb cccc ddd',
        '       ab  cd ef gh ij kl',
        '       mn op qr st uv  wx',
        '       yz  aaaa bbbb cccc',
        '       ddd ab cd ef gh ij',
        '       kl mn op',
    ]),
    "paddable_overflow": (28, (
        ".in 15\nab Value\\~_POSIX_C_SOURCE capability.\n.in 7\nend of it."), [
        '               ab',
        '             _POSIX_C_SOURCE',
        '               capability.',
        '       end of it.',
    ]),
    "widths_unicode": (30, (
        "Wide \u6f22\u5b57\u6587\u5b57 characters count twice; na\u00efvet\u00e9 and "
        "r\u00e9sum\u00e9 are not hyphenated by letters beyond ASCII."), [
        '       Wide  \u6f22\u5b57\u6587\u5b57  charac\u2010',
        '       ters    count    twice;',
        '       na\u00efvet\u00e9  and r\u00e9sum\u00e9 are',
        '       not hyphenated by  let\u2010',
        '       ters beyond ASCII.',
    ]),
}


@needs_patterns
@pytest.mark.parametrize("name", sorted(CASES))
def test_crafted_matches_recorded_groff(name):
    ll, body, expected = CASES[name]
    assert drive(body, ll) == expected


@needs_groff
@pytest.mark.parametrize("name", sorted(CASES))
def test_crafted_matches_groff(name):
    ll, body, _ = CASES[name]
    assert drive(body, ll) == run_groff(body, ll)


@needs_groff
@pytest.mark.parametrize("ll", [30, 45, 61, 78])
def test_crafted_at_other_widths(ll):
    for name, (_, body, _) in sorted(CASES.items()):
        assert drive(body, ll) == run_groff(body, ll), (name, ll)


# ---------------------------------------------------------------------------
# real text: paragraphs of the Linux man-pages (section 2)


def _corpus_dir():
    here = Path(__file__).resolve()
    for base in [here.parents[2].parent / "shared", Path("/work/shared")]:
        d = base / "corpus" / "man-pages-5.13" / "man2"
        if d.is_dir():
            return d
    return None


_PLAIN_ESC = re.compile(r"\\(f[BIRP]|-|\(aq|\(em|\(lq|\(rq|e|&|%|~| )")


def corpus_paragraphs(limit=20):
    """Plain paragraphs (.PP followed by text lines only) of man2 pages."""
    d = _corpus_dir()
    if d is None:
        return []
    found = []
    for path in sorted(glob.glob(str(d / "*.2"))):
        with open(path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().split("\n")
        cur = None
        for line in lines:
            if line.startswith((".PP", ".LP", ".P ")) or line == ".P":
                cur = []
            elif line.startswith((".", "'")):
                if cur and len(cur) >= 3:
                    body = "\n".join(cur)
                    if "\\" not in _PLAIN_ESC.sub("", body) and "\t" not in body:
                        found.append((os.path.basename(path), body))
                cur = None
            elif cur is not None:
                cur.append(line)
    if len(found) <= limit:
        return found
    step = len(found) / limit
    return [found[int(i * step)] for i in range(limit)]


CORPUS = corpus_paragraphs()


@needs_groff
@pytest.mark.skipif(not CORPUS, reason="the man-pages corpus (shared/corpus) is not available")
@pytest.mark.parametrize("ll", [78, 52])
def test_corpus_paragraphs_match_groff(ll):
    assert len(CORPUS) >= 20
    bad = []
    for name, body in CORPUS:
        if drive(body, ll) != run_groff(body, ll):
            bad.append(name)
    assert bad == []


# ---------------------------------------------------------------------------
# the engine's interface


def lines_of(f):
    return to_plain(f.finish()).split("\n")


def test_markers_never_reach_the_output():
    f = Filler(40)
    f.add_line([(f"a{ZERO_WIDTH}b {NO_HYPHEN}c{BREAK_POINT}d e{PADDABLE_SPACE}f {MINUS}g", "R")])
    out = f.finish()
    text = to_plain(out)
    assert text == "ab cd e f -g"
    for m in (ZERO_WIDTH, NO_HYPHEN, BREAK_POINT, JOIN, PADDABLE_SPACE, MINUS):
        assert m not in text


def test_runs_carry_fonts_and_spaces_are_roman():
    f = Filler(40)
    f.add_line([("bold ", "B"), ("ital", "I"), ("ic", "BI"), (" plain", "R")])
    assert f.finish() == [[("bold", "B"), (" ", "R"), ("ital", "I"), ("ic", "BI"), (" plain", "R")]]


@needs_patterns
def test_hyphen_takes_the_font_of_the_broken_word():
    f = Filler(20)
    f.add_line([("aaaa bbbb cccc ", "R"), ("hyphenation", "I")])
    out = f.finish()
    assert out[0][-1] == ("hy\u2010", "I")
    assert to_plain(out) == "aaaa  bbbb  cccc hy\u2010\nphenation"


def test_no_hyphenator_means_no_hyphenation():
    f = Filler(20, hyphenator=False)
    f.add_line([("aaaa bbbb cccc hyphenation", "R")])
    assert lines_of(f) == ["aaaa    bbbb    cccc", "hyphenation"]
    f = Filler(20, hyphenation_mode=0)
    f.add_line([("aaaa bbbb cccc hyphenation", "R")])
    assert lines_of(f) == ["aaaa    bbbb    cccc", "hyphenation"]


def test_continued_joins_words():
    f = Filler(40)
    f.add_line([("foo", "B")])
    f.add_line([("bar baz", "R")], continued=True)
    assert f.finish() == [[("foo", "B"), ("bar baz", "R")]]
    f = Filler(40)
    f.add_line([("foo" + JOIN, "R")])
    f.add_line([("bar", "R")])
    assert lines_of(f) == ["foobar"]


def test_current_column_and_tags():
    f = Filler(60)
    f.set_indent(7)
    assert f.current_column() == 7
    f.place_tag([("-a", "B")], 7, 14)
    assert f.indent == 14
    f.add_line([("body", "R")])
    assert f.current_column() == 18
    out = f.finish()
    assert out == [[("       ", "R"), ("-a", "B"), ("     body", "R")]]


def test_tag_that_does_not_fit_gets_its_own_line():
    f = Filler(60)
    f.place_tag([("--long", "B")], 7, 14)  # 6 wide: one space is left
    f.add_line([("body", "R")])
    assert lines_of(f) == ["       --long body"]
    f = Filler(60)
    f.place_tag([("--longer", "B")], 7, 14)
    f.add_line([("body", "R")])
    assert lines_of(f) == ["       --longer", "              body"]


def test_temp_indent_applies_once():
    f = Filler(30)
    f.set_indent(4)
    f.temp_indent(0)
    f.add_line([("one two three four five six seven eight", "R")])
    assert lines_of(f) == ["one  two  three  four five six", "    seven eight"]


def test_nofill_keeps_lines_and_expands_tabs():
    f = Filler(20)
    f.set_fill(False)
    f.add_line([("a\tb  c", "R")])
    f.add_line([("a very long line that is not broken", "R")])
    f.add_line([])
    f.add_line([("x", "R")])
    assert lines_of(f) == ["a    b  c", "a very long line that is not broken", "", "x"]


def test_set_tabs_alignment():
    f = Filler(40)
    f.set_tabs([(8, "R"), (16, "C"), 20])
    f.set_fill(False)
    f.add_line([("a\tb\tc\td", "R")])
    assert lines_of(f) == ["a      b        c   d"]


def test_space_and_no_space_mode():
    f = Filler(40)
    f.add_line([("a", "R")])
    f.space(2)
    f.add_line([("b", "R")])
    f.space(1)
    f.set_no_space(True)
    f.space(1)  # suppressed
    f.add_line([("c", "R")])
    f.set_no_space(True)  # the pending line "c" is output by the break:
    f.space(1)  # that ends no-space mode, so this space is kept
    f.add_line([("d", "R")])
    assert lines_of(f) == ["a", "", "", "b", "", "c", "", "d"]


def test_overflowing_word_alone():
    f = Filler(10, hyphenator=False)
    f.add_line([("ab verylongwordhere cd", "R")])
    assert lines_of(f) == ["ab", "verylongwordhere", "cd"]


def test_display_width():
    assert display_width("abc") == 3
    assert display_width("\u6f22\u5b57") == 4
    assert display_width("e\u0301") == 1
    assert display_width(ZERO_WIDTH + "a" + NO_HYPHEN) == 1
    assert display_width("") == 0


def test_output_helpers():
    lines = [[("  bold", "B"), (" and ", "R"), ("it al", "I"), ("  ", "R")], [], [("x", "BI")]]
    assert to_plain(lines) == "  bold and it al\n\nx"
    assert to_sgr(lines) == (
        "  \x1b[1mbold\x1b[22m and \x1b[4mit\x1b[24m \x1b[4mal\x1b[24m\n\n"
        "\x1b[1m\x1b[4mx\x1b[24m\x1b[22m"
    )
    assert to_overstrike(lines) == "  b\bbo\bol\bld\bd and _\bi_\bt _\ba_\bl\n\n_\bx\bx"
