"""Web pages as articles: the article text kept, the page's furniture dropped, metadata read.

The two saved pages under tests/data/pages/ are shaped like real Chinese news sites: a modern
one with Open Graph tags, and an old GB2312 table layout with only an info line.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml
from corpora import load_documents
from inprocess import run

from bot.corpus.html import Page, decode_html, page_of, read_page

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "data" / "pages"


def read(name: str) -> Page:
    path = PAGES / name
    page = read_page(path.read_bytes(), path)
    assert page is not None
    return page


def squeezed(text: str) -> str:
    return "".join(text.split())


# What the modern page shows around its article: menus, crumbs, ads, share bars, related
# stories, comments, the sidebar's hot list and ranking, the footer, its scripts.
MODERN_FURNITURE = [
    "温州网首页",
    "国内新闻",
    "下载客户端",
    "首页>温州新闻",
    "楼盘火热认筹中",
    "暑期游泳培训班",
    "分享到",
    "QQ空间",
    "相关新闻",
    "南塔塔柱施工过半",
    "网友评论",
    "期待早日通车",
    "发表评论",
    "热点新闻",
    "公共自行车服务点",
    "24小时排行",
    "高温预警",
    "国际航线",
    "版权所有",
    "浙ICP备",
    "关于我们",
    "_hmt",
]

OLD_FURNITURE = [
    "您当前的位置",
    "论坛",
    "字体",
    "打印本页",
    "关闭窗口",
    "上一篇",
    "下一篇",
    "口袋公园",
    "相关新闻",
    "租用量创新高",
    "热点新闻",
    "五金博览会",
    "方岩景区",
    "24小时排行",
    "最强降雨",
    "芝英古镇",
    "版权所有",
    "金城路1号",
]


def test_modern_page_keeps_the_article_and_reads_its_meta_tags() -> None:
    page = read("modern.html")
    assert page.meta == {
        "title": "瓯江北口大桥中塔顺利封顶 预计2021年建成通车",
        "date": "2019-06-20",
        "source": "温州日报",
        "url": "https://news.example.cn/system/2019/06/20/013645581.shtml",
    }
    body = squeezed(page.body)
    for kept in (
        "由中铁大桥局承建的瓯江北口大桥中塔顺利封顶，塔高172.5米。",
        "世界上首座三塔四跨双层钢桁梁悬索桥",
        "比计划提前了两个月完成封顶。",
        "大桥预计2021年建成通车，届时从温州市区到乐清只要二十分钟。",
        "进一步缓解瓯江两岸的交通压力。",
    ):
        assert kept in body
    assert page.body.startswith("瓯江北口大桥中塔顺利封顶 预计2021年建成通车\n\n")
    assert "来源：温州日报" in body  # the info line stays: it answers "which paper"


def test_modern_page_drops_navigation_sidebars_comments_and_footer() -> None:
    body = squeezed(read("modern.html").body)
    left = [text for text in MODERN_FURNITURE if text in body]
    assert not left, f"page furniture kept as article text: {left}"


def test_old_table_page_in_gb2312_is_read_from_its_info_line() -> None:
    page = read("old_table.html")
    # No meta tags: the title is the <title> without the site's name, date and paper come
    # from the info line under the headline.
    assert page.meta == {
        "title": "永康市区新增30个公共自行车服务点",
        "date": "2019-06-20",
        "source": "永康日报",
    }
    body = squeezed(page.body)
    for kept in (
        "市交通运输局日前在市区新增30个公共自行车服务点，投放自行车600辆。",
        "市民凭市民卡即可租车，首个小时免费。",
        "已建成服务点210个，累计租用量超过1500万人次。",
        "继续在城郊接合部增设服务点。",
        "2019-06-2008:30来源：永康日报作者：记者胡晓东",
    ):
        assert kept in body
    left = [text for text in OLD_FURNITURE if text in body]
    assert not left, f"page furniture kept as article text: {left}"


ARTICLE = "".join(
    f"<p>第{i}段：温州市区今年新建了{i}座口袋公园，市民休闲的去处越来越多，附近居民纷纷点赞。</p>"
    for i in range(1, 6)
)


def page(head: str, info: str = "", h1: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><article>{h1}"
        f"<div class='info'>{info}</div>{ARTICLE}</article></body></html>"
    )


def test_open_graph_tags_are_trusted_before_the_info_line() -> None:
    html = page(
        '<meta property="og:title" content="口袋公园建设提速">'
        '<meta property="og:site_name" content="温州日报">'
        '<meta property="article:published_time" content="2020-03-02T07:00:00+08:00">'
        "<title>别的标题_温州网</title>",
        info="2020-03-05 10:00 来源：温州都市报 作者：记者 林立",
        h1="<h1>页面上的标题</h1>",
    )
    found = page_of(html, "page.html")
    assert found is not None
    assert found.meta == {"title": "口袋公园建设提速", "date": "2020-03-02", "source": "温州日报"}


def test_without_meta_tags_the_headline_and_info_line_are_used() -> None:
    html = page(
        "<title>别的标题_温州网</title>",
        info="发布时间：2020年3月5日 来源: 温州都市报",
        h1="<h1>口袋公园建设提速</h1>",
    )
    found = page_of(html, "page.html")
    assert found is not None
    assert found.meta == {"title": "口袋公园建设提速", "date": "2020-03-05", "source": "温州都市报"}


def test_a_link_that_is_no_web_address_is_not_kept() -> None:
    html = page('<meta property="og:url" content="javascript:alert(1)">')
    found = page_of(html, "page.html")
    assert found is not None and "url" not in found.meta


def test_declared_charset_is_read_as_its_superset() -> None:
    # 镕 is in GBK but not GB2312; pages labelled gb2312 are often GBK.
    data = '<meta charset="gb2312"><p>朱镕基视察温州</p>'.encode("gbk")
    assert decode_html(data) == '<meta charset="gb2312"><p>朱镕基视察温州</p>'
    assert decode_html("温州".encode(), charset="utf-8") == "温州"
    assert decode_html(b"\x00\x01\x02" * 100) is None


@pytest.mark.parametrize(
    "data", [b"", b"<html><body><nav><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></nav></body></html>"]
)
def test_a_page_without_article_text_is_skipped_with_a_warning(
    data: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="bot.corpus.html"):
        assert read_page(data, "empty.html") is None
    assert "empty.html" in caplog.text and "skipped" in caplog.text


def test_pages_in_the_corpus_are_articles_beside_text_files(tmp_path: Path) -> None:
    for name in ("modern.html", "old_table.html"):
        (tmp_path / name.replace(".html", ".htm" if "old" in name else ".html")).write_bytes(
            (PAGES / name).read_bytes()
        )
    (tmp_path / "note.txt").write_text(
        "温州发布防汛预警\n稿源：温州日报 2019-06-21\n温州市防汛办昨日发布防汛四级预警。\n",
        encoding="utf-8",
    )
    docs = {d.source.path: d for d in load_documents(tmp_path)}
    assert set(docs) == {"modern.html", "old_table.htm", "note.txt"}
    modern = docs["modern.html"].source
    assert (modern.paper, modern.date) == ("温州日报", "2019-06-20")
    assert modern.url == "https://news.example.cn/system/2019/06/20/013645581.shtml"
    assert docs["old_table.htm"].source.place == "永康"
    assert docs["note.txt"].source.url == ""


def test_add_a_page_then_ask_it_and_get_its_url(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    done = run(
        "--corpus", str(corpus), "add", str(PAGES / "modern.html"), str(PAGES / "old_table.html"),
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["modern.txt", "old_table.txt"]
    text = (corpus / "modern.txt").read_text(encoding="utf-8")
    front, body = text.split("---\n")[1:3]
    assert yaml.safe_load(front) == {
        "title": "瓯江北口大桥中塔顺利封顶 预计2021年建成通车",
        "source": "温州日报",
        "date": "2019-06-20",
        "place": "温州",
        "url": "https://news.example.cn/system/2019/06/20/013645581.shtml",
    }
    assert "热点新闻" not in body and "塔高172.5米" in body
    done = run(
        "--corpus", str(corpus), "ask", "--json", cwd=tmp_path,
        stdin="瓯江北口大桥中塔高多少米\n永康市区新增了多少个公共自行车服务点\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    bridge, bikes = (json.loads(line) for line in done.stdout.splitlines())
    assert "172.5米" in bridge["sentence"]
    assert bridge["source"]["url"] == "https://news.example.cn/system/2019/06/20/013645581.shtml"
    assert "30个公共自行车服务点" in bikes["sentence"]
    assert bikes["source"]["url"] is None and bikes["source"]["paper"] == "永康日报"
