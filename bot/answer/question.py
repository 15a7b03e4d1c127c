"""Question analysis: what kind of answer is wanted, and which words are the topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.lang.lexicon import (
    AGENT_ASKERS,
    AGENT_VERBS,
    ATTRIBUTE_WH,
    ATTRIBUTES,
    CATEGORIES,
    CHATTER,
    COUNTED_UNITS,
    FILLER,
    FRAME_VERBS,
    KIND_WH,
    QUESTION_WORDS,
    YESNO_PARTICLES,
)
from bot.lang.tokenizer import Tokenizer
from bot.model import QType

# Question phrases by their first character, for one pass over a question's word starts.
_BY_FIRST: dict[str, list[tuple[str, QType, int]]] = {}
for _rank, (_qtype, _words) in enumerate(QUESTION_WORDS.items()):
    for _word in _words:
        _BY_FIRST.setdefault(_word[0], []).append((_word, _qtype, _rank))
# "多少家企业", "几名学员": the measure word a counted answer must carry.
_COUNTED = re.compile(r"(?:多少|几)(" + "|".join(COUNTED_UNITS) + ")")
_YESNO_END = re.compile("(" + "|".join(YESNO_PARTICLES) + ")[?？]?$")
_CHATTER = re.compile(r"^(" + "|".join(CHATTER) + r")[!！。.~～?？\s]*$", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
_AGENT = re.compile("(" + "|".join(AGENT_ASKERS) + ")(" + "|".join(AGENT_VERBS) + ")")
# Types a kind noun after the question word may sharpen: 哪些职务 asks for titles.
_KIND_REFINES = (QType.WHAT, QType.LIST, QType.ORG, QType.PERSON, QType.OTHER)


@dataclass(frozen=True)
class Question:
    """An analysed question."""

    text: str  # normalised
    qtype: QType
    wh: str | None  # the question phrase found, if any
    terms: tuple[str, ...]  # topic terms for retrieval, question words removed
    chatter: bool = False
    wh_spans: tuple[tuple[int, int], ...] = ()  # where the question phrases stand in `text`
    category: str | None = None  # the noun after the question word (职务 in 哪些职务)
    unit: str | None = None  # the measure word a count must carry (家 in 多少家企业)


def _wh_spans(text: str, starts: set[int], ends: set[int]) -> list[tuple[int, int, QType, int]]:
    """Question phrases that begin and end on word boundaries: (start, end, type, rank).

    The boundaries keep 几 in 几乎 or 谁 in a name from reading as questions.
    """
    found: list[tuple[int, int, QType, int]] = []
    for start in starts:
        for phrase, qtype, rank in _BY_FIRST.get(text[start : start + 1], ()):
            end = start + len(phrase)
            if end in ends and text.startswith(phrase, start):
                found.append((start, end, qtype, rank))
    # Longest phrase wins an overlap; then the more specific type.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[3], f[0]))
    chosen: list[tuple[int, int, QType, int]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    return sorted(chosen)


def analyse(text: str, tokenizer: Tokenizer) -> Question:
    """Type a normalised question and pick its topic terms."""
    stripped = text.strip()
    if _PUNCT_ONLY.match(stripped) or _CHATTER.match(stripped):
        return Question(stripped, QType.OTHER, None, (), chatter=True)
    spans = tokenizer.spans(stripped)
    wh = _wh_spans(stripped, {s for _, s, _ in spans}, {e for _, _, e in spans})
    qtype, phrase = QType.OTHER, None
    if wh:
        best = min(wh, key=lambda f: (-(f[1] - f[0]), f[3]))
        qtype, phrase = best[2], stripped[best[0] : best[1]]
        if qtype is QType.PERSON and _AGENT.search(stripped):
            qtype = QType.AGENT
    elif _YESNO_END.search(stripped):
        qtype = QType.YESNO
    category = None
    for s0, e0, _, _ in wh:
        after = next((w for w, st, _ in spans if st == e0), None)
        if stripped[s0:e0] in KIND_WH and after in CATEGORIES:
            category = after
            if qtype in _KIND_REFINES:
                qtype = CATEGORIES[after]
    if category is None and wh and stripped[wh[0][0] : wh[0][1]] in ATTRIBUTE_WH:
        # "…的主题是什么", "…的职务有哪些": the attribute asked about, often not repeated
        # in the answer.
        before = [w for w, _, e in spans if e <= wh[0][0] and w.strip()]
        if len(before) >= 2 and before[-1] in ("是", "有") and tokenizer.tag(before[-2])[:1] == "n":
            category = before[-2]
            if category in CATEGORIES and qtype in (QType.WHAT, QType.LIST):
                qtype = CATEGORIES[category]
    if not wh and spans:
        # "永康日报征订热线": a bare topic ending in an attribute asks for that attribute.
        words = [w for w, _, _ in spans if w.strip("?？!！。 ")]
        last = words[-1] if words else ""
        if last in ATTRIBUTES:
            qtype, category = ATTRIBUTES[last], last
    if wh and re.fullmatch(r"[^的]{2,12}是什么[?？]?", stripped):
        qtype, category = QType.DEFINITION, None  # "工匠精神是什么" asks what the term is
    elif (
        qtype is QType.PERSON
        and wh
        and stripped[wh[-1][1] :].strip("?？ ") == ""
        and any(tokenizer.tag(w) == "nr" for w, _, _ in spans)
    ):
        qtype = QType.TITLE  # "唐一军是谁": a named person's role
    unit = None
    if qtype is QType.NUMBER:
        m = _COUNTED.search(stripped)
        unit = m.group(1) if m else None
    frame = FRAME_VERBS.get(qtype, frozenset())
    terms = []
    for word, start, end in spans:
        term = tokenizer.term(word)
        if term is None or term in FILLER or term in frame:
            continue
        if any(start < e and s < end for s, e, _, _ in wh):
            continue
        terms.append(term)
    return Question(
        stripped,
        qtype,
        phrase,
        tuple(dict.fromkeys(terms)),
        wh_spans=tuple((s, e) for s, e, _, _ in wh),
        category=category,
        unit=unit,
    )
