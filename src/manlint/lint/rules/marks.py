"""Small slips of the written language: a sentence that ends twice ("described
below.."), a plural that takes an apostrophe and an s ("the threads's"), an
article that does not fit its word ("a internal field")."""

from __future__ import annotations

import re

from ...diagnostics import Edit, Fix, Severity
from ...spelling import english_words
from ..rule import Rule, register

# What may stand before a sentence's period: a word, a closing parenthesis or
# quote.  Anything else before ".." is something else: an ellipsis ("..."),
# a parent directory ("cd .." or "/.."), a range ("0 .. 9").
_ENDS_A_WORD = frozenset("abcdefghijklmnopqrstuvwxyz)'\"")


@register
class DoubledPeriod(Rule):
    """A sentence ends with two periods.

    An edit that added a period where one already stood ("is a no-op..",
    ".BR poll ()..").  Only two periods right after a word, a closing
    parenthesis or a quote, at the end of a word, count: an ellipsis has
    three, and ".." after a space or a slash is a directory.  The text of
    comments is read too (a note with a slip is copied into the next
    version).
    """
    code, name, severity = "PR009", "doubled-period", Severity.WARNING
    message = "two periods end the sentence"
    bad = "The call is then a no-op..\n"
    good = "The call is then a no-op.\n"
    fix = True

    def visit_Document(self, node, ctx):
        text = ctx.source.text
        at = text.find("..")
        if at < 0:
            return
        lines = ctx.lines
        nofill = ctx.nofill_lines
        line_start = 0
        lineno = 1
        while at >= 0:
            after = text[at + 2:at + 3]
            if at > 0 and text[at - 1] in _ENDS_A_WORD and after in ("", " ", "\t", "\n"):
                lineno += text.count("\n", line_start, at)
                line_start = text.rfind("\n", 0, at) + 1
                col = at - line_start + 1
                if lineno not in nofill and not lines[lineno - 1].startswith(("..", "'..")):
                    fix = Fix("delete the second period", (Edit(lineno, col + 1, lineno, col + 2, ""),))
                    ctx.report(self, lineno, col, col + 2, fix)
            at = text.find("..", at + 2)


@register
class PluralPossessive(Rule):
    """A possessive is written with both the plural s and the possessive 's
    ("the calling threads's user IDs").

    Mostly the singular was meant ("the calling thread's"), and sometimes the
    plural ("the threads' IDs"): the maintainers' fixes of the slip went to
    the singular every time, so the rule names both and applies neither.  A
    word counts as a plural when it is an English word ending in one s after
    a letter other than s or u (not "process", "status") whose singular is
    an English word too; names in capitals are left alone.  Off for whole
    pages: older pages keep the slip version after version; check-patch
    reports the ones a patch adds.
    """
    code, name, severity = "PR010", "plural-possessive", Severity.WARNING
    message = "{word}'s: write {singular}'s (one) or {word}' (several)"
    default_enabled = False  # check-patch applies it to new text
    bad = "It sets the calling threads's user IDs.\n"
    good = "It sets the calling thread's user IDs.\n"

    def visit_Document(self, node, ctx):
        text, starts, spans = ctx.prose_text()
        at = text.find("s's")
        if at < 0:
            return
        words = english_words(0)
        while at >= 0:
            start = at
            while start > 0 and text[start - 1].isalpha():
                start -= 1
            word = text[start:at + 1]
            end = at + 3
            ends_word = end == len(text) or not text[end].isalnum()
            if (len(word) > 3 and word.islower() and word[-2] not in "su" and ends_word
                    and word in words and word[:-1] in words):
                lineno, raw, col, tl = ctx.locate(starts, spans, at + 1)
                ctx.report(self, lineno, col + 1, col + 3, node=tl, word=word, singular=word[:-1])
            at = text.find("s's", at + 3)


_ARTICLE = re.compile(r"(?<![\w'\\.-])(an?|An?) ([a-z]{2,})\b(?![-'(])")
# Sounds the spelling does not give away: "a user", "a one-byte", "an hour".
_VOWEL_LETTERS, _CONSONANT_SOUND_VOWELS = "aeio", ("one", "once", "eu", "ewe")
# Words no article stands before: there "a" is a name ("where a and b are").
_NO_ARTICLE = frozenset({"and", "or", "of", "is", "in", "on", "at", "as", "if", "are", "again",
                         "also", "even", "only", "into", "onto", "each", "either", "every", "up"})


@register
class ArticleAgreement(Rule):
    """"a" before a vowel or "an" before a consonant ("a internal field",
    "an connection").

    Only English words are judged, so that names read letter by letter keep
    their article ("an fd", "an mmap() call"), and words starting with h or
    u are left alone ("an hour", "a user", "an unsigned").  Off for whole
    pages: older pages keep the slip version after version; check-patch
    reports the ones a patch adds.
    """
    code, name, severity = "PR011", "article-agreement", Severity.WARNING
    message = "write {wanted!r} before {word!r}"
    default_enabled = False  # check-patch applies it to new text
    bad = "This is a internal field.\n"
    good = "This is an internal field.\n"
    fix = True

    def visit_Document(self, node, ctx):
        text, starts, spans = ctx.prose_text()
        if "a " not in text and "A " not in text:
            return
        words = english_words(0)
        for m in _ARTICLE.finditer(text):
            article, word = m.group(1), m.group(2)
            if (word not in words or word in _NO_ARTICLE or word.startswith(_CONSONANT_SOUND_VOWELS)
                    or (article[0] == "A" and not _starts_sentence(text, m.start()))):
                continue  # (a capital A inside a sentence is a name: "port A of the card")
            first = word[0]
            if len(article) == 1 and first in _VOWEL_LETTERS:
                wanted = article + "n"
            elif len(article) == 2 and first not in _VOWEL_LETTERS + "hu" and first != "y":
                wanted = article[0]
            else:
                continue
            lineno, raw, col, tl = ctx.locate(starts, spans, m.start(1))
            fix = Fix(f"write {wanted}", (Edit(lineno, col + 1, lineno, col + 1 + len(article), wanted),))
            ctx.report(self, lineno, col + 1, col + 1 + len(article), fix, node=tl,
                       wanted=wanted, word=word)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" ")
    return not before or before[-1] in ".!?:\0\n"
