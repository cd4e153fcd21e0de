"""Checks against the world: SYNOPSIS prototypes and EXAMPLES programs through the C compiler."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import SRC, corpus_page
import manlint.lint.rules.compiled  # noqa: F401  (registers HD010-HD012 until rules/__init__ lists it)
from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import parse_file, parse_text
from manlint.world import compile as W
from manlint.world.compile_examples import check_examples, extract_programs, extract_units
from manlint.world.compile_synopsis import check_prototypes, is_variadic_expansion
from manlint.world.synopsis_declarations import extract_synopsis

needs_cc = pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler (cc) on this machine")

HEAD = ".TH FROB 2 2024-01-01 \"Linux\" \"Linux Programmer's Manual\"\n.SH NAME\nfrob \\- frobnicate\n"


@pytest.fixture(autouse=True)
def cc_cache(tmp_path_factory, monkeypatch):
    """One compile cache for the whole session, never ~/.cache."""
    path = str(tmp_path_factory.getbasetemp() / "cc-cache")
    monkeypatch.setenv("MANLINT_CC_CACHE", path)
    return path


def _compiler():
    cc = W.find_compiler()
    assert cc is not None
    return cc


def _lint(text: str, code: str, path: str = "frob.2"):
    doc = parse_text(text, path)
    return [d for d in Checker(Selection(select=[code])).check(doc) if d.code == code]


def _line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


# ---- SYNOPSIS prototypes -------------------------------------------------------------

WRONG_SYNOPSIS = HEAD + r""".SH SYNOPSIS
.nf
.B #include <sys/mman.h>
.PP
.BI "void *mmap(void *" addr ", size_t " length \
", int " prot ", int " flags ,
.BI "           int " fd ", off_t " offset );
.BI "int munmap(char *" addr ", size_t " length );
.fi
.SH DESCRIPTION
Maps.
"""


@needs_cc
def test_mmap_synopsis_agrees_with_sys_mman_h():
    doc = parse_file(corpus_page("man2/mmap.2"))
    syn = extract_synopsis(doc)
    assert [inc for inc, _ in syn.includes] == ["<sys/mman.h>"]
    assert [d.name for d in syn.declarations] == ["mmap", "munmap"]
    # The prototype spread over two .BI lines (and a continuation line) is one declaration.
    assert syn.declarations[0].text.startswith("void *mmap(void *addr, size_t length, int prot,")
    report = check_prototypes(doc, _compiler())
    assert report.checked == 2
    assert report.conflicts == []
    assert report.config == ("_GNU_SOURCE",)    # "See NOTES for ... feature test macro requirements"


@needs_cc
def test_wrong_prototype_is_reported_at_its_page_line():
    found = _lint(WRONG_SYNOPSIS, "HD010")
    assert len(found) == 1
    d = found[0]
    line = _line_of(WRONG_SYNOPSIS, '.BI "int munmap(char *"')
    assert (d.line, d.col) == (line, 10)        # the name, inside .BI "int munmap(...
    assert d.end_col == 16
    assert "conflicting types for 'munmap'" in d.message
    assert "have 'int(char *, size_t)'" in d.message
    assert "<sys/mman.h> declares 'int(void *, size_t)'" in d.message


@needs_cc
def test_conflict_on_a_continuation_line_maps_to_that_line():
    text = HEAD + r""".SH SYNOPSIS
.nf
.B #include <unistd.h>
.PP
.BI "ssize_t read(int " fd ", void *" buf ,
.BI "             int " count );
.fi
"""
    found = _lint(text, "HD010")
    assert len(found) == 1
    assert found[0].line == _line_of(text, '.BI "ssize_t read(')
    assert "conflicting types for 'read'" in found[0].message


@needs_cc
def test_conventions_are_not_conflicts():
    text = HEAD + r""".SH SYNOPSIS
.nf
.BR "#include <fcntl.h>" "           /* Definition of O_* constants */"
.B #include <string.h>
.PP
.BI "int open(const char *" pathname ", int " flags );
.BI "int open(const char *" pathname ", int " flags ", mode_t " mode );
.PP
.BI "int strerror_r(int " errnum ", char *" buf ", size_t " buflen );
.BI "char *strerror_r(int " errnum ", char *" buf ", size_t " buflen );
.PP
.BI "int frob_internal(int " x );   /* not declared by any header */
.fi
.PP
Feature Test Macro Requirements for glibc (see
.BR feature_test_macros (7)):
.nf
    _GNU_SOURCE
.fi
"""
    doc = parse_text(text, "frob.2")
    report = check_prototypes(doc, _compiler())
    assert report.conflicts == []
    assert sorted(why for why, _f in report.tolerated) == ["variadic", "variadic"]
    assert report.undeclared == ["frob_internal"]
    assert report.checked == 4
    assert not _lint(text, "HD010")


def test_variadic_expansion():
    assert is_variadic_expansion("int(const char *, int, mode_t)", "int(const char *, int, ...)")
    assert is_variadic_expansion("int(int, long unsigned int)", "int(int, ...)")
    assert not is_variadic_expansion("int(char *, int)", "int(const char *, int, ...)")
    assert not is_variadic_expansion("int(int)", "int(int)")


def test_prose_and_struct_definitions_are_not_declarations():
    text = HEAD + r""".SH SYNOPSIS
.nf
.B #include <unistd.h>
.PP
/* On Alpha; see NOTES */
.B struct fd_pair {
.B "    long fd[2];"
.B };
.B struct fd_pair pipe(void);
.fi
.TP
.BI "int close(int " fd );
Close the file
.IR fd ,
then return.
.TP
.BI "int dup(int " oldfd );
"""
    syn = extract_synopsis(parse_text(text, "frob.2"))
    assert [(d.kind, d.name) for d in syn.declarations] == [
        ("function", "pipe"), ("function", "close"), ("function", "dup")]


# ---- EXAMPLES ------------------------------------------------------------------------

BROKEN_EXAMPLE = HEAD + r""".SH EXAMPLES
The shell session:
.PP
.in +4n
.EX
$ \fB./frob 3\fP
frob\-frob
.EE
.in
.SS Program source
\&
.EX
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

static void
frob(const char *s)
{
    int n;

    printf("%s\en", s);
}
.EE
.PP
And its main function:
.PP
.EX
int
main(int argc, char *argv[])
{
    if (argc != 2) {
        fprintf(stderr, "Usage: %s n\en", argv[0]);
        exit(EXIT_FAILURE);
    }
    for (int j = 0; j < atoi(argv[1]); j++)
        frob(argv[j] \- 1, j);
    exit(EXIT_SUCCESS);
}
.EE
"""


def test_example_blocks_are_joined_and_shell_sessions_left_out():
    doc = parse_text(BROKEN_EXAMPLE, "frob.2")
    programs = extract_programs(doc)
    assert len(programs) == 1
    prog = programs[0]
    assert prog.filename == "frob.c"
    assert prog.source.startswith("#define _GNU_SOURCE\n#include <stdio.h>\n")
    assert 'printf("%s\\n", s);' in prog.source            # \e decoded
    assert "frob(argv[j] - 1, j);" in prog.source           # \- decoded
    assert "$ ./frob" not in prog.source


@needs_cc
def test_broken_example_is_reported_at_its_page_line():
    found = _lint(BROKEN_EXAMPLE, "HD011")
    line = _line_of(BROKEN_EXAMPLE, "frob(argv[j] \\- 1, j);")
    assert found, "the error in the second block is found"
    d = found[0]
    assert d.line == line
    assert "too many arguments to function 'frob'" in d.message
    assert d.col == 9                                          # the call, after 8 spaces
    warnings = _lint(BROKEN_EXAMPLE, "HD012")
    assert [(w.line, w.col, w.message) for w in warnings] == [
        (_line_of(BROKEN_EXAMPLE, "    int n;"), 9,
         "example program: compiler warning: unused variable 'n' [-Wunused-variable]")]


@needs_cc
def test_mmap_example_compiles():
    doc = parse_file(corpus_page("man2/mmap.2"))
    report = check_examples(doc, _compiler())
    assert report.programs == 1 and report.compiled == 1
    assert report.errors == []
    # man-pages 5.13 still has two signed/unsigned comparisons that -Wextra
    # points out (fixed in later releases); each at its page line.
    text = open(corpus_page("man2/mmap.2"), encoding="utf-8").read()
    assert [(w.line, "Wsign-compare" in w.message) for w in report.warnings] == [
        (_line_of(text, "if (offset + length > sb.st_size)"), True),
        (_line_of(text, "if (s != length) {"), True)]


@needs_cc
def test_local_headers_go_beside_the_programs():
    doc = parse_file(corpus_page("man7/unix.7"))
    units = extract_units(doc)
    assert [u.name for u in units] == ["connection.h", "server.c", "client.c"]
    programs = extract_programs(doc)
    assert [p.filename for p in programs] == ["unix-server.c", "unix-client.c"]
    assert all([h.name for h in p.headers] == ["connection.h"] for p in programs)
    report = check_examples(doc, _compiler())
    assert report.compiled == 2 and report.errors == []


def test_no_compiler_means_no_findings(monkeypatch):
    monkeypatch.setattr(W, "find_compiler", lambda *a, **k: None)
    for code in ("HD010", "HD011", "HD012"):
        assert _lint(WRONG_SYNOPSIS + BROKEN_EXAMPLE.split(".SH NAME")[1].split("\n", 2)[2], code) == []


def test_rules_are_off_by_default():
    codes = {r.code for r in Selection().rules()}
    assert not codes & {"HD010", "HD011", "HD012"}
    codes = {r.code for r in Selection(extend_select=["HD01"]).rules()}
    assert {"HD010", "HD011", "HD012"} <= codes


# ---- the cache and the command ----------------------------------------------------------

@needs_cc
def test_results_are_cached_by_content(tmp_path):
    first = W.Compiler.find(cache_dir=str(tmp_path))
    doc = parse_text(WRONG_SYNOPSIS, "frob.2")
    a = check_prototypes(doc, first)
    assert first.stats["compiled"] >= 1
    second = W.Compiler.find(cache_dir=str(tmp_path))
    b = check_prototypes(doc, second)
    assert second.stats["compiled"] == 0 and second.stats["disk"] >= 1
    assert [f.describe() for f in a.conflicts] == [f.describe() for f in b.conflicts]


def _cli_knows_examples() -> bool:
    from manlint.cli import build_parser
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    return "examples" in sub.choices and "rest" not in {
        a.dest for a in sub.choices["examples"]._actions}


@needs_cc
def test_examples_command_writes_the_program(tmp_path):
    page = tmp_path / "frob.2"
    page.write_text(BROKEN_EXAMPLE.replace(r"frob(argv[j] \- 1, j);", r"frob(argv[j + 1]);")
                    .replace("    int n;\n\n", ""))
    out = tmp_path / "out"
    # Until the CLI lists the command, run the module itself.
    module = ["manlint", "examples"] if _cli_knows_examples() else ["manlint.commands.examples"]
    proc = subprocess.run([sys.executable, "-m", *module, str(page), "-o", str(out)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=SRC))
    assert proc.returncode == 0, proc.stderr
    written = out / "frob.c"
    assert proc.stdout.strip() == str(written)
    source = written.read_text()
    assert source == extract_programs(parse_text(page.read_text(), str(page)))[0].source
    check = subprocess.run(["cc", "-fsyntax-only", "-Wall", "-Wextra", str(written)],
                           capture_output=True, text=True)
    assert check.returncode == 0 and check.stderr == "", check.stderr


def test_examples_command_without_programs(tmp_path):
    page = tmp_path / "frob.2"
    page.write_text(HEAD + ".SH DESCRIPTION\nNothing.\n")
    from manlint.commands.examples import main
    assert main([str(page), "-o", str(tmp_path / "out")]) == 1
