"""RSS/Atom feeds in: each new item's page downloaded once and saved as an article file.

A round reads every configured feed (conditionally: an unchanged feed costs one 304), and
for each item not seen before, or changed since (its dates, title or summary), downloads
the page and saves its article text under `feeds/<host>/` in the corpus folder, with front
matter (title, source, date, place, url). What was fetched is remembered in a small state
file, `.feeds.json`, beside the articles (hidden, so never read as one): the feeds' ETag and
Last-Modified, and per page URL its file, text hash and the item's stamp. A page whose text
was already saved under another URL is not saved again. A failing feed or page is logged
and skipped; a page that will not become usable (not HTML, too large, no article text) is
not asked for again until its item changes.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.config import FeedConfig
from bot.corpus.add import front_matter
from bot.corpus.article import decode, place_of, split_front_matter
from bot.corpus.fetch import Fetcher, FetchError, TooLarge
from bot.corpus.html import read_page

logger = logging.getLogger(__name__)

STATE = ".feeds.json"
FOLDER = "feeds"  # inside the corpus folder
GIVE_UP = 3  # rounds a page may fail (404, time-out) before it is left until its item changes
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass
class Round:
    """What one round of fetching did, one line per event, for the console or the log."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # logged, not an error: retried or final
    failed: list[str] = field(default_factory=list)  # feeds or pages that could not be read

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def lines(self) -> list[str]:
        return [
            *(f"added {x}" for x in self.added),
            *(f"updated {x}" for x in self.updated),
            *(f"skipped {x}" for x in self.skipped),
            *(f"failed {x}" for x in self.failed),
        ]


@dataclass
class _Item:
    link: str
    title: str
    date: str
    stamp: str  # changes when the feed says the item changed


def fetch_feeds(feeds: Iterable[FeedConfig], corpus: Path, fetcher: Fetcher) -> Round:
    """Fetch every feed once and save its new or changed items' pages into the corpus."""
    state = _load_state(corpus)
    done = Round()
    for feed in feeds:
        try:
            items, title = _read_feed(feed, state, fetcher)
        except FetchError as exc:
            logger.warning("feed %s: %s; skipped this round", feed.url, exc)
            done.failed.append(f"{feed.url}: {exc}")
            continue
        failed = len(done.failed)
        for item in items:
            _take(item, feed, title, corpus, state, fetcher, done)
        if len(done.failed) > failed:  # read the feed again next round, to retry those pages
            state["feeds"].pop(feed.url, None)
        _save_state(corpus, state)
    return done


def _read_feed(
    feed: FeedConfig, state: dict[str, Any], fetcher: Fetcher
) -> tuple[list[_Item], str]:
    import feedparser

    known = state["feeds"].get(feed.url, {})
    r = fetcher.get(feed.url, known.get("etag"), known.get("modified"))
    if r.not_modified:
        logger.info("feed %s: not modified", feed.url)
        return [], ""
    parsed = feedparser.parse(r.body, response_headers={"content-type": r.content_type})
    if not parsed.entries and parsed.get("bozo"):
        raise FetchError(f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    state["feeds"][feed.url] = {"etag": r.etag, "modified": r.last_modified}
    items = []
    for entry in parsed.entries:
        link = _raw(entry, "link").strip()
        if not link.startswith(("http://", "https://")):
            continue
        stamp = "\0".join(_raw(entry, k) for k in ("updated", "published", "title", "summary"))
        items.append(
            _Item(
                link,
                " ".join(_raw(entry, "title").split()),
                _item_date(entry),
                hashlib.sha256(stamp.encode()).hexdigest()[:16],
            )
        )
    return items, " ".join(str(parsed.feed.get("title") or "").split())


def _raw(entry: Any, key: str) -> str:
    # dict.get: feedparser's own get() maps a missing `updated` to `published`, with a warning.
    return str(dict.get(entry, key) or "")


def _item_date(entry: Any) -> str:
    """The item's date as the feed wrote it (a Beijing morning stays that day, not UTC's)."""
    for key in ("published", "updated", "created"):
        raw = _raw(entry, key).strip()
        if not raw:
            continue
        when: datetime | None
        try:
            when = email.utils.parsedate_to_datetime(raw)  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            try:
                when = datetime.fromisoformat(raw.replace("Z", "+00:00"))  # Atom: RFC 3339
            except ValueError:
                when = None
        if when is not None:
            return when.date().isoformat()
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return ""


def _take(
    item: _Item,
    feed: FeedConfig,
    feed_title: str,
    corpus: Path,
    state: dict[str, Any],
    fetcher: Fetcher,
    done: Round,
) -> None:
    """Download one item's page if it is new or changed, and save or update its article."""
    pages: dict[str, Any] = state["pages"]
    record: dict[str, Any] = pages.setdefault(item.link, {})
    if record.get("stamp", item.stamp) is None:  # saved before the state was lost
        record["stamp"] = item.stamp
    if record.get("stamp") == item.stamp and (
        record.get("sha256") or record.get("final") or record.get("failures", 0) >= GIVE_UP
    ):
        return  # seen, and the feed says nothing changed: not downloaded again
    if record.get("stamp") != item.stamp:
        record.update(stamp=item.stamp, failures=0, final=None)
    saved = bool(record.get("sha256"))  # only a saved article can be "not modified"
    etag, modified = (record.get("etag"), record.get("modified")) if saved else (None, None)
    try:
        r = fetcher.get(item.link, etag, modified)
    except TooLarge as exc:
        record["final"] = reason = f"too large ({exc})"
        logger.warning("page %s: %s; skipped", item.link, reason)
        done.skipped.append(f"{item.link}: {reason}")
        return
    except FetchError as exc:
        record["failures"] = record.get("failures", 0) + 1
        logger.warning("page %s: %s; skipped", item.link, exc)
        done.failed.append(f"{item.link}: {exc}")
        return
    record.update(etag=r.etag, modified=r.last_modified, failures=0)
    if r.not_modified:
        return
    reason = _unusable(r.content_type, r.body)
    page = None if reason else read_page(r.body, item.link, r.charset)
    if page is None:
        record["final"] = reason = reason or "no article text found in the page"
        logger.warning("page %s: %s; skipped", item.link, reason)
        done.skipped.append(f"{item.link}: {reason}")
        return
    digest = hashlib.sha256(page.body.encode()).hexdigest()
    if digest == record.get("sha256"):
        return  # the item changed in the feed, its article did not
    twin = state["texts"].get(digest)
    if twin and twin != item.link and (corpus / pages.get(twin, {}).get("path", "")).is_file():
        record["final"] = f"same article as {twin}"
        logger.info("page %s: same article as %s; saved once", item.link, twin)
        done.skipped.append(f"{item.link}: same article as {twin}")
        return
    source = feed.source or page.meta.get("source") or feed_title
    meta = {
        "title": item.title or page.meta.get("title", ""),
        "source": source,
        "date": item.date or page.meta.get("date", ""),
        "place": feed.place or place_of(source),
        "url": item.link,
    }
    rel = record.get("path") or _new_path(item)
    _write(corpus / rel, front_matter(meta) + page.body)
    updated = saved
    state["texts"].pop(record.get("sha256", ""), None)
    state["texts"][digest] = item.link
    record.update(path=rel, sha256=digest, final=None)
    line = f"{rel}: {source or '?'} {meta['date'] or '?'} 《{meta['title']}》"
    (done.updated if updated else done.added).append(line)
    logger.info("%s %s", "updated" if updated else "added", line)


def _unusable(content_type: str, body: bytes) -> str:
    """Why a downloaded item is no article page, or "" if it may be one."""
    if content_type not in _HTML_TYPES:
        return f"not a web page ({content_type})"
    if not content_type and b"<" not in body[:1024]:
        return "not a web page"
    return ""


def _new_path(item: _Item) -> str:
    """feeds/<host>/<date>-<hash of the URL>.txt: stable for the URL, readable in a listing."""
    host = _UNSAFE.sub("_", urlsplit(item.link).hostname or "site").strip("._") or "site"
    name = f"{item.date or 'undated'}-{hashlib.sha256(item.link.encode()).hexdigest()[:12]}.txt"
    return f"{FOLDER}/{host}/{name}"


def _write(path: Path, text: str) -> None:
    """Write through a temporary name, so the corpus never holds half an article."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _load_state(corpus: Path) -> dict[str, Any]:
    """The remembered feeds and pages; rebuilt from the saved articles when lost or damaged."""
    path = corpus / STATE
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(state, dict) and {"feeds", "pages", "texts"} <= state.keys():
            return state
        logger.warning("%s: not a feed state file; rebuilding it from the saved articles", path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as exc:
        logger.warning("%s: unreadable (%s); rebuilding it from the saved articles", path, exc)
    return _rescan(corpus)


def _rescan(corpus: Path) -> dict[str, Any]:
    """State from the articles already saved, so a lost state file downloads nothing twice."""
    state: dict[str, Any] = {"feeds": {}, "pages": {}, "texts": {}}
    for path in sorted((corpus / FOLDER).rglob("*.txt")):
        text = decode(path.read_bytes())
        if text is None:
            continue
        meta, body = split_front_matter(text, path)
        url = meta.get("url")
        if url:
            digest = hashlib.sha256(body.encode()).hexdigest()
            rel = path.relative_to(corpus).as_posix()
            state["pages"][url] = {"path": rel, "sha256": digest, "stamp": None}
            state["texts"][digest] = url
    return state


def _save_state(corpus: Path, state: dict[str, Any]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    _write(corpus / STATE, json.dumps(state, ensure_ascii=False, indent=1))
