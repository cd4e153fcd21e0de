"""What a SYNOPSIS holds for the compiler: its includes, feature-test macros and C declarations.

``extract_synopsis`` reads the SYNOPSIS as the reader sees it (see
``compile_source``), comments blanked out with their columns kept, and
collects the ``#include`` lines, the ``#define`` lines of feature-test
macros, whether the page states feature-test macro requirements, and each
declaration (prototype, ``extern`` variable, typedef) with the page
segments it spans, so that a compiler message maps back to a page position.
Prose between declarations and struct definitions are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..man import nodes as N
from .compile_source import CodeLine, code_lines

_FTM_HEADING = re.compile(r"feature\s+test\s+macro\s+requirements", re.I)
_FTM_MENTION = re.compile(r"feature[\s-]+test[\s-]+macro|\b_[A-Z0-9]+_SOURCE\b|_FILE_OFFSET_BITS", re.I)
_INCLUDE = re.compile(r"^\s*#\s*include\s*([<\"])([^>\"]+)[>\"]")
_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)(?:\s+(\S.*?))?\s*$")
_VALID = re.compile(r"^[A-Za-z_](?:[\w\s\*\(\),\[\]]|\.\.\.)*;$")
_IDENT = re.compile(r"[A-Za-z_]\w*")
_CALLEE = re.compile(r"([A-Za-z_]\w*)\s*\(")
_FNPTR = re.compile(r"\(\s*\*\s*(?:(?:const|volatile|restrict)\s+)*([A-Za-z_]\w*)\s*\)")

C_KEYWORDS = frozenset("""
auto break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef
union unsigned void volatile while _Bool _Complex _Imaginary _Noreturn _Atomic _Thread_local
__restrict __restrict__ __const __inline __attribute__ __typeof__ typeof __extension__
""".split())

# The settings for a page that states feature-test macro requirements
# without a #define of its own (see ``Synopsis.config``).
GNU = ("_GNU_SOURCE",)


@dataclass
class Segment:
    line: CodeLine
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start:self.end]


@dataclass
class Declaration:
    """A C declaration shown in the SYNOPSIS."""
    kind: str                   # "function", "variable" or "typedef"
    names: list[str]
    segments: list[Segment]
    text: str                   # normalised, one line

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def line(self) -> int:
        return self.segments[0].line.line


@dataclass
class Synopsis:
    """What the SYNOPSIS holds for the compiler."""
    includes: list[tuple[str, CodeLine]] = field(default_factory=list)   # "<sys/mman.h>", line
    defines: list[str] = field(default_factory=list)                     # "_GNU_SOURCE", "_X 700"
    declarations: list[Declaration] = field(default_factory=list)
    ftm_stated: bool = False

    def config(self) -> tuple[str, ...]:
        if self.defines:
            return tuple(self.defines)
        return GNU if self.ftm_stated else ()



def _strip_comments(lines: list[CodeLine]) -> list[CodeLine]:
    """Comments replaced by spaces (columns kept), across lines."""
    out: list[CodeLine] = []
    in_comment = False
    for cl in lines:
        chars = list(cl.text)
        i = 0
        n = len(chars)
        while i < n:
            if in_comment:
                if chars[i] == "*" and i + 1 < n and chars[i + 1] == "/":
                    chars[i] = chars[i + 1] = " "
                    i += 2
                    in_comment = False
                    continue
                chars[i] = " "
                i += 1
                continue
            if chars[i] == "/" and i + 1 < n and chars[i + 1] == "*":
                chars[i] = chars[i + 1] = " "
                i += 2
                in_comment = True
                continue
            if chars[i] == "/" and i + 1 < n and chars[i + 1] == "/":
                for k in range(i, n):
                    chars[k] = " "
                break
            i += 1
        out.append(CodeLine("".join(chars), cl.pos, cl.line, cl.node))
    return out


def split_top_level(text: str, sep: str = ",") -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _classify(text: str) -> tuple[str, list[str]] | None:
    """Kind and declared names of a one-line declaration ending in ';', or None."""
    if not _VALID.match(text) or text.count("(") != text.count(")"):
        return None
    body = text[:-1].strip()
    idents = [w for w in _IDENT.findall(body)]
    if len(idents) < 2:
        return None
    if body.startswith("typedef "):
        m = _FNPTR.search(body)
        if m:
            return "typedef", [m.group(1)]
        last = [w for w in _IDENT.findall(re.sub(r"\[[^\]]*\]", "", body)) if w not in C_KEYWORDS]
        return ("typedef", [last[-1]]) if last else None
    if "(" in body:
        for m in _CALLEE.finditer(body):
            if m.group(1) not in C_KEYWORDS:
                return "function", [m.group(1)]
        m = _FNPTR.search(body)
        if m:
            return "variable", [m.group(1)]
        return None
    names = []
    for part in split_top_level(body):
        words = [w for w in _IDENT.findall(re.sub(r"\[[^\]]*\]", "", part)) if w not in C_KEYWORDS]
        if not words:
            return None
        names.append(words[-1])
    first = [w for w in _IDENT.findall(split_top_level(body)[0])]
    if len(first) < 2:
        return None
    return "variable", names


def extract_synopsis(doc: N.Document) -> Synopsis:
    """The includes, feature-test macros and declarations of the page's SYNOPSIS."""
    syn = Synopsis()
    section = doc.section("SYNOPSIS")
    if section is None:
        return syn
    lines = code_lines(section)
    code: list[CodeLine] = []
    for k, cl in enumerate(lines):
        if _FTM_HEADING.search(cl.text):
            syn.ftm_stated = any(_FTM_MENTION.search(x.text) for x in lines[k:])
            break
        code.append(cl)
    else:
        syn.ftm_stated = any(_FTM_MENTION.search(x.text) and not x.text.lstrip().startswith("#")
                             for x in lines)
    code = _strip_comments(code)
    buffer: list[Segment] = []
    depth = braces = 0
    has_brace = False

    def reset() -> None:
        nonlocal buffer, depth, braces, has_brace
        buffer, depth, braces, has_brace = [], 0, 0, False

    for cl in code:
        stripped = cl.text.strip()
        if not stripped or _is_prose(cl):
            reset()
            continue
        if stripped.startswith("#"):
            reset()
            m = _INCLUDE.match(cl.text)
            if m:
                inc = f"<{m.group(2)}>" if m.group(1) == "<" else f'"{m.group(2)}"'
                if all(inc != i for i, _ in syn.includes):
                    syn.includes.append((inc, cl))
                continue
            m = _DEFINE.match(cl.text)
            if m and m.group(1).startswith("_"):
                syn.defines.append(m.group(1) + (f" {m.group(2)}" if m.group(2) else ""))
            continue
        if depth == 0 and braces == 0 and not _in_nofill(cl.node):
            # Filled text: a line that does not continue an open
            # parenthesis starts afresh (".IR reject ," before a .TP tag).
            reset()
        start = 0
        for i, ch in enumerate(cl.text):
            if ch in "([":
                depth += 1
            elif ch in ")]":
                depth = max(0, depth - 1)
            elif ch == "{":
                braces += 1
                has_brace = True
            elif ch == "}":
                braces = max(0, braces - 1)
            elif ch == ";" and depth == 0 and braces == 0:
                buffer.append(Segment(cl, start, i + 1))
                if not has_brace:    # a struct definition is not a declaration to check
                    _finish(syn, buffer)
                reset()
                start = i + 1
        if cl.text[start:].strip():
            buffer.append(Segment(cl, start, len(cl.text)))
            if len(buffer) > 12 and not braces:
                buffer = buffer[-12:]
    return syn


def _in_nofill(node: N.Node | None) -> bool:
    parent = node.parent if node is not None else None
    while parent is not None and not isinstance(parent, N.Section):
        if isinstance(parent, N.NoFill):
            return True
        parent = parent.parent
    return node is None


def _is_prose(cl: CodeLine) -> bool:
    """A filled-text line (not in .nf/.EX, not a font macro): prose between declarations."""
    return isinstance(cl.node, N.TextLine) and not _in_nofill(cl.node)


def _finish(syn: Synopsis, segments: list[Segment]) -> None:
    # Drop leading segments that are prose: a declaration starts at a line
    # whose text could begin one.
    while segments:
        text = " ".join(" ".join(s.text.split()) for s in segments).strip()
        got = _classify(text)
        if got is not None:
            kind, names = got
            syn.declarations.append(Declaration(kind, names, list(segments), text))
            return
        segments = segments[1:]
