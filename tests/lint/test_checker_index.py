"""The checker's class index: what rules get from LintContext.of_type."""

from manlint.lint.checker import Checker
from manlint.lint.registry import Selection
from manlint.man import nodes as N
from manlint.man import parse_bytes

PAGE = b""".TH T 1 2024-01-01 t t
.SH NAME
t \\- test
.SH DESCRIPTION
Plain text, \\fBbold\\fP text.
.B MAP_FIXED
and
.BR mmap (2).
"""


class _Probe:
    """A stand-in rule that records what of_type answers during the pass."""
    code, name = "ZZ999", "probe"

    def __init__(self):
        self.seen = {}

    def visit_Document(self, node, ctx):
        for cls in (N.Text, N.TextLine, N.FontMacro, N.Reference):
            self.seen[cls] = list(ctx.of_type(cls))


def test_of_type_is_complete_when_the_walk_skips_text_runs():
    checker = Checker(Selection())
    probe = _Probe()
    checker.rules.append(probe)
    doc = parse_bytes(PAGE, "t.1", ".", follow_so=False)
    expected = {cls: [n for n in doc.walk() if type(n) is cls]
                for cls in (N.Text, N.TextLine, N.FontMacro, N.Reference)}
    checker.check(doc)
    for cls, nodes in expected.items():
        assert probe.seen[cls] == nodes, cls.__name__
    assert len(probe.seen[N.Text]) > len([n for n in probe.seen[N.Text] if type(n.parent) is N.FontMacro])


def test_release_frees_the_tree_without_the_cyclic_collector():
    import gc

    def live_runs():
        return sum(1 for o in gc.get_objects() if type(o) is N.Text)

    checker = Checker(Selection())
    gc.collect()
    gc.disable()
    try:
        before = live_runs()
        doc = parse_bytes(PAGE, "t.1", ".", follow_so=False)
        assert live_runs() > before
        checker.check(doc, release=True)
        del doc
        assert live_runs() == before  # freed by reference counting alone
    finally:
        gc.enable()


def test_an_mdoc_page_has_no_undefined_strings_of_its_package():
    # mdoc(7) defines \*(Ba and the like; manlint reads no mdoc, so it cannot tell.
    mdoc = parse_bytes(b".Dd June 4, 1993\n.Dt FOO 3\n.Os\n.Sh NAME\n.Nm foo\n.Nd bar \\*(Ba baz\n", "foo.3")
    codes = [d.code for d in Checker(Selection()).check(mdoc)]
    assert codes == ["MN011"]
    man = parse_bytes(PAGE.replace(b"Plain text", b"Plain \\*(Ba text"), "t.1")
    assert "RF012" in [d.code for d in Checker(Selection()).check(man)]
