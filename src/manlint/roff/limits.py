"""The bounds of the roff reader: every one ends in a diagnostic, never a hang.

Each is far above what real pages need (no page of man-pages 5.13 reaches
one: tests/hardening/test_corpus_limits.py) and low enough that hostile
input stays cheap.
manlint(1), LIMITS, lists them with what happens at each.
"""

MAX_MACRO_DEPTH = 50          # nested user-macro calls
MAX_EXPANDED_LINES = 200_000  # lines produced by user macros, per page
MAX_EXPANDED_CHARS = 4_000_000  # characters in them (real pages: under 750,000)
# Each line a macro produces passes up through every macro call it is nested
# in, so the cost of an expansion is its lines times their depth: 200,000
# lines 50 calls deep took seconds.  Real pages stay under 100,000.
MAX_EXPANSION_WORK = 2_000_000
MAX_SO_DEPTH = 8
MAX_DEFINITIONS_SIZE = 4_000_000  # characters held by .ds/.de definitions
# Requests interpreted inside one another: '.if 1 .if 1 ...' on one line,
# '.\}' chains and macro calls all nest the line interpreter; past this the
# rest of the line is skipped (Python's own recursion limit is far above).
MAX_NESTING = 100
