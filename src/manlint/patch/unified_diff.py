"""Parsing a unified diff: file headers, git extended headers and hunks, read by their declared counts.

``find_diff`` says where the diff starts in a list of lines and
``parse_diff`` reads the ``FileDiff``s from there.  Hunks are read by the
counts their ``@@`` header declares, the way GNU patch reads them; a hunk
whose body does not hold them (a mail or web copy that lost lines) is
refused with a ``PatchError`` that says what the body holds instead and
which later hunks of the same file are damaged too.
"""

from __future__ import annotations

import re

from .model import FileDiff, Hunk, PatchError
from .paths import DEV_NULL, git_diff_paths, unquote_path

# Lines that end a damaged hunk's body: an mbox From_ line (``mail`` splits mboxes at them),
# a hunk or file header, the mail signature, the chrome of a web page (``WEB_CHROME``).
MBOX_FROM = re.compile(r"^From \S+\s+.*\d{1,2}:\d\d(?::\d\d)?\b.*\d{4}\s*$")
HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$")
_GIT_EXT = re.compile(r"^(index |old mode |new mode |new file mode |deleted file mode |similarity index |"
                      r"dissimilarity index |rename from |rename to |copy from |copy to )")
WEB_CHROME = re.compile(r"\xa0|^\s*(?:Last update:|©|\(c\) \d{4})|^\s*\[[^\]]*\](?:\s*\[[^\]]*\])+")


def find_diff(lines: list[str]) -> int | None:
    for i, ln in enumerate(lines):
        if ln.startswith("diff --git "):
            return i
        if ln.startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ "):
            j = i
            while j > 0 and lines[j - 1].startswith(("diff ", "Index: ", "====")):
                j -= 1
            return j
    return None


def parse_diff(lines: list[str], nums: list[int], start: int, path: str,
                truncated_word: str | None = None, where: str | None = None) -> list[FileDiff]:
    files: list[FileDiff] = []
    cur: FileDiff | None = None
    i, n = start, len(lines)
    while i < n:
        ln = lines[i]
        if ln.startswith("diff --git "):
            old, new = git_diff_paths(ln)
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
                    cur.old_path = "a/" + unquote_path(ext.split(" from ", 1)[1])
                elif ext.startswith("rename to ") or ext.startswith("copy to "):
                    cur.new_path = "b/" + unquote_path(ext.split(" to ", 1)[1])
                i += 1
            if i < n and (lines[i].startswith("GIT binary patch") or lines[i].startswith("Binary files ")):
                raise PatchError(path, nums[i], f"binary diff for {cur.path}: binary patches are not supported")
            continue
        if ln.startswith("--- ") and i + 1 < n and lines[i + 1].startswith("+++ "):
            old, new = unquote_path(ln[4:]), unquote_path(lines[i + 1][4:])
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
        m = HUNK_HEADER.match(ln)
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
        if (HUNK_HEADER.match(ln) or ln.startswith("diff ") or ln == "-- " or MBOX_FROM.match(ln)
                or (ln.startswith("--- ") and j + 1 < len(lines) and lines[j + 1].startswith("+++ "))
                or WEB_CHROME.search(ln)):
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
        m = HUNK_HEADER.match(lines[k])
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
