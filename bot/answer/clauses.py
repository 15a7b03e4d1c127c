"""Clause candidates for a short answer: each clause, the whole sentence, the parts of a
clause either side of a question term, and each of these without its framing words."""

from __future__ import annotations

import re
from collections.abc import Callable

Add = Callable[[int, int, str], None]  # (start, end, kind): span_candidates' collector

CLAUSE_BREAK = re.compile(r"[，,。；;！!？?：:]")
# A clause ends at its punctuation, and at a space between Chinese words: a row of labels
# (全年订价: 300元 每月订价: 25元) or a headline's parts are separate clauses.
CLAUSE_OR_GAP = re.compile(CLAUSE_BREAK.pattern + r"|(?<=[\u4e00-\u9fff\d%])\s(?=[\u4e00-\u9fff])")
# Words that frame a phrase rather than belong to it. A clause's part often starts with a
# preposition, conjunction or copula (以|汉族, 在|六十年代, 由|高昂的嫁妆) or ends with one
# (濒危物种|和, 业务工作|由), which the answer a reader expects leaves out. Tags are jieba's.
_FRAME_TAGS = frozenset(("p", "c", "d", "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e"))
_FRAME_WORDS = frozenset(("是", "为", "有", "被", "受", "将", "把", "自", "从", "来", "内", "中"))
# Brackets and quotation marks a trimmed span must not cut in half: 是|“提升质量 of a quotation
# is no answer, though the clause it was cut from began outside the quotation.
_PAIRS = (
    ("“", "”"),
    ("「", "」"),
    ("『", "』"),
    ("《", "》"),
    ("（", "）"),
    ("(", ")"),
    ("【", "】"),
)


def clauses(
    norm: str,
    terms: tuple[str, ...],
    words: list[tuple[str, str]],
    starts: list[int],
    add: Add,
) -> None:
    """Add the clause candidates of a sentence cut into `words` (word i is
    norm[starts[i]:starts[i + 1]]), each also without its framing words, as "trimmed"."""
    add = _trimming(norm, words, starts, add)
    start = 0
    for m in [*CLAUSE_OR_GAP.finditer(norm), None]:
        end = m.start() if m else len(norm)
        while start < end and norm[start] == " ":
            start += 1
        if end > start:
            add(start, end, "clause")
            clause = norm[start:end]
            for t in terms:
                at = clause.find(t)
                if at > 0:
                    add(start, start + at, "clause_head")  # 国家质检总局|命名…
                if at >= 0 and at + len(t) < len(clause):
                    add(start + at + len(t), end, "clause_tail")
        start = m.end() if m else end
    end = len(norm)
    while end and CLAUSE_BREAK.match(norm, end - 1):
        end -= 1
    add(0, end, "sentence")


def _whole(text: str) -> bool:
    """Whether every bracket and quotation mark the text opens it also closes, and back."""
    return all(text.count(a) == text.count(b) for a, b in _PAIRS)


def _trimming(norm: str, words: list[tuple[str, str]], starts: list[int], add: Add) -> Add:
    """`add`, which also adds each span without the framing words at its edges."""
    at = {s: i for i, s in enumerate(starts)}

    def framing(i: int) -> bool:
        return words[i][1] in _FRAME_TAGS or words[i][0] in _FRAME_WORDS

    def also_trimmed(start: int, end: int, kind: str) -> None:
        add(start, end, kind)
        first, last = at.get(start), at.get(end)
        if first is None or last is None:
            return  # not on word boundaries: jieba cut across it
        while first < last and framing(first):
            first += 1
        while last > first and framing(last - 1):
            last -= 1
        begin, stop = starts[first], starts[last]
        if first < last and (begin, stop) != (start, end) and _whole(norm[begin:stop]):
            add(begin, stop, "trimmed")

    return also_trimmed
