"""The pending output line of the filler: breaking, adjusting, composing.

``LineEngine`` holds the words and spaces collected for the current output
line and knows how groff 1.22.4 breaks such a line (the rightmost break
opportunity that fits, the last word's hyphenation points included, else
the leftmost one), how it distributes the extra space of an adjusted line
(alternately from the right and from the left, with C++ integer division)
and how it shifts a centred or right-adjusted line.  ``Filler`` (fill.py)
builds on it.
"""

from __future__ import annotations

from .fill_text import INHIBITOR, display_width, printable
from .fill_word import Space, Word, _inhibited, word_breaks

#: what a hyphenation break prints (groff's \(hy in -Tutf8: U+2010)
HYPHEN = "\u2010"

def _overlay(runs, items, extras):
    """Compose a line whose spaces may be negative: later characters
    overwrite earlier ones, as on grotty's page."""
    cells = []
    col = 0

    def put(text, font):
        nonlocal col
        for c in text:
            if col < 0:
                col += 1
                continue
            while len(cells) <= col:
                cells.append((" ", "R"))
            cells[col] = (c, font)
            col += 1

    for t, f in runs:
        put(t, f)
    ei = 0
    for it in items:
        if it.is_space:
            w = it.width
            if it.stretch:
                w += extras[ei]
                ei += 1
            col = max(0, col + w) if w < 0 else col
            if w > 0:
                col += w
        else:
            for t, f in it.runs:
                put(printable(t), f)
    out = []
    for c, f in cells:
        if c == " ":
            f = "R"
        if out and out[-1][1] == f:
            out[-1][0] += c
        else:
            out.append([c, f])
    while out:
        t = out[-1][0].rstrip(" ")
        if t:
            out[-1][0] = t
            break
        out.pop()
    return [(t, f) for t, f in out]


class LineEngine:
    """The pending output line and the lines output so far."""

    def __init__(self, width: int, hyphenator, hyphenation_mode: int, hyphen: str):
        self.width = width  # line length (.ll) in columns
        self._hyphenator = hyphenator
        self.hyphenation_mode = hyphenation_mode
        self.hyphen = hyphen
        self.indent = 0
        self._ti = None  # pending temporary indent
        self.fill = True
        self.adjust = "b"
        self._out = []
        self._items = []  # Word and Space objects of the pending line
        self._lwidth = 0  # width of self._items
        self._line_indent = 0  # indent of the pending line (fixed at its start)
        self._target = width  # its text width
        self._input_start = 0  # position where the current input line began
        self._reverse = False  # groff's distribute_space flip-flop
        self._tag = None  # pending tag: (runs, start column, end column)
        self._no_space = False

    @property
    def hyphenator(self):
        """The Hyphenator to use, or None (subclasses load a default)."""
        return self._hyphenator or None

    # ------------------------------------------------------------------
    # output

    def _emit(self, runs) -> None:
        self._out.append(runs)
        self._no_space = False

    def _emit_blank(self) -> None:
        self._out.append([])

    def _compose(self, indent, items, extras=None, tag=None):
        """Build the runs of an output line."""
        runs = []
        col = 0
        if tag is not None:
            truns, tstart, tend = tag
            if tstart:
                runs.append([" " * tstart, "R"])
            for t, f in truns:
                runs.append([t, f])
            col = tend
        pad = indent - col
        if pad > 0:
            runs.append([" " * pad, "R"])
        elif pad < 0 and tag is not None:
            runs.append([" ", "R"])
        if extras is not None and min(extras) < 0:
            return _overlay(runs, items, extras)
        # collect (text, font) pieces, merging neighbours of the same font
        font = runs[-1][1] if runs else None
        buf = [runs.pop()[0]] if runs else []
        ei = 0
        for it in items:
            if it.is_space:
                w = it.width
                if extras is not None and it.stretch:
                    w += extras[ei]
                    ei += 1
                if w <= 0:
                    continue
                if font != "R":
                    if buf:
                        runs.append([''.join(buf), font])
                    buf = []
                    font = "R"
                buf.append(" " * w)
            else:
                for t, f in it.runs:
                    if not t.isascii():
                        t = printable(t)
                    if not t:
                        continue
                    if f != font:
                        if buf:
                            runs.append([''.join(buf), font])
                        buf = []
                        font = f
                    buf.append(t)
        if buf:
            runs.append([''.join(buf), font])
        # trailing spaces are never printed
        while runs:
            t = runs[-1][0].rstrip(" ")
            if t:
                runs[-1][0] = t
                break
            runs.pop()
        return [(t, f) for t, f in runs]

    # ------------------------------------------------------------------
    # the pending line

    def _start_line(self) -> None:
        if self._ti is not None:
            self._line_indent = self._ti
            self._ti = None
        else:
            self._line_indent = self.indent
        self._target = self.width - self._line_indent

    def _add_item(self, it) -> None:
        if not self._items:
            self._start_line()
        self._items.append(it)
        self._lwidth += it.width

    def _add_space(self, sp: Space, check: bool = True) -> None:
        items = self._items
        if not items and sp.discardable:
            return  # spaces vanish at the start of a line
        items.append(sp)
        self._lwidth += sp.width
        if check and self.fill:
            self._possibly_break()

    def _last_word(self):
        """Index of the last word of the pending line (before trailing spaces)."""
        items = self._items
        k = len(items) - 1
        while k >= 0 and items[k].is_space:
            k -= 1
        return k

    def _possibly_break(self) -> None:
        while self._items and self._lwidth > self._target:
            if not self._break_once():
                return

    def _break_once(self) -> bool:
        items = self._items
        target = self._target
        # the last word: the words after the last breakable space (words
        # joined by unbreakable spaces are one word for groff's hyphenation)
        k = self._last_word()
        g = k
        while g > 0 and not (items[g - 1].is_space and items[g - 1].breakable):
            g -= 1
        if k >= 0:
            xg = self._lwidth
            for it in items[g:]:
                xg -= it.width
            if xg < target or not any(it.is_space and it.breakable for it in items[:g]):
                self._hyphenate_group(g, k)
        # the rightmost breakpoint that fits
        best = None  # (item index, raw index or None, width, hyphen)
        x = self._lwidth
        for idx in range(len(items) - 1, -1, -1):
            it = items[idx]
            x -= it.width  # where the item starts
            if it.is_space:
                if it.breakable and idx > 0 and x <= target:
                    best = (idx, None, x, False)
                    break
            elif g <= idx <= k and it.breaks:
                raw = it.raw()
                for j, hy in reversed(it.breaks):
                    w = x + display_width(raw[:j]) + hy
                    if w <= target:
                        best = (idx, j, w, hy)
                        break
                if best is not None:
                    break
        if best is None:
            # nothing fits: the leftmost breakpoint
            x = 0
            for idx, it in enumerate(items):
                if it.is_space:
                    if it.breakable and idx > 0:
                        best = (idx, None, x, False)
                        break
                elif g <= idx <= k and it.breaks:
                    j, hy = it.breaks[0]
                    best = (idx, j, x + display_width(it.raw()[:j]) + hy, hy)
                    break
                x += it.width
        if best is None:
            return False
        idx, j, bwidth, hy = best
        bst = 0
        for it in items[:idx]:
            if it.is_space:
                bst += it.stretch
        if j is None:
            left = items[:idx]
            rest = items[idx + 1:]
        else:
            wd = items[idx]
            lruns, right = wd.split(j)
            if hy:
                font = wd.font_at(j)
                lruns.append([self.hyphen, font])
            lw = Word(lruns, bwidth)  # width unused for output
            left = items[:idx] + [lw]
            rest = [right] + items[idx + 1:]
        extras = None
        indent = self._line_indent
        slack = target - bwidth
        if self.adjust == "b":
            if bst > 0 and slack != 0:
                # negative when an overflowing line holds only \~ spaces:
                # groff then pulls the text back over itself
                extras = self._distribute(bst, slack)
        else:
            indent = self._shifted(indent, slack)
        self._reverse = not self._reverse
        out_width = bwidth + (slack if extras is not None else 0)
        self._input_start -= out_width
        self._emit(self._compose(indent, left, extras, self._tag))
        self._tag = None
        # the rest starts a new line; leading discardable spaces vanish
        s = 0
        while s < len(rest) and rest[s].is_space and rest[s].discardable:
            s += 1
        rest = rest[s:]
        self._items = rest
        self._lwidth = sum(it.width for it in rest)
        if rest:
            self._start_line()
        return True

    def _shifted(self, indent: int, slack: int) -> int:
        """Indent of a line centred or right-adjusted with *slack* columns
        to spare (negative when it overflows: groff shifts it left then)."""
        if self.adjust == "r":
            indent += slack
        elif self.adjust == "c":
            indent += slack // 2 if slack >= 0 else -(-slack // 2)
        return max(0, indent)

    def _hyphenate_group(self, g: int, k: int) -> None:
        """Compute the break opportunities of the words items[g..k]."""
        items = self._items
        mode = self.hyphenation_mode
        hyph = self.hyphenator if mode else None
        inhibit = None
        for idx in range(g, k + 1):
            it = items[idx]
            if not it.is_space and INHIBITOR in it.raw():
                inhibit = True
        for idx in range(g, k + 1):
            wd = items[idx]
            if wd.is_space:
                continue
            raw = wd.raw()
            if inhibit is None:
                inhibit = _inhibited(raw)
            if wd.breaks is None:
                wd.breaks = word_breaks(raw, mode, hyph, inhibit)

    def _distribute(self, nst: int, extra: int) -> list:
        """Extra columns for each of *nst* stretchable spaces, left to right."""
        res = [0] * nst
        if self._reverse:
            order = range(nst)
        else:
            order = range(nst - 1, -1, -1)
        left = nst
        for i in order:
            # C++ division: truncates toward zero (extra < 0 on overflow)
            e = extra // left if extra >= 0 else -(-extra // left)
            res[i] = e
            extra -= e
            left -= 1
        return res

