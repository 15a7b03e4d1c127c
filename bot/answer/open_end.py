"""A question that leaves out its question phrase: it ends open (…位于?, …的原因是?, as DRCD
asks) or is a bare topic (松阳医院院长, 潘月娥享年, as readers ask in a chat). It is read with the
phrase it leaves out, so its type and measure are found as in …位于哪里?, …的原因是什么? or
…院长是谁?. An open 是? after any other word (…的前身是?) is read as written."""

from __future__ import annotations

import re

from bot.lang.lexicon import (
    ATTRIBUTES,
    MEASURE_ASKERS,
    OPEN_NOUNS,
    OPEN_WHERE,
    POSTS,
    QUESTION_PHRASES,
)

# Any question phrase anywhere, even inside a word (几 of 几乎): such a question is not read
# as leaving one out; a missed question phrase would otherwise be doubled.
_ANY_PHRASE = re.compile("|".join(sorted(QUESTION_PHRASES, key=len, reverse=True)))
# What each ending leaves out: a place (位于?), who holds a post (院长), or a figure named by
# its noun (享年, 总投资). Nouns a question word is part of (多少钱) never end a bare topic;
# an attribute (热线, 地址) is read where it ends one (question._bare_attribute).
_LEFT_OUT = {
    **{
        w: "是多少"
        for ws in MEASURE_ASKERS.values()
        for w in ws
        if not _ANY_PHRASE.search(w) and w not in ATTRIBUTES
    },
    **{w: "是谁" for w in POSTS},
    **{w: "哪里" for w in OPEN_WHERE},
}
_ENDING = re.compile("(" + "|".join(sorted(_LEFT_OUT, key=len, reverse=True)) + r")([?？\s]*)$")


# A noun that says what is asked, then a copula, ending the question: …的原因是?, …的目的为?
_OPEN_COPULA = re.compile(
    "(?:" + "|".join(sorted(OPEN_NOUNS, key=len, reverse=True)) + r")(?:是|为)([?？\s]*)$"
)


def reopened(text: str) -> str:
    """The question with the phrase its ending leaves out (位于? → 位于哪里?), else as it is."""
    # No ending of _LEFT_OUT ends in 是 or 为, so at most one of the two patterns matches.
    named = _OPEN_COPULA.search(text)
    m = named or _ENDING.search(text)
    if m is None or len(text) == len(m.group(0)) or _ANY_PHRASE.search(text):
        return text
    if named:
        return text[: named.start(1)] + "什么" + named.group(1)
    return text[: m.end(1)] + _LEFT_OUT[m.group(1)] + m.group(2)
