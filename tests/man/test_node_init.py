"""Node constructors: the frequent ones write Node.__init__ out for speed, so
check that every class still sets every attribute Node declares."""

import inspect

import pytest

from manlint.man import nodes as N
from manlint.source import SourceFile

SOURCE = SourceFile("x.1", ".TH X 1\n")


def _make(cls):
    params = [p for p in inspect.signature(cls.__init__).parameters.values()
              if p.name != "self" and p.default is inspect.Parameter.empty
              and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    args = [[] if p.name in ("fields", "row", "cell") else "x" for p in params]
    return cls(*args, source=SOURCE, line=7, col=3)


@pytest.mark.parametrize("cls", N.ALL_CLASSES, ids=lambda c: c.__name__)
def test_every_node_attribute_is_set(cls):
    node = _make(cls)
    for slot in N.Node.__slots__:
        getattr(node, slot)  # AttributeError if a constructor forgot one
    assert (node.source, node.line, node.col, node.end_line, node.end_col) == (SOURCE, 7, 3, 7, 0)
    assert node.parent is None and node.origin is None
    assert isinstance(node.children, list) and node.children == []
