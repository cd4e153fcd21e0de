"""Terms set in the wrong font, and references a page makes to itself."""

from __future__ import annotations

import os
import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ..rule import Rule, register
from .folding import fold
from .terms import _CONSTANT, errno_names

_PUNCT = re.compile(r"[.,;:)]+")
_SWAP = {"B": "I", "I": "B", "BR": "IR", "IR": "BR"}
_MACRO_AT = re.compile(r"^([.'][ \t]*)(BR|IR|B|I)(?=[ \t])")
_TYPE_NAME = re.compile(r"[a-z][a-z0-9_]*_t")  # size_t, pid_t: typedef names, in italics
_OPT_IN_FONT = re.compile(r"\\f[BI](-{1,2})(?=[A-Za-z])")


def _swap_fix(ctx, node, new_macro: str):
    """Replace the macro name of a one-line font macro of the page's own source."""
    if not ctx.own(node) or node.line > len(ctx.lines):
        return None
    text = ctx.lines[node.line - 1]
    m = _MACRO_AT.match(text)
    if not m or m.group(2) != node.macro or text.endswith("\\"):
        return None
    return Fix(f"use .{new_macro}", (Edit(node.line, m.start(2) + 1, node.line, m.end(2) + 1, new_macro),))


def _simple_term(node) -> str | None:
    """The term of '.B term', '.I term' or '.BR term punct': None for anything else."""
    if node.macro in ("B", "I") and len(node.args) == 1:
        return node.args[0][0]
    if node.macro in ("BR", "IR") and len(node.args) == 2 and _PUNCT.fullmatch(node.args[1][0]):
        return node.args[0][0]
    return None


@register
class WrongFontForTerm(Rule):
    """A constant is set in italics, or one of the page's arguments in bold.

    man-pages(7) sets constants, flags and error names in bold and the
    arguments of the function a page documents (the italic names of its
    SYNOPSIS) and type names ("size_t") in italics; swapping the two
    misleads the reader about what the word is.  Only a term standing alone in .B/.I (or .BR/.IR with
    punctuation) is checked, outside SYNOPSIS.
    """
    code, name, severity = "MP024", "wrong-font-for-term", Severity.WARNING
    message = "{term} is {what}; use .{macro}"
    bad = ".SH SYNOPSIS\n.BI \"int frob(int \" fd );\n.SH DESCRIPTION\nThe argument\n.B fd\nis a file descriptor.\nThe flag\n.I MAP_FIXED\nis set.\nThe type\n.B size_t\nis unsigned.\n"
    good = ".SH SYNOPSIS\n.BI \"int frob(int \" fd );\n.SH DESCRIPTION\nThe argument\n.I fd\nis a file descriptor.\nThe flag\n.B MAP_FIXED\nis set.\nThe type\n.I size_t\nis unsigned.\n"
    fix = True

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        # A term set in the wrong font again and again is one habit: one finding, at the first.
        seen: set[str] = set()
        kept = []
        for d in ctx.diagnostics[self._first:]:
            if d.code == self.code:
                term = d.message.partition(" ")[0]
                if term in seen:
                    continue
                seen.add(term)
            kept.append(d)
        ctx.diagnostics[self._first:] = kept
        fold(ctx, self, self._first)

    def visit_Document(self, node, ctx):
        # The page's font macros in one loop, not one visit each (a call per
        # macro for the few this rule looks at).
        verdicts: dict[tuple[str, str], str | None] = {}
        for fm in ctx.of_type(N.FontMacro):
            if fm.macro in _SWAP and not fm.next_line:
                self._check(fm, ctx, verdicts)

    def _check(self, node, ctx, verdicts):
        term = _simple_term(node)
        if term is None or "\\" in term:
            return
        # The verdict depends on the term and the page only: once a page per term.
        font = node.macro[0]
        key = (font, term)
        if key in verdicts:
            what = verdicts[key]
        else:
            what = verdicts[key] = _verdict(ctx, font, term)
        if what is None:
            return
        # Where the macro stands is asked last: it walks up the tree.
        if ctx.section_name(node) in ("SYNOPSIS", "NAME", "") or ctx.in_nofill(node):
            return
        new = _SWAP[node.macro]
        ctx.report(self, node.line, node.col, node.col + len(node.macro) + 1,
                   _swap_fix(ctx, node, new), node=node, term=term, what=what, macro=new)


def _verdict(ctx, font: str, term: str) -> str | None:
    """What is wrong with ``term`` set alone in font ``font`` ('I' or 'B'), or None."""
    args, synopsis_words = _synopsis_words(ctx)
    if font == "I":
        if not (_CONSTANT.fullmatch(term) or term in errno_names()):
            return None
        if term in synopsis_words:
            return None  # a type or macro argument the SYNOPSIS itself shows
        return "a constant set in italics"
    if term[0].islower() and term in _struct_fields(ctx) and term not in synopsis_words:
        if term in _bold_terms(ctx):
            return None
        return "a structure field set in bold"
    if _TYPE_NAME.fullmatch(term):
        if term in _bold_terms(ctx):
            return None
        return "a type name set in bold"
    if term not in args or not term[0].islower() or term in _bold_terms(ctx):
        return None
    return "an argument of the page's SYNOPSIS set in bold"


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _synopsis_words(ctx) -> tuple[set[str], set[str]]:
    """(argument names: only ever italic in SYNOPSIS, every word of SYNOPSIS)."""
    def compute():
        italic: set[str] = set()
        other: set[str] = set()
        section = ctx.section("SYNOPSIS")
        if section is not None:
            for t in section.walk():
                if isinstance(t, N.Text):
                    words = _WORD.findall(t.plain)
                    (italic if t.font == "I" else other).update(words)
                elif isinstance(t, N.Reference):
                    other.add(t.name)
        return italic - other, italic | other
    return ctx.cached("synopsis-words", compute)


_FIELD_DECL = re.compile(r"^[ \t]+(?:(?:const|unsigned|signed|struct|union|enum|volatile)[ \t]+)*"
                         r"[A-Za-z_]\w*[ \t*]+\**([a-z_]\w*)(?:\[[^\]]*\])?;")


def _struct_fields(ctx) -> set[str]:
    """Field names declared in the page's code blocks ("    int mt_count;")."""
    def compute():
        lines = ctx.lines
        matches = (_FIELD_DECL.match(lines[ln - 1]) for ln in ctx.nofill_lines if ln <= len(lines))
        return {m.group(1) for m in matches if m}
    return ctx.cached("struct-fields", compute)


def _bold_terms(ctx) -> set[str]:
    """Words the page sets in bold in a tag (struct fields, constants, options)."""
    def compute():
        found: set[str] = set()
        for tp in ctx.of_type(N.TaggedParagraph):
            for t in tp.tag.walk():
                if isinstance(t, N.Text) and t.font == "B":
                    found.update(t.plain.split())
        return found
    return ctx.cached("bold-tags", compute)


def _page_names(ctx) -> set[str]:
    names: set[str] = set()
    section = ctx.section("NAME")
    if section is not None:
        head = section.text().split(" - ")[0]
        names.update(w.strip(",") for w in head.split() if w.strip(","))
    return names


@register
class SelfReference(Rule):
    """The page refers to its own subject as a cross-reference "name(N)".

    man-pages(7): a reference to the function or command the page itself
    documents is written ".BR name ()" (or just bold for a command), not as
    a cross-reference to the page the reader is already in.
    """
    code, name, severity = "XR010", "self-reference", Severity.WARNING
    message = "{ref} is this page; write .BR {name} ()"
    bad = ".SH DESCRIPTION\nA successful\n.BR frob (2)\nreturns zero.\n"
    good = ".SH DESCRIPTION\nA successful\n.BR frob ()\nreturns zero.\n"
    fix = True

    def visit_Document(self, node, ctx):
        title = node.title
        if title is None or not title.section:
            return
        base = os.path.basename(ctx.path or "")
        if base.endswith(".gz"):
            base = base[:-3]
        stem, _dot, ext = base.rpartition(".")
        names = _page_names(ctx) | ({stem} if stem else set())
        section = title.section.lower()
        if not names or not ext[:1].isdigit():
            return
        first = len(ctx.diagnostics)
        for ref in ctx.of_type(N.Reference):
            if ref.name not in names or ref.section.lower() != section or not ctx.own(ref):
                continue
            if ctx.section_name(ref) in ("SEE ALSO", "NAME"):
                continue
            fix = None
            if ref.macro == "BR" and ref.line <= len(ctx.lines):
                text = ctx.lines[ref.line - 1]
                old = f"({ref.section})"
                k = text.find(old)
                if k >= 0 and text.count(old) == 1 and section[:1] in "23":
                    fix = Fix("write name ()", (Edit(ref.line, k + 1, ref.line, k + 1 + len(old), "()"),))
            if section[:1] not in "23":
                continue  # a command's own name: plain bold; not worth a finding without a fix
            ctx.report(self, ref.line, ref.col, ref.col + len(ref.name), fix, node=ref,
                       ref=ref.plain, name=ref.name)
        fold(ctx, self, first, 1)  # a page that names itself with its section does so throughout


@register
class OptionDashInFont(Rule):
    """An option set in bold or italics with \\f escapes starts with a plain hyphen.

    "\\fI-lm\\fP" may print a hyphen (U+2010) that cannot be pasted into a
    shell; the option needs "\\-", inside the font change as outside it.
    """
    code, name, severity = "MP019", "option-dash-in-font", Severity.WARNING
    message = "option dash written as '-' inside a font escape; use '\\-'"
    bad = "Link with \\fI-lm\\fP.\n"
    good = "Link with \\fI\\-lm\\fP.\n"
    fix = True

    def visit_Document(self, node, ctx):
        lines = ctx.lines
        own = ctx.source
        if not _OPT_IN_FONT.search(own.text):
            return  # one search of the page in C: most pages have no such option at all
        for tl in ctx.of_type(N.TextLine):
            # every text line of the page's own, SYNOPSIS ("Link with \fI-lm\fP.") included
            lineno = tl.line
            if tl.source is not own or tl.origin is not None or not 0 < lineno <= len(lines):
                continue
            raw = lines[lineno - 1]
            if "\\f" not in raw or type(tl.parent) is N.TableCell:
                continue
            for m in _OPT_IN_FONT.finditer(raw):
                col = m.start(1) + 1
                n = len(m.group(1))
                edits = tuple(Edit(lineno, col + k, lineno, col + k + 1, "\\-") for k in range(n))
                ctx.report(self, lineno, col, col + n, Fix("use \\-", edits), node=tl)


_COMMA_BEFORE_DASH = re.compile(r",[ \t]*(?=\\-)")


@register
class NameListComma(Rule):
    """The NAME line puts a comma after the last name, before "\\-".

    The names are a list separated by commas, and "\\-" ends it: "erf,
    erff, erfl, \\- error function" prints a stray comma that whatis(1) and
    apropos(1) show.  The fix deletes it.
    """
    code, name, severity = "MP048", "name-list-comma", Severity.WARNING
    message = "comma after the last name in NAME"
    bad = ".TH ERF 3 2024-01-01\n.SH NAME\nerf, erff, erfl, \\- error function\n"
    good = ".TH ERF 3 2024-01-01\n.SH NAME\nerf, erff, erfl \\- error function\n"
    fix = True

    def visit_Document(self, node, ctx):
        section = ctx.section("NAME")
        if section is None or not ctx.own(section):
            return
        lines = ctx.lines
        for lineno in range(section.line + 1, min(section.end_line, len(lines)) + 1):
            text = lines[lineno - 1]
            if text[:1] in (".", "'"):
                continue
            m = _COMMA_BEFORE_DASH.search(text)
            if m is not None:
                fix = Fix("delete the comma", (Edit(lineno, m.start() + 1, lineno, m.end() + 1, " "),))
                ctx.report(self, lineno, m.start() + 1, m.start() + 2, fix)
                return


# A word of prose as one unquoted argument: letters, maybe closing punctuation.
_PROSE_WORD = re.compile(r"[A-Za-z][A-Za-z']*[.,;:]?$")


@register
class ProseInAlternatingMacro(Rule):
    """Words of the sentence follow a term on its .BR or .IR line.

    ".BR crypt_r () is a GNU extension." alternates the fonts word by word
    with no space between them: "crypt_r()isaGNUextension.".  The term and
    its punctuation belong on the macro line, the sentence on the next.  A
    line with quotes is left alone (quoted arguments keep their spaces), and
    so is a suffix glued on purpose (".BR PTRACE_DETACH ed").
    """
    code, name, severity = "MP053", "prose-in-alternating-macro", Severity.WARNING
    message = "words after the term run together in .{macro}; put them on the next line"
    bad = "The function\n.BR crypt_r () is a GNU extension.\n"
    good = "The function\n.BR crypt_r ()\nis a GNU extension.\n"
    fix = True

    def visit_FontMacro(self, node, ctx):
        args = node.args
        if node.macro not in ("BR", "IR") or len(args) < 3 or not ctx.own(node):
            return
        raw = ctx.lines[node.line - 1] if node.line <= len(ctx.lines) else ""
        if '"' in raw or not raw.startswith("." + node.macro) or raw.endswith("\\"):
            return
        # The prose starts after the term and its punctuation ("()", "(2),"),
        # if any; it is two words in a row.
        start = 1 if _PROSE_WORD.match(args[1][0]) else 2
        if not any(_PROSE_WORD.match(a[0]) and _PROSE_WORD.match(b[0])
                   for a, b in zip(args[start:], args[start + 1:])):
            return
        if start == 1:
            head = f".{node.macro[0]} {args[0][0]}"  # the term alone: one font
        else:
            head = f".{node.macro} {args[0][0]} {args[1][0]}"
        rest = " ".join(a[0] for a in args[start:])
        fix = ctx.replace_line_fix("move the words to the next line", node.line, head + "\n" + rest)
        ctx.report(self, node.line, node.col, node.col + 3, fix, node=node, macro=node.macro)
