"""Visitors over the tree: visit_<Class>/depart_<Class>, dispatch cached per class."""

from __future__ import annotations

from . import nodes as N


class SkipChildren(Exception):
    """Not used for control flow on hot paths; visitors return False instead."""


class Visitor:
    """Walk a tree calling ``visit_X(node)`` and ``depart_X(node)``.

    A visit method that returns False skips the node's children.  A strict
    visitor (``strict = True``) raises for a node class it has no visit
    method for, so renderers are complete; otherwise ``default_visit`` runs.
    """

    strict = False

    def __init__(self) -> None:
        self._dispatch: dict[type, tuple] = {}

    def _methods(self, cls: type):
        found = self._dispatch.get(cls)
        if found is None:
            visit = depart = None
            for klass in cls.__mro__:
                visit = visit or getattr(self, "visit_" + klass.__name__, None)
                depart = depart or getattr(self, "depart_" + klass.__name__, None)
                if klass is N.Node:
                    break
                if self.strict and visit is None and klass is cls:
                    # Exact-class method required for strict visitors.
                    raise NotImplementedError(f"{type(self).__name__} has no visit_{cls.__name__}")
            found = (visit or self.default_visit, depart)
            self._dispatch[cls] = found
        return found

    def default_visit(self, node: N.Node):
        return True

    def walk(self, node: N.Node) -> None:
        # Iterative, so a deep tree cannot exhaust Python's recursion limit;
        # the order of visit and depart calls is that of a recursive walk.
        methods = self._methods
        visit, depart = methods(type(node))
        if visit(node) is False:
            if depart is not None:
                depart(node)
            return
        stack = [(node, depart, iter(node.all_children()))]
        while stack:
            parent, parent_depart, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if parent_depart is not None:
                    parent_depart(parent)
                continue
            visit, depart = methods(type(child))
            if visit(child) is not False:
                stack.append((child, depart, iter(child.all_children())))
            elif depart is not None:
                depart(child)
