"""Lists as candidate answers: items joined by 、 answer a 哪些 question together.

`span_candidates._series` joins names the tagger knows to be of one kind; many listed items
are not names it knows (薛家村、宋严村; 218路、225路; 听歌、集体看电视、约会). Here the 、 itself
marks the items. Those between two 、 are whole. The first and the last reach out of the list
only over name-like words, so that the verb or preposition before it (分布于|广东、广西) and
what follows it stay out; where the tagger leaves it unclear how far, both the shortest item
as long as the others and the longest are offered, and the span model chooses.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.lang.lexicon import COORDINATORS, LAST_JOINERS

# Words the first and last items may be made of: nouns and names of any kind, abbreviations,
# verbal nouns (旅游 of 市文化和广电旅游体育局), numerals with measure words (218路), bound
# morphemes (村 of 横店|镇桐|坞|村) and words jieba does not know.
_ITEM_TAGS = frozenset(("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "nl", "j", "eng"))
_ITEM_TAGS |= frozenset(("vn", "m", "q", "zg", "x", ""))
_ITEM_WORDS = 4  # words of one item, at most
_ITEM_CHARS = 12


def lists(
    words: list[tuple[str, str]], starts: list[int], add: Callable[[int, int, str], None]
) -> None:
    """Add the lists of a sentence as "list" candidates.

    `words`: the sentence's (word, tag) pairs; word i is norm[starts[i]:starts[i + 1]]."""
    n = len(words)
    i = 0
    while i < n:
        if words[i][0] != "、" or i == 0:
            i += 1
            continue
        # The items between two 、, each whole: sizes of them, and the last 、.
        sizes = []
        sep = i
        while True:
            nxt = sep + 1
            while nxt < n and nxt - sep <= _ITEM_WORDS and words[nxt][0].isalnum():
                nxt += 1
            size = starts[nxt] - starts[sep + 1]
            if nxt < n and words[nxt][0] == "、" and 0 < size <= _ITEM_CHARS:
                sizes.append(size)
                sep = nxt
                continue
            break
        lasts = _reach(words, sep + 1, 1, 0)
        if lasts:
            last = lasts[1]
            # The first item is as long as the shortest of the others, or reaches farther.
            least = min(sizes or [starts[last + 1] - starts[sep + 1]])
            if last + 2 < n and words[last + 1][0] in LAST_JOINERS:
                joined = _reach(words, last + 2, 1, 0)
                last = joined[1] if joined else last
            firsts = _reach(words, i - 1, -1, least)
            # Not a numbered point (三、和睦路以北): a first item of one numeral.
            if firsts and not (firsts[1] == i - 1 and words[i - 1][1] == "m"):
                for first in dict.fromkeys(firsts):
                    for end in dict.fromkeys((lasts[1], last)):
                        add(starts[first], starts[end + 1], "list")
        i = sep + 1


def _reach(words: list[tuple[str, str]], at: int, step: int, least: int) -> tuple[int, int] | None:
    """How far the item starting (step 1) or ending (step -1) at word `at` may reach over
    name-like words, at most _ITEM_WORDS of them: (the word where it is first `least`
    characters long, or the farthest if never; the farthest), or None when word `at` is not
    one. Going forward, a numeral after the first word starts what follows the list
    (218路、225路|两条)."""
    shortest = farthest = None
    size = 0
    j = at
    while 0 <= j < len(words) and abs(j - at) < _ITEM_WORDS:
        w, tag = words[j]
        size += len(w)
        if not w.isalnum() or tag not in _ITEM_TAGS or size > _ITEM_CHARS:
            break
        if step > 0 and j > at and tag == "m":
            break
        farthest = j
        if shortest is None and size >= least:
            shortest = j
        j += step
    if farthest is None:
        return None
    return (farthest if shortest is None else shortest), farthest


def coordinated(norm: str, start: int, end: int, items: list[str]) -> bool:
    """Whether norm[start:end] is joined by 和, 与, 、… to one of `items`, the things the
    question names (洪堡 of 洪堡与纽曼, asked 一是纽曼，另一个是?)."""
    for j in COORDINATORS:
        after = end + len(j)
        before = start - len(j)
        if norm.startswith(j, end) and any(norm.startswith(t, after) for t in items):
            return True
        if (
            before > 0
            and norm.startswith(j, before)
            and any(norm.endswith(t, 0, before) for t in items)
        ):
            return True
    return False
