"""The SQuAD evaluation: hit@k, scores, kinds of miss, split-half, baseline, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.answer.qa import QA
from bot.app import build_qa
from bot.config import load_config
from bot.frontends.baseline import PlainBM25
from bot.frontends.external import (
    RANKING,
    REFUSED_HELD,
    REFUSED_NONE,
    REFUSED_POOL,
    RETRIEVAL,
    Matcher,
    Outcome,
    ask,
    evaluate_squad,
    scores,
    to_text,
)
from bot.frontends.squad import SquadQuestion, cached_corpus, load_squad

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "squad_mini.json"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("squad_cache")


@pytest.fixture(scope="module")
def mini_qa(cache: Path) -> QA:
    """The QA service over the five articles of the fixture file."""
    return build_qa(
        load_config(ROOT / "config.yaml", env={}), cached_corpus(load_squad(MINI), cache)
    )


@pytest.fixture(scope="module")
def report(cache: Path) -> dict[str, object]:
    config = load_config(ROOT / "config.yaml", env={})
    return evaluate_squad(
        load_squad(MINI),
        lambda folder: build_qa(config, folder),
        cache,
        split_half=True,
        baseline=True,
    )


def test_matcher_folds_script_width_and_spaces(mini_qa: QA) -> None:
    matcher = Matcher(mini_qa)
    keys = matcher.keys(["東港鎮", "１９９８ 年"])
    assert matcher.rank(["纪念馆位于东港镇中山路。"], keys) == 1
    assert matcher.rank(["别处。", "于1998年开馆。"], keys) == 2
    assert matcher.rank(["别处。"], keys) is None


def _outcome(rank: int | None, em: float, f1: float, refused: bool = False) -> Outcome:
    return Outcome("id", "问", "what", ("甲",), refused, rank, None, em, f1, em, f1)


def test_scores_count_hits_within_one_and_three() -> None:
    outcomes = [
        _outcome(1, 1.0, 1.0),
        _outcome(3, 0.0, 0.5),
        _outcome(None, 0.0, 0.0, refused=True),
        _outcome(4, 0.0, 0.0),
    ]
    got = scores(outcomes)
    assert (got["hit1"], got["hit3"], got["refused"]) == (0.25, 0.5, 0.25)
    assert (got["em"], got["f1"]) == (0.25, 0.375)


def test_answer_outside_the_candidates_is_a_retrieval_miss(mini_qa: QA) -> None:
    # 芦苇丛's sentence shares no word with a question about the bridge.
    question = SquadQuestion("x", "青溪大桥什么时候正式通车？", ("芦苇丛",), 0)
    outcome = ask(mini_qa, question, Matcher(mini_qa))
    assert outcome.rank is None
    assert outcome.miss == (REFUSED_NONE if outcome.refused else RETRIEVAL)


def test_answer_among_the_candidates_is_a_ranking_miss(mini_qa: QA) -> None:
    question = SquadQuestion("x", "青溪大桥什么时候正式通车？", ("1160米",), 0)
    outcome = ask(mini_qa, question, Matcher(mini_qa))
    assert outcome.rank != 1
    # Its sentence follows the top one: among the candidates whatever the decision.
    assert outcome.miss in (RANKING, REFUSED_POOL, REFUSED_HELD)


def test_short_answers_get_the_official_scores(mini_qa: QA) -> None:
    question = SquadQuestion("x", "陳明遠紀念館於哪一年開館？", ("1998年", "1998"), 2)
    outcome = ask(mini_qa, question, Matcher(mini_qa))
    assert outcome.rank == 1 and outcome.qtype == "time"
    assert outcome.short == "1998年" and (outcome.em, outcome.f1) == (1.0, 1.0)


def test_report_scores_agree_with_its_outcomes(report: dict[str, object]) -> None:
    outcomes = report["outcomes"]
    assert isinstance(outcomes, list) and len(outcomes) == 11
    bot = report["bot"]
    assert isinstance(bot, dict)
    assert bot["hit1"] == sum(o["rank"] == 1 for o in outcomes) / 11
    assert bot["f1"] == pytest.approx(sum(o["f1"] for o in outcomes) / 11)
    misses = report["misses"]
    assert isinstance(misses, dict)
    assert sum(misses.values()) == sum(o["rank"] != 1 for o in outcomes)
    types = report["by_type"]
    assert isinstance(types, dict)
    assert sum(row["questions"] for row in types.values()) == 11


def test_split_half_asks_the_odd_articles_of_an_even_index(
    report: dict[str, object], cache: Path
) -> None:
    half = report["split_half"]
    assert isinstance(half, dict)
    squad = load_squad(MINI)
    odd = [q for q in squad.questions if q.article % 2 == 1]
    assert half["asked"] == len(odd) == 5
    qa = build_qa(load_config(ROOT / "config.yaml", env={}), cached_corpus(squad, cache, "even"))
    assert [d.source.title for d in qa.engine.documents] == [
        "青溪大桥",
        "陳明遠紀念館",
        "星火围棋社",
    ]
    answered = [q.question for q in odd if not qa.answer(q.question).abstained]
    assert [f["question"] for f in half["false_answers"]] == answered
    assert half["false_answer_rate"] == len(answered) / 5


def test_baseline_ranks_the_bots_sentences_and_never_refuses(mini_qa: QA) -> None:
    plain = PlainBM25(mini_qa)
    assert plain.sentences == [s.text for s in mini_qa.engine.sentences]
    assert plain.top("青溪大桥全长多少米", 1) == [
        "大桥全长1160米，总投资约6.5亿元，由青溪路桥集团负责施工。"
    ]
    assert len(plain.top("完全无关的问题", 3)) == 3


def test_text_report_names_both_rows(report: dict[str, object]) -> None:
    text = to_text(report)
    assert "plain BM25" in text and "split-half false answers" in text
    assert "evidence hit@1" in text and "short answer F1" in text


def test_cli_prints_the_json_report(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["eval", str(MINI), "--json", "--limit", "4", "--baseline", "--cache-dir", str(cache)]
    )
    assert code == 0
    got = json.loads(capsys.readouterr().out)
    assert len(got["outcomes"]) == 4 and got["bot"]["questions"] == 4
    assert 0.0 <= got["baseline"]["hit1"] <= 1.0
    assert "split_half" not in got


def test_cli_prints_the_text_report(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(MINI), "--split-half", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert "11 questions, 5 articles" in out and "split-half false answers" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", str(ROOT / "tests/data/heldout.yaml"), "--baseline"], "SQuAD JSON files only"),
        (["--corpus", str(ROOT / "corpus"), "eval", str(MINI)], "leave out --corpus"),
        (["eval", str(MINI), "--limit", "0"], "positive whole number"),
        (["eval", "missing.json"], "file not found"),
    ],
)
def test_cli_misuse_exits_2_with_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
