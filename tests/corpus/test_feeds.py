"""Feeds against a real HTTP server on 127.0.0.1: new items saved once, changes followed,
failures (404, time-out, huge page, non-HTML item, broken feed) logged and skipped."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from corpora import load_documents
from feedserver import PAGES, FeedServer, Route, article_page, rss
from inprocess import Done, run

from bot.config import FeedConfig
from bot.corpus.article import split_front_matter
from bot.corpus.feeds import GIVE_UP, STATE, Round, fetch_feeds
from bot.corpus.fetch import Fetcher

BIKES = [
    "本报讯 市交通运输局日前在市区新增30个公共自行车服务点，投放自行车600辆。",
    "新增的服务点主要分布在居民小区、学校和菜市场附近，市民凭市民卡即可租车。",
]
BIKES_LATER = [
    "本报讯 市交通运输局日前在市区新增45个公共自行车服务点，投放自行车900辆。",
    "新增的服务点主要分布在居民小区、学校和菜市场附近，首个小时免费。",
]
ITEMS = [
    ("/news/bridge.html", "瓯江北口大桥中塔顺利封顶", "Thu, 20 Jun 2019 08:30:00 +0800"),
    ("/news/bikes.html", "市区新增公共自行车服务点", "Thu, 20 Jun 2019 07:10:00 +0800"),
    ("/news/missing.html", "这篇稿子被撤了", "Thu, 20 Jun 2019 07:00:00 +0800"),
    ("/news/slow.html", "一个很慢的页面", "Thu, 20 Jun 2019 06:50:00 +0800"),
    ("/news/huge.html", "一个很大的页面", "Thu, 20 Jun 2019 06:40:00 +0800"),
    ("/news/report.pdf", "政府工作报告全文", "Thu, 20 Jun 2019 06:30:00 +0800"),
    ("/news/bridge-copy.html", "大桥封顶（转载）", "Thu, 20 Jun 2019 06:20:00 +0800"),
]
TIMEOUT = 0.5  # seconds: the slow page hangs for far longer
MAX_BYTES = 300_000


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer().start()
    bridge = (PAGES / "modern.html").read_bytes()
    s.routes.update(
        {
            "/feed.xml": Route(rss(s.base, ITEMS), "application/rss+xml", etag='"v1"'),
            "/news/bridge.html": Route(bridge),
            "/news/bridge-copy.html": Route(bridge),
            "/news/bikes.html": Route(article_page("市区新增公共自行车服务点", BIKES)),
            "/news/huge.html": Route(b"<html><body>" + b"<p>x</p>" * 200_000, length=False),
            "/news/report.pdf": Route(b"%PDF-1.4 binary", "application/pdf"),
        }
    )
    yield s
    s.stop()


def fetch(server: FeedServer, corpus: Path, *feeds: FeedConfig) -> Round:
    feeds = feeds or (FeedConfig(url=f"{server.base}/feed.xml", source="温州日报"),)
    with Fetcher(timeout=TIMEOUT, deadline=2, max_bytes=MAX_BYTES) as fetcher:
        return fetch_feeds(feeds, corpus, fetcher)


def saved(corpus: Path) -> dict[str, tuple[dict[str, str], str]]:
    """url → (front matter, body) of every saved article."""
    out = {}
    for path in (corpus / "feeds").rglob("*.txt"):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
        out[meta["url"].rsplit("/", 1)[1]] = (meta, body)
    return out


def test_first_round_saves_each_article_once_and_skips_what_fails(
    server: FeedServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server.routes["/news/slow.html"] = Route(article_page("很慢", BIKES), delay=30)
    with caplog.at_level(logging.WARNING, logger="bot.corpus.feeds"):
        done = fetch(server, tmp_path)
    articles = saved(tmp_path)
    assert set(articles) == {"bridge.html", "bikes.html"}
    meta, body = articles["bridge.html"]
    assert meta == {
        "title": "瓯江北口大桥中塔顺利封顶",  # the item's title, date and link; the feed's paper
        "source": "温州日报",
        "date": "2019-06-20",  # as written (+0800), not the UTC date
        "place": "温州",
        "url": f"{server.base}/news/bridge.html",
    }
    assert "塔高172.5米" in body and "热点新闻" not in body and "网友评论" not in body
    assert "30个公共自行车服务点" in articles["bikes.html"][1]
    assert len(done.added) == 2 and not done.updated
    skipped = "\n".join(done.skipped)
    assert "report.pdf: not a web page (application/pdf)" in skipped
    assert "huge.html: too large" in skipped
    assert "bridge-copy.html: same article as" in skipped
    failed = "\n".join(done.failed)
    assert "missing.html: HTTP 404" in failed and "slow.html: timed out" in failed
    for name in ("missing.html", "slow.html", "huge.html", "report.pdf"):
        assert name in caplog.text  # every failure is logged
    assert all(r.headers["User-Agent"].startswith("newsqa-bot/") for r in server.log)


def test_an_unchanged_feed_costs_one_conditional_request(
    server: FeedServer, tmp_path: Path
) -> None:
    items = [i for i in ITEMS if i[0] in ("/news/bridge.html", "/news/report.pdf")]
    server.routes["/feed.xml"] = Route(rss(server.base, items), "application/rss+xml", etag='"a"')
    fetch(server, tmp_path)
    server.log.clear()
    done = fetch(server, tmp_path)
    assert server.paths() == ["/feed.xml"]
    assert server.log[0].headers["If-None-Match"] == '"a"'
    assert not done.changed and not done.failed


def test_a_failed_page_is_retried_next_rounds_then_left(server: FeedServer, tmp_path: Path) -> None:
    fetch(server, tmp_path)  # missing.html and slow.html: 404
    for _ in range(GIVE_UP - 1):
        server.log.clear()
        done = fetch(server, tmp_path)
        assert "If-None-Match" not in server.log[0].headers  # the whole feed, to find them
        assert sorted(server.paths()) == ["/feed.xml", "/news/missing.html", "/news/slow.html"]
        assert len(done.failed) == 2 and not done.changed
    server.log.clear()
    fetch(server, tmp_path)
    assert server.paths() == ["/feed.xml"]  # given up until the items change


def test_a_changed_feed_downloads_only_new_and_changed_items(
    server: FeedServer, tmp_path: Path
) -> None:
    fetch(server, tmp_path)
    first = saved(tmp_path)
    items = [*ITEMS]
    items[1] = (items[1][0], items[1][1], "Fri, 21 Jun 2019 09:00:00 +0800")  # bikes, updated
    items.append(("/news/park.html", "口袋公园开园", "Fri, 21 Jun 2019 10:00:00 +0800"))
    park = ["温州市区首个口袋公园昨日开园，占地1200平方米。", "公园由一块闲置空地改建。"]
    server.routes.update(
        {
            "/feed.xml": Route(rss(server.base, items), "application/rss+xml", etag='"v2"'),
            "/news/bikes.html": Route(article_page("市区新增公共自行车服务点", BIKES_LATER)),
            "/news/park.html": Route(article_page("口袋公园开园", park)),
            "/news/missing.html": Route(article_page("稿子回来了", BIKES[:1] + park[1:])),
        }
    )
    server.log.clear()
    done = fetch(server, tmp_path)
    fetched = server.paths()
    # Saved and unchanged, or never usable: not asked for again.
    for name in ("bridge.html", "bridge-copy.html", "huge.html", "report.pdf"):
        assert f"/news/{name}" not in fetched
    assert {"/news/bikes.html", "/news/park.html", "/news/missing.html"} <= set(fetched)
    articles = saved(tmp_path)
    meta, body = articles["bikes.html"]
    assert "45个公共自行车服务点" in body and "30个" not in body  # the file was updated
    assert meta["date"] == "2019-06-21"
    assert articles["bridge.html"] == first["bridge.html"]
    assert "口袋公园" in articles["park.html"][1]
    assert "稿子回来了" not in articles["missing.html"][0]["title"]  # the item's title
    assert len(done.updated) == 1 and len(done.added) == 2  # bikes; park and missing


def test_a_lost_state_file_downloads_no_saved_page_again(
    server: FeedServer, tmp_path: Path
) -> None:
    fetch(server, tmp_path)
    (tmp_path / STATE).unlink()
    server.log.clear()
    fetch(server, tmp_path)
    assert "/news/bridge.html" not in server.paths()
    assert "/news/bikes.html" not in server.paths()
    assert set(saved(tmp_path)) == {"bridge.html", "bikes.html"}


def test_a_broken_feed_is_skipped_and_the_others_still_fetched(
    server: FeedServer, tmp_path: Path
) -> None:
    server.routes["/broken.xml"] = Route(b"<html><body>not a feed", "text/html")
    done = fetch(
        server,
        tmp_path,
        FeedConfig(url=f"{server.base}/broken.xml"),
        FeedConfig(url=f"{server.base}/gone.xml"),
        FeedConfig(url=f"{server.base}/feed.xml", source="温州日报"),
    )
    failed = "\n".join(done.failed)
    assert "broken.xml: not an RSS or Atom feed" in failed and "gone.xml: HTTP 404" in failed
    assert len(done.added) == 2


def test_fetched_articles_are_indexed_with_their_url(server: FeedServer, tmp_path: Path) -> None:
    fetch(server, tmp_path)
    (tmp_path / "note.txt").write_text("温州发布防汛预警\n温州市防汛办昨日发布防汛四级预警。\n")
    docs = {d.source.title: d.source for d in load_documents(tmp_path)}
    assert docs["瓯江北口大桥中塔顺利封顶"].url == f"{server.base}/news/bridge.html"
    assert docs["瓯江北口大桥中塔顺利封顶"].paper == "温州日报"


def test_cli_fetch_then_ask_answers_with_the_articles_url(
    server: FeedServer, tmp_path: Path
) -> None:
    items = [i for i in ITEMS if i[0] in ("/news/bridge.html", "/news/bikes.html")]
    server.routes["/good.xml"] = Route(rss(server.base, items), "application/rss+xml")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    config = tmp_path / "config.yaml"
    feeds = [{"url": f"{server.base}/good.xml"}]
    config.write_text(yaml.safe_dump({"corpus": {"path": "corpus", "feeds": feeds}}))

    def bot(*args: str, stdin: str = "") -> Done:
        return run("--config", str(config), *args, stdin=stdin, cwd=tmp_path)

    done = bot("fetch")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("added feeds/127.0.0.1/2019-06-20-") == 2
    assert "index: 2 articles" in done.stdout
    done = bot("ask", "--json", stdin="瓯江北口大桥中塔高多少米\n")
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert "172.5米" in reply["sentence"]
    assert reply["source"]["url"] == f"{server.base}/news/bridge.html"
    assert reply["source"]["paper"] == "温州日报"  # the page's og:site_name: no source given


def test_cli_fetch_without_feeds_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    done = run("--corpus", str(tmp_path / "corpus"), "fetch", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "corpus.feeds" in done.stderr
