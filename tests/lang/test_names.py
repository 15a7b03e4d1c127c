"""Names told by dictionary tags, and the index's record of which of its words are names."""

from __future__ import annotations

import pytest

from bot.answer.qa import QA
from bot.lang.names import ORG, PERSON, PLACE, is_name, kinds_of


@pytest.mark.parametrize(
    ("word", "tag", "kinds"),
    [
        ("金政", "nr", PERSON),
        ("永康", "ns", PLACE),
        ("国家质检总局", "nt", ORG),
        ("宁波日报", "n", ORG),  # an organisation's suffix on a noun
        ("宁波日报", "v", 0),  # ...but not on a verb
        ("王", "nr", 0),  # one character names no one
        ("局", "nt", ORG),
        ("质量", "n", 0),
        ("质量", "", 0),
    ],
)
def test_kinds_follow_the_dictionary_tag(word: str, tag: str, kinds: int) -> None:
    assert kinds_of(word, tag) == kinds


def test_the_index_records_the_kinds_of_each_of_its_words(qa: QA) -> None:
    engine = qa.engine
    seen = {PERSON: 0, PLACE: 0, ORG: 0}
    for word, tid in engine.index.vocab.items():
        stored = int(engine.word_kinds[tid])
        for kind, bit in (("person", PERSON), ("place", PLACE), ("org", ORG)):
            assert bool(stored & bit) == is_name(word, kind, qa.tokenizer), (word, kind)
            seen[bit] += bool(stored & bit)
    assert all(seen.values())  # the bundled articles name people, places and organisations
