"""Building a site: which pages to render, rendering them in parallel, the indexes.

What a second build rebuilds (the rest is taken from the manifest):

* everything, with ``--force``, without a usable manifest, or when the tool
  (``__version__`` or the rendering code) or ``--external-url`` changed;
* a page whose source changed (its content hash), or a file it includes
  with ``.so``, or whose HTML file is missing, or that failed last time;
* an alias whose ``.so`` target changed (its hash) or now leads elsewhere;
* a page whose links depend on a name that the set of pages changed: each
  page records the reference keys it used, and when one of them now
  resolves differently (a page added, removed, or an alias retargeted), the
  page is rebuilt.  Adding or removing pages thus rebuilds every page whose
  links it can change, and no other.

The index pages, the search index and the shared files are written again
whenever anything was rebuilt or removed.
"""

from __future__ import annotations

import gc
import os
import re
import tempfile
import time
from dataclasses import dataclass, field

from .. import __version__
from . import manifest
from .discover import PageSource, digest_bytes, discover, read_page_bytes
from .index import Listed, write_indexes
from .links import Entry, Resolver, alias_target_id
from .page import (
    CSS_FILE, JS_FILE, STATIC_DIR, XREF_PATTERN, XrefStats, alias_html, error_html,
    frame_page, rewrite_xrefs, write_if_changed, write_text,
)

_NAME_SPLIT = re.compile(r"^(.*?)\s+(?:\\-|[-\u2010-\u2015])+\s+(.*)$", re.S)


class SiteError(Exception):
    """A problem that stops the build (no pages found, output not writable)."""


@dataclass
class BuildSummary:
    outdir: str
    pages: int = 0
    aliases: int = 0
    rendered: int = 0           # pages rendered in this run
    aliases_written: int = 0    # alias pages written in this run
    removed: int = 0            # outputs of pages that are gone
    links: int = 0
    external: int = 0
    unresolved: int = 0
    dangling: int = 0           # aliases whose target is not in the site
    full: bool = False
    reason: str = ""
    elapsed: float = 0.0
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rebuilt_ids: list = field(default_factory=list)

    def line(self) -> str:
        parts = [f"{self.pages} pages ({self.rendered} rendered)",
                 f"{self.aliases} aliases ({self.aliases_written} written)",
                 f"{self.links} links" + (f" ({self.external} external)" if self.external else ""),
                 f"{self.unresolved} unresolved references"]
        if self.dangling:
            parts.append(f"{self.dangling} dangling aliases")
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.errors:
            parts.append(f"{len(self.errors)} failed")
        return f"manlint html: {', '.join(parts)}, {self.elapsed:.2f} s -> {self.outdir}"


# ---- names ---------------------------------------------------------------------------

def name_line(doc) -> tuple[list[str], str]:
    """The names and the description of a page's NAME section."""
    from ..man import nodes as N
    sec = doc.section("NAME")
    if sec is None:
        t = doc.title
        return ([t.title.lower()] if t is not None and t.title else []), ""
    text = " ".join(c.text() for c in sec.children if not isinstance(c, N.Comment))
    text = " ".join(text.replace("\u00a0", " ").split())
    m = _NAME_SPLIT.match(text)
    if m is None:
        return [n.strip() for n in text.split(",") if n.strip()][:1], ""
    names = [n.strip() for n in m.group(1).split(",") if n.strip()]
    return names, m.group(2).strip()


# ---- the worker ------------------------------------------------------------------------

_W: dict = {}


def _init_worker(outdir: str, table: dict, external: str | None, generator: str,
                 fresh: bool = False) -> None:
    _W.update(outdir=outdir, table=table, external=external, generator=generator, fresh=fresh,
              xrefs={})
    # What every page needs, loaded once.  Then the garbage collector: a
    # page leaves no cyclic garbage (the render disposes of its doctree,
    # release_tree of the parsed page), yet with the default thresholds the
    # collector would run some 50 full collections over a site, each walking
    # whatever page is in progress.  So what is loaded now is frozen out of
    # its way, automatic collection is off, and render_page collects every
    # GC_EVERY pages whatever a page may still have left behind.
    parse_file, render = load_renderer()
    _W.update(parse_file=parse_file, render=render, count=0, gc_was_enabled=gc.isenabled(),
              gc_froze=gc.get_freeze_count() == 0)
    gc.collect()
    if _W["gc_froze"]:
        gc.freeze()
    gc.disable()


def load_renderer():
    """The parser and the HTML renderer, loaded and made ready (idempotent)."""
    from ..man import parse_file
    from ..render.docutils_bridge import render_with_docutils, warm_up
    warm_up()
    return parse_file, render_with_docutils


def _end_worker() -> None:
    """Undo _init_worker's garbage collector settings (a build in this process)."""
    if _W.pop("gc_froze", False):
        gc.unfreeze()
    if _W.pop("gc_was_enabled", True):
        gc.enable()


GC_EVERY = 50


def release_tree(doc) -> None:
    """Take a parsed page apart once rendered: its parent links are cycles, which
    the garbage collector would otherwise have to find, page after page.

    Besides its children (and heading), a node can hold a tag that is not
    one of them (``.IP`` with an empty one) or the line a font macro took as
    its argument (``next_line``).
    """
    plans = _RELEASE_PLANS
    stack = [doc]
    pop = stack.pop
    extend = stack.extend
    append = stack.append
    while stack:
        node = pop()
        node.parent = None
        plan = plans.get(node.__class__)
        if plan is None:
            plan = _release_plan(node.__class__)
        own, held = plan
        kids = node.all_children() if own else node.children
        if kids:
            extend(kids)
        for name in held:
            got = getattr(node, name, None)
            if got is not None and getattr(got, "parent", None) is not None:
                append(got)


_HELD = ("tag", "next_line")
_RELEASE_PLANS: dict = {}


def _release_plan(cls) -> tuple:
    """(whether ``cls`` has its own ``all_children``, the ``_HELD`` fields it can have)."""
    from ..man import nodes as N
    own = getattr(cls, "all_children", None) is not N.Node.all_children
    slots = set()
    for klass in cls.__mro__:
        slots.update(getattr(klass, "__slots__", ()))
    has_dict = any("__dict__" in vars(klass) for klass in cls.__mro__ if klass is not object)
    held = tuple(name for name in _HELD if name in slots or has_dict or hasattr(cls, name))
    plan = _RELEASE_PLANS[cls] = (own, held)
    return plan


def _hash_file(path: str) -> str:
    try:
        return digest_bytes(read_page_bytes(path))
    except OSError:
        return "missing"


def render_page(task) -> dict:
    """Render one page to its HTML file; return what the manifest keeps about it."""
    page_id, path, output = task
    outdir, generator = _W["outdir"], _W["generator"]
    _W["count"] += 1
    if _W["count"] % GC_EVERY == 0:
        gc.collect()
        if _W["gc_froze"]:
            gc.freeze()     # what survived is caches: out of the next collections' way
    target = os.path.join(outdir, output)
    try:
        doc = _W["parse_file"](path)
        text = _W["render"](doc, "html", xref_pattern=XREF_PATTERN, stylesheet=False)
        stats = XrefStats()
        text = rewrite_xrefs(text, output, _W["table"], _W["external"], stats, _W["xrefs"])
        text, _heads = frame_page(text, output, generator)
        names, description = name_line(doc)
        includes = {}
        for f in getattr(doc, "files", [])[1:]:
            includes[f.path] = _hash_file(f.path)
        write_text(target, text, _W["fresh"])
        release_tree(doc)
        return {"id": page_id, "names": names, "description": description,
                "links": stats.links, "external": stats.external, "unresolved": stats.unresolved,
                "deps": sorted(stats.deps), "missing": sorted(stats.missing), "includes": includes}
    except Exception as exc:  # one bad page must not stop the site
        message = f"{type(exc).__name__}: {exc}"
        try:
            write_text(target, error_html(page_id, output, message, generator))
        except OSError:
            pass
        return {"id": page_id, "error": message}


ALIAS_BATCH = 64


def write_alias_pages(batch, outdir: str, generator: str, fresh: bool = False) -> dict:
    """Write a batch of alias pages: (id, output, alias_html arguments) each."""
    for _pid, output, args in batch:
        write_text(os.path.join(outdir, output), alias_html(*args, generator), fresh)
    return {"aliases": [pid for pid, _output, _args in batch]}


def run_task(task) -> dict:
    """A worker's task: ('page', render_page's task) or ('aliases', a batch)."""
    kind, payload = task
    if kind == "page":
        return render_page(payload)
    return write_alias_pages(payload, _W["outdir"], _W["generator"], _W["fresh"])


# ---- the build ---------------------------------------------------------------------------

def _entries(pages: list[PageSource]) -> list[Entry]:
    return [Entry(p.id, p.key, alias_target_id(p.id, p.so) if p.so else None, p.output) for p in pages]


def _old_resolver(old_pages: dict) -> Resolver:
    entries = []
    for pid, rec in old_pages.items():
        try:
            entries.append(Entry(pid, rec["key"], rec.get("so_id"), rec["output"]))
        except (KeyError, TypeError):
            continue
    return Resolver(entries)


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_site(trees: list[str], outdir: str, *, jobs: int = 0, force: bool = False,
               external_url: str | None = None, progress=None,
               title: str = "Manual pages") -> BuildSummary:
    """Build (or bring up to date) the HTML site of ``trees`` in ``outdir``.

    ``progress``: None, or a function (total) -> object with ``update(done,
    note)`` and ``close()`` (a ProgressBar).
    """
    t0 = time.perf_counter()
    outdir = os.path.abspath(outdir)
    summary = BuildSummary(outdir=outdir)
    pages, summary.warnings = discover(trees)
    if not pages:
        raise SiteError("no manual pages found in " + ", ".join(trees)
                        + " (expected manN directories holding name.N files)")
    try:
        os.makedirs(outdir, exist_ok=True)
        with tempfile.TemporaryFile(dir=outdir):
            pass
    except OSError as exc:
        raise SiteError(f"{outdir}: cannot write there: {exc.strerror or exc}") from None
    generator = f"manlint {__version__}"
    tool = {"version": __version__, "code": manifest.code_fingerprint()}
    options = {"external_url": external_url}

    new = Resolver(_entries(pages))
    old_data = manifest.load(outdir)
    if force:
        summary.full, summary.reason = True, "--force"
    elif old_data is None:
        summary.full, summary.reason = True, "no previous build"
    elif old_data.get("tool") != tool:
        summary.full, summary.reason = True, "the tool changed"
    elif old_data.get("options") != options:
        summary.full, summary.reason = True, "the options changed"
    old_pages: dict = {} if old_data is None else old_data["pages"]
    old = _old_resolver(old_pages)

    changed_cache: dict[str, bool] = {}

    def key_changed(key: str) -> bool:
        got = changed_cache.get(key)
        if got is None:
            got = changed_cache[key] = old.resolve_key(key) != new.resolve_key(key)
        return got

    todo_pages: list[PageSource] = []
    todo_aliases: list[PageSource] = []
    for p in pages:
        rec = old_pages.get(p.id)
        stale = (summary.full or not isinstance(rec, dict) or rec.get("hash") != p.digest
                 or rec.get("error") or rec.get("output") != p.output
                 or not os.path.exists(os.path.join(outdir, p.output)))
        if not stale and p.so is not None:
            stale = old.resolve_id(p.id) != new.resolve_id(p.id)
        elif not stale:
            stale = (any(_hash_file(f) != h for f, h in (rec.get("includes") or {}).items())
                     or any(key_changed(k) for k in rec.get("deps") or ()))
        if stale:
            (todo_aliases if p.so is not None else todo_pages).append(p)

    # Outputs of pages that are gone.
    new_outputs = {p.output for p in pages}
    new_ids = {p.id for p in pages}
    for pid, rec in old_pages.items():
        if pid in new_ids or not isinstance(rec, dict):
            continue
        out = rec.get("output")
        if out and out not in new_outputs:
            try:
                os.unlink(os.path.join(outdir, out))
                summary.removed += 1
            except FileNotFoundError:
                summary.removed += 1
            except OSError as exc:
                summary.warnings.append(f"{out}: cannot remove: {exc.strerror or exc}")

    records: dict[str, dict] = {}
    for p in pages:
        rec = old_pages.get(p.id)
        if isinstance(rec, dict):
            records[p.id] = dict(rec, source=p.path)

    bar = progress(len(todo_pages) + len(todo_aliases)) if progress and (todo_pages or todo_aliases) else None
    done = 0

    # The pages in parallel, the largest first so that no worker is left
    # with a long page at the end; then the alias pages, in batches (small,
    # they even out the end).
    table = new.table()
    by_id = {p.id: p for p in pages}
    tasks = [("page", (p.id, p.path, p.output)) for p in
             sorted(todo_pages, key=lambda p: _size(p.path), reverse=True)]
    aliases = []
    for p in todo_aliases:
        final = new.final_id(p.id)
        target_output = new.by_id[final].output if final else None
        target_label = new.by_id[final].key if final else ""
        aliases.append((p.id, p.output,
                        (p.name, p.section, p.output, target_output, target_label, p.so)))
    batches = [("aliases", aliases[i:i + ALIAS_BATCH]) for i in range(0, len(aliases), ALIAS_BATCH)]
    jobs = jobs or default_jobs()
    # With no manifest yet, a build that stops halfway is followed by a full
    # one: new files can be written in place (see write_text).
    init = (outdir, table, external_url, generator, old_data is None)
    in_process = False
    results = None
    try:
        if not tasks:       # no page to render: no renderer to load
            results = (write_alias_pages(batch, outdir, generator, old_data is None)
                       for _k, batch in batches)
        elif jobs > 1 and len(tasks) > 1:
            from ..pool import imap_unordered
            load_renderer()     # once here, shared by the workers (fork)
            results = imap_unordered(run_task, tasks + batches, jobs, _init_worker, init)
        else:
            _init_worker(*init)
            in_process = True
            results = map(run_task, tasks + batches)
        for result in results:
            if "aliases" in result:
                for pid in result["aliases"]:
                    p = by_id[pid]
                    records[p.id] = {"key": p.key, "output": p.output, "source": p.path,
                                     "hash": p.digest, "so": p.so,
                                     "so_id": alias_target_id(p.id, p.so), "deps": [p.key]}
                    summary.aliases_written += 1
                    summary.rebuilt_ids.append(p.id)
                    done += 1
                    if bar:
                        bar.update(done, p.id)
                continue
            p = by_id[result["id"]]
            rec = {"key": p.key, "output": p.output, "source": p.path, "hash": p.digest,
                   "so": None, "so_id": None}
            if "error" in result:
                rec.update(error=result["error"], names=[p.name], description="", deps=[],
                           links=0, external=0, unresolved=0, includes={})
                summary.errors.append(f"{p.path}: {result['error']}")
            else:
                rec.update({k: result[k] for k in ("names", "description", "links", "external",
                                                   "unresolved", "deps", "includes")})
            records[p.id] = rec
            summary.rendered += 1
            summary.rebuilt_ids.append(p.id)
            done += 1
            if bar:
                bar.update(done, p.id)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()     # stops the workers if the loop above did not finish
        if in_process:
            _end_worker()
        if bar:
            bar.close()

    # Totals over the whole site.
    for p in pages:
        rec = records.get(p.id, {})
        if p.so is not None:
            summary.aliases += 1
            if new.final_id(p.id) is None:
                summary.dangling += 1
        else:
            summary.pages += 1
            summary.links += rec.get("links", 0)
            summary.external += rec.get("external", 0)
            summary.unresolved += rec.get("unresolved", 0)
        if rec.get("error") and p.so is None and f"{p.path}: {rec['error']}" not in summary.errors:
            summary.errors.append(f"{p.path}: {rec['error']}")

    changed = bool(summary.rendered or summary.aliases_written or summary.removed)
    index_files = [os.path.join(outdir, "index.html"), os.path.join(outdir, "search-index.json"),
                   os.path.join(outdir, STATIC_DIR, CSS_FILE), os.path.join(outdir, STATIC_DIR, JS_FILE)]
    index_files += [os.path.join(outdir, d, "index.html") for d in {p.dir for p in pages}]
    if changed or summary.full or not all(os.path.exists(f) for f in index_files):
        _write_shared(outdir, pages, records, new, generator, title)
        manifest.save(outdir, {"tool": tool, "options": options, "pages": records,
                               "trees": [os.path.abspath(t) for t in trees]})
    summary.elapsed = time.perf_counter() - t0
    return summary


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _write_shared(outdir, pages, records, resolver: Resolver, generator: str, title: str) -> None:
    from .assets import SITE_JS, site_css
    write_if_changed(os.path.join(outdir, STATIC_DIR, CSS_FILE), site_css())
    write_if_changed(os.path.join(outdir, STATIC_DIR, JS_FILE), SITE_JS)
    listed = []
    for p in pages:
        rec = records.get(p.id, {})
        if p.so is None:
            listed.append(Listed(p.dir, p.name, p.section, p.output, rec.get("description", ""),
                                 list(rec.get("names") or [])))
            continue
        final = resolver.final_id(p.id)
        if final is None:
            listed.append(Listed(p.dir, p.name, p.section, p.output, "", [], dangling=True))
            continue
        target = resolver.by_id[final]
        trec = records.get(final, {})
        listed.append(Listed(p.dir, p.name, p.section, target.output, trec.get("description", ""),
                             [], see=target.key))
    write_indexes(outdir, listed, generator, title, write_if_changed)
