"""The question as a pattern around its question word, and the gap it leaves in a sentence.

"质量月的主题是什么" is read as left part 质量月的主题是, question word, empty right part; in
"今年质量月的主题是'提升质量'" the text after the left part is the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.clauses import CLAUSE_BREAK
from bot.answer.question import Question
from bot.lang.dates import DATE_CHARS
from bot.lang.lexicon import KIND_WH_EXTRACT, PREPOSITIONS
from bot.lang.tokenizer import Tokenizer
from bot.model import QType

_EDGE = re.compile(r"^[\s、，,。；;：:“”\"'‘’（）()《》]+|[\s、，,。；;：:“”\"'‘’（）()《》]+$")
TAIL_PARTICLES = re.compile(r"[的了呢吗啊呀么嘛\s?？!！。.,，~～]+$")
_SEPARATORS = re.compile(r"[\s:：,，、]")  # what squeeze drops
_ITEM_END = re.compile(r"[,，、;；。]")
# Past leading punctuation, dates and 是/为 to the answer: "是2016年11月23日至28日，…".
_LEAD = re.compile(rf"(?:[、，,:：\s{DATE_CHARS}“”\"]|是|为)*")


def squeeze(text: str) -> str:
    """Text without spaces and the separators a label leaves (每月订价: 18元 → 每月订价18元)."""
    return _SEPARATORS.sub("", text)


# How far around a span its context is read, in characters.
_AROUND = 12


def following(norm: str, end: int) -> str:
    """What follows a span in its own list item or clause, squeezed: the question's words after
    its question word may go on there (多少名受助大学生 ↔ 390名受助大学生), not past a 、 or ，
    into the next item (多少玩具 ↔ 312亿元、玩具186亿元)."""
    return squeeze(_ITEM_END.split(norm[end : end + _AROUND], 1)[0])


def beyond(right: str, text: str) -> str:
    """The question's text after its question word, less the unit a span already ends in:
    多少名受助大学生 against 390名 goes on with 受助大学生."""
    return right[1:] if right[:1] and text.endswith(right[:1]) else right


def preceding(norm: str, start: int) -> str:
    """What precedes a span, squeezed (across items: cutting it there did worse, docs)."""
    return squeeze(norm[max(0, start - _AROUND) : start])


def shared_start(a: str, b: str, most: int) -> float:
    """How much of `most` characters two texts share from their start, from 0 to 1."""
    return min(common_prefix(a, b), most) / most


def common_prefix(a: str, b: str) -> int:
    """How many characters two texts share from their start."""
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def compact(text: str) -> str:
    """Text without whitespace: spacing differs between questions and articles."""
    return "".join(text.split())


def clean(text: str) -> str:
    """Text without punctuation, quotes and brackets at either end."""
    return _EDGE.sub("", text).strip()


def fill(
    q: Question, norm: str, tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]]
) -> str | None:
    """Read the question as a pattern around its question word; fill the gap from the sentence."""
    p = _pattern(q, norm)
    sent = compact(norm)
    l_end = _left_anchor(p.left, sent, tokenizer)
    if l_end is not None and p.left_tail and sent.startswith(p.left_tail, l_end):
        l_end += len(p.left_tail)  # 观看了牡丹峰乐团: the answer starts after 了, as asked
    if p.middle:
        return _between(p, sent, l_end, synonyms)
    l_end, r = _anchors(p.right, sent, l_end, synonyms)
    gap = _gap(q, sent, l_end, r)
    if gap is None:
        return None
    gap, r = _lengthen(gap, sent, l_end, r)
    if len(gap) < 2 or len(gap) > 40:
        return None
    return _with_asked_noun(p, gap, sent, r, q.kind)


@dataclass(frozen=True)
class _Pattern:
    """The question as a pattern: left part, question phrase(s), right part; no whitespace."""

    text: str
    first: tuple[int, int]  # the first question phrase in `text`
    left: str
    middle: str  # between the first and the last of two question phrases
    right: str
    kind_only: bool  # the right part began with the asked kind (哪些单位), now cut off
    left_tail: str = ""  # the particles cut off the left part (了 in 观看了哪个乐团)

    @property
    def wh_word(self) -> str:
        return self.text[self.first[0] : self.first[1]]

    @property
    def after_preposition(self) -> bool:
        """ "向什么转变": the question word follows a preposition."""
        return self.text[self.first[0] - 1 : self.first[0]] in PREPOSITIONS


def _pattern(q: Question, norm: str) -> _Pattern:
    text = compact(q.text)
    if not q.wh_spans:
        # "质量月的主题": no question word, so the question is the left side of a gap.
        text = TAIL_PARTICLES.sub("", text)
        first = last = (len(text), len(text))
    else:
        first, last = _compact_spans(q.text, q.wh_spans)
    left = TAIL_PARTICLES.sub("", text[: first[0]])
    left_tail = text[len(left) : first[0]]
    right = TAIL_PARTICLES.sub("", text[last[1] :])
    middle = text[first[1] : last[0]] if last != first else ""
    kind_only = bool(q.category and right.startswith(q.category) and q.category not in norm)
    if kind_only:
        right = right[len(q.category or "") :]  # "哪些单位联合成立": 单位 names the kind only
    return _Pattern(text, first, left, middle, right, kind_only, left_tail)


def _between(
    p: _Pattern, sent: str, l_end: int | None, synonyms: dict[str, tuple[str, ...]]
) -> str | None:
    """ "从哪里开到哪里": with two question phrases, the answer spans from one to the other."""
    if l_end is None:
        return None
    m = sent.find(p.middle, l_end)
    if m < 0:
        return None
    r = _right_anchor(p.right, sent, m + len(p.middle), synonyms)
    end = r[0] if r else _clause_end(sent, m + len(p.middle))
    start = l_end - 1 if sent[l_end - 1 : l_end] in "从自由在到向往" else l_end
    return clean(sent[start:end]) or None


def _anchors(
    right: str, sent: str, l_end: int | None, synonyms: dict[str, tuple[str, ...]]
) -> tuple[int | None, tuple[int, int] | None]:
    """Where the left part ends and the right part stands in the sentence, either maybe None."""
    r = _right_anchor(right, sent, l_end if l_end is not None else 0, synonyms)
    if l_end is not None and not r and right:
        # The right side may stand first: "由哪些单位联合成立" ↔ "X、Y联合举行…成立仪式".
        r = _right_anchor(right, sent, 0, synonyms)
        if r and r[0] < l_end:
            l_end = None
        else:
            r = None
    return l_end, r


def _gap(q: Question, sent: str, l_end: int | None, r: tuple[int, int] | None) -> str | None:
    """The text between the anchors, or after the left one, or the clause before the right."""
    if l_end is not None and r:
        gap = sent[l_end : r[0]]
    elif l_end is not None:
        gap = _skip_lead(sent, l_end)
    elif r:
        start = _clause_start(sent, r[0])
        if start == r[0]:
            start = _clause_start(sent, max(0, start - 1))
        gap = sent[start : r[0]]
        if q.qtype is QType.MANNER and len(clean(gap)) <= 3:
            # "要扎实推进X,以创新驱动…": past an adverb, the how follows the matched clause.
            after = _clause_end(sent, r[1]) + 1
            gap = sent[after : _clause_end(sent, after)]
    else:
        return None
    return re.sub(r"(等|的)$", "", clean(gap))


def _lengthen(
    gap: str, sent: str, l_end: int | None, r: tuple[int, int] | None
) -> tuple[str, tuple[int, int] | None]:
    """A gap under two characters: look past the right anchor, or take the sentence's subject."""
    if len(gap) < 2 and r:
        # "有什么感觉" ↔ "也觉得有点意外": the answer follows the word that stood for the noun.
        gap = clean(sent[r[1] : _clause_end(sent, r[1])])
        r = None
    if len(gap) < 2 and l_end is not None and not r and _clause_end(sent, l_end) == l_end:
        # "工匠精神是…,也是金政在讲课中提得最多的内容": the sentence's subject is the answer.
        subject = re.match(r"([^，,。；;是]{2,12})是", sent)
        gap = subject.group(1) if subject else gap
    return gap, r


def _with_asked_noun(
    p: _Pattern, gap: str, sent: str, r: tuple[int, int] | None, kind: str | None
) -> str:
    """ "打造什么样的企业" → "百年企业": the asked noun belongs to the answer; so does the kind
    a stem and measure word ask for (观看哪一个乐团的表演 → 牡丹峰乐团).

    Not when the question word follows a preposition ("向什么转变": 转变 is the verb).
    """
    if r is None:
        return gap
    names_kind = kind is not None and sent.startswith(kind, r[0])
    if (
        not p.kind_only
        and sent[r[0] - 1 : r[0]] != "的"
        and (p.wh_word in KIND_WH_EXTRACT or names_kind)
        and not p.after_preposition
    ):
        # The kind named, not the whole right part (乐团, not 乐团的演出), when it is known.
        end = r[0] + len(kind) if kind and names_kind else r[1]
        noun = sent[r[0] : end]
        return _extend_list(gap + noun, sent, end, noun, p.left)
    return gap


def _compact_spans(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    shift = [len(text[:i].replace(" ", "")) for i in range(len(text) + 1)]
    moved = [(shift[s], shift[e]) for s, e in spans]
    return moved[0], moved[-1]


def _left_anchor(left: str, sent: str, tokenizer: Tokenizer) -> int | None:
    """End of the longest tail of the question's left part found in the sentence."""
    for size in range(len(left), 1, -1):
        pos = sent.find(left[-size:])
        if pos >= 0:
            return pos + size
    before = [t for t in tokenizer.tokenize(left) if len(t) >= 2]
    for term in reversed(before):
        pos = sent.find(term)
        if pos >= 0:
            return pos + len(term)
    return None


def _right_anchor(
    right: str, sent: str, start: int, synonyms: dict[str, tuple[str, ...]]
) -> tuple[int, int] | None:
    """Where the head of the question's right part appears in the sentence after start."""
    right = right.removeprefix("的") if right.startswith("的") else right
    for size in range(len(right), 1, -1):
        head = right[:size]
        for word in synonyms.get(head, (head,)):
            pos = sent.find(word, start)
            if pos >= 0:
                return pos, pos + len(word)
    if len(right) == 1:
        pos = sent.find(right, start)
        return (pos, pos + 1) if pos >= 0 else None
    return None


def _extend_list(answer: str, sent: str, pos: int, noun: str, left: str) -> str:
    """Carry "百年企业、常青企业" on through items of the same shape."""
    stop = left[-1:] if left else ""
    while True:
        m = re.match(rf"、([^，,。；;、]{{1,12}}?){re.escape(noun)}", sent[pos:])
        if not m or (stop and stop in m.group(1)):
            return answer
        answer += m.group(0)
        pos += m.end()


def _clause_end(sent: str, pos: int) -> int:
    m = CLAUSE_BREAK.search(sent, pos)
    return m.start() if m else len(sent)


def _clause_start(sent: str, pos: int) -> int:
    starts = [m.end() for m in CLAUSE_BREAK.finditer(sent, 0, pos)]
    return starts[-1] if starts else 0


def _skip_lead(sent: str, pos: int) -> str:
    """Text after pos up to the next break, past leading punctuation, numbers and dates."""
    rest = sent[pos:]
    m = _LEAD.match(rest)
    rest = rest[m.end() if m else 0 :]
    end = re.search(r"[，,。；;！!？?、]", rest)
    return rest[: end.start()] if end else rest
