"""Short answers: the span of the evidence sentence that answers the question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.answer.question import Question
from bot.answer.spans import definition, typed_spans
from bot.lang.dates import DATE_CHARS
from bot.lang.lexicon import (
    KIND_WH_EXTRACT,
    PREPOSITIONS,
    PURPOSE_MARKERS,
    QUESTION_WORDS,
    REASON_MARKERS,
    SPEECH_VERBS,
)
from bot.lang.tokenizer import Tokenizer
from bot.model import SPAN_TYPES, QType

if TYPE_CHECKING:
    from bot.index.snapshot import Engine

_CLAUSE = re.compile(r"[，,。；;！!？?：:]")
_EDGE = re.compile(r"^[\s、，,。；;：:“”\"'‘’（）()《》]+|[\s、，,。；;：:“”\"'‘’（）()《》]+$")
_TAIL_PARTICLES = re.compile(r"[的了呢吗啊呀么嘛\s?？!！。.,，~～]+$")
# Answered by the nearest span of their type; a place only when the question has one question
# word (从哪里开到哪里 reads better as a pattern).
_SPAN_ANSWERED = SPAN_TYPES - {QType.PLACE}
_ORGS = (QType.ORG, QType.AGENT)  # organisations named together answer together
_REASON = re.compile("(?:" + "|".join(REASON_MARKERS) + ")(.+?)(?:[，,。；;]|$)")
# "打造标杆城市,必须大力弘扬工匠精神": the goal before 必须/才能 is why.
_PURPOSE = re.compile(r"^([^，,。；;]{4,30})[，,](?:" + "|".join(PURPOSE_MARKERS) + ")")
_SPEECH = re.compile("|".join(SPEECH_VERBS))
# Past leading punctuation, dates and 是/为 to the answer: "是2016年11月23日至28日，…".
_LEAD = re.compile(rf"(?:[、，,:：\s{DATE_CHARS}“”\"]|是|为)*")
_QUOTE = re.compile(r"“([^”]{4,80})”")
_JOINER = re.compile(r"和|与|及|以及|、|，|,")
_ANAPHOR = re.compile(r"^(这是|这就是|此即|这便是|这正是)")


def _compact(text: str) -> str:
    """Text without whitespace: spacing differs between questions and articles."""
    return "".join(text.split())


def short_answer(
    q: Question,
    engine: Engine,
    sid: int,
    tokenizer: Tokenizer,
    synonyms: dict[str, tuple[str, ...]],
) -> str | None:
    """The answering span of a sentence, or None when no span fits."""
    norm = engine.norms[sid]
    source = engine.documents[engine.sentences[sid].doc].source
    if q.qtype is QType.TITLE:
        titles = [w for _, w in typed_spans(q, norm, source, tokenizer)]
        if titles:
            return titles[0] if q.wh == "什么" else "、".join(dict.fromkeys(titles))
    if q.wh in QUESTION_WORDS[QType.LIST]:
        gap = _template(q, norm, tokenizer, synonyms) or _residual(q, norm, tokenizer, synonyms)
        if gap:
            return gap
    one_place = q.qtype is QType.PLACE and len(q.wh_spans) == 1
    if q.qtype in _SPAN_ANSWERED or one_place:
        spans = typed_spans(q, norm, source, tokenizer)
        if spans:
            best = _nearest(spans, norm, q)
            return _coordinated(best, spans, norm) if q.qtype in _ORGS else best
        return None
    if q.qtype is QType.REASON:
        m = _REASON.search(norm) or _PURPOSE.search(norm)
        return _clean(m.group(1)) if m else None
    if _SPEECH.search(q.text):
        # "习近平是怎么论述质量的": what was said, in quotation marks.
        quote = _QUOTE.search(norm)
        if quote:
            return quote.group(1)
    if q.qtype is QType.DEFINITION:
        m = definition(q, norm)
        return _clean(m.group(2)) if m else None
    if _ANAPHOR.match(norm) and sid > 0:
        # "精彩!这是…的一致感受": the answer is what "这" points back to.
        prev = engine.sentences[sid - 1]
        if prev.doc == engine.sentences[sid].doc and len(prev.text) <= 12:
            return _clean(engine.norms[sid - 1]) or None
    gap = _template(q, norm, tokenizer, synonyms)
    if gap:
        return gap
    if q.qtype is QType.PLACE:
        spans = typed_spans(q, norm, source, tokenizer)
        return _nearest(spans, norm, q) if spans else None
    return _residual(q, norm, tokenizer, synonyms)


def _nearest(spans: list[tuple[int, str]], norm: str, q: Question) -> str:
    """The span whose surroundings best line up with the question around its question word."""
    qchars = set(q.text)
    left, right = _contexts(q)

    def closeness(span: tuple[int, str]) -> tuple[float, int]:
        start, text = span
        end = start + len(text)
        before = norm[max(0, start - 8) : start][::-1]
        after = norm[end : end + 4]
        # Labels usually precede values ("每月订价: 18元"): nearer characters count most.
        score = sum(1 / (1 + i) for i, c in enumerate(before) if c in qchars and c.strip())
        score += sum(0.3 / (1 + i) for i, c in enumerate(after) if c in qchars and c.strip())
        # "多少名受助大学生" ↔ "390名受助大学生": the question's words right beside the gap.
        tail = right[1:] if right[:1] and text.endswith(right[:1]) else right
        score += 2 * _common_prefix(tail, _squeeze(norm[end : end + 12]))
        score += 2 * _common_prefix(left[::-1], _squeeze(norm[max(0, start - 12) : start])[::-1])
        return (-score, start)

    return min(spans, key=closeness)[1]


def _coordinated(best: str, spans: list[tuple[int, str]], norm: str) -> str:
    """ "由中组部和国家质检总局主办": organisations joined by 和/与/及/、 answer together."""
    ordered = sorted(set(spans))
    chains: list[list[tuple[int, str]]] = []
    for start, text in ordered:
        if chains:
            p_start, p_text = chains[-1][-1]
            if _JOINER.fullmatch(norm[p_start + len(p_text) : start]):
                chains[-1].append((start, text))
                continue
        chains.append([(start, text)])
    for chain in chains:
        if any(text == best for _, text in chain) and len(chain) > 1:
            return norm[chain[0][0] : chain[-1][0] + len(chain[-1][1])]
    return best


def _squeeze(text: str) -> str:
    return re.sub(r"[\s:：,，、]", "", text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _contexts(q: Question) -> tuple[str, str]:
    """The question's text before its first and after its last question phrase, squeezed."""
    if not q.wh_spans:
        return _squeeze(q.text), ""
    left = q.text[: q.wh_spans[0][0]]
    right = _TAIL_PARTICLES.sub("", q.text[q.wh_spans[-1][1] :])
    return _squeeze(left), _squeeze(right)


def _clean(text: str) -> str:
    return _EDGE.sub("", text).strip()


def _template(
    q: Question, norm: str, tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]]
) -> str | None:
    """Read the question as a pattern around its question word; fill the gap from the sentence."""
    text = _compact(q.text)
    if not q.wh_spans:
        # "质量月的主题": no question word, so the question is the left side of a gap.
        text = _TAIL_PARTICLES.sub("", text)
        first = last = (len(text), len(text))
    else:
        first, last = _compact_spans(q.text, q.wh_spans)
    left = _TAIL_PARTICLES.sub("", text[: first[0]])
    right = _TAIL_PARTICLES.sub("", text[last[1] :])
    middle = text[first[1] : last[0]] if last != first else ""
    kind_only = bool(q.category and right.startswith(q.category) and q.category not in norm)
    if kind_only:
        right = right[len(q.category or "") :]  # "哪些单位联合成立": 单位 names the kind only
    sent = _compact(norm)
    l_end = _left_anchor(left, sent, q, tokenizer)
    from_ = l_end if l_end is not None else 0
    if middle:
        m = sent.find(middle, from_)
        if m < 0 or l_end is None:
            return None
        r = _right_anchor(right, sent, m + len(middle), synonyms)
        end = r[0] if r else _clause_end(sent, m + len(middle))
        start = l_end - 1 if sent[l_end - 1 : l_end] in "从自由在到向往" else l_end
        return _clean(sent[start:end]) or None
    r = _right_anchor(right, sent, from_, synonyms)
    if l_end is not None and not r and right:
        # The right side may stand first: "由哪些单位联合成立" ↔ "X、Y联合举行…成立仪式".
        r = _right_anchor(right, sent, 0, synonyms)
        if r and r[0] < l_end:
            l_end = None
        else:
            r = None
    if l_end is not None and r:
        gap = sent[l_end : r[0]]
    elif l_end is not None:
        gap = _skip_lead(sent, l_end)
    elif r:
        start = _clause_start(sent, r[0])
        if start == r[0]:
            start = _clause_start(sent, max(0, start - 1))
        gap = sent[start : r[0]]
        if q.qtype is QType.MANNER and len(_clean(gap)) <= 3:
            # "要扎实推进X,以创新驱动…": past an adverb, the how follows the matched clause.
            after = _clause_end(sent, r[1]) + 1
            gap = sent[after : _clause_end(sent, after)]
    else:
        return None
    gap = re.sub(r"(等|的)$", "", _clean(gap))
    if len(gap) < 2 and r:
        # "有什么感觉" ↔ "也觉得有点意外": the answer follows the word that stood for the noun.
        gap = _clean(sent[r[1] : _clause_end(sent, r[1])])
        r = None
    if len(gap) < 2 and l_end is not None and not r and _clause_end(sent, l_end) == l_end:
        # "工匠精神是…,也是金政在讲课中提得最多的内容": the sentence's subject is the answer.
        subject = re.match(r"([^，,。；;是]{2,12})是", sent)
        gap = subject.group(1) if subject else gap
    if len(gap) < 2 or len(gap) > 40:
        return None
    wh_word = text[first[0] : first[1]]
    if r and not kind_only and sent[r[0] - 1 : r[0]] != "的" and wh_word in KIND_WH_EXTRACT:
        # "打造什么样的企业" → "百年企业": the asked noun belongs to the answer, unless the
        # question word follows a preposition ("向什么转变": 转变 is the verb).
        noun = sent[r[0] : r[1]]
        if text[first[0] - 1 : first[0]] not in PREPOSITIONS:
            gap = _extend_list(gap + noun, sent, r[1], noun, left)
    return gap


def _compact_spans(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    shift = [len(text[:i].replace(" ", "")) for i in range(len(text) + 1)]
    moved = [(shift[s], shift[e]) for s, e in spans]
    return moved[0], moved[-1]


def _left_anchor(left: str, sent: str, q: Question, tokenizer: Tokenizer) -> int | None:
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
    m = _CLAUSE.search(sent, pos)
    return m.start() if m else len(sent)


def _clause_start(sent: str, pos: int) -> int:
    starts = [m.end() for m in _CLAUSE.finditer(sent, 0, pos)]
    return starts[-1] if starts else 0


def _skip_lead(sent: str, pos: int) -> str:
    """Text after pos up to the next break, past leading punctuation, numbers and dates."""
    rest = sent[pos:]
    m = _LEAD.match(rest)
    rest = rest[m.end() if m else 0 :]
    end = re.search(r"[，,。；;！!？?、]", rest)
    return rest[: end.start()] if end else rest


def _residual(
    q: Question, norm: str, tokenizer: Tokenizer, synonyms: dict[str, tuple[str, ...]]
) -> str | None:
    """In the clause that best matches, what the question does not already say."""
    words = {w for t in q.terms for w in synonyms.get(t, (t,))} | set(q.terms)
    clauses = [c for c in re.split(r"[，,。；;！!？?]", norm) if c.strip()]
    if not clauses:
        return None
    best = max(clauses, key=lambda c: sum(w in c for w in words))
    if not any(w in best for w in words):
        return None
    runs: list[str] = []
    current = ""
    for word in tokenizer.cut(best):
        term = tokenizer.term(word)
        if term is not None and term in words or word in q.text and len(word) >= 2:
            runs.append(current)
            current = ""
        else:
            current += word
    runs.append(current)
    cleaned = [re.sub(r"^(也|都|还|就|是|了|的|和|与)+", "", _clean(r)) for r in runs]
    answer = max(cleaned, key=len)
    return answer if 2 <= len(answer) <= 25 else None
