"""Read a short follow-up ("那宁波呢？", "是谁命名的？", "哪一年？") with the previous question."""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.lang.lexicon import FOLLOWUP_UNITS, FOLLOWUP_WORDS

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
MAX_FOLLOWUP = 10  # characters, without punctuation: longer texts are questions of their own


def rewrite(question: str, previous: str | None, entities: Collection[str] = ()) -> str | None:
    """The question as understood with `previous`, or None if it is not a follow-up."""
    if not previous:
        return None
    text = question.strip()
    core = _PUNCT.sub("", text)
    if not core or len(core) > MAX_FOLLOWUP:
        return None
    prev = previous.strip().rstrip("？?。.！! ")
    swap = _TOPIC_SWAP.match(text)
    if swap:
        return _swap_topic(prev, swap.group("topic"), entities)
    if _PRONOUN.match(core):
        topic = topic_of(prev)
        return _PRONOUN.sub(topic, text, count=1) if topic else None
    if _LEADS.match(core) and _WH.search(core):
        return f"{without_wh(prev)}，{text}"
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
