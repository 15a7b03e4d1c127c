"""Example questions taken from the corpus itself, checked to be answerable."""

from __future__ import annotations

import re

from bot.answer.qa import QA

_TIME = re.compile(r"(?:\d{4}年)?(?:今年|去年)?\d{1,2}月(?:\d{1,2}日)?|\d{4}年|\d{1,2}日")
_LEAD = re.compile(r"^(?:至\d{1,2}日)?[\s,，、:：]*")
_NOISE = re.compile(r"本报讯|^据\S{0,6}报道")
_TAIL = re.compile(r"[\s,，、。.!！?？;；]+$")
MAX_TRIES = 40


def example_questions(qa: QA, limit: int = 3) -> list[str]:
    """Up to `limit` questions, one per article, that the QA service answers from that article."""
    engine = qa.engine
    found: list[str] = []
    used: set[int] = set()
    tries = 0
    for distinct in (True, False):  # one per article first, then any article
        for sentence in engine.sentences:
            if len(found) >= limit or tries >= MAX_TRIES:
                break
            if distinct and sentence.doc in used or sentence.headline:
                continue
            question = _when_question(sentence.text)
            if not question or question in found:
                continue
            tries += 1
            answer = qa.answer(question)
            if not answer.abstained and answer.sentence == sentence.text:
                found.append(question)
                used.add(sentence.doc)
    for doc in engine.documents:  # too few dated sentences: fall back to the headlines
        if len(found) >= limit:
            break
        if doc.source.title and not any(doc.source.title in q for q in found):
            found.append(f"《{doc.source.title}》讲了什么？")
    return found[:limit]


def _when_question(sentence: str) -> str | None:
    """ "今年9月,国家质检总局正式命名…。" → "国家质检总局何时正式命名…？"."""
    m = _TIME.search(sentence)
    if not m:
        return None
    rest = _TAIL.sub("", _LEAD.sub("", sentence[m.end() :]))
    head = _TAIL.sub("", _NOISE.sub("", sentence[: m.start()]))
    if not 6 <= len(rest) <= 40 or len(head) > 12:
        return None
    return f"{head}{rest}是什么时候？" if head else f"{rest}是什么时候？"
