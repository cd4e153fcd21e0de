r"""The line-filling engine of manlint's terminal renderer.

It reproduces what groff 1.22.4 prints for man pages with ``-Tutf8``
(``groff -mandoc -Tutf8 -rcR=1``: nroff mode, one character cell is one
unit of width).  A tree visitor drives a `Filler` with roff-like requests
and input text lines; `Filler.finish` returns the output lines as lists of
``(text, font)`` runs, font one of ``R B I BI CW``.

Text comes as ``(text, font)`` chunks.  In the text ``' '`` is an ordinary
space, U+00A0 an unbreakable, unstretchable space (roff ``\ ``), and these
private-use markers stand for escapes: `ZERO_WIDTH` (``\&``), `NO_HYPHEN`
(``\%``), `BREAK_POINT` (``\:``), `JOIN` (``\c``: the next input line
continues the word), `PADDABLE_SPACE` (``\~``: unbreakable but stretched
when adjusting) and `MINUS` (``\-``: prints ``-`` that, unlike ``-``,
allows no break after it).  Markers never reach the output.

Behaviour of groff 1.22.4 that is reproduced (each checked against groff):

* Filling: the line is checked for overflow each time an inter-word space
  is added; the space an input line's end makes checks only when the text
  before it already overflows (a line that fits exactly stays pending).
  The line breaks at the rightmost break opportunity that fits, the
  hyphenation points of its last word included (words joined by ``\ `` or
  ``\~`` count as one word); when none fits, at the leftmost one, so a
  word wider than the line stands alone on it (or is hyphenated).
* Adjustment (``.ad b``): the extra columns go to the stretchable spaces
  one by one from one end, each space getting ``extra_left // spaces_left``.
  On the first line broken by filling they are handed out from the right
  (so the leftmost spaces get the larger share), on the next from the left,
  and so on: the direction flips with *every* line broken by filling, in
  any adjust mode, even for lines needing no extra space; lines ended by a
  break (``.br``, ``.sp``, ...) are not adjusted and do not flip it.  As in
  groff the flip state is never reset.
* Spaces: an input line ending in ``.``, ``?`` or ``!`` (possibly followed
  by ``" ' ) ] * \(dg \(rq \(cq``; ``\&`` after the period hides it) is
  followed by a two-column sentence space (``.ss 12 12``); consecutive
  spaces inside a line make one space as wide as they are; each counts as
  one stretchable space.  Trailing spaces of input lines are dropped.
* A line starting with spaces breaks and its leading spaces become a
  fixed, unstretched indent; an empty line breaks and makes a blank line
  (like ``.sp``, suppressed in no-space mode); a lone ``\c`` line makes an
  empty output line at the next break.
* Tabs: stops every 5 columns (man's ``.DT``: ``.ta T .5i``), measured
  from where the input line's text began (the indent, for a line of its
  own); fields after R/C stops are right-aligned/centred.
* Tags (``.TP``/``.IP``, an-old.tmac's an-do-tag): the tag is formatted on
  its own (line length ``width - tag_indent``, current fill/adjust modes)
  and stands on a line of its own when its width + 1 exceeds
  ``body_indent - tag_indent``; else the body's first line shares it.  A
  break before any body text leaves the tag on its own line.
* ``.ad c``/``.ad r`` shift a line by ``slack/2`` (truncated toward zero)
  or ``slack``, also leftwards when a line overflows.  An overflowing line
  whose only stretchable spaces are ``\~`` gets negative space: the text is
  pulled back over itself, later characters overwriting earlier ones.
"""

from __future__ import annotations

from .fill_text import (
    BREAK_POINT,
    INHIBITOR,
    INVISIBLE,
    JOIN,
    MINUS,
    NBSP,
    NO_HYPHEN,
    PADDABLE_SPACE,
    ZERO_WIDTH,
    display_width,
    ends_sentence,
    printable,
    to_overstrike,
    to_plain,
    to_sgr,
)
from .fill_line import HYPHEN, LineEngine
from .fill_word import Space, Word, WordSpace
from .hyphenate import MAN_HYPHENATION_MODE, default_hyphenator

__all__ = [
    "Filler",
    "ZERO_WIDTH",
    "NO_HYPHEN",
    "BREAK_POINT",
    "JOIN",
    "PADDABLE_SPACE",
    "MINUS",
    "NBSP",
    "HYPHEN",
    "to_plain",
    "to_sgr",
    "to_overstrike",
    "display_width",
]


class Filler(LineEngine):
    """Fill, hyphenate and adjust text into terminal lines like groff."""

    def __init__(
        self,
        width: int = 78,
        hyphenator=None,
        hyphenation_mode: int = MAN_HYPHENATION_MODE,
        hyphen: str = HYPHEN,
    ):
        super().__init__(width, hyphenator, hyphenation_mode, hyphen)
        self._stops = []  # explicit tab stops: (column, align)
        self._tab_repeat = 5  # T repeat after explicit stops (.ta T .5i)
        self._pending_nl = False  # an input line ended; its space not added yet
        self._join = False  # previous text ended with JOIN

    # ------------------------------------------------------------------
    # state requests

    @property
    def hyphenator(self):
        """The Hyphenator in use: groff's patterns unless another one (or
        False, for none) was given; None when groff's files are missing."""
        h = self._hyphenator
        if h is None:
            h = self._hyphenator = default_hyphenator() or False
        return h or None

    def set_indent(self, n: int, brk: bool = True) -> None:
        """``.in n`` (absolute columns); breaks unless *brk* is false."""
        if brk:
            self.break_line()
        else:
            self._settle()
        self.indent = max(0, int(n))

    def temp_indent(self, n: int) -> None:
        """``.ti n``: break; the next output line starts at column *n*."""
        self.break_line()
        self._ti = max(0, int(n))

    def _settle(self) -> None:
        """Process the end of the last input line now (a request follows
        it), unless that line ended with ``\\c`` (JOIN)."""
        if self.fill and self._pending_nl and not self._join:
            self._flush_newline()

    def set_width(self, n: int) -> None:
        """``.ll n``: line length; no break (the pending line keeps its length)."""
        self._settle()
        self.width = max(1, int(n))

    def set_fill(self, on: bool) -> None:
        """``.fi`` / ``.nf`` (both break)."""
        self.break_line()
        self.fill = bool(on)

    def set_adjust(self, mode: str) -> None:
        """``.ad`` mode: 'b' (also 'n'), 'l', 'r', 'c'; ``.na`` is 'l'."""
        self._settle()
        mode = (mode or "b").lower()
        if mode == "n":
            mode = "b"
        if mode not in ("b", "l", "r", "c"):
            mode = "b"
        self.adjust = mode

    def set_hyphenation(self, mode: int) -> None:
        """``.hy N`` (``.nh`` is 0)."""
        self._settle()
        self.hyphenation_mode = int(mode)

    def set_no_space(self, on: bool = True) -> None:
        """``.ns`` / ``.rs``: in no-space mode ``space()`` and empty input
        lines do nothing; output of a text line ends it."""
        self._no_space = bool(on)

    def set_tabs(self, stops, repeat: int | None = None) -> None:
        """``.ta``: *stops* are columns relative to the line start (the
        indent), optionally ``(column, 'L'|'R'|'C')`` pairs; *repeat* is the
        ``T`` interval after the last stop.  ``set_tabs([], 5)`` restores
        the man default (every 5 columns); with no stops and no repeat there
        are no tab stops."""
        self._settle()
        parsed = []
        for s in stops:
            if isinstance(s, (tuple, list)):
                col, align = int(s[0]), (s[1] or "L").upper()
            else:
                col, align = int(s), "L"
            parsed.append((col, align))
        self._stops = parsed
        self._tab_repeat = repeat if repeat and repeat > 0 else None

    def current_column(self) -> int:
        """Column where the next character on the pending line would go."""
        if self._items:
            return self._line_indent + self._lwidth
        if self._ti is not None:
            return self._ti
        return self.indent

    def _flush_newline(self) -> None:
        """Add the space an earlier input line end stands for."""
        if not self._pending_nl:
            return
        self._pending_nl = False
        if self.fill:
            items = self._items
            if not items:
                return
            last = items[-1]
            sent = False
            if last.is_space:
                if last.breakable:
                    return
            else:
                sent = ends_sentence(last.raw())
            # groff checks for overflow here only if the text before the
            # space already overflows: a line that fits exactly is not
            # broken (nor counted for the adjustment flip-flop) at its end
            before = self._lwidth
            self._add_space(Space(2 if sent else 1, sentence=sent), check=False)
            if before > self._target:
                self._possibly_break()

    def _finish_nofill_line(self) -> None:
        self._pending_nl = False
        items = self._items
        if items or self._tag is not None:
            indent = self._line_indent if items else self.current_column()
            self._emit(self._compose(indent, items, None, self._tag))
            self._tag = None
        self._items = []
        self._lwidth = 0

    # ------------------------------------------------------------------
    # breaks and spacing

    def break_line(self) -> None:
        """``.br``: output the pending partial line, not adjusted."""
        joined = self._join
        self._join = False
        if not self.fill:
            if self._pending_nl or self._items:
                self._finish_nofill_line()
            elif self._tag is not None:
                self._finish_nofill_line()
            return
        self._flush_newline()
        items = self._items
        # trailing spaces go first, then groff adds a zero-width space so
        # that the last word can still be broken
        while items and items[-1].is_space and items[-1].discardable:
            self._lwidth -= items.pop().width
        if items:
            self._add_space(Space(0))
            items = self._items
        while items and items[-1].is_space and items[-1].discardable:
            self._lwidth -= items.pop().width
        if items:
            indent = self._shifted(self._line_indent, self._target - self._lwidth)
            self._emit(self._compose(indent, items, None, self._tag))
            self._tag = None
        elif self._tag is not None:
            self._emit(self._compose(0, [], None, self._tag))
            self._tag = None
        elif joined:
            # groff: an input line that ended with \c and left nothing on
            # the line (e.g. a lone "\c") still makes an (empty) output line
            self._emit([])
        self._items = []
        self._lwidth = 0

    def space(self, n: int = 1) -> None:
        """``.sp n``: break, then *n* blank lines (none in no-space mode)."""
        self.break_line()
        if self._no_space:
            return
        for _ in range(max(0, int(n))):
            self._emit_blank()

    # ------------------------------------------------------------------
    # tags

    def place_tag(self, chunks, tag_indent: int, body_indent: int) -> None:
        """``.TP``/``.IP`` tag: break, put *chunks* at *tag_indent*; the body
        (indent *body_indent* from now on) shares the tag's line when the
        tag is at least one column narrower than the distance between the
        two indents, else starts on the next line.

        As the man macros do, the tag is formatted on its own (a diversion
        with indent 0 and line length ``width - tag_indent``) in the current
        fill and adjust modes, so a long tag is filled over several lines
        and a right-adjusted one is shifted."""
        self.break_line()
        sub = Filler(
            max(1, self.width - tag_indent),
            self._hyphenator,
            self.hyphenation_mode,
            self.hyphen,
        )
        sub.fill = self.fill
        sub.adjust = self.adjust
        sub._stops = self._stops
        sub._tab_repeat = self._tab_repeat
        sub._reverse = self._reverse
        sub.add_line(chunks)
        lines = sub.finish()
        self._reverse = sub._reverse
        dl = 0
        for line in lines:
            dl = max(dl, display_width("".join(t for t, _ in line)))
        shifted = []
        for line in lines:
            if tag_indent:
                line = [(" " * tag_indent, "R")] + list(line)
            shifted.append(line)
        if dl + 1 > body_indent - tag_indent:
            for line in shifted:
                self._emit(line)  # diverted lines: they do not flip adjustment
        elif shifted:
            for line in shifted[:-1]:
                self._emit(line)
            last = shifted[-1]
            width = display_width("".join(t for t, _ in last))
            self._tag = (last, 0, width)
        self.indent = max(0, int(body_indent))

    # ------------------------------------------------------------------
    # input text

    def add_line(self, chunks, continued: bool = False) -> None:
        """One roff input text line (see the module docstring)."""
        if self._join:
            continued = True
            self._join = False
        # collect the text, noting a \c (JOIN): text after it is ignored
        parts = []
        total = 0
        for text, font in chunks:
            if not text:
                continue
            j = text.find(JOIN)
            if j >= 0:
                text = text[:j]
                self._join = True
                if text:
                    parts.append((text, font))
                    total += len(text)
                break
            parts.append((text, font))
            total += len(text)
        if continued:
            self._pending_nl = False
            if parts and self._items and not self._items[-1].is_space:
                t0, f0 = parts[0]
                k = 0
                while k < len(t0) and t0[k] in INVISIBLE:
                    if t0[k] == NO_HYPHEN:
                        parts[0] = (t0[:k] + INHIBITOR + t0[k + 1:], f0)
                        break
                    k += 1
        if not self.fill:
            self._add_nofill(parts, continued)
            return
        if total == 0 and not continued and not self._join:
            # an empty input line: break and a blank line
            self.space(1)
            return
        if not continued:
            first = parts[0][0] if parts else ""
            if first.startswith(" "):
                self.break_line()
        self._flush_newline()
        self._input_start = self._lwidth
        # trailing spaces of an input line are dropped
        if not self._join:
            while parts:
                t, f = parts[-1]
                s = t.rstrip(" ")
                if s:
                    parts[-1] = (s, f)
                    break
                parts.pop()
        self._add_text(parts, continued, leading=not continued)
        if not self._join:
            self._pending_nl = True

    def _add_nofill(self, parts, continued: bool) -> None:
        if self._pending_nl and not continued:
            self._finish_nofill_line()
        if not parts and not continued and not self._join and not self._items:
            if self._tag is not None:
                self._finish_nofill_line()
            if not self._no_space:
                self._emit_blank()
            return
        self._input_start = self._lwidth
        self._add_text(parts, continued, nofill=True, leading=not continued)
        self._pending_nl = not self._join

    def _add_text(self, parts, join: bool, nofill: bool = False, leading: bool = False) -> None:
        """Add text; *join*: the first characters extend the last word;
        *leading*: initial spaces are a fixed indent (a new input line)."""
        items = self._items
        cur = None  # the word being built
        if join and items and not items[-1].is_space:
            cur = items[-1]
        if leading:
            n = 0
            while parts:
                t, f = parts[0]
                st = t.lstrip(" ")
                n += len(t) - len(st)
                if st:
                    parts = [(st, f)] + list(parts[1:])
                    break
                parts = parts[1:]
            if n:
                self._add_item(Space(n, 0, False, False))
        for pi, (text, font) in enumerate(parts):
            if "\t" in text:
                self._add_tabbed(parts[pi:], cur, nofill)
                return
            if nofill or PADDABLE_SPACE in text:
                cur = self._add_chunk(cur, text, font, nofill)
                continue
            # the common case, inlined for speed
            first = True
            items = self._items
            lw = self._lwidth
            target = self._target
            for seg in text.split(" "):
                if first:
                    first = False
                else:
                    cur = None
                    if items:
                        last = items[-1]
                        if last.is_space and last.breakable:
                            # consecutive spaces make one (wider) space
                            last.width += 1
                            lw += 1
                        else:
                            items.append(WordSpace())
                            lw += 1
                            if lw > target:
                                self._lwidth = lw
                                self._possibly_break()
                                items = self._items
                                lw = self._lwidth
                                target = self._target
                if not seg:
                    continue
                w = len(seg) if seg.isascii() else display_width(seg)
                if cur is None:
                    cur = Word([[seg, font]], w)
                    if not items:
                        self._start_line()
                        target = self._target
                    items.append(cur)
                else:
                    cur.append(seg, font, w)
                lw += w
            self._lwidth = lw

    def _add_chunk(self, cur, text: str, font: str, nofill: bool):
        """Add one chunk (no tabs) the general way; returns the current word."""
        for si, seg in enumerate(text.split(" ")):
            if si:
                cur = self._text_space(cur, nofill)
            if seg:
                cur = self._add_word_text(cur, seg, font)
        return cur

    def _text_space(self, cur, nofill: bool):
        """An ordinary space in the input text; returns the current word (None)."""
        items = self._items
        if nofill:
            self._add_item(Space(1, 0, False, False))
            return None
        if items:
            last = items[-1]
            if last.is_space and last.breakable:
                # consecutive spaces make one (wider) space
                last.width += 1
                self._lwidth += 1
                return None
        self._add_space(Space(1))
        return None

    def _add_word_text(self, cur, seg: str, font: str):
        """Append *seg* (no spaces/tabs) to the word *cur*; returns the word."""
        if PADDABLE_SPACE in seg:
            pieces = seg.split(PADDABLE_SPACE)
            for k, piece in enumerate(pieces):
                if k:
                    self._add_item(Space(1, 1, False, False))
                    cur = None
                if piece:
                    cur = self._add_word_text(cur, piece, font)
            return cur
        w = len(seg) if seg.isascii() else display_width(seg)
        if cur is None:
            cur = Word([[seg, font]], w)
            self._add_item(cur)
        else:
            if not self._items:
                self._start_line()
            cur.append(seg, font, w)
            self._lwidth += w
        return cur

    # ------------------------------------------------------------------
    # tabs

    def _next_stop(self, pos: int):
        for col, align in self._stops:
            if col > pos:
                return col, align
        if self._tab_repeat:
            base = self._stops[-1][0] if self._stops else 0
            rep = self._tab_repeat
            if pos < base:
                return base + rep, "L"
            return base + ((pos - base) // rep + 1) * rep, "L"
        return None

    def _add_tabbed(self, parts, cur, nofill: bool) -> None:
        """Text containing tabs: fields between tabs aligned at the stops."""
        # split the remaining parts into tab-separated fields of chunks
        fields = [[]]
        for text, font in parts:
            pieces = text.split("\t")
            for k, p in enumerate(pieces):
                if k:
                    fields.append([])
                if p:
                    fields[-1].append((p, font))
        if fields[0]:
            self._add_text(fields[0], cur is not None, nofill, False)
        for field in fields[1:]:
            if not self._items:
                self._start_line()
            pos = self._lwidth - self._input_start
            stop = self._next_stop(pos)
            fw = sum(display_width(printable(t)) for t, _ in field)
            if stop is None:
                gap = 0
            else:
                col, align = stop
                if align == "R":
                    gap = col - pos - fw
                elif align == "C":
                    gap = col - pos - fw // 2
                else:
                    gap = col - pos
            self._add_item(Space(max(0, gap), 0, False, False))
            if field:
                self._add_text(field, True, nofill, False)

    # ------------------------------------------------------------------

    def finish(self) -> list:
        """Flush; return the output lines, each a list of (text, font) runs."""
        self.break_line()
        self._pending_nl = False
        return self._out

    def lines(self) -> list:
        """The output lines produced so far (without flushing)."""
        return self._out
