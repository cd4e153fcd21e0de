"""Making docutils nodes quickly, for the doctrees of ``docutils_bridge``.

A page's doctree has some 700 nodes, most of them small inline elements
(strong, emphasis, token-class spans).  docutils' own ways of making them
cost more than the rest of the work on them:

* ``Element(rawsource, *children, **attributes)`` and ``parent += child``
  call ``setup_child`` for every child, which looks for the document up the
  parent chain (raising and catching an exception for a node not yet in the
  tree) only to copy ``source`` and ``line`` onto it, which no writer reads
  from these nodes.  ``adopt`` appends the children and sets their
  ``parent``: the same tree.
* ``Element.__init__`` is general (keyword attributes, lower-casing, list
  copies).  ``element`` fills a new node's fields as ``__init__`` does, from
  a prototype made once per class by docutils itself; before using that
  path for a class it checks that the result is field for field what the
  constructor gives, and otherwise keeps calling the constructor (so a
  docutils release that changes its nodes costs speed, never correctness).
"""

from __future__ import annotations

from docutils import nodes

Text = nodes.Text

if Text.__init__ is str.__init__ and Text.__dict__.get("__new__") is not None:
    def text(data: str) -> nodes.Text:
        """``nodes.Text(data)`` for a str (its ``__new__`` only checks for bytes)."""
        return _str_new(Text, data)
    _str_new = str.__new__
else:  # a docutils whose Text does more: use it
    text = Text


def adopt(parent: nodes.Element, *children: nodes.Node) -> nodes.Element:
    """Append ``children`` to ``parent`` (setting their parent) and return ``parent``."""
    parent.children.extend(children)
    for child in children:
        child.parent = parent
    return parent


def _slow(cls):
    def make(rawsource: str = "", classes: list | None = None):
        return cls(rawsource, classes=classes) if classes else cls(rawsource)
    return make


def _fast(cls):
    proto = cls()
    fields = vars(proto)
    if set(fields) - {"rawsource", "children", "attributes", "tagname"}:
        return None
    tagname = fields.get("tagname")
    lists = tuple(k for k, v in proto.attributes.items() if isinstance(v, list) and not v)
    fixed = {k: v for k, v in proto.attributes.items() if k not in lists}
    if any(isinstance(v, (list, dict)) for v in fixed.values()) or "classes" not in lists:
        return None
    new = cls.__new__
    has_tagname = "tagname" in fields

    if lists == _STANDARD_LISTS and not fixed and has_tagname:
        def make_standard(rawsource: str = "", classes: list | None = None):
            # Field by field, in __init__'s order: the instance keeps the
            # key-sharing dict of its class (a dict assigned to __dict__
            # would not), which is smaller and quicker to make and to fill.
            el = new(cls)
            el.rawsource = rawsource
            el.children = []
            el.attributes = {"ids": [], "classes": list(classes) if classes else [],
                             "names": [], "dupnames": []}
            el.tagname = tagname
            return el
        return make_standard

    def make(rawsource: str = "", classes: list | None = None):
        el = new(cls)
        el.rawsource = rawsource
        el.children = []
        attributes = {k: [] for k in lists}
        if classes:
            attributes["classes"] = list(classes)
        if fixed:
            attributes.update(fixed)
        el.attributes = attributes
        if has_tagname:
            el.tagname = tagname
        return el
    return make


_STANDARD_LISTS = ("ids", "classes", "names", "dupnames")


def _factory(cls):
    """A function (rawsource='', classes=None) -> a new ``cls`` node, fast when safe."""
    fast = _fast(cls)
    if fast is None:
        return _slow(cls)
    for raw, classes in (("", None), ("x y", ["a", "b"])):
        a = fast(raw, classes)
        b = cls(raw, classes=classes) if classes else cls(raw)
        if vars(a) != vars(b) or list(a.attributes) != list(b.attributes) \
                or a.attributes != b.attributes or type(a) is not type(b):
            return _slow(cls)
    return fast


_FACTORIES: dict = {}


def factory(cls):
    """The function (rawsource='', classes=None) -> a new ``cls`` node behind ``element``."""
    make = _FACTORIES.get(cls)
    if make is None:
        make = _FACTORIES[cls] = _factory(cls)
    return make


def element(cls, rawsource: str = "", classes: list | None = None, **attributes) -> nodes.Element:
    """``cls(rawsource, classes=classes, **attributes)``, made quickly.

    ``attributes`` are plain values (not lists), in lower case.
    """
    make = _FACTORIES.get(cls)
    if make is None:
        make = _FACTORIES[cls] = _factory(cls)
    el = make(rawsource, classes)
    if attributes:
        el.attributes.update(attributes)
    return el


def text_element(cls, data: str, classes: list | None = None) -> nodes.TextElement:
    """``cls(data, data, classes=classes)``: a text element holding one Text node."""
    make = _FACTORIES.get(cls)
    if make is None:
        make = _FACTORIES[cls] = _factory(cls)
    el = make(data, classes)
    child = text(data)
    el.children.append(child)
    child.parent = el
    return el


def dispose(document: nodes.document) -> None:
    """Take a rendered doctree apart, so that reference counting frees it at once.

    A doctree is full of reference cycles (every node's ``parent``, the
    document's reference to itself, its reporter and transformer), so
    without this each page's thousands of nodes wait for a full collection
    of the cyclic garbage collector, which over a site of a thousand pages
    cost about a quarter of the build.  The document is unusable afterwards.
    Disposing of a document twice does nothing the second time.
    """
    if "children" not in document.__dict__:
        return      # done already (``publish_html(..., consume=True)``)
    release(document)
    document.__dict__.clear()


def release(node: nodes.Node) -> None:
    """Clear the ``parent`` of ``node`` and of every node below it."""
    stack = [node]
    pop = stack.pop
    extend = stack.extend
    while stack:
        node = pop()
        node.parent = None
        children = node.children
        if children:
            extend(children)
