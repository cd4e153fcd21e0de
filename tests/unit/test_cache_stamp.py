"""The lint cache must not serve results computed by other rule code."""

import os

from manlint.lint.cache import code_stamp


def test_stamp_changes_when_a_module_changes(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "rules").mkdir(parents=True)
    rule = pkg / "rules" / "fonts.py"
    rule.write_text("A = 1\n")
    (pkg / "data.txt").write_text("words\n")
    before = code_stamp(str(pkg))
    assert code_stamp(str(pkg)) == before
    rule.write_text("A = 22\n")  # an edited rule: another size
    assert code_stamp(str(pkg)) != before
    edited = code_stamp(str(pkg))
    os.utime(pkg / "data.txt", ns=(1, 1))  # same size, another mtime
    assert code_stamp(str(pkg)) != edited


def test_stamp_ignores_bytecode(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "__pycache__").mkdir(parents=True)
    (pkg / "m.py").write_text("x = 1\n")
    before = code_stamp(str(pkg))
    (pkg / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0" * 10)
    assert code_stamp(str(pkg)) == before
