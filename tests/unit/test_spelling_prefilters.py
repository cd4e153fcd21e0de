"""The spelling rules' shortcuts must never hide a word the exact search finds.

PR001 and PR004 skip a page when ``may_hold_listed_word`` says no word of it
can be in codespell's table, and PR002 finds its candidates with one
case-folded search (``_doubled_matches``): random text checks both against
the exact patterns they stand in for.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from manlint import packed
from manlint.lint.rules import prose, spelling

TABLE = packed.PackedTable(packed.pack(
    {"teh": "the", "recieve": "receive", "doens't": "doesn't", "ue": "use", "wasn": "wasn't", "fizz": "fuzz"}, "test"))
PIECES = ["teh", "Teh", "TEH", "recieve", "Recieve", "doens't", "Doens't", "ue", "Ue", "wasn", "fizz",
          "the", "a", "é", "K", "\u212a", "İ", "x", "9", "_", "'", "-", "\\", "@", "/", ".", " ",
          "\n", "\0", "\t", "(", ")"]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)
prose.build_name_sets(TABLE)  # at once, not after the first pages of a run


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_listed_word_prefilter_keeps_every_listed_word(text):
    for pattern in (prose._WORD, spelling._WORD):
        listed = [w for w in pattern.findall(text) if TABLE.get(w.lower()) is not None]
        if listed:
            assert prose.may_hold_listed_word(text, TABLE), (text, listed)


def test_listed_word_prefilter_rules_out_clean_text():
    assert not prose.may_hold_listed_word("The value is used when it is received.", TABLE)
    assert prose.may_hold_listed_word("It doens't work.", TABLE)


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_doubled_word_candidates_find_what_the_exact_patterns_find(text):
    inline, across = prose._doubled_matches(text)
    assert [m.span() for m in inline] == [m.span() for m in prose._DOUBLED.finditer(text)]
    assert [m.span() for m in across] == [m.span() for m in prose._DOUBLED_ACROSS.finditer(text)]
