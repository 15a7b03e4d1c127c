"""Property-based tests: any text gets an Answer; every rendering of any Answer is well formed.

Example counts come from the hypothesis profiles in conftest.py (`--hypothesis-profile=long`).
"""

from __future__ import annotations

import html
import json
import re

from hypothesis import given
from hypothesis import strategies as st

from bot.answer.qa import MAX_QUESTION_CHARS, QA
from bot.answer.question import Question
from bot.answer.spans import definition
from bot.frontends.render import near_whole, to_json, to_text
from bot.model import Answer, Evidence, QType, Source

JSON_KEYS = {
    "question",
    "abstained",
    "answer",
    "answer_said",
    "sentence",
    "source",
    "score",
    "alternatives",
}
# Pieces people type around a question: question words, filler, markup, emoji, control codes.
EXTRAS = [
    "什么时候",
    "何时",
    "谁",
    "哪里",
    "多少",
    "为什么",
    "吗",
    "？",
    "?",
    "！",
    "。",
    "，",
    " ",
    "\n",
    "\t",
    "<b>",
    "</b>",
    "&amp;",
    "<script>",
    "*",
    "_",
    "`",
    "/ask@bot",
    "😀",
    "🇨🇳",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b",
    "\ud800",
    "\udfff",
    "Yongkang",
    "2016",
    "年",
    "月",
    "日",
    "請問",
    "ｑｕａｌｉｔｙ",
]

any_text = st.text(alphabet=st.characters(codec=None), max_size=300)  # surrogates included
long_text = st.text(max_size=3000)


@st.composite
def corpus_questions(draw: st.DrawFn, qa: QA) -> str:
    """Questions built from real article snippets mixed with question words and junk."""
    pieces = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            text = draw(st.sampled_from(qa.engine.sentences)).text
            start = draw(st.integers(0, max(len(text) - 1, 0)))
            pieces.append(text[start : start + draw(st.integers(1, 20))])
        else:
            pieces.append(draw(st.sampled_from(EXTRAS)))
    return "".join(pieces)


def check_reply(qa: QA, answer: Answer) -> None:
    """The invariants every answer of the QA service keeps, whatever was asked."""
    assert isinstance(answer, Answer)
    assert len(answer.question) <= MAX_QUESTION_CHARS
    line = json.dumps(to_json(answer, explain=True), ensure_ascii=False, allow_nan=False)
    line.encode("utf-8")
    assert "\n" not in line
    reply = json.loads(line)
    assert JSON_KEYS <= set(reply)
    to_text(answer, explain=True).encode("utf-8")
    if answer.abstained:
        assert reply["answer"] is None and reply["sentence"] is None and reply["reason"]
    else:
        texts = {s.text for s in qa.engine.sentences}
        assert answer.sentence in texts  # evidence is quoted from an article, never made up
        assert answer.source in {d.source for d in qa.engine.documents}
        assert all(alt.sentence in texts for alt in answer.alternatives)


@given(question=any_text)
def test_any_text_gets_an_answer_or_a_refusal(qa: QA, question: str) -> None:
    check_reply(qa, qa.answer(question, explain=True))


@given(data=st.data())
def test_questions_near_the_articles_get_grounded_replies(qa: QA, data: st.DataObject) -> None:
    question = data.draw(corpus_questions(qa))
    first = qa.answer(question, explain=True)
    check_reply(qa, first)
    assert qa.answer(question) == first  # the same question gets the same reply


@given(question=long_text, tail=st.text(min_size=1, max_size=50))
def test_only_the_head_of_a_long_message_matters(qa: QA, question: str, tail: str) -> None:
    # Filled up to the cut with blanks after a word of the articles (250 times 永康 cost 20 ms
    # an answer); a tail let through would show all the same: the answer repeats the question.
    head = (question + "永康" + " " * MAX_QUESTION_CHARS)[:MAX_QUESTION_CHARS]
    assert qa.answer(head + tail) == qa.answer(head)


# Sentence pieces around a definition: the cue words, clause breaks, overlapping terms.
DEFINITION_BITS = [
    "工匠",
    "工匠精神",
    "精神",
    "是",
    "就是",
    "是指",
    "指",
    "即",
    "一种",
    "，",
    "。",
    "；",
    "敬业",
    "的",
]


@given(
    pieces=st.lists(st.sampled_from(DEFINITION_BITS), max_size=30),
    terms=st.lists(
        st.sampled_from(["工匠", "工匠精神", "精神", "是一"]), min_size=1, max_size=3, unique=True
    ),
)
def test_definition_is_found_where_the_term_is_followed_by_a_cue(
    pieces: list[str], terms: list[str]
) -> None:
    norm = "".join(pieces)
    q = Question(text="", qtype=QType.DEFINITION, wh=None, terms=tuple(terms))
    found = definition(q, norm)
    expected = None
    for term in sorted(terms, key=len, reverse=True):  # the rule, stated as one regex a term
        expected = re.search(
            rf"{re.escape(term)}(就是|是指|指的是|是|指|即)([^，,。；;]{{2,40}})", norm
        )
        if expected:
            break
    assert (found and found.groups()) == (expected and expected.groups())


# --- renderers over arbitrary answers ------------------------------------------------------

plain = st.text(max_size=200)  # renderers receive text the QA service already cleaned
sources = st.builds(
    Source, title=plain, paper=plain, date=st.none() | plain, path=plain, place=plain
)
evidence = st.builds(
    Evidence,
    sentence=plain,
    source=sources,
    score=st.floats(-10, 10, allow_nan=False),
)
answers = st.builds(
    Answer,
    question=plain,
    abstained=st.booleans(),
    answer=st.none() | plain,
    sentence=st.none() | st.text(max_size=6000),
    source=st.none() | sources,
    score=st.floats(-10, 10, allow_nan=False),
    alternatives=st.lists(evidence, max_size=5).map(tuple),
    qtype=st.sampled_from(QType),
    reason=plain,
    understood_as=st.none() | plain,
)


@given(answer=answers, explain=st.booleans())
def test_json_form_is_one_valid_line_with_the_documented_keys(
    answer: Answer, explain: bool
) -> None:
    line = json.dumps(to_json(answer, explain), ensure_ascii=False, allow_nan=False)
    assert "\n" not in line
    reply = json.loads(line.encode("utf-8").decode("utf-8"))
    assert JSON_KEYS <= set(reply)
    assert reply["question"] == answer.question
    assert reply["abstained"] is answer.abstained
    assert ("explain" in reply) == explain
    assert ("reason" in reply) == (explain and answer.abstained)
    if answer.abstained:
        assert reply["answer"] is None and reply["sentence"] is None
    else:
        assert reply["sentence"] == answer.sentence
    assert [a["sentence"] for a in reply["alternatives"]] == [
        a.sentence for a in answer.alternatives
    ]


@given(answer=answers)
def test_console_form_shows_the_answer_or_the_refusal(answer: Answer) -> None:
    text = to_text(answer)
    if answer.abstained:
        assert "没有找到答案" in text
    else:
        assert f"「{answer.sentence}」" in text
        shown = answer.answer and not near_whole(answer.answer, answer.sentence or "")
        assert (answer.answer if shown else "见原文") in text


# --- Telegram HTML ---------------------------------------------------------------------

TELEGRAM_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
}
_TOKEN = re.compile(r"<(/?)([a-z-]+)>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")


def visible_text(message: str) -> str:
    """The text Telegram would show; fails on any tag, entity or nesting it would reject."""
    stack: list[str] = []
    for m in _TOKEN.finditer(message):
        token = m.group(0)
        assert token not in "<>&", f"unescaped {token!r} in {message!r}"
        if m.group(2):
            assert m.group(2) in TELEGRAM_TAGS, token
            if m.group(1):
                assert stack and stack.pop() == m.group(2), f"misnested {token} in {message!r}"
            else:
                stack.append(m.group(2))
    assert not stack, f"unclosed {stack} in {message!r}"
    return html.unescape(re.sub(r"</?[a-z-]+>", "", message))


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


any_answers = st.builds(
    Answer,
    question=any_text,
    abstained=st.booleans(),
    answer=st.none() | any_text,
    sentence=st.none() | st.text(st.characters(codec=None), max_size=9000),
    source=st.none() | sources,
    understood_as=st.none() | any_text,
    alternatives=st.lists(evidence, max_size=5).map(tuple),
)


@given(answer=any_answers)
def test_telegram_messages_are_escaped_html_within_the_limit(answer: Answer) -> None:
    from bot.frontends.telegram import render as tr

    messages = tr.answer_messages(answer) + tr.alternatives_messages(answer)
    assert messages
    for message in messages:
        assert message.strip()
        assert utf16_units(message) <= tr.LIMIT
        message.encode("utf-8")  # no lone surrogate reaches Telegram
        visible_text(message)
    if not answer.abstained and answer.sentence:
        shown = "".join(visible_text(m) for m in tr.answer_messages(answer)).replace("\n", "")
        assert tr.clean(answer.sentence).replace("\n", "") in shown  # nothing lost in splitting


@given(documents=st.lists(sources, max_size=300))
def test_telegram_sources_list_is_escaped_html_within_the_limit(documents: list[Source]) -> None:
    from bot.frontends.telegram import render as tr
    from bot.model import Document

    docs = [Document(s, ()) for s in documents]
    pages = tr.sources_page(docs, 1)[2]
    messages = [tr.sources_page(docs, n)[0] for n in range(1, pages + 1)]
    for message in messages:
        assert utf16_units(message) <= tr.LIMIT
        visible_text(message)
    shown = "\n".join(visible_text(m) for m in messages)
    for s in documents:
        assert tr.clip(s.title, tr.SOURCES_TITLE) in shown


@given(answer=any_answers)
def test_telegram_inline_results_are_escaped_html_within_the_limit(answer: Answer) -> None:
    from bot.frontends.telegram import render as tr

    results = tr.inline_results(answer)
    assert 1 <= len(results) <= 5
    for result in results:
        message = result.input_message_content.message_text
        assert utf16_units(message) <= tr.LIMIT
        message.encode("utf-8")
        visible_text(message)
        (result.title + (result.description or "")).encode("utf-8")
