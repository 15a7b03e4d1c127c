"""Turn a raw article body into sentence units: join broken lines, drop crumbs, split."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Sentence-final marks; "……" and "…" end a sentence too.
_FINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)】》\"'"
_SPLIT = re.compile(rf"(……|…|[{re.escape(_FINAL[:-1])}])([{re.escape(_CLOSERS)}]*)")
_PROSE_INSIDE = re.compile(r"[。！？!?；;]")
_CONTINUES = tuple("，,、：:—")
_ENDS = tuple(_FINAL + _CLOSERS)
_CRUMB = re.compile(r"(您当前的位置|当前位置|你的位置|您的位置)\s*[:：]|(\S+\s*>\s*){2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_COMMA = re.compile(r"[，,]")
_CUT_AT = re.compile(r"(?<=[，,、])")

# A line this long with commas is prose even without inner full stops; headlines are shorter.
_PROSE_LINE = 40


@dataclass(frozen=True)
class Unit:
    """A sentence-sized piece of an article with its paragraph number."""

    text: str
    paragraph: int
    headline: bool


def clean_lines(body: str) -> list[tuple[int, str]]:
    """Return (paragraph, line) pairs with crumbs gone and lines broken mid-sentence joined."""
    paragraphs: list[list[str]] = [[]]
    for raw in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip().replace("\u3000", " ")
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if is_crumb(line) or not re.search(r"\w", line):
            continue
        paragraphs[-1].append(line)
    lines = [(n, line) for n, para in enumerate(p for p in paragraphs if p) for line in para]
    joined: list[tuple[int, str]] = []
    for para, line in lines:
        if joined and _broken(joined[-1][1]):
            prev_para, prev = joined.pop()
            line = _glue(prev, line)
            para = prev_para
        joined.append((para, line))
    return joined


def is_crumb(line: str) -> bool:
    """Whether a line is a navigation crumb (您当前的位置 : …, or a > b > c)."""
    # The pattern backtracks quadratically on long lines; it needs "位置" or two ">" to match.
    return ("位置" in line or line.count(">") >= 2) and bool(_CRUMB.search(line))


def _broken(line: str) -> bool:
    """Whether a line stops in the middle of a sentence (a layout break, not a headline)."""
    if line.endswith(_ENDS):
        return False
    if line.endswith(_CONTINUES):
        return True
    return bool(_PROSE_INSIDE.search(line)) or (
        len(line) >= _PROSE_LINE and bool(_COMMA.search(line))
    )


def _glue(left: str, right: str) -> str:
    # A layout break in Chinese is no space ("今年" / "9月" is 今年9月); only Latin words need one.
    if _latin(left[-1:]) and _latin(right[:1]):
        return f"{left} {right}"
    return left + right


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def split_sentences(text: str, max_chars: int) -> list[str]:
    """Split one line into sentences; closing quotes stay with their sentence."""
    out: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        end = m.end()
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [part for s in out for part in _cut_long(s, max_chars)]


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence at ，/、 into pieces of at most max_chars where possible."""
    if len(sentence) <= max_chars:
        return [sentence]
    pieces: list[str] = []
    current = ""
    for clause in _CUT_AT.split(sentence):
        if current and len(current) + len(clause) > max_chars:
            pieces.append(current)
            current = ""
        current += clause
    if current:
        pieces.append(current)
    # A single clause longer than the limit is cut hard so no unit is unbounded.
    return [p[i : i + max_chars] for p in pieces for i in range(0, len(p), max_chars)]


def units(body: str, max_chars: int = 120) -> list[Unit]:
    """Clean a body and split it into units, each sentence once (repeated text collapses)."""
    seen: set[str] = set()
    out: list[Unit] = []
    for para, line in clean_lines(body):
        headline = len(line) <= _PROSE_LINE and not _PROSE_INSIDE.search(line)
        for sentence in split_sentences(line, max_chars):
            key = re.sub(r"\s+", "", sentence)
            if key in seen or not _CJK.search(sentence) and not re.search(r"\w{3}", sentence):
                continue
            seen.add(key)
            out.append(Unit(sentence, para, headline))
    return out
