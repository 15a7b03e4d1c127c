"""Runs of nouns in a tagged sentence, and the names jieba cut a character off.

jieba cuts some names a character short (被|浣|东|街道|队: 浣 a one-character verb morpheme;
延伸|至孝|丰镇: 至 glued to the name's first character). A wide run takes such characters in,
and the names inside it are offered stretched back to its start (span_candidates).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.lang.normalize import hanzi

# Tags of words a run of nouns is made of: nouns, names, other proper nouns, abbreviations,
# idioms, verbal nouns, letters and digits with their measure words.
_NOUN_TAGS = frozenset(("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "nl", "vn", "an", "j"))
_NOUN_TAGS |= frozenset(("eng", "l", "i"))
MAX_NOUN_RUN = 20
# The kinds of candidate a wide run stretches.
_STRETCHED = frozenset(("person", "place", "org", "noun"))
# A single character jieba cut off a name and tagged as a morpheme or modifier (浣 vg, 坞 ng,
# 村 zg, 悦康 a): inside a run of nouns, part of it.
_BRIDGE_TAGS = frozenset(("vg", "ng", "zg", "ag", "a", "b", "tg", "g"))
# A preposition or conjunction jieba's HMM glued to the first character of a name (由次|坞,
# 至孝|丰镇): the rest of the word may start a run.
_GLUED_LEAD = frozenset("由至在于被从到向往给和与对将把")


def nominal(words: list[tuple[str, str]], i: int) -> bool:
    """Whether word i belongs in a run of nouns: a noun of any kind, or a numeral before its
    measure word (3|座)."""
    tag = words[i][1]
    return tag in _NOUN_TAGS or (tag == "m" and i + 1 < len(words) and words[i + 1][1] == "q")


def wide_runs(words: list[tuple[str, str]], starts: list[int]) -> list[tuple[int, int]]:
    """Runs of nouns that take in the characters jieba cut off them; only those that differ
    from the plain runs of span_candidates._names (they hold a bridging or glued character)."""
    out = []
    run_start = -1
    bridged = False
    n = len(words)
    for i in range(n + 1):
        w, tag = words[i] if i < n else ("", "x")
        s = starts[i]
        core = i < n and nominal(words, i)
        bridge = len(w) == 1 and tag in _BRIDGE_TAGS and hanzi(w)
        if core or bridge or (tag == "q" and run_start >= 0):
            if run_start < 0:
                run_start = s
            bridged |= bridge
            continue
        if run_start >= 0 and bridged and s - run_start <= MAX_NOUN_RUN:
            out.append((run_start, s))
        run_start, bridged = -1, False
        glued = len(w) == 2 and w[0] in _GLUED_LEAD and tag not in _NOUN_TAGS
        if glued and i + 1 < n and words[i + 1][1] in _NOUN_TAGS | _BRIDGE_TAGS:
            run_start, bridged = s + 1, True
    return out


def widened(
    found: dict[tuple[int, int], tuple[set[str], str, str | None]],
    runs: list[tuple[int, int]],
    add: Callable[[int, int, str], None],
) -> None:
    """A name inside a wide run, stretched back to the run's start, is a candidate of its kinds
    too, marked wide (丰镇 → 孝丰镇, 东街道队 → 浣东街道队)."""
    for ws, we in runs:
        for (s, e), (kinds, _, _) in list(found.items()):
            if ws <= s < e <= we and (ws, e) != (s, e) and kinds & _STRETCHED:
                for kind in kinds & _STRETCHED:
                    add(ws, e, kind)
                add(ws, e, "wide")
