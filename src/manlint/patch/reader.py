"""Reading patches: format-patch files, mbox series, plain diffs, diffs in mail or web copies.

Everything ends up as ``Patch`` objects (see ``model``): an optional
``Message`` and the ``FileDiff``s of the unified diff it carries.  This
module reads the files and tells the formats apart: an mbox or a mail
message goes to ``mail``, a saved web page is reduced to its text, and a
plain diff (perhaps after a few Subject/From/Date lines) is read here; the
diff itself is parsed by ``unified_diff``.
"""

from __future__ import annotations

import html
import os
import re

from .mail import SERIES_NO, build_message, has_mail_headers, parse_mail, parse_mbox
from .model import Patch, PatchError
from .unified_diff import HUNK_HEADER, MBOX_FROM, find_diff, parse_diff

_HEADER_LINE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*:[ \t]|^[A-Za-z0-9][A-Za-z0-9-]*:$")


def read_patches(path: str) -> list[Patch]:
    """Every patch in one file (a format-patch file, an mbox series, a diff, a mail or web copy)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise PatchError(path, None, "is a directory, not a patch") from None
    except FileNotFoundError:
        raise PatchError(path, None, "no such file") from None
    except OSError as exc:
        raise PatchError(path, None, f"cannot read: {exc.strerror or exc}") from None
    return parse_patches(data, path)


def read_patch(path: str) -> Patch:
    """The one patch a file holds (a file holding a series is an error here)."""
    patches = read_patches(path)
    if len(patches) != 1:
        raise PatchError(path, None, f"holds a series of {len(patches)} patches, not one")
    return patches[0]


def read_series(paths) -> list[Patch]:
    """Patches from several files (a directory means its *.patch files, by name), in order."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Patch] = []
    for p in paths:
        p = os.fspath(p)
        if os.path.isdir(p):
            names = sorted(n for n in os.listdir(p) if n.endswith((".patch", ".diff", ".mbox", ".eml")))
            if not names:
                raise PatchError(p, None, "directory holds no *.patch files")
            out.extend(read_series([os.path.join(p, n) for n in names]))
        else:
            out.extend(read_patches(p))
    return out


def parse_patches(data: bytes | str, path: str = "<patch>") -> list[Patch]:
    if isinstance(data, bytes):
        if not data.strip():
            raise PatchError(path, None, "empty file, not a patch")
        if b"\0" in data[:65536] or data[:2] == b"\x1f\x8b":
            raise PatchError(path, None, "binary file, not a patch")
        text = data.decode("utf-8", errors="surrogateescape")
    else:
        text = data
        if not text.strip():
            raise PatchError(path, None, "empty file, not a patch")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if lines and all(ln.endswith("\r") for ln in lines):
        lines = [ln[:-1] for ln in lines]
    first = next((ln for ln in lines if ln.strip()), "")
    if MBOX_FROM.match(first):
        return parse_mbox(lines, path)
    if _looks_like_html(text, first):
        lines = _html_to_lines(text)
    if _HEADER_LINE.match(first) and has_mail_headers(lines):
        patch = parse_mail(lines, 0, len(lines), path, 1, in_mbox=False)
        if patch is None:
            raise PatchError(path, None, "no diff found in this message")
        return [patch]
    return [_parse_loose(lines, path)]


# ---- loose text: a plain diff, or a diff inside a web page copy --------------------

def _looks_like_html(text: str, first: str) -> bool:
    """A saved web page: it opens as HTML, or it holds no diff outside its <pre> blocks."""
    if re.match(r"\s*<(!doctype html|html|head)\b", first, re.IGNORECASE):
        return True
    low = text.lower()
    return "<pre" in low and "</pre>" in low and find_diff(text.split("\n")) is None


def _html_to_lines(text: str) -> list[str]:
    """The text of a web page: its <pre> blocks when they hold the diff, else everything."""
    pres = re.findall(r"<pre[^>]*>(.*?)</pre>", text, re.IGNORECASE | re.DOTALL)
    chunks = pres if any("@@" in p for p in pres) else [text]
    out: list[str] = []
    for chunk in chunks:
        chunk = re.sub(r"<(script|style|head)\b.*?</\1>", "", chunk, flags=re.IGNORECASE | re.DOTALL)
        chunk = re.sub(r"<br\s*/?>", "\n", chunk, flags=re.IGNORECASE)
        chunk = re.sub(r"</?(p|div|tr|li|h\d)\b[^>]*>", "\n", chunk, flags=re.IGNORECASE)
        chunk = re.sub(r"<[^>]+>", "", chunk)
        out.extend(html.unescape(chunk).split("\n"))
    return out


def _parse_loose(lines: list[str], path: str) -> Patch:
    dstart = find_diff(lines)
    if dstart is None:
        if any(HUNK_HEADER.match(ln) for ln in lines):
            n = next(i for i, ln in enumerate(lines) if HUNK_HEADER.match(ln))
            raise PatchError(path, n + 1, "hunk without a file header (no '---'/'+++' lines before it)")
        raise PatchError(path, None, "no diff found")
    message = None
    pre = lines[:dstart]
    fields: dict[str, tuple[int, str]] = {}
    for i, ln in enumerate(pre):
        m = re.match(r"^\s*(Subject|From|Date)\b:?\s*(\S.*)$", ln)
        if m and m.group(1) not in fields:
            fields[m.group(1)] = (i, m.group(2).strip())
    if "Subject" in fields:
        after = max(i for i, _ in fields.values()) + 1
        message = build_message(fields["Subject"][1], fields.get("From", (0, ""))[1],
                           fields.get("Date", (0, ""))[1], pre[after:])
    files = parse_diff(lines, list(range(1, len(lines) + 1)), dstart, path)
    patch = Patch(message, files, path)
    if message:
        m = SERIES_NO.search(message.subject)
        if m:
            patch.number, patch.total = int(m.group(1)), int(m.group(2))
    return patch
