"""Rules that check a page's claims against the world: headers, other pages, its own ERRORS."""

from __future__ import annotations

import os
import re

from ..diagnostics import Severity
from ..man import nodes as N
from ..man.parser import tree_root
from ..man.query import tagged_lists
from .rule import Rule, register
from .rules.terms import errno_names

_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_SKIP_PREFIXES = ("CONFIG_", "LD_", "MALLOC_", "GLIBC_", "POSIXLY_", "LC_ALL", "LANG_")
_FAILS_WITH = re.compile(r"\b(?:fails?|failing)\b[^.]*?\b(?:with|error)\b[^.]*?\b(E[A-Z0-9]{2,})\b"
                         r"|\berror\s+(E[A-Z0-9]{2,})\b")
_CHECKED_SECTIONS = ("2", "3", "4", "7")
_HISTORICAL = re.compile(r"obsolete|removed|no longer|historical|deprecated|not (?:implemented|supported)"
                         r"|unused|is ignored|BSD|Solaris|other systems|before Linux|until Linux"
                         r"|kernel-internal|internal to the kernel", re.I)


def _page_section(ctx) -> str:
    title = ctx.doc.title
    return (title.section if title is not None else "")[:1]


def _bold_names(ctx):
    """(name, node) for bold constant-like words in the page's own text."""
    for node in ctx.doc.walk():
        if isinstance(node, N.Text) and node.font in ("B", "BI") and ctx.own(node):
            word = node.plain.strip().rstrip(".,;:")
            if _CONSTANT_NAME.match(word):
                yield word, node


@register
class UndefinedConstant(Rule):
    """A constant the page documents is not defined by any system header.

    A flag in a tagged list, or a bold ALL_CAPS name, that no header under
    /usr/include defines is usually misspelled or was renamed before it was
    released (MAP_FIXED_SAFE became MAP_FIXED_NOREPLACE). The closest defined
    name and its header are suggested. Pages about names the headers cannot
    know (glibc internals, other architectures) can suppress it with
    '.\\" manlint: ignore-file[HD001]' or per-file-ignores.  Off by default
    for a whole tree (--extend-select HD001); check-patch applies it to the
    text a patch adds.
    """
    code, name, severity = "HD001", "undefined-constant", Severity.WARNING
    # Whether a name is defined depends on the headers installed (their
    # version, the architecture): on 5.13 most findings were historical or
    # arch-specific names.  On by request, and in check-patch for new text.
    default_enabled = False
    message = "{name} is not defined by the system headers{hint}"
    bad = ".SH DESCRIPTION\n.TP\n.B MAP_FIXED_SAFE\nNever clobbers a mapping.\n"
    good = ".SH DESCRIPTION\n.TP\n.B MAP_FIXED_NOREPLACE\nNever clobbers a mapping.\n"

    def finish(self, ctx):
        if _page_section(ctx) not in _CHECKED_SECTIONS:
            return
        from ..world.headers import load_index
        index = load_index()
        if index is None or len(index) < 1000:
            return
        candidates: list[tuple[str, N.Node]] = []
        env = ctx.section("ENVIRONMENT")
        for entry in ctx.entries:
            if not entry.node.tag.children:
                continue
            names = [name for name in entry.names if _CONSTANT_NAME.match(name)]
            if not names or (env is not None and _inside(entry.node, env)):
                continue
            if _HISTORICAL.search(entry.text):
                continue  # obsolete or foreign flags are documented on purpose
            candidates.extend((name, entry.node.tag.children[0]) for name in names)
        documented = {n for n, _node in candidates}
        seen: set[str] = set()
        for name, node in candidates:
            if name in seen or name in index or name.startswith(_SKIP_PREFIXES) or not ctx.own(node):
                continue
            # Report only members of a family the headers know (MAP_FIXED_* for
            # MAP_FIXED_SAFE): a wholly unknown family means headers that are not
            # installed, another architecture, or kernel internals.
            family = name.rsplit("_", 1)[0]
            if len(family.split("_", 1)[0]) < 3 or not index.has_prefix(family + "_"):
                continue
            seen.add(name)
            best = index.closest(name, avoid=documented)
            hint = f"; did you mean {best} ({index.header(best)})?" if best else ""
            ctx.report(self, node.line, node.col, node.col + len(name), node=node, name=name, hint=hint)


def _inside(node: N.Node, ancestor: N.Node) -> bool:
    n = node
    while n is not None:
        if n is ancestor:
            return True
        n = n.parent
    return False


def _errors_lists(ctx):
    section = ctx.section("ERRORS")
    if section is None:
        return []
    out = []
    for entries in tagged_lists(section):
        names = [e.name for e in entries]
        if names and sum(n.startswith("E") for n in names) * 2 > len(names):
            out.append(entries)
    return out


@register
class ErrorsTagNotErrno(Rule):
    """An ERRORS entry is not an errno name.

    The ERRORS list names the values errno takes; a tag that is not one (a
    typo such as EINVALL, or a made-up name) misleads every reader.
    """
    code, name, severity = "HD002", "unknown-errno", Severity.ERROR
    message = "{name} in ERRORS is not an errno value{hint}"
    bad = ".SH ERRORS\n.TP\n.B EINVALL\nBad argument.\n"
    good = ".SH ERRORS\n.TP\n.B EINVAL\nBad argument.\n"

    def finish(self, ctx):
        errnos = errno_names()
        for entries in _errors_lists(ctx):
            for e in entries:
                for name in e.names:
                    if name.startswith("E") and name.isupper() and name not in errnos and ctx.own(e.node):
                        import difflib
                        close = difflib.get_close_matches(name, errnos, n=1, cutoff=0.8)
                        hint = f"; did you mean {close[0]}?" if close else ""
                        tag = e.node.tag.children[0] if e.node.tag.children else e.node
                        ctx.report(self, tag.line, tag.col, node=tag, name=name, hint=hint)


def _flag_errors(ctx) -> list:
    """(flag, errno, entry) where a flag's description says the call fails with errno
    (asked by two rules: found once a page)."""
    return ctx.cached("flag-errors", lambda: list(_find_flag_errors(ctx)))


def _find_flag_errors(ctx):
    desc = ctx.section("DESCRIPTION")
    if desc is None:
        return
    names = ctx.section("NAME")
    funcs = re.findall(r"[A-Za-z_]\w*", names.text().split(" - ")[0]) if names is not None else []
    own = "|".join(re.escape(f) + r"\(\)" for f in funcs[:8] if f != "NAME") or r"(?!x)x"
    for entry in ctx.entries:
        if not _inside(entry.node, desc):
            continue
        flag = entry.name
        if not _CONSTANT_NAME.match(flag):
            continue
        text = entry.text
        for m in _FAILS_WITH.finditer(text):
            before = text[max(0, m.start() - 12):m.end()]
            if re.search(r"\b(?:not|never|n't)\b|n't ", before):
                continue  # "doesn't fail with ENOMEM"
            subject = text[max(0, m.start() - 40):m.start() + 10]
            if not re.search(r"\b(?:this|the) call\b|" + own, subject):
                continue  # another call's error ("write(2) fails with EPERM")
            yield flag, m.group(1) or m.group(2), entry


@register
class ErrorsEntryMissingFlag(Rule):
    """An ERRORS entry for a flag-specific failure does not name the flag.

    When a flag's description says the call fails with an error, the ERRORS
    entry for that error should say under which flag it happens, so a reader
    who starts from ERRORS finds the cause.
    """
    code, name, severity = "HD003", "errors-entry-missing-flag", Severity.WARNING
    message = "no ERRORS entry for {errno} names {flag}, whose description says the call fails with {errno}"
    bad = (".SH DESCRIPTION\n.TP\n.B MAP_SAFE\nThen the call fails with the error\n.BR EEXIST .\n"
           ".SH ERRORS\n.TP\n.B EEXIST\nThe range clashes with an existing mapping.\n")
    good = (".SH DESCRIPTION\n.TP\n.B MAP_SAFE\nThen the call fails with the error\n.BR EEXIST .\n"
            ".SH ERRORS\n.TP\n.B EEXIST\n.B MAP_SAFE\nwas specified and the range clashes with a mapping.\n")

    def finish(self, ctx):
        lists = _errors_lists(ctx)
        if not lists:
            return
        by_errno: dict[str, list] = {}
        for entries in lists:
            for e in entries:
                for name in e.names:
                    by_errno.setdefault(name, []).append(e)
        for flag, errno, _entry in _flag_errors(ctx):
            found = by_errno.get(errno)
            if not found:
                continue
            if any(re.search(r"\b" + re.escape(flag) + r"\b", e.text) for e in found):
                continue
            target = found[-1]
            if ctx.own(target.node):
                ctx.report(self, target.line, 1, node=target.node, errno=errno, flag=flag)


@register
class ErrorWithoutEntry(Rule):
    """The text says a call fails with an error that ERRORS does not list.

    Every errno value the DESCRIPTION promises should have an ERRORS entry.
    """
    code, name, severity = "HD004", "error-without-entry", Severity.WARNING
    message = "{flag} is said to fail with {errno}, but ERRORS has no {errno} entry"
    bad = (".SH DESCRIPTION\n.TP\n.B MAP_SAFE\nThen the call fails with the error\n.BR EEXIST .\n"
           ".SH ERRORS\n.TP\n.B EINVAL\nBad flags.\n")
    good = (".SH DESCRIPTION\n.TP\n.B MAP_SAFE\nThen the call fails with the error\n.BR EEXIST .\n"
            ".SH ERRORS\n.TP\n.B EEXIST\n.B MAP_SAFE\nwas given and the range is in use.\n"
            ".TP\n.B EINVAL\nBad flags.\n")

    def finish(self, ctx):
        lists = _errors_lists(ctx)
        if not lists:
            return
        listed = {n for entries in lists for e in entries for n in e.names}
        reported = set()
        for flag, errno, entry in _flag_errors(ctx):
            if errno in listed or errno not in errno_names() or (flag, errno) in reported:
                continue
            reported.add((flag, errno))
            if ctx.own(entry.node):
                ctx.report(self, entry.line, 1, node=entry.node, flag=flag, errno=errno)


@register
class ReferenceWrongSection(Rule):
    """A cross-reference sends readers to a section of the Linux man-pages
    (2, 4, 5 or 7) that does not hold the page.

    "posix_memalign(2)" when the page is posix_memalign(3) leads nowhere.
    In these sections the Linux man-pages have nearly every page, on every
    system.  Sections 1, 3 and 8 also hold other packages' pages
    (keyutils' keyctl(3), numactl's numa(3)) and commands whose section
    differs between distributions, so a reference to them is XR005's, and
    so is one to a command's page under a section of its own package
    ("groff(7)" is groff's language page, where installed).  syscalls(2)
    is left alone: it names every system call in section 2, "ftime(2)"
    too, whose page is ftime(3).
    """
    code, name, severity = "XR002", "reference-wrong-section", Severity.WARNING
    message = "no page {ref}; the page is {other}"
    bad = ".SH SEE ALSO\n.BR fifo (4)\n"
    good = ".SH SEE ALSO\n.BR fifo (7)\n"

    def finish(self, ctx):
        if os.path.basename(ctx.path) in ("syscalls.2", "syscalls.2.gz"):
            return  # the list of system calls names each in section 2, even those documented in 3
        for ref, name, sects in _misdirected_references(ctx):
            if _project_section(ref.section) and _programming(sects):
                _report_section(self, ctx, ref, name, sects)


@register
class CommandReferenceWrongSection(Rule):
    """A cross-reference gives a section 1, 3 or 8 that does not hold the page,
    or another section where only a command's page exists.

    "setcap(1)" when only setcap(8) exists sends readers to nothing.  But
    which section holds a command differs between distributions (findfs(8)
    here, findfs(1) there), and other packages' pages (keyctl(3) from
    keyutils) come and go with what is installed, so this is off for whole
    pages; check-patch turns it on for the references a patch adds.
    """
    code, name, severity = "XR005", "other-reference-wrong-section", Severity.WARNING
    message = "no page {ref}; the page is {other}"
    default_enabled = False
    bad = ".SH SEE ALSO\n.BR ls (8)\n"
    good = ".SH SEE ALSO\n.BR ls (1)\n"

    def finish(self, ctx):
        for ref, name, sects in _misdirected_references(ctx):
            if not (_project_section(ref.section) and _programming(sects)):
                _report_section(self, ctx, ref, name, sects)


def _project_section(section: str) -> bool:
    """Sections 2, 4, 5 and 7, where the Linux man-pages are nearly alone."""
    return section[:1] in "2457"


def _programming(sections: list[str]) -> bool:
    """Whether the page is a page of the programming manual (2 to 7), not only
    a command's: groff(1) does not make "groff(7)" a slip, another package has it."""
    return any(s[:1] in "234567" for s in sections)


def _misdirected_references(ctx) -> list:
    """(reference, name, sections it exists in) of each of the page's own
    references to a page that exists, but not in the section given (asked
    by XR002 and XR005: found once a page)."""
    return ctx.cached("misdirected-references", lambda: list(_find_misdirected(ctx)))


def _find_misdirected(ctx):
    from ..world.pages import page_index
    index = page_index(tree_root(ctx.path))
    seen = set()
    for ref in ctx.of_type(N.Reference):
        name = ref.name.strip()
        key = (name, ref.section)
        if key in seen or not ctx.own(ref) or not ref.section:
            continue
        seen.add(key)
        sects = index.sections(name)
        if sects and not index.exists(name, ref.section):
            yield ref, name, sorted(sects)


def _report_section(rule, ctx, ref, name, sects) -> None:
    other = ", ".join(f"{name}({s})" for s in sects)
    ctx.report(rule, ref.line, ref.col, ref.col + len(name), node=ref, ref=f"{name}({ref.section})", other=other)


@register
class UnresolvedReference(Rule):
    """A cross-reference names a page that exists neither in the tree nor on the system.

    References are resolved against the manual tree the page lives in, then
    the system's manpath; the closest existing page is suggested.
    """
    code, name, severity = "XR003", "unresolved-reference", Severity.WARNING
    message = "no page {ref} in the tree or the manpath{hint}"
    # Which pages exist depends on what is installed; on by request.
    default_enabled = False
    bad = ".SH SEE ALSO\n.BR nosuchpagexyz (2)\n"
    good = ".SH SEE ALSO\n.BR ls (1)\n"

    def finish(self, ctx):
        from ..world.pages import page_index
        index = page_index(tree_root(ctx.path))
        if not index:
            return
        seen = set()
        for ref in ctx.of_type(N.Reference):
            key = (ref.name, ref.section)
            if key in seen or not ctx.own(ref) or not ref.section:
                continue
            seen.add(key)
            name = ref.name.strip()
            if index.exists(name, ref.section) or name in index:
                continue
            best = index.suggestion(name, ref.section)
            ctx.report(self, ref.line, ref.col, ref.col + len(name), node=ref,
                       ref=f"{name}({ref.section})", hint=f"; did you mean {best}?" if best else "")
