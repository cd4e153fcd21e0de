"""Every lint rule module; importing this package registers the rules."""

from . import brackets, fonts, headings, identifiers, lines, marks, markup, prose  # noqa: F401
from . import requirements, spelling, structure, terms, typos, xref  # noqa: F401
from . import compiled  # noqa: F401  (off by default: compiles SYNOPSIS and EXAMPLES)
