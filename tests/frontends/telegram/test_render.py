"""Telegram HTML: escaped, within 4096 UTF-16 units, split at sentence ends, tags never cut."""

from dataclasses import replace

from botapi_standin import parse_html, utf16

from bot.frontends.telegram import render as tr
from bot.model import Answer, Document, Evidence, Source

SOURCE = Source(title="<标题> & “引号”", paper="永康日报", date="2016-11-25", path="a.txt")


def answer(sentence: str, short: str = "2016年9月", alternatives: int = 0) -> Answer:
    alts = tuple(Evidence(f"候选句子{i}<i>。", SOURCE, 0.5) for i in range(alternatives))
    return Answer(
        question="问",
        abstained=False,
        answer=short,
        sentence=sentence,
        source=SOURCE,
        alternatives=alts,
    )


def test_answer_is_bold_quoted_and_sourced_with_everything_escaped() -> None:
    (html,) = tr.answer_messages(answer("A<b>&<script>alert(1)</script>。", short="<b>x</b>"))
    assert html.startswith("<b>&lt;b&gt;x&lt;/b&gt;</b>\n<blockquote>")
    visible = parse_html(html)  # raises on malformed HTML, as Telegram would
    assert "A<b>&<script>alert(1)</script>。" in visible
    assert "永康日报 2016-11-25《<标题> & “引号”》" in visible


def test_understood_as_is_shown_and_escaped() -> None:
    a = Answer(question="哪一年？", abstained=True, understood_as="<i>永康</i>被命名，哪一年？")
    (html,) = tr.answer_messages(a)
    visible = parse_html(html)
    assert "理解为：<i>永康</i>被命名，哪一年？" in visible
    assert "/sources" in visible


def test_refusal_is_short_and_points_to_sources() -> None:
    (html,) = tr.answer_messages(Answer(question="?", abstained=True))
    assert "/sources" in html and len(html) < 100


def test_long_evidence_is_split_at_sentence_ends_without_cutting_tags() -> None:
    sentences = [f"第{i}句话讲的是瓯江大桥第{i}期工程&施工<进度>。" for i in range(400)]
    text = "".join(sentences)
    messages = tr.answer_messages(answer(text))
    assert len(messages) > 1
    visible = [parse_html(m) for m in messages]  # every message is well-formed on its own
    assert all(tr.units(m) <= tr.LIMIT for m in messages)
    assert all(m.count("<blockquote>") == m.count("</blockquote>") for m in messages)
    quoted = "".join(v.split("2016年9月\n")[-1].split("\n——")[0].replace("\n", "") for v in visible)
    assert quoted == text
    for m in messages[:-1]:
        assert m.endswith("。</blockquote>")  # cut after a sentence, not inside one


def test_a_single_sentence_longer_than_a_message_is_cut_at_clauses_then_characters() -> None:
    text = "，".join("瓯江大桥" * 30 for _ in range(60)) + "🌉" * 3000 + "。"
    messages = tr.answer_messages(answer(text))
    assert all(utf16(parse_html(m)) <= tr.LIMIT and tr.units(m) <= tr.LIMIT for m in messages)
    assert "".join(parse_html(m) for m in messages).count("🌉") == 3000


def test_control_characters_and_lone_surrogates_are_cleaned() -> None:
    (html,) = tr.answer_messages(answer("坏\x00字符\ud800。"))
    html.encode("utf-8")  # would raise with a lone surrogate
    assert "\x00" not in html


def test_sources_pages_list_every_article_once() -> None:
    docs = [Document(Source(f"标题{i}", "报", "2016-01-01", f"{i}.txt"), ()) for i in range(500)]
    _, _, pages = tr.sources_page(docs, 1)
    assert pages == 25
    text = "".join(parse_html(tr.sources_page(docs, n)[0]) for n in range(1, pages + 1))
    assert all(text.count(f"《标题{i}》") == 1 for i in range(500))
    assert tr.sources_page(docs, 99)[1:] == (25, 25) and tr.sources_page(docs, -3)[1] == 1


def test_one_long_title_is_one_short_line_of_the_list() -> None:
    docs = [Document(Source("长" * 4000, "报", None, "a.txt"), ())]
    html, page, pages = tr.sources_page(docs, 1)
    assert (page, pages) == (1, 1) and tr.units(html) < 200


def test_inline_results_are_at_most_five() -> None:
    results = tr.inline_results(answer("句子。", alternatives=10))
    assert 1 < len(results) <= 5
    assert results[0].title == "2016年9月"


def test_the_title_links_to_the_article_page_when_it_has_one() -> None:
    url = "https://news.example.cn/a?id=1&p=2"
    linked = Source("大桥封顶", "温州日报", "2019-06-20", "feeds/a.txt", url=url)
    a = Answer(question="问", abstained=False, answer="172.5米", sentence="塔高。", source=linked)
    (html,) = tr.answer_messages(a)
    link = '<a href="https://news.example.cn/a?id=1&amp;p=2">《大桥封顶》</a>'
    assert f"—— 温州日报 2019-06-20{link}" in html
    assert "温州日报 2019-06-20《大桥封顶》" in parse_html(html)
    (more,) = tr.alternatives_messages(replace(a, alternatives=(Evidence("句。", linked, 0.5),)))
    assert "<a href=" in more


def test_a_source_without_a_web_address_is_plain_text() -> None:
    for url in ("", "javascript:alert(1)", 'https://x.cn/"><b>'):
        source = Source("标题", "报", None, "a.txt", url=url)
        assert tr.source_block(source) == ("plain", "—— 报《标题》")


def test_a_tentative_reply_hedges_in_words_that_fit_what_follows() -> None:
    sentence = "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"
    maybe = Answer(question="q", abstained=False, answer=None, sentence=sentence, tentative=True)
    assert tr.answer_blocks(maybe)[:2] == [("italic", "不一定相关，"), ("bold", "见原文")]
    named = replace(maybe, answer="国家质检总局")
    assert tr.answer_blocks(named)[:2] == [("italic", "可能是："), ("bold", "国家质检总局")]
