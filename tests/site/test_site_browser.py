"""The built site in a real browser: headless Chromium over a local HTTP server.

Chromium runs once per check with ``--dump-dom`` (the DOM after the scripts
ran) or ``--screenshot``.  Screenshots are left in build/screenshots/ as
artefacts: site-<page>-<desktop|phone>-<light|dark>.png.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
import urllib.parse

import pytest

from sitebuild import corpus_site, png_top_luma, screenshots_dir

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DESKTOP = (1280, 1000)
PHONE = (390, 844)


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@pytest.fixture(scope="module")
def chromium():
    path = find_chromium()
    if path is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = corpus_site(tmp_path_factory)
    handler = functools.partial(_QuietHandler, directory=site.out)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    profile = str(tmp_path_factory.mktemp("chromium-profile"))

    def run(url: str, *extra: str, size=DESKTOP, budget: int = 3000) -> str:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
               f"--user-data-dir={profile}", f"--window-size={size[0]},{size[1]}",
               f"--virtual-time-budget={budget}", *extra, url]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            pytest.fail(f"chromium failed ({proc.returncode}): {proc.stderr[-1500:]}")
        return proc.stdout

    return run


def dump(browser, url: str, **kw) -> str:
    return browser(url, "--dump-dom", **kw)


def title_of(dom: str) -> str:
    m = re.search(r"<title>(.*?)</title>", dom, re.S)
    return m.group(1).strip() if m else ""


# ---- following links --------------------------------------------------------------

def test_follow_a_cross_reference(browser, server):
    start = server + "man2/mmap.2.html"
    dom = dump(browser, start)
    assert title_of(dom).startswith("mmap(2)")
    hrefs = re.findall(r'<a class="manref" href="([^"]*msync\.2\.html)"', dom)
    assert hrefs, "mmap(2) has no link to msync(2)"
    target = urllib.parse.urljoin(start, hrefs[0])
    assert target == server + "man2/msync.2.html"
    dom = dump(browser, target)
    assert title_of(dom) == "msync(2) \u2014 synchronize a file with a memory map"
    # and back, through SEE ALSO
    assert re.search(r'<a class="manref" href="\.\./man2/mmap\.2\.html"><strong>mmap</strong>\(2\)</a>', dom)


def test_alias_redirects_to_its_target(browser, server):
    dom = dump(browser, server + "man2/munmap.2.html")
    assert title_of(dom).startswith("mmap(2)")


def test_permalink(browser, server):
    dom = dump(browser, server + "man2/mmap.2.html#MAP_FIXED_NOREPLACE")
    assert re.search(r'<dt[^>]*\sid="MAP_FIXED_NOREPLACE"', dom)
    assert '<a class="permalink" href="#MAP_FIXED_NOREPLACE"' in dom
    assert re.search(r'<dt[^>]*\sid="EEXIST"', dom)


# ---- search ------------------------------------------------------------------------

def _results(dom: str) -> list[tuple[str, str]]:
    m = re.search(r'<ol class="results" id="search-results">(.*?)</ol>', dom, re.S)
    assert m, "no results list"
    return re.findall(r'<a href="([^"]+)"><strong>([^<]+)</strong>', m.group(1))


def test_search_by_name(browser, server):
    dom = dump(browser, server + "index.html?q=mmap")
    results = _results(dom)
    assert results[0] == ("man2/mmap.2.html", "mmap")
    assert ("man2/mmap2.2.html", "mmap2") in results
    assert re.search(r'<section id="results"[^>]*aria-live', dom)
    assert 'id="results" hidden' not in dom
    assert '<div id="listing" hidden' in dom


def test_search_alias_and_description(browser, server):
    results = _results(dump(browser, server + "index.html?q=munmap"))
    assert results[0] == ("man2/mmap.2.html", "munmap")       # an alias goes to its target
    results = _results(dump(browser, server + "index.html?q=" + urllib.parse.quote("memory map")))
    names = [n for _h, n in results]
    assert "msync" in names and "mmap" in names
    results = _results(dump(browser, server + "index.html?q=" + urllib.parse.quote("open(2)")))
    assert results[0] == ("man2/open.2.html", "open")
    m = re.search(r'<ol class="results" id="search-results">(.*?)</ol>', dump(
        browser, server + "index.html?q=" + urllib.parse.quote("open(2)")), re.S)
    assert set(re.findall(r"</strong>\((\w+)\)</a>", m.group(1))) == {"2"}


def test_search_no_match(browser, server):
    dom = dump(browser, server + "index.html?q=zzzqqqxxx")
    assert _results(dom) == []
    assert "No page matches" in dom


def test_theme_hook_and_button(browser, server):
    dom = dump(browser, server + "man2/mmap.2.html?theme=dark")
    assert re.search(r'<html[^>]*data-theme="dark"', dom)
    # the script ran: the theme button is shown
    assert re.search(r'<button class="theme-toggle" type="button" aria-label', dom)
    dom = dump(browser, server + "man2/mmap.2.html")
    assert not re.search(r'<html[^>]*data-theme=', dom)


# ---- screenshots -------------------------------------------------------------------

SHOTS = [
    ("mmap", "man2/mmap.2.html", DESKTOP, "light"),
    ("mmap", "man2/mmap.2.html", DESKTOP, "dark"),
    ("mmap", "man2/mmap.2.html", PHONE, "light"),
    ("mmap", "man2/mmap.2.html", PHONE, "dark"),
    ("index", "index.html", DESKTOP, "light"),
    ("search", "index.html?q=signal", PHONE, "dark"),
    ("man2", "man2/index.html", DESKTOP, "dark"),
    ("proc", "man5/proc.5.html", PHONE, "light"),
]


@pytest.mark.parametrize("name, path, size, theme", SHOTS,
                         ids=[f"{n}-{'desktop' if s == DESKTOP else 'phone'}-{t}" for n, _p, s, t in SHOTS])
def test_screenshot(browser, server, name, path, size, theme):
    out = os.path.join(screenshots_dir(), f"site-{name}-{'desktop' if size == DESKTOP else 'phone'}-{theme}.png")
    if os.path.exists(out):
        os.unlink(out)
    url = server + path + ("&" if "?" in path else "?") + f"theme={theme}"
    browser(url, f"--screenshot={out}", size=size)
    assert os.path.getsize(out) > 20000, "the screenshot looks empty"
    luma = png_top_luma(out)          # the bar at the top of the page
    assert (luma > 180) if theme == "light" else (luma < 60), f"{theme} theme, top luma {luma:.0f}"


def test_system_dark_preference(browser, server):
    """No choice made: the page follows prefers-color-scheme."""
    out = os.path.join(screenshots_dir(), "site-mmap-desktop-system-dark.png")
    browser(server + "man2/mmap.2.html", "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0", f"--screenshot={out}")
    assert png_top_luma(out) < 60
