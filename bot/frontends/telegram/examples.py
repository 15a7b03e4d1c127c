"""Example questions for /start, made from the corpus and kept only when the bot answers them.

A statement becomes a question the way a reader would ask it: its date or its number is
replaced by a question word at its place in one clause ("国家质检总局正式命名我市为…" of a
sentence dated 今年9月 → "国家质检总局什么时候正式命名永康为…？"). A candidate is kept only
when the bot, asked it, answers from that very sentence with the date or number taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.answer.qa import QA
from bot.corpus.boilerplate import is_boilerplate
from bot.lang.dates import find_dates
from bot.lang.names import is_name
from bot.lang.tokenizer import Tokenizer
from bot.model import Sentence

MAX_TRIES = 60  # questions put to the bot while looking; each costs about a millisecond
MIN_CHARS, MAX_CHARS = 8, 30  # a question a person would type: neither a stub nor a paragraph
_STOPS = "，,；;。！!？?：: \u3000"
_CLAUSE = re.compile(rf"[^{_STOPS}]+")
_COUNT = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(多|余)?(万|亿)?"
    r"(名|位|个|人|盆|次|年|天|家|项|所|座|辆|台|吨|公里|米|亩|户|件|场|届|岁|条|篇|元|万元|亿元)"
)
_OUR_CITY = re.compile(r"我市|本市")
_OPENING = re.compile(
    r"^(?:而且|并且|同时|此外|其中|但是|但|而|并|也|还|又|据悉|目前|由|在|从|把|对|以|为)"
)
_DEICTIC = re.compile(r"^(?:这|那|其|他|她|它|该|此)")  # "这个…" needs the sentence before
_ASKED = "什么时候"


def example_questions(qa: QA, limit: int = 3) -> list[str]:
    """Up to `limit` questions, one per article while there are more, the bot answers well."""
    engine = qa.engine
    found: list[tuple[int, str]] = []
    tries = 0
    for distinct in (True, False):  # one per article first, then any article
        for sentence, norm in zip(engine.sentences, engine.norms, strict=True):
            if len(found) >= limit or tries >= MAX_TRIES:
                break
            if distinct and any(doc == sentence.doc for doc, _ in found):
                continue
            for question, expected in candidates(qa, sentence, norm):
                if question in (q for _, q in found):
                    continue
                tries += 1
                if _answers(qa, question, sentence, expected):
                    found.append((sentence.doc, question))
                    break
    return [q for _, q in found[:limit]]


def candidates(qa: QA, sentence: Sentence, text: str) -> Iterator[tuple[str, str]]:
    """(question, expected short answer) pairs made from one sentence (`text`: normalised)."""
    if sentence.headline or is_boilerplate(sentence.text) or sentence.text.endswith(("?", "？")):
        return
    source = qa.engine.documents[sentence.doc].source
    place = source.place or ""
    for span in find_dates(text, source.date):
        if span.year is None:
            continue  # a 24日 the article's date cannot place
        clause = _event_after(text, span.start, span.end)
        question = _when(clause, qa.tokenizer) if clause else None
        if question:
            yield _finish(question, place), span.resolved
    for part in _CLAUSE.finditer(text):
        for m in _COUNT.finditer(part.group()):
            question = _how_many(part.group(), m, qa.tokenizer)
            if question:
                yield _finish(question, place), m.group(0)
        for made in (_who(part.group(), qa.tokenizer), _what_is(text, part, qa.tokenizer)):
            if made:
                yield _finish(made[0], place), made[1]


def _event_after(text: str, start: int, end: int) -> str | None:
    """The clause a date stands at the head of: 今年9月,[国家质检总局正式命名…]。"""
    before = text[:start]
    clause_start = max(before.rfind(c) for c in "，,；;。！!？?：:") + 1
    if before[clause_start:].strip(" \u3000"):
        return None  # the date sits inside its clause, after its subject: too tangled to ask
    rest = text[end:].lstrip(" ,，\u3000")
    m = _CLAUSE.match(rest)
    return m.group().strip() if m else None


def _when(clause: str, tokenizer: Tokenizer) -> str | None:
    """Put 什么时候 before the clause's first adverb or verb: X 什么时候 正式命名 Y？"""
    if _OPENING.match(clause) or _DEICTIC.match(clause):
        return None
    for word, start, _ in tokenizer.spans(clause):
        tag = tokenizer.tag(word)
        if start and (tag[:1] in ("v", "d", "p") or tag == "ad"):
            return f"{clause[:start]}{_ASKED}{clause[start:]}？"
    return None


def _how_many(clause: str, m: re.Match[str], tokenizer: Tokenizer) -> str | None:
    """Ask for a count that a verb introduces: 助学活动已走过12年 → 助学活动已走过多少年？"""
    head = clause[: m.start()]
    if not head or _OPENING.match(clause) or _DEICTIC.match(clause):
        return None
    words = tokenizer.spans(head)
    if not words or not tokenizer.tag(words[-1][0]).startswith("v") or len(words) < 2:
        return None  # 38名学员 as a subject does not make a question; 走过12年 does
    return f"{head}多少{m.group(4)}{clause[m.end() :]}？"


def _who(clause: str, tokenizer: Tokenizer) -> tuple[str, str] | None:
    """Ask for the person or body a clause opens with: 金政走上讲台当讲师 → 谁走上讲台当讲师？"""
    words = tokenizer.spans(clause)
    if (
        len(words) < 3
        or not is_name(words[0][0], "person", tokenizer)
        and not is_name(words[0][0], "org", tokenizer)
    ):
        return None
    if not tokenizer.tag(words[1][0]).startswith("v"):
        return None
    return f"谁{clause[words[1][1] :]}？", words[0][0]


def _what_is(text: str, clause: re.Match[str], tokenizer: Tokenizer) -> tuple[str, str] | None:
    """Ask what a subject is: 今年“质量月”的主题是,“提升供给质量…” → 今年“质量月”的主题是什么？"""
    m = re.fullmatch(r"(.{4,16}?)(?:就是|是)(.*)", clause.group())
    if not m or _OPENING.match(m.group(1)) or _DEICTIC.match(m.group(1)):
        return None
    subject = m.group(1)
    if subject.count("“") != subject.count("”"):
        return None  # a quotation cut in half
    words = tokenizer.spans(subject)
    if not words or not tokenizer.tag(words[-1][0]).startswith("n"):
        return None  # 讲的大多都是… and 归根结底是… have no subject to ask about
    said = m.group(2) or next(iter(_CLAUSE.findall(text[clause.end() :])), "")
    return (f"{m.group(1)}是什么？", said) if len(said) >= 2 else None


def _finish(question: str, place: str) -> str:
    """The reader's wording: 永康 rather than the paper's 我市."""
    return _OUR_CITY.sub(place, question) if place else question


def _answers(qa: QA, question: str, sentence: Sentence, expected: str) -> bool:
    """The bot answers the question from this sentence with the part that was taken out."""
    if not MIN_CHARS <= len(question) <= MAX_CHARS:
        return False
    answer = qa.answer(question)
    if answer.abstained or answer.sentence != sentence.text or not answer.answer:
        return False
    if _digits(expected):
        return _digits(expected) == _digits(answer.answer)
    got, want = _bare(answer.answer), _bare(expected)
    return len(got) >= 2 and (got in want or want in got)


def _bare(text: str) -> str:
    return re.sub(r"[^\w]", "", text)


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d+", text))
