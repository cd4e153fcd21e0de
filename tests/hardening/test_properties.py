"""Property tests: any input, however broken, parses, renders and lints.

Pages are generated from the man(7) macros and roff requests, escapes of
every kind (malformed ones too), conditionals nested on one line, user
macros and strings; then they are encoded in every way a page arrives
(UTF-8, Latin-1, UTF-16 with a BOM, CRLF), truncated and sprinkled with
arbitrary bytes.  Each example must parse without an exception into a
well-formed tree, render to text without control characters, and lint.

The default run is short (150 examples a test); ``HYPOTHESIS_PROFILE=long``
runs 5,000, ``HYPOTHESIS_PROFILE=ci`` 50.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import nodes as N
from manlint.man import parse_bytes
from manlint.render.text import render_text
from manlint.render.tree import dump

_EXAMPLES = {"long": 5000, "ci": 50}.get(os.environ.get("HYPOTHESIS_PROFILE", ""), 150)
# Settings per test, not a global profile: other test modules keep theirs.
SETTINGS = settings(
    max_examples=_EXAMPLES,
    # Bounded time per example.  Generated pages take milliseconds; a page
    # that runs into the macro limits (MAX_EXPANDED_LINES lines, 50 levels
    # deep) takes up to five seconds of CPU, so the deadline leaves room.
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)

_CHECKER = None


def checker() -> Checker:
    global _CHECKER
    if _CHECKER is None:
        _CHECKER = Checker(Selection())
    return _CHECKER


# ---- what a page is made of ------------------------------------------------------

MAN_MACROS = ["TH", "SH", "SS", "PP", "LP", "P", "TP", "TQ", "IP", "HP", "RS", "RE", "nf",
              "fi", "EX", "EE", "UR", "UE", "MT", "ME", "SY", "OP", "YS", "MR", "B", "I", "BR",
              "IR", "RB", "RI", "BI", "IB", "SM", "SB", "PD", "DT", "IX", "Dd", "Nm", "Sh"]
ROFF_REQUESTS = ["br", "sp", "in", "ti", "ad", "na", "hy", "nh", "ft", "ce", "bp", "ll", "tr",
                 "de", "de1", "am", "ig", "ds", "as", "nr", "rm", "rr", "rn", "als", "if", "ie",
                 "el", "while", "so", "mso", "cc", "c2", "ec", "eo", "TS", "TE", "T&", "EQ",
                 "EN", "PS", "PE", "tm", "ta", "ne", "ns", "rs", "\\}", "\\\"", ".", ""]
NAMES = st.sampled_from(["a", "b", "xx", "s1", "lq", "R", ".T", "an-margin", "LL", ".$",
                         "long name", "", "(", "]", "\\"])
WORDS = st.sampled_from(["word", "NAME", "DESCRIPTION", "foo(2)", "(2)", "(3p),", "-x",
                         "<script>alert(1)</script>", "javascript:alert(1)", "&amp;", '"',
                         '""', "'", "\t", " ", "T{", "T}", "_", "=", "allbox;", "l l.", "c s.",
                         "1", "-1", "+3n", "999999999999999999999", "1e9", "(((", ")",
                         "\u00e9", "\u2014", "\U0001F600", "\ue000", "\ufeff", "\u202e",
                         "man1/a.1", "/etc/passwd", "../../etc/passwd"])
ARG = st.sampled_from(["'", '"', "|", "x", "\\", "("])


@st.composite
def escape(draw) -> str:
    """One escape sequence, well-formed or not."""
    d = draw(ARG)
    name = draw(NAMES)
    num = draw(st.sampled_from(["0", "1", "4n", "-3", "100000n", "9999999u", "1i", "2v",
                                "|3m", "1+", "(1", "\\n(.l", "x", "", "1/0", "((((1))))",
                                "-" * 200, "(" * 300]))
    kind = draw(st.integers(0, 30))
    forms = [
        lambda: "\\f" + draw(st.sampled_from(["B", "I", "R", "P", "1", "4", "(CW", "(B",
                                              "[BI]", "[]", "[", "(", "Q", "[long font]"])),
        lambda: "\\*" + draw(st.sampled_from(["", "(", "["])) + name + draw(st.sampled_from(["", "]"])),
        lambda: "\\n" + draw(st.sampled_from(["", "+", "-"])) + draw(st.sampled_from(["(", "[", ""])) + name,
        lambda: "\\(" + draw(st.sampled_from(["em", "en", "aq", "lq", "xx", "e", ""])),
        lambda: "\\[" + draw(st.sampled_from(["em", "u00E9", "u0000", "u001B", "u009B",
                                              "uD800", "u110000", "u1F600", "u0041_0301",
                                              "char27", "char65", "char0", "char\u00b2",
                                              "u\u00b2", "u" + "F" * 40, "em x", "", "unknown"])) + draw(st.sampled_from(["]", ""])),
        lambda: "\\N" + d + draw(st.sampled_from(["27", "0", "65", "155", "55296", "1114112",
                                                  "\u00b2", "\u0663", "9" * 30, ""])) + draw(st.sampled_from([d, ""])),
        lambda: "\\" + draw(st.sampled_from("hvlLwDHSxXZbobAB")) + d + num + draw(st.sampled_from([d, ""])),
        lambda: "\\X'html:<script>alert(1)</script>'",
        lambda: "\\s" + draw(st.sampled_from(["-1", "+2", "0", "(12", "[10]", "'3'", "", "'"])),
        lambda: "\\" + draw(st.sampled_from(list("&)-e\\ 0~%:c{}tz'`_.|^dru\"#acpjQ/,"))),
        lambda: "\\" + draw(st.sampled_from(list("qyGijJKEW@!?;<>=+") + ["\u00e9", "\x00"])),
        lambda: "\\$" + draw(st.sampled_from(["1", "9", "*", "@", "0", "(10", "[12]", "[", "("])),
        lambda: "\\" + draw(st.sampled_from("gkmMFYVR")) + draw(st.sampled_from(["", "(", "[x]", "'x'", "x"])),
        lambda: "\\C" + d + draw(st.sampled_from(["em", "", "u0000"])) + draw(st.sampled_from([d, ""])),
        lambda: "\\w" + d + draw(st.lists(st.sampled_from(["\\w'", "x", "'", "\\fB"]), max_size=8).map("".join)),
        lambda: "\\O" + draw(st.sampled_from(["", "0", "[1]", "("])),
        lambda: "\\",
    ]
    return forms[kind % len(forms)]()


@st.composite
def text_run(draw) -> str:
    parts = draw(st.lists(st.one_of(WORDS, escape(), st.text(max_size=6)), max_size=8))
    return draw(st.sampled_from([" ", "", "\\ "])).join(parts)


@st.composite
def control_line(draw) -> str:
    cc = draw(st.sampled_from([".", ".", ".", "'", ". ", ".\t"]))
    name = draw(st.one_of(st.sampled_from(MAN_MACROS), st.sampled_from(ROFF_REQUESTS),
                          st.text(alphabet="abcxyzAB.\\", min_size=1, max_size=4)))
    args = draw(st.lists(st.one_of(text_run(), st.sampled_from(
        ['"quoted arg"', '"unterminated', '""', "n", "t", "!n", "1", "0", "\\n(.g",
         "'a'a'", "'a'b'", "d a", "r xx", "c \\(em", "\\{", "\\{\\", "\\}", "a", "xx",
         "man1/a.1", "/etc/passwd", "../x", "(1)", "javascript:alert(1)",
         "data:text/html,<script>alert(1)</script>"])), max_size=5))
    return cc + name + ("" if not args else " " + " ".join(args))


@st.composite
def conditional_line(draw) -> str:
    """Conditionals nested on one line, maybe opening a brace block."""
    depth = draw(st.integers(1, 6))
    prefix = "".join(draw(st.sampled_from([".if n ", ".if t ", ".ie 1 ", ".el ", ".if !0 ",
                                           ".if '\\*a'x' ", ".while 1 ", ".if \\n(xx>1 "]))
                     for _ in range(depth))
    body = draw(st.one_of(control_line(), text_run()))
    return prefix + draw(st.sampled_from(["", "\\{", "\\{\\"])) + body


@st.composite
def definition(draw) -> list[str]:
    """A .de/.ds definition, possibly calling itself."""
    name = draw(st.sampled_from(["a", "b", "xx"]))
    if draw(st.booleans()):
        # At most one self-call: two make the expansion exponential, which
        # only the limit stops (test_limits has that case; it takes seconds).
        body = draw(st.lists(st.one_of(control_line(), text_run()), max_size=4))
        if draw(st.booleans()):
            body.insert(draw(st.integers(0, len(body))),
                        draw(st.sampled_from(["." + name, "." + name + " \\$1 \\$*"])))
        lines = [f".{draw(st.sampled_from(['de', 'am', 'de1']))} {name}", *body]
        if draw(st.integers(0, 4)):
            lines.append("..")
            lines.extend(["." + name + " arg1 arg2"] * draw(st.integers(0, 2)))
        # (Calls after an unterminated definition would join its body: a
        # second self-call, see above.)
        return lines
    value = draw(st.one_of(text_run(), st.just(f"\\*[{name}]\\*[{name}]")))
    return [f".ds {name} {value}", f"\\*[{name}] x"]


@st.composite
def page_text(draw) -> str:
    lines: list[str] = []
    if draw(st.integers(0, 5)):
        lines.append(".TH " + draw(st.sampled_from(["T 1", "T", '"a\tb" 1 2024 x y', "T 1 \\*(xx"])))
    blocks = draw(st.lists(st.one_of(
        control_line().map(lambda s: [s]),
        text_run().map(lambda s: [s]),
        conditional_line().map(lambda s: [s, ".\\}"]),
        definition(),
        st.sampled_from([[".TS", "allbox tab(:);", "l l.", "a:b", "T{", "x", "T}:y", ".TE"],
                         [".TS", "l", "x"], [".EQ", "x"], [".nf", "\tindented"], [".RS"] * 5,
                         [".UR javascript:alert(1)", "text", ".UE"], [".ig", "x"],
                         ['.\\" comment', "x\\\"y", "\\#z"], ["line ends in \\", "continued"]]),
    ), max_size=30))
    for b in blocks:
        lines.extend(b)
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def encode(text: str, how: str) -> bytes:
    if how == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le", "surrogatepass")
    if how == "utf-16-be":
        return b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    return text.encode("utf-8", "surrogatepass")


@st.composite
def page_bytes(draw) -> bytes:
    data = encode(draw(page_text()), draw(st.sampled_from(
        ["utf-8", "utf-8", "utf-8", "latin-1", "utf-16", "utf-16-be", "bom", "crlf"])))
    # Damage: insert arbitrary bytes, then maybe truncate anywhere.
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        junk = draw(st.one_of(st.binary(max_size=4), st.sampled_from(
            [b"\x00", b"\x1b[31m", b"\x9b", b"\xff", b"\xc3", b"\r", b"\xed\xa0\x80", b"\\"])))
        data = data[:at] + junk + data[at:]
    if draw(st.integers(0, 3)) == 0:
        data = data[:draw(st.integers(0, len(data)))]
    return data


# ---- the checks ---------------------------------------------------------------------

# C0 controls but newline (tab is checked on its own), DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_tree(doc: N.Document) -> None:
    limits = {id(f): len(f.lines) + 1 for f in doc.files}
    assert doc.parent is None
    stack: list[N.Node] = [doc]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        kids = node.all_children()
        for kid in kids:
            assert kid.parent is node, f"{kid.describe()} under {node.describe()} has parent " \
                                       f"{kid.parent.describe() if kid.parent else None}"
            if node.is_inline:
                assert kid.is_inline, f"block {kid.describe()} inside inline {node.describe()}"
        if node.source is not None:
            limit = limits.get(id(node.source))
            assert limit is not None, f"{node.describe()} from a file the document does not list"
            assert 1 <= node.line <= limit, f"{node.describe()} at line {node.line} of {limit - 1}"
            assert node.end_line <= limit, f"{node.describe()} ends at line {node.end_line}"
        assert node.col >= 1, f"{node.describe()} at column {node.col}"
        stack.extend(kids)
    assert seen >= 1


def check_text(text: str) -> None:
    bad = _CONTROL.search(text)
    assert bad is None, f"control character U+{ord(bad.group()):04X} in rendered text"
    assert "\t" not in text, "tab in rendered text"
    text.encode("utf-8")  # no lone surrogates


def check_all(data: bytes) -> None:
    doc = parse_bytes(data, "x.1")
    check_tree(doc)
    for d in doc.diagnostics:
        assert d.line >= 1 and d.col >= 1, (d.code, d.line, d.col)
    dump(doc).encode("utf-8")
    check_text(render_text(doc))
    checker().check(doc)


@SETTINGS
@given(page_bytes())
def test_generated_pages(data):
    check_all(data)


@SETTINGS
@given(st.lists(st.one_of(conditional_line(), control_line(), text_run()), max_size=12))
def test_generated_lines(lines):
    check_all(("\n".join([".TH T 1", ".SH NAME", "t \\- t", ".SH DESCRIPTION", *lines]) + "\n")
              .encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    check_all(data)


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_arbitrary_text_after_header(text):
    check_all((".TH T 1\n.SH DESCRIPTION\n" + text).encode("utf-8"))
