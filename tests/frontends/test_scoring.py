"""CMRC 2018's official EM and F1, against values worked out by hand and against NLTK."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

try:  # the reference the word cuts are checked against (a dev dependency)
    from nltk.tokenize import NLTKWordTokenizer
except ImportError:  # pragma: no cover
    NLTKWordTokenizer = None

from bot.frontends.scoring import (
    em_score,
    f1_score,
    find_lcs,
    mixed_segmentation,
    remove_punctuation,
)


def test_segments_are_cjk_characters_and_latin_or_number_words() -> None:
    assert mixed_segmentation("Windows XP系统, 3.5%") == [
        "windows", "xp", "系", "统", ",", "3.5", "%"
    ]  # fmt: skip
    assert mixed_segmentation("《红楼梦》：1,000册", rm_punc=True) == [
        "红",
        "楼",
        "梦",
        "1,000",
        "册",
    ]
    # The list's punctuation is a segment of its own unless removed.
    assert mixed_segmentation("甲、乙") == ["甲", "、", "乙"]


def test_remove_punctuation_keeps_inner_spaces_and_lone_ellipsis() -> None:
    # As the official script: its list holds "……" as one entry, so "…" alone stays.
    assert remove_punctuation(" 《北京》：首都。 ") == "北京首都"
    assert remove_punctuation("北 京") == "北 京"
    assert remove_punctuation("等等…") == "等等…"


def test_lcs_is_contiguous() -> None:
    assert find_lcs(list("甲乙丙丁"), list("甲丙丁")) == 2
    assert find_lcs(list("甲乙"), []) == 0


def test_exact_match_after_punctuation_and_case() -> None:
    assert em_score(["《红楼梦》"], "红楼梦") == 1.0
    assert em_score(["IBM公司。"], "ibm公司") == 1.0
    assert em_score(["北 京"], "北京") == 0.0  # inner spaces count in the official EM
    assert em_score(["1,000"], "1000") == 0.0  # an ASCII comma is not in the list


def test_exact_match_takes_any_gold_answer() -> None:
    assert em_score(["周德山", "退休教师周德山"], "退休教师周德山") == 1.0
    assert em_score(["周德山", "退休教师周德山"], "周") == 0.0


def test_f1_by_hand() -> None:
    # gold 2008 年 8 月 15 日 (6 segments), prediction 2008 年 8 月 (4): P 1, R 4/6.
    assert f1_score(["2008年8月15日"], "2008年8月") == pytest.approx(0.8)
    # Contiguous run 丙丁: P 2/3, R 2/4 → 4/7.
    assert f1_score(["甲乙丙丁"], "甲丙丁") == pytest.approx(4 / 7)
    # Punctuation of the list is dropped before counting; spaces split Latin words only.
    assert f1_score(["《红楼梦》"], "红楼梦。") == 1.0
    assert f1_score(["Bee Gees乐队"], "bee gees") == pytest.approx(2 * (2 / 4) / (1 + 2 / 4))


def test_f1_is_the_best_over_gold_answers() -> None:
    # 南岭植物园 (5) vs 植物园 (3): P 1, R 3/5 → 0.75; 植物园 alone matches fully.
    assert f1_score(["南岭植物园"], "植物园") == pytest.approx(0.75)
    assert f1_score(["南岭植物园", "植物园"], "植物园") == 1.0


def test_refusal_or_missing_answer_scores_zero() -> None:
    assert em_score(["甲"], None) == 0.0
    assert f1_score(["甲"], None) == 0.0
    assert f1_score(["甲"], "") == 0.0
    assert f1_score(["甲"], "乙") == 0.0


# What reaches the word tokenizer: runs without CJK and without the list's punctuation.
_PIECES = list("ab Z09.,;'\"()[]{}<>!?$%&@#–«»‘") + ["n't", "'s", "...", "cannot", " 'tis"]
_RUN = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join)


@pytest.mark.skipif(NLTKWordTokenizer is None, reason="nltk (dev extra) is not installed")
@settings(max_examples=300, deadline=None)
@given(_RUN)
def test_latin_runs_are_cut_as_nltk_cuts_them(run: str) -> None:
    # mixed_segmentation lower-cases first; a run is one sentence to NLTK's word tokenizer.
    assert mixed_segmentation(run) == NLTKWordTokenizer().tokenize(run.lower().strip())
