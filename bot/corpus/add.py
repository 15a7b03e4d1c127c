"""`bot add`: copy article files into the corpus with YAML front matter above the body."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import TextIO

import yaml

from bot import safeio
from bot.corpus.article import (
    FRONT_KEYS,
    MAX_ARTICLE_BYTES,
    SUFFIXES,
    detect_meta,
    place_of,
    split_front_matter,
)
from bot.corpus.encoding import decode_as
from bot.corpus.html import is_html, read_page

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# A page saved under another name (page.txt) is still a page.
_PAGE_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body)\b", re.I)


def iso_date(value: str) -> str:
    """Read a --date given as 2016-11-25, 2016/11/25 or 2016年11月25日; return YYYY-MM-DD."""
    m = _DATE.fullmatch(value.strip())
    if m:
        try:
            return date(*map(int, m.groups())).isoformat()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"expected a date such as 2016-11-25, got {value!r}")


def front_matter(meta: dict[str, str]) -> str:
    """A YAML front matter block with the keys in their documented order."""
    ordered = {k: meta[k] for k in FRONT_KEYS if meta.get(k)}
    return "---\n" + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False) + "---\n"


def add_articles(args: argparse.Namespace, corpus: Path, out: TextIO) -> int:
    """Write each file into the corpus folder: a text body as it arrived, a web page as its text."""
    corpus.mkdir(parents=True, exist_ok=True)
    status = 0
    for path in args.files:
        try:
            # The content is copied, a link given here included; a FIFO or device is refused.
            data = safeio.read_regular(path, MAX_ARTICLE_BYTES)
        except OSError as exc:
            out.write(f"skipped {path}: {exc.strerror or exc}\n")
            status = 1
            continue
        converted = ""
        if is_html(path) or _PAGE_START.match(data[:4096]):  # its article text and metadata
            page = read_page(data, path)
            if page is None:
                out.write(f"skipped {path}: no article text found in the page\n")
                status = 1
                continue
            given, body = page.meta, page.body
        else:
            read = decode_as(data)
            if read is None:
                out.write(f"skipped {path}: not text in UTF-8, GB18030 or Big5\n")
                status = 1
                continue
            text, encoding = read
            if encoding != "UTF-8":
                converted = f" (converted from {encoding} to UTF-8)"
            given, body = split_front_matter(text, path)
        meta = {**detect_meta(body, path.stem), **given}
        meta.update({k: getattr(args, k) for k in FRONT_KEYS if getattr(args, k, None)})
        if "place" not in meta and meta.get("source"):
            meta["place"] = place_of(meta["source"])
        target = corpus / (path.stem + (path.suffix if path.suffix in SUFFIXES else ".txt"))
        if os.path.lexists(target) and not args.force:  # a dangling link is a taken name too
            out.write(f"skipped {path}: {target} exists (use --force to overwrite)\n")
            status = 1
            continue
        _replace(target, (front_matter(meta) + body).encode("utf-8"))
        known = " ".join(meta[k] for k in ("source", "date") if meta.get(k))
        out.write(f"added {target}: {known}《{meta.get('title', '')}》{converted}\n")
    return status


def _replace(target: Path, data: bytes) -> None:
    """Write a new file in place of `target`: a link there is replaced, never written through,
    and a crash leaves the old file or the new one, not half of it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)  # mkstemp makes 0600; give the mode a plain write would
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise
