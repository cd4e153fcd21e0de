"""The requests the roff reader interprets itself: strings, registers,
conditionals, renaming, .so inclusion and the control characters.

Each handler takes the reader and the line's parts and yields the
InputLines that replace it (generators, like the reader's own line
interpreter); ``REQUESTS`` maps request names to handlers.
"""

from __future__ import annotations

import functools
import math
import os

from ..source import Origin, SourceFile
from . import decode as _decode
from .args import request_rest
from .conditions import ConditionError, evaluate_condition
from .expr import ExprError, evaluate
from .limits import MAX_DEFINITIONS_SIZE, MAX_SO_DEPTH
from .reader import InputLine, Reader


# ---- requests handled here -------------------------------------------------

def _req_ds(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    parts = text[rest_at:].split(None, 1) if rest_at < len(text) else []
    if not parts:
        return
    sname = parts[0]
    value = text[rest_at + len(sname):].lstrip(" \t")
    if value.startswith('"'):
        value = value[1:]
    value = value.replace(self.escape_char * 2, self.escape_char)
    value = self._strip_braces(value)
    self.definitions_size += len(value)
    if self.definitions_size > MAX_DEFINITIONS_SIZE:
        self._report_at("expansion-limit", src, logical, offset, origin,
                        what=f"definitions larger than {MAX_DEFINITIONS_SIZE} characters")
        return
    if name in ("as", "as1") and sname in self.strings:
        value = self.strings[sname][0] + value
    line, _c = logical.locate(offset)
    self.strings[sname] = (value, Origin("string", sname, src, line))
    yield InputLine("control", src, logical, offset, text, name, [(sname, offset + rest_at)], origin)


def _roff_words(text: str, esc: str) -> list[str]:
    """``text`` split at white space that no escape holds: "\\w'1896-01-13  'u+2"
    is one word (a width escape measures the text between its delimiters)."""
    words, word, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if c == esc and i + 2 < n and text[i + 1] in "wbovhlLDXZR" and text[i + 2] not in "([":
            close = text.find(text[i + 2], i + 3)
            end = n if close < 0 else close + 1
            word.append(text[i:end])
            i = end
            continue
        if c in " \t":
            if word:
                words.append("".join(word))
                word = []
        else:
            word.append(c)
        i += 1
    if word:
        words.append("".join(word))
    return words


def _req_nr(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    parts = _roff_words(self._strip_braces(text[rest_at:]), self.escape_char)
    if len(parts) >= 2:
        self.request = (src, logical, offset + rest_at, origin)
        try:
            rname, expr_text = parts[0], self.plain(parts[1])
        finally:
            self.request = None
        try:
            if expr_text[:1] in "+-" and rname in self.registers:
                value = self.registers[rname] + evaluate(expr_text, "u")
            else:
                value = evaluate(expr_text, "u")
            if not math.isfinite(value):
                raise OverflowError(expr_text)
            self.registers[rname] = value
        except (ExprError, OverflowError, ZeroDivisionError):
            self._report_at("bad-number", src, logical, offset + rest_at, origin,
                            text=expr_text, name=name)
    yield InputLine("control", src, logical, offset, text, name,
                    [(p, offset + rest_at) for p in parts], origin)


def _req_rm(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    for n in text[rest_at:].split():
        if name == "rr":
            self.registers.pop(n, None)
        else:
            self.macros.pop(n, None)
            self.strings.pop(n, None)
    return
    yield


def _req_rn(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    parts = text[rest_at:].split()
    if len(parts) >= 2:
        old, new = parts[0], parts[1]
        if name == "als":
            new, old = parts[0], parts[1]
        for table in (self.macros, self.strings):
            if old in table:
                table[new] = table[old]
                if name == "rn":
                    del table[old]
    return
    yield


def _cond_line(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it, result):
    """Run or skip the body of a conditional that starts at ``rest_at``."""
    esc = self.escape_char
    body_at = rest_at
    n = len(text)
    while body_at < n and text[body_at] in " \t":
        body_at += 1
    opens = text.startswith(esc + "{", body_at)
    if opens:
        body_at += 2
        while body_at < n and text[body_at] in " \t":
            body_at += 1
    if result:
        if body_at < n:
            yield from self._line(src, logical, offset + body_at, origin, depth, it)
        return
    if opens or _opens_brace(text[body_at:], esc):
        depth_count = 1 + _brace_balance(text[body_at:], esc) if opens else _brace_balance(text[body_at:], esc)
        while depth_count > 0:
            nxt = next(it, None)
            if nxt is None:
                self._report_at("unclosed-brace", src, logical, offset, origin)
                return
            depth_count += _brace_balance(nxt.text, esc)


def _opens_brace(text: str, esc: str) -> bool:
    return _brace_balance(text, esc) > 0


def _brace_balance(text: str, esc: str) -> int:
    if esc + "{" not in text and esc + "}" not in text:
        return 0
    t = text.replace(esc + esc, "")
    return t.count(esc + "{") - t.count(esc + "}")


def _req_if(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    self.request, self._probing = (src, logical, offset + rest_at, origin), True
    try:
        result, after = evaluate_condition(text, rest_at, self)
    except ConditionError as exc:
        self._report_at("bad-condition", src, logical, offset + rest_at, origin, detail=str(exc))
        result, after = False, len(text)
    finally:
        self.request, self._probing = None, False
    if name == "ie":
        self.ie_results.append(result)
    elif name == "while":
        self._report_at("unsupported-request", src, logical, offset, origin, name=name)
        result = False
    yield InputLine("control", src, logical, offset, text[:after], name,
                    [(text[rest_at:after].strip(), offset + rest_at)], origin)
    yield from _cond_line(self, src, logical, offset, text, name, after, origin, depth, it, result)


def _req_el(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    if self.ie_results:
        result = not self.ie_results.pop()
    else:
        self._report_at("el-without-ie", src, logical, offset, origin)
        result = False
    yield InputLine("control", src, logical, offset, text[:rest_at], name, [], origin)
    yield from _cond_line(self, src, logical, offset, text, name, rest_at, origin, depth, it, result)


@functools.lru_cache(maxsize=64)
def _real_root(root: str) -> str:
    # The same tree root for every page of a run: resolved once (the target
    # itself is resolved every time, since that is what confines it).
    return os.path.realpath(root)


def _req_so(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    target = request_rest(text, rest_at).strip()
    yield InputLine("control", src, logical, offset, text, name, [(target, offset + rest_at)], origin)
    if not target:
        return
    where = (src, logical, offset + rest_at, origin)
    if self.root is None or os.path.isabs(target) or ".." in target.replace("\\", "/").split("/"):
        self._report_at("so-outside-tree", *where, target=target)
        return
    root = _real_root(self.root)
    path = os.path.realpath(os.path.join(root, target))
    if not (path == root or path.startswith(root + os.sep)):
        self._report_at("so-outside-tree", *where, target=target)
        return
    if not os.path.isfile(path):
        for alt in (path + ".gz",):
            if os.path.isfile(alt):
                path = alt
                break
        else:
            self._report_at("so-not-found", *where, target=target)
            return
    if not self.follow_so:
        return  # the target exists; reading it is not wanted (lint reads each file once)
    if path in self.so_stack or path == os.path.realpath(src.path):
        self._report_at("so-cycle", *where, target=target)
        return
    if len(self.so_stack) >= MAX_SO_DEPTH:
        self._report_at("expansion-limit", *where, what=f".so nested deeper than {MAX_SO_DEPTH}")
        return
    try:
        data = _decode.read_bytes(path)
    except OSError:
        self._report_at("so-not-found", *where, target=target)
        return
    text2, enc, problems = _decode.decode_bytes(data)
    inc = SourceFile(os.path.normpath(os.path.join(self.root, target)), text2, enc)
    for key, line, col, kw in problems:
        self.reporter.report(key, inc, line, col, **kw)
    self.so_files.append(inc)
    self.so_stack.append(path)
    try:
        line, _c = logical.locate(offset)
        yield from self._feed(inc, inc.lines, 1, Origin("so", target, src, line, origin), depth + 1)
    finally:
        self.so_stack.pop()


def _req_unsupported(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    self._report_at("unsupported-request", src, logical, offset, origin, name=name)
    yield InputLine("control", src, logical, offset, text, name, [], origin)


def _req_cc(self: Reader, src, logical, offset, text, name, rest_at, origin, depth, it):
    arg = text[rest_at:rest_at + 1]
    if name == "cc":
        self.cc = arg or "."
    elif name == "c2":
        self.c2 = arg or "'"
    elif name == "ec":
        self.escape_char = arg or "\\"
    elif name == "eo":
        # Escapes off: use a character no page contains.
        self.escape_char = "\uffff"
    yield InputLine("control", src, logical, offset, text, name, [(arg, offset + rest_at)], origin)


REQUESTS = {
    "ds": _req_ds, "ds1": _req_ds, "as": _req_ds, "as1": _req_ds,
    "nr": _req_nr, "rm": _req_rm, "rr": _req_rm, "rn": _req_rn, "als": _req_rn,
    "if": _req_if, "ie": _req_if, "el": _req_el, "while": _req_if,
    "so": _req_so, "mso": _req_unsupported, "cc": _req_cc, "c2": _req_cc,
    "ec": _req_cc, "eo": _req_cc,
}
