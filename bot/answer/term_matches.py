"""What a sentence holds of the question's terms, as the ranker's features read it: the terms
the title gives, the rest the sentence itself holds, the asked kind and character pairs.

Each takes a candidate's matches (coverage's (term, how, strength) per term) or its text.
"""

from __future__ import annotations

from collections.abc import Sequence

# How a term is found in the sentence itself (coverage.Where.match).
IN_SENTENCE = frozenset(
    ("sentence", "synonym", "inside a word", "part of the word", "characters", "abbreviation")
)


def rest_in_sentence(
    matches: tuple[tuple[str, str, float], ...], title: frozenset[str], weights: Sequence[float]
) -> float:
    """The weighted share of the terms not in the title that the sentence holds; 1 when the
    title holds them all (nothing is left to find, so nothing is missing)."""
    rest = held = 0.0
    for w, (term, how, strength) in zip(weights, matches, strict=True):
        if term not in title:
            rest += w
            if how in IN_SENTENCE:
                held += w * strength
    return held / rest if rest else 1.0


def held(matches: tuple[tuple[str, str, float], ...], term: str) -> float:
    """How strongly the sentence itself holds the term: 0 when only its context does."""
    for t, how, strength in matches:
        if t == term:
            return strength if how in IN_SENTENCE else 0.0
    return 0.0


def kind_in(text: str, kind: str, terms: list[str]) -> bool:
    """Whether the text has the kind's last character, or the first of a two-character kind
    (语言 → 梵语), beyond the question's terms that hold it."""
    for t in terms:
        text = text.replace(t, "|")
    return kind[-1] in text or (len(kind) == 2 and kind[0] in text)


def share(text: str, pairs: list[str]) -> float:
    """The share of the character pairs the text holds; 1 when there are none to find."""
    return sum(map(text.__contains__, pairs)) / len(pairs) if pairs else 1.0


def in_title(
    matches: tuple[tuple[str, str, float], ...], title: frozenset[str], weights: Sequence[float]
) -> float:
    in_title = 0.0
    for w, (term, _, _) in zip(weights, matches, strict=True):
        if term in title:
            in_title += w
    return in_title
