"""Every limit ends in a diagnostic, in bounded time and memory.

Each case runs in a forked child with an address-space limit and an alarm:
the alarm is a hang detector (30 s, far above what any case needs), not a
timing assertion.  The child parses the page, dumps the tree, renders it as
text and lints it, and sends back the diagnostic codes and what the test
wants to look at.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import traceback

import pytest

from manlint.man import parse_bytes, parse_file
from manlint.man.parser import MAX_NESTING as MAX_SCOPES
from manlint.roff import escapes, lines, reader
from manlint.roff.expr import MAX_EXPR_DEPTH, MAX_LINES

HANG_SECONDS = 30
MEMORY_BYTES = 3 << 30

TH = b".TH LIMIT 1 2024-01-01\n.SH NAME\nlimit \\- test\n.SH DESCRIPTION\n"


# ---- running a case in a guarded child -----------------------------------------

def _summary(doc, secrets=()) -> dict:
    from manlint.lint.checker import Checker
    from manlint.lint.registry import Selection
    from manlint.render.text import render_text
    from manlint.render.tree import dump
    tree = dump(doc)
    text = render_text(doc)
    Checker(Selection()).check(doc)
    return {
        "codes": {d.code for d in doc.diagnostics},
        "messages": [d.message for d in doc.diagnostics if d.code == "RF021"][:20],
        "count": {c: sum(1 for d in doc.diagnostics if d.code == c)
                  for c in {d.code for d in doc.diagnostics}},
        "leaked": [s for s in secrets if s in tree or s in text],
        "nodes": sum(1 for _ in doc.walk()),
    }


class Hang(BaseException):
    """Raised by the alarm; not an Exception, so that no 'except Exception'
    in the code under test (the text renderer's fallback for tables it
    cannot lay out, say) can swallow it."""


def _child(conn, fn, args):
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))

        def on_alarm(_sig, _frame):
            raise Hang(f"still running after {HANG_SECONDS} s: a hang")
        signal.signal(signal.SIGALRM, on_alarm)
        signal.alarm(HANG_SECONDS)
        conn.send(("ok", fn(*args)))
    except BaseException:  # the parent reports it
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()
        os._exit(0)


def guarded(fn, *args) -> dict:
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args))
    proc.start()
    send.close()
    try:
        if not recv.poll(HANG_SECONDS + 15):
            pytest.fail(f"no answer after {HANG_SECONDS + 15} s: the child hangs")
        try:
            status, value = recv.recv()
        except EOFError:
            proc.join(5)
            pytest.fail(f"the child died (exit code {proc.exitcode}): out of memory or killed")
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if status != "ok":
        pytest.fail(value)
    return value


def parse_case(data: bytes, secrets=()) -> dict:
    return _summary(parse_bytes(data, "limit.1"), secrets)


def file_case(path: str, secrets=()) -> dict:
    return _summary(parse_file(path), secrets)


def assert_limit(result: dict, code: str = "RF021", words: str = "") -> None:
    assert code in result["codes"], result["codes"]
    if words:
        assert any(words in m for m in result["messages"]), result["messages"]


# ---- user macros ----------------------------------------------------------------

def test_macro_calling_itself_twice():
    # 2**50 lines unchecked; MAX_EXPANDED_LINES or MAX_MACRO_DEPTH stops it.
    result = guarded(parse_case, TH + b".de a\n.a\n.a\n..\n.a\n")
    assert_limit(result)
    assert any(f"more than {reader.MAX_EXPANDED_LINES} lines" in m
               or f"deeper than {reader.MAX_MACRO_DEPTH}" in m
               or f"more than {reader.MAX_EXPANSION_WORK} lines times their depth" in m
               for m in result["messages"])


def test_macro_recursion_depth():
    result = guarded(parse_case, TH + b".de a\n.a\n..\n.a\n")
    assert_limit(result, words=f"nested deeper than {reader.MAX_MACRO_DEPTH}")


def test_macro_expanded_lines():
    body = b'.\\" a comment line\n' * 1000  # cheap to render and lint
    calls = b".b\n" * (reader.MAX_EXPANDED_LINES // 1000 + 5)
    result = guarded(parse_case, TH + b".de b\n" + body + b"..\n" + calls)
    assert_limit(result, words=f"more than {reader.MAX_EXPANDED_LINES} lines from macros")


def test_macro_expansion_work():
    # 49 macros each calling the next, the last printing 1,000 lines, called
    # 50 times: 50,000 lines, each passed up through 50 calls.
    chain = b".de m0\n" + b"x\n" * 1000 + b"..\n" + b"".join(
        b".de m%d\n.m%d\n..\n" % (k, k - 1) for k in range(1, 50))
    result = guarded(parse_case, TH + chain + b".m49\n" * 50)
    assert_limit(result, words=f"more than {reader.MAX_EXPANSION_WORK} lines times their depth")


def test_macro_arguments_doubling():
    # Each call passes its arguments twice: 2**50 arguments unchecked.
    result = guarded(parse_case, TH + b".de a\n.a \\$* \\$*\n..\n.a x\n")
    assert_limit(result, words=f"more than {reader.MAX_EXPANDED_CHARS} characters from macros")
    assert "RF034" in result["codes"]  # lines past MAX_LINE_LENGTH are cut


def test_macro_argument_interpolated_a_million_times():
    page = TH + b".de a\n" + b"\\$*" * 300_000 + b"\n..\n.a " + b"x" * 900_000 + b"\n"
    assert "RF034" in guarded(parse_case, page)["codes"]


def test_macro_expanded_characters():
    page = (TH + b".de a\n" + b".b \\$*\n" * 1000 + b"..\n.de b\nx \\$1\n..\n"
            + b".a " + b"x" * 900_000 + b"\n")
    assert_limit(guarded(parse_case, page),
                 words=f"more than {reader.MAX_EXPANDED_CHARS} characters from macros")


def test_definitions_size():
    chunk = b"x" * (lines.MAX_LINE_LENGTH - 100)
    defs = b"".join(b".ds s%d " % k + chunk + b"\n"
                    for k in range(reader.MAX_DEFINITIONS_SIZE // len(chunk) + 2))
    result = guarded(parse_case, TH + defs)
    assert_limit(result, words=f"definitions larger than {reader.MAX_DEFINITIONS_SIZE}")


# ---- strings --------------------------------------------------------------------

def _string_tower(levels: int, leaf: bytes = b"xxxx") -> bytes:
    out = [b".ds s0 " + leaf + b"\n"]
    for k in range(1, levels + 1):
        out.append(b".ds s%d " % k + b"\\*[s%d]" % (k - 1) * 4 + b"\n")
    return b"".join(out)


def test_strings_four_copies_24_deep():
    # 4**24 copies unchecked; the per-line budget stops it.
    result = guarded(parse_case, TH + _string_tower(24) + b"\\*[s24]\n")
    assert_limit(result, words=f"more than {escapes.MAX_STRING_EXPANSION} characters from strings")


def test_strings_budget_per_page():
    # Every line within its own budget, the page over its budget.
    result = guarded(parse_case, TH + _string_tower(24, b"") + b"\\*[s24]\n" * 50)
    assert_limit(result, words=f"or {escapes.MAX_PAGE_STRING_EXPANSION} on the page")
    assert result["count"]["RF021"] < 250


def test_string_nesting_depth():
    levels = escapes.MAX_STRING_DEPTH + 10
    defs = b".ds t0 end\n" + b"".join(b".ds t%d \\*[t%d]\n" % (k, k - 1) for k in range(1, levels))
    result = guarded(parse_case, TH + defs + b"\\*[t%d]\n" % (levels - 1))
    assert_limit(result, words=f"string nesting ({escapes.MAX_STRING_DEPTH})")


def test_string_referring_to_itself():
    result = guarded(parse_case, TH + b".ds a \\*a\\*a\\*a\n.ds b x\\*c\n.ds c y\\*b\n\\*a \\*b\n")
    assert_limit(result, words="refers to itself")


# ---- requests -------------------------------------------------------------------

def test_while_is_unsupported_not_run():
    page = TH + (b".nr i 0\n.while 1 .nr i +1\n.while \\ni<10 \\{\\\n.nr i +1\nbody\n.\\}\n"
                 b".while 1 .while 1 .while 1 x\n")
    result = guarded(parse_case, page)
    assert "RF020" in result["codes"]


def test_conditionals_nested_on_one_line():
    result = guarded(parse_case, TH + b".if 1 " * 5000 + b"deep\n" + b".\\}" * 5000 + b"x\n")
    assert_limit(result, words=f"requests nested deeper than {reader.MAX_NESTING}")


def test_conditionals_nested_in_macros():
    result = guarded(parse_case, TH + b".de a\n" + b".if 1 " * 90 + b".a\n..\n.a\n")
    assert_limit(result, words="nested deeper than")


def test_expression_nesting():
    deep = b"(" * 5000 + b"1" + b")" * 5000
    result = guarded(parse_case, TH + b".nr x " + deep + b"\n.if " + deep + b" y\n"
                     + b".sp " + b"-" * 5000 + b"1\n\\h'" + b"(" * 5000 + b"'\n")
    assert {"RF028", "RF029"} <= result["codes"], result["codes"]
    assert MAX_EXPR_DEPTH < 5000


def test_huge_numbers():
    nines = b"9" * 400
    page = TH + (b".nr big " + nines + b"\n.nr x 1\n.nr x +" + nines + b"\n\\n[big] \\n[x]\n"
                 b".if " + nines + b" y\n.sp " + nines + b"\n.in " + nines + b"n\n"
                 b"\\h'" + nines + b"n'\\l'" + nines + b"u'\\N'" + nines + b"'\n")
    result = guarded(parse_case, page)
    assert "RF029" in result["codes"], result["codes"]


# ---- .so ------------------------------------------------------------------------

def _tree(tmp_path, pages: dict[str, str]) -> str:
    for rel, text in pages.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return str(tmp_path)


def test_so_depth(tmp_path):
    depth = reader.MAX_SO_DEPTH + 5
    pages = {f"man1/p{k}.1": f".so man1/p{k + 1}.1\n" for k in range(depth)}
    pages[f"man1/p{depth}.1"] = ".TH DEEP 1\n.SH NAME\ndeep \\- bottom\n"
    _tree(tmp_path, pages)
    result = guarded(file_case, str(tmp_path / "man1/p0.1"))
    assert_limit(result, words=f".so nested deeper than {reader.MAX_SO_DEPTH}")


def test_so_cycles(tmp_path):
    _tree(tmp_path, {"man1/a.1": ".TH A 1\n.so man1/b.1\n", "man1/b.1": ".so man1/a.1\ntext\n",
                     "man1/self.1": ".TH S 1\n.so man1/self.1\n"})
    assert "RF024" in guarded(file_case, str(tmp_path / "man1/a.1"))["codes"]
    assert "RF024" in guarded(file_case, str(tmp_path / "man1/self.1"))["codes"]


def _secret_lines() -> list[str]:
    try:
        with open("/etc/passwd", encoding="utf-8", errors="replace") as fh:
            return [ln.strip() for ln in fh if len(ln.strip()) > 8][:3]
    except OSError:
        return []


@pytest.mark.parametrize("target", ["/etc/passwd", "../../etc/passwd", "../../../../../../etc/passwd",
                                    "man1/../../../etc/passwd", "/etc/../etc/passwd",
                                    "//etc/passwd", "..\\..\\etc\\passwd", "man1/link.1",
                                    "man1/dirlink/passwd", "/proc/self/environ", "/dev/zero"])
def test_so_outside_the_tree_is_not_read(tmp_path, target):
    secrets = _secret_lines()
    if not secrets:
        pytest.skip("/etc/passwd is not readable here")
    _tree(tmp_path, {"man1/page.1": f".TH P 1\n.SH NAME\np \\- q\n.so {target}\n.so\n"})
    os.symlink("/etc/passwd", tmp_path / "man1/link.1")
    os.symlink("/etc", tmp_path / "man1/dirlink")
    result = guarded(file_case, str(tmp_path / "man1/page.1"), secrets)
    assert result["leaked"] == []
    assert result["codes"] & {"RF022", "RF023"}, result["codes"]


def test_so_in_a_page_parsed_from_bytes_is_never_read():
    secrets = _secret_lines()
    if not secrets:
        pytest.skip("/etc/passwd is not readable here")
    result = guarded(parse_case, TH + b".so /etc/passwd\n.so ../../etc/passwd\n.so etc/passwd\n"
                     b".so \\*[x]/etc/passwd\n", secrets)
    assert result["leaked"] == []
    assert "RF022" in result["codes"]


# ---- size -----------------------------------------------------------------------

def test_five_megabyte_line():
    result = guarded(parse_case, TH + b"wordy-word-word " * 330_000 + b"\n")
    assert "RF034" in result["codes"]


def test_five_megabyte_control_line():
    result = guarded(parse_case, TH + b".BR " + b"\\fBx\\fR " * 700_000 + b"\n")
    assert "RF034" in result["codes"]


def test_twenty_thousand_nested_insets():
    result = guarded(parse_case, TH + b".RS\n" * 20_000 + b"deep\n" + b".RE\n" * 20_000 + b"after\n")
    assert_limit(result, words=f".RS nested deeper than {MAX_SCOPES}")
    assert "MN021" not in result["codes"]  # the .RE lines still pair with their .RS


def test_twenty_thousand_paragraphs_before_the_first_section():
    result = guarded(parse_case, b".TH A 1\n" + b".PP\ntext\n" * 20_000 + b".SH NAME\nx\n")
    assert result["nodes"] > 40_000


def test_nested_links_and_mixed_scopes():
    page = TH + b".UR http://x\n" * 5000 + b".TP\ntag\n.RS\n" * 5000 + b"x\n"
    assert_limit(guarded(parse_case, page), words=f"nested deeper than {MAX_SCOPES}")


def test_hundred_thousand_line_page():
    body = b"".join(b".Xx %d\nword \\fBbold\\fR line %d\n" % (k, k) for k in range(50_000))
    result = guarded(parse_case, TH + body)
    # The reporter keeps 200 messages a code and says that more were dropped.
    assert result["count"]["MN010"] == 201, result["count"]
    assert result["nodes"] > 100_000


def test_distances_are_clamped():
    # Before the clamp: 100 KB of indentation per output line, and
    # '.PD 9999999999' printed 250 million blank lines per paragraph.
    page = TH + b".in 100000n\n" + b"x\n.br\n" * 500 + b".PD 9999999999\n" + b".PP\ny\n" * 50
    result = guarded(_render_size, page)
    assert result < 1_000_000, result


def _render_size(data: bytes) -> int:
    from manlint.render.text import render_text
    return len(render_text(parse_bytes(data, "limit.1")))


@pytest.mark.parametrize("unit", [b"x\\\n", b"\\\\x\\\n", b"a\\#\n", b'\\\\\\"\n'],
                         ids=["continuation", "escaped-escape", "hash-comment", "quote-comment"])
def test_many_joined_lines(unit):
    # Joining searched the whole joined line for comments at every join:
    # 20,000 lines of '\\x\' took 35 s, 100,000 would take 15 minutes.
    result = guarded(parse_case, TH + unit * 100_000 + b"end\n")
    assert result["nodes"] > 0


def test_table_with_fifty_thousand_rows():
    # Before: the table grid scanned every cell of the table for each row
    # it printed; 50,000 rows took 350 s to render, now about 3 s.
    page = TH + b".TS\nl l l.\n" + b"a\tb\tc\n" * 50_000 + b".TE\n"
    assert guarded(parse_case, page)["nodes"] > 50_000


# Tables: the layout is bounded by render/tbl_text.py (MAX_COLUMNS cells wide,
# MAX_TABLE_CELLS cells in all, '.sp' at most MAX_LINES lines); past them the
# table's text is shown unformatted.  The comment gives the time before.
HOSTILE_TABLES = {
    # 100 million cells in one rule: 30 s and gigabytes.
    "huge-column-width": TH + b".TS\nbox;\nlw(99999999) l.\nx\ty\n.TE\n",
    # 300 column separations of 9999 ens: 24 s and a 9 MB table.
    "huge-separations": (TH + b".TS\nbox;\n" + b"l9999 " * 300 + b"l.\n"
                         + b"x\t" * 300 + b"y\n.TE\n"),
    # A thousand '.sp 99' between the rows of a boxed table: minutes.
    "spaced-boxed-rows": TH + b".TS\nbox;\nl l.\n" + b"a\tb\n.sp 99\n" * 1000 + b".TE\n",
    # Each row of a long vertical span searched up to its start: 35 s.
    "long-vertical-span": (TH + b".TS\nl l\n^ l.\nT{\nblock\nT}\tb\n"
                           + b"\\^\tb\n" * 20000 + b".TE\n"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_TABLES))
def test_hostile_tables(name):
    assert guarded(_render_size, HOSTILE_TABLES[name]) < 2_000_000


def test_table_space_is_clamped_not_dropped():
    # '.sp 999...9' in a table overflowed and the whole table lost its
    # layout; now it gives MAX_LINES blank lines, as '.sp' does elsewhere.
    from manlint.render.text import render_text
    text = render_text(parse_bytes(TH + b".TS\nl.\nx\n.sp " + b"9" * 400 + b"\ny\n.TE\n", "t.1"))
    lines = text.split("\n")
    x = next(k for k, ln in enumerate(lines) if ln.strip() == "x")
    y = next(k for k, ln in enumerate(lines) if ln.strip() == "y")
    assert y - x - 1 == MAX_LINES
