"""A one-line progress bar for a terminal."""

from __future__ import annotations

import shutil
import time


class ProgressBar:
    """``[#########.........]  412/1060  39%  man3/printf.3`` redrawn in place.

    Draws at most ten times a second (and always the last step); ``close``
    clears the line so the summary that follows starts clean.
    """

    def __init__(self, stream, total: int, label: str = "rendering"):
        self.stream = stream
        self.total = max(total, 1)
        self.label = label
        self.last = 0.0
        self.shown = False

    def update(self, done: int, note: str = "") -> None:
        now = time.monotonic()
        if done < self.total and now - self.last < 0.1:
            return
        self.last = now
        columns = shutil.get_terminal_size((80, 24)).columns
        width = max(10, min(40, columns - 45))
        filled = int(width * done / self.total)
        bar = "#" * filled + "." * (width - filled)
        line = f"{self.label} [{bar}] {done}/{self.total} {100 * done // self.total:3d}%  {note}"
        self.stream.write("\r" + line[:max(10, columns - 1)] + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
