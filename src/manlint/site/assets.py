"""The site's shared files: the stylesheet and the script.

The stylesheet is ``data/site.css`` plus the colours of the highlighted code
tokens (the classes the docutils bridge writes), light by default and dark
both under ``prefers-color-scheme`` and when the reader picks the dark theme.
The script lives here as a string (no build step, nothing to minify): the
theme button, the ``/`` shortcut to the search box, and the search itself.
"""

from __future__ import annotations

from importlib.resources import files

_DARK_SCHEME = 'html:not([data-theme="light"]) pre.code'
_DARK_CHOSEN = 'html[data-theme="dark"] pre.code'


def _token_rules(style: str, selector: str) -> str:
    from pygments.formatters import HtmlFormatter
    from pygments.util import ClassNotFound

    from ..render.highlight import CLASS_PREFIX
    try:
        formatter = HtmlFormatter(style=style, classprefix=CLASS_PREFIX)
    except ClassNotFound:
        formatter = HtmlFormatter(style="monokai" if "dark" in style else "default",
                                  classprefix=CLASS_PREFIX)
    getter = getattr(formatter, "get_token_style_defs", None)
    found = getter(selector) if getter is not None else formatter.get_style_defs(selector)
    return found if isinstance(found, str) else "\n".join(found)


def token_css() -> str:
    """Token colours: light, dark by the system's preference, dark by choice."""
    try:
        from ..render.highlight import DARK_STYLE, LIGHT_STYLE
    except ImportError:  # pragma: no cover - the bridge always has them
        LIGHT_STYLE, DARK_STYLE = "default", "github-dark"
    light = _token_rules(LIGHT_STYLE, "pre.code")
    dark_scheme = "\n".join("  " + ln for ln in _token_rules(DARK_STYLE, _DARK_SCHEME).splitlines())
    dark_chosen = _token_rules(DARK_STYLE, _DARK_CHOSEN)
    return (f"/* code tokens: pygments {LIGHT_STYLE} */\n{light}\n"
            f"/* code tokens: pygments {DARK_STYLE} */\n"
            f"@media screen and (prefers-color-scheme: dark) {{\n{dark_scheme}\n}}\n"
            f"@media screen {{\n{dark_chosen}\n}}\n")


def site_css() -> str:
    base = files("manlint.site").joinpath("data", "site.css").read_text(encoding="utf-8")
    return base.rstrip("\n") + "\n\n" + token_css()


SITE_JS = r"""/* manlint html: theme button, search.  No dependencies, no server. */
(function () {
  "use strict";
  var KEY = "manlint-theme";
  var root = document.documentElement;

  /* ---- theme: automatic -> light -> dark -> automatic ---- */
  var button = document.querySelector("button.theme-toggle");
  function theme() { return root.getAttribute("data-theme") || "auto"; }
  function label() {
    var t = theme();
    button.title = "Theme: " + (t === "auto" ? "automatic" : t) + " (click to change)";
    button.setAttribute("data-state", t);
  }
  if (button) {
    button.hidden = false;
    label();
    button.addEventListener("click", function () {
      var order = ["auto", "light", "dark"];
      var next = order[(order.indexOf(theme()) + 1) % order.length];
      if (next === "auto") root.removeAttribute("data-theme");
      else root.setAttribute("data-theme", next);
      try {
        if (next === "auto") localStorage.removeItem(KEY); else localStorage.setItem(KEY, next);
      } catch (e) { /* private mode: the choice lasts for this page */ }
      label();
    });
  }

  /* ---- "/" jumps to the search box ---- */
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var box = document.getElementById("search-input") ||
      document.querySelector("form.bar-search input[type=search]");
    if (box) { ev.preventDefault(); box.focus(); box.select(); }
  });

  /* ---- search (the overall index only) ---- */
  var input = document.getElementById("search-input");
  var results = document.getElementById("results");
  var list = document.getElementById("search-results");
  var count = document.getElementById("result-count");
  var listing = document.getElementById("listing");
  if (!input || !results || !list) return;

  var LIMIT = 150;
  var entries = null;       /* [[name, section, url, description, also, see], ...] */
  var pending = null;

  function loadIndex() {
    if (pending) return pending;
    pending = fetch("search-index.json")
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .catch(function () {
        /* file:// pages cannot fetch(): the same data as a script */
        return new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = "search-index.js";
          s.onload = function () { resolve(window.manlintSearchIndex); };
          s.onerror = reject;
          document.head.appendChild(s);
        });
      })
      .then(function (data) {
        entries = data.pages.map(function (e) {
          return { e: e, name: e[0].toLowerCase(), also: (e[4] || "").toLowerCase(),
                   desc: (e[3] || "").toLowerCase() };
        });
        return entries;
      });
    return pending;
  }

  function wordStart(hay, needle) {
    var i = hay.indexOf(needle);
    while (i >= 0) {
      if (i === 0 || !/[a-z0-9_]/.test(hay.charAt(i - 1))) return true;
      i = hay.indexOf(needle, i + 1);
    }
    return false;
  }

  function scoreTerm(x, t) {
    if (x.name === t) return 100;
    if (x.name.indexOf(t) === 0) return 70 - Math.min(20, x.name.length - t.length);
    if ((" " + x.also + " ").indexOf(" " + t + " ") >= 0) return 60;
    if (x.name.indexOf(t) > 0) return 40;
    if (x.also.indexOf(t) >= 0) return 30;
    if (wordStart(x.desc, t)) return 14;
    if (x.desc.indexOf(t) >= 0) return 6;
    return 0;
  }

  function search(q) {
    var section = null;
    var m = /^\s*(.*?)\s*\(\s*([0-9a-z]+)\s*\)\s*$/i.exec(q);
    if (m && m[1]) { q = m[1]; section = m[2].toLowerCase(); }
    var terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    var found = [];
    for (var i = 0; i < entries.length; i++) {
      var x = entries[i];
      if (section && x.e[1].toLowerCase() !== section) continue;
      var score = 0;
      for (var k = 0; k < terms.length; k++) {
        var s = scoreTerm(x, terms[k]);
        if (!s) { score = 0; break; }
        score += s;
      }
      if (score) found.push({ x: x, score: score - (x.e[5] ? 1 : 0) });
    }
    found.sort(function (a, b) {
      return b.score - a.score || a.x.name.length - b.x.name.length ||
        (a.x.e[1] < b.x.e[1] ? -1 : a.x.e[1] > b.x.e[1] ? 1 : 0) ||
        (a.x.name < b.x.name ? -1 : a.x.name > b.x.name ? 1 : 0);
    });
    return found;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function show(q) {
    q = q.trim();
    if (!q) {
      results.hidden = true;
      if (listing) listing.hidden = false;
      return;
    }
    var found = search(q);
    list.textContent = "";
    found.slice(0, LIMIT).forEach(function (f) {
      var e = f.x.e;
      var li = el("li", e[5] ? "alias" : "");
      var a = el("a");
      a.href = e[2];
      a.appendChild(el("strong", "", e[0]));
      a.appendChild(document.createTextNode("(" + e[1] + ")"));
      li.appendChild(a);
      var d = el("span", "desc", e[3] || "");
      if (e[5]) {
        d.textContent = (e[3] ? e[3] + " " : "");
        d.appendChild(el("span", "see", "\u2192 " + e[5]));
      }
      li.appendChild(d);
      list.appendChild(li);
    });
    var n = found.length;
    count.textContent = n === 0 ? "No page matches \u201c" + q + "\u201d." :
      n + (n === 1 ? " page matches" : " pages match") +
      (n > LIMIT ? "; the first " + LIMIT + " are shown." : ".");
    results.hidden = false;
    if (listing) listing.hidden = true;
  }

  function update(q, push) {
    loadIndex().then(function () { show(q); }, function () {
      count.textContent = "The search index could not be loaded.";
      results.hidden = false;
    });
    if (push) {
      var url = q.trim() ? "?q=" + encodeURIComponent(q.trim()) : location.pathname;
      try { history.replaceState(null, "", url); } catch (e) { /* file:// */ }
    }
  }

  var params = new URLSearchParams(location.search);
  var initial = params.get("q") || "";
  if (initial) { input.value = initial; update(initial, false); }

  input.addEventListener("input", function () { update(input.value, true); });
  input.form.addEventListener("submit", function (ev) {
    /* Enter opens the best match */
    ev.preventDefault();
    loadIndex().then(function () {
      var first = list.querySelector("li > a");
      if (first && input.value.trim()) location.href = first.href;
    });
  });
})();
"""
