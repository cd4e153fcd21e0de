"""Reading patches: format-patch files, mbox series, plain diffs, diffs in mail or web copies.

Everything ends up as ``Patch`` objects: an optional ``Message`` (subject,
author, date, body, Signed-off-by lines) and the ``FileDiff``s of the
unified diff it carries.  Hunks are read by their declared counts, the way
GNU patch reads them; a hunk whose body does not hold what its header
declares (a mail or web copy that lost lines) is refused with a one-line
``PatchError`` naming the file, the line, the hunk and what is wrong.
"""

from __future__ import annotations

import email
import email.policy
import html
import os
import re
from dataclasses import dataclass, field


class PatchError(Exception):
    """A patch that cannot be read or applied.  ``str()`` is one line: ``path:line: message``."""

    def __init__(self, path: str | None, line: int | None, message: str):
        super().__init__(message)
        self.path = path or "<patch>"
        self.line = line
        self.message = " ".join(str(message).split())

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}: {self.message}"


@dataclass
class Message:
    subject: str
    author: str
    date: str
    body: str
    signed_off_by: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """The subject without its ``[PATCH n/m]`` prefix."""
        return _SUBJECT_TAG.sub("", self.subject, count=1).strip()


@dataclass
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    lines: list[tuple[str, str, int]]      # (' '|'+'|'-', text, line number in the patch file)
    header_line: int
    section: str = ""                      # the text after the closing @@
    old_no_newline: bool = False           # "\ No newline at end of file" on the old side
    new_no_newline: bool = False

    @property
    def old_lines(self) -> list[str]:
        return [t for op, t, _ in self.lines if op != "+"]

    @property
    def new_lines(self) -> list[str]:
        return [t for op, t, _ in self.lines if op != "-"]


@dataclass
class FileDiff:
    old_path: str            # as written, "a/man2/mmap.2" or "/dev/null"
    new_path: str
    hunks: list[Hunk] = field(default_factory=list)
    header_line: int = 0
    git: bool = False
    new_file: bool = False
    deleted_file: bool = False
    rename: bool = False

    @property
    def path(self) -> str:
        """The page the diff is for, relative to the tree: a/ and b/ stripped (p1)."""
        old, new = strip_paths(self.old_path, self.new_path)
        return old if self.deleted_file or new == DEV_NULL else new

    @property
    def source(self) -> str | None:
        """The page the diff reads (differs from ``path`` for a rename); None for a new file."""
        old, new = strip_paths(self.old_path, self.new_path)
        return None if self.new_file or old == DEV_NULL else old


def strip_paths(old: str, new: str) -> tuple[str, str]:
    """Strip the a/ and b/ prefixes (p1), or a first component both paths differ in."""
    def strip1(p: str) -> str:
        return p.split("/", 1)[1] if "/" in p else p
    if old == DEV_NULL and new == DEV_NULL:
        return old, new
    if old == DEV_NULL:
        return old, strip1(new) if new.startswith("b/") else new
    if new == DEV_NULL:
        return strip1(old) if old.startswith("a/") else old, new
    if old.startswith("a/") and new.startswith("b/"):
        return strip1(old), strip1(new)
    if "/" in old and "/" in new and old.split("/", 1)[0] != new.split("/", 1)[0] \
            and not old.startswith("/") and not new.startswith("/"):
        return strip1(old), strip1(new)
    return old, new


@dataclass
class Patch:
    message: Message | None
    files: list[FileDiff]
    source_path: str
    start_line: int = 1
    number: int | None = None     # n of "[PATCH n/m]"
    total: int | None = None

    @property
    def name(self) -> str:
        base = os.path.basename(self.source_path)
        return f"{base} [{self.number}/{self.total}]" if self.number and self.total else base


DEV_NULL = "/dev/null"
_SUBJECT_TAG = re.compile(r"^\s*(?:re:\s*)*\[[^\]]*\]\s*", re.IGNORECASE)
_SERIES_NO = re.compile(r"\[[^\]]*?\b(\d+)/(\d+)\s*\]")
_MBOX_FROM = re.compile(r"^From \S+\s+.*\d{1,2}:\d\d(?::\d\d)?\b.*\d{4}\s*$")
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$")
_HEADER_LINE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*:[ \t]|^[A-Za-z0-9][A-Za-z0-9-]*:$")
_DIFFSTAT = re.compile(r"^\s*\S.*\s\|\s+(?:\d+ [-+]*|Bin .*)$|^\s*\d+ files? changed")
_GIT_EXT = re.compile(r"^(index |old mode |new mode |new file mode |deleted file mode |similarity index |"
                      r"dissimilarity index |rename from |rename to |copy from |copy to )")
_CHROME = re.compile(r"\xa0|^\s*(?:Last update:|©|\(c\) \d{4})|^\s*\[[^\]]*\](?:\s*\[[^\]]*\])+")


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
    if _MBOX_FROM.match(first):
        return _parse_mbox(lines, path)
    if _looks_like_html(text, first):
        lines = _html_to_lines(text)
    if _HEADER_LINE.match(first) and _has_mail_headers(lines):
        patch = _parse_mail(lines, 0, len(lines), path, 1, in_mbox=False)
        if patch is None:
            raise PatchError(path, None, "no diff found in this message")
        return [patch]
    return [_parse_loose(lines, path)]


# ---- mail -------------------------------------------------------------------------

def _has_mail_headers(lines: list[str]) -> bool:
    names = set()
    for ln in lines:
        if not ln.strip():
            break
        m = re.match(r"^([A-Za-z-]+):", ln)
        if m:
            names.add(m.group(1).lower())
        elif not ln[:1].isspace():
            return False
    return bool(names & {"subject", "from"})


def _parse_mbox(lines: list[str], path: str) -> list[Patch]:
    # git mailsplit's rule: any line that looks like a From_ line starts a message
    # (cat *.patch makes mboxes without the blank line before it)
    starts = [i for i, ln in enumerate(lines) if _MBOX_FROM.match(ln)]
    patches: list[Patch] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        last = k + 1 == len(starts)
        patch = _parse_mail(lines, start + 1, end, path, k + 1, in_mbox=True, last=last)
        if patch is not None:
            patches.append(patch)
    if not patches:
        raise PatchError(path, None, f"no diff found in {len(starts)} mbox message(s)")
    total = patches[0].total
    if all(p.number and p.total == total for p in patches):
        patches.sort(key=lambda p: p.number)
    return patches


def _parse_mail(lines: list[str], start: int, end: int, path: str, msg_no: int,
                in_mbox: bool, last: bool = True) -> Patch | None:
    where = f"message {msg_no}" if in_mbox else "message"
    hend = start
    while hend < end and lines[hend].strip():
        hend += 1
    if hend >= end:
        raise PatchError(path, start + 1, f"truncated mbox: {where} ends inside its headers"
                         if in_mbox else "message ends inside its headers")
    raw_headers = "\n".join(lines[start:hend]) + "\n\n"
    head = email.message_from_string(raw_headers, policy=email.policy.default)
    subject = _header(head, "Subject")
    author = _header(head, "From")
    date = _header(head, "Date")
    cte = (head.get("Content-Transfer-Encoding") or "").strip().lower()
    ctype = head.get_content_type()
    if head.is_multipart() or ctype.startswith("multipart/") or cte in ("quoted-printable", "base64"):
        full = email.message_from_string(raw_headers + "\n".join(lines[hend + 1:end]) + "\n",
                                         policy=email.policy.default)
        try:
            body_text = _decoded_body(full)
        except UnicodeError:
            # the email package cannot decode a part that declares base64 or
            # quoted-printable but holds non-ASCII text: read the body as written
            body_text = "\n".join(lines[hend + 1:end])
        body = [(ln, hend + 2) for ln in body_text.split("\n")]   # numbers: the body's first line
    else:
        body = [(lines[i], i + 1) for i in range(hend + 1, end)]
    if in_mbox:
        body = [(ln[1:] if re.match(r"^>+From ", ln) else ln, n) for ln, n in body]
    # git am: "From:", "Date:", "Subject:" lines opening the body override the headers
    k = 0
    while k < len(body) and (m := re.match(r"^(From|Date|Subject): (.*)$", body[k][0])):
        value = m.group(2).strip()
        if m.group(1) == "From":
            author = value
        elif m.group(1) == "Date":
            date = value
        else:
            subject = value
        k += 1
    if k and k < len(body) and not body[k][0].strip():
        k += 1
    body = body[k:]
    blines = [b for b, _ in body]
    nums = [n for _, n in body]
    dstart = _find_diff(blines)
    if dstart is None:
        tag = re.search(r"\[[^\]]*PATCH[^\]]*\]", subject, re.IGNORECASE)
        cover = _SERIES_NO.search(subject)
        if tag and not (cover and int(cover.group(1)) == 0) and not subject.lower().startswith("re:"):
            if in_mbox and last:
                raise PatchError(path, start + 1, f"truncated mbox: {where} ({subject}) ends before its diff")
            raise PatchError(path, start + 1, f"{where} ({subject}) holds no diff")
        return None
    message = _message(subject, author, date, blines[:dstart])
    files = _parse_diff(blines, nums, dstart, path, truncated_word="truncated mbox" if in_mbox else None,
                        where=where if in_mbox else None)
    patch = Patch(message, files, path, start_line=start if in_mbox else start + 1)
    m = _SERIES_NO.search(subject)
    if m:
        patch.number, patch.total = int(m.group(1)), int(m.group(2))
    elif re.search(r"\[[^\]]*PATCH[^\]]*\]", subject, re.IGNORECASE):
        patch.number = patch.total = 1
    return patch


def _header(msg, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:            # a malformed header: keep its raw text
        value = None
        for k, v in msg.raw_items():
            if k.lower() == name.lower():
                value = v
    return " ".join(str(value).split()) if value is not None else ""


def _decoded_body(msg) -> str:
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype.startswith("text/") or ctype in ("application/x-patch", "application/x-diff"):
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset() or "utf-8"
            try:
                parts.append(payload.decode(charset, errors="surrogateescape"))
            except LookupError:
                parts.append(payload.decode("utf-8", errors="surrogateescape"))
    return "\n".join(p.replace("\r\n", "\n") for p in parts)


def _message(subject: str, author: str, date: str, pre: list[str]) -> Message:
    body_lines: list[str] = []
    for ln in pre:
        if ln.rstrip() == "---" or _DIFFSTAT.match(ln):
            break
        if _CHROME.search(ln):
            continue
        body_lines.append(ln.rstrip())
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    signed = [m.group(1).strip() for ln in body_lines
              if (m := re.match(r"^\s*Signed-off-by:\s*(.+)$", ln, re.IGNORECASE))]
    return Message(subject, _clean_person(author), date, "\n".join(body_lines), signed)


def _clean_person(who: str) -> str:
    return re.sub(r"\s*<\s*>", "", who).strip()


# ---- loose text: a plain diff, or a diff inside a web page copy --------------------

def _looks_like_html(text: str, first: str) -> bool:
    """A saved web page: it opens as HTML, or it holds no diff outside its <pre> blocks."""
    if re.match(r"\s*<(!doctype html|html|head)\b", first, re.IGNORECASE):
        return True
    low = text.lower()
    return "<pre" in low and "</pre>" in low and _find_diff(text.split("\n")) is None


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
    dstart = _find_diff(lines)
    if dstart is None:
        if any(_HUNK.match(ln) for ln in lines):
            n = next(i for i, ln in enumerate(lines) if _HUNK.match(ln))
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
        message = _message(fields["Subject"][1], fields.get("From", (0, ""))[1],
                           fields.get("Date", (0, ""))[1], pre[after:])
    files = _parse_diff(lines, list(range(1, len(lines) + 1)), dstart, path)
    patch = Patch(message, files, path)
    if message:
        m = _SERIES_NO.search(message.subject)
        if m:
            patch.number, patch.total = int(m.group(1)), int(m.group(2))
    return patch


# ---- the diff itself -------------------------------------------------------------

def _find_diff(lines: list[str]) -> int | None:
    for i, ln in enumerate(lines):
        if ln.startswith("diff --git "):
            return i
        if ln.startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "):
            j = i
            while j > 0 and lines[j - 1].startswith(("diff ", "Index: ", "====")):
                j -= 1
            return j
    return None


def _unquote(p: str) -> str:
    """A path as git or diff writes it: C-quoted when it holds odd characters; no timestamp."""
    p = p.rstrip("\n")
    if p.startswith('"'):
        m = re.match(r'^"((?:[^"\\]|\\.)*)"', p)
        if m:
            raw = m.group(1).encode("utf-8", "surrogateescape")
            out = bytearray()
            i = 0
            simple = {ord("n"): 10, ord("t"): 9, ord('"'): 34, ord("\\"): 92, ord("a"): 7,
                      ord("b"): 8, ord("f"): 12, ord("r"): 13, ord("v"): 11}
            while i < len(raw):
                c = raw[i]
                if c == 92 and i + 1 < len(raw):
                    d = raw[i + 1]
                    if 48 <= d <= 55:      # \ooo: up to three octal digits, as GNU patch reads them
                        j = i + 1
                        while j < min(i + 4, len(raw)) and 48 <= raw[j] <= 55:
                            j += 1
                        out.append(int(raw[i + 1:j], 8) & 0xFF)
                        i = j
                        continue
                    out.append(simple.get(d, d))
                    i += 2
                    continue
                out.append(c)
                i += 1
            return out.decode("utf-8", "surrogateescape")
    if "\t" in p:
        p = p.split("\t", 1)[0]
    return p.rstrip()


def _git_paths(line: str) -> tuple[str, str]:
    rest = line[len("diff --git "):]
    if rest.startswith('"'):
        m = re.match(r'^("(?:[^"\\]|\\.)*")\s+(.*)$', rest)
        if m:
            return _unquote(m.group(1)), _unquote(m.group(2))
    m = re.match(r"^(a/.*?) (b/.*)$", rest)
    if m:
        return m.group(1), m.group(2)
    half = rest.split(" ")
    mid = len(half) // 2
    return " ".join(half[:mid]), " ".join(half[mid:])


def _parse_diff(lines: list[str], nums: list[int], start: int, path: str,
                truncated_word: str | None = None, where: str | None = None) -> list[FileDiff]:
    files: list[FileDiff] = []
    cur: FileDiff | None = None
    i, n = start, len(lines)
    while i < n:
        ln = lines[i]
        if ln.startswith("diff --git "):
            old, new = _git_paths(ln)
            cur = FileDiff(old, new, header_line=nums[i], git=True)
            files.append(cur)
            i += 1
            while i < n and _GIT_EXT.match(lines[i]):
                ext = lines[i]
                if ext.startswith("new file mode"):
                    cur.new_file = True
                    cur.old_path = DEV_NULL
                elif ext.startswith("deleted file mode"):
                    cur.deleted_file = True
                    cur.new_path = DEV_NULL
                elif ext.startswith("rename from ") or ext.startswith("copy from "):
                    cur.rename = ext.startswith("rename")
                    cur.old_path = "a/" + _unquote(ext.split(" from ", 1)[1])
                elif ext.startswith("rename to ") or ext.startswith("copy to "):
                    cur.new_path = "b/" + _unquote(ext.split(" to ", 1)[1])
                i += 1
            if i < n and (lines[i].startswith("GIT binary patch") or lines[i].startswith("Binary files ")):
                raise PatchError(path, nums[i], f"binary diff for {cur.path}: binary patches are not supported")
            continue
        if ln.startswith("--- ") and i + 1 < n and lines[i + 1].startswith("+++ "):
            old, new = _unquote(ln[4:]), _unquote(lines[i + 1][4:])
            if cur is not None and cur.git and not cur.hunks and nums[i] > cur.header_line:
                cur.old_path, cur.new_path = old, new
                cur.new_file = cur.new_file or old == DEV_NULL
                cur.deleted_file = cur.deleted_file or new == DEV_NULL
            else:
                cur = FileDiff(old, new, header_line=nums[i], new_file=old == DEV_NULL,
                               deleted_file=new == DEV_NULL,
                               git=old.startswith("a/") and new.startswith("b/"))
                files.append(cur)
            i += 2
            continue
        m = _HUNK.match(ln)
        if m:
            if cur is None:
                raise PatchError(path, nums[i], "hunk without a file header (no '---'/'+++' lines before it)")
            i = _parse_hunk(lines, nums, i, m, cur, path, truncated_word, where)
            continue
        if ln.startswith("GIT binary patch") or ln.startswith("Binary files "):
            raise PatchError(path, nums[i], "binary diff: binary patches are not supported")
        if ln == "-- " and truncated_word is not None:
            break                                   # the mail signature after format-patch output
        i += 1
    if not files:
        raise PatchError(path, nums[start] if start < len(nums) else None, "no diff found")
    return files


def _parse_hunk(lines, nums, i, m, cur: FileDiff, path, truncated_word, where) -> int:
    old_start, new_start = int(m.group(1)), int(m.group(3))
    old_count = int(m.group(2)) if m.group(2) is not None else 1
    new_count = int(m.group(4)) if m.group(4) is not None else 1
    hunk = Hunk(old_start, old_count, new_start, new_count, [], nums[i], m.group(5).strip())
    number = len(cur.hunks) + 1
    need_old, need_new = old_count, new_count
    j, n = i + 1, len(lines)
    while need_old > 0 or need_new > 0:
        if j >= n:
            break
        ln = lines[j]
        op = ln[:1]
        if op == " " or ln == "":
            if need_old <= 0 or need_new <= 0:
                break
            hunk.lines.append((" ", ln[1:], nums[j]))
            need_old -= 1
            need_new -= 1
        elif op == "+":
            if need_new <= 0:
                break
            hunk.lines.append(("+", ln[1:], nums[j]))
            need_new -= 1
        elif op == "-":
            if need_old <= 0:
                break
            hunk.lines.append(("-", ln[1:], nums[j]))
            need_old -= 1
        elif op == "\\" and hunk.lines:
            _mark_no_newline(hunk)
        else:
            break
        j += 1
    if need_old > 0 or need_new > 0:
        raise _damaged(lines, nums, i, j, hunk, number, cur.path, path, truncated_word, where)
    if j < n and lines[j].startswith("\\"):
        _mark_no_newline(hunk)
        j += 1
    cur.hunks.append(hunk)
    return j


def _mark_no_newline(hunk: Hunk) -> None:
    op = hunk.lines[-1][0]
    if op in (" ", "-"):
        hunk.old_no_newline = True
    if op in (" ", "+"):
        hunk.new_no_newline = True


def _body_end(lines: list[str], i: int) -> int:
    """Where a damaged hunk's body plausibly ends: the next header, signature or web chrome."""
    j = i + 1
    while j < len(lines):
        ln = lines[j]
        if (_HUNK.match(ln) or ln.startswith("diff ") or ln == "-- " or _MBOX_FROM.match(ln)
                or (ln.startswith("--- ") and j + 1 < len(lines) and lines[j + 1].startswith("+++ "))
                or _CHROME.search(ln)):
            break
        j += 1
    while j > i + 1 and not lines[j - 1].strip():
        j -= 1
    return j


def _damaged(lines, nums, i, j, hunk: Hunk, number: int, target: str, path: str,
             truncated_word, where) -> PatchError:
    label = f"hunk {number} of {target}"
    if j >= len(lines):
        held = len(hunk.lines)
        declared = hunk.old_count + hunk.new_count - sum(1 for op, _, _ in hunk.lines if op == " ")
        msg = (f"{label} is cut short: the input ends after {held} of its lines "
               f"(header declares -{hunk.old_count} +{hunk.new_count})")
        if truncated_word:
            msg = f"{truncated_word}: {where + ' ' if where else ''}ends inside {label} " \
                  f"(header declares -{hunk.old_count} +{hunk.new_count}, the body holds {held} of {declared} lines)"
        return PatchError(path, nums[i], msg)
    end = _body_end(lines, i)
    body = lines[i + 1:end]
    added = sum(1 for ln in body if ln.startswith("+"))
    removed = sum(1 for ln in body if ln.startswith("-"))
    context = sum(1 for ln in body if ln.startswith(" ") or ln == "")
    bare = len(body) - added - removed - context - sum(1 for ln in body if ln.startswith("\\"))
    declared_ctx = hunk.old_count - removed
    declared_add = hunk.new_count - declared_ctx
    if declared_ctx < 0:
        what = f"declares {hunk.old_count} old lines but holds {removed} removed lines"
    elif declared_add != added:
        what = f"declares {declared_add} added lines but holds {added}"
    elif declared_ctx != context:
        what = f"declares {declared_ctx} context lines but holds {context}"
    else:
        what = f"has a line that is not a diff line at line {nums[j]}"
    extra = ""
    if bare:
        extra = f"; {bare} line{'s' if bare != 1 else ''} in its body lack{'' if bare != 1 else 's'} a diff prefix"
    damaged_more = _count_damaged_after(lines, end)
    if damaged_more:
        later = ", ".join(str(number + k) for k in damaged_more)
        extra += (f"; hunks {later} are damaged too" if len(damaged_more) > 1
                  else f"; hunk {later} is damaged too")
    return PatchError(path, nums[i], f"damaged patch: {label} {what}{extra} "
                                     f"(a mail or web copy that lost lines?)")


def _count_damaged_after(lines: list[str], k: int) -> list[int]:
    """Positions (1 = the next hunk) of the damaged hunks after line ``k``, in this file's diff."""
    found: list[int] = []
    pos = 0
    while k < len(lines):
        if lines[k].startswith("diff ") or (lines[k].startswith("--- ") and k + 1 < len(lines)
                                            and lines[k + 1].startswith("+++ ")):
            break
        m = _HUNK.match(lines[k])
        if not m:
            k += 1
            continue
        pos += 1
        end = _body_end(lines, k)
        body = lines[k + 1:end]
        old = sum(1 for ln in body if ln[:1] in (" ", "-") or ln == "")
        new = sum(1 for ln in body if ln[:1] in (" ", "+") or ln == "")
        if old != int(m.group(2) or 1) or new != int(m.group(4) or 1):
            found.append(pos)
        k = end if end > k else k + 1
    return found
