"""Font macro misuse (.B/.I/.BR/.IR ...), as man-pages(7) maintainers fix it."""

from __future__ import annotations

import re

from ...diagnostics import Edit, Fix, Severity
from ...man import nodes as N
from ..rule import Rule, register
from .folding import HABIT, fold

_ALTERNATE = {"B": "BR", "I": "IR"}
_WITH_PARENS = frozenset(("B", "BR", "I", "IR"))  # the macros MP014 reads
_ROMAN_NOTE = re.compile(r"\((?:since|before|until|from|obsolete|deprecated|removed)\b", re.IGNORECASE)
_SECTION_ARG = re.compile(r"\((?:[1-9][a-z]*|)\)[.,;:)]*")  # ".B lseek (2)": a reference
_TRAILING_PUNCT = re.compile(r"^(?P<body>.*?[^.,;:!?\\])(?P<punct>[.,;:!?]+)$")
_PUNCT_CHARS = frozenset(".,;:!?")


def _macro_line(ctx, node) -> str | None:
    """The source line of a font macro when it is the page's own single line."""
    if not ctx.own(node) or node.line > len(ctx.lines):
        return None
    text = ctx.lines[node.line - 1]
    if text.endswith("\\") or not text.lstrip()[:1] in (".", "'"):
        return None
    return text


def _quoted(ctx, line: int, col: int) -> bool:
    """True when the argument at (line, col) was written in double quotes."""
    if not 0 < line <= len(ctx.lines) or col < 2:
        return False
    return ctx.lines[line - 1][col - 2:col - 1] == '"'


def _quote(arg: str) -> str:
    return f'"{arg}"' if (" " in arg or not arg) and not arg.startswith('"') else arg


@register
class PunctuationInFontArgument(Rule):
    """Punctuation sits inside the argument of .B or .I.

    The period or comma is then bold or italic too. man-pages(7) sets the term
    alone in the font and the punctuation in roman with an alternating macro
    (".BR /dev/rtc0," has the same slip: its one argument keeps the comma).
    """
    code, name, severity = "MP010", "punctuation-in-font-argument", Severity.WARNING
    message = "punctuation {punct!r} inside .{macro}; use .{alt} {body} {punct}"
    bad = ".B EEXIST.\n"
    good = ".BR EEXIST .\n"
    fix = True

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, 1)  # a page that glues punctuation to terms does so throughout

    def visit_Document(self, node, ctx):
        # The page's font macros in one loop, not one visit each (a call per
        # macro for the few this rule looks at).
        for fm in ctx.of_type(N.FontMacro):
            if len(fm.args) == 1 and not fm.next_line and not fm.joined:
                self._check(fm, ctx)

    def _check(self, node, ctx):
        if node.macro not in _ALTERNATE and node.macro not in ("BR", "IR"):
            return
        raw, line, col = node.args[0]
        if raw[-1:] not in _PUNCT_CHARS:
            return  # (what _TRAILING_PUNCT needs, tested without a regex call)
        m = _TRAILING_PUNCT.match(raw)
        if not m or " " in raw or "\\" in raw or _quoted(ctx, line, col):
            return  # a quoted argument is a phrase (a prototype in SYNOPSIS...)
        body, punct = m.group("body"), m.group("punct")
        if body.endswith(")") and "(" in body:
            return  # "name(2)," is no-space-before-parentheses' business
        if punct.startswith("...") or any(c in punct for c in ":!?") or len(body) < 2:
            return  # "Note:" and "Warning!" are bold headings, punctuation included
        alt = _ALTERNATE.get(node.macro, node.macro)
        text = _macro_line(ctx, node)
        fix = None
        if text is not None:
            fix = ctx.replace_line_fix(f"use .{alt}", node.line, f".{alt} {body} {punct}")
        ctx.report(self, line, col + len(body), col + len(raw), fix, node=node,
                   punct=punct, macro=node.macro, alt=alt, body=body)


# An identifier with punctuation glued to it: "cookie);", "EINVAL,".  Not a colon:
# ".BR Caution: text" is a run-in heading.
_GLUED_PUNCT = re.compile(r"(?P<body>[A-Za-z_][A-Za-z0-9_]*)(?P<punct>[,;)]+[.,;:]?|\.)")
_ROMAN = {"BR": 1, "IR": 1, "RB": 0, "RI": 0}  # which argument positions (mod 2) are roman
_ALTERNATING = frozenset(("BI", "IB", "BR", "RB", "IR", "RI"))
# A word with such punctuation after it, standing alone (not "(2),").
_MAY_GLUE = re.compile(r"(?<![\w\\(])" + _GLUED_PUNCT.pattern + r"(?=[ \t\"]|$)")


@register
class PunctuationInAlternatingArgument(Rule):
    """Punctuation is glued to a bold or italic argument of an alternating macro.

    In ".BR EINVAL, EFAULT" or ".BI \"int f(int \" fd);" the comma or the
    ");" takes the argument's font.  The punctuation belongs to the next
    roman argument (".BR EINVAL , EFAULT"); in .BI and .IB prototypes, to
    the bold part (".BI \"int f(int \" fd );").  Quoted arguments are
    phrases and are left alone.
    """
    code, name, severity = "MP042", "punctuation-in-alternating-argument", Severity.WARNING
    message = "{punct!r} takes the font of {body!r}; make it an argument of its own: {body} {punct}"
    bad = '.BI "int close(int " fd);\n'
    good = '.BI "int close(int " fd );\n'
    fix = True

    def visit_Document(self, node, ctx):
        # The page's font macros in one loop, not one visit each; one search
        # of its line rules out nearly every one.
        first = len(ctx.diagnostics)
        lines, source, search = ctx.lines, ctx.source, _MAY_GLUE.search
        for fm in ctx.of_type(N.FontMacro):
            if fm.macro in _ALTERNATING and fm.source is source and search(lines[fm.line - 1]):
                self._check(fm, ctx)
        fold(ctx, self, first, HABIT)

    def _check(self, node, ctx):
        macro = node.macro
        if len(node.args) < 2 or node.joined:
            return
        roman = _ROMAN.get(macro)
        for k, (raw, line, col) in enumerate(node.args):
            # In .BI/.IB the italic arguments (the names) must be bare.
            if k % 2 == roman if roman is not None else macro[k % 2] != "I":
                continue
            m = _GLUED_PUNCT.fullmatch(raw)
            if m is None or _quoted(ctx, line, col):
                continue
            body, punct = m.group("body"), m.group("punct")
            text = _macro_line(ctx, node)
            fix = None
            if text is not None and text[col - 1:col - 1 + len(raw)] == raw:
                fix = ctx.replace_line_fix(f"split {punct!r} off", line,
                                           text[:col - 1 + len(body)] + " " + text[col - 1 + len(body):])
            ctx.report(self, line, col + len(body), col + len(raw), fix, node=node, body=body, punct=punct)
            return


# An argument that is a sentence's punctuation only: ".BR prctl (2) ." sets its
# period in bold.  Not ")" (".BR fcntl( ... )": the call's parenthesis is code),
# ":" (".IR c : b : t" is a path) or ".." (a directory).
_PUNCT_ONLY = re.compile(r"(?!\.\.)[.,;!?]+")


@register
class PunctuationArgumentInFont(Rule):
    """An argument of punctuation alone falls on the bold or italic turn of an alternating macro.

    ".BR prctl (2) ." alternates bold, roman, bold: the period comes out in
    bold.  Punctuation after a reference or a name is roman; it goes into
    the roman argument before it (".BR prctl (2).").  The fix joins a last
    argument to the one before (a punctuation argument in the middle would
    shift the fonts of the rest, and is edited by hand).  SYNOPSIS is left
    to the prototype checks.
    """
    code, name, severity = "MP043", "punctuation-argument-in-font", Severity.WARNING
    message = "{punct!r} is set in {font} by .{macro}; join it to the argument before: {joined}"
    bad = ".BR prctl (2) .\n"
    good = ".BR prctl (2).\n"
    fix = True

    def visit_Document(self, node, ctx):
        first = len(ctx.diagnostics)
        source = ctx.source
        for fm in ctx.of_type(N.FontMacro):
            if fm.macro in _ROMAN and len(fm.args) > 2 and fm.source is source and not fm.joined \
                    and ctx.section_name(fm) != "SYNOPSIS":
                self._check(fm, ctx)
        fold(ctx, self, first, 2)  # a page that sets punctuation apart does so throughout

    def _check(self, node, ctx):
        roman = _ROMAN[node.macro]
        last = len(node.args) - 1
        for k, (raw, line, col) in enumerate(node.args):
            if k == 0 or k % 2 == roman or not _PUNCT_ONLY.fullmatch(raw) or _quoted(ctx, line, col):
                continue
            prev_raw, prev_line, prev_col = node.args[k - 1]
            joined = f"{prev_raw}{raw}"
            fix = None
            text = _macro_line(ctx, node)
            if (k == last and text is not None and prev_line == line and not _quoted(ctx, prev_line, prev_col)
                    and text[col - 1:col - 1 + len(raw)] == raw):
                end = prev_col - 1 + len(prev_raw)
                fix = ctx.replace_line_fix(f"join {raw!r} to {prev_raw!r}", line, text[:end] + text[col - 1:])
            font = "bold" if node.macro[k % 2] == "B" else "italic"
            before = [f'"{a}"' if _quoted(ctx, ln, c) else a for a, ln, c in node.args[:k - 1]]
            if _quoted(ctx, prev_line, prev_col):
                joined = f'"{joined}"'
            ctx.report(self, line, col, col + len(raw), fix, node=node, punct=raw, font=font,
                       macro=node.macro, joined=" ".join([f".{node.macro}", *before, joined]))
            return


def synopsis_font_macros(ctx, macros: tuple[str, ...], min_args: int):
    """The page's own font macros in SYNOPSIS among ``macros``, with ``min_args`` arguments or more."""
    for fm in ctx.cached("synopsis-font-macros", lambda: _synopsis_font_macros(ctx)):
        if fm.macro in macros and len(fm.args) >= min_args:
            yield fm


def _synopsis_font_macros(ctx) -> list:
    """The page's own font macros in SYNOPSIS (found once a page: three rules ask)."""
    synopsis = ctx.section("SYNOPSIS")
    if synopsis is None:
        return []
    source, first, last = ctx.source, synopsis.line, synopsis.end_line
    return [fm for fm in ctx.of_type(N.FontMacro)
            if fm.source is source and first <= fm.line <= last]


# A lowercase word (a C type: "int", "size_t") ending the bold part; an
# uppercase one is a name's prefix meant to join (".BI \", RND\" request": RNDGETENTCNT).
_WORD_END = re.compile(r"(?<![\\A-Za-z0-9_])[a-z][a-z0-9_]*$")
_WORD_START = re.compile(r"[A-Za-z_]")


@register
class PrototypeWordsRunTogether(Rule):
    """In a SYNOPSIS prototype, a type and the parameter after it run together.

    ".BI \"int gsignal(int\" signum );" prints "int gsignal(intsignum);":
    .BI puts no space between its arguments, so the bold part must end with
    one ("int ").  Only SYNOPSIS is read, and only a lowercase word (a C
    type) before the parameter: in running text ".IR buf s" joins on purpose,
    and so does an uppercase prefix (".BI \", RND\" request" for the RND*
    requests).  The fix puts the space inside the quotes.
    """
    code, name, severity = "MP044", "prototype-words-run-together", Severity.WARNING
    message = "{left!r} and {right!r} print as one word {glued!r}; end {left!r} with a space"
    bad = '.SH SYNOPSIS\n.BI "int gsignal(int" signum );\n'
    good = '.SH SYNOPSIS\n.BI "int gsignal(int " signum );\n'
    fix = True

    def visit_Document(self, node, ctx):
        for fm in synopsis_font_macros(ctx, ("BI", "IB"), 2):
            self._check(fm, ctx)

    def _check(self, node, ctx):
        for (left, line, col), (right, _l, _c) in zip(node.args, node.args[1:]):
            if not (_WORD_END.search(left) and _WORD_START.match(right)):
                continue
            word = _WORD_END.search(left).group()
            glued = word + re.match(r"[A-Za-z0-9_]+", right).group()
            fix = None
            text = _macro_line(ctx, node)
            end = col - 1 + len(left)
            if text is not None and _quoted(ctx, line, col) and text[end:end + 1] == '"':
                fix = ctx.replace_line_fix(f"end {left!r} with a space", line, text[:end] + " " + text[end:])
            ctx.report(self, line, col, end + 1, fix, node=node, left=left, right=right, glued=glued)
            return


# A prototype's function name followed by a space and its parameter list
# ("int removexattr (const char *"); not a pointer to a function ("(*compar)").
_NAME_SPACE_PAREN = re.compile(r"^\s*(?:[A-Za-z_][\w ]*[\s*])?[a-z_]\w*( +)\((?!\*)")
# A pointer's star left apart from the parameter that follows ("struct timespec * " tp);
# it follows a space or another star.  A comment's "/* " and a wildcard ("FAT_* ") are no pointers.
_STAR_SPACE = re.compile(r"(?<=[ *])\*( +)$")


@register
class PrototypeSpacing(Rule):
    """In a SYNOPSIS prototype, a space parts a function's name from its
    parameter list, or a pointer's star from the parameter's name.

    man-pages(7) writes prototypes as C is written in the kernel and glibc:
    "int removexattr(const char *path, ...)", not "removexattr (" nor "char *
    path".  Only the prototypes of sections 2 and 3 are read.  The fix
    deletes the space.
    """
    code, name, severity = "MP045", "prototype-spacing", Severity.STYLE
    message = "{what}; write {good!r}"
    bad = '.SH SYNOPSIS\n.BI "int removexattr (const char * " path );\n'
    good = '.SH SYNOPSIS\n.BI "int removexattr(const char *" path );\n'
    fix = True

    def visit_Document(self, node, ctx):
        title = ctx.doc.title
        if title is None or title.section[:1] not in ("2", "3"):
            return
        first = len(ctx.diagnostics)
        for fm in synopsis_font_macros(ctx, ("B", "BI", "IB", "BR"), 1):
            if _macro_line(ctx, fm) is not None:
                self._check(fm, ctx)
        fold(ctx, self, first, 1)  # a page that spaces its prototypes does so throughout

    def _check(self, node, ctx):
        fonts = node.macro
        for k, (arg, line, col) in enumerate(node.args):
            if fonts[k % len(fonts)] != "B":
                continue  # the prototype's words are bold; italic parts are parameters
            m = _NAME_SPACE_PAREN.match(arg)
            if m is not None:
                name = arg[:m.start(1)].split()[-1].lstrip("*")
                self._report(ctx, node, line, col, m.start(1), m.end(1),
                             f"a space between {name} and its '('", f"{name}(")
            m = _STAR_SPACE.search(arg)
            if m is not None and k + 1 < len(node.args) and node.args[k + 1][0][:1].isalpha():
                self._report(ctx, node, line, col, m.start(1), m.end(1),
                             "a space between '*' and the parameter", "*" + node.args[k + 1][0])

    def _report(self, ctx, node, line, col, start, end, what, good):
        text = ctx.lines[line - 1]
        begin = col - 1 + start  # 0-based column of the space in the source line
        fix = None
        if text[begin:begin + end - start].strip(" ") == "" and text[begin:begin + end - start]:
            fix = Fix("delete the space", (Edit(line, begin + 1, line, begin + 1 + end - start, ""),))
        ctx.report(self, line, begin + 1, begin + 1 + end - start, fix, node=node, what=what, good=good)


# What marks a bold part as a C prototype's text rather than a name.
_PROTOTYPE_PART = re.compile(r"\(|(?<=[ *])\*\s*$|,\s*$|\b(?:int|char|void|const|struct|size_t|long|unsigned)\b")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


@register
class PrototypeParameterInRoman(Rule):
    """A SYNOPSIS prototype is set with .BR or .RB, so its parameters print in roman.

    man-pages(7) sets a prototype's words in bold and its parameter names
    in italics: ".BI \"void CPU_FREE(cpu_set_t *\" set );".  With .BR the
    parameter "set" is roman, like the punctuation.  Reported when a bold
    part holds C (a parenthesis, a type, a trailing '*' or ',') and a roman
    part is a bare name.  The fix turns .BR into .BI and .RB into .IB: the
    bold parts stay where they are.
    """
    code, name, severity = "MP047", "prototype-parameter-in-roman", Severity.WARNING
    message = "the parameter {param!r} prints in roman; use .{better} for a prototype"
    bad = '.SH SYNOPSIS\n.BR "void CPU_FREE(cpu_set_t *" set );\n'
    good = '.SH SYNOPSIS\n.BI "void CPU_FREE(cpu_set_t *" set );\n'
    fix = True

    def visit_Document(self, node, ctx):
        for fm in synopsis_font_macros(ctx, ("BR", "RB"), 2):
            self._check(fm, ctx)

    def _check(self, node, ctx):
        first_bold = 0 if node.macro == "BR" else 1
        bold = [a for a, _l, _c in node.args[first_bold::2]]
        roman = [a for a, _l, _c in node.args[1 - first_bold::2]]
        param = next((a for a in roman if _IDENTIFIER.fullmatch(a)), None)
        if param is None or not any(_PROTOTYPE_PART.search(a) for a in bold):
            return
        if any("/*" in a or "*/" in a for a, _l, _c in node.args):
            return  # a comment beside an #include ("/* Definition of FAT_* constants */")
        better = "BI" if node.macro == "BR" else "IB"
        text = _macro_line(ctx, node)
        fix = None
        if text is not None:
            at = text.index(node.macro)  # the macro's name follows the control character
            fix = Fix(f"use .{better}", (Edit(node.line, at + 1, node.line, at + 3, better),))
        ctx.report(self, node.line, 1, 1 + len(node.macro) + 1, fix, node=node, param=param, better=better)


@register
class SingleArgumentAlternating(Rule):
    """An alternating font macro (.BR, .IR, ...) has a single argument.

    With one argument nothing alternates; the plain macro says what is meant.
    Off by default for whole pages (older man-pages text uses the form
    widely); check-patch reports it on the lines a patch adds, and
    "--extend-select MP011" turns it on everywhere.
    """
    code, name, severity = "MP011", "single-argument-alternating", Severity.WARNING
    # man-pages itself wrote ".BR NAME" for years: too common in maintained
    # pages to be on for whole-tree lint; check-patch turns it on for new text.
    default_enabled = False
    message = ".{macro} with one argument; use .{plain}"
    bad = ".IR length\n"
    good = ".I length\n"
    fix = True

    def visit_FontMacro(self, node, ctx):
        if node.macro not in ("BR", "IR", "RB", "RI", "BI", "IB") or len(node.args) != 1:
            return
        if node.joined:
            return  # ".BR foo \c" continues on the next line: the alternation goes on
        raw = node.args[0][0]
        if "\\f" in raw:
            return
        plain = node.macro[0] if node.macro[0] != "R" else None
        if plain is None:
            return  # .RB x is just roman text; a separate rule could say so
        text = _macro_line(ctx, node)
        fix = None
        if text is not None:
            new = re.sub(r"^([.'])(\s*)" + node.macro + r"\b", r"\1\2" + plain, text, count=1)
            if new != text:
                fix = ctx.replace_line_fix(f"use .{plain}", node.line, new)
        ctx.report(self, node.line, node.col, node.col + len(node.macro) + 1, fix, node=node,
                   macro=node.macro, plain=plain)


@register
class FontMacroArgumentOnNextLine(Rule):
    """A font macro has no arguments and takes the next line as its text.

    It works, but man-pages(7) writes the argument on the macro line; the
    two-line form is easy to break when lines are moved.
    """
    code, name, severity = "MP012", "font-argument-on-next-line", Severity.STYLE
    message = ".{macro} has its text on the next line; write .{macro} {text}"
    bad = ".I\naddr\n"
    good = ".I addr\n"
    fix = True

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, 1)  # a page written in the two-line form throughout: one finding

    def visit_Document(self, node, ctx):
        # The page's font macros in one loop, not one visit each (a call per
        # macro for the few this rule looks at).
        for fm in ctx.of_type(N.FontMacro):
            if fm.next_line:
                self._check(fm, ctx)

    def _check(self, node, ctx):
        if node.macro not in ("B", "I", "SB", "SM") or not ctx.own(node):
            return
        if node.line >= len(ctx.lines):
            return
        nxt = ctx.lines[node.line]
        macro_line = ctx.lines[node.line - 1]
        fix = None
        if '"' not in nxt and not nxt.startswith((" ", ".", "'")) and macro_line.strip() in ("." + node.macro, "'" + node.macro):
            fix = ctx.replace_lines_fix("join the lines", node.line, node.line + 1,
                                        [f".{node.macro} {nxt}"])
        ctx.report(self, node.line, node.col, node.col + len(node.macro) + 1, fix, node=node,
                   macro=node.macro, text=nxt.strip()[:30])


@register
class PlainMacroWithRomanArgument(Rule):
    """.B or .I has several arguments and one of them is meant to be roman.

    .B and .I join their arguments in one font; an argument such as
    " (since Linux 2.6.24)" or a lone punctuation mark needs .BR or .IR.
    """
    code, name, severity = "MP013", "plain-macro-needs-alternating", Severity.WARNING
    message = ".{macro} with argument {arg!r} meant in roman; use .{alt}"
    bad = '.I /proc/[pid]/cgroup " (since Linux 2.6.24)"\n'
    good = '.IR /proc/[pid]/cgroup " (since Linux 2.6.24)"\n'
    fix = True

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, 2)  # a page that writes ".B name (2)" does so throughout

    def visit_Document(self, node, ctx):
        # The page's font macros in one loop, not one visit each (a call per
        # macro for the few this rule looks at).
        for fm in ctx.of_type(N.FontMacro):
            if fm.macro in _ALTERNATE and len(fm.args) >= 2:
                self._check(fm, ctx)

    def _check(self, node, ctx):
        text = _macro_line(ctx, node)
        for raw, line, col in node.args[1:]:
            if raw.startswith(" ") or _ROMAN_NOTE.match(raw) or _SECTION_ARG.fullmatch(raw) \
                    or (re.fullmatch(r"[.,;:)]+", raw) and raw != "..."):
                alt = _ALTERNATE[node.macro]
                fix = None
                if text is not None and len(node.args) == 2:
                    new = re.sub(r"^([.'])(\s*)" + node.macro + r"\b", r"\1\2" + alt, text, count=1)
                    fix = ctx.replace_line_fix(f"use .{alt}", node.line, new)
                ctx.report(self, line, col, col + len(raw), fix, node=node,
                           macro=node.macro, alt=alt, arg=raw)
                return


@register
class NoSpaceBeforeParentheses(Rule):
    """A function or page name is glued to its parentheses inside a font macro.

    ".BR alarm()" sets the parentheses bold; man-pages(7) writes ".BR alarm ()"
    so that only the name is bold (and ".BR name (2)" for references).
    """
    code, name, severity = "MP014", "no-space-before-parentheses", Severity.WARNING
    message = "write .{alt} {name} {paren} (parentheses in roman)"
    bad = ".BR alarm()\n"
    good = ".BR alarm ()\n"
    fix = True
    _glued = re.compile(r"^(?P<name>[A-Za-z_][\w.\-\\]*)(?P<paren>\((?:[1-9][a-z]*)?\))(?P<rest>[.,;:)]*)$")

    def start(self, ctx):
        self._first = len(ctx.diagnostics)

    def finish(self, ctx):
        fold(ctx, self, self._first, 2)  # a page that writes "name()" in macros does so throughout

    def visit_Document(self, node, ctx):
        # The page's font macros in one loop, not one visit each (a call per
        # macro for the few this rule looks at).
        for fm in ctx.of_type(N.FontMacro):
            if fm.macro in _WITH_PARENS and fm.args:
                self._check(fm, ctx)

    def _check(self, node, ctx):
        raw, line, col = node.args[0]
        if "(" not in raw:
            return  # (most arguments: no regex call)
        m = self._glued.match(raw)
        if not m:
            return
        name, paren, rest = m.group("name"), m.group("paren"), m.group("rest")
        text = _macro_line(ctx, node)
        alt = _ALTERNATE.get(node.macro, node.macro)
        fix = None
        if text is not None:
            tail = " ".join(_quote(a) for a, _l, _c in node.args[1:])
            second = paren + rest + (tail.lstrip('"') if False else "")
            parts = [f".{alt}", name, second] + ([tail] if tail else [])
            if tail and node.macro in ("BR", "IR"):
                # the remaining arguments keep their alternation, shifted by one
                parts = None
            if parts:
                fix = ctx.replace_line_fix("separate the parentheses", node.line, " ".join(parts))
        ctx.report(self, line, col + len(name), col + len(raw), fix, node=node, name=name, paren=paren,
                   alt=alt)
