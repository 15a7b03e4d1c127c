"""Answer-quality floors on the development set and the held-out sets of the bundled articles.

The floors sit a little under today's scores. They were higher (dev hit@1 1.0) when the
ranking was tuned by hand on these same two articles; the ranker is now fitted on public
and blind news data instead (bot/data/ranker.json), which answers new articles far better
(docs/evaluation.md) and these two a little worse. Issue #12's targets for the bundled
articles (hit@1 >= 0.95, short answers >= 0.85, 11 of 12 unanswerable refused) are not met.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.qa import QA
from bot.frontends.evaluate import Report, evaluate, load_items

DEV = Path(__file__).resolve().parents[3] / "shared" / "qa" / "dev.yaml"
HELDOUT = [
    Path(__file__).resolve().parents[1] / "data" / n for n in ("heldout.yaml", "heldout2.yaml")
]


@pytest.fixture(scope="module")
def dev_report(qa: QA) -> Report:
    if not DEV.is_file():
        pytest.skip(f"development set not found at {DEV} (shared/ sits beside the repo in CI)")
    return evaluate(qa, load_items(DEV))


@pytest.fixture(scope="module")
def heldout_report(qa: QA) -> Report:
    return evaluate(qa, [item for path in HELDOUT for item in load_items(path)])


def test_dev_set_holds_up(dev_report: Report) -> None:
    assert dev_report.hit1 >= 0.75, dev_report.misses
    assert dev_report.hit3 >= 0.9, dev_report.misses
    assert dev_report.short_answer >= 0.75, dev_report.misses


def test_dev_set_unanswerable_questions_are_all_refused(dev_report: Report) -> None:
    assert dev_report.refusal_recall == 1.0, dev_report.misses
    # One answerable question is refused (2006年助学活动的主题是什么: 2006 and 主题 are not in
    # its sentence) since the question-stem fix of the third round, which gained on every
    # crossed source and on the held-out sets (docs/answer-method.md).
    assert dev_report.refusal_precision >= 6 / 7, dev_report.misses


def test_heldout_questions_hold_up(heldout_report: Report) -> None:
    assert heldout_report.hit1 >= 0.85, heldout_report.misses
    assert heldout_report.short_answer >= 0.9, heldout_report.misses


def test_heldout_unanswerable_questions_are_refused(heldout_report: Report) -> None:
    assert heldout_report.refusal_recall >= 0.8, heldout_report.misses


@pytest.mark.parametrize(
    ("question", "short"),
    [
        # 职务 names the kind of answer; the post answers it. Borderline for the fitted ranker:
        # it failed from the fourth session's refits until the one-character feature's.
        ("金政是什么职务", "市委书记"),
        ("唐一军是谁", "省委常委、市委书记、代市长"),  # a named person's role
        # Names joined by 、 answer "哪些" together: the series, not its last organisation.
        (
            "治堵哨兵志愿服务队由哪些单位联合成立",
            "团市委、市公安局交警大队、市文明办、市志愿者协会",
        ),
        ("菊花展在哪个镇", "龙山镇"),  # the asked kind (镇) picks the place; 展在 is jieba glue
        # No question word at all. The theme is the whole quotation (“提升供给质量、建设质量
        # 强国”); the hand-written reading used to stop at its first half.
        ("质量月的主题", "提升供给质量、建设质量强国"),
        ("工匠精神是什么", "一种敬业、勤业、精业的精神"),  # "X是什么" is a definition
        ("谁命名永康为质量强市示范城市", "国家质检总局"),
        pytest.param(
            "研究班是谁主办的",
            "中组部和国家质检总局",  # coordinated organisations
            marks=pytest.mark.xfail(
                strict=True,
                reason="the span model refitted with the news set picks the organisation next "
                "to 主办 (国家质检总局), not the pair: a regression of the refit, reported",
            ),
        ),
        pytest.param(
            "永康日报征订热线",
            "87138012",
            marks=pytest.mark.xfail(strict=True, reason="the headline outranks the number"),
        ),
        # Borderline for the fitted ranker: both the 稿源 line and the author line under the
        # headline hold only 唐一军, the title's word. Right again since the word factors
        # (职务 is seldom in its answer's sentence).
        ("唐一军的职务有哪些", "省委常委、市委书记、代市长"),  # the kind before 有哪些
        ("什么叫工匠精神", "一种敬业、勤业、精业的精神"),
        pytest.param(
            "供给侧结构性改革要怎么推进",
            "以创新驱动产业升级、提升发展质量",  # past an adverb
            marks=pytest.mark.xfail(
                strict=True,
                reason="span model (CMRC/DRCD) prefers the whole sentence for manner questions, "
                "as CMRC's gold answers often are: a regression of issue #12 item 5, reported",
            ),
        ),
        ("习近平总书记是怎么论述质量的", "‘十三五’时期中国发展,既要看速度,也要看增量,更要看质量"),
        ("研讨班一共多少人", "38名"),
    ],
)
def test_forms_found_while_probing_answer_as_expected(qa: QA, question: str, short: str) -> None:
    # Found by asking new phrasings of the bundled articles; each fix was to the method.
    assert qa.answer(question).answer == short
