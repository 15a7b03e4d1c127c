"""Fit the span model (bot/data/spans.json) on SQuAD-format files; `make train-spans`.

For every question, the sentence of its paragraph that holds the gold answer (by
answer_start) is the evidence; its candidate spans (bot.answer.span_candidates) are the
examples, scored against the gold answers by CMRC 2018's official EM and F1. A conditional
logit over each question's candidates (scipy, the `train` extra; see `fit`) is fitted on the
questions with a candidate that overlaps a gold answer; the bot runs it with the standard
library.

Crossing: the model is fitted on all files but one and measured on that one, and on the
other files with one file's even articles and measured on its odd ones (the answer it picks
against the gold, on the gold sentence), to see what generalizes; the shipped weights
are fitted on all files together, each weighing the same per question, with the
regularisation that crossed best. Deterministic: the same files give the same weights, byte
for byte.

    python tools/train_spans.py FILE.json [FILE.json ...] [NEWS_DIR] [--out bot/data/spans.json]

A folder (train/news) is a news set in dev.yaml's format: questions.yaml and articles/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from fitcheck import reproduced

from bot.answer.extract import Passage, reading
from bot.answer.question import analyse
from bot.answer.recut import recut
from bot.answer.span_candidates import READINGS, Span, candidates
from bot.answer.span_context import context
from bot.answer.span_features import FEATURES, features
from bot.answer.template import clean
from bot.app import load, synonym_phrases
from bot.corpus.article import read_article, to_document
from bot.corpus.clean import split_sentences
from bot.frontends.scoring import em_score, f1_score
from bot.lang.normalize import Normalizer, original
from bot.lang.synonyms import groups as synonym_groups
from bot.lang.tokenizer import Tokenizer
from bot.model import Document, Source

GRID = (0.01, 0.1, 1.0)  # L2 penalties tried by crossing
# How sharply a question's target favours its best candidates (see fit): chosen on the
# crossings among 1, 3, 8 and 20 (docs/spans.md, "Choosing among a question's candidates").
TARGET_POWER = 8
# A hand-written reading the model may overrule must have answered at least this many
# training questions; below it, its one or two weights say little, and the bot keeps its
# answer (bot/answer/span_model.py). A guard on evidence, not a fitted number.
LEAST_EVIDENCE = 30


@dataclass
class Example:
    """One question on its gold sentence: its candidates' features, printed texts, golds."""

    x: np.ndarray  # one row of FEATURES per candidate
    shown: list[str]
    golds: tuple[str, ...]
    rule: str | None  # what the hand-written readings alone answered, as printed
    reading: str | None  # which reading that was
    article: int
    em: np.ndarray  # each candidate's EM and F1 against the golds
    f1: np.ndarray


def sentence_of(context_text: str, at: int, size: int) -> tuple[str, str | None] | None:
    """The sentence of a paragraph holding [at, at + size), as the corpus reader splits it,
    and the one before it."""
    cursor = 0
    previous = None
    for sentence in split_sentences(context_text, 120):
        start = context_text.find(sentence, cursor)
        if start < 0:
            return None
        if start <= at and at + size <= start + len(sentence):
            return sentence, previous
        cursor = start + len(sentence)
        previous = sentence
    return None


def printed(span: Span, text: str, norm: str, previous: str | None) -> str:
    """The answer the bot would show for a candidate (see extract.short_answer)."""
    if span.reading == "previous":
        return clean(previous or "")
    if span.start < 0 or span.text != norm[span.start : span.end]:
        return span.text
    return original(text, norm, span.start, span.end) or span.text


def examples(path: Path, tools: Tools) -> list[Example]:
    if path.is_dir():
        return news_examples(path, tools)
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    # The words of the file's articles, as the bot's index of them has them (QA.ranked re-cuts
    # a question's glued words against it).
    vocab = tools.vocab(
        s for e in data["data"] for p in e["paragraphs"] for s in split_sentences(p["context"], 120)
    )
    out = []
    for article, entry in enumerate(data["data"]):
        source = Source(entry.get("title", ""), "", None, "")
        for para in entry["paragraphs"]:
            for qa in para["qas"]:
                gold = qa["answers"][0]
                found = sentence_of(para["context"], gold["answer_start"], len(gold["text"]))
                if found is None:
                    continue
                ex = tools.example(qa["question"], found, source, qa["answers"], article, vocab)
                out.append(ex)
    return out


def news_examples(folder: Path, tools: Tools) -> list[Example]:
    """A news set in dev.yaml's format (train/news): each answerable question on the sentence
    of its article that holds its `expect` text, as the corpus reader cuts and dates it."""
    raw = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    docs: dict[str, Document] = {}
    for path in sorted((folder / "articles").glob("*.txt")):
        article = read_article(path)
        if article is not None:
            docs[path.name] = to_document(article, folder / "articles", 120)
    names = sorted({item["article"] for item in raw["answerable"]})
    vocab = tools.vocab(s.text for d in docs.values() for s in d.sentences)
    out = []
    for item in raw["answerable"]:
        name = item["article"]
        if name not in docs:
            continue
        doc = docs[name]
        texts = [s.text for s in doc.sentences]
        at = next((i for i, t in enumerate(texts) if item["expect"][0] in t), None)
        if at is None:
            continue
        previous = texts[at - 1] if at else None
        answers = [{"text": a} for a in item["answer"]]
        article_no = names.index(name)
        example = tools.example(
            item["q"], (texts[at], previous), doc.source, answers, article_no, vocab
        )
        out.append(example)
    return out


class Tools:
    """The bot's own normaliser, tokenizer and synonyms, built from config.yaml as at run time."""

    def __init__(self) -> None:
        config = load(Path("config.yaml") if Path("config.yaml").is_file() else None)
        self.normalizer = Normalizer()
        user_dict = config.resolve(config.text.user_dict) if config.text.user_dict else None
        self.tokenizer = Tokenizer(user_dict, phrases=synonym_phrases(config))
        self.synonyms: dict[str, tuple[str, ...]] = {}
        for group in synonym_groups(config.text.synonyms):
            words = tuple(
                dict.fromkeys(w for w in (self.normalizer(x).lower() for x in group) if w)
            )
            for w in words:
                self.synonyms[w] = tuple(dict.fromkeys(self.synonyms.get(w, ()) + words))

    def vocab(self, texts: Iterable[str]) -> frozenset[str]:
        """The index words of the sentences."""
        return frozenset(w for t in texts for w in self.tokenizer.tokenize(self.normalizer(t)))

    def example(
        self,
        question: str,
        sentences: tuple[str, str | None],
        source: Source,
        answers: list[dict[str, object]],
        article: int,
        vocab: frozenset[str],
    ) -> Example:
        q = recut(
            analyse(self.normalizer.question(question), self.tokenizer), vocab, self.tokenizer
        )
        text, previous = sentences
        norm = self.normalizer(text)
        before = self.normalizer(previous) if previous else None
        passage = Passage(norm, source, previous, before, text)
        rule = reading(q, passage, self.tokenizer, self.synonyms)
        spans = candidates(q, norm, source, self.tokenizer, rule)
        rule_span = next((s for s in spans if "rule" in s.kinds), None)
        ctx = context(q, norm, self.synonyms, rule_span)
        x = np.zeros((len(spans), len(FEATURES)))
        for row, s in enumerate(spans):
            for i, v in features(s, q, norm, ctx):
                x[row, i] = v
        shown = [printed(s, text, norm, previous) for s in spans]
        golds = tuple(str(a["text"]) for a in answers)
        rule_text = rule_span and printed(rule_span, text, norm, previous)
        em = np.array([em_score(golds, s) for s in shown])
        f1 = np.array([f1_score(golds, s) for s in shown])
        how = rule[1] if rule else None
        return Example(x, shown, golds, rule_text, how, article, em, f1)


def fit(sources: list[list[Example]], penalty: float) -> np.ndarray:
    """Weights (bias first, always 0) of a conditional logit: a softmax over each question's
    candidates, fitted so that it puts its mass where the gold answer is (scipy's L-BFGS, the
    `train` extra). The bot only ever takes each question's best candidate, so the model is
    taught to rank one question's candidates against each other, not to say how likely each
    is right on its own scale: the pointwise fit it replaced spent its weights on telling a
    long clause of one question from a name of another.

    A candidate's share of the target is its F1 (or EM) to the power TARGET_POWER, over the
    question's total: the exact or nearest candidate takes nearly all of it, and an answer one
    character off is still not taught as wrong as an unrelated one, which matters for the
    questions whose gold answer no candidate matches exactly (约65厘米 with only 65厘米 on offer,
    45 % of CMRC's). Questions without any overlapping candidate teach nothing.

    Each source weighs the same per question, as in the ranker's fit: the ~500 news questions
    would otherwise count for a tenth of the data, the encyclopedia files for the rest.
    Deterministic: L-BFGS from zero weights on the same data takes the same steps."""
    from scipy.optimize import minimize

    xs, targets, shares, sizes = [], [], [], []
    for exs in sources:
        used = [ex for ex in exs if len(ex.f1) and ex.f1.max() > 0]
        for ex in used:
            target = np.maximum(ex.em, ex.f1) ** TARGET_POWER
            xs.append(ex.x[:, 1:])  # the bias column is the same for every candidate
            targets.append(target / target.sum())
            sizes.append(len(target))
            shares.append(1.0 / len(used))
    x, target = np.vstack(xs), np.concatenate(targets)
    share = np.array(shares) * len(shares) / sum(shares)  # averaging 1 per question
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    question = np.repeat(np.arange(len(sizes)), sizes)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        score = x @ w
        top = np.maximum.reduceat(score, starts)
        e = np.exp(score - top[question])
        total = np.add.reduceat(e, starts)
        p = e / total[question]
        # Cross-entropy of the softmax against the target, per question, weighed by its share.
        value = np.sum(share * (top + np.log(total) - np.add.reduceat(target * score, starts)))
        grad = x.T @ (share[question] * (p - target))
        return value + penalty * w @ w, grad + 2 * penalty * w

    found = minimize(
        loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 5000}
    )
    return np.concatenate([[0.0], found.x])


def readings(exs: list[Example]) -> set[str]:
    """The readings with enough training questions for the model to judge them."""
    counts = Counter(ex.reading for ex in exs if ex.reading)
    return {r for r, n in counts.items() if n >= LEAST_EVIDENCE}


def measure(
    exs: list[Example], weights: np.ndarray | None, seen: set[str] | None = None
) -> dict[str, float]:
    """EM/F1 of the chosen answers on the gold sentences; None: the hand-written readings.

    As at run time, a reading the fit never saw (`seen`) keeps its answer."""
    ems, f1s = [], []
    for ex in exs:
        if weights is None or (seen is not None and ex.reading and ex.reading not in seen):
            answer = ex.rule
            ems.append(em_score(ex.golds, answer))
            f1s.append(f1_score(ex.golds, answer))
        elif len(ex.shown):
            best = int(np.argmax(ex.x @ weights))
            ems.append(float(ex.em[best]))
            f1s.append(float(ex.f1[best]))
        else:
            ems.append(0.0)
            f1s.append(0.0)
    n = len(exs) or 1
    return {
        "questions": len(exs),
        "em": round(sum(ems) / n, 4),
        "f1": round(sum(f1s) / n, 4),
        # The standard error of that F1, for choosing the penalty (main).
        "f1_se": round(float(np.std(f1s)) / math.sqrt(n), 4) if f1s else 0.0,
    }


# What a news folder's data is: its questions and its articles. Its README and check.py
# describe the data, and editing them must not make the fitted model look stale.
NEWS_DATA = ("questions.yaml", "articles")


def digest(path: Path) -> str:
    """SHA-256 of a file, or of a news folder's data files in path order (name and
    content), leaving out hidden ones and caches: the bot keeps its index in
    `articles/.index/` when asked about them, and that must not change what the data is."""
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    data = [path / name for name in NEWS_DATA]
    files = (q for d in data for q in ([d] if d.is_file() else d.rglob("*")) if q.is_file())
    kept = (
        q for q in files if not any(p.startswith((".", "__")) for p in q.relative_to(path).parts)
    )
    for f in sorted(kept):
        h.update(f.relative_to(path).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("bot/data/spans.json"))
    parser.add_argument(
        "--check", action="store_true", help="fail if refitting does not give the --out file"
    )
    args = parser.parse_args(argv)
    for path in args.files:
        if not path.exists():
            print(f"train_spans: {path} not found", file=sys.stderr)
            return 2
    tools = Tools()
    sets = {p.name: examples(p, tools) for p in args.files}
    report: dict[str, object] = {}
    for name, exs in sets.items():
        report[f"rules on {name}"] = measure(exs, None)
    means: dict[float, tuple[float, float]] = {}  # penalty: (mean crossed F1, its std. error)
    for penalty in GRID:
        crossed = {}
        for test in sets:
            others = [exs for name, exs in sets.items() if name != test]
            # As the shipped model meets unseen questions of a file it was fitted on: fitted
            # on the other files and this one's even articles, measured on its odd ones.
            even = [ex for ex in sets[test] if ex.article % 2 == 0]
            odd = [ex for ex in sets[test] if ex.article % 2 == 1]
            seen = [ex for exs in [*others, even] for ex in exs]
            crossed[f"others + {test} even -> odd"] = measure(
                odd, fit([*others, even], penalty), readings(seen)
            )
            # Fitted on the other files only, measured on this one: a new source's style.
            if others:
                pooled = [ex for exs in others for ex in exs]
                result = measure(sets[test], fit(others, penalty), readings(pooled))
                crossed[f"others -> {test}"] = result
        # Both kinds of crossing choose: the shipped model meets new questions of the sources
        # it was fitted on, and new articles of styles it was not.
        k = len(crossed)
        mean = sum(r["f1"] for r in crossed.values()) / k
        means[penalty] = (mean, math.sqrt(sum(r["f1_se"] ** 2 for r in crossed.values())) / k)
        report[f"penalty={penalty}"] = crossed
        print(penalty, json.dumps(crossed), file=sys.stderr)
    # The one-standard-error rule: the strongest regularisation whose crossed F1 is within one
    # standard error of the best. Two penalties a hair apart otherwise trade places at every
    # small change of the data, and the answers of borderline questions with them.
    top_mean, top_se = max(means.values())
    best = max(p for p, (mean, _) in means.items() if mean >= top_mean - top_se)
    everything = [ex for exs in sets.values() for ex in exs]
    weights = fit(list(sets.values()), best)
    report["fitted on all, measured on each"] = {
        n: measure(e, weights, readings(everything)) for n, e in sets.items()
    }
    import scipy

    counts = Counter(ex.reading for ex in everything if ex.reading)
    model = {
        "features": list(FEATURES),
        # Readings the data showed; the bot keeps the answer of any other (span_model.py).
        "readings": {r: counts[r] for r in READINGS},
        "least_evidence": LEAST_EVIDENCE,
        "weights": [round(float(w), 6) for w in weights],
        "penalty": best,
        "target_power": TARGET_POWER,
        "trained_on": [{"file": p.name, "sha256": digest(p)} for p in args.files],
        "command": "python tools/train_spans.py " + " ".join(p.name for p in args.files),
        "scipy": scipy.__version__,
        "report": report,
    }
    if args.check:
        same = reproduced(args.out, model, ignore=("report", "scipy"))
        print(f"train_spans: {args.out} is {'reproduced' if same else 'NOT reproduced'}")
        return 0 if same else 1
    args.out.write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
