"""Names one slip away from the right one: references to pages, arguments, function names."""

from __future__ import annotations

import os
import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ...spelling import NAME_CHARS, edits1
from ..rule import Rule, register

_IDENT = re.compile(r"[a-z_][a-z0-9_]*")
# Sections whose pages the Linux man-pages hold nearly all of.  Commands
# (1, 8) mostly come from other packages, and glibc has many functions
# without a page (section 3), so a near miss there means little.
_OWN_SECTIONS = "2457"


def known_functions(path: str):
    """Names with a page in section 2 or 3 (system calls and library functions)
    in the tree ``path`` belongs to or in the system's manual (supports ``in``)."""
    return _names_with_page(path, "23")


def known_page_names(path: str):
    """Names with a page in any section, of the tree ``path`` belongs to or of the system's manual."""
    return _names_with_page(path, "123456789")


def _names_with_page(path: str, sections: str):
    folder = os.path.dirname(path)
    names = _NAMES.get((folder, sections))  # asked for every page: by folder, not by index
    if names is None:
        from ...man.parser import tree_root
        from ...world.pages import page_index
        names = _NAMES[folder, sections] = page_index(tree_root(path)).names_in(sections)
    return names


_NAMES: dict[tuple[str, str], object] = {}


def _listed_system_calls(path: str) -> frozenset[str]:
    from ...man.parser import tree_root
    from ...world.pages import page_index
    return page_index(tree_root(path)).listed_system_calls()


def close_names(name: str, known, inner: bool = False) -> list[str]:
    """Names of ``known`` one edit from ``name``; with ``inner``, only edits that keep
    the first and last characters (a slip, not a prefix or suffix of another name)."""
    edits = set(edits1(name, NAME_CHARS))
    among = getattr(known, "among", None)  # a NameSet answers for all of them at once
    hits = among(edits) if among is not None else {e for e in edits if e in known}
    out = {e for e in hits if not inner or (e[:1] == name[:1] and e[-1:] == name[-1:])}
    out.discard(name)
    return sorted(out)


def _used_again(ctx, word: str) -> bool:
    """True when ``word`` occurs more than once in the page source (as a substring: a cheap upper bound)."""
    text = ctx.source.text
    first = text.find(word)
    return first >= 0 and text.find(word, first + 1) >= 0


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one letter dropped, added, changed or two swapped."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or a == b:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def _close_in(word: str, names) -> list[str]:
    """Names of a small set one inner edit from ``word`` (first and last characters kept)."""
    return sorted(n for n in names if n[:1] == word[:1] and n[-1:] == word[-1:] and _one_edit(word, n))


@register
class MisspelledReference(Rule):
    """A cross-reference names no page of the Linux man-pages, but one letter
    dropped, added, changed or swapped gives a page of that section.

    ".BR minore (2)" for mincore(2), ".BR pkey (7)" for pkeys(7).  Only
    sections 2, 4, 5 and 7 are checked, where the Linux man-pages have
    nearly every page.  The pages that exist are those of the tree being
    linted and of the system's manual (its manpath), as for XR002 and
    XR005.  The first letter must be kept ("rhosts" is no slip of hosts), and a section
    that names two such pages lists calls that have none (Alpha's getxpid
    and getxuid), so it is left alone.
    """
    code, name, severity = "XR004", "misspelled-reference", Severity.WARNING
    # What exists depends on what is installed; with the first letter kept
    # and a section naming two missing pages left alone, its findings on
    # man-pages 5.13 (3) and on the maintainers' fixed pages were all slips.
    message = "no page {ref} in this tree or the system's manual; did you mean {hint}?"
    bad = ".SH SEE ALSO\n.BR mincre (2)\n"
    good = ".SH SEE ALSO\n.BR mincore (2)\n"

    def __init__(self) -> None:
        super().__init__()
        self._near: dict[tuple, list[str]] = {}  # (known names, missing name) -> names one slip away

    def finish(self, ctx):
        refs = ctx.of_type(N.Reference)
        if not refs:
            return
        # Membership name by name in the packed tables: unpacking the index
        # (20,000 names) would cost more than linting the page.
        pages = known_page_names(ctx.path)
        index = None
        seen: set[str] = set()
        found = []
        for ref in refs:
            name = ref.name.strip()
            section = ref.section[:1]
            if (not section or section not in _OWN_SECTIONS or name in pages or name in seen
                    or len(name) < 4 or not ctx.own(ref)):
                continue
            seen.add(name)
            if index is None:
                from ...man.parser import tree_root
                from ...world.pages import page_index
                index = page_index(tree_root(ctx.path))
            # The first letter is kept: a letter put before or taken from the
            # front makes another thing's name ("rhosts" is no slip of hosts).
            key = (id(pages), name)  # the names known to this page's tree (cached, so the id stays)
            near = self._near.get(key)
            if near is None:  # the same missing pages are cited by many pages of a run
                near = self._near[key] = [c for c in close_names(name, pages) if c[0] == name[0]]
            close = [c for c in near if any(s[:1] == section for s in index.sections(c))]
            if not close or _in_tree(ctx, name):
                continue
            found.append((ctx.section_name(ref), ref, name, section, close))
        # Two such names in one section are a list of calls that have no page
        # (Alpha's getxpid(2) and getxuid(2)), not two slips.
        per_section: dict = {}
        for f in found:
            per_section[f[0]] = per_section.get(f[0], 0) + 1
        for heading, ref, name, section, close in found:
            if per_section[heading] > 1:
                continue
            hint = " or ".join(f"{c}({section})" for c in close[:3])
            ctx.report(self, ref.line, ref.col, ref.col + len(name), node=ref,
                       ref=f"{name}({ref.section})", hint=hint)


def _in_tree(ctx, name: str) -> bool:
    from ...man.parser import tree_root
    from ...world.pages import page_index
    root = tree_root(ctx.path)
    return bool(root) and name in page_index(root, search_path=[])


@register
class MisspelledArgument(Rule):
    """An italic name in the text is no argument of the SYNOPSIS, but one letter
    dropped, added, changed or swapped inside it gives one.

    ".I olfd" where the SYNOPSIS says oldfd, ".I sockd" for sockfd.  Only
    names that occur once in the page are checked (a name used throughout
    is a structure field or a variable of the text), and the first and last
    letters must agree (buf and bufp are two names).  An argument written
    with a capital (".I Request" at the start of a sentence) is reported
    too: C names keep their case wherever they stand.
    """
    code, name, severity = "MP040", "misspelled-argument", Severity.WARNING
    message = "{word!r} is not an argument in the SYNOPSIS; did you mean {hint}?"
    bad = ".SH SYNOPSIS\n.BI \"int dup(int \" oldfd );\n.SH DESCRIPTION\n.I olfd\nis closed.\n"
    good = ".SH SYNOPSIS\n.BI \"int dup(int \" oldfd );\n.SH DESCRIPTION\n.I oldfd\nis closed.\n"

    def finish(self, ctx):
        synopsis = ctx.section("SYNOPSIS")
        if synopsis is None or not ctx.own(synopsis):
            return
        # One pass over the page's italic runs: arguments inside SYNOPSIS, candidates outside.
        first, last = synopsis.line, synopsis.end_line
        args: set[str] = set()
        italic = []
        for text in _italic_runs(ctx):
            if first <= text.line <= last:
                args.update(_IDENT.findall(text.plain))
            else:
                italic.append(text)
        if not args or not italic:
            return
        terms = ctx.terms
        nofill = ctx.nofill_lines
        for text in italic:
            word = text.plain.strip().rstrip(".,;:")
            lowered = word.lower()
            if (word[:1].isupper() and word[1:] == lowered[1:] and lowered in args and len(word) >= 3
                    and type(text.parent) is N.FontMacro and text.parent.args
                    and text.parent.args[0][0] == word and text.line not in nofill and ctx.own(text)):
                # ".I Request" at the start of a sentence: an argument keeps its case.
                ctx.report(self, text.line, text.col, text.col + len(word), node=text, word=word,
                           hint=lowered)
                continue
            if (len(word) < 4 or word in args or word in terms or not word[-1].isalpha()
                    or not _IDENT.fullmatch(word) or text.line in nofill or not ctx.own(text)):
                continue
            close = _close_in(word, args)
            if close and not _used_again(ctx, word):
                ctx.report(self, text.line, text.col, text.col + len(word), node=text, word=word,
                           hint=" or ".join(close[:3]))


def _italic_runs(ctx):
    """The italic text runs of the page, in no particular order.  A text line
    changes font only through escapes (\\f, or a string holding one), so the
    runs of a line without them are all in the font of its first: the checker
    did not walk text lines' runs, and most need not be looked at."""
    for fm in ctx.of_type(N.FontMacro):
        if "I" in fm.macro:
            for run in fm.children:
                if type(run) is N.Text and run.font == "I":
                    yield run
    lines, source = ctx.lines, ctx.source
    for tl in ctx.of_type(N.TextLine):
        runs = tl.children
        if not runs:
            continue
        if tl.source is source and tl.origin is None:
            raw = lines[tl.line - 1]
            if "\\f" not in raw and "\\*" not in raw and getattr(runs[0], "font", "I") != "I":
                continue
        for run in runs:
            if type(run) is N.Text and run.font == "I":
                yield run


@register
class MisspelledFunction(Rule):
    """A function written .BR name () is no function of the Linux man-pages nor
    of the page's SYNOPSIS, but one letter dropped, added, changed or swapped
    inside it gives one.

    ".BR semtimeop ()" for semtimedop(), ".BR exceveat ()" for execveat().
    Names used more than once in the page are taken as meant, and the first
    and last letters must agree (setlogin and getlogin are two functions).
    The calls syscalls(2) lists count as known, pages or not (Alpha's
    getxpid() is described in getpid(2)).
    """
    code, name, severity = "MP041", "misspelled-function", Severity.WARNING
    message = "{word}() is not a known function; did you mean {hint}?"
    bad = "The\n.BR execvaet ()\nsystem call.\n"
    good = "The\n.BR execveat ()\nsystem call.\n"

    def finish(self, ctx):
        funcs = pages = terms = None
        for fm in ctx.of_type(N.FontMacro):
            if fm.macro != "BR" or len(fm.args) < 2 or not fm.args[1][0].startswith("()"):
                continue
            word = fm.args[0][0]
            if len(word) < 4 or not _IDENT.fullmatch(word) or not ctx.own(fm):
                continue
            if funcs is None:
                funcs, pages, terms = known_functions(ctx.path), known_page_names(ctx.path), ctx.terms
            if word in funcs or word in pages or word in terms or _used_again(ctx, word):
                continue
            if word in _listed_system_calls(ctx.path):
                continue
            close = close_names(word, funcs, inner=True) or _close_in(
                word, [t for t, f in terms.items() if f == "B"])
            if close:
                ctx.report(self, fm.line, fm.col, fm.col + 3 + len(word), node=fm, word=word,
                           hint=" or ".join(c + "()" for c in close[:3]))


# The feature-test macros glibc reads (feature_test_macros(7)), by their name
# without the underscores, which is what a slip keeps.
_FEATURE_MACROS = {name.strip("_"): name for name in (
    "_GNU_SOURCE", "_DEFAULT_SOURCE", "_POSIX_SOURCE", "_POSIX_C_SOURCE", "_XOPEN_SOURCE",
    "_XOPEN_SOURCE_EXTENDED", "_BSD_SOURCE", "_SVID_SOURCE", "_ISOC95_SOURCE",
    "_ISOC99_SOURCE", "_ISOC11_SOURCE", "_ISOC2X_SOURCE", "_LARGEFILE_SOURCE",
    "_LARGEFILE64_SOURCE", "_ATFILE_SOURCE", "_FORTIFY_SOURCE", "_DYNAMIC_STACK_SIZE_SOURCE",
    "_ALL_SOURCE", "_NETBSD_SOURCE", "_FILE_OFFSET_BITS", "_TIME_BITS")}
# A name in capitals ending like one, not inside a longer word or an option
# ("-D_GNU_SOURCE" is read from its underscore, which the D before it hides).
_MACRO_LIKE = re.compile(r"(?<![\w\\-])_*[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:SOURCE|BITS)\b(?!\.h)")
_FONT_ESCAPE = re.compile(r"\\f(?:[BIRP1-4]|\(..|\[[^]]*\])")


@register
class MisspelledFeatureMacro(Rule):
    """A feature-test macro has lost or gained an underscore.

    "GNU_SOURCE" or "__GNU_SOURCE" for _GNU_SOURCE, "POSIX_C_SOURCE" for
    _POSIX_C_SOURCE: the reader who copies the name defines a macro glibc
    never looks at, and the program fails to build with no hint why.  Every
    name of feature_test_macros(7) is known; names it does not list
    (IP_BLOCK_SOURCE, a socket option) are left alone.  Comments are not
    read.
    """
    code, name, severity = "MP051", "misspelled-feature-macro", Severity.WARNING
    message = "{word} is not a feature-test macro; write {right}"
    bad = ".SH SYNOPSIS\n.BR frob ():\n.RS 4\nGNU_SOURCE\n.RE\n"
    good = ".SH SYNOPSIS\n.BR frob ():\n.RS 4\n_GNU_SOURCE\n.RE\n"
    fix = True

    # Lines naming something like a feature-test macro, comment lines left out.
    lines_matching = re.compile(r"(?![.']\\\")[^\n]*_(?:SOURCE|BITS)\b")

    def check_line(self, ctx, lineno, line):
        comment = line.find('\\"')
        # "\fBGNU_SOURCE": blanked, a font change no longer hides the name's start.
        bare = _FONT_ESCAPE.sub(lambda m: " " * len(m.group()), line) if "\\f" in line else line
        for m in _MACRO_LIKE.finditer(bare):
            word = m.group()
            right = _FEATURE_MACROS.get(word.strip("_"))
            if right is None or word == right or 0 <= comment < m.start():
                continue
            col = m.start() + 1
            fix = Fix(f"write {right}", (Edit(lineno, col, lineno, col + len(word), right),))
            ctx.report(self, lineno, col, col + len(word), fix, word=word, right=right)
