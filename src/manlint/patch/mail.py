"""Reading patches out of mail: an mbox series or one message, its headers, its MIME body.

``parse_mbox`` splits an mbox the way git mailsplit does and orders a
complete ``[PATCH n/m]`` series by number; ``parse_mail`` reads one
message: its headers (overridden, as git am does, by From/Date/Subject
lines opening the body), a quoted-printable, base64 or multipart body, the
commit message up to the ``---`` line or diffstat, and the diff after it.
"""

from __future__ import annotations

import email
import email.policy
import re

from .model import Message, Patch, PatchError
from .unified_diff import MBOX_FROM, WEB_CHROME, find_diff, parse_diff

SERIES_NO = re.compile(r"\[[^\]]*?\b(\d+)/(\d+)\s*\]")
_DIFFSTAT = re.compile(r"^\s*\S.*\s\|\s+(?:\d+ [-+]*|Bin .*)$|^\s*\d+ files? changed")


def has_mail_headers(lines: list[str]) -> bool:
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


def parse_mbox(lines: list[str], path: str) -> list[Patch]:
    # git mailsplit's rule: any line that looks like a From_ line starts a message
    # (cat *.patch makes mboxes without the blank line before it)
    starts = [i for i, ln in enumerate(lines) if MBOX_FROM.match(ln)]
    patches: list[Patch] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        last = k + 1 == len(starts)
        patch = parse_mail(lines, start + 1, end, path, k + 1, in_mbox=True, last=last)
        if patch is not None:
            patches.append(patch)
    if not patches:
        raise PatchError(path, None, f"no diff found in {len(starts)} mbox message(s)")
    total = patches[0].total
    if all(p.number and p.total == total for p in patches):
        patches.sort(key=lambda p: p.number)
    return patches


def parse_mail(lines: list[str], start: int, end: int, path: str, msg_no: int,
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
    dstart = find_diff(blines)
    if dstart is None:
        tag = re.search(r"\[[^\]]*PATCH[^\]]*\]", subject, re.IGNORECASE)
        cover = SERIES_NO.search(subject)
        if tag and not (cover and int(cover.group(1)) == 0) and not subject.lower().startswith("re:"):
            if in_mbox and last:
                raise PatchError(path, start + 1, f"truncated mbox: {where} ({subject}) ends before its diff")
            raise PatchError(path, start + 1, f"{where} ({subject}) holds no diff")
        return None
    message = build_message(subject, author, date, blines[:dstart])
    files = parse_diff(blines, nums, dstart, path, truncated_word="truncated mbox" if in_mbox else None,
                        where=where if in_mbox else None)
    patch = Patch(message, files, path, start_line=start if in_mbox else start + 1)
    m = SERIES_NO.search(subject)
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


def build_message(subject: str, author: str, date: str, pre: list[str]) -> Message:
    body_lines: list[str] = []
    for ln in pre:
        if ln.rstrip() == "---" or _DIFFSTAT.match(ln):
            break
        if WEB_CHROME.search(ln):
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
