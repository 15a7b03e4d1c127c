"""Read a saved news web page: the article's text (trafilatura) and its title, date, paper, URL.

Navigation, breadcrumbs, sidebars, related links, ads, share bars, comments and footers are
left to trafilatura's boilerplate removal. The metadata is read here, in the order of trust
the page itself offers: Open Graph tags (`og:title`, `article:published_time`,
`og:site_name`, `og:url`), then the Chinese info line under the headline
(`2019-06-20 08:30 来源：温州日报 作者：…`), then the `<title>`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# GB2312 and GBK pages often hold characters only their superset GB18030 names.
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "chinese", "cp936"}
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SOURCE = re.compile(
    r"(?:来源|稿源)\s*[:：]\s*([^\s|｜/，,：:]+?)(?=作者|编辑|记者|发布|时间|[\s|｜/，,：:]|$)"
)
_POSTED = re.compile(r"(?:发布时间|发布日期|发表时间|日期|时间)\s*[:：]")
# "Headline_Channel_Site", "Headline--Site", "Headline | Site": the headline comes first.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|--|\||｜| - )\s*")
_SENTENCE_END = re.compile(r"[。！？!?]")
_INFO_MAX = 200  # an info line is short; a longer block holding 来源 is body or footer
_MIN_TITLE = 4


@dataclass(frozen=True)
class Page:
    """An article read from a web page: metadata found and the text as article lines."""

    meta: dict[str, str]  # title, source, date (YYYY-MM-DD), url: whichever were found
    body: str  # headline, info line, then one paragraph per block, blank lines between


def is_html(path: Path) -> bool:
    """Whether a file is a web page by its name."""
    return path.suffix.lower() in HTML_SUFFIXES


def decode_html(data: bytes, charset: str | None = None) -> str | None:
    """Decode a page by its HTTP or <meta> charset, else as UTF-8 or GB18030; None if binary."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    declared = charset or _declared_charset(data[:4096])
    labels = ["utf-8-sig", "gb18030"]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        labels = ["utf-16"]
    elif declared and not data.startswith(b"\xef\xbb\xbf"):
        labels.insert(0, "gb18030" if declared.lower() in _GB else declared)
    for label in labels:
        try:
            return data.decode(label)
        except (LookupError, UnicodeDecodeError):
            continue  # a wrong or unknown label: try the next guess
    # Pages on the web are often slightly broken; the extractor copes with a few U+FFFD.
    return data.decode("utf-8", errors="replace")


def _declared_charset(head: bytes) -> str | None:
    m = _CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def read_page(data: bytes, path: Path | str, charset: str | None = None) -> Page | None:
    """Extract a page's article; None (with a warning) when it holds no article text."""
    text = decode_html(data, charset)
    if text is None:
        logger.warning("%s: skipped, not readable text", path)
        return None
    return page_of(text, path)


def page_of(text: str, path: Path | str) -> Page | None:
    """Extract the article from a page's decoded HTML."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.document_fromstring(_without_xml_declaration(text))
    except (ParserError, ValueError) as exc:
        logger.warning("%s: skipped, not an HTML page (%s)", path, exc)
        return None
    meta, info = _metadata(tree)
    paragraphs = _extract(text)
    if not paragraphs:
        logger.warning("%s: skipped, no article text found in the page", path)
        return None
    lines = [meta["title"]] if meta.get("title") else []
    if info:
        lines.append(info)
    return Page(meta, "\n\n".join([*lines, *paragraphs]) + "\n")


def _without_xml_declaration(text: str) -> str:
    # lxml refuses a str that declares its own encoding (XHTML pages start with one).
    return re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)


def _extract(text: str) -> list[str]:
    """The article's paragraphs: precise extraction first, balanced when that finds nothing.

    Tables are left out (old table-layout pages put their menus and rankings in them) and so
    are comments. Precision mode finds nothing on some table-layout pages whose article sits
    in a table cell; the balanced mode then still leaves their sidebars out. Text without a
    single sentence end is a menu or a list of links, not an article.
    """
    import trafilatura

    for precise in (True, False):
        out = trafilatura.extract(
            text,
            include_tables=False,
            include_comments=False,
            include_images=False,
            favor_precision=precise,
            output_format="txt",
            deduplicate=False,
        )
        paragraphs = [p.strip() for p in (out or "").splitlines() if p.strip()]
        if any(_SENTENCE_END.search(p) for p in paragraphs):
            return paragraphs
    return []


def _metadata(tree: Any) -> tuple[dict[str, str], str]:
    """Title, source, date and URL from the page's tags and info line; the info line itself."""
    tags = _meta_tags(tree)
    info = _info_line(tree)
    meta: dict[str, str] = {}
    title = tags.get("og:title") or _headline(tree) or _title_tag(tree)
    if title:
        meta["title"] = title
    date = _iso(tags.get("article:published_time", "")) or _iso(info)
    if date:
        meta["date"] = date
    found = _SOURCE.search(info)
    source = tags.get("og:site_name") or (found.group(1) if found else "")
    if source:
        meta["source"] = source
    url = tags.get("og:url") or _canonical(tree)
    if url.startswith(("http://", "https://")):
        meta["url"] = url
    return meta, info


def _meta_tags(tree: Any) -> dict[str, str]:
    tags: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        value = " ".join((element.get("content") or "").split())
        if key and value and key not in tags:
            tags[key] = value
    return tags


def _canonical(tree: Any) -> str:
    for element in tree.iter("link"):
        if (element.get("rel") or "").lower() == "canonical":
            return (element.get("href") or "").strip()
    return ""


def _headline(tree: Any) -> str:
    """The page's one <h1>, if it has exactly one (several are a list of stories)."""
    heads = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    heads = [h for h in heads if len(h) >= _MIN_TITLE]
    return heads[0] if len(heads) == 1 else ""


def _title_tag(tree: Any) -> str:
    element = tree.find(".//title")
    text = " ".join((element.text_content() if element is not None else "").split())
    first = _TITLE_SEPARATORS.split(text)[0] if text else ""
    return first if len(first) >= _MIN_TITLE else text


def _info_line(tree: Any) -> str:
    """The shortest block of the page holding a date and a 来源 (or a 发布时间) line."""
    best = ""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "head"):
            continue
        text = " ".join(element.text_content().split())
        if len(text) > _INFO_MAX or not _DATE.search(text):
            continue
        if (_SOURCE.search(text) or _POSTED.search(text)) and (not best or len(text) < len(best)):
            best = text
    return best


def _iso(text: str) -> str:
    m = _DATE.search(text)
    if not m:
        return ""
    year, month, day = map(int, m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"
