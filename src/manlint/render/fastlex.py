"""The tokens of a pygments ``RegexLexer``, found with one regular expression per state.

``RegexLexer.get_tokens_unprocessed`` tries the rules of the current state
one after the other, a Python call each, until one matches: in C code most
positions go through a dozen rules before one fits.  A regular expression
made of the rules as alternatives, ``(rule1)|(rule2)|...``, tries them in
that same order inside the ``re`` engine and stops at the same first match;
the group that matched (``lastindex``: each rule's own group closes last)
tells which rule it was.  Then everything goes on as in pygments: the
rule's action (a token type, or a callback given the rule's own match),
its state change, the newline and error fallbacks.

A state whose rules cannot be joined safely (backreferences, which the
added groups would renumber; verbose patterns; rules compiled with other
flags) keeps the rule-by-rule loop.  ``install`` leaves alone a lexer it
does not know how to drive (one that is not a ``RegexLexer``, or
post-processes its tokens in a way not reproduced here); ``install`` compares
both ways on a sample first, so a pygments release that changes its lexers
costs speed, never correctness.
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer
from pygments.token import Error, Keyword, Name, Whitespace, _TokenType

# Backreferences and conditionals: joining would renumber the groups they name.
_NUMBERED = re.compile(r"\\[1-9]|\\g<|\(\?P=|\(\?\(")


def _joined(rules):
    """(match function, {group: rule}) for one state's rules, or None."""
    patterns = []
    for rexmatch, _action, _new_state in rules:
        pattern = getattr(rexmatch, "__self__", None)
        if not isinstance(pattern, re.Pattern) or not isinstance(pattern.pattern, str):
            return None
        patterns.append(pattern)
    if not patterns:
        return None
    flags = {p.flags for p in patterns if p.pattern}
    if len(flags) > 1:
        return None
    flags = flags.pop() if flags else patterns[0].flags
    if flags & re.VERBOSE or any(_NUMBERED.search(p.pattern) for p in patterns):
        return None
    by_group = {}
    parts = []
    group = 1
    for pattern, rule in zip(patterns, rules):
        by_group[group] = rule
        parts.append(f"({pattern.pattern})")
        group += 1 + pattern.groups
    try:
        joined = re.compile("|".join(parts), flags)
    except (re.error, ValueError, OverflowError):
        return None
    if joined.groups != group - 1:
        return None
    return joined.match, by_group


class _Driver:
    """The joined states of one lexer and what its own method does to the tokens."""

    def __init__(self, lexer):
        self.lexer = lexer
        self.tokendefs = lexer._tokens
        self.states = {name: _joined(rules) for name, rules in self.tokendefs.items()}
        self.types = None       # CFamilyLexer: names that it makes Keyword.Type
        method = type(lexer).get_tokens_unprocessed
        if method is not RegexLexer.get_tokens_unprocessed:
            found = set()
            for flag, names in (("stdlibhighlighting", "stdlib_types"),
                                ("c99highlighting", "c99_types"),
                                ("c11highlighting", "c11_atomic_types"),
                                ("platformhighlighting", "linux_types")):
                if getattr(lexer, flag, False):
                    found.update(getattr(lexer, names, ()))
            self.types = frozenset(found)

    def tokens(self, text: str, stack=("root",)):
        """(index, token type, value), as the lexer's ``get_tokens_unprocessed``."""
        lexer = self.lexer
        tokendefs = self.tokendefs
        states = self.states
        types = self.types
        pos = 0
        stack = list(stack)
        joined = states[stack[-1]]
        rules = tokendefs[stack[-1]]
        while True:
            if joined is not None:
                m = joined[0](text, pos)
                rule = joined[1][m.lastindex] if m is not None else None
            else:
                m = rule = None
                for candidate in rules:
                    m = candidate[0](text, pos)
                    if m is not None:
                        rule = candidate
                        break
            if rule is None:
                if pos >= len(text):
                    return
                if text[pos] == "\n":
                    stack = ["root"]
                    joined = states["root"]
                    rules = tokendefs["root"]
                    yield pos, Whitespace, "\n"
                else:
                    yield pos, Error, text[pos]
                pos += 1
                continue
            rexmatch, action, new_state = rule
            if action is not None:
                if type(action) is _TokenType:
                    value = m.group()
                    if types is not None and action is Name and value in types:
                        yield pos, Keyword.Type, value
                    else:
                        yield pos, action, value
                elif types is None:
                    yield from action(lexer, rexmatch(text, pos))
                else:
                    for index, ttype, value in action(lexer, rexmatch(text, pos)):
                        if ttype is Name and value in types:
                            ttype = Keyword.Type
                        yield index, ttype, value
            pos = m.end()
            if new_state is None:
                continue
            if isinstance(new_state, tuple):
                for state in new_state:
                    if state == "#pop":
                        if len(stack) > 1:
                            stack.pop()
                    elif state == "#push":
                        stack.append(stack[-1])
                    else:
                        stack.append(state)
            elif isinstance(new_state, int):
                if abs(new_state) >= len(stack):
                    del stack[1:]
                else:
                    del stack[new_state:]
            elif new_state == "#push":
                stack.append(stack[-1])
            else:
                raise ValueError(f"wrong state def: {new_state!r}")
            joined = states[stack[-1]]
            rules = tokendefs[stack[-1]]


def _drivable(lexer) -> bool:
    if not isinstance(lexer, RegexLexer) or lexer.filters:
        return False
    method = type(lexer).get_tokens_unprocessed
    if method is RegexLexer.get_tokens_unprocessed:
        return True
    try:
        from pygments.lexers.c_cpp import CFamilyLexer
    except ImportError:
        return False
    return method is CFamilyLexer.get_tokens_unprocessed


SAMPLE = """#include <stdio.h>
#define MAX(a, b) ((a) > (b) ? (a) : (b))  /* a macro */
#if 0
dead code
#endif
typedef struct { size_t n; uint8_t *p; } buf_t;
static int f(const char *s, ...);   // a comment
int
main(int argc, char *argv[])
{
    char c = '\\n', *t = "a \\"string\\" %d\\n";
    unsigned long long x = 0x1fULL + 1.5e3;
    switch (argc) { case 1: goto end; default: break; }
end:
    return printf("%s", t) < 0 ? EXIT_FAILURE : 0; @ `
}
"""


def install(lexer, sample: str = SAMPLE) -> bool:
    """Make ``lexer`` (this instance only) find its tokens with this driver.

    Its ``get_tokens_unprocessed`` becomes the driver's, which is also what
    its callbacks that lex part of a match again (``using(this)``) call.
    Only when the driver gives the lexer's own tokens for ``sample``, both
    before and after; otherwise the lexer is left as it was.
    """
    if not _drivable(lexer):
        return False
    try:
        want = list(type(lexer).get_tokens_unprocessed(lexer, sample))
        driver = _Driver(lexer)
        if list(driver.tokens(sample)) != want:
            return False
        lexer.get_tokens_unprocessed = driver.tokens
        if list(lexer.get_tokens_unprocessed(sample)) == want:
            return True
    except Exception:   # a lexer this driver does not understand
        pass
    lexer.__dict__.pop("get_tokens_unprocessed", None)
    return False
