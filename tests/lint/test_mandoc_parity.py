"""mandoc -T lint and manlint side by side (lint/data/mandoc-parity.toml).

Every mandoc message that man(7) input can raise has a page on which both
programs fire, or a reason why manlint differs; the pages are run through
both here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from manlint.lint.checker import Checker
from manlint.lint.datafiles import mandoc_parity
from manlint.lint.registry import Selection, catalogue
from manlint.man import parse_file

MANDOC = shutil.which("mandoc")
CORPUS = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus", "man-pages-5.13")
TABLE = mandoc_parity()
WITH_PAGE = [e for e in TABLE if "page" in e]


def test_every_message_has_a_page_or_a_reason_and_names_real_rules():
    codes = {d.code for d in catalogue()}
    assert len({e["mandoc"] for e in TABLE}) == len(TABLE), "a message listed twice"
    for e in TABLE:
        assert "page" in e or len(e.get("differs", "")) > 40, e["mandoc"]
        assert set(e["rules"]) <= codes, e["mandoc"]
        assert "page" not in e or e["rules"], f"{e['mandoc']}: a page needs the rules that fire on it"


def _mandoc_lint(path: str) -> str:
    run = subprocess.run([MANDOC, "-T", "lint", "-W", "all", path], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(path)), timeout=30)
    return run.stdout + run.stderr


@pytest.mark.parametrize("entry", WITH_PAGE, ids=[e["mandoc"][:40] for e in WITH_PAGE])
def test_mandoc_and_manlint_both_fire(entry, tmp_path):
    (tmp_path / "man2").mkdir()
    page = tmp_path / "man2" / "frob.2"
    page.write_text(entry["page"], encoding="utf-8")
    found = {d.code for d in Checker(Selection(select=entry["rules"])).check(parse_file(str(page)))}
    assert set(entry["rules"]) <= found, f"manlint gave {sorted(found)}"
    if MANDOC is None:
        pytest.skip("mandoc is not installed: only manlint's side was checked")
    assert entry["mandoc"] in _mandoc_lint(str(page))


@pytest.mark.skipif(MANDOC is None, reason="mandoc is not installed")
@pytest.mark.skipif(not os.path.isdir(CORPUS), reason="../shared/corpus/man-pages-5.13 is absent")
def test_the_table_covers_what_mandoc_says_about_man_pages_5_13():
    pages = []
    for section in sorted(os.listdir(CORPUS)):
        folder = os.path.join(CORPUS, section)
        for name in sorted(os.listdir(folder)) if section.startswith("man") else ():
            with open(os.path.join(folder, name), "rb") as fh:
                if not re.search(rb"^\.Dd", fh.read(4000), re.M):  # mdoc(7) pages are mandoc's alone
                    pages.append(os.path.join(folder, name))
    run = subprocess.run([MANDOC, "-T", "lint", "-W", "all", *pages], capture_output=True, text=True,
                         cwd=CORPUS, timeout=300)
    said = {m.group(1) for m in re.finditer(r"^mandoc: .*?: (?:STYLE|WARNING|ERROR|UNSUPP): ([^:\n]+)",
                                            run.stdout + run.stderr, re.M)}
    # The table lists a message by its fixed text ("missing date, using" for 'missing date, using ""').
    missing = {m for m in said if not any(m.startswith(e["mandoc"]) for e in TABLE)}
    assert said and not missing, f"not in the table: {sorted(missing)}"
