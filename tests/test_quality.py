"""Answer-quality floors: issue targets on the development set, and a held-out set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer import QA
from bot.evaluate import Report, evaluate, load_items

DEV = Path(__file__).resolve().parents[2] / "shared" / "qa" / "dev.yaml"
HELDOUT = Path(__file__).resolve().parent / "data" / "heldout.yaml"


@pytest.fixture(scope="module")
def dev_report(qa: QA) -> Report:
    if not DEV.is_file():
        pytest.skip(f"development set not found at {DEV} (shared/ sits beside the repo in CI)")
    return evaluate(qa, load_items(DEV))


@pytest.fixture(scope="module")
def heldout_report(qa: QA) -> Report:
    return evaluate(qa, load_items(HELDOUT))


def test_dev_set_meets_the_targets(dev_report: Report) -> None:
    assert dev_report.hit1 >= 0.95, dev_report.misses
    assert dev_report.hit3 == 1.0, dev_report.misses
    assert dev_report.short_answer >= 0.85, dev_report.misses


def test_dev_set_unanswerable_questions_are_all_refused(dev_report: Report) -> None:
    assert dev_report.refusal_recall == 1.0, dev_report.misses
    assert dev_report.refusal_precision == 1.0, dev_report.misses


def test_heldout_questions_hold_up(heldout_report: Report) -> None:
    # Questions the method was not tuned on; the floor sits a little under today's score.
    assert heldout_report.hit1 >= 0.85, heldout_report.misses
    assert heldout_report.short_answer >= 0.85, heldout_report.misses


def test_heldout_unanswerable_questions_are_all_refused(heldout_report: Report) -> None:
    assert heldout_report.refusal_recall == 1.0, heldout_report.misses
