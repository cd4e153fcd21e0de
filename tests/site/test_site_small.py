"""``manlint html`` on a small tree made here: links, aliases, options, errors, rebuilds."""

from __future__ import annotations

import json
import os

import pytest

from manlint.cli import main
from manlint.site import build_site
from manlint.site.discover import so_target
from manlint.site.links import Entry, Resolver, alias_target_id, relative_href
from manlint.site.page import rewrite_xrefs, XrefStats
from sitebuild import scan

FROB = r""".TH FROB 2 2024-01-01 "Linux" "Linux Programmer's Manual"
.SH NAME
frob, unfrob \- frobnicate a mapping
.SH SYNOPSIS
.nf
.B #include <frob.h>
.PP
.BI "int frob(void *" addr ", size_t " length );
.fi
.SH DESCRIPTION
.BR frob ()
frobnicates; see also
.BR other (3),
.BR unfrob (2),
.BR gone (7),
and
.BR frob (2).
.TP
.B FROB_FAST
Go fast.
.TP
.B FROB_SAFE
Be safe.
.SS The details
Nothing <here> & "there".
.SH ERRORS
.TP
.B EINVAL
Bad
.IR addr .
.SH SEE ALSO
.BR other (3)
"""

OTHER = r""".TH OTHER 3 2024-01-01 "Linux" "Linux Programmer's Manual"
.SH NAME
other \- another page
.SH DESCRIPTION
Back to
.BR frob (2).
"""


def make_tree(root) -> str:
    tree = os.path.join(str(root), "tree")
    os.makedirs(os.path.join(tree, "man2"))
    os.makedirs(os.path.join(tree, "man3"))
    files = {
        "man2/frob.2": FROB,
        "man3/other.3": OTHER,
        "man2/unfrob.2": '.so man2/frob.2\n.\\" a link page\n',
        "man3/frob.3": ".so man2/unfrob.2\n",          # a chain
        "man3/dangling.3": ".so man3/nothere.3\n",
        "man3/loop1.3": ".so man3/loop2.3\n",
        "man3/loop2.3": ".so man3/loop1.3\n",
        "man3/README": "not a page\n",
    }
    for rel, text in files.items():
        with open(os.path.join(tree, rel), "w", encoding="utf-8") as fh:
            fh.write(text)
    return tree


@pytest.fixture
def tree(tmp_path):
    return make_tree(tmp_path)


def read(path) -> str:
    with open(path, encoding="utf-8") as fh:
        return fh.read()


# ---- pieces -------------------------------------------------------------------------

def test_link_pages_are_recognised_from_their_bytes():
    assert so_target(b".so man2/mmap.2\n") == "man2/mmap.2"
    assert so_target(b'.so man3/getcwd.3\n.\\" Because getcwd(3) is layered\n') == "man3/getcwd.3"
    assert so_target(b'.\\" comment first\n\n.so man7/x.7\n') == "man7/x.7"
    assert so_target(b".so a.3\n.so b.3\n") is None
    assert so_target(b".TH X 1\n.so man7/x.7\n") is None
    assert so_target(b"Some text\n") is None


def test_alias_targets_and_chains():
    assert alias_target_id("man3/x.3", "man2/y.2") == "man2/y.2"
    assert alias_target_id("man3/x.3", "y.3") == "man3/y.3"
    assert alias_target_id("man3/x.3", "man2/y.2.gz") == "man2/y.2"
    r = Resolver([Entry("man2/a.2", "a(2)", None, "man2/a.2.html"),
                  Entry("man2/b.2", "b(2)", "man2/a.2", "man2/b.2.html"),
                  Entry("man3/c.3", "c(3)", "man2/b.2", "man3/c.3.html"),
                  Entry("man3/d.3", "d(3)", "man3/e.3", "man3/d.3.html"),
                  Entry("man3/e.3", "e(3)", "man3/d.3", "man3/e.3.html")])
    assert r.resolve_key("c(3)") == "man2/a.2.html"
    assert r.resolve_key("d(3)") is None              # a loop leads nowhere
    assert r.resolve_key("z(1)") is None
    assert relative_href("man3/c.3.html", "man2/a.2.html") == "../man2/a.2.html"
    assert relative_href("man3/c.3.html", "man2/a+b.2.html") == "../man2/a+b.2.html"


def test_xref_rewriting_escapes_and_marks():
    html = ('<p><a class="manref reference external" href="manlint-xref:2/frob">'
            '<strong>frob</strong>(2)</a> <a class="manref reference external" '
            'href="manlint-xref:3/a%22b%3C">x</a></p>')
    stats = XrefStats()
    out = rewrite_xrefs(html, "man2/x.2.html", {"frob(2)": "man2/frob.2.html"}, None, stats)
    assert '<a class="manref" href="../man2/frob.2.html"><strong>frob</strong>(2)</a>' in out
    assert '<span class="manref xref-missing" title="a&quot;b&lt;(3) is not part of this collection">x</span>' in out
    assert (stats.links, stats.unresolved, stats.deps) == (1, 1, {"frob(2)", 'a"b<(3)'})
    stats = XrefStats()
    out = rewrite_xrefs(html, "man2/x.2.html", {}, "https://example.org/{section}/{name}", stats)
    assert 'href="https://example.org/3/a%22b%3C" rel="external"' in out
    assert stats.external == 2 and stats.unresolved == 0


# ---- a small site -------------------------------------------------------------------

def test_small_site(tree, tmp_path):
    out = str(tmp_path / "out")
    s = build_site([tree], out, jobs=1)
    assert (s.pages, s.aliases, s.dangling) == (2, 5, 3)
    assert s.rendered == 2 and s.aliases_written == 5 and not s.errors
    frob = read(os.path.join(out, "man2", "frob.2.html"))
    page = scan(os.path.join(out, "man2", "frob.2.html"))
    links = {text: href for href, text in page.links}
    assert links["other(3)"] == "../man3/other.3.html"
    assert links["unfrob(2)"] == "../man2/frob.2.html"         # an alias: straight to its target
    assert links["frob(2)"] == "../man2/frob.2.html"
    assert page.missing == ["gone(7)"]
    assert (s.links, s.unresolved) == (5, 1)                    # other(3) twice, unfrob, frob, frob from other
    assert page.title.startswith("frob(2) \u2014 frobnicate a mapping")
    for anchor in ("FROB_FAST", "FROB_SAFE", "EINVAL", "The_details", "SEE_ALSO"):
        assert f'href="#{anchor}"' in frob and anchor in page.ids
    assert "Nothing &lt;here&gt; &amp; &quot;there&quot;." in frob or "Nothing &lt;here&gt; &amp; \"there\"." in frob
    assert '<meta charset="utf-8">' in frob and 'href="../_static/site.css"' in frob
    # aliases
    chain = read(os.path.join(out, "man3", "frob.3.html"))
    assert "url=../man2/frob.2.html" in chain
    dangling = read(os.path.join(out, "man3", "dangling.3.html"))
    assert "http-equiv" not in dangling and "not part of this collection" in dangling
    assert "http-equiv" not in read(os.path.join(out, "man3", "loop1.3.html"))
    # indexes and search
    data = json.loads(read(os.path.join(out, "search-index.json")))
    rows = {(r[0], r[1]): r for r in data["pages"]}
    assert rows[("frob", "2")][3] == "frobnicate a mapping"
    assert rows[("frob", "2")][4] == "unfrob"
    assert rows[("unfrob", "2")][5] == "frob(2)"
    assert ("dangling", "3") not in rows
    assert "frobnicate a mapping" in read(os.path.join(out, "man2", "index.html"))
    assert not os.path.exists(os.path.join(out, "man3", "README.html"))


def test_small_site_is_valid_html5(tree, tmp_path):
    html5lib = pytest.importorskip("html5lib", reason="html5lib is not installed (pip install html5lib)")
    out = str(tmp_path / "out")
    build_site([tree], out, jobs=1, external_url="https://man.example/{section}/{name}")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for dirpath, _d, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                parser.parse(read(os.path.join(dirpath, f)))


def test_external_url_pattern(tree, tmp_path):
    out = str(tmp_path / "out")
    s = build_site([tree], out, jobs=1, external_url="https://man.example/man{section}/{name}.{section}")
    assert (s.external, s.unresolved) == (1, 0)
    page = scan(os.path.join(out, "man2", "frob.2.html"))
    assert ("https://man.example/man7/gone.7", "gone(7)") in page.links
    # changing the option rebuilds everything
    s = build_site([tree], out, jobs=1)
    assert s.full and s.rendered == 2 and s.unresolved == 1


def test_incremental_and_force(tree, tmp_path):
    out = str(tmp_path / "out")
    build_site([tree], out, jobs=1)
    s = build_site([tree], out, jobs=1)
    assert (s.rendered, s.aliases_written, s.full) == (0, 0, False)
    s = build_site([tree], out, jobs=1, force=True)
    assert (s.rendered, s.aliases_written, s.full) == (2, 5, True)
    # a deleted output is written again
    os.unlink(os.path.join(out, "man3", "other.3.html"))
    s = build_site([tree], out, jobs=1)
    assert s.rebuilt_ids == ["man3/other.3"]
    # a new page that a reference was waiting for
    with open(os.path.join(tree, "man3", "nothere.3"), "w", encoding="utf-8") as fh:
        fh.write(".TH NOTHERE 3\n.SH NAME\nnothere \\- now here\n")
    s = build_site([tree], out, jobs=1)
    assert sorted(s.rebuilt_ids) == ["man3/dangling.3", "man3/nothere.3"]
    assert "url=../man3/nothere.3.html" in read(os.path.join(out, "man3", "dangling.3.html"))
    # the tool version is in the manifest
    data = json.loads(read(os.path.join(out, ".manlint-site.json")))
    from manlint import __version__
    assert data["tool"]["version"] == __version__
    assert data["pages"]["man2/unfrob.2"]["so"] == "man2/frob.2"
    assert "gone(7)" in data["pages"]["man2/frob.2"]["deps"]


def test_parallel_build_matches_serial(tmp_path):
    tree = os.path.join(str(tmp_path), "tree")
    os.makedirs(os.path.join(tree, "man2"))
    for i in range(6):
        with open(os.path.join(tree, "man2", f"p{i}.2"), "w", encoding="utf-8") as fh:
            fh.write(f".TH P{i} 2\n.SH NAME\np{i} \\- page {i}\n.SH SEE ALSO\n.BR p{(i + 1) % 6} (2)\n")
    a = build_site([tree], str(tmp_path / "a"), jobs=1)
    b = build_site([tree], str(tmp_path / "b"), jobs=2)
    assert (a.rendered, a.links) == (b.rendered, b.links) == (6, 6)
    for i in range(6):
        assert read(os.path.join(str(tmp_path / "a"), "man2", f"p{i}.2.html")) == \
            read(os.path.join(str(tmp_path / "b"), "man2", f"p{i}.2.html"))


# ---- the command line ---------------------------------------------------------------

def test_cli(tree, tmp_path, capsys):
    out = str(tmp_path / "site")
    assert main(["html", tree, "-o", out, "--jobs", "1", "--quiet"]) == 0
    captured = capsys.readouterr()
    line = captured.out.strip()
    assert line.startswith("manlint html: 2 pages (2 rendered), 5 aliases (5 written), 5 links, "
                           "1 unresolved references, 3 dangling aliases")
    assert line.endswith(f" s -> {out}")
    assert captured.err == ""          # not a tty: no progress bar


@pytest.mark.parametrize("args, message", [
    (["html", "/nonexistent/tree", "-o", "X"], "no such directory"),
    (["html", "TREE", "-o", "X", "--external-url", "https://x/{nam}"], "unknown field {nam}"),
    (["html", "TREE", "-o", "X", "--external-url", "https://x/{section}"], "must contain {name}"),
    (["html", "TREE", "-o", "X", "--external-url", "javascript:alert({name})"], "expected an http(s) URL"),
    (["html", "TREE", "-o", "X", "--jobs", "-1"], "--jobs must be 1 or more"),
    (["html", "TREE"], "required: -o/--output"),
    (["html", "EMPTY", "-o", "X"], "no manual pages found"),
])
def test_cli_errors(tree, tmp_path, capsys, args, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [str(empty) if a == "EMPTY" else tree if a == "TREE" else
            str(tmp_path / "x") if a == "X" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_loose_pages_are_filed_by_section(tmp_path):
    """A directory without manN/ (the project's manpages/) is searched for name.N files."""
    src = tmp_path / "pages"
    (src / "examples").mkdir(parents=True)
    (src / "tool.1").write_text(".TH TOOL 1\n.SH NAME\ntool \\- a tool\n.SH SEE ALSO\n.BR frob (2)\n")
    (src / "examples" / "frob.2").write_text(FROB)
    (src / "examples" / "0001-frob.2-fix.patch").write_text("From: x\n")
    (src / "notes.1").write_text("plain text, not roff\n")
    out = str(tmp_path / "out")
    s = build_site([str(src)], out, jobs=1)
    assert s.pages == 2 and not s.errors
    assert ("../man2/frob.2.html", "frob(2)") in scan(os.path.join(out, "man1", "tool.1.html")).links


def test_project_manpages_build(tmp_path):
    """The project's own manpages/ directory, as ``make html`` builds it."""
    from conftest import ROOT
    s = build_site([os.path.join(ROOT, "manpages")], str(tmp_path / "out"), jobs=1)
    assert s.pages >= 1 and not s.errors
    text = read(os.path.join(str(tmp_path / "out"), "man2", "frobmap.2.html"))
    assert '<a class="permalink"' in text


def test_progress_bar_only_on_a_terminal(tree, tmp_path):
    """Under a pseudo-terminal (script(1)) the bar is drawn on stderr; --quiet draws none."""
    import shutil
    import subprocess
    import sys
    from conftest import SRC
    if shutil.which("script") is None:
        pytest.skip("script(1) is not installed (bsdutils)")
    env = dict(os.environ, PYTHONPATH=SRC)

    def run(*extra):
        cmd = " ".join([sys.executable, "-m", "manlint", "html", tree, "-o", str(tmp_path / "o"),
                        "--jobs", "1", "--force", *extra])
        return subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True,
                              env=env, timeout=300, stdin=subprocess.DEVNULL).stdout.decode()
    out = run()
    assert "rendering [" in out and "\r\x1b[K" in out and "7/7 100%" in out
    assert "manlint html: 2 pages" in out
    out = run("--quiet")
    assert "rendering [" not in out and "manlint html: 2 pages" in out


def test_included_file_change_rebuilds_the_includer(tmp_path):
    tree = tmp_path / "tree"
    (tree / "man7").mkdir(parents=True)
    (tree / "shared").mkdir()
    (tree / "man7" / "inc.7").write_text(".TH INC 7\n.SH NAME\ninc \\- includes\n.SH DESCRIPTION\n"
                                        ".so shared/frag.roff\n")
    (tree / "shared" / "frag.roff").write_text("Included text.\n")
    out = str(tmp_path / "out")
    build_site([str(tree)], out, jobs=1)
    assert "Included text." in read(os.path.join(out, "man7", "inc.7.html"))
    assert build_site([str(tree)], out, jobs=1).rendered == 0
    (tree / "shared" / "frag.roff").write_text("Changed text.\n")
    s = build_site([str(tree)], out, jobs=1)
    assert s.rebuilt_ids == ["man7/inc.7"]
    assert "Changed text." in read(os.path.join(out, "man7", "inc.7.html"))
