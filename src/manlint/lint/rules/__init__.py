"""Every lint rule module; importing this package registers the rules."""

from . import fonts, lines, prose, structure, terms, xref  # noqa: F401
