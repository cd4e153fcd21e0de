"""Layout tests: compare layout_table() with groff 1.22.4's own output."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from manlint.roff.tbl import parse_table
from manlint.render.tbl_text import display_width, layout_table

GROFF = shutil.which("groff")
CORPUS = "/work/shared/corpus/man-pages-5.13"
GROFF_ARGS = ["groff", "-k", "-Kutf-8", "-t", "-mandoc", "-mtty-char",
              "-Tutf8", "-rcR=1", "-rLL=78n", "-rLT=78n", "-P-cbou"]
needs_groff = pytest.mark.skipif(GROFF is None, reason="groff is not installed")


def run_groff(source: str) -> list:
    out = subprocess.run(GROFF_ARGS, input=source.encode(), capture_output=True,
                         timeout=60).stdout.decode("utf-8", "replace")
    return out.split("\n")


# ------------------------------------------------------ simple callbacks

_FONT = re.compile(r"\\f(?:\(..|\[[^]]*\]|.)")


def simple_text(raw: str) -> str:
    s = _FONT.sub("", raw)
    s = s.replace("\\&", "").replace("\\-", "-").replace("\\e", "\\")
    return s.replace("\\ ", " ")


def simple_cell_text(cell) -> str:
    return simple_text(cell.text)


def simple_fill(cell, width: int) -> list:
    words = simple_text(" ".join(
        ln for ln in cell.text.split("\n") if not ln.startswith("."))).split()
    lines, cur = [], ""
    for word in words:
        if cur and display_width(cur) + 1 + display_width(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines


# ------------------------------------------- groff-backed callbacks (corpus)

MARK = "\u2042"


class GroffCells:
    """cell_text / fill_block that let groff render the cell contents, so
    that the comparison measures the table layout alone."""

    def __init__(self):
        self.texts: dict = {}
        self.blocks: dict = {}
        self.history: list = []

    def prime(self, table):
        todo = sorted({c.text for r in table.rows for c in getattr(r, "cells", [])
                       if not c.is_block} - set(self.texts))
        if todo:
            body = "".join(f"\\&{t}\\fR{MARK}\n" for t in todo)
            out = run_groff(".TH X 7\n.SH A\n.nf\n.in 0\n" + body)
            got = [ln for ln in out if ln.endswith(MARK)]
            if len(got) == len(todo):
                for t, ln in zip(todo, got):
                    self.texts[t] = ln[:-1]

    def cell_text(self, cell) -> str:
        if cell.text not in self.texts:
            out = run_groff(f".TH X 7\n.SH A\n.nf\n.in 0\n\\&{cell.text}"
                            f"\\fR{MARK}\n")
            got = [ln for ln in out if ln.endswith(MARK)]
            self.texts[cell.text] = got[0][:-1] if got else ""
        return self.texts[cell.text]

    def fill_block(self, cell, width: int) -> list:
        # tbl formats all the text blocks of a table one after the other in
        # the same environment, and troff alternates the side that gets the
        # extra space of adjusted lines: format the earlier blocks too.
        self.history.append((cell.text, width))
        key = tuple(self.history)
        if key not in self.blocks:
            src = [".TH X 7\n.SH A\n"]
            for k, (text, wd) in enumerate(self.history):
                src.append(f".nf\nSTART{k}{MARK}\n.fi\n.in 0\n.ll {wd}n\n{text}\n.br\n")
            src.append(f".nf\n.ll 78n\nEND{MARK}\n")
            out = run_groff("".join(src))
            last = len(self.history) - 1
            try:
                a = next(i for i, ln in enumerate(out)
                         if ln.strip() == f"START{last}{MARK}")
                b = out.index(f"END{MARK}", a)
            except (StopIteration, ValueError):
                a, b = 0, 0
            self.blocks[key] = [ln.rstrip() for ln in out[a + 1:b]]
        return self.blocks[key]


# ------------------------------------------------------------- helpers

def groff_table(table_src: str, *, lead: str = "START\n", prelude: str = ""):
    """Render a table in a tiny man page; return the lines after the lead
    line (or after the heading when lead is empty), trailing blanks cut."""
    page = f".TH X 7\n.SH A\n{prelude}{lead}.TS\n{table_src}.TE\n"
    out = run_groff(page)
    start = next(i for i, ln in enumerate(out) if ln.startswith("A")) + 1
    if lead:
        start += 1
    # the page footer is the last non-empty line
    end = max(i for i, ln in enumerate(out) if ln.strip())
    body = out[start:end]
    while body and not body[-1].strip():
        body.pop()
    return [ln.rstrip() for ln in body]


def our_table(table_src: str, cell_text=simple_cell_text, fill=simple_fill,
              space_before=True):
    lines = [(i + 1, t) for i, t in enumerate(table_src.split("\n")[:-1])]
    table = parse_table(lines)
    out = layout_table(table, cell_text, fill, 78, 7, space_before=space_before)
    while out and not out[-1].strip():
        out.pop()
    return out


# ------------------------------------------------------------ crafted tables

CRAFTED = {
    "plain": "l l.\na\tb\nccc\td\n",
    "tab-option": "tab(:);\nl r c.\nalpha:beta:gamma\nx:yy:z\n",
    "box": "box;\nl l.\nname\tvalue\nfoo\t1\n",
    "allbox-blocks": ("allbox;\nlb lb lbx\nl l l.\nInterface\tAttribute\tValue\n"
                      "T{\nfoo(),\nbar()\nT}\tThread safety\tT{\nMT-Safe locale\nT}\n"),
    "center": "center;\nc c.\nleft\tright\nx\tlonger text\n",
    "expand-box": "expand box;\nl l l.\na\tb\tc\n",
    "gaps": "l5 l0 l1 l.\na\tb\tc\td\n",
    "numeric": "l n.\nA\t1.5\nB\t22\nC\t333.25\nD\tabc\nE\t-7\nF\t12\\&34\n",
    "spans": "box;\nc s s\nl l l\nl ^ l.\nA spanning heading\na\tb\tc\nd\t\tf\n",
    "rules": "l | l.\n_\na\tb\n=\nc\td\n_\n",
    "cell-rules": "l l l.\nabc\tdef\tghi\n_\t\\_\t=\nx\ty\tz\n",
    "sp-request": "box;\nl l.\na\tb\n.sp\nc\td\n",
    "doublebox": "doublebox;\nl l.\na\tb\n=\nc\td\n",
    "vbars": "box;\nl || l | l.\none\ttwo\tthree\n",
    "block-4cols": ("l l l l.\nT{\naaaa bbbb cccc dddd eeee ffff gggg\nT}\t"
                   "b\tc\td\n"),
    "width-and-section": ("lw(1i) l.\nshort\tT{\nsome text in a block that is "
                          "long enough to wrap around\nT}\n.T&\nc s.\ncentred\n"),
    "allbox-vspan": ("allbox;\nl l l\nl ^ l\nl s l.\na\tb\tc\nd\t\tf\nspan\tg\n"),
    "wide-chars": "box;\nl l.\n\u4e2d\u6587\tx\nab\tyy\n",
}


@needs_groff
@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_matches_groff(name):
    src = CRAFTED[name]
    expected = groff_table(src, prelude=".na\n.nh\n")
    got = our_table(src)
    assert got == expected, "\n" + "\n".join(expected) + "\n---\n" + "\n".join(got)


@needs_groff
def test_no_lead_line():
    src = CRAFTED["allbox-blocks"]
    assert our_table(src, space_before=False) == \
        groff_table(src, lead="", prelude=".na\n.nh\n")


def test_layout_without_groff():
    table = parse_table([(1, "box;"), (2, "l l."), (3, "a\tb")])
    out = layout_table(table, simple_cell_text, simple_fill)
    assert out == ["", "       ┌──────┐", "       │a   b │", "       └──────┘"]


def test_layout_bad_input_does_not_raise():
    for src in ["", "l l.\n", "xyz;\nq q\na\tb\tc\n", "l.\nT{\nopen\n",
                "allbox;\nl s.\n\\^\ta\n", "l ^.\na\tb\n"]:
        lines = [(i + 1, t) for i, t in enumerate(src.split("\n"))]
        table = parse_table(lines)
        layout_table(table, simple_cell_text, simple_fill)


# --------------------------------------------------------------- corpus

def corpus_tables():
    found = []
    for root, _dirs, files in os.walk(CORPUS):
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                text = open(path, encoding="utf-8").read()
            except (UnicodeDecodeError, OSError):
                continue
            lines = text.split("\n")
            i = 0
            while i < len(lines):
                if lines[i].startswith(".TS"):
                    j = i + 1
                    while j < len(lines) and not lines[j].startswith(".TE"):
                        j += 1
                    body = [ln for ln in lines[i + 1:j]
                            if not ln.startswith('.\\"') and not ln.startswith("'\\\"")]
                    if not any("\\*" in ln for ln in body):
                        found.append((f"{path[len(CORPUS) + 1:]}:{i + 1}",
                                      "\n".join(body) + "\n"))
                    i = j
                i += 1
    return sorted(found)


def compare_corpus_table(item):
    where, src = item
    cells = GroffCells()
    lines = [(k + 1, t) for k, t in enumerate(src.split("\n")[:-1])]
    table = parse_table(lines)
    cells.prime(table)
    expected = groff_table(src, lead="")
    try:
        # after the page header (line 0, 3 blank lines) and the heading
        got = layout_table(table, cells.cell_text, cells.fill_block, 78, 7,
                           space_before=False, page_line=5)
    except Exception as exc:  # pragma: no cover - reported as mismatch
        got = [f"EXCEPTION {exc!r}"]
    while got and not got[-1].strip():
        got.pop()
    return where, expected, got


def corpus_results():
    items = corpus_tables()
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(compare_corpus_table, items))


@needs_groff
@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="man-pages corpus absent")
def test_corpus_tables_match_groff():
    results = corpus_results()
    bad = [r for r in results if r[1] != r[2]]
    for where, expected, got in bad:
        print(f"=== MISMATCH {where}")
        print("\n".join(expected))
        print("--- ours")
        print("\n".join(got))
    rate = 1 - len(bad) / len(results)
    print(f"corpus: {len(results) - len(bad)}/{len(results)} tables match "
          f"({rate:.1%})")
    assert len(results) > 100
    assert rate >= 0.90
