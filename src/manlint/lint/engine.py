"""Linting files: parse, check, fix; the unit of work the CLI runs in parallel."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..fileio import ChangedOnDisk, write_atomic
from ..man import nodes as N
from ..man import parse_bytes
from ..man.parser import tree_root
from ..roff.decode import decode_bytes, read_bytes
from .checker import Checker
from .fixes import apply_edits

MAX_FIX_ROUNDS = 10


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    fixed: int = 0
    diff: str = ""


def is_link_page(doc: N.Document) -> bool:
    """A page that is only a .so include (plus comments)."""
    meaningful = [c for c in doc.children if not isinstance(c, N.Comment)]
    return bool(meaningful) and all(isinstance(c, N.Request) and c.name == "so" for c in meaningful)


def lint_text(text_bytes: bytes, path: str, checker: Checker, root: str | None = None) -> list[Diagnostic]:
    doc = parse_bytes(text_bytes, path, root if root is not None else tree_root(path), follow_so=False)
    if is_link_page(doc):
        return [d for d in checker.check_parse_only(doc)]
    return checker.check(doc, release=True)


def lint_path(path: str, checker: Checker, fix: bool = False, diff: bool = False) -> FileResult:
    result = FileResult(path)
    try:
        original = read_bytes(path)
    except OSError as exc:
        result.error = f"{path}: cannot read: {exc.strerror or exc}"
        return result
    try:
        diags = lint_text(original, path, checker)
    except Exception as exc:  # noqa: BLE001  a bug of manlint's must not cost the other files' findings
        result.error = f"{path}: internal error, the file was not checked: {_describe(exc)}"
        return result
    if (fix or diff) and any(d.fix is not None and d.fix.safe for d in diags):
        text, encoding, problems = decode_bytes(original)
        kinds = {p[0] for p in problems}
        if path.endswith(".gz"):
            result.error = f"{path}: cannot fix a compressed page"
        elif kinds & {"control-character", "utf16-input"}:
            # Decoding replaced bytes it cannot keep; writing back would lose them.
            result.error = f"{path}: not fixed: the file has control characters or is UTF-16"
        else:
            new_text = text
            for _round in range(MAX_FIX_ROUNDS):
                new_text, count = apply_edits(new_text, diags)
                if not count:
                    break
                result.fixed += count
                diags = lint_text(new_text.encode("utf-8"), path, checker)
                if not any(d.fix is not None and d.fix.safe for d in diags):
                    break
            if new_text != text:
                if diff:
                    result.diff = "".join(difflib.unified_diff(
                        text.splitlines(True), new_text.splitlines(True),
                        f"a/{path}", f"b/{path}"))
                else:
                    try:
                        write_atomic(path, _restore_form(new_text, original, kinds),
                                     expect=original, encoding=encoding, raw=True)
                    except ChangedOnDisk:
                        result.error = f"{path}: changed on disk while it was being fixed; not written"
                    except OSError as exc:
                        result.error = f"{path}: cannot write: {exc.strerror or exc}"
    result.diagnostics = [d.detached() for d in diags]
    return result


def _describe(exc: Exception) -> str:
    """The exception and where it was raised (module and line), for a bug report."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = ""
    if tb is not None:
        code = tb.tb_frame.f_code
        module = tb.tb_frame.f_globals.get("__name__", "?")
        where = f" in {module}.{code.co_name}, line {tb.tb_lineno}"
    return f"{type(exc).__name__}: {exc}{where} (please report it)"


def _restore_form(text: str, original: bytes, kinds: set[str]) -> str:
    """Give fixed text back the line endings and byte-order mark the file had."""
    if "crlf-line-endings" in kinds and b"\r\n" in original:
        text = text.replace("\n", "\r\n")
    if "byte-order-mark" in kinds:
        text = "\ufeff" + text
    return text


MAN_SUFFIXES = tuple(str(n) for n in range(10)) + ("n", "l")


def looks_like_page(name: str) -> bool:
    if name.endswith(".gz"):
        name = name[:-3]
    base, dot, ext = name.rpartition(".")
    return bool(dot and base and ext[:1] in MAN_SUFFIXES and not name.startswith("."))


def expand_paths(paths: list[str], exclude: list[str] | None = None) -> list[str]:
    """Files named directly, and man pages (name.N[.gz]) below directories."""
    import fnmatch
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = os.path.join(dirpath, name)
                    if looks_like_page(name) and not os.path.islink(full):
                        if not any(fnmatch.fnmatch(full, pat) for pat in exclude or ()):
                            out.append(full)
        else:
            out.append(p)
    return out
