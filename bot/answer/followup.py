"""Read a short follow-up ("那宁波呢？", "是谁命名的？", "哪一年？") with the previous question."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from bot.answer.qa import QA
from bot.lang.lexicon import DEICTIC, FOLLOWUP_UNITS, FOLLOWUP_WORDS
from bot.model import Answer

_WH = re.compile("|".join(FOLLOWUP_WORDS))
_COUNT = re.compile(r"(?:多少|几)(?:" + "|".join(FOLLOWUP_UNITS) + ")")
_TOPIC_SWAP = re.compile(r"^(?:那么|那)?\s*(?P<topic>[^\s，,。？?！!]{1,12}?)\s*呢\s*[？?]*$")
# Where the topic of a question ends: its predicate or question word begins.
_PREDICATE = re.compile(
    "|".join((*FOLLOWUP_WORDS, "是", "被", "在", "的", "有", "将", "把", "为", "获"))
)
_PRONOUN = re.compile(r"^(?:他们|她们|它们|他|她|它|其|该|这|那)(?=[^么呢])")
_LEADS = re.compile(r"^(?:是|在|由|被|从|到|有|为|" + "|".join(FOLLOWUP_WORDS) + ")")
_PUNCT = re.compile(r"[\s，,。.？?！!、；;：:]+")
# What stands for a paper's own city in its articles (我市, 市委): no answer about the city.
_NAMING = re.compile("|".join(sorted(DEICTIC, key=len, reverse=True)))
MAX_FOLLOWUP = 10  # characters, without punctuation: longer texts are questions of their own


@dataclass(frozen=True)
class Reading:
    """A follow-up as understood with the previous question."""

    text: str
    topic: str | None = None  # the new topic of "那宁波呢": the answer must be about it


def ask(qa: QA, question: str, previous: str | None, explain: bool = False) -> Answer:
    """Answer a question, read with `previous` when it is a follow-up; for every front-end.

    A topic swap ("那宁波呢") is answered about the new topic, or refused: the evidence must
    be about it (in the sentence, or the article's place, paper or title), and a short answer
    that only names it (宁波, or 市委、市政府 in a 宁波 paper) is no answer.
    """
    reading = None
    if previous and is_short(question):
        places = qa.places()
        reading = read(question, previous, places)
    if reading is None:
        return qa.answer(question, explain)
    answer = qa.answer(reading.text, explain)
    reason = off_topic(qa, answer, reading.topic) if reading.topic else None
    if reason:
        why = replace(answer.explain, decision=f"refused: {reason}")
        answer = Answer(question, True, qtype=answer.qtype, reason=reason, explain=why)
    return replace(answer, question=question, understood_as=reading.text)


def off_topic(qa: QA, answer: Answer, topic: str) -> str | None:
    """Why an answer is not about `topic`, or None if it is."""
    if answer.abstained:
        return None
    norm = qa.normalizer
    topic = norm(topic)
    src = answer.source
    where = (answer.sentence or "", *((src.place, src.paper, src.title) if src else ()))
    if not any(topic in norm(w) for w in where if w):
        return f"nothing about {topic} found"
    if answer.answer and not _PUNCT.sub(
        "", _NAMING.sub("", norm(answer.answer).replace(topic, ""))
    ):
        return f"the answer only names {topic}"
    return None


def is_short(question: str) -> bool:
    """Whether a text is short enough to be a follow-up."""
    core = _PUNCT.sub("", question.strip())
    return 0 < len(core) <= MAX_FOLLOWUP


def rewrite(question: str, previous: str | None, entities: Collection[str] = ()) -> str | None:
    """The question as understood with `previous`, or None if it is not a follow-up."""
    reading = read(question, previous, entities)
    return reading.text if reading else None


def read(question: str, previous: str | None, entities: Collection[str] = ()) -> Reading | None:
    """The question as understood with `previous`, or None if it is not a follow-up."""
    if not previous or not is_short(question):
        return None
    text = question.strip()
    core = _PUNCT.sub("", text)
    prev = previous.strip().rstrip("？?。.！! ")
    swap = _TOPIC_SWAP.match(text)
    if swap:
        topic = swap.group("topic")
        return Reading(_swap_topic(prev, topic, entities), topic)
    if _PRONOUN.match(core):
        topic = topic_of(prev)
        return Reading(_PRONOUN.sub(topic, text, count=1)) if topic else None
    if _LEADS.match(core) and _WH.search(core):
        return Reading(f"{without_wh(prev)}，{text}")
    return None


def topic_of(question: str) -> str:
    """The words before the predicate: "永康何时被命名…" → "永康"."""
    m = _PREDICATE.search(question)
    return question[: m.start()] if m else ""


def without_wh(question: str) -> str:
    """The question with its question words removed: the statement it asks about.

    A count's measure word goes with it: "研讨班有多少名学员" → "研讨班有学员".
    """
    return _WH.sub("", _COUNT.sub("", question)).strip("，, ")


def _swap_topic(previous: str, topic: str, entities: Collection[str]) -> str:
    known = sorted(
        (e for e in entities if e and e in previous and e != topic), key=len, reverse=True
    )
    if known:
        return previous.replace(known[0], topic)
    old = topic_of(previous)
    if old:
        return topic + previous[len(old) :]
    return f"{topic}，{previous}"
