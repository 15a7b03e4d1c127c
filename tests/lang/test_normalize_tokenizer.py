"""The normaliser and the one tokenizer shared by indexing and querying."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.lang.normalize import Normalizer, align, hanzi, original
from bot.lang.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def test_full_width_becomes_half_width(normalizer: Normalizer) -> None:
    assert normalizer("ＹＲＣＢ　２０１６，永康！") == "YRCB 2016,永康!"


def test_traditional_becomes_simplified(normalizer: Normalizer) -> None:
    assert normalizer("國家質檢總局正式命名") == "国家质检总局正式命名"


def test_whitespace_is_folded_and_trimmed(normalizer: Normalizer) -> None:
    assert normalizer("  永康 \t日报\n\n 2016  ") == "永康 日报 2016"


def test_question_form_collapses_repeated_punctuation(normalizer: Normalizer) -> None:
    assert normalizer.question("永康何时被命名？？？") == "永康何时被命名?"


def test_user_words_stay_in_their_own_tokenizer(tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("四方收割机 n\n", encoding="utf-8")
    with_word = Tokenizer(extra)
    assert "四方收割机" in with_word.tokenize("四方收割机开到了缅甸")
    # A second tokenizer in the same process does not see the first one's user words.
    assert "四方收割机" not in Tokenizer().tokenize("四方收割机开到了缅甸")


def test_dictionary_tags(tokenizer: Tokenizer) -> None:
    assert tokenizer.tag("永康") == "ns"
    assert tokenizer.tag("张三丰") == "nr"
    assert tokenizer.tag("治堵哨兵") == "n"  # from the shipped user dictionary
    assert tokenizer.tag("永康经验永康经验") == ""  # not a dictionary word


def test_the_hmm_guesses_a_tag_for_a_word_it_made(tokenizer: Tokenizer) -> None:
    assert tokenizer.tag("图有") == ""  # not in the dictionary: jieba's HMM glued it
    assert tokenizer.guessed_tag("图有") == "v"  # 海塘图有多长: a verb glued to a noun
    assert tokenizer.guessed_tag("潘淑").startswith("n")  # a new name
    assert tokenizer.guessed_tag("永康经验永康经验") == ""  # cut in several: no one guess


def test_a_user_tag_for_a_word_jieba_knows_wins_in_sentences(tmp_path: Path) -> None:
    # jieba-rs keeps its own tag for a word it knows; the tokenizer applies the user's after.
    assert ("有点", "d") in Tokenizer().tagged("金政也觉得有点意外")  # the shipped correction
    assert ("意外", "a") in Tokenizer().tagged("金政也觉得有点意外")
    extra = tmp_path / "extra.txt"
    extra.write_text("意外 n\n", encoding="utf-8")
    tokenizer = Tokenizer(extra)
    assert ("意外", "n") in tokenizer.tagged("金政也觉得有点意外")
    assert tokenizer.tag("意外") == "n"
    # The cut itself is jieba's: the correction carries its frequency.
    assert Tokenizer().cut("没有点燃") == ["没有", "点燃"]


@pytest.mark.parametrize(
    "word", ["质量强市", "示范城市", "工匠精神", "质检总局", "治堵哨兵", "金政"]
)
def test_user_dictionary_words_are_kept_whole(tokenizer: Tokenizer, word: str) -> None:
    assert word in tokenizer.tokenize(f"今年{word}的消息传来了")


def test_extra_user_dictionary_from_a_path(tmp_path: Path) -> None:
    text = "四方收割机开到了缅甸"
    assert "四方收割机" not in Tokenizer().tokenize(text)
    extra = tmp_path / "extra.txt"
    extra.write_text("四方收割机 n\n", encoding="utf-8")
    tokenizer = Tokenizer(extra)
    assert "四方收割机" in tokenizer.tokenize(text)
    assert tokenizer.tag("四方收割机") == "n"


def test_unreadable_user_dictionary_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="user dictionary"):
        Tokenizer(tmp_path / "missing.txt")


def test_stopwords_and_punctuation_are_dropped(tokenizer: Tokenizer) -> None:
    terms = tokenizer.tokenize("金政是四堂专题讲授课里的讲师,也觉得有点意外!“精彩”。")
    assert "金政" in terms and "讲师" in terms
    assert not {"的", "是", "也", ",", "!", "“", "”", "。"} & set(terms)
    assert all(t.strip() for t in terms)


def test_terms_are_lower_case(tokenizer: Tokenizer) -> None:
    assert "yrcb" in tokenizer.tokenize("YRCB 永康农商银行")


def test_articles_and_questions_tokenize_alike(
    normalizer: Normalizer, tokenizer: Tokenizer
) -> None:
    sentence = tokenizer.tokenize(normalizer("國家質檢總局正式命名我市為全國質量強市示範城市"))
    question = tokenizer.tokenize(normalizer.question("国家质检总局命名了哪个质量强市示范城市？"))
    assert {"国家质检总局", "质量强市", "示范城市"} <= set(sentence) & set(question)


@pytest.mark.parametrize(
    ("sentence", "question", "name"),
    [
        # jieba cuts 蒋|某华犯 in the article and 蒋|某华案 in the question: no word in common.
        ("被告人蒋某华犯非法吸收公众存款罪", "蒋某华案的审判长是谁", "蒋某华"),
        ("郑某军作为犯罪团伙的组织者", "郑某军判了几年", "郑某军"),  # 郑|某军 and 郑某|军判
        ("韩某某驾驶小型轿车", "韩某某被判了多久", "韩某某"),
        # A dictionary word after 某 keeps the name short: 李某|月工资, not 李某月|工资.
        ("李某月工资扣除法定加班费后", "李某一个月工资多少", "李某"),
    ],
)
def test_a_masked_name_is_one_word_in_an_article_and_its_question(
    tokenizer: Tokenizer, sentence: str, question: str, name: str
) -> None:
    assert name in tokenizer.tokenize(sentence)
    assert name in tokenizer.tokenize(question)
    assert name in tokenizer.cut(sentence)


@pytest.mark.parametrize("text", ["被告人蒋某华犯罪", "张某甲和张某乙", "王某", "某些人在某地"])
def test_words_with_masked_names_still_cover_the_text_in_order(
    tokenizer: Tokenizer, text: str
) -> None:
    spans = tokenizer.spans(text)
    assert "".join(w for w, _, _ in spans) == text
    assert all(text[s:e] == w for w, s, e in spans)
    assert [w for w, _, _ in spans] == tokenizer.cut(text)


@pytest.mark.parametrize(
    ("text", "span", "printed"),
    [
        ("  1949年，約翰·白朗寧在臺北發現", "约翰·白朗宁", "約翰·白朗寧"),
        ("面積為120㎡的（ABC）展廳", "(ABC)", "（ABC）"),
        ("面積為120㎡的展廳", "m2", "㎡"),  # one character became two
        ("三  個\u200b字", "个字", "個\u200b字"),  # spaces folded, junk dropped
    ],
)
def test_a_span_of_the_normal_form_maps_back_to_the_printed_text(
    normalizer: Normalizer, text: str, span: str, printed: str
) -> None:
    norm = normalizer(text)
    start = norm.index(span)
    assert original(text, norm, start, start + len(span)) == printed


def test_a_span_outside_the_text_maps_to_nothing() -> None:
    assert original("臺北", "台北", 1, 5) is None
    assert original("臺北", "台北", 1, 1) is None


def test_text_that_does_not_line_up_maps_to_nothing() -> None:
    assert align("臺北市", "台北") is None  # lengths differ
    assert align("ab", "ac") is None  # only CJK characters may differ (t2s)


# --- invisible characters: one cleaner for articles, questions and replies -----------------

INVISIBLE = {
    "bidi isolates": "\u2066永康\u2069何时被命名\u2068为\u2067质量强市",
    "soft hyphen": "永\u00ad康何时被命\u00ad名为质量强市",
    "grapheme joiner": "永\u034f康何时被命名为质量强市",
    "variation selectors": "永\ufe0f康何时\U000e0100被命名为质量强市",
    "tags and word joiner": "永\U000e0041康\u2060何时被命名为质量强市",
    "Mongolian vowel separator": "永康\u180e何时被命名为质量强市",
}


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_invisible_characters_inside_words_are_dropped(normalizer: Normalizer, name: str) -> None:
    assert normalizer(INVISIBLE[name]) == "永康何时被命名为质量强市"


def test_every_format_character_is_invisible_to_matching(normalizer: Normalizer) -> None:
    import sys
    import unicodedata

    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert normalizer("永" + "".join(cf) + "康") == "永康"


def test_display_text_keeps_emoji_sequences_but_not_controls() -> None:
    from bot.lang.normalize import printable

    family = "👨\u200d👩\u200d👧"  # a ZWJ sequence: one emoji on screen
    assert printable(f"{family}\x00\x1b[31m\u202e永康\ud800") == f"{family}[31m永康\ufffd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("浣", True), ("街道", True), ("", False), ("3", False), ("，", False), ("A股", False)],
)
def test_hanzi_is_chinese_characters_only(text: str, expected: bool) -> None:
    assert hanzi(text) is expected
