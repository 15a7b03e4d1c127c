"""为 before 什么 or 何: a why-question, or 为 closing the words before it and a what-question.

"被称为什么", "因为什么天灾", "制作模式为何?", "重心为什么行业?": 为 belongs to the words before
it, and 什么/何 asks what; elsewhere 为什么 asks why.
"""

from __future__ import annotations

import re

from bot.lang.lexicon import AS_VERBS, WHY_WORDS
from bot.lang.tokenizer import Tokenizer

_CLOSING = re.compile(r"[\s?？!！。.呢吗]")  # what may follow the question word it ends on


def asks_what(text: str, start: int, end: int, tokenizer: Tokenizer) -> bool:
    """Whether the why-word text[start:end] is 为 + a what-question word."""
    if text[start:end] not in WHY_WORDS:
        return False
    before = text[:start]
    rest = _CLOSING.sub("", text[end:])
    if rest and tokenizer.tag(rest)[:1] == "n":  # '' for a word not in the dictionary
        rest = ""  # 为什么行业: a noun closing the question names the kind asked
    closing = not rest and not before.endswith("是")
    return (
        before.endswith("因")
        or closing
        or (text[start:end] != "为何" and before.endswith(AS_VERBS))
    )
