"""Checks against the world outside the page: headers, other pages, the compiler."""
