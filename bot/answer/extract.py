"""Short answers: the span of the evidence sentence that answers the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.asked import contexts
from bot.answer.question import Question
from bot.answer.span_candidates import SERIES_JOINER, candidates
from bot.answer.span_model import shipped
from bot.answer.spans import definition, typed_spans
from bot.answer.template import beyond, clean, common_prefix, fill, following, preceding
from bot.lang.lexicon import (
    PURPOSE_MARKERS,
    QUESTION_WORDS,
    REASON_MARKERS,
    SPEECH_VERBS,
    TIME_CHARACTERS,
)
from bot.lang.normalize import align
from bot.lang.tokenizer import Tokenizer
from bot.model import SPAN_TYPES, QType, ShortAnswer, Source

# Answered by the nearest span of their type; a place only when the question has one question
# word (从哪里开到哪里 reads better as a pattern).
_SPAN_ANSWERED = SPAN_TYPES - {QType.PLACE}
_ORGS = (QType.ORG, QType.AGENT)  # organisations named together answer together
_REASON = re.compile("(?:" + "|".join(REASON_MARKERS) + ")(.+?)(?:[，,。；;]|$)")
# "打造标杆城市,必须大力弘扬工匠精神": the goal before 必须/才能 is why.
_PURPOSE = re.compile(r"^([^，,。；;]{4,30})[，,](?:" + "|".join(PURPOSE_MARKERS) + ")")
_SPEECH = re.compile("|".join(SPEECH_VERBS))
_QUOTE = re.compile(r"“([^”]{4,80})”")
_ANAPHOR = re.compile(r"^(这是|这就是|此即|这便是|这正是)")
# Something that says when: a figure, or a word of time (年代, 时候, 前夕, 初, 春, 今 …). A span
# without any answers no when-question, whatever the model scored it.
_SAYS_WHEN = re.compile(f"[0-9{TIME_CHARACTERS}]")


@dataclass(frozen=True)
class Passage:
    """The evidence sentence, normalised, with what around it an answer may come from."""

    norm: str
    source: Source
    previous: str | None = None  # the sentence before, as printed, if in the same article
    previous_norm: str | None = None
    text: str | None = None  # the sentence as printed, which answers are cut from


def short_answer(
    q: Question, passage: Passage, tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]]
) -> ShortAnswer | None:
    """The answering span of a sentence as printed, or None when no candidate is found.

    The hand-written readings below propose one answer; dates, numbers, names, titles and
    noun runs propose others; the span model fitted on data chooses among them.
    """
    rule = reading(q, passage, tokenizer, synonyms)
    spans = candidates(q, passage.norm, passage.source, tokenizer, rule)
    span = shipped().choose(spans, q, passage.norm, synonyms)
    if span is None:
        return None
    if q.qtype is QType.TIME and not _SAYS_WHEN.search(span.text):
        return None  # the evidence is shown without a short answer (见原文)
    if span.reading == "previous" and passage.previous:
        return ShortAnswer(clean(passage.previous))
    if span.start < 0 or span.text != passage.norm[span.start : span.end]:
        # A joined list, a completed date (2016年9月, said 今年9月) or a reformatted one.
        said = span.said and (_printed(passage, span.start, span.end) or span.said)
        return ShortAnswer(span.text, said)
    return ShortAnswer(_printed(passage, span.start, span.end) or span.text)


def _printed(passage: Passage, start: int, end: int) -> str | None:
    """The printed characters a span of the normalised sentence came from."""
    if passage.text is None:
        return None
    where = align(passage.text, passage.norm)
    return passage.text[where[start] : where[end - 1] + 1] if where else None


def reading(
    q: Question, passage: Passage, tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]]
) -> tuple[str, str] | None:
    """The answer the hand-written readings of the question find, and which reading found
    it (one of span_candidates.READINGS), or None."""
    norm, source = passage.norm, passage.source
    if q.qtype is QType.TITLE:
        titles = [w for _, w in typed_spans(q, norm, source, tokenizer)]
        if titles:
            return titles[0] if q.wh == "什么" else "、".join(dict.fromkeys(titles)), "post"
    if q.wh in QUESTION_WORDS[QType.LIST]:
        gap = fill(q, norm, tokenizer, synonyms)
        if gap:
            return gap, "fill"
        gap = _residual(q, norm, tokenizer, synonyms)
        if gap:
            return gap, "residual"
    one_place = q.qtype is QType.PLACE and len(q.wh_spans) == 1
    if q.qtype in _SPAN_ANSWERED or one_place:
        spans = typed_spans(q, norm, source, tokenizer)
        if spans:
            best = _nearest(spans, norm, q)
            return (_coordinated(best, spans, norm) if q.qtype in _ORGS else best), "typed"
        return None
    if q.qtype is QType.REASON:
        m = _REASON.search(norm) or _PURPOSE.search(norm)
        return (clean(m.group(1)), "reason") if m else None
    if _SPEECH.search(q.text):
        # "习近平是怎么论述质量的": what was said, in quotation marks.
        quote = _QUOTE.search(norm)
        if quote:
            return quote.group(1), "quote"
    if q.qtype is QType.DEFINITION:
        m = definition(q, norm)
        return (clean(m.group(2)), "definition") if m else None
    if _ANAPHOR.match(norm) and passage.previous is not None and len(passage.previous) <= 12:
        # "精彩!这是…的一致感受": the answer is what "这" points back to.
        previous = clean(passage.previous_norm or "")
        return (previous, "previous") if previous else None
    gap = fill(q, norm, tokenizer, synonyms)
    if gap:
        return gap, "between" if len(q.wh_spans) > 1 else "fill"
    if q.qtype is QType.PLACE:
        spans = typed_spans(q, norm, source, tokenizer)
        return (_nearest(spans, norm, q), "typed") if spans else None
    gap = _residual(q, norm, tokenizer, synonyms)
    return (gap, "residual") if gap else None


def _nearest(spans: list[tuple[int, str]], norm: str, q: Question) -> str:
    """The span whose surroundings best line up with the question around its question word."""
    qchars = set(q.text)
    left, right = contexts(q)

    def closeness(span: tuple[int, str]) -> tuple[float, int]:
        start, text = span
        end = start + len(text)
        before = norm[max(0, start - 8) : start][::-1]
        after = norm[end : end + 4]
        # Labels usually precede values ("每月订价: 18元"): nearer characters count most.
        score = sum(1 / (1 + i) for i, c in enumerate(before) if c in qchars and c.strip())
        score += sum(0.3 / (1 + i) for i, c in enumerate(after) if c in qchars and c.strip())
        # "多少名受助大学生" ↔ "390名受助大学生": the question's words right beside the gap.
        score += 2 * common_prefix(beyond(right, text), following(norm, end))
        score += 2 * common_prefix(left[::-1], preceding(norm, start)[::-1])
        return (-score, start)

    return min(spans, key=closeness)[1]


def _coordinated(best: str, spans: list[tuple[int, str]], norm: str) -> str:
    """ "由中组部和国家质检总局主办": organisations joined by 和/与/及/、 answer together."""
    ordered = sorted(set(spans))
    chains: list[list[tuple[int, str]]] = []
    for start, text in ordered:
        if chains:
            p_start, p_text = chains[-1][-1]
            if SERIES_JOINER.fullmatch(norm[p_start + len(p_text) : start]):
                chains[-1].append((start, text))
                continue
        chains.append([(start, text)])
    for chain in chains:
        if any(text == best for _, text in chain) and len(chain) > 1:
            return norm[chain[0][0] : chain[-1][0] + len(chain[-1][1])]
    return best


def _residual(
    q: Question, norm: str, tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]]
) -> str | None:
    """In the clause that best matches, what the question does not already say."""
    words = {w for t in q.terms for w in synonyms.get(t, (t,))} | set(q.terms)
    clauses = [c for c in re.split(r"[，,。；;！!？?]", norm) if c.strip()]
    if not clauses:
        return None
    best = max(clauses, key=lambda c: sum(w in c for w in words))
    if not any(w in best for w in words):
        return None
    runs: list[str] = []
    current = ""
    for word in tokenizer.cut(best):
        term = tokenizer.term(word)
        if term is not None and term in words or word in q.text and len(word) >= 2:
            runs.append(current)
            current = ""
        else:
            current += word
    runs.append(current)
    cleaned = [re.sub(r"^(也|都|还|就|是|了|的|和|与)+", "", clean(r)) for r in runs]
    answer = max(cleaned, key=len)
    return answer if 2 <= len(answer) <= 25 else None
