"""Score the bot on a SQuAD-format file by open retrieval over the file's own articles.

Every question is asked against the corpus of all the file's articles (see
`shared/qa/external/README.md`). Evidence matches when a sentence contains a gold answer
text after both are normalised as the bot matches text — NFKC (full width to half width),
OpenCC traditional to simplified — with all whitespace removed. Short answers are scored
with CMRC 2018's official EM and F1 (bot.frontends.scoring), on the texts as given.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bot.answer.qa import QA
from bot.frontends.baseline import PlainBM25
from bot.frontends.scoring import em_score, f1_score
from bot.frontends.squad import SquadFile, SquadQuestion, cached_corpus
from bot.model import Answer

# Kinds of miss (the top sentence lacks every gold answer), for error analysis.
REFUSED_HELD = "refused, best candidate held the answer"
REFUSED_POOL = "refused, answer in the candidate pool"
REFUSED_NONE = "refused, answer not among the candidates"
RANKING = "ranking: answer among the candidates, not first"
RETRIEVAL = "retrieval: answer not among the candidates"


@dataclass
class Outcome:
    """What happened to one question."""

    qid: str
    question: str
    qtype: str
    gold: tuple[str, ...]
    refused: bool
    rank: int | None  # 1-based place of the first evidence holding a gold answer, if shown
    short: str | None
    em: float
    f1: float
    em_folded: float  # EM and F1 with both sides in the bot's normal form (NFKC, simplified)
    f1_folded: float
    miss: str | None = None  # one of the kinds above when rank != 1
    sentence: str | None = None  # the top evidence
    reason: str = ""  # why the bot refused
    baseline_rank: int | None = None
    baseline_f1: float | None = None  # CMRC F1 of the baseline's whole top sentence


class Matcher:
    """Whether text contains a gold answer, both in the bot's matching form."""

    def __init__(self, qa: QA) -> None:
        self._normalizer = qa.normalizer

    def fold(self, text: str) -> str:
        return "".join(self._normalizer(text).split())

    def keys(self, answers: Iterable[str]) -> list[str]:
        return [k for k in (self.fold(a) for a in answers) if k]

    def rank(self, sentences: Sequence[str], keys: list[str]) -> int | None:
        for place, sentence in enumerate(sentences, 1):
            folded = self.fold(sentence)
            if any(k in folded for k in keys):
                return place
        return None


def qtype_name(answer: Answer) -> str:
    """The question type as plain text (a str, or an Enum's value)."""
    return str(getattr(answer.qtype, "value", answer.qtype))


def ask(qa: QA, question: SquadQuestion, matcher: Matcher) -> Outcome:
    """Ask one question and score the evidence and the short answer."""
    answer = qa.answer(question.question, explain=True)
    keys = matcher.keys(question.answers)
    folded = [qa.normalizer(a) for a in question.answers]
    shown = [] if answer.abstained or not answer.sentence else [answer.sentence]
    shown += [e.sentence for e in answer.alternatives]
    rank = matcher.rank(shown[:3], keys) if shown else None
    short = None if answer.abstained else answer.answer
    outcome = Outcome(
        qid=question.qid,
        question=question.question,
        qtype=qtype_name(answer),
        gold=question.answers,
        refused=answer.abstained,
        rank=rank,
        short=short,
        em=em_score(question.answers, short),
        f1=f1_score(question.answers, short),
        em_folded=em_score(folded, short and qa.normalizer(short)),
        f1_folded=f1_score(folded, short and qa.normalizer(short)),
        sentence=answer.sentence,
        reason=answer.reason,
    )
    if rank != 1:
        outcome.miss = _diagnose(qa, question.question, answer, keys, matcher)
    return outcome


def _diagnose(qa: QA, question: str, answer: Answer, keys: list[str], matcher: Matcher) -> str:
    """Why the top sentence lacks the answer: refusal, ranking or retrieval."""
    engine = qa.engine
    in_pool = any(matcher.rank([engine.norms[sid]], keys) for sid in qa.pool(question))
    if not answer.abstained:
        return RANKING if in_pool else RETRIEVAL
    ranking = answer.explain.ranking
    best = ranking[0].sentence if ranking else None
    if best is not None and matcher.rank([best], keys):
        return REFUSED_HELD
    return REFUSED_POOL if in_pool else REFUSED_NONE


def scores(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """hit@1, hit@3, EM, F1 and the refusal rate of a set of outcomes."""
    n = len(outcomes) or 1
    return {
        "questions": len(outcomes),
        "hit1": sum(o.rank == 1 for o in outcomes) / n,
        "hit3": sum(o.rank is not None and o.rank <= 3 for o in outcomes) / n,
        "em": sum(o.em for o in outcomes) / n,
        "f1": sum(o.f1 for o in outcomes) / n,
        "refused": sum(o.refused for o in outcomes) / n,
        "em_folded": sum(o.em_folded for o in outcomes) / n,
        "f1_folded": sum(o.f1_folded for o in outcomes) / n,
    }


def baseline_scores(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """The plain-BM25 row: hit@1, hit@3 and the F1 of its whole top sentence; never refuses."""
    n = len(outcomes) or 1
    return {
        "questions": len(outcomes),
        "hit1": sum(o.baseline_rank == 1 for o in outcomes) / n,
        "hit3": sum(o.baseline_rank is not None and o.baseline_rank <= 3 for o in outcomes) / n,
        "sentence_f1": sum(o.baseline_f1 or 0.0 for o in outcomes) / n,
        "refused": 0.0,
    }


def by_type(outcomes: Sequence[Outcome], baseline: bool) -> dict[str, dict[str, float | int]]:
    """Scores per question type (the bot's own analysis), most frequent type first."""
    groups: dict[str, list[Outcome]] = {}
    for o in outcomes:
        groups.setdefault(o.qtype, []).append(o)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    out = {}
    for qtype, group in ordered:
        row = scores(group)
        if baseline:
            row["baseline_hit1"] = baseline_scores(group)["hit1"]
        out[qtype] = row
    return out


def run_split_half(
    squad: SquadFile, build: Callable[[Path], QA], cache_dir: Path, limit: int | None
) -> dict[str, object]:
    """Index the even-position articles, ask the odd ones' questions: every answer is false."""
    qa = build(cached_corpus(squad, cache_dir, "even"))
    questions = [q for q in squad.questions if q.article % 2 == 1][:limit]
    false = []
    for q in questions:
        answer = qa.answer(q.question)
        if not answer.abstained:
            false.append({"question": q.question, "sentence": answer.sentence})
    return {
        "asked": len(questions),
        "answered": len(false),
        "false_answer_rate": len(false) / (len(questions) or 1),
        "false_answers": false,
    }


def evaluate_squad(
    squad: SquadFile,
    build: Callable[[Path], QA],
    cache_dir: Path,
    *,
    limit: int | None = None,
    split_half: bool = False,
    baseline: bool = False,
) -> dict[str, object]:
    """The whole report of a SQuAD file as plain data (see to_text for reading it)."""
    started = time.perf_counter()
    qa = build(cached_corpus(squad, cache_dir, "all"))
    build_seconds = time.perf_counter() - started
    matcher = Matcher(qa)
    questions = squad.questions[:limit]
    started = time.perf_counter()
    outcomes = [ask(qa, q, matcher) for q in questions]
    ask_seconds = time.perf_counter() - started
    report: dict[str, object] = {
        "file": str(squad.path),
        "sha256": squad.digest,
        "articles": len(squad.articles),
        "sentences": len(qa.engine.sentences),
        "build_seconds": round(build_seconds, 2),
        "ask_seconds": round(ask_seconds, 2),
        "bot": scores(outcomes),
        "misses": dict(Counter(o.miss for o in outcomes if o.miss)),
    }
    if baseline:
        started = time.perf_counter()
        plain = PlainBM25(qa)
        for o in outcomes:
            top = plain.top(o.question)
            o.baseline_rank = matcher.rank(top, matcher.keys(o.gold))
            o.baseline_f1 = f1_score(o.gold, top[0] if top else None)
        report["baseline"] = baseline_scores(outcomes)
        report["baseline_seconds"] = round(time.perf_counter() - started, 2)
    if split_half:
        started = time.perf_counter()
        report["split_half"] = run_split_half(squad, build, cache_dir, limit)
        report["split_half_seconds"] = round(time.perf_counter() - started, 2)
    report["by_type"] = by_type(outcomes, baseline)
    report["outcomes"] = [asdict(o) for o in outcomes]
    return report


def _pct(x: object) -> str:
    return f"{100 * x:.1f}" if isinstance(x, (int, float)) else "—"


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def to_text(report: dict[str, object]) -> str:
    """The report for people: the bot against plain BM25, kinds of miss, types, false answers."""
    bot, plain, half = (_dict(report.get(k)) for k in ("bot", "baseline", "split_half"))
    seconds = [f"{k.removesuffix('_seconds')} {v} s" for k, v in report.items() if "seconds" in k]
    lines = [
        f"{report['file']}: {bot['questions']} questions, {report['articles']} articles, "
        f"{report['sentences']} sentences",
        "time: " + ", ".join(seconds),
        "",
        f"{'(percent)':32}{'bot':>7}" + (f"{'plain BM25':>12}" if plain else ""),
    ]
    rows = [
        ("evidence hit@1", bot.get("hit1"), plain.get("hit1")),
        ("evidence hit@3", bot.get("hit3"), plain.get("hit3")),
        ("short answer EM", bot.get("em"), None),
        ("short answer F1", bot.get("f1"), None),
        ("  EM, both sides simplified", bot.get("em_folded"), None),
        ("  F1, both sides simplified", bot.get("f1_folded"), None),
        ("whole top sentence F1", None, plain.get("sentence_f1")),
        ("refused (answerable)", bot.get("refused"), plain.get("refused")),
    ]
    if half:
        rows.append(("split-half false answers", half["false_answer_rate"], 1.0))
    for label, mine, theirs in rows:
        if mine is not None or plain:
            lines.append(f"{label:32}{_pct(mine):>7}" + (f"{_pct(theirs):>12}" if plain else ""))
    if half:
        lines.append(f"  ({half['answered']} of {half['asked']} about unindexed articles answered)")
    misses = _dict(report.get("misses"))
    if misses:
        lines += ["", f"misses (top sentence lacks the answer): {sum(misses.values())}"]
        order = (REFUSED_HELD, REFUSED_POOL, REFUSED_NONE, RANKING, RETRIEVAL)
        lines += [f"{misses[k]:7d}  {k}" for k in order if k in misses]
    head = f"{'question type':16}{'n':>6}" + "".join(
        f"{h:>8}" for h in ("hit@1", "hit@3", "EM", "F1", "refused")
    )
    lines += ["", head + ("  BM25 hit@1" if plain else "")]
    for qtype, row in _dict(report.get("by_type")).items():
        cells = [row[k] for k in ("hit1", "hit3", "em", "f1", "refused")]
        line = f"{qtype:16}{row['questions']:6d}" + "".join(f"{_pct(c):>8}" for c in cells)
        lines.append(line + (f"{_pct(row['baseline_hit1']):>12}" if plain else ""))
    return "\n".join(lines)
