"""Tests for manlint.render.hyphenate (Liang hyphenation as groff 1.22.4 does it)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from manlint.render import hyphenate as H
from manlint.render.hyphenate import (
    Hyphenator,
    default_hyphenator,
    load_patterns,
    parse_tex_hyphenation,
)

HAVE_PATTERNS = H.find_tmac_dir() is not None
needs_patterns = pytest.mark.skipif(
    not HAVE_PATTERNS, reason="groff's hyphenation patterns (hyphen.us) are not installed"
)
needs_groff = pytest.mark.skipif(
    shutil.which("groff") is None or not HAVE_PATTERNS,
    reason="groff is not installed: cannot compare with its hyphenation",
)

# ---------------------------------------------------------------------------
# parsing


def test_parse_tex_file_with_comments_and_escapes():
    text = r"""% a comment line
\patterns{ % just type <return>
.ach4 % trailing comment
a1b
^^e9t1  % ^^xx escape: e-acute
2^^5a % ^^ with a hex pair, then a normal one
}
\hyphenation{ % exceptions
ta-ble
Zea-land  as-so-ciate
}
% \patterns{ bogus } inside a comment is ignored
"""
    pats, excs = parse_tex_hyphenation(text)
    assert pats == [".ach4", "a1b", "\u00e9t1", "2Z"]
    assert excs == ["ta-ble", "Zea-land", "as-so-ciate"]


def test_parse_endinput_and_single_char_caret():
    pats, excs = parse_tex_hyphenation("\\patterns{a1b ^^M}\n\\endinput\n\\patterns{c1d}")
    assert pats == ["a1b", "\r"]
    assert excs == []


def test_liang_with_own_patterns():
    h = Hyphenator(["1ba", "a1c"], [])
    # values: points before 'b' (from 1ba) and before 'c' (from a1c)
    assert h.points("aabacaa", 1) == (2, 4)
    assert h.hyphenate("aabacaa", 1) == "aa-ba-caa"
    # mode 4: not before the last two letters; the end limit
    assert h.hyphenate("abac", 1) == "abac"  # point before 'c' is the last letter


def test_exceptions_override_patterns_and_fold_case():
    h = Hyphenator(["1ba"], ["xyz-zy"])
    assert h.hyphenate("XYZZY", 1) == "XYZ-ZY"
    assert h.hyphenate("xyzzy", 4) == "xyzzy"  # mode 4 limit applies to exceptions too


def test_letter_runs_are_hyphenated_separately():
    h = Hyphenator(["1ba"], [])
    assert h.points("aaba-aaba", 1) == (2, 7)
    assert h.points("aaba1aaba", 1) == (2, 7)


def test_mode_zero_and_short_words():
    h = Hyphenator(["1b"], [])
    assert h.points("abab", 0) == ()
    assert h.points("ab", 1) == ()


def test_missing_groff_files_mean_no_hyphenation(tmp_path):
    assert load_patterns(str(tmp_path)) is None


def test_find_tmac_dir_missing_file():
    assert H.find_tmac_dir("no-such-hyphenation-file.xx") is None


# ---------------------------------------------------------------------------
# groff's patterns (facts established by running groff 1.22.4)

GROFF_MODE4 = {
    # word: groff 1.22.4 -mandoc -rcR=1 (.hy 4)
    "hyphenation": "hy-phen-a-tion",
    "information": "in-for-ma-tion",
    "descriptor": "de-scrip-tor",
    "characters": "char-ac-ters",
    "infinity": "in-fin-ity",  # not before the last two letters
    "recursively": "re-cur-sively",
    "atexit": "atexit",  # nor after the first letter
    "academy": "acad-emy",  # exception acad-e-my, limited by mode 4
    "table": "ta-ble",  # exception
    "presents": "presents",  # exception: no points
    "associate": "as-so-ciate",
    "aerospace": "aero-space",  # hyphenex.us
    "Zealand": "Zea-land",  # hyphenex.us, capitalised
    "reciprocity": "rec-i-proc-ity",  # hyphenex.us overrides hyphen.us
    "sockaddr": "sock-addr",
    "spaces": "spa-ces",
    "abcdef": "abcdef",
}

GROFF_OTHER_MODES = [
    (1, "infinity", "in-fin-i-ty"),
    (1, "answers", "an-swers"),
    (1, "academy", "acad-e-my"),
    (8, "answers", "answers"),
    (8, "hibernate", "hiber-nate"),
    (32, "atexit", "a-tex-it"),
    (32, "identify", "i-den-ti-fy"),
    (36, "identify", "i-den-tify"),
    (6, "identify", "iden-tify"),
]


@needs_patterns
@pytest.mark.parametrize("word,expected", sorted(GROFF_MODE4.items()))
def test_groff_patterns_mode4(word, expected):
    h = default_hyphenator()
    assert h is not None
    assert h.hyphenate(word, 4) == expected


@needs_patterns
@pytest.mark.parametrize("mode,word,expected", GROFF_OTHER_MODES)
def test_groff_patterns_other_modes(mode, word, expected):
    assert default_hyphenator().hyphenate(word, mode) == expected


@needs_patterns
def test_default_hyphenator_is_cached():
    assert default_hyphenator() is default_hyphenator()


@needs_patterns
def test_points_are_cached_per_word():
    h = default_hyphenator()
    a = h.letter_points("hyphenation", 4)
    assert h.letter_points("hyphenation", 4) is a


def _groff_points(words, mode):
    """Ask groff where it hyphenates each word: typeset the word alone at
    every line length and note where the first line ends with a hyphen."""
    src = [".TH T 1", ".SH X", ".in 0", f".hy {mode}"]
    for w in words:
        src += [".ll 200n", ".br", "START", ".br"]
        for n in range(len(w), 1, -1):
            src += [".ll 200n", ".br", f"@{n}", ".br", f".ll {n}n", w, ".br"]
    p = subprocess.run(
        ["groff", "-k", "-Kutf-8", "-t", "-mandoc", "-mtty-char", "-Tutf8", "-rcR=1",
         "-rLL=78n", "-rLT=78n", "-P-cbou"],
        input="\n".join(src).encode(), capture_output=True, check=True,
    )
    lines = p.stdout.decode().split("\n")
    res, cur, first, lim = [], None, False, 0
    for line in lines[lines.index("START"):]:
        if line == "START":
            if cur is not None:
                res.append(cur)
            cur = set()
        elif line.startswith("@") and line[1:].isdigit():
            first, lim = True, int(line[1:])
        elif first:
            first = False
            if line.endswith("\u2010") and len(line) <= lim:
                cur.add(len(line) - 1)
    res.append(cur)
    out = {}
    for w, pts in zip(words, res):
        cuts = [0] + sorted(pts) + [len(w)]
        out[w] = "-".join(w[a:b] for a, b in zip(cuts, cuts[1:]))
    return out


WORDS = (
    "implementation descriptors asynchronous notification privileged capabilities "
    "synchronization environment namespace interruptible terminated permissions "
    "nonblocking semaphore restartable filesystem occurred accounting manipulation "
    "immediately successfully allocated unsupported initialization configuration"
).split()


@needs_groff
@pytest.mark.parametrize("mode", [4, 1, 8])
def test_against_groff(mode):
    got = {w: default_hyphenator().hyphenate(w, mode) for w in WORDS}
    want = _groff_points(WORDS, mode)
    # a point just before the last letter can only show when the word
    # overflows, which the probe skips; mode 4/1/8 never allow it anyway
    assert got == want
