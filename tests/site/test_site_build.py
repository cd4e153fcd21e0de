"""``manlint html`` over man-pages 5.13: pages, aliases, links, HTML5, incremental builds."""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.parse

import pytest

from sitebuild import corpus_site, run_cli, scan, skip_if_code_changed

BR_RE = re.compile(r"^\.BR\s+\"?([^\s\"()\\]+)\"?\s+\((\d[a-zA-Z]*)\)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return corpus_site(tmp_path_factory)


def _page_files(tree: str) -> list[tuple[str, str]]:
    """(page id, path) of every file of the tree, e.g. ('man2/mmap.2', '/.../man2/mmap.2')."""
    out = []
    for d in sorted(os.listdir(tree)):
        if not re.match(r"^man[0-9n]", d):
            continue
        for f in sorted(os.listdir(os.path.join(tree, d))):
            out.append((f"{d}/{f[:-3] if f.endswith('.gz') else f}", os.path.join(tree, d, f)))
    return out


def _is_link_page(path: str) -> bool:
    with open(path, "rb") as fh:
        lines = [ln.strip() for ln in fh.read().splitlines()]
    real = [ln for ln in lines if ln and not ln.startswith((b'.\\"', b"'\\\""))]
    return len(real) == 1 and real[0].startswith(b".so ")


def _html_files(out: str) -> list[str]:
    found = []
    for dirpath, _dirs, files in os.walk(out):
        found += [os.path.join(dirpath, f) for f in files if f.endswith(".html")]
    return sorted(found)


# ---- the build ----------------------------------------------------------------------

def test_summary_counts(site):
    files = _page_files(site.tree)
    aliases = sum(1 for _pid, path in files if _is_link_page(path))
    s = site.summary
    assert s["pages"] + s["aliases"] == len(files)
    assert s["aliases"] == aliases
    assert s["rendered"] == s["pages"] and s["written"] == s["aliases"]
    assert s["links"] > 10000
    assert 0 < s["unresolved"] < s["links"]
    # nothing failed, no warning
    assert "failed" not in site.stdout
    assert site.stderr.strip() == ""


def test_every_page_and_alias_exists(site):
    missing = []
    for pid, _path in _page_files(site.tree):
        if not os.path.isfile(os.path.join(site.out, pid + ".html")):
            missing.append(pid)
    assert missing == []
    for f in ("index.html", "search-index.json", "search-index.js", "_static/site.css",
              "_static/site.js", ".manlint-site.json"):
        assert os.path.isfile(os.path.join(site.out, f)), f
    for d in os.listdir(site.tree):
        if d.startswith("man"):
            assert os.path.isfile(os.path.join(site.out, d, "index.html"))


def test_alias_is_a_redirect(site):
    text = open(os.path.join(site.out, "man2", "munmap.2.html"), encoding="utf-8").read()
    assert '<meta http-equiv="refresh" content="0; url=../man2/mmap.2.html">' in text
    assert '<link rel="canonical" href="../man2/mmap.2.html">' in text
    assert 'href="../man2/mmap.2.html">mmap(2)</a>' in text      # a visible link too
    # a chain of .so is followed: _Exit.2 -> _exit.2
    text = open(os.path.join(site.out, "man2", "_Exit.2.html"), encoding="utf-8").read()
    assert "url=../man2/_exit.2.html" in text


def test_no_broken_relative_link(site):
    broken = []
    checked = 0
    ids_cache: dict[str, set] = {}
    for path in _html_files(site.out):
        page = scan(path)
        ids_cache[path] = page.ids
        for href in page.hrefs:
            parsed = urllib.parse.urlsplit(href)
            if parsed.scheme or parsed.netloc:
                continue
            checked += 1
            if parsed.path:
                target = os.path.normpath(os.path.join(os.path.dirname(path),
                                                       urllib.parse.unquote(parsed.path)))
                if not os.path.exists(target):
                    broken.append((os.path.relpath(path, site.out), href))
                    continue
            else:
                target = path
            if parsed.fragment and target.endswith(".html"):
                if target not in ids_cache:
                    ids_cache[target] = scan(target).ids
                if urllib.parse.unquote(parsed.fragment) not in ids_cache[target]:
                    broken.append((os.path.relpath(path, site.out), href))
    assert checked > 50000
    assert broken[:20] == []


def test_corpus_references_are_links(site):
    """Every ``.BR name (N)`` whose page is in the tree is a working link; the rest are marked."""
    files = dict(_page_files(site.tree))
    problems = []
    linked = unlinked = 0
    for pid, path in files.items():
        if _is_link_page(path):
            continue
        refs = set()
        with open(path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                m = BR_RE.match(line)
                if m:
                    refs.add((m.group(1).replace("\\-", "-"), m.group(2)))
        if not refs:
            continue
        out = os.path.join(site.out, pid + ".html")
        page = scan(out)
        link_texts = {}
        for href, text in page.manrefs:
            link_texts.setdefault(text, href)
        for name, sect in sorted(refs):
            label = f"{name}({sect})"
            target = f"man{sect[0]}/{name}.{sect}"
            if target in files:
                href = link_texts.get(label)
                if href is None:
                    problems.append(f"{pid}: {label} is not a link")
                    continue
                dest = os.path.normpath(os.path.join(os.path.dirname(out), urllib.parse.unquote(href)))
                if not os.path.isfile(dest):
                    problems.append(f"{pid}: {label} -> {href} is broken")
                linked += 1
            else:
                if label not in page.missing:
                    problems.append(f"{pid}: {label} (not in the tree) is not marked xref-missing")
                if label in link_texts:
                    problems.append(f"{pid}: {label} (not in the tree) is a link")
                unlinked += 1
    assert linked > 5000 and unlinked > 500
    assert problems[:20] == []


def test_link_to_alias_goes_to_its_target(site):
    page = scan(os.path.join(site.out, "man2", "mmap.2.html"))
    hrefs = dict((text, href) for href, text in page.manrefs)
    assert hrefs["msync(2)"] == "../man2/msync.2.html"
    assert hrefs["setrlimit(2)"] == "../man2/getrlimit.2.html"    # setrlimit.2 is .so getrlimit.2
    assert hrefs["shm_open(3)"] == "../man3/shm_open.3.html"


def test_permalinks_on_sections_and_entries(site):
    text = open(os.path.join(site.out, "man2", "mmap.2.html"), encoding="utf-8").read()
    for anchor in ("MAP_FIXED_NOREPLACE", "EEXIST", "DESCRIPTION", "The_flags_argument", "SEE_ALSO"):
        assert f'id="{anchor}"' in text
        assert f'<a class="permalink" href="#{anchor}"' in text
    n_dt_ids = len(re.findall(r'<dt[^>]*\sid="', text))
    assert n_dt_ids == text.count('aria-label="Permalink to this entry"')
    assert '<nav class="toc"' in text


def test_all_pages_are_valid_html5(site):
    html5lib = pytest.importorskip("html5lib", reason="html5lib is not installed (pip install html5lib)")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    bad = []
    files = _html_files(site.out)
    for path in files:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if not text.startswith("<!DOCTYPE html>"):
            bad.append((path, "no doctype"))
            continue
        try:
            parser.parse(text)
        except Exception as exc:  # html5lib.html5parser.ParseError
            bad.append((os.path.relpath(path, site.out), str(exc)))
    assert len(files) > 2400
    assert bad[:10] == []


def test_search_index(site):
    data = json.load(open(os.path.join(site.out, "search-index.json"), encoding="utf-8"))
    assert data["fields"][:4] == ["name", "section", "url", "description"]
    rows = {(r[0], r[1]): r for r in data["pages"]}
    assert rows[("mmap", "2")][2] == "man2/mmap.2.html"
    assert rows[("mmap", "2")][3] == "map or unmap files or devices into memory"
    assert rows[("munmap", "2")][2] == "man2/mmap.2.html" and rows[("munmap", "2")][5] == "mmap(2)"
    assert len(rows) == site.summary["pages"] + site.summary["aliases"]


def test_indexes_list_descriptions(site):
    text = open(os.path.join(site.out, "man2", "index.html"), encoding="utf-8").read()
    assert '<a href="../man2/mmap.2.html"><strong>mmap</strong>(2)</a>' in text
    assert "map or unmap files or devices into memory" in text
    top = open(os.path.join(site.out, "index.html"), encoding="utf-8").read()
    assert 'id="search-input"' in top and 'href="man7/index.html"' in top
    assert "synchronize a file with a memory map" in top


# ---- incremental builds -----------------------------------------------------------------

def test_rebuild_with_no_change_rebuilds_nothing(site):
    proc, _wall = run_cli("html", site.tree, "-o", site.out, "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    skip_if_code_changed(site.code)
    from sitebuild import parse_summary
    s = parse_summary(proc.stdout)
    assert (s["rendered"], s["written"]) == (0, 0)
    assert (s["pages"], s["aliases"], s["links"], s["unresolved"]) == (
        site.summary["pages"], site.summary["aliases"], site.summary["links"], site.summary["unresolved"])


@pytest.fixture(scope="module")
def copied(site, tmp_path_factory):
    """A writable copy of the tree and of the built site."""
    base = tmp_path_factory.mktemp("incremental")
    tree = str(base / "tree")
    out = str(base / "out")
    shutil.copytree(site.tree, tree)
    shutil.copytree(site.out, out)
    for dirpath, dirs, files in os.walk(tree):
        os.chmod(dirpath, 0o755)
        for f in files:
            os.chmod(os.path.join(dirpath, f), 0o644)
    return tree, out


def _build(tree, out, **kw):
    from manlint.site import build_site
    with open(os.path.join(out, ".manlint-site.json"), encoding="utf-8") as fh:
        skip_if_code_changed(json.load(fh)["tool"]["code"])
    s = build_site([tree], out, jobs=1, **kw)
    if s.full and s.reason == "the tool changed":
        pytest.skip("manlint's rendering code changed during the test run, so every page is rebuilt")
    return s


def test_touching_one_page_rebuilds_only_it(copied):
    tree, out = copied
    s = _build(tree, out)
    assert (s.rendered, s.aliases_written) == (0, 0)
    path = os.path.join(tree, "man2", "msync.2")
    os.utime(path)                       # a new mtime alone changes nothing
    assert _build(tree, out).rendered == 0
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('.\\" touched by the incremental test\n')
    s = _build(tree, out)
    assert s.rebuilt_ids == ["man2/msync.2"]
    assert s.rendered == 1 and s.aliases_written == 0
    assert _build(tree, out).rendered == 0


def _referrers(tree: str, name: str, section: str) -> list[str]:
    pattern = re.compile(rf"^\.BR\s+{re.escape(name)}\s+\({section}\)", re.M)
    found = []
    for d in sorted(os.listdir(tree)):
        for f in sorted(os.listdir(os.path.join(tree, d))):
            with open(os.path.join(tree, d, f), encoding="utf-8", errors="replace") as fh:
                if pattern.search(fh.read()):
                    found.append(f"{d}/{f}")
    return found


def _dependents(out: str, key: str) -> list[str]:
    """The pages whose links depend on ``key``, from the manifest."""
    data = json.load(open(os.path.join(out, ".manlint-site.json"), encoding="utf-8"))
    return [pid for pid, rec in data["pages"].items() if key in rec.get("deps", ()) and not rec.get("so")]


def test_alias_target_change_rebuilds_the_alias(copied):
    tree, out = copied
    referrers = _referrers(tree, "munmap", "2")
    dependents = set(_dependents(out, "munmap(2)"))
    assert referrers and set(referrers) <= dependents
    path = os.path.join(tree, "man2", "munmap.2")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(".so man2/msync.2\n")
    s = _build(tree, out)
    # the alias, and the pages whose munmap(2) links now go elsewhere
    assert "man2/munmap.2" in s.rebuilt_ids
    assert s.aliases_written == 1
    assert set(s.rebuilt_ids) == dependents | {"man2/munmap.2"}     # and nothing else
    page = scan(os.path.join(out, referrers[0] + ".html"))
    assert ("../man2/msync.2.html", "munmap(2)") in page.links
    text = open(os.path.join(out, "man2", "munmap.2.html"), encoding="utf-8").read()
    assert "url=../man2/msync.2.html" in text
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(".so man2/mmap.2\n")
    s = _build(tree, out)
    assert "man2/munmap.2" in s.rebuilt_ids


def test_new_page_rebuilds_the_pages_that_refer_to_it(copied):
    tree, out = copied
    referrers = _referrers(tree, "ls", "1")
    assert len(referrers) > 5
    dependents = set(_dependents(out, "ls(1)"))
    assert set(referrers) <= dependents
    with open(os.path.join(tree, "man1", "ls.1"), "w", encoding="utf-8") as fh:
        fh.write('.TH LS 1 2021-01-01 "test" "User Commands"\n.SH NAME\nls \\- list directory contents\n'
                 ".SH SEE ALSO\n.BR stat (2)\n")
    s = _build(tree, out)
    assert set(s.rebuilt_ids) == dependents | {"man1/ls.1"}     # and nothing else
    page = scan(os.path.join(out, referrers[0] + ".html"))
    assert ("../man1/ls.1.html", "ls(1)") in page.links
    assert "ls(1)" not in page.missing
    # and removing it again
    os.unlink(os.path.join(tree, "man1", "ls.1"))
    s = _build(tree, out)
    assert set(s.rebuilt_ids) == dependents and s.removed == 1
    assert not os.path.exists(os.path.join(out, "man1", "ls.1.html"))
    assert "ls(1)" in scan(os.path.join(out, referrers[0] + ".html")).missing
