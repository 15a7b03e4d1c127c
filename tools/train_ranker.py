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
import hashlib
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import word_factors
import yaml
from fitcheck import close
from sklearn.linear_model import LogisticRegression

from bot import app
from bot.answer import terms
from bot.answer.features import NAMES
from bot.answer.qa import QA
from bot.answer.rank import CONFIDENCE_NAMES, Ranker
from bot.frontends.evaluate import fold
from bot.frontends.external import Matcher
from bot.frontends.squad import SquadFile, article_text, load_squad

ROOT = Path(__file__).resolve().parent.parent
FILES = ("cmrc2018_trial.json", "DRCD_test.json")
NEWS = "news training set"
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


def fit_ranking(sources: list[list[Question]]) -> np.ndarray:
    """Pairwise logistic regression: weights that put gold sentences above the others.

    Every (gold, other) pair of a question is an example, both ways round, so the fit is
    unique for the data: 8 pairs sampled per gold sentence changed the best sentence of 1.4-
    4.5 % of the questions from one seed to the next, and borderline answers with it. Each
    source weighs the same in total, so the small news set counts as much as each
    encyclopedia file.
    """
    xs, ws = [], []
    for questions in sources:
        diffs = []
        for q in questions:
            pos, neg = q.features[q.labels == 1], q.features[q.labels == 0]
            if len(pos) and len(neg):
                diffs.append((pos[:, None, :] - neg[None, :, :]).reshape(-1, q.features.shape[1]))
        if diffs:
            x = np.vstack(diffs)
            xs.append(x)
            ws.append(np.full(len(x), 1.0 / len(x)))
    x, w = np.vstack(xs), np.concatenate(ws)
    w *= len(w) / len(xs)  # each source sums to the same; all weights average 1
    model = LogisticRegression(C=1.0, max_iter=10000, fit_intercept=False)
    model.fit(
        np.vstack([x, -x]),
        np.concatenate([np.ones(len(x)), np.zeros(len(x))]),
        sample_weight=np.concatenate([w, w]),
    )
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


@dataclass
class Source:
    """One body of training data."""

    name: str
    answerable: list[Question]
    left_out: list[Question]  # split-half: questions about articles not indexed
    lacking: list[Question]  # questions on indexed topics whose fact is not there
    digest: str


def fit(sources: list[Source]) -> Ranker:
    """Fit the ranking weights, then the confidence, then the refusal thresholds."""
    weights = fit_ranking([s.answerable for s in sources])
    plain = Ranker(weights, np.zeros(len(CONFIDENCE_NAMES)), 0.0, 0.0, 0.0, {})
    groups = []  # (inputs, label): each source's answerable, left-out and lacking questions
    for s in sources:
        for questions, label in ((s.answerable, 1), (s.left_out, 0), (s.lacking, 0)):
            inputs, _ = tops(plain, questions)
            if len(inputs):
                groups.append((inputs, label))
    xs = np.vstack([g[0] for g in groups])
    ys = np.concatenate([[g[1]] * len(g[0]) for g in groups])
    # Every group weighs the same in total: no source or kind of question drowns the others.
    ws = np.concatenate([[len(xs) / (len(groups) * len(g[0]))] * len(g[0]) for g in groups])
    model = LogisticRegression(C=1.0, max_iter=10000)
    model.fit(xs, ys, sample_weight=ws)
    ranker = Ranker(weights, model.coef_[0], float(model.intercept_[0]), 0.0, 0.0, {})
    # The thresholds come from the split-half test only; a question with no candidate at all
    # is refused anyway and counts as refused.
    left_out = [q for s in sources for q in s.left_out]
    negatives = np.sort(_confidences(ranker, left_out))
    refuse = _threshold(negatives, len(left_out), REFUSE_FALSE_ANSWERS)
    sure = _threshold(negatives, len(left_out), SURE_FALSE_ANSWERS)
    return Ranker(weights, model.coef_[0], float(model.intercept_[0]), refuse, sure, {})


def _threshold(confidences: np.ndarray, total: int, rate: float) -> float:
    """The lowest threshold under which at most `rate` of the left-out questions pass."""
    allowed = int(rate * total)
    if allowed >= len(confidences):
        return 0.0
    return float(confidences[len(confidences) - allowed - 1]) + 1e-9


def measure(ranker: Ranker, source: Source) -> dict[str, float]:
    """Evidence hit@1 with refusals, refusals, and how often unanswerable ones are answered."""
    x, right = tops(ranker, source.answerable)
    confidence = np.array([ranker.confidence(list(v)) for v in x])
    answered = confidence >= ranker.refuse_below
    n = len(source.answerable)
    out = {
        "hit@1": round(float((right * answered).sum()) / n, 3),
        "hit@1 never refusing": round(float(right.sum()) / n, 3),
        "refused": round(1 - float(answered.sum()) / n, 3),
    }
    left_out = _confidences(ranker, source.left_out)
    if source.left_out:
        # The threshold carried from the fitted sources moves with their split-half questions
        # (one file's 490 may set it); this one is set on the measured source's own, so it
        # shows how well the confidence separates there, whatever the carried threshold does.
        own = _threshold(np.sort(left_out), len(source.left_out), REFUSE_FALSE_ANSWERS)
        out["hit@1 at own threshold"] = round(float((right * (confidence >= own)).sum()) / n, 3)
    for key, questions, confidences in (
        ("false answers", source.left_out, left_out),
        ("lacking answered", source.lacking, _confidences(ranker, source.lacking)),
    ):
        if questions:
            passed = int((confidences >= ranker.refuse_below).sum())
            out[key] = round(passed / len(questions), 3)
    return out


def _confidences(ranker: Ranker, questions: list[Question]) -> np.ndarray:
    """The confidence in each question's best candidate (questions without any left out)."""
    inputs, _ = tops(ranker, questions)
    return np.array([ranker.confidence(list(v)) for v in inputs])


# The crossed fits, (fitted on, measured on): each public file from the other, alone and with
# the news set, and the news set from the two public files. `tools/factors.py` uses the ones
# fitted on both other sources.
CROSSINGS = (
    ((FILES[0],), FILES[1]),
    ((FILES[0], NEWS), FILES[1]),
    ((FILES[1],), FILES[0]),
    ((FILES[1], NEWS), FILES[0]),
    (FILES, NEWS),
)


@dataclass
class Prepared:
    """A body of training data before its features are collected: where its corpora are,
    and how often its questions' words stood in their answers (tools/word_factors.py)."""

    name: str
    folder: Path  # the SQuAD file's corpora (full, even, half), or the news set
    squad: SquadFile | None
    words: word_factors.Counts
    digest: str


def prepare(shared: Path, news: Path, work: Path) -> list[Prepared]:
    """Write each public file's corpora (the whole file, its even articles, every other
    sentence) and count its questions' words; the same for the news training set."""
    config = app.load(ROOT / "config.yaml")
    out = []
    for name in FILES:
        squad = load_squad(shared / "qa" / "external" / name)
        full, even, half = (work / name / part for part in ("full", "even", "half"))
        write_corpus(squad, full)
        write_corpus(squad, even, set(range(0, len(squad.articles), 2)))
        write_corpus(squad, half, half=True)
        qa = app.build_qa(config, full, Ranker.untrained())
        matcher = Matcher(qa)
        golds = [
            (item.question, f"{item.article:05d}.txt", _squad_holds(matcher, item.answers))
            for item in squad.questions
        ]
        out.append(Prepared(name, work / name, squad, _words(qa, golds), squad.digest))
    qa = app.build_qa(config, news / "articles", Ranker.untrained())
    raw = (news / "questions.yaml").read_bytes()
    golds = [
        (item["q"], item["article"], _news_holds([fold(e) for e in item["expect"]]))
        for item in yaml.safe_load(raw)["answerable"]
    ]
    out.append(Prepared(NEWS, news, None, _words(qa, golds), hashlib.sha256(raw).hexdigest()))
    return out


def _squad_holds(matcher: Matcher, answers: Iterable[str]) -> Callable[[str], bool]:
    keys = matcher.keys(answers)
    return lambda text: matcher.rank([text], keys) is not None


def _news_holds(keys: list[str]) -> Callable[[str], bool]:
    return lambda text: any(k in fold(text) for k in keys)


def _words(qa: QA, golds: list[tuple[str, str, Callable[[str], bool]]]) -> word_factors.Counts:
    """How often each question's terms stand in its answer's sentences or article title."""
    engine = qa.engine
    by_path: dict[str, list[int]] = {}
    for sid, sentence in enumerate(engine.sentences):
        by_path.setdefault(engine.documents[sentence.doc].source.path, []).append(sid)
    counts = word_factors.Counts()
    for question, path, holds in golds:
        sids = by_path.get(path, [])
        texts = [engine.norms[i].lower() for i in sids if holds(engine.sentences[i].text)]
        if texts:
            title = engine.documents[engine.sentences[sids[0]].doc].source.title or ""
            counts.add(qa.analysed(question).terms, texts, qa.normalizer(title).lower())
    return counts


def collect_all(prepared: list[Prepared], fitted: Iterable[str]) -> dict[str, Source]:
    """Every source's features, under the word factors fitted on the `fitted` ones' words."""
    names = set(fitted)
    terms.WORD_FACTORS = word_factors.fit(p.words for p in prepared if p.name in names)
    config = app.load(ROOT / "config.yaml")
    data = {}
    for p in prepared:
        untrained = Ranker.untrained()
        if p.squad is None:
            data[p.name] = news_source(app.build_qa(config, p.folder / "articles", untrained), p)
            continue
        answerable = collect(app.build_qa(config, p.folder / "full", untrained), p.squad)
        odds = set(range(1, len(p.squad.articles), 2))
        left_out = collect(app.build_qa(config, p.folder / "even", untrained), p.squad, odds)
        lacking = collect(app.build_qa(config, p.folder / "half", untrained), p.squad, lacking=True)
        data[p.name] = Source(p.name, answerable, left_out, lacking, p.digest)
    for s in data.values():
        print(
            f"{s.name}: {len(s.answerable)} questions, {len(s.left_out)} left out, "
            f"{len(s.lacking)} lacking their fact",
            file=sys.stderr,
        )
    return data


def crossed(
    prepared: list[Prepared], crossings: Iterable[tuple[tuple[str, ...], str]] = CROSSINGS
) -> Iterator[tuple[list[Source], Source]]:
    """Each crossing's fitted and measured sources; the word factors too are fitted on the
    fitted sources only, so the features are collected afresh for each."""
    for fitted, measured in crossings:
        data = collect_all(prepared, fitted)
        yield [data[n] for n in fitted], data[measured]


def halves(source: Source) -> tuple[Source, Source]:
    """A public file's questions in two halves, in file order: its articles' questions stand
    together, so the halves share (nearly) no article."""

    def half(second: bool) -> Source:
        def cut(xs: list[Question]) -> list[Question]:
            return xs[len(xs) // 2 :] if second else xs[: len(xs) // 2]

        name = f"{source.name} ({'second' if second else 'first'} half)"
        return Source(
            name, cut(source.answerable), cut(source.left_out), cut(source.lacking), source.digest
        )

    return half(False), half(True)


def within(prepared: list[Prepared]) -> Iterator[tuple[list[Source], Source]]:
    """In-distribution crossings, as the product is judged (other questions of files it was
    fitted on): each half of each public file, measured with a fit on the other half of
    each file and the news set."""
    data = collect_all(prepared, FILES)
    cmrc, drcd = halves(data[FILES[0]]), halves(data[FILES[1]])
    for k in (0, 1):
        fitted = [cmrc[k], drcd[k], data[NEWS]]
        yield fitted, cmrc[1 - k]
        yield fitted, drcd[1 - k]


def news_source(qa: QA, prepared: Prepared) -> Source:
    """The news training set: dev.yaml-format questions on its own articles."""
    data = yaml.safe_load((prepared.folder / "questions.yaml").read_bytes())
    engine = qa.engine
    answerable, lacking = [], []
    for item in data["answerable"]:
        keys = [fold(e) for e in item["expect"]]
        r = qa.ranked(item["q"])
        labels = [
            int(
                engine.documents[engine.sentences[c.sid].doc].source.path == item["article"]
                and any(k in fold(engine.sentences[c.sid].text) for k in keys)
            )
            for c in r.candidates
        ]
        answerable.append(Question(r.features, np.array(labels, dtype=int), len(r.terms)))
    for text in data["unanswerable"]:
        r = qa.ranked(text)
        lacking.append(Question(r.features, np.zeros(len(r.candidates), int), len(r.terms)))
    return Source(NEWS, answerable, [], lacking, prepared.digest)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--out", type=Path, default=ROOT / "bot" / "data" / "ranker.json")
    p.add_argument("--news", type=Path, default=ROOT / "train" / "news", help="news training set")
    p.add_argument(
        "--words-out", type=Path, default=ROOT / "bot" / "data" / "word_factors.json",
        help="where the question words' factors go (tools/word_factors.py)",
    )  # fmt: skip
    p.add_argument("--cross", action="store_true", help="fit on one file, measure on the other")
    p.add_argument(
        "--within", action="store_true", help="fit on half of each file, measure on the rest"
    )
    p.add_argument(
        "--check", action="store_true", help="fail if refitting does not give the --out file"
    )
    args = p.parse_args()
    if not (args.shared / "qa" / "external").is_dir():
        print(f"train: no {args.shared}/qa/external (the public data to fit on)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare(args.shared, args.news, Path(tmp))
        if args.cross or args.within:
            fitted_on: list[Source] | None = None
            for fitted, measured in within(prepared) if args.within else crossed(prepared):
                if fitted is not fitted_on:  # --within measures two halves with one fit
                    ranker, fitted_on = fit(fitted), fitted
                names = " + ".join(s.name for s in fitted)
                print(json.dumps({"fit": names, "measured on": measured.name,
                                  **measure(ranker, measured)}), flush=True)  # fmt: skip
            return 0
        sources = list(collect_all(prepared, [p.name for p in prepared]).values())
    ranker = fit(sources)
    about = {
        "data": {s.name: s.digest for s in sources},
        "method": "pairwise logistic regression on every (gold, other) pair, each source "
        "weighing the same; confidence by "
        "logistic regression on answerable, split-half and lacking questions; refusal and "
        "'sure' thresholds at 4% and 1% split-half false answers",
        "fitted": {s.name: measure(ranker, s) for s in sources},
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
    text = json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    words = {
        "about": {
            "data": about["data"],
            "method": f"share of a word's questions whose answer sentence or title holds it, "
            f"smoothed by {word_factors.PRIOR} questions at the overall share, over that "
            f"share, at most 1; words asked {word_factors.MIN_ASKED} times or more",
        },
        "factors": terms.WORD_FACTORS,
    }
    words_text = json.dumps(words, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
    if args.check:
        shipped_words = args.words_out.read_text("utf-8") if args.words_out.is_file() else ""
        if shipped_words != words_text:
            print(f"train: {args.words_out} is NOT reproduced by refitting")
            return 1
        # The fitted weights, thresholds and data hashes must agree; the scores measured
        # with them ("fitted") may move by a question when the last digits do.
        refit = {**out, "about": {k: v for k, v in about.items() if k != "fitted"}}
        shipped = json.loads(args.out.read_text("utf-8")) if args.out.is_file() else {}
        shipped.get("about", {}).pop("fitted", None)
        same = close(shipped, refit)
        print(f"train: {args.out} is {'reproduced' if same else 'NOT reproduced'} by refitting")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    args.words_out.write_text(words_text, encoding="utf-8")
    print(json.dumps(about["fitted"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
