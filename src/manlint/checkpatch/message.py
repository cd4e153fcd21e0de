"""Checks of a patch's commit message: subject form, sign-off, spelling."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic, MessageDef, Severity

SUBJECT_FORM = MessageDef(
    "PT001", "subject-form", Severity.WARNING, "subject {subject!r} is not in the form 'page.N: summary'",
    "man-pages commit subjects name the page first: 'mmap.2: Document MAP_FIXED_NOREPLACE'. "
    "Several pages: 'mmap.2, mprotect.2: ...'.\n\nExample:\n    Subject: [PATCH] document new flag\n\n"
    "Use instead:\n    Subject: [PATCH] mmap.2: Document new MAP_FIXED_SAFE flag\n\nFix: none; edit by hand.")
MISSING_SIGNOFF = MessageDef(
    "PT002", "missing-signed-off-by", Severity.WARNING, "the commit message has no Signed-off-by line",
    "man-pages takes patches under the Developer's Certificate of Origin; every patch carries "
    "'Signed-off-by: Name <address>'.\n\nExample: a message ending with the body text.\n\n"
    "Use instead:\n    Signed-off-by: A. Author <a@example.org>\n\nFix: none; add it with git commit -s.")
MESSAGE_SPELLING = MessageDef(
    "PT003", "message-misspelling", Severity.WARNING, "{word!r} in the commit message may be misspelled: {suggestion}",
    "The commit message is checked with codespell's list of common typos, and its words of six "
    "letters or more against an English word list (pyspellchecker's): an unknown word one edit "
    "away from a known one is reported.\n\n"
    "Example:\n    ... allows the caller to atomicaly probe ...\n\nUse instead:\n    ... atomically ...\n\n"
    "Fix: none; edit by hand.")
MESSAGES = [SUBJECT_FORM, MISSING_SIGNOFF, MESSAGE_SPELLING]

_SUBJECT = re.compile(r"^[\w.+-]+\.\d\w*(?:,\s*[\w.+-]+\.\d\w*)*:\s+\S")
_WORD = re.compile(r"(?<![\w'<@.-])([A-Za-z][a-z]{2,})(?![\w@.-])")


def check_message(patch, path: str) -> list[Diagnostic]:
    from ..lint.rules.prose import misspellings
    from ..spelling import suggestion
    msg = patch.message
    if msg is None:
        return []
    out: list[Diagnostic] = []
    line = patch.start_line

    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            file_lines = fh.read().split("\n")
    except OSError:
        file_lines = []

    def add(mdef: MessageDef, at: int, word: str | None = None, **kw) -> None:
        col = 1
        snippet = None
        if word is not None:
            kw["word"] = word
            for k, text in enumerate(file_lines[at - 1:], at):
                if word in text:
                    at, col, snippet = k, text.index(word) + 1, text
                    break
        out.append(Diagnostic(mdef.code, mdef.name, mdef.severity, mdef.format(**kw), None, at, col,
                              at, col + (len(word) if word else 0), file=path, snippet=snippet))

    subject = re.sub(r"^\s*(?:re:\s*)*(?:\[[^\]]*\]\s*)*", "", msg.subject or "", flags=re.I)
    if subject and not _SUBJECT.match(subject):
        add(SUBJECT_FORM, line, subject=subject)
    if not msg.signed_off_by:
        add(MISSING_SIGNOFF, line)
    table = misspellings()
    for k, text in enumerate((msg.subject or "", msg.body or "")):
        for lineno, body_line in enumerate(text.split("\n")):
            if body_line.lower().startswith(("signed-off-by:", "cc:", "reviewed-by:", "acked-by:")):
                continue
            for m in _WORD.finditer(body_line):
                word = m.group(1)
                right = table.get(word.lower())
                if right is None and len(word) >= 6 and word.islower():
                    right = suggestion(word)
                if right:
                    add(MESSAGE_SPELLING, line, word=word, suggestion=right)
    return out
