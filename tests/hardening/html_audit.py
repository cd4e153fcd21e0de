"""What in an HTML document could run script: shared by the hostile-page
tests and the HTML fuzz target (fuzz/fuzz_html.py)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

BAD_TAGS = {"script", "iframe", "object", "embed", "base", "form", "svg", "img", "style"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background"}


class HtmlAudit(HTMLParser):
    """``problems``: event-handler attributes and script addresses;
    ``generated_tags``: the elements of BAD_TAGS that occur (the caller
    decides which the writer may make itself, such as a stylesheet)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.generated_tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in BAD_TAGS:
            self.generated_tags.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value is not None:
                # Browsers drop blanks and control characters inside a scheme.
                squeezed = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def audit(document: str) -> HtmlAudit:
    a = HtmlAudit()
    a.feed(document)
    a.close()
    return a
