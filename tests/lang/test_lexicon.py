"""The word lists agree where they must: one list's words are another's, no word in two kinds."""

from __future__ import annotations

from bot.lang.lexicon import (
    ATTRIBUTE_NOUNS,
    ATTRIBUTE_WH,
    CATEGORY_NOUNS,
    COUNTED_UNITS,
    FOLLOWUP_UNITS,
    KIND_WH,
    KIND_WH_EXTRACT,
    NUMBER_UNITS,
    PEOPLE_UNITS,
    QUESTION_WORDS,
    YEAR_WORDS,
)

PHRASES = {w for words in QUESTION_WORDS.values() for w in words}


def test_phrase_lists_name_only_question_phrases() -> None:
    # A word no question phrase equals (the old 什么样的) is silently never used.
    for words in (KIND_WH, KIND_WH_EXTRACT, ATTRIBUTE_WH, YEAR_WORDS):
        assert set(words) <= PHRASES, set(words) - PHRASES
    assert set(KIND_WH_EXTRACT) < set(KIND_WH)


def test_no_question_phrase_asks_for_two_types() -> None:
    listed = [w for words in QUESTION_WORDS.values() for w in words]
    assert len(listed) == len(set(listed))


def test_no_noun_names_two_kinds() -> None:
    for table in (CATEGORY_NOUNS, ATTRIBUTE_NOUNS):
        nouns = [w for words in table.values() for w in words]
        assert len(nouns) == len(set(nouns))


def test_measure_words_a_count_must_carry_are_units_a_number_can_have() -> None:
    assert set(COUNTED_UNITS) <= set(NUMBER_UNITS)
    assert set(FOLLOWUP_UNITS) <= set(NUMBER_UNITS)
    assert set(PEOPLE_UNITS) <= set(COUNTED_UNITS)
