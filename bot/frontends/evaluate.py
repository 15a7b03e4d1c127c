"""Score the QA service on a question file in shared/qa/dev.yaml's format."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.answer.qa import QA
from bot.frontends.render import near_whole
from bot.model import Answer


class EvalFileError(ValueError):
    """The question file is missing or not in the expected format."""


@dataclass(frozen=True)
class Item:
    question: str
    expect: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    answerable: bool = True


@dataclass
class Report:
    hit1: float = 0.0
    hit3: float = 0.0
    mrr: float = 0.0
    short_answer: float = 0.0
    # The same, not counting an answer of near the whole evidence sentence: "contains" would
    # otherwise score a sentence given as the short answer as right.
    short_answer_strict: float = 0.0
    refusal_accuracy: float = 0.0
    refusal_precision: float = 0.0
    refusal_recall: float = 0.0
    answerable: int = 0
    unanswerable: int = 0
    misses: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def fold(text: str) -> str:
    """Compare form: NFKC (full-width → half-width) with all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def load_items(path: Path) -> list[Item]:
    """Read a question file: `answerable` items with expect/answer, `unanswerable` strings."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvalFileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalFileError(f"{path}: cannot read: {str(exc).splitlines()[0]}") from None
    if not isinstance(raw, dict):
        raise EvalFileError(f"{path}: expected keys 'answerable' and 'unanswerable'")
    items = []
    for i, entry in enumerate(raw.get("answerable") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
            raise EvalFileError(f"{path}: answerable[{i}] needs a string 'q'")
        expect = entry.get("expect") or []
        answers = entry.get("answer") or []
        if not isinstance(expect, list) or not isinstance(answers, list):
            raise EvalFileError(f"{path}: answerable[{i}]: 'expect' and 'answer' must be lists")
        items.append(Item(entry["q"], tuple(map(str, expect)), tuple(map(str, answers))))
    for i, q in enumerate(raw.get("unanswerable") or []):
        if not isinstance(q, str):
            raise EvalFileError(f"{path}: unanswerable[{i}] must be a string")
        items.append(Item(q, answerable=False))
    if not items:
        raise EvalFileError(f"{path}: no questions")
    return items


def _rank(answer: Answer, expect: tuple[str, ...]) -> int | None:
    if answer.abstained or not answer.sentence:
        return None
    keys = [fold(k) for k in expect]
    sentences = [answer.sentence] + [a.sentence for a in answer.alternatives]
    for rank, sentence in enumerate(sentences, 1):
        if any(k in fold(sentence) for k in keys):
            return rank
    return None


def evaluate(qa: QA, items: list[Item]) -> Report:
    """Run every question and compute hit@1, hit@3, MRR, short-answer and refusal scores."""
    report = Report()
    hit1 = hit3 = rr = 0.0
    short_total = short_ok = short_strict = 0
    refused_right = refused_all = 0
    for item in items:
        answer = qa.answer(item.question)
        refused_all += answer.abstained
        if not item.answerable:
            report.unanswerable += 1
            refused_right += answer.abstained
            if not answer.abstained:
                report.misses.append(
                    {"question": item.question, "kind": "should refuse", "got": answer.sentence}
                )
            continue
        report.answerable += 1
        rank = _rank(answer, item.expect)
        hit1 += rank == 1
        hit3 += rank is not None and rank <= 3
        rr += 1 / rank if rank else 0
        if rank != 1:
            report.misses.append(
                {
                    "question": item.question,
                    "kind": "wrong sentence",
                    "got": answer.sentence or f"(refused: {answer.reason})",
                    "expect": list(item.expect),
                }
            )
        if item.answers:
            short_total += 1
            ok = bool(answer.answer) and any(
                fold(a) in fold(answer.answer or "") for a in item.answers
            )
            short_ok += ok
            short_strict += ok and not near_whole(answer.answer or "", answer.sentence or "")
            if not ok and rank == 1:
                report.misses.append(
                    {
                        "question": item.question,
                        "kind": "short answer",
                        "got": answer.answer,
                        "expect": list(item.answers),
                    }
                )
    n = report.answerable or 1
    report.hit1, report.hit3, report.mrr = hit1 / n, hit3 / n, rr / n
    report.short_answer = short_ok / short_total if short_total else 0.0
    report.short_answer_strict = short_strict / short_total if short_total else 0.0
    report.refusal_accuracy = refused_right / report.unanswerable if report.unanswerable else 1.0
    report.refusal_recall = report.refusal_accuracy
    report.refusal_precision = refused_right / refused_all if refused_all else 1.0
    return report


def to_text(report: Report) -> str:
    lines = [
        f"answerable {report.answerable}, unanswerable {report.unanswerable}",
        f"hit@1 {report.hit1:.3f}  hit@3 {report.hit3:.3f}  MRR {report.mrr:.3f}",
        f"short answer {report.short_answer:.3f}  "
        f"(not near the whole sentence {report.short_answer_strict:.3f})",
        f"refusal accuracy {report.refusal_accuracy:.3f}  precision "
        f"{report.refusal_precision:.3f}  recall {report.refusal_recall:.3f}",
    ]
    for miss in report.misses:
        lines.append(
            f"MISS [{miss['kind']}] {miss['question']} → {miss['got']}"
            + (f"  (expected {miss['expect']})" if "expect" in miss else "")
        )
    return "\n".join(lines)
