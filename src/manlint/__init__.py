"""manlint: parse, lint, render and patch-check man(7) pages."""

__version__ = "0.1.0"
