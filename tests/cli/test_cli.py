"""The command line: subcommands, formats, exit statuses, one-line errors, fixes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT, SRC

PAGE = """.TH FROB 2 2024-01-01 "Linux" "Linux Programmer's Manual"
.SH NAME
frob \\- frobnicate
.SH DESCRIPTION
The call fails with
.B EEXIST.
It replaces a pre-existing mapping.
"""


def run(*args, cwd=None, input_text=None):
    env = dict(os.environ, PYTHONPATH=SRC, NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "manlint", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, input=input_text, timeout=120)


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "frob.2"
    path.write_text(PAGE)
    return path


def test_version_and_help():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("manlint ")
    r = run("--help")
    assert r.returncode == 0
    for sub in ("tree", "render", "lint", "rules", "diff", "check-patch", "html"):
        assert sub in r.stdout


def test_usage_error_is_one_line_exit_2():
    r = run("lint")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = run("frobnicate")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_missing_file_one_line_error(tmp_path):
    for cmd in ("tree", "render", "lint"):
        r = run(cmd, str(tmp_path / "nope.1"))
        assert r.returncode == 2, cmd
        assert r.stderr.strip().count("\n") == 0 and "nope.1" in r.stderr, r.stderr


def test_tree_prints_positions():
    r = run("tree", os.path.join(EXAMPLES, "frobmap.2"))
    assert r.returncode == 0
    assert "Title(.TH) 'FROBMAP' '2'" in r.stdout
    assert "Section(.SH) 'ERRORS'" in r.stdout


def test_render_text_to_file(tmp_path):
    out = tmp_path / "out.txt"
    r = run("render", "--to", "text", "--width", "60", "-o", str(out), os.path.join(EXAMPLES, "frobmap.2"))
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert "\x1b" not in text and "FROBMAP(2)" in text
    assert max(len(line) for line in text.splitlines()) <= 60


def test_lint_text_output_and_exit_status(page):
    r = run("lint", "--no-cache", str(page))
    assert r.returncode == 1
    first = r.stdout.splitlines()[0]
    assert first.startswith(f"{page}:6:10: warning: ") and "[MP010 punctuation-in-font-argument]" in first
    assert "^" in r.stdout  # the caret under the source line


def test_lint_text_without_source_lines(page):
    full = run("lint", "--no-cache", str(page)).stdout.splitlines()
    bare = run("lint", "--no-cache", "--no-source", str(page)).stdout.splitlines()
    # One line a finding: the same findings, without the source line and caret.
    assert bare == [line for line in full if line.startswith(str(page))]
    assert len(bare) >= 2 and not any("^" in line for line in bare)


def test_lint_clean_page_exits_0():
    r = run("lint", "--no-cache", os.path.join(EXAMPLES, "frobmap.2"))
    assert r.returncode == 0, r.stdout


def test_lint_json(page):
    r = run("lint", "--no-cache", "--format", "json", str(page))
    data = json.loads(r.stdout)
    rules = {d["rule"] for d in data["diagnostics"]}
    assert {"MP010", "PR003"} <= rules
    d = next(d for d in data["diagnostics"] if d["rule"] == "MP010")
    assert set(d) >= {"path", "line", "column", "end_line", "end_column", "rule", "name", "severity",
                      "message", "fix"}
    assert d["fix"]["edits"][0]["content"] == ".BR EEXIST ."


def test_lint_sarif_and_github(page):
    sarif = json.loads(run("lint", "--no-cache", "--format", "sarif", str(page)).stdout)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert results and results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    gh = run("lint", "--no-cache", "--format", "github", str(page)).stdout.splitlines()
    assert gh and gh[0].startswith("::warning file=") and ",line=" in gh[0]


def test_fail_on_and_select(page):
    assert run("lint", "--no-cache", "--fail-on", "error", str(page)).returncode == 0
    r = run("lint", "--no-cache", "--select", "PR003", "--format", "json", str(page))
    assert {d["rule"] for d in json.loads(r.stdout)["diagnostics"]} == {"PR003"}
    r = run("lint", "--no-cache", "--select", "NOPE", str(page))
    assert r.returncode == 2 and "unknown rule selector" in r.stderr


def test_diff_writes_nothing_and_fix_writes_atomically(page):
    before = page.read_bytes()
    os.chmod(page, 0o640)
    r = run("lint", "--no-cache", "--diff", str(page))
    assert "+.BR EEXIST ." in r.stdout and "+It replaces a preexisting mapping." in r.stdout
    assert page.read_bytes() == before
    r = run("lint", "--no-cache", "--fix", str(page))
    text = page.read_text()
    assert ".BR EEXIST .\n" in text and "preexisting" in text
    assert stat.S_IMODE(os.stat(page).st_mode) == 0o640
    assert not [p for p in os.listdir(page.parent) if p.startswith(".manlint-")]


def test_suppressions_and_unused(tmp_path):
    path = tmp_path / "frob.2"
    path.write_text(PAGE.replace(".B EEXIST.", '.\\" manlint: ignore[MP010]\n.B EEXIST.')
                    + '.\\" manlint: ignore[doubled-word]\nplain text.\n')
    data = json.loads(run("lint", "--no-cache", "--format", "json", str(path)).stdout)["diagnostics"]
    rules = [d["rule"] for d in data]
    assert "MP010" not in rules and "ML001" in rules


def test_config_in_pyproject(tmp_path, page):
    (tmp_path / "pyproject.toml").write_text('[tool.manlint]\nignore = ["PR"]\n')
    data = json.loads(run("lint", "--no-cache", "--format", "json", str(page)).stdout)["diagnostics"]
    assert not [d for d in data if d["rule"].startswith("PR")]
    (tmp_path / "pyproject.toml").write_text('[tool.manlint]\nbogus = 1\n')
    r = run("lint", "--no-cache", str(page))
    assert r.returncode == 2 and "unknown key" in r.stderr


def test_rules_listing_and_doc():
    r = run("rules")
    assert "MP010  punctuation-in-font-argument" in r.stdout
    r = run("rules", "MP010")
    assert "Example:" in r.stdout and ".B EEXIST." in r.stdout
    assert run("rules", "ZZ999").returncode == 2


def test_cache_gives_same_results(tmp_path, page):
    cache = tmp_path / "cache"
    first = run("lint", "--cache-dir", str(cache), "--format", "json", str(page)).stdout
    second = run("lint", "--cache-dir", str(cache), "--format", "json", str(page)).stdout
    assert first == second and os.listdir(cache)
