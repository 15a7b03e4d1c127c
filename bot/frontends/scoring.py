"""CMRC 2018's official short-answer scores (EM and F1), reimplemented without NLTK.

The official `cmrc2018_evaluate.py` (github.com/ymcui/cmrc2018, SQuAD-style v5) lower-cases
and strips both texts, then
- F1: cuts each into segments — every CJK character (U+4E00–U+9FA5) is one segment, every run
  of other characters goes through `nltk.word_tokenize` — drops the punctuation segments of
  its list below, and scores the longest common *contiguous* run of segments
  (precision = run / prediction segments, recall = run / answer segments);
- EM: removes those punctuation characters (inner spaces stay) and compares the strings.
Both take the best over the gold answers. Only the NLTK call is replaced: `_word_tokenize`
applies NLTK's word-tokenizer rules (checked against nltk in tests/frontends/test_scoring.py).
Punkt's split of a run into sentences before that is not reproduced; it matters only for a
run of Latin text holding several sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# The official list, in its order. "……" is one two-character entry, so a lone "…" is
# never removed: the official script compares character by character.
PUNCTUATION = (
    "-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=",
    "，", "。", "：", "？", "！", "“", "”", "；", "’", "《", "》", "……", "·", "、",
    "「", "」", "（", "）", "－", "～", "『", "』",
)  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fa5]")

# NLTK's word_tokenize (its NLTKWordTokenizer, nltk 3.9-3.10), rule for rule and in order.
_STARTING_QUOTES = (
    (r"([«“‘„]|[`]+)", r" \1 "),
    (r'^"', r"``"),
    (r"(``)", r" \1 "),
    (r"([ (\[{<])(\"|'{2})", r"\1 `` "),
    (r"(?i)(?<!\w)(')(?!(?:re|ve|ll|m|t|s|d|n)\b)(?=\w)", r"\1 "),
)
_NLTK_PUNCTUATION = (
    (r"([^.])(\.)([\])}>\"'»”’ ]*)\s*$", r"\1 \2 \3 "),
    (r"([:,])([^\d])", r" \1 \2"),
    (r"([:,])$", r" \1 "),
    (r"\.{2,}", r" \g<0> "),
    (r"[;@#$%&]", r" \g<0> "),
    (r"[\u2012-\u2015]", r" \g<0> "),
    (r"([^.])(\.)([\])}>\"']*)\s*$", r"\1 \2\3 "),
    (r"[?!]", r" \g<0> "),
    (r"([^'])' ", r"\1 ' "),
    (r"[*]", r" \g<0> "),
    (r"[\]\[(){}<>]", r" \g<0> "),
    (r"--", r" -- "),
)
_ENDING_QUOTES = (
    (r"([»”’])", r" \1 "),
    (r"''", " '' "),
    (r'"', " '' "),
    (r"\s+", " "),
    (r"([^' ])('[sS]|'[mM]|'[dD]|') ", r"\1 \2 "),
    (r"([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", r"\1 \2 "),
)
_CONTRACTIONS = tuple(
    (pattern, r" \1 \2 ")
    for pattern in (
        r"(?i)\b(can)(not)\b",
        r"(?i)\b(d)('ye)\b",
        r"(?i)\b(gim)(me)\b",
        r"(?i)\b(gon)(na)\b",
        r"(?i)\b(got)(ta)\b",
        r"(?i)\b(lem)(me)\b",
        r"(?i)\b(more)('n)\b",
        r"(?i)\b(wan)(na)(?=\s)",
        r"(?i) ('t)(is)\b",
        r"(?i) ('t)(was)\b",
    )
)
_BEFORE = tuple((re.compile(p), r) for p, r in _STARTING_QUOTES + _NLTK_PUNCTUATION)
_AFTER = tuple((re.compile(p), r) for p, r in _ENDING_QUOTES + _CONTRACTIONS)


def _word_tokenize(text: str) -> list[str]:
    """NLTK's word tokens of a run of non-CJK text taken as one sentence."""
    for pattern, repl in _BEFORE:
        text = pattern.sub(repl, text)
    text = f" {text} "  # as NLTK pads before its ending rules
    for pattern, repl in _AFTER:
        text = pattern.sub(repl, text)
    return text.split()


def mixed_segmentation(text: str, rm_punc: bool = False) -> list[str]:
    """Split into CJK characters and Latin/number words, as the official scorer does."""
    text = text.lower().strip()
    out: list[str] = []
    run = ""
    for char in text:
        if rm_punc and char in PUNCTUATION:
            continue
        if _CJK.match(char) or char in PUNCTUATION:
            if run:
                out.extend(_word_tokenize(run))
                run = ""
            out.append(char)
        else:
            run += char
    if run:
        out.extend(_word_tokenize(run))
    return out


def remove_punctuation(text: str) -> str:
    """Lower-case, strip, drop the official punctuation characters."""
    return "".join(c for c in text.lower().strip() if c not in PUNCTUATION)


def find_lcs(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common contiguous run of two segment lists."""
    best = 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b):
            if x == y:
                current[j + 1] = previous[j] + 1
                best = max(best, current[j + 1])
        previous = current
    return best


def f1_score(answers: Iterable[str], prediction: str | None) -> float:
    """The official F1 of a prediction, best over the gold answers; None scores 0."""
    if not prediction:
        return 0.0
    pred = mixed_segmentation(prediction, rm_punc=True)
    best = 0.0
    for answer in answers:
        gold = mixed_segmentation(answer, rm_punc=True)
        common = find_lcs(gold, pred)
        if common:
            precision, recall = common / len(pred), common / len(gold)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def em_score(answers: Iterable[str], prediction: str | None) -> float:
    """1.0 when the prediction equals a gold answer without punctuation; None scores 0."""
    if prediction is None:
        return 0.0
    pred = remove_punctuation(prediction)
    return float(any(remove_punctuation(a) == pred for a in answers))
