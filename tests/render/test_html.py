"""The docutils bridge: HTML5 (and xml, latex, pseudoxml) from the man(7) tree."""

from __future__ import annotations

import collections
import multiprocessing
import os
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import CORPUS_513, corpus_page
from manlint.man import nodes as N
from manlint.man import parse_file, parse_text

pytest.importorskip("docutils", reason="docutils is not installed")

from manlint.render.docutils_bridge import DoctreeBuilder, render_with_docutils  # noqa: E402

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
SAFE_HREF = re.compile(r"^(https?://|ftp://|mailto:|\.\./man)", re.IGNORECASE)


def html5lib_or_skip():
    return pytest.importorskip(
        "html5lib", reason="html5lib is not installed (pip install html5lib; it is in the test extra)")


def parse_html(text: str):
    """Parse with html5lib in strict mode: the first parse error raises."""
    html5lib = html5lib_or_skip()
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def ids_of(tree) -> list[str]:
    return [el.get("id") for el in tree.iter() if el.get("id") is not None]


# ---- mmap.2 ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def mmap_doc():
    return parse_file(corpus_page("man2/mmap.2"))


@pytest.fixture(scope="module")
def mmap_html(mmap_doc):
    return render_with_docutils(mmap_doc)


@pytest.fixture(scope="module")
def mmap_tree(mmap_html):
    return parse_html(mmap_html)


def test_mmap_is_valid_html5(mmap_html, mmap_tree):
    assert mmap_html.startswith("<!DOCTYPE html>")
    assert mmap_tree.find(".//main") is not None
    assert "<style" in mmap_html            # the stylesheet is embedded
    assert 'rel="stylesheet"' not in mmap_html


def test_mmap_title_header_footer(mmap_tree):
    assert mmap_tree.find(".//title").text == "mmap(2) \u2014 map or unmap files or devices into memory"
    h1 = mmap_tree.find(".//h1")
    assert "".join(h1.itertext()) == "mmap, munmap \u2014 map or unmap files or devices into memory"
    header = "".join(mmap_tree.find(".//header").itertext())
    assert "MMAP(2)" in header and "Linux Programmer's Manual" in header
    footer = "".join(mmap_tree.find(".//footer").itertext())
    assert "2021-03-22" in footer and "Linux" in footer


def test_mmap_entry_ids(mmap_tree):
    ids = ids_of(mmap_tree)
    assert "MAP_FIXED_NOREPLACE" in ids
    assert "EEXIST" in ids
    assert len(ids) == len(set(ids)), [k for k, v in collections.Counter(ids).items() if v > 1]
    assert all(ID_RE.match(i) for i in ids), [i for i in ids if not ID_RE.match(i)]
    # Every tagged entry (flags, errors, signals) has an id on its <dt>.
    dts = [dt for dl in mmap_tree.iter("dl") for dt in dl.findall("dt")]
    assert len(dts) == 44
    assert all(dt.get("id") for dt in dts), ["".join(dt.itertext()) for dt in dts if not dt.get("id")]
    for flag in ("PROT_EXEC", "MAP_SHARED", "MAP_SHARED_VALIDATE", "MAP_PRIVATE", "MAP_ANONYMOUS",
                 "MAP_FIXED", "MAP_HUGE_2MB", "MAP_UNINITIALIZED", "SIGSEGV", "SIGBUS"):
        assert flag in ids, flag
    assert "MAP_HUGE_1GB" in ids        # a second name in a tag gets an anchor too


def test_mmap_every_flag_and_error_has_an_id(mmap_doc, mmap_tree):
    from manlint.man.query import all_entries
    ids = set(ids_of(mmap_tree))
    names = [e.names[0] for e in all_entries(mmap_doc) if e.names]
    assert len(names) == 44
    seen = collections.Counter()
    for name in names:
        seen[name] += 1
        expected = name if seen[name] == 1 else f"{name}-{seen[name]}"
        assert expected in ids, expected
    # Repeated tags are numbered in document order.
    errors = [dt.get("id") for dt in _section(mmap_tree, "ERRORS").iter("dt")]
    assert errors[:7] == ["EACCES", "EAGAIN", "EBADF", "EEXIST", "EINVAL", "EINVAL-2", "EINVAL-3"]
    assert errors.count("ENOMEM") == 1 and "ENOMEM-3" in errors


def _section(tree, sid):
    for sec in tree.iter("section"):
        if sec.get("id") == sid:
            return sec
    raise AssertionError(f"no section {sid}")


def test_mmap_sections_have_ids(mmap_tree):
    sections = list(mmap_tree.iter("section"))
    ids = [s.get("id") for s in sections]
    assert all(ids)
    for sid in ("NAME", "SYNOPSIS", "DESCRIPTION", "RETURN_VALUE", "ERRORS", "CONFORMING_TO",
                "SEE_ALSO", "The_flags_argument", "munmap", "Using_MAP_FIXED_safely",
                "C_library_kernel_differences", "Program_source"):
        assert sid in ids, sid
    h2 = [("".join(s.find("h2").itertext())) for s in sections if s.find("h2") is not None]
    assert h2[:3] == ["NAME", "SYNOPSIS", "DESCRIPTION"]


def test_mmap_cross_references_are_links(mmap_html, mmap_tree):
    hrefs = [a.get("href") for a in mmap_tree.iter("a")]
    assert "../man2/msync.2.html" in hrefs
    assert "../man7/shm_overview.7.html" in hrefs
    assert "http://www.linux-pam.org" in hrefs
    # docutils versions order the classes differently; the classes are what matter.
    link = re.search(r'<a class="([^"]*)" href="\.\./man2/msync\.2\.html"><strong>msync</strong>\(2\)</a>',
                     mmap_html)
    assert link and {"manref", "reference", "external"} <= set(link.group(1).split())
    see_also = _section(mmap_tree, "SEE_ALSO")
    assert len(list(see_also.iter("a"))) == 16


def test_mmap_code_blocks(mmap_tree):
    pres = list(mmap_tree.iter("pre"))
    classes = [p.get("class", "").split() for p in pres]
    assert all("code" in c for c in classes)
    synopsis = [p for p in _section(mmap_tree, "SYNOPSIS").iter("pre")]
    assert "c" in synopsis[1].get("class").split()
    text = "".join(synopsis[1].itertext())
    assert text.startswith("void *mmap(void *addr, size_t length, int prot, int flags,\n")
    # highlighted: token classes, and the page's italics kept inside them
    assert synopsis[1].find(".//span[@class='tok-kt']") is not None
    assert any(em.text == "addr" for em in synopsis[1].iter("em"))
    program = list(_section(mmap_tree, "EXAMPLES").iter("pre"))[-1]
    assert "c" in program.get("class").split()
    assert "".join(program.itertext()).startswith("#include <sys/mman.h>\n")
    assert program.find(".//span[@class='tok-cp']") is not None


def test_mmap_table(mmap_tree):
    table = _section(mmap_tree, "ATTRIBUTES").find(".//table")
    rows = [["".join(td.itertext()).strip() for td in tr.findall("td")] for tr in table.iter("tr")]
    assert rows == [["Interface", "Attribute", "Value"],
                    ["mmap(), munmap()", "Thread safety", "MT-Safe"]]
    assert "allbox" in table.get("class").split()


def test_xref_pattern_is_configurable(mmap_doc):
    out = render_with_docutils(mmap_doc, xref_pattern="https://man.example/{section}/{name}")
    assert 'href="https://man.example/2/msync"' in out
    assert "../man2/msync.2.html" not in out


def test_stylesheet_switch(mmap_doc):
    bare = render_with_docutils(mmap_doc, stylesheet=False)
    assert "<style" not in bare and "<link" not in bare
    custom = render_with_docutils(mmap_doc, stylesheet="body { color: red }")
    assert "body { color: red }" in custom
    full = render_with_docutils(mmap_doc)
    assert "prefers-color-scheme: dark" in full and "pre.code .tok-k" in full


@pytest.mark.parametrize("to", ["xml", "latex", "pseudoxml"])
def test_other_writers(mmap_doc, to):
    out = render_with_docutils(mmap_doc, to)
    assert len(out) > 10000
    if to == "xml":
        assert out.startswith('<?xml version="1.0" encoding="utf-8"?>')
        root = ET.fromstring(out.encode("utf-8"))
        ids = [el.get("ids") for el in root.iter() if el.get("ids")]
        assert "MAP_FIXED_NOREPLACE" in ids and "SEE_ALSO" in ids
        assert root.find(".//definition_list") is not None
    elif to == "latex":
        assert "\\begin{document}" in out and "\\end{document}" in out
        assert "\\section{ERRORS" in out
        assert "MAP\\_FIXED\\_NOREPLACE" in out
    else:
        assert "<definition_list" in out and "<literal_block" in out and "<table" in out
        assert 'refuri="../man2/msync.2.html"' in out


def test_unknown_output_is_an_error(mmap_doc):
    with pytest.raises(ValueError):
        render_with_docutils(mmap_doc, "docx")


# ---- every node class has a rendering ------------------------------------------------

def test_every_node_class_has_a_rendering():
    from manlint.render.text import TextRenderer
    missing = []
    for cls in N.ALL_CLASSES:
        for renderer in (DoctreeBuilder, TextRenderer):
            if not callable(getattr(renderer, f"visit_{cls.__name__}", None)):
                missing.append(f"{renderer.__name__}.visit_{cls.__name__}")
    assert not missing, missing
    assert DoctreeBuilder.strict and TextRenderer.strict


# ---- small pages --------------------------------------------------------------------

PAGE = r""".TH DEMO 1 2024-05-01 "demo 1.0" "Demo Manual"
.SH NAME
demo \- show what the bridge does
.SH SYNOPSIS
.B demo
[\fB\-v\fR]
.I file
.SH DESCRIPTION
Plain, \fBbold\fR, \fIitalic\fR, \f(BIboth\fR and \f(CWcode\fR.
Joined\c
word and a\ non-breaking space.
.br
After a break.
.TP
.B \-v
Verbose.
.TQ
.B \-\-verbose
Same.
.TP
.B \-v
Again.
.IP \(bu 2
first bullet
.IP \(bu
second bullet
.PP
.RS
Inset text.
.RE
.IP 1. 4
numbered
.IP 2.
second
.PP
.TS
box;
c s
l l.
Wide heading
a	b
.TE
.EX
$ demo \-v file
.EE
.SH EXAMPLES
.EX
$ demo file
ok
.EE
.SH SEE ALSO
.BR ls (1),
.UR https://example.com/docs
the docs
.UE .
.MT someone@example.com
.ME
"""


@pytest.fixture(scope="module")
def demo_tree():
    return parse_html(render_with_docutils(parse_text(PAGE, "demo.1")))


def test_small_page_structure(demo_tree):
    html = ET.tostring(demo_tree, encoding="unicode")
    desc = _section(demo_tree, "DESCRIPTION")
    first = desc.find("p")
    assert [el.tag for el in first] == ["strong", "em", "strong", "span"]
    assert first.find("strong/em").text == "both"
    text = "".join(first.itertext())
    assert "Joinedword" in text and "a\u00a0non-breaking" in text
    assert "br" in desc.findall("p")[1].get("class", "")
    dts = [dt.get("id") for dt in desc.iter("dt")]
    assert dts[:3] == ["v", "verbose", "v-2"]
    assert desc.find(".//ul/li") is not None and len(desc.findall(".//ul/li")) == 2
    assert desc.find(".//blockquote") is not None
    compact = [dl for dl in desc.iter("dl") if "compact" in dl.get("class", "")]
    assert compact and [dt.text for dt in compact[-1].iter("dt")] == ["1.", "2."]
    td = desc.find(".//table//td")
    assert td.get("colspan") == "2" and "".join(td.itertext()) == "Wide heading"
    assert "box" in desc.find(".//table").get("class")
    # console highlighting only in EXAMPLES; DESCRIPTION keeps plain text
    assert "console" not in desc.find(".//pre").get("class")
    assert "console" in _section(demo_tree, "EXAMPLES").find(".//pre").get("class")
    assert "ls" in html


def test_small_page_links(demo_tree):
    see = _section(demo_tree, "SEE_ALSO")
    links = {a.get("href"): "".join(a.itertext()) for a in see.iter("a")}
    assert links == {"../man1/ls.1.html": "ls(1)", "https://example.com/docs": "the docs",
                     "mailto:someone@example.com": "someone@example.com"}
    assert "".join(see.itertext()).count("the docs.") == 1   # .UE . joins the period


# ---- hostile input ---------------------------------------------------------------------

HOSTILE = r""".TH EVIL 1 2024-01-01 "<script>src</script>" "Man & <Manual>"
.SH NAME
evil \- <script>alert(1)</script>
.SH "DESCRIPTION <img src=x onerror=alert(1)>"
<script>alert("x")</script> & <b>bold</b> &amp; &lt; ]]> <!-- -->
\X'html: <b>'\X'ps: exec'
.UR javascript:alert(1)
click me
.UE
.UR JaVaScRiPt:alert(2)
.UE
.UR "  javascript:alert(3)"
.UE
.UR java\tscript:alert(4)
.UE
.UR data:text/html;base64,PHNjcmlwdD4=
.UE
.UR vbscript:msgbox
.UE
.UR //evil.example/x
.UE
.UR http://example.com/a"onmouseover="alert(1)
.UE
.MT "x\(dq><script>@example.com"
.ME
.MT javascript:alert(5)
.ME
.TP
.B "a\(dq&<i>x"
body one
.TP
.B "a\(dq&<i>x"
body two
.TP
.BI \(dq&quot;' " x"
three
.TS
tab(@);
l l.
<td>@"&'
.TE
.nf
<script>alert(6)</script>
.fi
.SH "SEE ALSO"
.BR foo"><script> (1),
.BR javascript:alert (1)
"""


def test_hostile_input_cannot_inject_markup():
    html = render_with_docutils(parse_text(HOSTILE, "evil.1"))
    tree = parse_html(html)
    tags = {el.tag for el in tree.iter()}
    assert not tags & {"script", "img", "b", "i", "iframe", "object", "embed"}
    # the only <td> elements are the table's own
    assert len(list(tree.iter("td"))) == 2
    assert "<script" not in html.lower().replace("&lt;script", "")
    for el in tree.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if name in ("href", "src"):
                assert SAFE_HREF.match(value), value
                if value.startswith("../"):      # a name with ':' or '"' is percent-encoded
                    assert not re.search(r"[:\"<>\s]", value), value
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert not any(h.lower().lstrip().startswith(("javascript", "data:", "vbscript")) for h in hrefs)
    # the page text is there, as text
    body = "".join(tree.find(".//main").itertext())
    assert '<script>alert("x")</script> & <b>bold</b> &amp; &lt;' in body
    assert "click me" in body and "javascript:alert(1)" in body
    assert "html:" not in body and "exec" not in body        # \X is device control, not text
    ids = ids_of(tree)
    assert all(ID_RE.match(i) for i in ids), ids
    assert len(ids) == len(set(ids))


def test_hostile_input_other_writers():
    doc = parse_text(HOSTILE, "evil.1")
    out = render_with_docutils(doc, "xml")
    ET.fromstring(out.encode("utf-8"))      # well-formed
    assert "<script>" not in out
    latex = render_with_docutils(doc, "latex")
    assert "\\write18" not in latex


def test_control_characters_are_dropped():
    html = render_with_docutils(parse_text(".TH X 1\n.SH NAME\nx \\- a\x01b\x7fc\x0bd\n", "x.1"))
    parse_html(html)
    assert "abcd" in html


# ---- the whole corpus ------------------------------------------------------------------

def is_link_page(path: str) -> bool:
    """A page that is only a .so request (comments aside)."""
    with open(path, "rb") as f:
        head = f.read(4096).decode("latin-1")
    lines = [ln for ln in head.splitlines()
             if ln.strip() and not ln.startswith(('.\\"', "'\\\"", '\\"'))]
    return len(lines) == 1 and lines[0].startswith(".so ")


def _validate(path: str):
    """(path, problem or None) for one page: render, parse strictly, check the ids."""
    import html5lib
    try:
        html = render_with_docutils(parse_file(path))
        tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)
    except Exception as exc:  # report every page, not just the first
        return path, f"{type(exc).__name__}: {exc}"
    ids = ids_of(tree)
    dup = sorted(k for k, v in collections.Counter(ids).items() if v > 1)
    bad = [i for i in ids if not ID_RE.match(i)]
    hrefs = [a.get("href") for a in tree.iter("a") if not SAFE_HREF.match(a.get("href") or "")]
    if dup or bad or hrefs:
        return path, f"duplicate ids {dup[:5]}, bad ids {bad[:5]}, unsafe hrefs {hrefs[:5]}"
    return path, None


def test_corpus_is_valid_html5():
    html5lib_or_skip()
    if not os.path.isdir(CORPUS_513):
        pytest.skip(f"{CORPUS_513} is absent (the shared corpus is not on this machine)")
    paths = sorted(os.path.join(d, f) for d, _dirs, files in os.walk(CORPUS_513) for f in files)
    paths = [p for p in paths if not os.path.islink(p) and not is_link_page(p)]
    assert len(paths) > 1000
    with multiprocessing.Pool(2) as pool:
        results = pool.map(_validate, paths, chunksize=8)
    failures = [(p, err) for p, err in results if err]
    print(f"\n{len(paths)} pages of man-pages-5.13 validated as HTML5, {len(failures)} failures")
    assert not failures, failures[:20]


def test_table_spans_in_every_writer():
    page = (".TH A 1\n.SH X\n.TS\nallbox;\nc s s\nl ^ l\nl s l\n^ s l.\n"
            "H\na\t\\^\tb\nc\td\ne\tf\n_\n=\nx\ty\tz\tw\n.TE\n")
    doc = parse_text(page, "spans.1")
    tree = parse_html(render_with_docutils(doc))
    rows = [[(td.get("colspan"), td.get("rowspan"), "".join(td.itertext())) for td in tr.findall("td")]
            for tr in tree.iter("tr")]
    assert rows == [[("3", None, "H")],
                    [(None, None, "a"), (None, None, ""), (None, None, "b")],
                    [("2", "3", "c"), (None, None, "d")],
                    [(None, None, "f")],
                    [(None, None, "y")]]          # cells past the format's columns are dropped
    assert "double-rule-above" in list(tree.iter("tr"))[-1].get("class")
    # LaTeX cannot span rows and columns at once: the entry keeps its columns
    latex = render_with_docutils(doc, "latex")
    assert "\\multicolumn{2}{|l|}{c} & d" in latex
    assert render_with_docutils(doc, "xml").count("<entry") == 8
