"""Fit the answer ranker and its confidence on public reading-comprehension data.

    python tools/train_ranker.py [--shared ../shared] [--out bot/data/ranker.json]
    python tools/train_ranker.py --cross      # fit on one file, measure on the other

`make train` runs the first form; it needs the `train` extra (scikit-learn) and
`../shared/qa/external/`. The result is deterministic: the same data and code give the
same file, which records the data's SHA-256.

What is fitted (see docs/answer-method.md):
- the ranking weights: pairwise logistic regression on feature differences between a
  sentence that holds a gold answer (in the gold article) and one that does not;
- the confidence: logistic regression telling questions about the indexed articles from
  questions about articles left out (the split-half test: even articles indexed, odd
  articles' questions asked);
- the refusal threshold: the confidence under which at most 4% of the left-out questions
  would be answered (the product's target is 5%); and the "sure" threshold, 1%.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from bot import app
from bot.answer.features import NAMES
from bot.answer.qa import QA
from bot.answer.rank import CONFIDENCE_NAMES, Ranker
from bot.frontends.external import Matcher
from bot.frontends.squad import SquadFile, article_text, load_squad

ROOT = Path(__file__).resolve().parent.parent
FILES = ("cmrc2018_trial.json", "DRCD_test.json")
SEED = 20261130
PAIRS_PER_POSITIVE = 8
REFUSE_FALSE_ANSWERS = 0.04
SURE_FALSE_ANSWERS = 0.01


@dataclass
class Question:
    features: np.ndarray  # candidates × NAMES
    labels: np.ndarray  # 1 where the candidate holds a gold answer in the gold article
    terms: int


_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def every_other(text: str) -> str:
    """The first, third, fifth … sentence of a paragraph."""
    return "".join(_SENTENCE_END.split(text)[::2])


def write_corpus(
    squad: SquadFile, folder: Path, keep: set[int] | None = None, half: bool = False
) -> None:
    """The file's articles as the evaluation writes them (bot/frontends/squad.py).

    `keep`: only these articles; `half`: only every other sentence of each paragraph.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for n, article in enumerate(squad.articles):
        if keep is not None and n not in keep:
            continue
        if half:
            article = replace(article, paragraphs=tuple(every_other(p) for p in article.paragraphs))
        (folder / f"{n:05d}.txt").write_text(article_text(article), encoding="utf-8")


def collect(
    qa: QA, squad: SquadFile, only: set[int] | None = None, lacking: bool = False
) -> list[Question]:
    """Every question's candidates, features and labels (a candidate is right when it holds
    a gold answer and stands in the question's own article).

    `only`: the questions of these articles; `lacking`: only questions whose gold answer is
    nowhere in the article's every-other-sentence text (a topic the corpus has, whose fact it
    lacks).
    """
    matcher = Matcher(qa)
    engine = qa.engine
    kept = [
        matcher.fold("".join(every_other(p) for p in article.paragraphs)) if lacking else ""
        for article in squad.articles
    ]
    out = []
    for item in squad.questions:
        if only is not None and item.article not in only:
            continue
        keys = matcher.keys(item.answers)
        if lacking and any(k in kept[item.article] for k in keys):
            continue
        path = f"{item.article:05d}.txt"
        r = qa.ranked(item.question)
        labels = np.array(
            [
                int(
                    engine.documents[engine.sentences[c.sid].doc].source.path == path
                    and matcher.rank([engine.sentences[c.sid].text], keys) is not None
                )
                for c in r.candidates
            ],
            dtype=int,
        )
        out.append(Question(r.features, labels, len(r.terms)))
    return out


def fit_ranking(questions: list[Question]) -> np.ndarray:
    """Pairwise logistic regression: weights that put gold sentences above the others."""
    rng = random.Random(SEED)
    xs, ys = [], []
    for q in questions:
        pos = np.flatnonzero(q.labels == 1).tolist()
        neg = np.flatnonzero(q.labels == 0).tolist()
        for i in pos:
            for j in rng.sample(neg, min(len(neg), PAIRS_PER_POSITIVE)):
                sign = rng.random() < 0.5
                xs.append(q.features[i] - q.features[j] if sign else q.features[j] - q.features[i])
                ys.append(int(sign))
    model = LogisticRegression(C=1.0, max_iter=10000, fit_intercept=False)
    model.fit(np.array(xs), np.array(ys))
    return model.coef_[0]


def tops(ranker: Ranker, questions: list[Question]) -> tuple[np.ndarray, np.ndarray]:
    """The confidence inputs of each question's best candidate, and whether it is right."""
    inputs, right = [], []
    for q in questions:
        if not len(q.features):
            continue
        scores = ranker.scores(q.features)
        inputs.append(ranker.confidence_inputs(q.features, scores, q.terms))
        right.append(int(q.labels[int(np.argmax(scores))]))
    return np.array(inputs), np.array(right)


def fit(answerable: list[Question], left_out: list[Question], lacking: list[Question]) -> Ranker:
    weights = fit_ranking(answerable)
    plain = Ranker(weights, np.zeros(len(CONFIDENCE_NAMES)), 0.0, 0.0, 0.0, {})
    pos, _ = tops(plain, answerable)
    neg, _ = tops(plain, left_out)
    near, _ = tops(plain, lacking)
    model = LogisticRegression(C=1.0, max_iter=10000)
    model.fit(np.vstack([pos, neg, near]), np.array([1] * len(pos) + [0] * (len(neg) + len(near))))
    ranker = Ranker(weights, model.coef_[0], float(model.intercept_[0]), 0.0, 0.0, {})
    # Questions with no candidate at all are refused anyway; they count as refused here.
    negatives = np.sort([ranker.confidence(list(x)) for x in neg])
    total = len(left_out)
    refuse = _threshold(negatives, total, REFUSE_FALSE_ANSWERS)
    sure = _threshold(negatives, total, SURE_FALSE_ANSWERS)
    return Ranker(weights, model.coef_[0], float(model.intercept_[0]), refuse, sure, {})


def _threshold(confidences: np.ndarray, total: int, rate: float) -> float:
    """The lowest threshold under which at most `rate` of the left-out questions pass."""
    allowed = int(rate * total)
    if allowed >= len(confidences):
        return 0.0
    return float(confidences[len(confidences) - allowed - 1]) + 1e-9


def measure(
    ranker: Ranker, answerable: list[Question], left_out: list[Question], lacking: list[Question]
) -> dict[str, float]:
    """Evidence hit@1 with refusals, refusal rate and false-answer rates."""
    x, right = tops(ranker, answerable)
    conf = np.array([ranker.confidence(list(v)) for v in x])
    answered = conf >= ranker.refuse_below
    xn, _ = tops(ranker, left_out)
    false = sum(ranker.confidence(list(v)) >= ranker.refuse_below for v in xn)
    xl, _ = tops(ranker, lacking)
    lacking_answered = sum(ranker.confidence(list(v)) >= ranker.refuse_below for v in xl)
    n = len(answerable)
    return {
        "answered lacking their fact": round(lacking_answered / max(len(lacking), 1), 3),
        "hit@1": round(float((right * answered).sum()) / n, 3),
        "hit@1 never refusing": round(float(right.sum()) / n, 3),
        "refused": round(1 - float(answered.sum()) / n, 3),
        "false answers": round(false / len(left_out), 3),
    }


Data = dict[str, tuple[list[Question], list[Question], list[Question], str]]


def load_data(shared: Path, work: Path) -> Data:
    """For each file: its questions on the whole corpus, the split-half questions, the
    questions whose fact was left out, and the file's hash."""
    config = app.load(ROOT / "config.yaml")
    data = {}
    for name in FILES:
        squad = load_squad(shared / "qa" / "external" / name)
        full, even, half = (work / name / part for part in ("full", "even", "half"))
        write_corpus(squad, full)
        write_corpus(squad, even, set(range(0, len(squad.articles), 2)))
        write_corpus(squad, half, half=True)
        untrained = Ranker.untrained()
        answerable = collect(app.build_qa(config, full, untrained), squad)
        odds = set(range(1, len(squad.articles), 2))
        left_out = collect(app.build_qa(config, even, untrained), squad, odds)
        lacking = collect(app.build_qa(config, half, untrained), squad, lacking=True)
        data[name] = (answerable, left_out, lacking, squad.digest)
        print(
            f"{name}: {len(answerable)} questions, {len(left_out)} left out, "
            f"{len(lacking)} lacking their fact",
            file=sys.stderr,
        )
    return data


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--out", type=Path, default=ROOT / "bot" / "data" / "ranker.json")
    p.add_argument("--cross", action="store_true", help="fit on one file, measure on the other")
    args = p.parse_args()
    if not (args.shared / "qa" / "external").is_dir():
        print(f"train: no {args.shared}/qa/external (the public data to fit on)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        data = load_data(args.shared, Path(tmp))
    if args.cross:
        for a, b in (FILES, FILES[::-1]):
            ranker = fit(*data[a][:3])
            print(json.dumps({"fit": a, "measured on": b, **measure(ranker, *data[b][:3])}))
        return 0
    parts = [[q for name in FILES for q in data[name][k]] for k in range(3)]
    ranker = fit(*parts)
    about = {
        "data": {name: data[name][3] for name in FILES},
        "method": "pairwise logistic regression; confidence by logistic regression on the "
        "split-half test; thresholds at 4% / 1% false answers",
        "seed": SEED,
        "fitted": {name: measure(ranker, *data[name][:3]) for name in FILES},
    }
    out = {
        "features": list(NAMES),
        "weights": [round(float(w), 6) for w in ranker.weights],
        "confidence": {
            "inputs": list(CONFIDENCE_NAMES),
            "weights": [round(float(w), 6) for w in ranker.confidence_weights],
            "bias": round(ranker.confidence_bias, 6),
            "refuse_below": round(ranker.refuse_below, 6),
            "sure_above": round(ranker.sure_above, 6),
        },
        "about": about,
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(about["fitted"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
