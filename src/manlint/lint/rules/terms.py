"""Terms in running text: constants, functions and options without their markup."""

from __future__ import annotations

import functools
import glob
import re

from ...diagnostics import Edit, Fix, Severity
from ..context import prose_spans as _prose_spans, starts_roman
from ..rule import Rule, register
from .folding import HABIT, LIMIT, fold
from .identifiers import known_functions

_CONSTANT = re.compile(r"(?<![\w\\/.$%])(_?[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])(?![\w(/])")
_ERRNO_LIKE = re.compile(r"(?<![\w\\/.-])(E[A-Z0-9]{2,})(?![\w(/])")
# What every match of the two above contains: one search rules most lines out.
# ("[A-Z][A-Z0-9]*_|E[A-Z0-9]{2}" with the capital first: C skips to the
# capitals with a bitmap test instead of trying both branches at every position.)
_MAY_HOLD_TERM = re.compile(r"[A-Z](?:[A-Z0-9]*_|(?<=E)[A-Z0-9]{2})")
# What the other rules' lines must hold (LintContext.running_matching).
_EMPTY_PARENS = re.compile(r"\(\)")
_HYPHEN = re.compile("-")
_ESCAPED_MINUS = re.compile(r"\\-")
_FUNCTION = re.compile(r"(?<![\w\\/.>-])([a-z_][a-z0-9_]{1,})\(\)")
# An option's dash after a blank, the line's start or an opening bracket or
# quote; the dash comes first in the pattern (the look-behinds step back over
# it) so that the search skips from dash to dash in C.
_OPTION = re.compile(r"(-(?:(?<=\s-)|(?<=^-)|(?<=[(\[\"]-))-?)(?=[A-Za-z]|\d)")
_MINUS_IN_WORD = re.compile(r"(?<=[a-z]{3})\\-(?=[a-z]{3})")

_FALLBACK_ERRNOS = """EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES
EFAULT ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG
ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP
EWOULDBLOCK ENOMSG EIDRM ENOSTR ENODATA ETIME ENOSR EREMOTE ENOLINK EPROTO EMULTIHOP EBADMSG
EOVERFLOW EILSEQ EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT
ESOCKTNOSUPPORT EOPNOTSUPP ENOTSUP EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN
ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS
ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EDQUOT ECANCELED
EOWNERDEAD ENOTRECOVERABLE ERFKILL EHWPOISON ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED ENOMEDIUM
EMEDIUMTYPE ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC ERESTART ESTRPIPE
EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EBADE EBADR EXFULL ENOANO EBADRQC EBADSLT ECHRNG EL2NSYNC
EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT ENONET ENOPKG EADV ESRMNT ECOMM EDOTDOT""".split()
# Kernel-internal values that man pages document because a tracer or a
# driver can see them (include/linux/errno.h, not exported to user space).
_KERNEL_ERRNOS = """ERESTARTSYS ERESTARTNOINTR ERESTARTNOHAND ENOIOCTLCMD ERESTART_RESTARTBLOCK
EPROBE_DEFER EOPENSTALE ENOPARAM EBADHANDLE ENOTSYNC EBADCOOKIE ENOTSUPP ETOOSMALL ESERVERFAULT
EBADTYPE EJUKEBOX EIOCBQUEUED ERECALLCONFLICT""".split()


@functools.lru_cache(maxsize=1)
def errno_names() -> frozenset[str]:
    """errno names from the system headers (the built-in list when they are absent)."""
    names = set(_FALLBACK_ERRNOS) | set(_KERNEL_ERRNOS)
    for path in glob.glob("/usr/include/asm-generic/errno*.h"):
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    m = re.match(r"#define\s+(E[A-Z0-9]+)\s", line)
                    if m:
                        names.add(m.group(1))
        except OSError:
            pass
    return frozenset(names)


@register
class UnformattedConstant(Rule):
    """A constant, flag or error name appears in running text without bold.

    man-pages(7): constants, flags and errno values are set in bold
    (".B MAP_FIXED"); in plain text they are easy to miss and hard to search.
    Terms on one line are one finding, fixed together.  A term left plain
    three or more times is reported once, at the first, and a page with
    plain terms on more than five lines is one finding (with a fix for all).
    """
    code, name, severity = "MP015", "unformatted-constant", Severity.WARNING
    message = "{message}"
    bad = "Similar to MAP_FIXED with respect to the address.\n"
    good = "Similar to\n.B MAP_FIXED\nwith respect to the address.\n"

    fix = True

    def visit_Document(self, node, ctx):
        errnos = errno_names()
        terms = ctx.terms
        first = len(ctx.diagnostics)
        found = []  # (line, raw, node, [(index, term)])
        repeats: dict[str, int] = {}
        for lineno, raw, tl in ctx.running_matching(_MAY_HOLD_TERM):
            if raw[:1] in (" ", "\t"):
                continue  # indented lines are code set by hand
            hits = []
            for start, end in _prose_spans(raw, starts_roman(tl)):
                part = raw[start:end]
                for m in _CONSTANT.finditer(part):
                    if _IN_CODE.search(part, 0, m.start(1)):
                        continue  # an argument of a call or an operand: code, not prose
                    hits.append((start + m.start(1), m.group(1)))
                for m in _ERRNO_LIKE.finditer(part):
                    word = m.group(1)
                    if word in errnos or terms.get(word) == "B":
                        hits.append((start + m.start(1), word))
            # The line-wide exclusions cost more than the search: only for lines with a hit.
            if not hits or _CODE_OPERATOR.search(raw) or ctx.section_name(tl) == "NAME":
                continue  # C expressions are code set by hand; NAME lists names
            hits.sort()
            for _index, term in hits:
                repeats[term] = repeats.get(term, 0) + 1
            found.append((lineno, raw, tl, hits))
        # A term left plain again and again is one habit, not N slips: one
        # finding, at the first (unless the page is folded as a whole below).
        habit = (sum(repeats.values()) <= LIMIT
                 and {t for t, n in repeats.items() if n >= _HABIT_TERM}) or set()
        reported: set[str] = set()
        for lineno, raw, tl, hits in found:
            hits = [(i, t) for i, t in hits if t not in habit or t not in reported]
            if hits:
                reported.update(t for _i, t in hits)
                self._report_line(ctx, lineno, raw, tl, hits, {t: repeats[t] for _i, t in hits if t in habit})
        # An old page that never sets constants in bold: one finding.  Lines,
        # not terms, are counted, and five already show the habit.
        fold(ctx, self, first, _HABIT_LINES)

    def _report_line(self, ctx, lineno, raw, node, hits, habits):
        """One finding for the line, however many terms it leaves plain: they are one edit."""
        edits, last = [], -1
        for index, term in hits:
            fix = split_term_fix(ctx, lineno, raw, index, index + len(term), "B")
            if fix is None or fix.edits[0].col <= last:
                edits = None  # an unsafe or overlapping split: edited by hand
                break
            edits.extend(fix.edits)
            last = fix.edits[-1].end_col
        names = [t for _i, t in hits]
        distinct = list(dict.fromkeys(names))
        fix = Fix("set " + ", ".join(distinct) + " with .B", tuple(edits)) if edits else None
        macros = ", ".join(".B " + t for t in distinct)
        listed = distinct[0] if len(distinct) == 1 else ", ".join(distinct[:-1]) + " and " + distinct[-1]
        message = f"{listed} in running text should be bold: {macros}"
        if habits:
            message += " (and " + ", ".join(
                f"{n - 1} more times" if len(habits) == 1 and len(names) == 1 else f"{t} {n - 1} more times"
                for t, n in habits.items()) + ")"
        index, term = hits[0]
        ctx.report(self, lineno, index + 1, index + 1 + len(term), fix, node=node, message=message)


_HABIT_TERM = 3
_HABIT_LINES = 5
_IN_CODE = re.compile(r"(?:\w\(|[<>=])\s*$")
_CODE_OPERATOR = re.compile(r"[!=<>]=|&&|\|\||->")
_ATTACHED_OK = re.compile(r"[(\[{<'`,.;:!?)\]}>/*=+-]*")


def split_term_fix(ctx, lineno: int, raw: str, start: int, end: int, font: str) -> Fix | None:
    """Move raw[start:end] onto a font-macro line of its own (".B TERM", ".BR TERM ,").

    Punctuation glued to the term stays glued, in roman, through the
    alternating macro; the text around it keeps its own lines.  None when the
    line is too tricky to split safely (quotes, escapes in the glued text,
    continuation escapes).
    """
    if "\\c" in raw or (lineno > 1 and ctx.lines[lineno - 2].rstrip().endswith("\\c")):
        return None
    tok_start = start
    while tok_start > 0 and not raw[tok_start - 1].isspace():
        tok_start -= 1
    tok_end = end
    while tok_end < len(raw) and not raw[tok_end].isspace():
        tok_end += 1
    prefix, suffix = raw[tok_start:start], raw[end:tok_end]
    if not _ATTACHED_OK.fullmatch(prefix) or not _ATTACHED_OK.fullmatch(suffix):
        return None
    term = raw[start:end]
    if prefix:
        macro = f".R{font} {prefix} {term}" + (f" {suffix}" if suffix else "")
    elif suffix:
        macro = f".{font}R {term} {suffix}"
    else:
        macro = f".{font} {term}"
    before = raw[:tok_start].rstrip()
    after_at = len(raw) - len(raw[tok_end:].lstrip())
    after = raw[after_at:]
    if before.endswith("\\") or (before and before[0] in ".'"):
        return None
    new = ("\n" if before else "") + macro
    if after:
        new += "\n" + ("\\&" if after[0] in ".'" else "")
    edit = Edit(lineno, len(before) + 1, lineno, after_at + 1, new)
    return Fix(f"set {term} with .{font}", (edit,))


# "the mbrtowc function": a function called one, by its bare name.  The
# article's first letter comes first and the look-behind checks the word
# boundary before it ("\b(?:[Tt]he|[Aa]) " tried every position): C skips
# to the candidates with a bitmap test.
_CALLED_BY_NAME = re.compile(r"[TtAa](?<!\w[TtAa])(?:(?<=[Tt])he|(?<=[Aa])) ([A-Za-z_]\w*) "
                             r"(?:function|system call|call|routine|macro)s?\b")
# What every match of it holds: the lines to search for it, found faster (a
# space, a literal, is what C skips to).
_CALLED_HINT = re.compile(r" (?:function|call|routine|macro)")


def _prose_matches(ctx, line_filter: re.Pattern, pattern: re.Pattern, line_test: re.Pattern | None = None):
    """(line, raw, text line, match) of ``pattern`` in the roman prose of the
    running-text lines ``line_filter`` finds (and ``line_test`` too, if given),
    but lines set by hand."""
    for lineno, raw, tl in ctx.running_matching(line_filter):
        if raw[:1] in (" ", "\t") or (line_test is not None and line_test.search(raw) is None):
            continue
        for start, end in _prose_spans(raw, starts_roman(tl)):
            for m in pattern.finditer(raw, start, end):
                yield lineno, raw, tl, m


@register
class UnformattedFunction(Rule):
    """A function name with parentheses appears in running text without markup.

    man-pages(7) writes ".BR name ()" so the name is bold and the parentheses
    roman (and cross-references as ".BR name (2)").  Only names of the page
    itself and of functions with a page in section 2 or 3 (of the tree being
    linted or of the system's manual) are checked: kernel-internal helpers
    mentioned in passing have no page.  The page's own functions are also
    caught by name where the text calls them one ("the mbrtowc function",
    "the ptrace call").
    """
    code, name, severity = "MP016", "unformatted-function", Severity.WARNING
    message = "{what} in running text; write .BR {func} ()"
    bad = "Call mmap() first.\n"
    good = "Call\n.BR mmap ()\nfirst.\n"

    def visit_Document(self, node, ctx):
        known = known_functions(ctx.path)
        terms = ctx.terms
        first = len(ctx.diagnostics)
        for lineno, raw, tl, m in _prose_matches(ctx, _EMPTY_PARENS, _FUNCTION):
            func = m.group(1)
            if func in known or terms.get(func) == "B":
                if raw.count('"', 0, m.start()) % 2 or ctx.section_name(tl) == "NAME":
                    continue  # a quotation (a standard's wording, a title); NAME is plain text
                ctx.report(self, lineno, m.start(1) + 1, m.end() + 1, node=tl, func=func, what=func + "()")
        for lineno, raw, tl, m in _prose_matches(ctx, _CALLED_HINT, _CALLED_BY_NAME, _CALLED_BY_NAME):
            func = m.group(1)
            if terms.get(func) == "B" and func in ctx.synopsis_functions() and not raw.count('"', 0, m.start()) % 2:
                ctx.report(self, lineno, m.start(1) + 1, m.end(1) + 1, node=tl, func=func, what=func)
        fold(ctx, self, first, 1)  # a page that writes "name()" plainly does so throughout


@register
class HyphenAsOptionDash(Rule):
    """An option or a minus sign is written with a plain hyphen.

    groff may render "-" as a hyphen (U+2010), which cannot be copied into a
    shell; options and minus signs need "\\-".
    """
    code, name, severity = "MP017", "hyphen-as-minus", Severity.WARNING
    message = "option dash or minus written as '-'; use '\\-'"
    bad = "Link with -lm.\n"
    good = "Link with \\-lm.\n"
    fix = True

    def visit_Document(self, node, ctx):
        first = len(ctx.diagnostics)
        for lineno, raw, tl in ctx.running_matching(_HYPHEN):
            for start, end in _prose_spans(raw, starts_roman(tl)):
                for m in _OPTION.finditer(raw, start, end):
                    col = m.start(1) + 1
                    dashes = m.group(1)
                    edits = tuple(Edit(lineno, col + k, lineno, col + k + 1, "\\-")
                                  for k in range(len(dashes)))
                    ctx.report(self, lineno, col, col + len(dashes), Fix("use \\-", edits), node=tl)
        name_section = ctx.section("NAME")
        if name_section is not None:
            for tl in name_section.children[0].children if name_section.children else []:
                if getattr(tl, "line", 0) and ctx.own(tl):
                    raw = ctx.lines[tl.line - 1]
                    k = raw.find(" - ")
                    if k >= 0:
                        ctx.report(self, tl.line, k + 2, k + 3,
                                   Fix("use \\-", (Edit(tl.line, k + 2, tl.line, k + 3, "\\-"),)), node=tl)
        fold(ctx, self, first, 1)  # a page that writes options with '-' does so throughout


@register
class MinusInsideWord(Rule):
    """A "\\-" joins two parts of an ordinary word.

    "\\-" is a minus sign or an option dash; a hyphenated word such as
    "system-wide" takes a plain "-", which groff may break after.  Short
    parts (ranges such as "a\\-z", modes such as "rw\\-r\\-\\-") and file
    names are left alone.  Generated
    pages are skipped (their generator writes every hyphen as "\\-").
    """
    code, name, severity = "MP018", "minus-in-word", Severity.STYLE
    message = "'\\-' inside a word; a hyphen is '-'"
    bad = "a system\\-wide limit\n"
    good = "a system-wide limit\n"
    fix = True

    def visit_Document(self, node, ctx):
        if ctx.generated:
            return
        first = len(ctx.diagnostics)
        for lineno, raw, tl in ctx.running_matching(_ESCAPED_MINUS):
            if raw[:1] in (" ", "\t"):
                continue
            for m in _MINUS_IN_WORD.finditer(raw):
                token_start = max(raw.rfind(" ", 0, m.start()), raw.rfind("\"", 0, m.start())) + 1
                token = raw[token_start:m.start()]
                if token.startswith(("\\-", "\\fB", "\\fI")) or "/" in token or "\\f" in token:
                    continue  # an option (\-\-no\-x) or a marked-up name
                word_end = re.match(r"[\w.\\-]*", raw[m.end():]).group()
                if "." in word_end.rstrip(".") or "_" in token or "_" in word_end:
                    continue  # a file name (ld\-linux.so) or an identifier
                col = m.start() + 1
                ctx.report(self, lineno, col, col + 2,
                           Fix("use '-'", (Edit(lineno, col, lineno, col + 2, "-"),)), node=tl)
        fold(ctx, self, first, 1)  # a page that writes every hyphen as \\- does so throughout


_TYPE = re.compile(r"(?<![\w\\/.$%-])([a-z][a-z0-9_]*_t)(?![\w(/-])")


@register
class UnformattedType(Rule):
    """A type name ("off_t", "pid_t") appears in running text without italics.

    man-pages(7) sets the names of types in italics (".I off_t"), like the
    other names a reader would look up in a header; plain, they read as
    ordinary words.  Lines indented by hand (code) and the NAME line are
    left alone.
    """
    code, name, severity = "MP027", "unformatted-type", Severity.WARNING
    message = "type {term} in running text should be italic: .I {term}"
    bad = "The offset cannot be represented in an off_t.\n"
    good = "The offset cannot be represented in an\n.IR off_t .\n"
    fix = True

    def visit_Document(self, node, ctx):
        text, starts, spans = ctx.prose_text()
        if "_t" not in text:
            return
        first = len(ctx.diagnostics)
        for m in _TYPE.finditer(text):
            lineno, raw, col, tl = ctx.locate(starts, spans, m.start(1))
            if raw[:1] in (" ", "\t") or raw.count('"', 0, col) % 2 or _IN_CODE.search(raw, 0, col):
                continue  # code set by hand, a quotation, an argument of a call
            if ctx.section_name(tl) == "NAME" or _CODE_OPERATOR.search(raw):
                continue
            term = m.group(1)
            fix = split_term_fix(ctx, lineno, raw, col, col + len(term), "I")
            ctx.report(self, lineno, col + 1, col + 1 + len(term), fix, node=tl, term=term)
        fold(ctx, self, first, HABIT)  # a page that leaves types plain does so throughout

