"""The build manifest: what the last build made from what.

``OUTDIR/.manlint-site.json`` records the tool (``manlint.__version__`` and
a fingerprint of the code that renders pages), the options that change the
output (``--external-url``), and per page:

* ``hash``: the content hash of its source (gunzipped);
* ``so``: for an alias, the target of its ``.so`` line;
* ``includes``: the hashes of the files its ``.so`` requests pulled in;
* ``deps``: the set of reference keys (``msync(2)``) its links depend on;
* what the indexes need (names, description) and its link counts, so an
  incremental build can write the indexes and the summary without parsing
  the pages it does not rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.resources import files

FILE_NAME = ".manlint-site.json"
FORMAT = 1
# The parts of manlint whose code shapes a page of the site.
_CODE_PACKAGES = ("site", "render", "man", "roff")


def code_fingerprint() -> str:
    """A hash of the rendering code, so a changed renderer rebuilds the site.

    ``__version__`` alone does not move between releases; this does, and it
    costs a few milliseconds.
    """
    h = hashlib.blake2b(digest_size=12)
    base = files("manlint")
    for pkg in _CODE_PACKAGES:
        root = base.joinpath(pkg)
        try:
            paths = sorted(_walk(root))
        except (OSError, TypeError):
            continue
        for rel, entry in paths:
            h.update(rel.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()


def _walk(root, prefix=""):
    for entry in root.iterdir():
        name = entry.name
        if name.startswith((".", "__pycache__")):
            continue
        rel = f"{prefix}{name}"
        if entry.is_dir():
            yield from _walk(entry, rel + "/")
        elif name.endswith((".py", ".css", ".json", ".toml", ".txt")):
            yield rel, entry


def load(outdir: str) -> dict | None:
    """The previous build's manifest, or None when there is none (or it is unreadable)."""
    try:
        with open(os.path.join(outdir, FILE_NAME), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("pages"), dict):
        return None
    return data


def save(outdir: str, data: dict) -> None:
    from .page import write_text
    data = dict(data, format=FORMAT)
    write_text(os.path.join(outdir, FILE_NAME),
               json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
