"""The index pages and the search index.

* ``OUTDIR/index.html``: the search box, the sections, then every page of
  every section with its NAME description;
* ``OUTDIR/manN/index.html``: one section, with a row of initial letters;
* ``OUTDIR/search-index.json``: what the search box searches, as
  ``{"fields": [...], "pages": [[name, section, url, description, also, see], ...]}``
  where ``also`` holds the page's other NAME names and ``see`` the page an
  alias leads to; ``search-index.js`` is the same data for pages opened
  from disk, where a browser will not fetch().

An alias is listed under its own name and links straight to its target.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from .links import quote_output
from .page import STATIC_DIR, esc, head_links, section_title, site_bar

SEARCH_FIELDS = ["name", "section", "url", "description", "also", "see"]


@dataclass
class Listed:
    dir: str                  # man2
    name: str                 # munmap
    section: str              # 2
    url: str                  # man2/mmap.2.html (where the entry's link goes)
    description: str
    also: list                # other names from the NAME line
    see: str = ""             # an alias's target: "mmap(2)" ("" for a page)
    dangling: bool = False    # an alias that leads nowhere


def _sort_key(e: Listed):
    bare = e.name.lstrip("_")
    return (bare.lower(), e.name.lower(), e.name, e.section)


def _letter(e: Listed) -> str:
    c = e.name.lstrip("_")[:1].upper()
    return c if c.isalpha() else "#"


def _dir_key(d: str):
    s = d[3:]
    return (0 if s[:1].isdigit() else 1, s)


def _page(title: str, depth: int, section_dir: str | None, body: str, generator: str,
          description: str = "", search: bool = True) -> str:
    meta = f'<meta name="description" content="{esc(description)}">\n' if description else ""
    return ("<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{esc(generator)}">\n{meta}'
            f"<title>{esc(title)}</title>\n{head_links(depth)}</head>\n"
            f'<body class="index">\n{site_bar(depth, section_dir, generator, search)}'
            f"<main>\n{body}</main>\n</body>\n</html>\n")


def _item(e: Listed, prefix: str, letter_id: str | None = None) -> str:
    cls = ["alias"] if e.see or e.dangling else []
    if letter_id:
        cls.append("letter-start")
    attrs = (f' id="{letter_id}"' if letter_id else "") + (f' class="{" ".join(cls)}"' if cls else "")
    label = f"<strong>{esc(e.name)}</strong>({esc(e.section)})"
    if e.dangling:
        return (f'<li{attrs}><span class="manref xref-missing">{label}</span>'
                '<span class="desc">a link to a page that is not part of this collection</span></li>')
    desc = esc(e.description)
    if e.see:
        desc = (desc + " " if desc else "") + f'<span class="see">\u2192 {esc(e.see)}</span>'
    return f'<li{attrs}><a href="{esc(prefix + quote_output(e.url))}">{label}</a><span class="desc">{desc}</span></li>'


def _count_text(entries: list[Listed]) -> str:
    pages = sum(1 for e in entries if not e.see and not e.dangling)
    aliases = len(entries) - pages
    text = f"{pages} page{'s' if pages != 1 else ''}"
    if aliases:
        text += f", {aliases} alias{'es' if aliases != 1 else ''}"
    return text


def section_index(dirname: str, entries: list[Listed], generator: str) -> str:
    entries = sorted(entries, key=_sort_key)
    title = f"{dirname}: {section_title(dirname)}"
    letters: list[str] = []
    items = []
    for e in entries:
        letter = _letter(e)
        lid = None
        if letter not in letters:
            letters.append(letter)
            lid = "letter-" + ("other" if letter == "#" else letter)
        items.append(_item(e, "../", lid))
    nav = ""
    if len(entries) > 40 and len(letters) > 1:
        links = " ".join(
            f'<a href="#letter-{"other" if c == "#" else c}">{esc(c)}</a>' for c in letters)
        nav = f'<nav class="letters" aria-label="Initial letters">{links}</nav>\n'
    body = (f"<h1>{esc(section_title(dirname))} <small>({esc(dirname)})</small></h1>\n"
            f'<p class="lede">{_count_text(entries)}</p>\n{nav}'
            '<ul class="pages">\n' + "\n".join(items) + "\n</ul>\n")
    return _page(title, 1, dirname, body, generator,
                 f"Manual pages, {section_title(dirname).lower()}")


def overall_index(by_dir: dict[str, list[Listed]], generator: str, title: str) -> str:
    dirs = sorted(by_dir, key=_dir_key)
    total = [e for d in dirs for e in by_dir[d]]
    cards = []
    for d in dirs:
        cards.append(f'<li><a href="{d}/index.html"><span class="num">{esc(d)}</span>'
                     f'{esc(section_title(d))}<span class="count">{_count_text(by_dir[d])}</span></a></li>')
    listing = []
    for d in dirs:
        entries = sorted(by_dir[d], key=_sort_key)
        listing.append(f'<section class="listing" id="{esc(d)}">\n'
                       f'<h2><a href="{d}/index.html">{esc(section_title(d))} ({esc(d)})</a></h2>\n'
                       '<ul class="pages">\n' + "\n".join(_item(e, "") for e in entries)
                       + "\n</ul>\n</section>")
    body = (f"<h1>{esc(title)}</h1>\n"
            f'<p class="lede">{_count_text(total)} in {len(dirs)} section{"s" if len(dirs) != 1 else ""}.</p>\n'
            '<form class="big-search" role="search" action="index.html" method="get">\n'
            '<input id="search-input" type="search" name="q" autocomplete="off" spellcheck="false" '
            'placeholder="Search names and descriptions, e.g. mmap, socket(7), signal handler" '
            'aria-label="Search page names and descriptions" aria-controls="search-results">\n'
            "<noscript><p>The search needs JavaScript; every page is listed below.</p></noscript>\n"
            "</form>\n"
            '<section id="results" hidden aria-live="polite">\n'
            '<p class="result-count" id="result-count"></p>\n'
            '<ol class="results" id="search-results"></ol>\n</section>\n'
            '<div id="listing">\n<nav class="sections" aria-label="Sections">\n<ul>\n'
            + "\n".join(cards) + "\n</ul>\n</nav>\n" + "\n".join(listing) + "\n</div>\n")
    return _page(title, 0, None, body, generator, "Manual pages: " + _count_text(total), search=False)


def search_index(entries: list[Listed], generator: str) -> dict:
    rows = []
    for e in sorted(entries, key=lambda e: (_dir_key(e.dir), _sort_key(e))):
        if e.dangling:
            continue
        rows.append([e.name, e.section, quote_output(e.url), e.description,
                     " ".join(n for n in e.also if n != e.name), e.see])
    return {"version": 1, "generator": generator, "fields": SEARCH_FIELDS, "pages": rows}


def write_indexes(outdir: str, entries: list[Listed], generator: str, title: str, write) -> list[str]:
    """Write every index file through ``write(path, text)``; return their paths."""
    by_dir: dict[str, list[Listed]] = {}
    for e in entries:
        by_dir.setdefault(e.dir, []).append(e)
    written = []
    for d, items in by_dir.items():
        path = os.path.join(outdir, d, "index.html")
        write(path, section_index(d, items, generator))
        written.append(path)
    path = os.path.join(outdir, "index.html")
    write(path, overall_index(by_dir, generator, title))
    written.append(path)
    data = search_index(entries, generator)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write(os.path.join(outdir, "search-index.json"), text + "\n")
    js = "window.manlintSearchIndex=" + text.replace("<", "\\u003c") + ";\n"
    write(os.path.join(outdir, "search-index.js"), js)
    written += [os.path.join(outdir, "search-index.json"), os.path.join(outdir, "search-index.js")]
    return written


__all__ = ["Listed", "write_indexes", "section_index", "overall_index", "search_index", "STATIC_DIR"]
