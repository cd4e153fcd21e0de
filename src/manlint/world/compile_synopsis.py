"""SYNOPSIS prototypes against the system headers.

For a section 2 or 3 page, take the SYNOPSIS as the reader sees it (see
``compile_source``), pick out the ``#include`` and ``#define`` lines and the
declarations (prototypes, ``extern`` variables, typedefs; see
``synopsis_declarations``), and build a small translation unit::

    #define _GNU_SOURCE              <- the page's feature-test macros
    #include <sys/mman.h>            <- the page's includes, in order
    #undef mmap                      <- only when a header makes mmap a macro
    __typeof__(mmap) *__manlint_probe_0_0;   <- is mmap declared at all?
    void *mmap(void *addr, ...);     <- the page's text, at its own columns

``cc -fsyntax-only`` then says "conflicting types for 'mmap'" when the page
disagrees with the header, and "'mmap' undeclared" (on the probe line) when
the header does not declare the name at all: such a declaration (a system
call with no wrapper, a glibc-internal function) is not checked.  Every TU
line maps back to a page position.

Feature-test macros: a ``#define _GNU_SOURCE`` in the SYNOPSIS is used as
written; otherwise a page that states feature-test macro requirements is
compiled with ``_GNU_SOURCE`` (it enables every glibc interface).  A
declaration that conflicts there is tried again under the other standard
settings (none, ``_DEFAULT_SOURCE``, ``_XOPEN_SOURCE``, ``_POSIX_C_SOURCE``):
pages document variants such as the XSI and GNU ``strerror_r`` side by side,
and each is right under its own macros.  A declaration that spells out the
arguments of a variadic function (``open(..., mode_t mode)`` for the
header's ``open(..., ...)``) follows the man-pages convention and is not
reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..man import nodes as N
from .compile import CompileJob, Compiler, find_compiler, header_name
from .compile_source import CodeLine
from .synopsis_declarations import GNU, Declaration, extract_synopsis, split_top_level

# Settings tried when a declaration conflicts under the page's own macros.
ALTERNATIVES: tuple[tuple[str, ...], ...] = (
    (),
    ("_DEFAULT_SOURCE",),
    ("_XOPEN_SOURCE 700",),
    ("_XOPEN_SOURCE 500",),
    ("_POSIX_C_SOURCE 200809L",),
    ("_GNU_SOURCE", "_FILE_OFFSET_BITS 64"),
)
MAX_MISSING_RETRIES = 6
# Added when the page's own includes leave a type undeclared.
HELPER_INCLUDES = ("<sys/types.h>", "<stddef.h>", "<stdarg.h>", "<stdint.h>", "<signal.h>",
                   "<time.h>", "<stdio.h>")


@dataclass
class PrototypeFinding:
    name: str
    line: int
    col: int
    end_col: int
    message: str                 # the compiler's, e.g. "conflicting types for 'close'; have 'int(char *)'"
    header: str = ""             # "<unistd.h>"
    header_type: str = ""        # "int(int)"
    node: N.Node | None = None
    config: tuple[str, ...] = ()
    page_type: str = ""          # "int(char *)"

    def describe(self) -> str:
        text = self.message
        if self.header:
            text += f"; {self.header} declares '{self.header_type}'" if self.header_type \
                else f"; see {self.header}"
        return text


@dataclass
class PrototypeReport:
    declarations: int = 0          # declarations found in the SYNOPSIS
    checked: int = 0               # of those, declared by the headers and compared
    conflicts: list[PrototypeFinding] = field(default_factory=list)
    # Conflicts that follow a man-pages convention, not reported: (reason, finding)
    # with reason "variadic", "variant" or "enum" (see check_prototypes).
    tolerated: list[tuple[str, PrototypeFinding]] = field(default_factory=list)
    absolved: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # ok under other macros
    undeclared: list[str] = field(default_factory=list)
    incomplete_includes: list[str] = field(default_factory=list)  # checked with helper includes
    invalid: list[str] = field(default_factory=list)
    missing_headers: list[str] = field(default_factory=list)
    config: tuple[str, ...] = ()
    skipped: str = ""
    compiles: int = 0


# ---- translation units -------------------------------------------------------------

@dataclass
class _Unit:
    source: str
    lines: dict[int, tuple[str, object]]     # TU line -> ("include", (inc, CodeLine)) |
                                             # ("probe", (decl, name)) | ("decl", (decl, CodeLine))


_MACRO_HELPERS = ("#define __manlint_s(x) #x", "#define __manlint_xs(x) __manlint_s(x)")


def _build(config: tuple[str, ...], includes: list[tuple[str, CodeLine]],
           decls: list[Declaration], undef: frozenset[str] = frozenset(),
           macro_probe: bool = True) -> _Unit:
    out: list[str] = []
    lines: dict[int, tuple[str, object]] = {}
    for d in config:
        out.append(f"#define {d}")
    for inc, cl in includes:
        out.append(f"#include {inc}")
        lines[len(out)] = ("include", (inc, cl))
    if any(re.search(r"\bnoreturn\b", d.text) for d in decls):
        out.extend(("#ifndef noreturn", "#define noreturn _Noreturn", "#endif"))
    if macro_probe:
        # A name that is a macro: the failed assertion shows its expansion.
        out.extend(_MACRO_HELPERS)
        for name in sorted({n for d in decls for n in d.names}):
            out.append(f"#ifdef {name}")
            out.append(f'_Static_assert(0, "manlint-macro=" __manlint_xs({name}));')
            lines[len(out)] = ("macro", name)
            out.append("#endif")
    for k, decl in enumerate(decls):
        for j, name in enumerate(decl.names):
            if name in undef:
                out.append(f"#undef {name}")
            out.append(f"__typeof__({name}) *__manlint_probe_{k}_{j};")
            lines[len(out)] = ("probe", (decl, name))
        for seg in decl.segments:
            text = " " * seg.start + seg.text
            out.append(text.rstrip())
            lines[len(out)] = ("decl", (decl, seg.line))
    return _Unit("\n".join(out) + "\n", lines)


_MACRO_MSG = re.compile(r'manlint-macro=(.*?)"?\s*$')


def _macros(unit: _Unit, result) -> dict[str, str]:
    """name -> expansion, for the declared names that the headers define as macros."""
    found: dict[str, str] = {}
    for msg in result.messages:
        where = unit.lines.get(msg.line) if msg.file in ("<stdin>", "-") else None
        if where and where[0] == "macro":
            m = _MACRO_MSG.search(msg.text)
            if m:
                found[where[1]] = m.group(1).replace('\\"', '"')
    return found


def _needs_undef(name: str, expansion: str) -> bool:
    """Keep a macro that renames the function (basename -> __xpg_basename); drop the others."""
    exp = expansion.strip()
    return not (re.fullmatch(r"[A-Za-z_]\w*", exp) and exp != name)


def _groups(decls: list[Declaration]) -> list[list[Declaration]]:
    """Split so that no unit declares a name twice (variants of one function)."""
    groups: list[list[Declaration]] = []
    seen: list[set[str]] = []
    for decl in decls:
        for g, names in zip(groups, seen):
            if not names.intersection(decl.names):
                g.append(decl)
                names.update(decl.names)
                break
        else:
            groups.append([decl])
            seen.append(set(decl.names))
    return groups


_HAVE = re.compile(r"have '(.*?)'(?: \{aka '(.*?)'\})?$")
_WITH_TYPE = re.compile(r"with type '(.*?)'(?: \{aka '(.*?)'\})?$")
_CONFLICT = re.compile(r"^conflicting types for|^conflicting type qualifiers for|"
                       r"redeclared as different kind of symbol")
_MISSING = re.compile(r"^(.+?): No such file or directory$|^'(.+?)' file not found$")
_UNDECLARED = re.compile(r"undeclared|use of undeclared identifier")


@dataclass
class _Status:
    state: str = "undeclared"       # "ok", "conflict", "invalid", "undeclared", "unchecked"
    finding: PrototypeFinding | None = None
    config: tuple[str, ...] = ()


_RANK = {"ok": 4, "conflict": 3, "invalid": 2, "undeclared": 1, "unchecked": 0}


def _norm_type(t: str) -> str:
    return " ".join(t.replace("( ", "(").replace(" )", ")").split())


def _fn_parts(t: str) -> tuple[str, list[str]] | None:
    m = re.match(r"^([^()]*)\((.*)\)$", _norm_type(t))
    if not m:
        return None
    return m.group(1).strip(), [p.strip() for p in split_top_level(m.group(2))]


def is_variadic_expansion(page_type: str, header_type: str) -> bool:
    """The page lists the variadic arguments of a function declared with '...'."""
    page, header = _fn_parts(page_type), _fn_parts(header_type)
    if page is None or header is None or not header[1] or header[1][-1] != "...":
        return False
    fixed = [_strip_underscores(t) for t in header[1][:-1]]
    mine = [_strip_underscores(t) for t in page[1]]
    return (_strip_underscores(page[0]) == _strip_underscores(header[0])
            and len(mine) >= len(fixed) and mine[:len(fixed)] == fixed)


_INTEGER = re.compile(r"^(?:(?:un)?signed |long |short )*(?:int|long|short|char|unsigned|signed)$")


def is_enum_as_int(page_type: str, header_type: str) -> bool:
    """The header's parameter is a glibc enum where the page (and POSIX) say int.

    glibc declares ``prlimit(pid_t, enum __rlimit_resource, ...)`` under
    _GNU_SOURCE and ``int`` otherwise; the difference is glibc's, not the page's.
    """
    page, header = _fn_parts(page_type), _fn_parts(header_type)
    if page is None or header is None or len(page[1]) != len(header[1]):
        return False
    differ = False
    for a, b in zip(page[1], header[1]):
        if a == b or a.lstrip("_") == b.lstrip("_"):
            continue
        if b.startswith("enum ") and _INTEGER.match(a):
            differ = True
            continue
        if _strip_underscores(a) == _strip_underscores(b):
            continue
        return False
    return differ and _strip_underscores(page[0]) == _strip_underscores(header[0])


def _strip_underscores(t: str) -> str:
    """__pid_t -> pid_t: glibc spells the typedefs of its headers with underscores."""
    return re.sub(r"\b__(?=[a-z]\w*_t\b)", "", t)


def _analyse(unit: _Unit, result, decls: list[Declaration], config) -> dict[int, _Status]:
    status = {id(d): _Status("ok", None, config) for d in decls}
    broken: set[int] = set()      # decls with errors besides the conflict
    if result.timed_out:
        return {id(d): _Status("unchecked", None, config) for d in decls}
    for msg in result.messages:
        if msg.file not in ("<stdin>", "-") or not msg.is_error:
            continue
        where = unit.lines.get(msg.line)
        if where is None:
            continue
        kind, data = where
        if kind == "probe":
            decl, _name = data
            if _UNDECLARED.search(msg.text):
                status[id(decl)].state = "undeclared"
            continue
        if kind != "decl":
            continue
        decl, cl = data
        st = status[id(decl)]
        if st.state == "undeclared":
            continue
        if _CONFLICT.search(msg.text):
            note = next((n for n in msg.notes if n.file not in ("<stdin>", "-")), None)
            if note is None and msg.notes:
                continue   # previous declaration is the page's own: not a header conflict
            idx = cl.char_index(msg.col)
            line, col = cl.at(idx)
            name = next((nm for nm in decl.names if cl.text.startswith(nm, idx)), decl.name)
            end_line, end_col = cl.at(idx + len(name) - 1)
            have = _HAVE.search(msg.text)
            hdr_type = _WITH_TYPE.search(note.text) if note else None
            message = msg.text
            if have:   # drop the {aka ...} part
                message = message[:have.start()] + f"have '{_norm_type(have.group(1))}'"
            finding = PrototypeFinding(
                name, line, col, end_col + 1 if end_line == line else col + len(name), message,
                header_name(note.file) if note else "",
                _norm_type(hdr_type.group(1)) if hdr_type else "", cl.node, config,
                _norm_type(have.group(1)) if have else "")
            if st.state != "conflict":
                st.state, st.finding = "conflict", finding
        else:
            broken.add(id(decl))
    for key in broken:
        # "unknown type name 'ssize_t'" makes gcc read the type as int, and
        # the conflict that follows says nothing about the page.
        if status[key].state in ("ok", "conflict"):
            status[key].state, status[key].finding = "invalid", None
    return status


def _compile_units(compiler: Compiler, config, includes, groups, report: PrototypeReport,
                   flags: tuple[str, ...]) -> dict[int, _Status]:
    """Compile each group; a second time, with #undef, for names the headers make macros."""
    units = [_build(config, includes, g) for g in groups]
    results = compiler.run_many([CompileJob(u.source, flags) for u in units])
    report.compiles += len(units)
    redo = []
    for k, (unit, result) in enumerate(zip(units, results)):
        undef = frozenset(n for n, exp in _macros(unit, result).items() if _needs_undef(n, exp))
        if undef:
            redo.append((k, undef))
    if redo:
        again = [_build(config, includes, groups[k], undef, macro_probe=False) for k, undef in redo]
        got = compiler.run_many([CompileJob(u.source, flags) for u in again])
        report.compiles += len(again)
        for (k, _undef), unit, result in zip(redo, again, got):
            units[k], results[k] = unit, result
    merged: dict[int, _Status] = {}
    for unit, result, group in zip(units, results, groups):
        merged.update(_analyse(unit, result, group, config))
    return merged


def _missing_include(result, unit: _Unit) -> tuple[str, CodeLine] | None:
    for msg in result.messages:
        if msg.severity == "fatal error" or (msg.is_error and "file not found" in msg.text):
            where = unit.lines.get(msg.line) if msg.file in ("<stdin>", "-") else None
            if where and where[0] == "include" and _MISSING.search(msg.text):
                return where[1]
            if msg.file in ("<stdin>", "-") and where is None:
                return None
            # A header including a header that is not installed: blame the
            # page's include that led there.
            for f, ln in reversed(msg.included_from):
                if f in ("<stdin>", "-"):
                    w = unit.lines.get(ln)
                    if w and w[0] == "include":
                        return w[1]
    return None


PROTO_FLAGS = ("-w", "-fno-builtin")


def applies(doc: N.Document) -> bool:
    title = doc.title
    return title is not None and title.section[:1] in ("2", "3")


def check_prototypes(doc: N.Document, compiler: Compiler | None = None) -> PrototypeReport:
    """Compare the SYNOPSIS declarations of a section 2 or 3 page with the headers."""
    report = PrototypeReport()
    if not applies(doc):
        report.skipped = "not a section 2 or 3 page"
        return report
    compiler = compiler or find_compiler()
    if compiler is None:
        report.skipped = "no C compiler"
        return report
    syn = extract_synopsis(doc)
    report.declarations = len(syn.declarations)
    if not syn.declarations:
        report.skipped = "no declarations"
        return report
    if not syn.includes:
        report.skipped = "no #include lines"
        report.undeclared = [d.name for d in syn.declarations]
        return report
    includes = list(syn.includes)
    config = syn.config()
    report.config = config
    decls = syn.declarations
    groups = _groups(decls)

    # The first unit tells whether every include exists; drop the missing ones.
    for _ in range(MAX_MISSING_RETRIES):
        unit = _build(config, includes, groups[0])
        result = compiler.run(CompileJob(unit.source, PROTO_FLAGS))
        missing = _missing_include(result, unit)
        if missing is None:
            break
        report.compiles += 1
        report.missing_headers.append(missing[0])
        includes = [i for i in includes if i[0] != missing[0]]
        if not includes:
            report.skipped = "headers not installed: " + ", ".join(report.missing_headers)
            report.undeclared = [d.name for d in decls]
            return report

    status = _compile_units(compiler, config, includes, groups, report, PROTO_FLAGS)

    def retry(cfg, which):
        todo = [d for d in decls if status[id(d)].state in which]
        if not todo:
            return
        got = _compile_units(compiler, cfg, includes, _groups(todo), report, PROTO_FLAGS)
        for d in todo:
            new, old = got[id(d)], status[id(d)]
            if _RANK[new.state] > _RANK[old.state]:
                if new.state == "ok" and old.state == "conflict":
                    report.absolved.append((d.name, cfg))
                status[id(d)] = new

    if config != GNU:
        retry(GNU, ("undeclared", "conflict", "invalid", "unchecked"))
    for alt in ALTERNATIVES:
        if alt != config:
            retry(alt, ("conflict",))
    # A page whose includes do not declare a type it uses (pid_t with
    # <sys/ptrace.h> alone) still has a prototype worth comparing.
    todo = [d for d in decls if status[id(d)].state == "invalid"]
    if todo:
        extra = includes + [(h, None) for h in HELPER_INCLUDES if all(h != i for i, _ in includes)]
        got = _compile_units(compiler, config, extra, _groups(todo), report, PROTO_FLAGS)
        for d in todo:
            if got[id(d)].state in ("ok", "conflict"):
                status[id(d)] = got[id(d)]
                report.incomplete_includes.append(d.name)

    agreeing = {n for d in decls if status[id(d)].state == "ok" for n in d.names}
    for d in decls:
        st = status[id(d)]
        if st.state in ("ok", "conflict"):
            report.checked += 1
        if st.state == "conflict" and st.finding is not None:
            f = st.finding
            if any(n in agreeing for n in d.names):
                # Another prototype of the same name agrees with the header:
                # the page shows variants (BSD and System V setpgrp, the
                # struct fd_pair pipe() of some architectures).
                report.tolerated.append(("variant", f))
            elif f.page_type and f.header_type and is_variadic_expansion(f.page_type, f.header_type):
                report.tolerated.append(("variadic", f))
            elif f.page_type and f.header_type and is_enum_as_int(f.page_type, f.header_type):
                report.tolerated.append(("enum", f))
            else:
                report.conflicts.append(f)
        elif st.state == "undeclared":
            report.undeclared.append(d.name)
        elif st.state in ("invalid", "unchecked"):
            report.invalid.append(d.name)
    return report
