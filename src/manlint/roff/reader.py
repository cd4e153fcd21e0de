"""The roff interpreter: requests that shape the input, not the page.

The reader turns a file into a stream of ``InputLine`` objects for the
man(7) layer.  It handles what roff does before any macro package sees a
line: comments, continuation, conditionals, string and register
definitions, user macros (.de/.am), .so inclusion, .ig, and the
preprocessor blocks (.TS/.TE, .EQ/.EN, .PS/.PE).  Every other request and
every macro call is passed on with its arguments and positions.

The stream is lazy: the man(7) layer decodes escapes of a line before the
next one is read, so string and register values are those in force there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Reporter
from ..source import Origin, SourceFile
from . import escapes
from .args import parse_args, split_words
# The limits are re-exported: callers and tests know them as reader.MAX_*.
from .limits import (MAX_DEFINITIONS_SIZE, MAX_EXPANDED_CHARS, MAX_EXPANDED_LINES,  # noqa: F401
                     MAX_EXPANSION_WORK, MAX_MACRO_DEPTH, MAX_NESTING, MAX_SO_DEPTH)
from .lines import MAX_LINE_LENGTH, LogicalLine, _comment_start, logical_lines

_DEFINING = frozenset(("de", "de1", "am", "am1", "ig"))

PREDEFINED_STRINGS = {
    "lq": "\u201c", "rq": "\u201d", "R": "\u00ae", "Tm": "\u2122", "S": "",
    "HF": "B", ".T": "utf8", "an-extra1": "", "an-extra2": "", "an-extra3": "",
}
PREDEFINED_REGISTERS = {
    ".g": 1, ".H": 24, ".V": 40, ".l": 78 * 24, ".ll": 78 * 24, ".v": 40, ".A": 0,
    ".x": 1, ".y": 22, ".Y": 4, ".s": 10, ".ps": 10000, ".i": 0, ".u": 1,
    ".U": 0, ".C": 0, ".T": 1, ".m": 0, ".P": 1, ".L": 1, ".j": 1, ".f": 1,
    "LL": 78 * 24, "LT": 78 * 24, "IN": 7 * 24, "an-margin": 7 * 24, "SN": 3 * 24, "PD": 40, "HY": 1,
    "cR": 1, "C": 0, "D": 0, "P": 1, "S": 10, "X": 0, "U": 0, "FT": 0,
}

# Blocks whose lines belong to a preprocessor: collected raw up to the end macro.
PREPROCESSOR_BLOCKS = {"TS": ("TE", "table"), "EQ": ("EN", "eqn"), "PS": ("PE", "pic")}
_CONTROL_LINE = re.compile(r".[ \t]*([^ \t]+)[ \t]*")


@dataclass(slots=True)
class InputLine:
    """One line for the man(7) layer.

    kind: ``control`` (a request or macro call), ``text``, ``comment``,
    ``table``/``eqn``/``pic`` (a preprocessor block; ``block`` holds its raw
    lines as (line, text)).  ``offset`` is where ``text`` starts inside the
    logical line (after a conditional prefix); use ``locate``.
    """

    kind: str
    source: SourceFile
    logical: LogicalLine
    offset: int
    text: str
    name: str = ""
    args: list | None = None        # [(raw arg, offset in logical text)]
    origin: Origin | None = None
    block: list | None = None
    end_line: int = 0
    cc: str = "."

    @property
    def line(self) -> int:
        return self.logical.locate(self.offset)[0]

    def locate(self, offset: int) -> tuple[int, int]:
        return self.logical.locate(offset)


@dataclass(slots=True)
class Macro:
    name: str
    body: list  # [(text, line)]
    source: SourceFile | None
    line: int


class Reader:
    """Reads one page; implements the escape context for the man(7) layer."""

    def __init__(self, source: SourceFile, reporter: Reporter, root: str | None = None,
                 follow_so: bool = True):
        self.source = source
        self.reporter = reporter
        self.root = root
        self.follow_so = follow_so
        self.escape_char = "\\"
        self.cc = "."
        self.c2 = "'"
        self.strings: dict[str, tuple[str, Origin | None]] = {
            k: (v, None) for k, v in PREDEFINED_STRINGS.items()}
        self.registers: dict[str, float] = dict(PREDEFINED_REGISTERS)
        self.macros: dict[str, Macro] = {}
        self.macro_args: list[list[str]] = []
        self.ie_results: list[bool] = []
        self.expanded_lines = 0
        self.expanded_chars = 0
        self.expansion_work = 0
        self.definitions_size = 0
        self.so_stack: list[str] = []
        self.so_files: list[SourceFile] = []
        # The line being decoded, for escape reports (set by the man layer).
        self.current: InputLine | None = None
        # The request whose arguments are being decoded (.if's condition, .nr's
        # value): (source, logical line, offset, origin); reports go to its line.
        self.request: tuple | None = None
        self._probing = False  # decoding a condition, where an undefined string is what is tested
        # The page is written for a macro package manlint does not read (mdoc):
        # the strings it uses (\*(Ba, \*(Pu) are that package's.
        self.foreign_package = False
        self.string_budget = escapes.MAX_STRING_EXPANSION
        self.page_string_budget = escapes.MAX_PAGE_STRING_EXPANSION
        self._line_string_budget = self.string_budget
        self.uses_tbl = False
        self.nesting = 0  # active _line calls (see MAX_NESTING)

    # ---- escape context -------------------------------------------------
    def get_string(self, name: str):
        return self.strings.get(name)

    def get_register(self, name: str, col: int) -> str:
        if name == ".$":
            return str(len(self.macro_args[-1]) if self.macro_args else 0)
        value = self.registers.get(name)
        if value is None:
            self.report("undefined-register", col, name=name)
            return "0"
        return str(int(value))

    def report(self, key: str, col: int, **kw) -> None:
        if key == "undefined-string" and (self.foreign_package or self._probing):
            return  # the package defines it, or a condition asks whether it is defined
        if self.request is not None:
            src, logical, offset, origin = self.request
            self._report_at(key, src, logical, offset, origin, **kw)
            return
        cur = self.current
        if cur is None:
            self.reporter.report(key, self.source, 1, 1, **kw)
            return
        line, c = cur.logical.locate(max(col - 1, 0))
        self.reporter.report(key, cur.source, line, c, origin=cur.origin, **kw)

    def _report_at(self, key: str, src: SourceFile, logical: LogicalLine, offset: int,
                   origin: Origin | None = None, **kw) -> None:
        line, col = logical.locate(offset)
        self.reporter.report(key, src, line, col, origin=origin, **kw)

    def enter(self, line: InputLine) -> None:
        """Escapes decoded from now on belong to ``line``: its reports, and its string budget."""
        if self.current is not line:
            self.current = line
            self.start_line_budget()

    def start_line_budget(self) -> None:
        """A new input line: its own string budget, within what the page has left."""
        used = self._line_string_budget - self.string_budget
        if used > 0:
            self.page_string_budget -= used
        self.string_budget = self._line_string_budget = max(
            0, min(escapes.MAX_STRING_EXPANSION, self.page_string_budget))

    def plain(self, raw: str, col: int = 1) -> str:
        return escapes.plain_text(raw, self, col)

    # ---- driving ---------------------------------------------------------
    def lines(self):
        """Yield the InputLines of the page.

        A text line of the page's own file without escapes (most lines) comes
        as its line number (an int: the text is ``source.lines[n - 1]``), or
        else as its LogicalLine: either stands for ``InputLine("text", source,
        logical, 0, logical.text)``, and a third of the parse time went to
        building those.
        """
        return self._feed(self.source, self.source.lines, 1, None, 0)  # (no extra generator layer)

    def _feed(self, src: SourceFile, physical: list[str], first: int,
              origin: Origin | None, depth: int):
        # A physical line without the escape character is a logical line of
        # its own: taken here, with no generator step; the others come from
        # logical_lines, which continues from the shared cursor.
        join_esc = self.escape_char
        cursor = [0]
        it = logical_lines(physical, first, join_esc, cursor)
        comment_mark = join_esc + '"'
        count = len(physical)
        # Only requests (_line) change these: read again after each.
        cc, c2, esc = self.cc, self.c2, self.escape_char
        same_esc = esc == join_esc  # then a line without join_esc has no escape either
        own = src is self.source and origin is None  # plain text lines as they are (lines())
        while True:
            i = cursor[0]
            if i >= count:
                return
            text = physical[i]
            if join_esc in text:
                if text[1:3] == comment_mark and text[:1] != join_esc:
                    # A comment line ('.\\" ...'): its comment starts before any
                    # other escape, so logical_lines would join nothing to it.
                    cursor[0] = i + 1
                    logical = LogicalLine(text, first + i, [])
                else:
                    logical = next(it)
                    text = logical.text
                lead = text[:1]
            else:
                cursor[0] = i + 1
                lead = text[:1]
                # The first character first: it rules out the control lines at once.
                if lead != cc and lead != c2 and lead and own and len(text) <= MAX_LINE_LENGTH \
                        and (same_esc or esc not in text):
                    yield first + i  # a plain text line of the page (most lines)
                    continue
                logical = LogicalLine(text, first + i)
            if len(text) > MAX_LINE_LENGTH:
                self._report_at("line-too-long-input", src, logical, 0, origin,
                                length=len(text), limit=MAX_LINE_LENGTH)
                logical.text = text = text[:MAX_LINE_LENGTH]
            elif lead != cc and lead != c2:
                # Fast path: plain text lines are most of a page.
                if text and esc not in text:
                    yield logical if own else InputLine("text", src, logical, 0, text, "", None, origin)
                    continue
            # Fast paths too: a macro call without escapes that the reader does
            # not interpret (most control lines), and a comment line ('.\\"');
            # _line handles the rest.
            elif esc not in text:
                if self.nesting < MAX_NESTING:
                    if '"' not in text:
                        # No quotes either: the name and the arguments are the
                        # blank-separated words, found in one scan.
                        if "\t" not in text:
                            # Words apart by single spaces (nearly every line):
                            # one split, the offsets from the lengths.
                            parts = text.split(" ")
                            name = parts[0][1:]
                            if name and "" not in parts and name not in _INTERPRETED \
                                    and name not in self.macros:
                                at = len(parts[0]) + 1
                                if len(parts) == 2:
                                    args = [(parts[1], at)]
                                else:
                                    args = []
                                    for word in parts[1:]:
                                        args.append((word, at))
                                        at += len(word) + 1
                                yield InputLine("control", src, logical, 0, text, name, args, origin,
                                                None, 0, lead)
                                continue
                        words = split_words(text, 1)
                        if words and (name := words[0][0]) not in _INTERPRETED and name not in self.macros:
                            yield InputLine("control", src, logical, 0, text, name, words[1:], origin,
                                            None, 0, lead)
                            continue
                    elif (m := _CONTROL_LINE.match(text)) is not None:
                        name = m.group(1)
                        if name not in _INTERPRETED and name not in self.macros:
                            yield InputLine("control", src, logical, 0, text, name,
                                            parse_args(text, m.end(), esc), origin, None, 0, lead)
                            continue
            elif lead == cc and text[1:2] == esc and text[2:3] == '"' and self.nesting < MAX_NESTING:
                yield InputLine("comment", src, logical, 0, text, "", None, origin, None, 0, lead)
                continue
            yield from self._line(src, logical, 0, origin, depth, it)
            cc, c2, esc = self.cc, self.c2, self.escape_char
            same_esc = esc == join_esc

    @staticmethod
    def _control_name(text: str) -> str:
        i = 1
        n = len(text)
        while i < n and text[i] in " \t":
            i += 1
        j = i
        while j < n and text[j] not in " \t":
            if text[j] == "\\" and j > i:
                break
            j += 1
        return text[i:j]

    def _line(self, src: SourceFile, logical: LogicalLine, offset: int,
              origin: Origin | None, depth: int, it):
        """Interpret the text of ``logical`` from ``offset`` on."""
        if self.nesting >= MAX_NESTING:
            self._report_at("expansion-limit", src, logical, offset, origin,
                            what=f"requests nested deeper than {MAX_NESTING}")
            return
        self.nesting += 1
        try:
            text = logical.text[offset:] if offset else logical.text
            esc = self.escape_char
            if esc in text:
                c = _comment_start(text, esc)
                if c >= 0:
                    if c == 0:
                        # A text line holding only a comment is a blank line in groff.
                        yield InputLine("comment", src, logical, offset, text, origin=origin)
                        yield InputLine("text", src, logical, offset, "", origin=origin)
                        return
                    if text[:1] not in (self.cc, self.c2) or text[1:c].strip(" \t"):
                        text = text[:c]
            if not text or text[0] not in (self.cc, self.c2):
                yield InputLine("text", src, logical, offset, self._strip_braces(text), origin=origin)
                return
            cc = text[0]
            i = 1
            n = len(text)
            while i < n and text[i] in " \t":
                i += 1
            if text[i:i + 1] == esc:
                two = text[i + 1:i + 2]
                if two == '"' or two == "#":
                    yield InputLine("comment", src, logical, offset, text, origin=origin, cc=cc)
                    return
                if two == "}":
                    # '.\}' closes a conditional block: nothing to do.
                    rest = text[i + 2:].strip()
                    if rest and not rest.startswith(esc + '"'):
                        yield from self._line(src, logical, offset + i + 2 + (len(text[i + 2:]) - len(text[i + 2:].lstrip())), origin, depth, it)
                    return
            j = i
            while j < n and text[j] not in " \t":
                if text[j] == esc and j > i:
                    break
                j += 1
            name = text[i:j]
            if not name:
                return  # a lone '.' is a no-op
            rest_at = j
            while rest_at < n and text[rest_at] in " \t":
                rest_at += 1
            if name in _DEFINING:
                yield from self._definition(src, logical, offset, text, rest_at, it, origin, name)
                return
            if name in PREPROCESSOR_BLOCKS:
                yield self._preprocessor_block(src, logical, offset, text, it, origin, name)
                return
            handler = _REQUESTS.get(name)
            if handler is not None:
                yield from handler(self, src, logical, offset, text, name, rest_at, origin, depth, it)
                return
            body = self._strip_braces(text)
            args = parse_args(body, rest_at, esc)
            if offset:
                args = [(a, offset + c) for a, c in args]
            macro = self.macros.get(name)
            if macro is not None:
                yield from self._call(macro, src, logical, offset, args, origin, depth)
                return
            yield InputLine("control", src, logical, offset, body, name, args, origin, cc=cc)
        finally:
            self.nesting -= 1

    def _strip_braces(self, text: str) -> str:
        esc = self.escape_char
        if esc not in text:
            return text
        if esc + "}" in text or esc + "{" in text:
            text = text.replace(esc + esc, "\0").replace(esc + "}", "").replace(esc + "{", "")
            text = text.replace("\0", esc + esc)
        return text

    # ---- user macros -----------------------------------------------------
    def _call(self, macro: Macro, src, logical, offset, args, origin, depth):
        if depth >= MAX_MACRO_DEPTH:
            self._report_at("expansion-limit", src, logical, offset, origin,
                            what=f"macro .{macro.name} nested deeper than {MAX_MACRO_DEPTH}")
            return
        values = [a for a, _c in args]
        self.macro_args.append(values)
        try:
            body_lines = []
            for t, _l in macro.body:
                t = self._substitute(t, values, macro.name)
                if len(t) > MAX_LINE_LENGTH:  # '\$*' can double a line at each call
                    self._report_at("line-too-long-input", src, logical, offset, origin,
                                    length=len(t), limit=MAX_LINE_LENGTH)
                    t = t[:MAX_LINE_LENGTH]
                self.expanded_chars += len(t)
                if self.expanded_chars > MAX_EXPANDED_CHARS:
                    self._report_at("expansion-limit", src, logical, offset, origin,
                                    what=f"more than {MAX_EXPANDED_CHARS} characters from macros")
                    return
                body_lines.append(t)
            self.expanded_lines += len(body_lines)
            if self.expanded_lines > MAX_EXPANDED_LINES:
                self._report_at("expansion-limit", src, logical, offset, origin,
                                what=f"more than {MAX_EXPANDED_LINES} lines from macros")
                return
            self.expansion_work += len(body_lines) * (depth + 1)
            if self.expansion_work > MAX_EXPANSION_WORK:
                self._report_at("expansion-limit", src, logical, offset, origin,
                                what=f"macros nested and repeated too much (more than "
                                     f"{MAX_EXPANSION_WORK} lines times their depth)")
                return
            body_iter = logical_lines(body_lines, 1, self.escape_char)
            for body in body_iter:
                # Expanded lines are placed at the call site; the origin
                # records the definition line.
                at = LogicalLine(body.text, logical.line)
                line_origin = Origin("macro", macro.name, macro.source, macro.line + body.line, origin)
                yield from self._line(src, at, 0, line_origin, depth + 1, body_iter)
        finally:
            self.macro_args.pop()

    def _substitute(self, text: str, args: list[str], name: str) -> str:
        esc = self.escape_char
        if esc not in text:
            return text
        out: list[str] = []
        i = 0
        n = len(text)
        # Characters that arguments added: past MAX_LINE_LENGTH the rest of
        # the line is dropped (the caller truncates and reports), or '\$*'
        # a million times would build terabytes.
        grown = 0
        while i < n and grown <= MAX_LINE_LENGTH:
            j = text.find(esc, i)
            if j < 0:
                out.append(text[i:])
                break
            out.append(text[i:j])
            if j + 1 >= n:
                out.append(esc)
                break
            c = text[j + 1]
            if c == esc:
                out.append(esc + esc)
                i = j + 2
            elif c == "$":
                k = j + 2
                sel = text[k:k + 1]
                if sel == "*" or sel == "@":
                    value = " ".join(args) if sel == "*" else " ".join(f'"{a}"' for a in args)
                    i = k + 1
                elif sel == "0":
                    value = name
                    i = k + 1
                elif sel == "(":
                    num = text[k + 1:k + 3]
                    value = _arg(args, num)
                    i = k + 3
                elif sel == "[":
                    e = text.find("]", k)
                    e = e if e >= 0 else n
                    value = _arg(args, text[k + 1:e])
                    i = e + 1
                else:
                    value = _arg(args, sel)
                    i = k + 1
                out.append(value)
                grown += len(value)
            elif c == ".":
                out.append(".")
                i = j + 2
            else:
                out.append(text[j:j + 2])
                i = j + 2
        return "".join(out)

    # ---- definitions ---------------------------------------------------------
    def _definition(self, src, logical, offset, text, rest_at, it, origin, req):
        rest = text[rest_at:].split()
        name = self.plain(rest[0]) if rest else ""
        end = rest[1] if len(rest) > 1 else "."
        body: list[tuple[str, int]] = []
        closed = False
        for nxt in it:
            t = nxt.text
            if t[:1] in (self.cc, self.c2):
                stripped = t[1:].lstrip(" \t")
                if stripped == end or stripped.startswith(end + " ") or (end == "." and stripped.startswith(".") and stripped[1:2] in ("", " ", "\t", "\\")):
                    closed = True
                    break
            # Copy mode: an escaped escape character is stored as one.
            body.append((_copy_mode(t, self.escape_char), nxt.line))
        if not closed:
            self._report_at("unterminated-definition", src, logical, offset, origin, name=name or req)
        if req == "ig" or not name:
            yield InputLine("comment", src, logical, offset, text, origin=origin)
            return
        size = sum(len(t) for t, _ in body)
        self.definitions_size += size
        if self.definitions_size > MAX_DEFINITIONS_SIZE:
            self._report_at("expansion-limit", src, logical, offset, origin,
                            what=f"definitions larger than {MAX_DEFINITIONS_SIZE} characters")
            return
        if req.startswith("am") and name in self.macros:
            self.macros[name].body.extend(body)
        else:
            self.macros[name] = Macro(name, body, src, logical.line)
        # The definition is kept in the stream so the tree shows it.
        yield InputLine("control", src, logical, offset, text, req, [(name, offset + rest_at)], origin)

    def _preprocessor_block(self, src, logical, offset, text, it, origin, name):
        end, kind = PREPROCESSOR_BLOCKS[name]
        block: list[tuple[int, str]] = []
        closed = False
        end_line = logical.line
        for nxt in it:
            t = nxt.text
            end_line = nxt.end_line
            if t[:1] == self.cc and self._control_name(t) == end:
                closed = True
                break
            if t[:1] in (self.cc, self.c2) and t[1:].lstrip().startswith(self.escape_char + '"'):
                continue
            block.append((nxt.line, t))
        if not closed:
            self._report_at("unclosed-block", src, logical, offset, origin, name=name, end=end)
        if kind == "table":
            self.uses_tbl = True
        else:
            self._report_at("preprocessor-unsupported", src, logical, offset, origin, what=kind)
        args = parse_args(text, text.index(name) + len(name), self.escape_char)
        return InputLine(kind, src, logical, offset, text, name, args, origin,
                         block=block, end_line=end_line)


def _copy_mode(text: str, esc: str) -> str:
    """Reduce an escaped escape character to one, as groff does in .de bodies."""
    if esc + esc not in text:
        return text
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        j = text.find(esc, i)
        if j < 0 or j + 1 >= n:
            out.append(text[i:])
            break
        out.append(text[i:j])
        if text[j + 1] == esc:
            out.append(esc)
        else:
            out.append(text[j:j + 2])
        i = j + 2
    return "".join(out)


def _arg(args: list[str], sel: str) -> str:
    try:
        k = int(sel)
    except ValueError:
        return ""
    return args[k - 1] if 0 < k <= len(args) else ""


# The requests the reader interprets itself (.ds, .nr, .if, .so ...) live in
# roff/requests.py; imported last because they build this module's InputLines.
from .requests import REQUESTS as _REQUESTS  # noqa: E402
# What _feed's fast path must leave to _line.
_INTERPRETED = frozenset(_REQUESTS) | _DEFINING | frozenset(PREPROCESSOR_BLOCKS)
