"""Read a short follow-up ("那宁波呢？", "是谁命名的？", "哪一年？") with the previous question."""

from __future__ import annotations

import re
from collections.abc import Collection

# Question words, longest first so "什么时候" wins over "什么".
WH_WORDS = (
    "什么时候",
    "哪一年",
    "哪一天",
    "哪些",
    "哪个",
    "哪里",
    "哪儿",
    "哪年",
    "哪天",
    "何时",
    "何地",
    "为什么",
    "为何",
    "怎么样",
    "怎样",
    "怎么",
    "如何",
    "多少",
    "几月",
    "几年",
    "几",
    "是谁",
    "谁",
    "什么",
    "哪",
    "吗",
)
_WH = re.compile("|".join(WH_WORDS))
_COUNT = re.compile(r"(?:多少|几)(?:个|名|位|人次|人|家|次|天|盆|元|项|条|件|岁)")
_TOPIC_SWAP = re.compile(r"^(?:那么|那)?\s*(?P<topic>[^\s，,。？?！!]{1,12}?)\s*呢\s*[？?]*$")
# Where the topic of a question ends: its predicate or question word begins.
_PREDICATE = re.compile("|".join((*WH_WORDS, "是", "被", "在", "的", "有", "将", "把", "为", "获")))
_PRONOUN = re.compile(r"^(?:他们|她们|它们|他|她|它|其|该|这|那)(?=[^么呢])")
_LEADS = re.compile(r"^(?:是|在|由|被|从|到|有|为|" + "|".join(WH_WORDS) + ")")
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
