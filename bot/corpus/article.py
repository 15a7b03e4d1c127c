"""Read article files: decode, front matter or detected metadata, cleaned sentence units."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from bot import safeio
from bot.corpus.clean import is_crumb, units
from bot.corpus.encoding import decode
from bot.corpus.html import HTML_SUFFIXES, is_html, read_page
from bot.model import Document, Sentence, Source

logger = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md")
ARTICLE_SUFFIXES = SUFFIXES + HTML_SUFFIXES  # web pages are read by bot.corpus.html
_NULL = "tag:yaml.org,2002:null"
_BAD_DATE = "%s:%d: date %r is not a real date (YYYY-MM-DD); ignored"
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(?:\r?\n|\Z)", re.S)
_SOURCE_LINE = re.compile(r"(?:稿源|来源|来源于)\s*[:：]\s*(\S+?)(?:\s|$|\d)")
_ISO_DATE = re.compile(r"(20\d\d|19\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_YEAR_MONTH = re.compile(r"^(20\d\d|19\d\d)年(\d{1,2})月$")
_DAY = re.compile(r"^(\d{1,2})$")
_PAPER = re.compile(r"^(\S{2,8}?)(日报|晚报|早报|时报|商报|新闻|报)$")
_PLACE_OF_PAPER = re.compile(r"^(\S{2,4}?)(日报|晚报|早报|时报|商报|报)")
FRONT_KEYS = ("title", "source", "date", "place", "url")
MAX_ARTICLE_BYTES = 64 * 2**20  # a bigger "article" is a misplaced archive or dump
MAX_TITLE = 120  # characters of a title or paper name kept


class CorpusError(Exception):
    """The corpus folder cannot be used at all (missing or without any article)."""


@dataclass(frozen=True)
class Article:
    """A decoded file: its metadata as read or detected, and its body."""

    path: Path
    meta: dict[str, str]
    body: str


def split_front_matter(text: str, path: Path) -> tuple[dict[str, str], str]:
    """Split YAML front matter from the body; bad front matter is reported and ignored.

    Values are taken as written (a bad date stays text to be reported, a 5,000-digit number
    is never converted); aliases are refused, as they can expand without limit.
    """
    m = _FRONT.match(text)
    if not m:
        return {}, text
    body = text[m.end() :]
    try:
        node = safeio.compose(m.group(1))
    except safeio.UnsafeYaml as exc:
        logger.warning("%s:%d: invalid front matter ignored (%s)", path, exc.line + 1, exc)
        return {}, body
    if node is None:
        return {}, body
    if not isinstance(node, yaml.MappingNode):
        logger.warning("%s:2: front matter must be a mapping; ignored", path)
        return {}, body
    meta: dict[str, str] = {}
    unknown = []
    for key_node, value in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        line = value.start_mark.line + 2  # the front matter starts on the file's line 2
        if key not in FRONT_KEYS:
            unknown.append(key)
        elif not isinstance(value, yaml.ScalarNode):
            logger.warning("%s:%d: front matter %s must be text; ignored", path, line, key)
        elif value.tag != _NULL:  # an empty value is kept: it stops detection of that key
            text_value = str(value.value).strip()
            if key == "date" and text_value:
                iso = valid_date(text_value)
                if iso is None:  # no date then, rather than one guessed from the body
                    logger.warning(_BAD_DATE, path, line, text_value[:40])
                text_value = iso or ""
            meta[key] = text_value
    if unknown:
        logger.warning("%s: unknown front matter keys ignored: %s", path, ", ".join(unknown))
    return meta, body


def detect_meta(
    body: str, stem: str, problems: list[tuple[int, str]] | None = None
) -> dict[str, str]:
    """Guess paper, date, title and place from a body's first lines (稿源 line, masthead).

    A date that is no real day is left out and noted in `problems` as (body line, text).
    """
    # Crumbs ("您当前的位置 : … > …") are no title, even right above the 稿源 line.
    numbered: list[tuple[int, str]] = []
    for n, raw in enumerate(body.splitlines(), 1):
        line = raw.strip()
        if line and not is_crumb(line):
            numbered.append((n, line))
            if len(numbered) == 30:
                break
    lines = [line for _, line in numbered]
    meta: dict[str, str] = {}
    bad = problems if problems is not None else []
    for i, (n, line) in enumerate(numbered):
        m = _SOURCE_LINE.search(line)
        if m and "source" not in meta:
            meta["source"] = m.group(1)
            if i > 0 and "title" not in meta:
                meta["title"] = lines[i - 1]
        d = _ISO_DATE.search(line)
        if d and "date" not in meta:
            iso = _real_date(*d.groups())
            if iso:
                meta["date"] = iso
            else:
                bad.append((n, d.group(0)))
    for i, (n, line) in enumerate(numbered[:10]):
        if "source" not in meta and _PAPER.match(line):
            meta["source"] = line
        ym = _YEAR_MONTH.match(line)
        if ym and "date" not in meta:
            day = next((m.group(1) for ln in lines[i + 1 : i + 6] if (m := _DAY.match(ln))), None)
            if day:
                iso = _real_date(ym.group(1), ym.group(2), day)
                if iso:
                    meta["date"] = iso
                else:
                    bad.append((n, f"{line} {day}"))
    if "title" not in meta:
        meta["title"] = next((ln for ln in lines if _looks_like_title(ln)), stem)
    return meta


def _looks_like_title(line: str) -> bool:
    cjk = len(re.findall(r"[\u3400-\u9fff]", line))
    return (
        cjk >= 8
        and not re.search(r"[。！？!?]$", line)
        and not _PAPER.match(line)
        and not _SOURCE_LINE.search(line)
    )


def _real_date(year: str, month: str, day: str) -> str | None:
    """YYYY-MM-DD of a day that exists, else None (2016-02-30, month 13, day 45)."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def valid_date(value: str) -> str | None:
    """YYYY-MM-DD of a date written as 2016-11-25, 2016/11/25 or 2016年11月25日; None if it
    is not one or names no real day."""
    m = _ISO_DATE.fullmatch(value.strip()) or _ISO_DATE.search(value)
    return _real_date(*m.groups()) if m else None


def place_of(paper: str) -> str:
    """The city a paper is named after: 永康日报 → 永康."""
    m = _PLACE_OF_PAPER.match(paper)
    return m.group(1) if m else ""


def read_article_bytes(path: Path) -> bytes:
    """An article file's bytes: a regular file, not a link (even one swapped in since the
    folder was listed), of at most MAX_ARTICLE_BYTES; OSError otherwise."""
    return safeio.read_regular(path, MAX_ARTICLE_BYTES, follow_links=False)


def read_article(path: Path) -> Article | None:
    """Read one article file; None (with a warning) when it is not readable text."""
    try:
        data = read_article_bytes(path)
    except OSError as exc:
        logger.warning("%s: skipped, cannot read (%s)", path, exc.strerror or exc)
        return None
    if is_html(path):
        return _page_article(path, data)
    text = decode(data)
    if text is None:
        logger.warning("%s: skipped, not text in UTF-8, GB18030 or Big5", path)
        return None
    if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
        logger.warning("%s: a few undecodable bytes shown as \ufffd", path)
    meta, body = split_front_matter(text, path)
    problems: list[tuple[int, str]] = []
    detected = detect_meta(body, file_name(path.stem), problems)
    before = text.count("\n", 0, len(text) - len(body))  # front matter lines above the body
    for n, found in problems:
        logger.warning(_BAD_DATE, path, before + n, found)
    merged = {**detected, **meta}
    if not body.strip():
        logger.warning("%s: skipped, no text", path)
        return None
    return Article(path, merged, body)


def _page_article(path: Path, data: bytes) -> Article | None:
    """A saved web page: its extracted article, metadata from the page before guesses."""
    page = read_page(data, path)
    if page is None:
        return None
    return Article(path, {**detect_meta(page.body, file_name(path.stem)), **page.meta}, page.body)


def article_files(folder: Path, warn: bool = True) -> list[Path]:
    """Article files below a folder, sorted: regular .txt, .md and web page files, hidden
    files and folders (the index) skipped.

    Symbolic links inside the folder are not followed, to files or to folders (each is
    warned about, unless `warn` is False as for the index key and the reload watcher, which
    list the folder again): a link could serve any file of the machine as an article.
    The folder itself may be a link. Listed with a stack, not recursion, so any depth works.
    """
    return [folder.joinpath(*parts) for parts, _ in _scan(folder, warn, stat=False)]


def article_stats(folder: Path) -> list[tuple[str, int, int] | tuple[str, None, None]]:
    """The same files as article_files (quietly), as names inside the folder with their size
    and modification time (None, None: gone since listed). Cheap enough to poll: no Path
    objects, and the size and time come with the listing."""
    out: list[tuple[str, int, int] | tuple[str, None, None]] = []
    for parts, st in _scan(folder, warn=False, stat=True):
        name = os.sep.join(parts)
        out.append((name, None, None) if st is None else (name, st.st_size, st.st_mtime_ns))
    return out


def _scan(
    folder: Path, warn: bool, stat: bool
) -> list[tuple[tuple[str, ...], os.stat_result | None]]:
    if not folder.is_dir():
        raise CorpusError(f"corpus folder not found: {folder}")
    # Plain strings and tuples: pathlib's rglob, sorting and relative_to took seconds at 30k
    # files. Sorting by path parts keeps pathlib's order.
    found: list[tuple[tuple[str, ...], os.stat_result | None]] = []
    todo: list[tuple[str, ...]] = [()]
    while todo:
        rel = todo.pop()
        try:
            with os.scandir(folder.joinpath(*rel)) as listing:
                entries = list(listing)
        except OSError as exc:  # removed or unreadable while we list
            logger.warning("%s: folder skipped (%s)", folder.joinpath(*rel), exc.strerror)
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_symlink():
                    if warn:
                        logger.warning("%s: skipped, a symbolic link (not followed)", entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    todo.append((*rel, name))
                elif os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES and entry.is_file(
                    follow_symlinks=False
                ):
                    found.append(((*rel, name), _stat(entry) if stat else None))
            except OSError:  # gone since the folder was read
                continue
    found.sort(key=lambda item: item[0])
    return found


def _stat(entry: os.DirEntry[str]) -> os.stat_result | None:
    try:
        return entry.stat(follow_symlinks=False)
    except OSError:  # gone since the folder was read
        return None


def to_document(article: Article, root: Path, max_chars: int) -> Document:
    """Clean an article into a Document of sentence units."""
    meta = article.meta
    paper = meta.get("source", "")
    source = Source(
        title=_capped(meta.get("title") or file_name(article.path.stem)),
        paper=_capped(paper),
        date=valid_date(meta.get("date") or ""),
        path=_relative(article.path, root),
        place=meta.get("place") or place_of(paper),
        url=meta.get("url", ""),
    )
    parts = units(article.body, max_chars)
    digest = hashlib.sha256("\n".join(u.text for u in parts).encode()).hexdigest()
    sentences = tuple(
        Sentence(u.text, doc=-1, paragraph=u.paragraph, position=i, headline=u.headline)
        for i, u in enumerate(parts)
    )
    return Document(source, sentences, digest)


def _capped(text: str) -> str:
    """A title or paper name cut to MAX_TITLE characters: a line, not a paragraph."""
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1] + "…"


def _relative(path: Path, root: Path) -> str:
    try:
        return file_name(path.relative_to(root).as_posix())
    except ValueError:
        return file_name(path.as_posix())


def file_name(name: str) -> str:
    """A file name as text: names in GBK (zips from Windows) decoded, other bad bytes as U+FFFD."""
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")
