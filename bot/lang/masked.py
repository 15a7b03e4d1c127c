"""Names masked as court and police news print them: 李某, 黄某军, 韩某某.

jieba cuts them anywhere (黄|某军, 赵某|英, 周|某芳, 蒋|某华案), and differently in a question
than in its article, so the tokenizer keeps each whole and the span finder offers it whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.lang.lexicon import SURNAMES
from bot.lang.normalize import hanzi

MASK = "某"
_MASKED = re.compile("(?:" + "|".join(sorted(SURNAMES, key=len, reverse=True)) + ")某某?")
# Characters that follow a masked name and begin the rest of the sentence (陈某与…, 李某在…).
_AFTER_MASKED = frozenset("与和及等在于被将把向对从为是的了称说也都就已又因系、以给")
# What starts the phrase after a name (蒋某华|以…): a word the given name starts with
# (华以) does not keep it off then.
_PHRASE_START = frozenset("以在于将把被从向对给与和")


def masked_names(text: str, known: Callable[[str], bool]) -> list[tuple[int, str]]:
    """Masked names with where they start: 李某 alone, or 黄某军 when the character after 某
    starts no dictionary word (李某|月工资, 李某|提出) and no clause (陈某|与)."""
    out = []
    for m in _MASKED.finditer(text):
        end = m.end()
        given = text[end : end + 1]
        if (
            not m.group(0).endswith("某某")
            and hanzi(given)
            and given not in _AFTER_MASKED
            and (
                text[end + 1 : end + 2] in _PHRASE_START
                or not any(known(text[end : end + n]) for n in (2, 3) if end + n <= len(text))
            )
        ):
            end += 1
        out.append((m.start(), text[m.start() : end]))
    return out
