"""The numpy postings score exactly as rank-bm25's BM25Okapi, and search returns the exact top k."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.index.bm25 import Index
from bot.index.postings import TOP

# Search scores every posting of a small query and prunes a large one: each path is tested.
PATHS = {"dense": 10**12, "pruned": 0}


def random_corpus(rng: random.Random, sentences: int, vocab: int) -> list[list[str]]:
    """Sentences of Zipf-ish words, so some terms are in most sentences and some in one."""
    words = [f"w{i}" for i in range(vocab)]
    weights = [1 / (i + 1) for i in range(vocab)]
    return [rng.choices(words, weights, k=rng.randint(1, 12)) for _ in range(sentences)]


def reference_top(
    scores: np.ndarray, k: int, corpus: list[list[str]], groups: list[list[str]]
) -> list[tuple[int, float]]:
    """Top k by score, ties by sentence id, among sentences sharing a term with the query."""
    terms = {t for g in groups for t in g}
    touched = [i for i, sent in enumerate(corpus) if terms.intersection(sent)]
    order = sorted(touched, key=lambda i: (-scores[i], i))
    return [(i, float(scores[i])) for i in order[:k]]


@pytest.mark.parametrize("seed", range(6))
def test_scores_equal_rank_bm25(seed: int) -> None:
    rng = random.Random(seed)
    corpus = random_corpus(rng, rng.randint(3, 300), rng.randint(2, 60))
    k1, b = rng.choice([(1.5, 0.75), (1.2, 0.3), (2.0, 1.0)])
    index = Index.build(corpus, k1, b)
    okapi = BM25Okapi(corpus, k1=k1, b=b)
    for _ in range(20):
        query = rng.choices([*okapi.idf, "unseen"], k=rng.randint(1, 6))
        expected = okapi.get_scores(query)
        ours = index.scores(query)
        assert ours.tolist() == expected.tolist()  # bit for bit, not approximately


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("seed", range(6))
def test_search_top_k_equals_rank_bm25_ranking(seed: int, path: str) -> None:
    rng = random.Random(100 + seed)
    corpus = random_corpus(rng, rng.randint(50, 2000), rng.randint(5, 400))
    index = Index.build(corpus)
    index.dense_below = PATHS[path]
    okapi = BM25Okapi(corpus)
    for _ in range(30):
        query = list(dict.fromkeys(rng.choices(list(okapi.idf), k=rng.randint(1, 6))))
        k = rng.choice([1, 3, 10, 60])
        expected = okapi.get_scores(query)
        hits = index.search([[t] for t in query], k)
        want = reference_top(expected, k, corpus, [query])
        assert [(h.sentence, h.score) for h in hits] == want


@pytest.mark.parametrize("path", PATHS)
def test_search_with_synonym_groups_takes_best_term_per_group(path: str) -> None:
    rng = random.Random(7)
    corpus = random_corpus(rng, 800, 50)
    index = Index.build(corpus)
    index.dense_below = PATHS[path]
    for _ in range(30):
        terms = rng.sample(sorted(index.vocab), 5)
        groups = [terms[:2], terms[2:3], [terms[3], terms[4], "unseen"]]
        dense = [np.max([index.scores([t]) for t in g], axis=0) for g in groups]
        total = np.zeros(index.size)
        for d in dense:
            total += d
        hits = index.search(groups, 10)
        assert [(h.sentence, h.score) for h in hits] == reference_top(total, 10, corpus, groups)


def test_search_skips_common_terms_as_candidates_without_changing_the_top() -> None:
    # A rare term and a word in a third of the sentences: MaxScore must still be exact.
    corpus = [
        ["common", f"x{i}"] if i % 3 == 0 else [f"x{i}", "rare"] * (i % 7 == 0) + ["pad"]
        for i in range(5000)
    ]
    index = Index.build(corpus)
    index.dense_below = PATHS["pruned"]
    okapi = BM25Okapi(corpus)
    for k in (1, 5, 60, 2000):
        hits = index.search([["rare"], ["common"]], k)
        want = reference_top(okapi.get_scores(["rare", "common"]), k, corpus, [["rare", "common"]])
        assert [(h.sentence, h.score) for h in hits] == want


def test_search_empty_and_unknown() -> None:
    index = Index.build([["a", "b"], ["b", "c"], ["c", "d"]])
    assert index.search([["zzz"]], 5) == []
    assert index.search([], 5) == []
    with pytest.raises(ValueError):
        index.search([["a"]], 0)
    assert index.term_idf("zzz") == index.max_idf


def test_from_arrays_round_trip_equals_build() -> None:
    corpus = random_corpus(random.Random(3), 200, 30)
    built = Index.build(corpus)
    again = Index.from_arrays(built.vocab, built.sent_terms.array(), built.sent_offsets, 1.5, 0.75)
    assert np.array_equal(again.postings.ids, built.postings.ids)
    assert np.array_equal(again.postings.shape, built.postings.shape)
    assert again.posting_weights().tobytes() == built.posting_weights().tobytes()
    assert built.sentence_terms(1).tolist() == [built.vocab[w] for w in corpus[1]]


def test_each_common_term_keeps_its_best_weighted_sentences() -> None:
    rng = random.Random(11)
    index = Index.build(random_corpus(rng, 3000, 300))
    offsets, top_ids = index.tops
    checked = 0
    for tid in range(len(index.vocab)):
        ids, weights = index._slice(tid)
        kept = top_ids[offsets[tid] : offsets[tid + 1]]
        if len(ids) <= TOP:
            assert len(kept) == 0  # short lists seed with all their ids
            continue
        checked += 1
        assert len(kept) == TOP and np.all(np.diff(kept) > 0)
        inside = np.isin(ids, kept)
        assert weights[inside].min() >= weights[~inside].max()
    assert checked > 10
