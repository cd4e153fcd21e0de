"""One page of the site: the renderer's HTML, with links, permalinks and the site frame.

The per-page HTML comes from ``render_with_docutils``.  Every cross-reference
is rendered with a sentinel href (``manlint-xref:2/msync``), which this
module rewrites once it knows what the site holds:

* a reference to a page of the site becomes a relative link,
  ``../man2/msync.2.html`` (one to an alias goes straight to the alias's
  target);
* otherwise, with an external URL pattern, a link to that URL;
* otherwise a ``<span class="manref xref-missing">``: the same text, styled,
  with no link, so the reader still sees what the page refers to.

Then every section, subsection and list entry that has an id gets a ``¶``
permalink, the page gets a small contents list, the site's navigation bar,
stylesheet and script; the docutils head is made plain HTML5.
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.parse
from dataclasses import dataclass, field

from .links import relative_href

XREF_PATTERN = "manlint-xref:{section}/{name}"
STATIC_DIR = "_static"
CSS_FILE = "site.css"
JS_FILE = "site.js"
THEME_KEY = "manlint-theme"

_XREF_A = re.compile(r'<a\b([^>]*?)\shref="manlint-xref:([^"/]*)/([^"]*)"([^>]*)>(.*?)</a>', re.S)
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
_SECTION_HEAD = re.compile(
    r'(<section\b[^>]*?\sid="([^"]+)"[^>]*>\s*<h([1-6])\b[^>]*>)(.*?)(</h\3>)', re.S)
_DT = re.compile(r'<dt\b([^>]*)>(.*?)</dt>', re.S)
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
_HTML_OPEN = re.compile(r"<html\b[^>]*>")
_META_CHARSET = re.compile(r'<meta charset="[^"]*"\s*/?>')
_META_GENERATOR = re.compile(r'<meta name="generator"[^>]*>\n?')
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>\n?", re.S)
_H1_END = re.compile(r"(<h1\b[^>]*>.*?</h1>\n?)", re.S)

# Set the theme before the first paint, so a dark page never flashes white:
# ?theme=dark|light (for links and screenshots), else the reader's choice.
THEME_SCRIPT = (
    "<script>(function(){var d=document.documentElement,t=null;"
    "try{t=new URLSearchParams(location.search).get('theme')||localStorage.getItem('"
    + THEME_KEY + "')}catch(e){}"
    "if(t==='dark'||t==='light')d.setAttribute('data-theme',t)})()</script>"
)

SECTION_NAMES = {
    "1": "User commands",
    "2": "System calls",
    "3": "Library functions",
    "4": "Special files",
    "5": "File formats and configuration files",
    "6": "Games",
    "7": "Overviews, conventions, and miscellaneous",
    "8": "System administration commands",
    "9": "Kernel routines",
    "n": "Tcl/Tk commands",
}


def section_title(dirname: str) -> str:
    """``man2`` -> ``System calls`` (the generic name when the section is not known)."""
    sect = dirname[3:]
    return SECTION_NAMES.get(sect) or SECTION_NAMES.get(sect[:1]) or f"Section {sect}"


@dataclass
class XrefStats:
    links: int = 0          # references that became links within the site
    external: int = 0       # references linked to the external URL pattern
    unresolved: int = 0     # references left as plain text
    deps: set = field(default_factory=set)            # every key referred to
    missing: set = field(default_factory=set)         # the keys that did not resolve


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def rewrite_xrefs(text: str, output: str, table: dict, external: str | None,
                  stats: XrefStats, cache: dict | None = None) -> str:
    """Turn the sentinel hrefs into links, external links or ``xref-missing`` spans.

    ``cache``: a dict kept from page to page for the same ``table`` and
    ``external`` (what a reference becomes depends on nothing else but the
    depth of ``output``).
    """
    depth = output.count("/")
    if cache is None:
        cache = {}

    def sub(m: re.Match) -> str:
        got = cache.get((m.group(1, 2, 3, 4), depth))
        if got is None:
            got = cache[(m.group(1, 2, 3, 4), depth)] = _xref_tags(m, output, table, external)
        key, kind, start, end = got
        stats.deps.add(key)
        if kind == "link":
            stats.links += 1
        else:
            stats.missing.add(key)
            if kind == "external":
                stats.external += 1
            else:
                stats.unresolved += 1
        return start + m.group(5) + end

    if "manlint-xref:" not in text:
        return text
    return _XREF_A.sub(sub, text)


def _xref_tags(m: re.Match, output: str, table: dict, external: str | None) -> tuple:
    """(key, 'link' | 'external' | 'missing', start tag, end tag) for a sentinel link."""
    attrs = m.group(1) + m.group(4)
    section = urllib.parse.unquote(html.unescape(m.group(2)))
    name = urllib.parse.unquote(html.unescape(m.group(3)))
    key = f"{name}({section})"
    cm = _CLASS_ATTR.search(attrs)
    classes = [c for c in (cm.group(1).split() if cm else [])
               if c not in ("reference", "external")]
    if "manref" not in classes:
        classes.insert(0, "manref")
    target = table.get(key)
    if target is not None:
        return (key, "link",
                f'<a class="{" ".join(classes)}" href="{esc(relative_href(output, target))}">',
                "</a>")
    if external:
        url = external.format(name=urllib.parse.quote(name, safe=""),
                              section=urllib.parse.quote(section, safe=""))
        return (key, "external",
                f'<a class="{" ".join(classes + ["external"])}" href="{esc(url)}" rel="external">',
                "</a>")
    title = f"{key} is not part of this collection"
    return (key, "missing",
            f'<span class="{" ".join(classes + ["xref-missing"])}" title="{esc(title)}">',
            "</span>")


def _permalink(anchor: str, what: str) -> str:
    return (f'<a class="permalink" href="#{esc(anchor)}" '
            f'aria-label="Permalink to this {what}">\u00b6</a>')


def add_permalinks(text: str) -> tuple[str, list[tuple[int, str, str]]]:
    """A ``¶`` link in every section heading and id'd ``<dt>``; also the headings found.

    Returns the new text and (level, id, heading text as HTML) per section heading.
    """
    heads: list[tuple[int, str, str]] = []

    def head(m: re.Match) -> str:
        anchor = html.unescape(m.group(2))
        level = int(m.group(3))
        heads.append((level, m.group(2), _TAGS.sub("", m.group(4)).strip()))
        what = "section" if level <= 2 else "subsection"
        return f"{m.group(1)}{m.group(4)} {_permalink(anchor, what)}{m.group(5)}"

    def term(m: re.Match) -> str:
        idm = _ID_ATTR.search(m.group(1))
        if idm is None:
            return m.group(0)
        anchor = html.unescape(idm.group(1))
        return f"<dt{m.group(1)}>{m.group(2)} {_permalink(anchor, 'entry')}</dt>"

    text = _SECTION_HEAD.sub(head, text)
    text = _DT.sub(term, text)
    return text, heads


def contents_nav(heads: list[tuple[int, str, str]]) -> str:
    """The page's contents: its sections, with their subsections nested."""
    if len(heads) < 2:
        return ""
    out = ['<nav class="toc" aria-label="Contents">', '<p class="toc-title">Contents</p>', "<ul>"]
    top = min(level for level, _a, _t in heads)
    li_open = sub_open = False
    for level, anchor, label in heads:
        item = f'<a href="#{anchor}" title="{label or anchor}">{label or anchor}</a>'
        if level == top:
            if sub_open:
                out.append("</ul>")
                sub_open = False
            if li_open:
                out.append("</li>")
            out.append(f"<li>{item}")
            li_open = True
        else:
            if not li_open:
                out.append("<li>")
                li_open = True
            if not sub_open:
                out.append('<ul class="sub">')
                sub_open = True
            out.append(f"<li>{item}</li>")
    if sub_open:
        out.append("</ul>")
    if li_open:
        out.append("</li>")
    out += ["</ul>", "</nav>"]
    return "\n".join(out) + "\n"


def site_bar(depth: int, section_dir: str | None, generator: str, search: bool = True) -> str:
    """The navigation bar at the top of every page: home, section, search, theme."""
    up = "../" * depth
    parts = ['<nav class="site-bar" aria-label="Site">',
             f'<a class="home" href="{up}index.html">Manual pages</a>']
    if section_dir:
        parts.append(f'<a class="crumb" href="{up}{section_dir}/index.html" '
                     f'title="{esc(section_title(section_dir))}">{esc(section_dir)}</a>')
    if search:
        parts.append(f'<form class="bar-search" role="search" action="{up}index.html" method="get">'
                     '<input type="search" name="q" placeholder="Search pages" '
                     'aria-label="Search page names and descriptions" autocomplete="off">'
                     "</form>")
    else:
        parts.append('<span class="bar-fill"></span>')
    parts.append('<button class="theme-toggle" type="button" hidden '
                 'aria-label="Switch between light, dark and automatic theme">'
                 '<span aria-hidden="true">\u25d0</span></button>')
    parts.append("</nav>")
    return "\n".join(parts) + "\n"


def head_links(depth: int) -> str:
    up = "../" * depth
    return (f'<link rel="stylesheet" href="{up}{STATIC_DIR}/{CSS_FILE}">\n'
            f"{THEME_SCRIPT}\n"
            f'<script src="{up}{STATIC_DIR}/{JS_FILE}" defer></script>\n')


def frame_page(text: str, output: str, generator: str) -> tuple[str, list]:
    """Make the docutils document a page of the site (head, bar, permalinks, contents)."""
    depth = output.count("/")
    section_dir = output.split("/")[0] if depth else None
    text = _HTML_OPEN.sub('<html lang="en">', text, count=1)
    text = _META_CHARSET.sub('<meta charset="utf-8">', text, count=1)
    text = _META_GENERATOR.sub(f'<meta name="generator" content="{esc(generator)}">\n', text, count=1)
    if "<style" in text:
        text = _STYLE.sub("", text)
    text = text.replace("</head>", head_links(depth) + "</head>", 1)
    text = re.sub(r"<body\b[^>]*>\n?", lambda m: f'<body class="manpage">\n{site_bar(depth, section_dir, generator)}',
                  text, count=1)
    text, heads = add_permalinks(text)
    toc = contents_nav(heads)
    if toc:
        text, n = _H1_END.subn(lambda m: m.group(1) + toc, text, count=1)
        if not n:
            text = text.replace("<main>", "<main>\n" + toc, 1)
    return text, heads


# ---- aliases ------------------------------------------------------------------------

def alias_html(name: str, section: str, output: str, target_output: str | None,
               target_label: str, raw_target: str, generator: str) -> str:
    """The page for a link page (``.so man2/mmap.2``): a small redirect.

    Why a redirect page, and not a copy or a symlink:

    * a copy of the target would put the same text at two addresses (1400
      of them in man-pages), make the site much bigger, and make every change
      to a page rebuild all its copies;
    * a symlink does not survive most ways of publishing a static site
      (archives, artefact uploads, some hosts), and the old address would
      show the target's content under a wrong name;
    * a server-side redirect needs a server, which a static site has not.

    So the alias keeps its own address (old links and ``man3/munmap.3``-style
    bookmarks go on working) and sends the reader on: a script replaces the
    location, keeping any ``#fragment``; ``<meta http-equiv="refresh">`` does
    it without scripts; ``<link rel="canonical">`` tells search engines which
    address is the real one; and the body shows a plain link, for readers
    and tools that follow neither.  Cross-references inside the site never
    point at an alias: they go straight to its target.
    """
    depth = output.count("/")
    label = f"{name}({section})"
    if target_output is None:
        body = (f"<p><strong>{esc(name)}</strong>({esc(section)}) is a link to "
                f"<code>{esc(raw_target)}</code>, which is not part of this collection.</p>")
        return _small_page(label, depth, output, body, generator, head_extra="")
    href = relative_href(output, target_output)
    script_href = json.dumps(href).replace("<", "\\u003c")
    head_extra = (f'<meta http-equiv="refresh" content="0; url={esc(href)}">\n'
                  f'<link rel="canonical" href="{esc(href)}">\n'
                  '<meta name="robots" content="noindex">\n'
                  f"<script>location.replace({script_href}+location.hash)</script>\n")
    body = (f'<p class="alias-note"><strong>{esc(name)}</strong>({esc(section)}) is documented in '
            f'<a class="manref" href="{esc(href)}">{esc(target_label)}</a>.</p>')
    return _small_page(f"{label} \u2192 {target_label}", depth, output, body, generator, head_extra)


def _small_page(title: str, depth: int, output: str, body: str, generator: str,
                head_extra: str) -> str:
    section_dir = output.split("/")[0] if depth else None
    return ("<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{esc(generator)}">\n'
            f"<title>{esc(title)}</title>\n{head_extra}{head_links(depth)}</head>\n"
            f'<body class="alias">\n{site_bar(depth, section_dir, generator)}'
            f"<main>\n{body}\n</main>\n</body>\n</html>\n")


def error_html(label: str, output: str, message: str, generator: str) -> str:
    """A page that could not be rendered: say so, so links to it still land somewhere."""
    body = (f"<h1>{esc(label)}</h1>\n<p>This page could not be rendered: "
            f"<code>{esc(message)}</code></p>")
    return _small_page(label, output.count("/"), output, body, generator, "")


# ---- writing ------------------------------------------------------------------------

def write_text(path: str, text: str, fresh: bool = False) -> None:
    """Write a file of the site so that a reader never sees half of a page it
    could read before: through a temporary file and a rename.

    ``fresh``: the site has no manifest yet (so should the build stop
    halfway, the next one rebuilds every page).  Then a file that does not
    exist is created (exclusively) and written in place, without the
    rename, which was the dearest step of a fresh build's writes.
    """
    directory = os.path.dirname(path)
    if directory not in _DIRS:
        os.makedirs(directory, exist_ok=True)
        _DIRS.add(directory)
    data = text.encode("utf-8")
    if fresh:
        try:
            fd = os.open(path, _CREATE, 0o666)
        except FileExistsError:
            pass
        except FileNotFoundError:   # the directory went away since it was made
            _DIRS.discard(directory)
            return write_text(path, text, fresh)
        else:
            try:
                try:
                    _write_all(fd, data)
                finally:
                    os.close(fd)
            except BaseException:
                try:
                    os.unlink(path)
                except OSError:
                    pass
                raise
            return None
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        fh = open(tmp, "wb")
    except FileNotFoundError:
        if directory not in _DIRS:
            raise
        _DIRS.discard(directory)
        return write_text(path, text, fresh)
    with fh:
        fh.write(data)
    os.replace(tmp, path)
    return None


def _write_all(fd: int, data: bytes) -> None:
    """os.write until all is written (no file object: no terminal test, no seek)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_DIRS: set = set()      # directories known to exist


def write_if_changed(path: str, text: str) -> bool:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            if fh.read() == text:
                return False
    except OSError:
        pass
    write_text(path, text)
    return True
