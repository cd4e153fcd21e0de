"""Markdown output (like mandoc -T markdown): structure, escaping, links."""

from __future__ import annotations

import multiprocessing
import os
import re

import pytest

from conftest import CORPUS_513, corpus_page
from manlint.man import parse_file, parse_text
from manlint.render.markdown import md_escape, render_markdown, safe_url, slug


@pytest.fixture(scope="module")
def mmap_md():
    return render_markdown(parse_file(corpus_page("man2/mmap.2")))


def test_mmap_header_sections_footer(mmap_md):
    lines = mmap_md.split("\n")
    assert lines[0] == "MMAP(2) - Linux Programmer's Manual"
    assert lines[2] == "# NAME"
    headings = [ln for ln in lines if re.match(r"#+ ", ln)]
    assert headings[:4] == ["# NAME", "# SYNOPSIS", "# DESCRIPTION", "## The flags argument"]
    assert "# SEE ALSO" in headings and "## Using MAP\\_FIXED safely" in headings
    assert mmap_md.rstrip("\n").endswith("\n\nLinux - 2021-03-22 - MMAP(2)")
    assert "\n\n\n" not in mmap_md


def test_mmap_fonts_and_escapes(mmap_md):
    assert "\n**mmap**()\ncreates a new mapping" in mmap_md
    assert "\n*addr*.\n" in mmap_md
    assert "*sysconf(\\_SC\\_PAGE\\_SIZE)*." in mmap_md
    assert "*/proc/\\[pid\\]/maps*," in mmap_md
    assert "2&nbsp;MB" in mmap_md


def test_mmap_tagged_lists(mmap_md):
    assert "\n**MAP\\_FIXED\\_NOREPLACE** (since Linux 4.17)\n\n> This flag provides behavior" in mmap_md
    assert "\n**MAP\\_HUGE\\_2MB**, **MAP\\_HUGE\\_1GB** (since Linux 3.8)\n\n> Used in" in mmap_md
    # a continuation paragraph (.IP without a tag) stays inside the quote
    i = mmap_md.index("**MAP\\_HUGE\\_2MB**")
    block = mmap_md[i:mmap_md.index("**MAP\\_LOCKED**", i)]
    assert ">\n> More generally" in block
    assert "> ```\n> #define MAP_HUGE_2MB    (21 << MAP_HUGE_SHIFT)\n" in block
    assert "\n**EEXIST**\n\n> **MAP\\_FIXED\\_NOREPLACE**\n> was specified in" in mmap_md


def test_mmap_code_blocks(mmap_md):
    assert "```c\n#include <sys/mman.h>\n```" in mmap_md
    assert ("```c\nvoid *mmap(void *addr, size_t length, int prot, int flags,\n"
            "           int fd, off_t offset);\nint munmap(void *addr, size_t length);\n```") in mmap_md
    program = mmap_md[mmap_md.index("## Program source"):]
    assert program.startswith("## Program source\n\n```c\n#include <sys/mman.h>\n")
    assert '    fprintf(stderr, "%s file offset [length]\\n", argv[0]);' in program


def test_mmap_table_and_links(mmap_md):
    assert ("| **Interface** | **Attribute** | **Value** |\n|---|---|---|\n"
            "| **mmap**(), **munmap**() | Thread safety | MT-Safe |") in mmap_md
    assert "[http://www.linux-pam.org](http://www.linux-pam.org)." in mmap_md
    assert "\n**msync**(2),\n" in mmap_md


def test_xref_pattern_links_references():
    doc = parse_file(corpus_page("man2/mmap.2"))
    out = render_markdown(doc, xref_pattern="../man{section}/{name}.{section}.html")
    assert "[**msync**(2)](../man2/msync.2.html)" in out


PAGE = r""".TH DEMO 1 2024-05-01 "demo 1.0" "Demo Manual"
.SH NAME
demo \- show * and _ and [x] and `tick`
.SH DESCRIPTION
Plain, \fBbold\fR, \fIitalic\fR, \f(BIboth\fR and \f(CWco`de\fR.
.B bold
.I italic
followed.
Joined\c
word.
.br
After a break.
# not a heading
1. not a list
.TP
.B \-v
Verbose.
.TQ
.B \-\-verbose
Same.
.IP \(bu 2
first bullet
.IP \(bu
second bullet
.PP
.RS
Inset text.
.RE
.TS
tab(@);
l l.
a|b@c
.TE
.SH SEE ALSO
.UR https://example.com/docs
the docs
.UE .
.MT someone@example.com
.ME
"""


@pytest.fixture(scope="module")
def demo_md():
    return render_markdown(parse_text(PAGE, "demo.1"))


def test_small_page(demo_md):
    assert demo_md.startswith("DEMO(1) - Demo Manual\n\n# NAME\n\n")
    assert "demo - show \\* and \\_ and \\[x\\] and \\`tick\\`" in demo_md
    assert "Plain, **bold**, *italic*, ***both*** and ``co`de``." in demo_md
    assert "\n**bold**\n*italic*\nfollowed.\nJoinedword.  \nAfter a break.\n" in demo_md
    assert "\n\\# not a heading\n1\\. not a list\n" in demo_md
    assert "\n**-v**  \n**--verbose**\n\n> Verbose.\n>\n> Same.\n" in demo_md
    assert "\n- first bullet\n\n- second bullet\n" in demo_md
    assert "\n> Inset text.\n" in demo_md
    assert "\n| a\\|b | c |\n|---|---|\n" in demo_md
    assert "[the docs](https://example.com/docs)." in demo_md
    assert "[someone@example.com](mailto:someone@example.com)" in demo_md


HOSTILE = r""".TH EVIL 1 2024-01-01 "<script>src</script>" "Man & <Manual>"
.SH NAME
evil \- <script>alert(1)</script>
.SH DESCRIPTION
<script>alert("x")</script> & <b>bold</b> &amp; <!-- c -->
\X'html: <b>'
.UR javascript:alert(1)
click me
.UE
.UR data:text/html;base64,PHNjcmlwdD4=
.UE
.UR http://example.com/a)(javascript:alert(2)
x
.UE
.MT "x\(dq><script>@example.com"
.ME
.TP
.B "<i>tag</i>"
body
.nf
```
<script>in code</script>
.fi
"""


def test_hostile_input_stays_text():
    md = render_markdown(parse_text(HOSTILE, "evil.1"))
    outside_code = re.sub(r"(?ms)^> ````\n.*?^> ````$", "", md)
    outside_code = re.sub(r"\]\(<[^<>\s]*>\)", "](URL)", outside_code)   # [text](<url>)
    assert "<" not in outside_code, outside_code
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt; & &lt;b&gt;bold&lt;/b&gt; &amp;amp;" in md
    assert "](javascript" not in md and "](data:" not in md
    assert "click me \u27e8javascript:alert(1)\u27e9" in md
    assert "[x](<http://example.com/a)(javascript:alert(2)>)" in md
    assert "html:" not in md
    # a code block holding ``` gets a longer fence
    assert "> ````\n> ```\n> <script>in code</script>\n> ````" in md


def test_helpers():
    assert md_escape("a*b_c[d]<e>&amp;") == "a\\*b\\_c\\[d\\]&lt;e&gt;&amp;amp;"
    assert slug("SEE ALSO") == "SEE_ALSO" and slug("--all") == "all" and slug("munmap()") == "munmap"
    assert safe_url("https://x.example/") == "https://x.example/"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:x", " data:x", "vbscript:x", "//x.example",
                "http://x.example/\"onclick", "file:///etc/passwd", "http:/x"):
        assert safe_url(bad) is None, bad
    assert safe_url("a@b.example", mail=True) == "mailto:a@b.example"
    assert safe_url("javascript:alert(1)@x", mail=True) is None


def is_link_page(path: str) -> bool:
    """A page that is only a .so request (comments aside)."""
    with open(path, "rb") as f:
        head = f.read(4096).decode("latin-1")
    lines = [ln for ln in head.splitlines()
             if ln.strip() and not ln.startswith(('.\\"', "'\\\"", '\\"'))]
    return len(lines) == 1 and lines[0].startswith(".so ")


def _render(path):
    try:
        render_markdown(parse_file(path))
    except Exception as exc:  # report every page
        return path, f"{type(exc).__name__}: {exc}"
    return path, None


def test_corpus_renders():
    if not os.path.isdir(CORPUS_513):
        pytest.skip(f"{CORPUS_513} is absent (the shared corpus is not on this machine)")
    paths = sorted(os.path.join(d, f) for d, _dirs, files in os.walk(CORPUS_513) for f in files)
    paths = [p for p in paths if not os.path.islink(p) and not is_link_page(p)]
    with multiprocessing.Pool(2) as pool:
        failures = [r for r in pool.map(_render, paths, chunksize=16) if r[1]]
    assert not failures, failures[:20]
