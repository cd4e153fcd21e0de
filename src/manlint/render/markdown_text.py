"""Markdown text from runs: escaping of what Markdown would read as markup
or raw HTML, emphasis and code spans, line-start guards, block quotes and
fenced code blocks.
"""

from __future__ import annotations

import re

from .runs import Href, Run, merge_runs

_MD_ESCAPE = re.compile(r"([\\`*_\[\]])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)(?:[#>+\-=|~]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    text = _MD_ESCAPE.sub(r"\\\1", text)
    text = _MD_ENTITY.sub("&amp;", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;")
    return text


def _code_span(text: str) -> str:
    text = text.replace("\n", " ").replace("\u00a0", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or text.startswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_MARK = {"B": "**", "I": "*", "BI": "***"}


def md_inline(runs: list[Run]) -> str:
    """Runs as Markdown inline text; emphasis markers never enclose spaces at their ends."""
    out: list[str] = []
    groups: list[tuple[Href | None, list[Run]]] = []
    for run in merge_runs(runs):
        if groups and groups[-1][0] is run[2] and run[2] is not None:
            groups[-1][1].append(run)
        else:
            groups.append((run[2], [run]))
    for link, group in groups:
        text = "".join(_md_run(t, f) for t, f, _l in group)
        if link is not None:
            label = text.strip() or md_escape(link.url)
            url = link.url
            out.append(f"[{label}](<{url}>)" if re.search(r"[()\s]", url) else f"[{label}]({url})")
        else:
            out.append(text)
    return "".join(out)


def _md_run(text: str, font: str) -> str:
    if font == "CW":
        stripped = text.strip(" ")
        if not stripped:
            return md_escape(text)
        lead = text[:len(text) - len(text.lstrip(" "))]
        trail = text[len(text.rstrip(" ")):]
        return lead + _code_span(stripped) + trail
    mark = _MARK.get(font)
    escaped = md_escape(text)
    if not mark:
        return escaped
    core = escaped.strip()
    if not core:
        return escaped
    lead = escaped[:len(escaped) - len(escaped.lstrip())]
    trail = escaped[len(escaped.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def md_line(runs: list[Run]) -> str:
    return guard_line_start(md_inline(runs).strip())


def guard_line_start(text: str) -> str:
    """Escape what would make a line a heading, quote, list item, rule or fence."""
    m = _MD_LINE_START.match(text)
    if not m:
        return text
    if text[m.end() - 1].isdigit():          # '1.' -> '1\.'
        return text[:m.end()] + "\\" + text[m.end():]
    return text[:m.end(1)] + "\\" + text[m.end(1):]


def quote(blocks: list[list[str]]) -> list[str]:
    lines = join_blocks(blocks)
    return [("> " + ln) if ln else ">" for ln in lines]


def join_blocks(blocks: list[list[str]]) -> list[str]:
    lines: list[str] = []
    for b in blocks:
        if lines:
            lines.append("")
        lines.extend(b)
    return lines


def fence(lines: list[str], language: str = "") -> list[str]:
    longest = max((len(m) for ln in lines for m in re.findall(r"`{3,}", ln)), default=0)
    mark = "`" * max(3, longest + 1)
    lang = re.sub(r"[^A-Za-z0-9_+-]", "", language or "")
    return [mark + lang] + [ln.rstrip() for ln in lines] + [mark]
