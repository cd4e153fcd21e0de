"""The 2018 MAP_FIXED_NOREPLACE series on mmap.2, replayed patch by patch.

The maintainers' own follow-up patches (ffix, srcfix, tfix) fixed slips in
the first patch's text.  manlint should have pointed at those lines before
each fix, stop pointing at them after it, and its --fix should write what
the maintainer wrote.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess

import pytest

from manlint.lint.checker import Checker
from manlint.lint.engine import lint_path
from manlint.lint.registry import Selection
from manlint.man import parse_text

SHARED = "/work/shared"
PATCHES = os.path.join(SHARED, "patches", "map-fixed-noreplace-2018")
BASE = os.path.join(SHARED, "corpus", "mmap.2-2018-02-24")

pytestmark = pytest.mark.skipif(
    not (os.path.isdir(PATCHES) and os.path.isdir(BASE) and shutil.which("patch")),
    reason="needs /work/shared (the mmap.2 series and its base tree) and patch(1)")


def _patches() -> list[str]:
    return sorted(f for f in os.listdir(PATCHES) if f.endswith(".patch"))


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, str]:
    """The text of man2/mmap.2 before each patch ("0001" ...) and at the end ("end")."""
    work = tmp_path_factory.mktemp("mmap")
    shutil.copytree(BASE, work / "tree")
    page = work / "tree" / "man2" / "mmap.2"
    texts: dict[str, str] = {}
    for name in _patches():
        texts[name[:4]] = page.read_text(encoding="utf-8")
        subprocess.run(["patch", "-s", "-p1", "-i", os.path.join(PATCHES, name)],
                       cwd=work / "tree", check=True)
    texts["end"] = page.read_text(encoding="utf-8")
    return texts


def _removed_lines(patch_name: str) -> set[int]:
    """Line numbers, in the text before the patch, of the lines it changes."""
    lines: set[int] = set()
    cur = None
    with open(os.path.join(PATCHES, patch_name), encoding="utf-8") as fh:
        for line in fh:
            m = re.match(r"@@ -(\d+)", line)
            if m:
                cur = int(m.group(1))
            elif cur is None or line.startswith(("--- ", "+++ ")):
                continue
            elif line.startswith("-"):
                lines.add(cur)
                cur += 1
            elif line.startswith(" "):
                cur += 1
            elif line.startswith(("diff ", "-- ")):
                cur = None
    return lines


def _lint(text: str):
    return Checker(Selection()).check(parse_text(text, "man2/mmap.2"))


@pytest.mark.parametrize("number", ["0002", "0003", "0004", "0006", "0012", "0016"])
def test_patch_fixes_what_manlint_reported(versions, number):
    names = _patches()
    name = next(n for n in names if n.startswith(number))
    following = names.index(name) + 1
    after_key = names[following][:4] if following < len(names) else "end"
    before, after = _lint(versions[number]), _lint(versions[after_key])
    changed = _removed_lines(name)
    count_before = collections.Counter(d.code for d in before)
    count_after = collections.Counter(d.code for d in after)
    on_changed = [d for d in before if d.line in changed]
    assert on_changed, f"nothing reported on the lines {name} changes"
    resolved = [d for d in on_changed if count_after[d.code] < count_before[d.code]]
    assert resolved, f"{name}: the findings on its lines survive it: {on_changed}"


def test_fix_writes_what_the_maintainer_wrote(versions, tmp_path):
    page = tmp_path / "man2" / "mmap.2"
    page.parent.mkdir()
    page.write_text(versions["0002"], encoding="utf-8")   # the page after 0001
    result = lint_path(str(page), Checker(Selection()), fix=True)
    assert not result.error and result.fixed
    fixed = page.read_text(encoding="utf-8").split("\n")
    # 0002 (ffix): the constants on lines of their own, the argument on one line.
    assert fixed.count(".B MAP_FIXED_NOREPLACE") >= 3
    assert ".BR MAP_FIXED ." in fixed
    assert "Similar to" in fixed and ".B MAP_FIXED" in fixed
    assert ".I addr" in fixed and ".I" not in fixed
    assert ".BR EEXIST ." in fixed and ".B EEXIST." not in fixed
    # 0003 (srcfix): every sentence of the new text starts a source line.
    for sentence in ("If the requested range would collide", "Please note that older kernels",
                     "Therefore, backward-compatible software"):
        assert any(line.startswith(sentence) for line in fixed), sentence
    # 0004 (tfix)
    assert not any("pre-existing" in line for line in fixed)
    # and the fixed page no longer has findings with a safe fix
    again = _lint("\n".join(fixed))
    assert not [d for d in again if d.fix is not None and d.fix.safe]
