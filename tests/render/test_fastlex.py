"""fastlex gives exactly the tokens of pygments' own RegexLexer loop."""

from __future__ import annotations

import pytest

pytest.importorskip("pygments", reason="pygments is not installed")

from pygments.lexers import get_lexer_by_name  # noqa: E402

from manlint.render import fastlex  # noqa: E402
from manlint.render.highlight import _lexer  # noqa: E402

TEXTS = [
    fastlex.SAMPLE,
    "",
    "\n\n",
    "int\nmain(void)\n{\n\treturn 0;\n}\n",
    "#include <sys/mman.h>\n\nvoid *mmap(void *addr, size_t length, int prot, int flags,\n"
    "           int fd, off_t offset);\nint munmap(void *addr, size_t length);\n",
    "/* never closed\nint x;",
    "char *s = \"never closed\nint y;",
    "#define LONG \\\n    continued(x) \\\n    more\n#  if defined(X) && !Y\n#endif\n",
    "struct stat { dev_t st_dev; ino_t st_ino; } __attribute__((packed));\n",
    "enum { A = 1 << 3, B = 'x', C = L'\\u00e9' };  @ $ ` \u00e9t\u00e9\n",
    "label: goto label; case 3: default: ;\nclass Foo : public Bar {};\n",
    "int (*fp)(int, char **);\nstatic inline int f(int a[static 10]);\n",
]


def fresh(name: str):
    return get_lexer_by_name(name, stripnl=False, stripall=False, ensurenl=False)


def test_the_c_lexer_is_driven_and_gives_the_same_tokens():
    lexer = _lexer("c")
    assert "get_tokens_unprocessed" in vars(lexer), "fastlex was not installed for C"
    reference = fresh("c")
    for text in TEXTS:
        assert list(lexer.get_tokens_unprocessed(text)) == \
            list(reference.get_tokens_unprocessed(text)), text


@pytest.mark.parametrize("name", ["python", "ini", "bash", "rust"])
def test_other_regex_lexers_same_tokens(name):
    lexer = fresh(name)
    reference = fresh(name)
    if not fastlex.install(lexer):
        pytest.skip(f"fastlex does not drive the {name} lexer")
    for text in TEXTS + ["def f(x):\n    return x ** 2  # c\n", '{"a": [1, 2.5e3, null]}\n',
                         "[s]\nk = v ; c\n", "for f in *.c; do echo \"$f\" && x=$((1+2)); done\n",
                         "fn main() { let s = r#\"raw\"#; println!(\"{}\", s); }\n"]:
        assert list(lexer.get_tokens_unprocessed(text)) == \
            list(reference.get_tokens_unprocessed(text)), text


def test_a_lexer_it_cannot_drive_is_left_alone():
    lexer = fresh("console")      # not a RegexLexer
    assert not fastlex.install(lexer)
    assert "get_tokens_unprocessed" not in vars(lexer)


def test_rules_with_backreferences_keep_the_rule_by_rule_loop():
    import re
    rules = [(re.compile(r"(a)\1", re.M).match, None, None), (re.compile("b", re.M).match, None, None)]
    assert fastlex._joined(rules) is None
    rules = [(re.compile(r"(a)(c)", re.M).match, None, None), (re.compile("b", re.M).match, None, None)]
    match, by_group = fastlex._joined(rules)
    assert match("acb", 2).lastindex == 4 and by_group[4] is rules[1]
    assert match("acb", 0).lastindex == 1 and by_group[1] is rules[0]
