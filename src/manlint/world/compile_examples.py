"""Example programs in EXAMPLES: extract them, compile them, write them out.

A program is code shown in ``.EX``/``.EE`` (or ``.nf``/``.fi``) blocks of the
EXAMPLES section that has both ``#include`` and ``main(``.  Shell sessions
(blocks that start with a ``$`` prompt) are not code.  In a "Program source"
subsection, consecutive code blocks are one file, split again where a
comment names a new file (``/* File server.c */``, as unix(7) does); a
subsection named "Program source: pshm_ucase.h" gives its file a name.
Header files a page defines this way are put beside the programs that
``#include "..."`` them.

Each program is compiled with ``cc -fsyntax-only -Wall -Wextra -x c -`` and
no feature-test macros but the ones it defines itself; every message is
mapped back to the page line and column it came from.  A program that needs
a header this system does not have is skipped, not reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..man import nodes as N
from .compile import CompileJob, CompileResult, Compiler, find_compiler, header_name
from .compile_source import CodeLine, code_lines

EXAMPLE_FLAGS = ("-Wall", "-Wextra")
_MAIN = re.compile(r"\bmain\s*\(")
_INCLUDE = re.compile(r"^\s*#\s*include\b")
_LOCAL_INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
_FILE_MARK = re.compile(r"^\s*(?:/\*+|\*+)?\s*File:?\s+([\w.+-]+\.[ch])\b")
_NAMED = re.compile(r"([\w.+-]+\.[ch])\b")
_MISSING = re.compile(r"^(.+?): No such file or directory$|^'(.+?)' file not found$")


@dataclass
class Unit:
    """A file of code shown in EXAMPLES."""
    lines: list[CodeLine]
    name: str = ""                  # as the page names it ("server.c"), or ""
    subsection: str = ""

    @property
    def text(self) -> str:
        return "\n".join(cl.text for cl in self.lines) + "\n"

    @property
    def line(self) -> int:
        return next((cl.line for cl in self.lines if cl.text.strip()), self.lines[0].line if self.lines else 0)


@dataclass
class Program:
    """A complete program: its lines, the page's local headers it uses, a file name."""
    unit: Unit
    filename: str                   # what ``manlint examples`` writes: mmap.c, unix-server.c
    headers: list[Unit] = field(default_factory=list)

    @property
    def source(self) -> str:
        return self.unit.text

    @property
    def line(self) -> int:
        return self.unit.line

    @property
    def lines(self) -> list[CodeLine]:
        return self.unit.lines


@dataclass
class ExampleFinding:
    severity: str                   # "error" or "warning"
    line: int
    col: int
    end_col: int
    message: str                    # "unused variable 'x' [-Wunused-variable]"
    program: str = ""               # the program's file name
    node: N.Node | None = None


@dataclass
class ExampleReport:
    programs: int = 0
    compiled: int = 0
    errors: list[ExampleFinding] = field(default_factory=list)
    warnings: list[ExampleFinding] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)    # (program, reason)
    missing_headers: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[ExampleFinding]:
        return sorted(self.errors + self.warnings, key=lambda f: (f.line, f.col))


# ---- extraction ------------------------------------------------------------------

def examples_section(doc: N.Document) -> N.Section | None:
    return doc.section("EXAMPLES") or doc.section("EXAMPLE")


def _is_shell(lines: list[CodeLine]) -> bool:
    first = next((cl.text.strip() for cl in lines if cl.text.strip()), "")
    if first == "$" or first.startswith(("$ ", "% ")):
        return True
    return first.startswith("# ") and not re.match(r"#\s*(include|define|if|undef|pragma)\b", first)


def _subsection(node: N.Node) -> N.Section | None:
    n = node.parent
    while n is not None and not isinstance(n, N.Section):
        n = n.parent
    return n


def _starts_file(lines: list[CodeLine]) -> bool:
    """The block opens a file: its first code line (after comments) is a preprocessor line."""
    in_comment = False
    for cl in lines:
        t = cl.text.strip()
        if not t:
            continue
        if in_comment:
            if "*/" in t:
                in_comment = False
            continue
        if t.startswith("/*"):
            in_comment = "*/" not in t
            continue
        if t.startswith("//"):
            continue
        return t.startswith("#")
    return False


def _split_files(unit: Unit) -> list[Unit]:
    """Split where a comment names a file ("/*\\n * File server.c\\n */")."""
    marks: list[tuple[int, str]] = []
    for i, cl in enumerate(unit.lines):
        m = _FILE_MARK.match(cl.text)
        if m and ("/*" in cl.text or cl.text.lstrip().startswith("*")):
            start = i
            if not cl.text.lstrip().startswith("/*"):
                k = i - 1
                while k >= 0 and unit.lines[k].text.strip() in ("/*", "/**"):
                    k -= 1
                start = k + 1
            marks.append((start, m.group(1)))
    if not marks:
        return [unit]
    out: list[Unit] = []
    if any(cl.text.strip() for cl in unit.lines[:marks[0][0]]):
        out.append(Unit(unit.lines[:marks[0][0]], unit.name, unit.subsection))
    for k, (start, name) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(unit.lines)
        out.append(Unit(unit.lines[start:end], name, unit.subsection))
    return out


def extract_units(doc: N.Document) -> list[Unit]:
    """The files of code shown in EXAMPLES, in page order."""
    section = examples_section(doc)
    if section is None:
        return []
    units: list[Unit] = []
    current: Unit | None = None
    current_sub: N.Section | None = None
    for block in section.walk():
        if not isinstance(block, N.NoFill):
            continue
        lines = code_lines(block)
        while lines and not lines[-1].text.strip():
            lines.pop()
        while lines and not lines[0].text.strip():
            lines.pop(0)
        if not lines:
            continue
        if _is_shell(lines):
            current = None
            continue
        sub = _subsection(block)
        subname = sub.name if sub is not None else ""
        joinable = (current is not None and sub is current_sub and block.source is doc.source
                    and subname.lower().startswith("program source")
                    and not _starts_file(lines)
                    and not (_MAIN.search(current.text) and _MAIN.search("\n".join(c.text for c in lines))))
        if joinable:
            current.lines.append(CodeLine("", [], lines[0].line, None))
            current.lines.extend(lines)
            continue
        m = _NAMED.search(subname)
        current = Unit(list(lines), m.group(1) if m else "", subname)
        current_sub = sub
        units.append(current)
    out: list[Unit] = []
    for u in units:
        out.extend(_split_files(u))
    return out


def page_stem(doc: N.Document) -> str:
    base = os.path.basename(doc.source.path if doc.source else "") or "page"
    if base.endswith(".gz"):
        base = base[:-3]
    stem, dot, ext = base.rpartition(".")
    if dot and stem and ext[:1].isdigit():
        base = stem
    if not base or base.startswith("<"):
        base = (doc.title.title.lower() if doc.title and doc.title.title else "page")
    return re.sub(r"[^\w.+-]", "_", base)


def extract_programs(doc: N.Document) -> list[Program]:
    """The complete programs of EXAMPLES (``#include`` and ``main(``), with their local headers."""
    units = extract_units(doc)
    headers = {u.name: u for u in units if u.name.endswith(".h")}
    progs = [u for u in units if _MAIN.search(u.text) and any(_INCLUDE.match(cl.text) for cl in u.lines)]
    stem = page_stem(doc)
    out: list[Program] = []
    used: set[str] = set()
    for k, u in enumerate(progs, 1):
        if len(progs) == 1:
            filename = f"{stem}.c"
        elif u.name:
            filename = f"{stem}-{os.path.splitext(u.name)[0]}.c"
        else:
            filename = f"{stem}-{k}.c"
        if filename in used:
            filename = f"{os.path.splitext(filename)[0]}-{k}.c"
        used.add(filename)
        needed: list[Unit] = []
        for cl in u.lines:
            m = _LOCAL_INCLUDE.match(cl.text)
            if m and m.group(1) in headers and headers[m.group(1)] not in needed:
                needed.append(headers[m.group(1)])
        out.append(Program(u, filename, needed))
    return out


def write_programs(doc: N.Document, directory: str) -> list[str]:
    """Write each program (and the local headers it includes) to ``directory``; the paths written."""
    from ..fileio import write_atomic
    os.makedirs(directory, exist_ok=True)
    written: list[str] = []
    for prog in extract_programs(doc):
        for hdr in prog.headers:
            path = os.path.join(directory, os.path.basename(hdr.name))
            if path not in written:
                write_atomic(path, hdr.text)
                written.append(path)
        path = os.path.join(directory, prog.filename)
        write_atomic(path, prog.source)
        written.append(path)
    return written


# ---- compiling ---------------------------------------------------------------------

def _job(prog: Program) -> CompileJob:
    return CompileJob(prog.source, EXAMPLE_FLAGS,
                      tuple((os.path.basename(h.name), h.text) for h in prog.headers))


def _lines_for(prog: Program, file: str) -> list[CodeLine] | None:
    if file in ("<stdin>", "-"):
        return prog.lines
    base = os.path.basename(file)
    for h in prog.headers:
        if os.path.basename(h.name) == base and not os.path.isabs(file):
            return h.lines
    return None


def _place(lines: list[CodeLine], line: int, col: int) -> tuple[int, int, int, N.Node | None] | None:
    if not 1 <= line <= len(lines):
        return None
    cl = lines[line - 1]
    if not cl.pos:
        return None
    idx = cl.char_index(col) if col else len(cl.text) - len(cl.text.lstrip())
    pline, pcol = cl.at(idx)
    # Underline the token at the position.
    m = re.match(r"[A-Za-z_]\w*|\S", cl.text[idx:])
    end_col = pcol + 1
    if m:
        eline, ecol = cl.at(idx + len(m.group()) - 1)
        if eline == pline:
            end_col = ecol + 1
    return pline, pcol, end_col, cl.node


def _findings(prog: Program, result: CompileResult, report: ExampleReport) -> None:
    seen: set[tuple] = set()
    for msg in result.messages:
        if msg.severity not in ("error", "fatal error", "warning"):
            continue
        if msg.severity == "fatal error" or (msg.is_error and "file not found" in msg.text):
            m = _MISSING.search(msg.text)
            if m:
                name = m.group(1) or m.group(2)
                report.missing_headers.append(name)
                report.skipped.append((prog.filename, f"header {name} is not installed"))
                # Everything after a missing header is noise.
                return
        lines = _lines_for(prog, msg.file)
        text = msg.text
        line, col = msg.line, msg.col
        if lines is None:
            # A message in a system header: place it at the program's line
            # that included it.
            chain = [(f, ln) for f, ln in msg.included_from if _lines_for(prog, f) is not None]
            if not chain:
                continue
            f, ln = chain[-1]
            lines, line, col = _lines_for(prog, f), ln, 0
            text = f"{header_name(msg.file)}: {text}"
        placed = _place(lines, line, col)
        if placed is None:
            continue
        pline, pcol, end_col, node = placed
        if msg.option:
            text += f" [{msg.option}]"
        sev = "error" if msg.is_error else "warning"
        key = (sev, pline, pcol, text)
        if key in seen:      # a macro used several times: one message at its definition
            continue
        seen.add(key)
        finding = ExampleFinding(sev, pline, pcol, end_col, text, prog.filename, node)
        (report.errors if sev == "error" else report.warnings).append(finding)


def check_examples(doc: N.Document, compiler: Compiler | None = None) -> ExampleReport:
    """Compile the example programs of a page (in parallel) and map the messages to it."""
    report = ExampleReport()
    programs = extract_programs(doc)
    report.programs = len(programs)
    if not programs:
        return report
    compiler = compiler or find_compiler()
    if compiler is None:
        report.skipped = [(p.filename, "no C compiler") for p in programs]
        return report
    results = compiler.run_many([_job(p) for p in programs])
    for prog, result in zip(programs, results):
        if result.timed_out:
            report.skipped.append((prog.filename, f"the compiler took longer than {compiler.timeout:g}s"))
            continue
        before = len(report.skipped)
        _findings(prog, result, report)
        if len(report.skipped) == before:
            report.compiled += 1
    report.errors.sort(key=lambda f: (f.line, f.col))
    report.warnings.sort(key=lambda f: (f.line, f.col))
    return report
