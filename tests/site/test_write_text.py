"""write_text: in place for a new file of a fresh site, else through a rename."""

from __future__ import annotations

import os
import shutil

from manlint.site import page


def test_fresh_new_file_is_written_in_place(tmp_path, monkeypatch):
    replaced = []
    monkeypatch.setattr(page.os, "replace", lambda *a: replaced.append(a) or os.rename(*a))
    target = tmp_path / "man2" / "a.2.html"
    page.write_text(str(target), "caf\u00e9\n", fresh=True)
    assert target.read_bytes() == "caf\u00e9\n".encode("utf-8") and not replaced
    # An existing file is replaced through a temporary file, fresh or not.
    page.write_text(str(target), "two\n", fresh=True)
    assert target.read_text(encoding="utf-8") == "two\n" and len(replaced) == 1
    page.write_text(str(target), "three\n")
    assert target.read_text(encoding="utf-8") == "three\n" and len(replaced) == 2
    assert sorted(os.listdir(target.parent)) == ["a.2.html"]


def test_a_directory_removed_after_a_write_is_made_again(tmp_path):
    for fresh in (True, False):
        target = tmp_path / f"site{fresh}" / "man3" / "b.3.html"
        page.write_text(str(target), "x", fresh=fresh)
        shutil.rmtree(target.parent.parent)
        page.write_text(str(target), "y", fresh=fresh)
        assert target.read_text(encoding="utf-8") == "y"
