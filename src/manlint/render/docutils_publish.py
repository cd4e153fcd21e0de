"""Running docutils' writers on the doctrees of ``docutils_bridge``, cheaply.

``docutils.core.publish_from_doctree`` builds a fresh Publisher per call: an
``optparse`` parser with every option of the reader and writer (over a
hundred ``add_option`` calls), the settings from it, a Transformer and its
transforms, a Writer.  For one page that is noise; for a site of a thousand
pages it was a quarter of the build.  None of it depends on the page, so
this module makes it once per output format and process:

* the settings are built once (the same overrides as before, through the
  same Publisher code) and every document gets a shallow copy;
* for HTML the writer's translator is run straight on the doctree, and the
  writer's own template (read once) is filled from it, as
  ``Writer.translate`` does.  The transforms a Publisher would apply
  (``Messages``, ``FilterMessages``, ``StripClassesAndElements``,
  ``writer_aux.Admonitions``) change nothing in a doctree from
  ``docutils_bridge``: it has no system messages, no admonitions, and
  ``strip_classes``/``strip_elements_with_classes`` are unset;
* the other writers (xml, latex, pseudoxml: one page at a time, from
  ``manlint render``) still go through ``publish_from_doctree``, with the
  cached settings.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import docutils
from docutils import languages, nodes, utils

from .docutils_nodes import dispose, release

WRITERS = {"html": "html5", "html5": "html5", "xml": "xml", "latex": "latex",
           "pseudoxml": "pseudoxml"}
SOURCE_NAME = "manual page"


def settings_overrides(to: str) -> dict:
    return {
        "report_level": 5,
        "halt_level": 5,
        "exit_status_level": 5,
        "warning_stream": io.StringIO(),
        "traceback": True,
        "_disable_config": True,
        "file_insertion_enabled": False,
        "raw_enabled": False,
        "output_encoding": "utf-8",     # decoded below; the XML declaration says utf-8
        "language_code": "en",
        "syntax_highlight": "short",
        "tab_width": 8,
        "use_latex_citations": True,
        "legacy_column_widths": False,
        "legacy_class_functions": False,
        "embed_stylesheet": True,
        "stylesheet_path": "",
        "stylesheet": "",
        "strip_comments": True,
        "smart_quotes": False,
        "toc_backlinks": "none",
        "footnote_backlinks": False,
        "sectnum_xform": False,
        "doctitle_xform": False,
        "datestamp": None,
        "generator": None,
        "source_link": None,
        "xml_declaration": to == "xml",
        "doctype_declaration": to != "xml",
    }


_SETTINGS: dict = {}


def _writer_for(writer_name: str):
    if writer_name == "html5":
        from docutils.writers import html5_polyglot
        return html5_polyglot.Writer()
    from docutils.writers import get_writer_class
    return get_writer_class(writer_name)()


def settings_for(writer_name: str):
    """The settings of a writer with our overrides, built once (a copy each call)."""
    got = _SETTINGS.get(writer_name)
    if got is None:
        from docutils.core import Publisher
        from docutils.readers import doctree
        pub = Publisher(reader=doctree.Reader(), writer=_writer_for(writer_name),
                        source=docutils.io.DocTreeInput(None),
                        destination_class=docutils.io.StringOutput)
        pub.process_programmatic_settings(None, settings_overrides(writer_name), None)
        got = _SETTINGS[writer_name] = pub.settings
    return copy.copy(got)


def new_document(writer_name: str = "html5") -> nodes.document:
    """An empty document with the final settings of ``writer_name``."""
    return utils.new_document(SOURCE_NAME, settings_for(writer_name))


# ---- HTML -----------------------------------------------------------------------------

_CLASS_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")


def fast_inline_translator(base):
    """A subclass of the HTML translator ``base`` that writes inline content in one loop.

    docutils visits every node through ``walkabout`` and ``dispatch_visit``
    (and builds each start tag with the general ``starttag``); a page of
    ours has some 700 nodes, nearly all of them Text, strong, emphasis,
    token-class spans and references inside paragraphs, terms and code
    blocks.  This translator writes the content of those three containers
    itself, with exactly the markup the base translator's ``visit_Text``,
    ``visit_strong``, ``visit_emphasis``, ``visit_inline`` and
    ``visit_reference`` produce for such nodes; any node it does not know
    for certain (another kind, or ids, or unusual classes) goes through
    the base translator as before.  tests/render/test_html.py checks that
    both give the same page.
    """

    span_tags: dict = {}
    start_tags: dict = {}
    p_tags: dict = {}
    a_classes: dict = {}

    class Translator(base):
        def __init__(self, document):
            super().__init__(document)
            self._fast = not self.settings.cloak_email_addresses
            special = self.special_characters
            self._escape = _escape_html if special == _HTML_SPECIAL else (
                lambda text: text.translate(special))
            self.consume = False        # clear parents while walking (see walkabout)
            # node class -> (visit, depart) functions, kept per translator class
            self._methods_of = _METHODS.get(self.__class__)
            if self._methods_of is None:
                if len(_METHODS) > 16:
                    _METHODS.clear()
                self._methods_of = _METHODS[self.__class__] = {}
            self.irregular = False      # the walk stopped early: some parents are left
            # Start tags by classes, kept from page to page.
            self._span_tags = span_tags
            self._p_tags = p_tags
            self._a_classes = a_classes

        def walkabout(self, node) -> bool:
            """``node.walkabout(self)``, with the visit and depart methods looked
            up once per node class (``Node.walkabout`` and ``dispatch_visit``
            build the method name and look it up for every node, and call the
            reporter's ``debug`` twice).  Same calls, same exceptions.

            When consuming the doctree (``consume``), a node's ``parent`` is
            cleared once it is departed (every later visit that looks up the
            tree starts from a node not yet departed), and a subtree the
            walk skips is cleared at once: the cycles are gone when the walk
            ends, without a second walk over the tree."""
            methods = self._methods_of.get(node.__class__)
            if methods is None:
                methods = self._methods_of[node.__class__] = self._lookup(node.__class__.__name__)
            visit, depart = methods
            call_depart = True
            stop = False
            try:
                try:
                    visit(self, node)
                except nodes.SkipNode:
                    if self.consume:
                        release(node)
                    return stop
                except nodes.SkipDeparture:
                    call_depart = False
                try:
                    for child in node.children[:]:
                        if self.walkabout(child):
                            stop = True
                            break
                except nodes.SkipSiblings:
                    self.irregular = True
            except _Inlined:
                pass
            except nodes.SkipChildren:
                if self.consume:
                    for child in node.children:
                        release(child)
            except nodes.StopTraversal:
                stop = True
            if stop:
                self.irregular = True
            if call_depart:
                depart(self, node)
            if self.consume:
                node.parent = None
            return stop

        def starttag(self, node, tagname, suffix="\n", empty=False, **attributes):
            """The base translator's ``starttag``, kept by what it depends on for
            a node without ids (most table cells, rows, definitions, titles)."""
            node_attributes = getattr(node, "attributes", None)
            if node_attributes is None or node_attributes.get("ids") or "ids" in attributes:
                return super().starttag(node, tagname, suffix, empty, **attributes)
            try:
                key = (tagname, suffix, empty, tuple(node_attributes.get("classes", ())),
                       isinstance(node, nodes.table),
                       tuple((k, tuple(v) if isinstance(v, list) else v)
                             for k, v in attributes.items()))
                got = start_tags.get(key)
            except TypeError:   # an attribute value that cannot be a key
                return super().starttag(node, tagname, suffix, empty, **attributes)
            if got is None:
                got = super().starttag(node, tagname, suffix, empty, **attributes)
                if len(start_tags) < 4096:
                    start_tags[key] = got
            return got

        def encode(self, text) -> str:
            """``encode``: the special characters as entities (quicker than
            ``str.translate`` with entities for the usual table)."""
            return self._escape(str(text))

        def _lookup(self, name: str):
            """The visit and depart functions of this class for nodes of class ``name``."""
            cls = self.__class__
            return (getattr(cls, "visit_" + name, cls.unknown_visit),
                    getattr(cls, "depart_" + name, cls.unknown_departure))

        def _safe_classes(self, classes) -> bool:
            return all(_CLASS_TOKEN.match(c) and not c.startswith("language-") for c in classes) \
                and len(set(classes)) == len(classes)

        def _inline(self, children) -> None:
            append = self.body.append
            escape = self._escape
            consume = self.consume
            for child in children:
                kind = type(child)
                if kind is Text:    # what visit_Text writes
                    append(escape(child.astext() if "\x00" in child else child))
                    if consume:
                        child.parent = None
                    continue
                tag = _SIMPLE_TAGS.get(kind)
                if tag is not None:
                    attributes = child.attributes
                    start, end = (None, "") if attributes["classes"] or attributes["ids"] else tag
                elif kind is nodes.inline:
                    start, end = self._span_start(child), "</span>"
                elif kind is nodes.reference:
                    start, end = self._a_start(child), "</a>"
                else:
                    start = None
                if start is None:
                    self.walkabout(child)
                    continue
                append(start)
                kids = child.children
                if len(kids) == 1 and type(kids[0]) is Text:    # the usual case
                    only = kids[0]
                    append(escape(only.astext() if "\x00" in only else only))
                    if consume:
                        only.parent = None
                else:
                    self._inline(kids)
                append(end)
                if kind is nodes.reference:
                    self.in_mailto = False
                if consume:
                    child.parent = None

        def _span_start(self, node) -> str | None:
            attributes = node.attributes
            classes = attributes["classes"]
            if attributes["ids"] or not classes:
                return None
            key = tuple(classes)
            got = self._span_tags.get(key)
            if got is None:
                if (key == ("ln",) or not self._safe_classes(classes)
                        or any(c in self.supported_inline_tags for c in classes)):
                    return None
                got = self._span_tags[key] = f'<span class="{" ".join(classes)}">'
            return got

        def _a_start(self, node) -> str | None:
            attributes = node.attributes
            uri = attributes.get("refuri")
            if (uri is None or attributes["ids"] or not isinstance(node.parent, nodes.TextElement)
                    or (len(node) == 1 and isinstance(node[0], nodes.image))):
                return None
            key = tuple(attributes["classes"])
            classes = self._a_classes.get(key)
            if classes is None:
                if not self._safe_classes(key):
                    return None
                merged = ["reference", "external"]
                merged += [c for c in key if c not in merged]
                classes = self._a_classes[key] = " ".join(merged)
            return f'<a class="{classes}" href="{self.attval(uri)}">'

        def _fast_content(self, node) -> None:
            if self._fast:
                self._inline(node.children)
                raise _Inlined

        def visit_paragraph(self, node) -> None:
            start = self._p_start(node) if self._fast else None
            if start is None:
                super().visit_paragraph(node)
            else:
                self.body.append(start)
            self._fast_content(node)

        def _p_start(self, node) -> str | None:
            """The start tag ``starttag(node, 'p', '')`` gives, for plain classes and no ids."""
            attributes = node.attributes
            if attributes["ids"]:
                return None
            key = tuple(attributes["classes"])
            got = self._p_tags.get(key)
            if got is None:
                if not self._safe_classes(key):
                    return None
                got = self._p_tags[key] = f'<p class="{" ".join(key)}">' if key else "<p>"
            return got

        def visit_term(self, node) -> None:
            super().visit_term(node)
            self._fast_content(node)

        def visit_literal_block(self, node) -> None:
            super().visit_literal_block(node)
            self._fast_content(node)

    return Translator


_METHODS: dict = {}
_SIMPLE_TAGS = {nodes.strong: ("<strong>", "</strong>"), nodes.emphasis: ("<em>", "</em>")}
Text = nodes.Text


# The HTML translator's special characters, and the same done with str.replace
# ('&' first), several times quicker than str.translate with a table whose
# values are longer than one character.
_HTML_SPECIAL = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;",
                 ord("@"): "&#64;"}


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") \
        .replace(">", "&gt;").replace("@", "&#64;")


class _Inlined(nodes.SkipChildren):
    """The children are written already (``_fast_content``)."""



class _Html:
    """The HTML writer for one stylesheet: translator class, template, language."""

    def __init__(self, css: str | None):
        from docutils.writers import html5_polyglot

        class Translator(fast_inline_translator(html5_polyglot.HTMLTranslator)):
            def __init__(self, document):
                super().__init__(document)
                self.stylesheet = [self.embedded_stylesheet % css] if css else []

        class Writer(html5_polyglot.Writer):
            consume = False

            def __init__(self):
                super().__init__()
                self.translator_class = Translator

            def translate(self) -> None:
                # html5_polyglot's translate, walking with the translator's walkabout.
                self.visitor = visitor = self.translator_class(self.document)
                visitor.consume = self.consume
                visitor.walkabout(self.document)
                for attr in self.visitor_attributes:
                    setattr(self, attr, getattr(visitor, attr))
                self.output = self.apply_template()

            def apply_template(self) -> str:
                return template % self.interpolation_dict()

            def interpolation_dict(self):
                # The stock one joins every part (body, fragment and html_body
                # each hold the whole page); the template uses a few.
                subs = {attr: "".join(getattr(self, attr)).rstrip("\n") for attr in used}
                subs["encoding"] = self.document.settings.output_encoding
                subs["version"] = docutils.__version__
                return subs

        settings = settings_for("html5")
        template = Path(settings.template).read_text(encoding="utf-8")
        used = [attr for attr in html5_polyglot.Writer.visitor_attributes
                if f"%({attr})" in template]
        self.writer_class = Writer
        self.language = languages.get_language(settings.language_code,
                                               utils.new_reporter(SOURCE_NAME, settings))

    def render(self, document: nodes.document, consume: bool = False) -> str:
        writer = self.writer_class()
        writer.document = document
        writer.language = self.language
        writer.consume = consume
        writer.translate()
        if consume:
            if writer.visitor.irregular:
                dispose(document)
            document.__dict__.clear()
        return writer.output


_HTML: dict = {}


def prepare_html(css: str | None) -> _Html:
    """The HTML writer for ``css``, made once."""
    html = _HTML.get(css)
    if html is None:
        if len(_HTML) > 8:
            _HTML.clear()
        html = _HTML[css] = _Html(css)
    return html


def publish_html(document: nodes.document, css: str | None, consume: bool = False) -> str:
    """The HTML page of a doctree, with ``css`` embedded (None: no stylesheet).

    ``consume`` takes the doctree apart while writing it, as ``dispose``
    would afterwards (for less work): the document is unusable afterwards.
    """
    return prepare_html(css).render(document, consume)


def publish_other(document: nodes.document, writer_name: str) -> str:
    """XML, LaTeX or pseudo-XML through docutils' Publisher."""
    from docutils.core import publish_from_doctree
    out = publish_from_doctree(document, writer=_writer_for(writer_name),
                               settings=settings_for(writer_name))
    if isinstance(out, bytes):
        out = out.decode("utf-8")
    return out
