"""Reading article files: front matter, detected metadata, sentence positions."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from corpora import load_documents

from bot.corpus.article import CorpusError

MASTHEAD = """
永康日报

2016年11月
丙申年十月廿六
星期五 今日8版
第8520期

25



永康经验 登上中组部质量研讨班 金政走上讲台当讲师

本报讯 23日至28日,质量促进经济转型升级专题研究班在北京开班。24日,金政应邀走上讲台。
"""

SOURCE_LINE = """您当前的位置 : 中国宁波网  >  新闻中心  >  宁波新闻
唐一军:弘扬工匠精神 努力打造全国质量强市标杆城市
稿源: 宁波日报   2016-09-12 07:05:00报料热线:81850000

  大力实施质量强国战略,是党中央审时度势作出的重大决策部署。
"""

FRONT = """---
title: 治堵哨兵志愿服务队成立
source: 永康日报
date: 2016-11-25
place: 永康
---
22日,团市委联合举行治堵哨兵志愿服务队成立仪式。
"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A corpus folder of three articles: front matter, a masthead, a 稿源 line."""
    folder = tmp_path / "corpus"
    _write(folder, "a_front.txt", FRONT)
    _write(folder, "b_masthead.txt", MASTHEAD)
    _write(folder, "c_source.md", SOURCE_LINE)
    return folder


def _by_path(folder: Path) -> dict[str, object]:
    return {d.source.path: d for d in load_documents(folder)}


def test_front_matter_gives_the_source(corpus: Path) -> None:
    doc = _by_path(corpus)["a_front.txt"]
    assert (doc.source.title, doc.source.paper, doc.source.date, doc.source.place) == (
        "治堵哨兵志愿服务队成立",
        "永康日报",
        "2016-11-25",
        "永康",
    )
    assert [s.text for s in doc.sentences] == ["22日,团市委联合举行治堵哨兵志愿服务队成立仪式。"]


def test_front_matter_is_not_article_text(corpus: Path) -> None:
    doc = _by_path(corpus)["a_front.txt"]
    assert not any("title" in s.text or "---" in s.text for s in doc.sentences)


def test_masthead_gives_paper_date_and_title(corpus: Path) -> None:
    source = _by_path(corpus)["b_masthead.txt"].source
    assert source.paper == "永康日报"
    assert source.date == "2016-11-25"
    assert source.title == "永康经验 登上中组部质量研讨班 金政走上讲台当讲师"
    assert source.place == "永康"


def test_source_line_gives_paper_date_and_title(corpus: Path) -> None:
    source = _by_path(corpus)["c_source.md"].source
    assert source.paper == "宁波日报"
    assert source.date == "2016-09-12"
    assert source.title == "唐一军:弘扬工匠精神 努力打造全国质量强市标杆城市"
    assert source.place == "宁波"


def test_front_matter_wins_over_detection(tmp_path: Path) -> None:
    _write(tmp_path, "x.txt", "---\ntitle: 我的标题\n---\n" + SOURCE_LINE)
    _write(tmp_path, "y.txt", "第二篇文章的第一句话。")
    _write(tmp_path, "z.txt", "第三篇文章的第一句话。")
    source = _by_path(tmp_path)["x.txt"].source
    assert source.title == "我的标题"
    assert (source.paper, source.date) == ("宁波日报", "2016-09-12")


def test_file_name_is_the_fallback_title(tmp_path: Path) -> None:
    _write(tmp_path, "天气.txt", "今天天气很好。")
    source = _by_path(tmp_path)["天气.txt"].source
    assert (source.title, source.paper, source.date) == ("天气", "", None)


def test_sentences_keep_article_paragraph_and_position(corpus: Path) -> None:
    documents = load_documents(corpus)
    for n, doc in enumerate(documents):
        assert [s.doc for s in doc.sentences] == [n] * len(doc.sentences)
        assert [s.position for s in doc.sentences] == list(range(len(doc.sentences)))
    masthead = {s.text: s for s in _by_path(corpus)["b_masthead.txt"].sentences}
    first = masthead["本报讯 23日至28日,质量促进经济转型升级专题研究班在北京开班。"]
    second = masthead["24日,金政应邀走上讲台。"]
    assert first.paragraph == second.paragraph
    assert second.position == first.position + 1
    title = masthead["永康经验 登上中组部质量研讨班 金政走上讲台当讲师"]
    assert title.headline and title.paragraph < first.paragraph


def test_unknown_front_matter_keys_are_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write(tmp_path, "a.txt", "---\ntitle: 标题\nauthor: 某人\n---\n正文第一句。")
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        (doc,) = load_documents(tmp_path)
    assert doc.source.title == "标题"
    assert "author" in caplog.text


def test_gb18030_and_bom_files_are_read(tmp_path: Path) -> None:
    _write(tmp_path, "gb.txt", "永康举行质量大会。", "gb18030")
    _write(tmp_path, "bom.txt", "\ufeff宁波成为质量强市。")
    texts = {s.text for d in load_documents(tmp_path) for s in d.sentences}
    assert texts == {"永康举行质量大会。", "宁波成为质量强市。"}


def test_folder_is_searched_recursively_for_txt_and_md_only(tmp_path: Path) -> None:
    _write(tmp_path, "2016/11/a.txt", "第一篇文章。")
    _write(tmp_path, "b.md", "第二篇文章。")
    _write(tmp_path, "c.html", "<p>不是文章。</p>")
    _write(tmp_path, ".index/d.txt", "索引里的文件。")
    paths = sorted(d.source.path for d in load_documents(tmp_path))
    assert paths == ["2016/11/a.txt", "b.md"]


def test_the_same_article_under_two_names_is_kept_once(corpus: Path) -> None:
    _write(corpus, "copy_of_masthead.txt", MASTHEAD)
    assert len(load_documents(corpus)) == 3


def test_missing_or_empty_folder_is_a_corpus_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_documents(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match="no articles"):
        load_documents(tmp_path)


def test_windows_line_endings_in_front_matter(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", FRONT.replace("\n", "\r\n"))
    (doc,) = load_documents(tmp_path)
    assert (doc.source.title, doc.source.date) == ("治堵哨兵志愿服务队成立", "2016-11-25")
    assert [s.text for s in doc.sentences] == ["22日,团市委联合举行治堵哨兵志愿服务队成立仪式。"]


def test_a_crumb_above_the_source_line_is_not_the_title(tmp_path: Path) -> None:
    without_title = SOURCE_LINE.replace("唐一军:弘扬工匠精神 努力打造全国质量强市标杆城市\n", "")
    _write(tmp_path, "ningbo.txt", without_title)
    source = load_documents(tmp_path)[0].source
    assert "位置" not in source.title
    assert source.title == "ningbo"
    assert (source.paper, source.date) == ("宁波日报", "2016-09-12")


# --- impossible dates: a warning naming path:line, the article kept without a date ----------

BAD_DATES = {
    "unquoted.txt": ("---\ntitle: 标题一\ndate: 2016-02-30\n---\n永康举行质量大会。\n", 3),
    "digits.txt": ("---\ntitle: 标题二\ndate: " + "9" * 5000 + "\n---\n宁波举行质量大会。\n", 3),
    "quoted.txt": ("---\ntitle: 标题三\ndate: '2016-13-45'\n---\n温州举行质量大会。\n", 3),
    "source.txt": ("标题四\n稿源: 永康日报 2016-13-45\n\n金华举行质量大会。\n", 2),
    "masthead.txt": ("永康日报\n\n2016年11月\n\n45\n\n丽水举行质量大会。\n", 3),
}


@pytest.mark.parametrize("name", sorted(BAD_DATES))
def test_an_impossible_date_is_a_warning_and_the_article_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    text, line = BAD_DATES[name]
    path = _write(tmp_path, name, text)
    _write(tmp_path, "other1.txt", "第二篇文章的第一句话。")
    _write(tmp_path, "other2.txt", "第三篇文章的第一句话。")
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        doc = _by_path(tmp_path)[name]
    assert doc.source.date is None
    assert "举行质量大会" in "".join(s.text for s in doc.sentences)
    assert any(
        r.getMessage().startswith(f"{path}:{line}: ") and "date" in r.getMessage()
        for r in caplog.records
    ), caplog.text


def test_time_questions_on_articles_with_impossible_dates_are_answered(tmp_path: Path) -> None:
    from bot.app import build_qa
    from bot.config import Config

    for name, (text, _) in BAD_DATES.items():
        _write(tmp_path, name, text.replace("举行质量大会。", "于今年9月24日举行质量大会。"))
    qa = build_qa(Config(base_dir=tmp_path), tmp_path)
    for place in ("永康", "宁波", "温州", "金华", "丽水"):
        answer = qa.answer(f"{place}什么时候举行质量大会")
        # No publication date: 今年 cannot be resolved, and nothing raises on the bad one.
        assert not answer.abstained and "9月24日" in (answer.answer or ""), answer
        assert answer.source is not None and answer.source.date is None


# --- front matter and titles are bounded ---------------------------------------------------

BOMB = "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefg", "bcdefgh", strict=True)
)


def test_front_matter_aliases_are_refused_not_expanded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # 600 bytes that would expand to 10^8 items; the title line refers to the last anchor.
    path = _write(tmp_path, "bomb.txt", BOMB + "title: *h\n---\n永康举行质量大会。\n")
    with caplog.at_level(logging.WARNING, logger="bot.corpus.article"):
        (doc,) = load_documents(tmp_path)
    assert doc.source.title == "bomb"
    assert f"{path}:3:" in caplog.text and "alias" in caplog.text


def test_titles_and_paper_names_are_capped(tmp_path: Path) -> None:
    _write(tmp_path, "long.txt", "---\ntitle: " + "很长的标题" * 2000 + "\n---\n正文第一句。")
    _write(tmp_path, "detected.txt", "很长的标题行" * 5000 + "\n\n正文第二句。")
    for doc in load_documents(tmp_path):
        assert len(doc.source.title) <= 120
