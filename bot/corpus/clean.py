"""Turn a raw article body into sentence units: join broken lines, drop crumbs, split."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.corpus.boilerplate import is_credit

# Sentence-final marks; "……" and "…" end a sentence too.
_FINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)】》\"'"
_SPLIT = re.compile(rf"(……|…|[{re.escape(_FINAL[:-1])}])([{re.escape(_CLOSERS)}]*)")
_PROSE_INSIDE = re.compile(r"[。！？!?；;]")
# A stop inside a title in 《》 (《卡拉OK.LIVE！‧台北‧我》, 《你好！李焕英》) is the title's own, up
# to a title this long; a 《 never closed is a typo, and the stop ends the sentence.
_LONGEST_TITLE = 40
_CONTINUES = tuple("，,、：:—")
_ENDS = tuple(_FINAL + _CLOSERS)
# A navigation crumb is a short line: a "you are here" label, or labels joined by ">".
_CRUMB_LABEL = re.compile(r"(?:您当前的位置|你当前的位置|当前位置|你的位置|您的位置)\s*[:：]")
_CRUMB_SEP = re.compile(r"\s*[>»›＞]\s*")
# What a crumb's labels never hold: HTML (<br>), sentence or number punctuation (增速>8%，…).
_NOT_A_LABEL = re.compile(r"[<。，,！？!?；;：:%％]")
_MAX_CRUMB = 100  # characters
_MAX_LABEL = 20
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
    """Return (paragraph, line) pairs with crumbs gone and lines broken mid-sentence joined.

    Linear in the body's length: a joined line is built from parts, and what decides
    whether it is still open is kept as it grows rather than searched for again.
    """
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
    joined: list[tuple[int, str]] = []
    parts: list[str] = []
    para = 0
    prose = comma = False
    size = 0
    for n, lines in enumerate(p for p in paragraphs if p):
        for line in lines:
            if parts and _open(parts[-1], prose, comma, size):
                if _latin(parts[-1][-1:]) and _latin(line[:1]):
                    # A layout break in Chinese is no space ("今年" / "9月" is 今年9月); only
                    # Latin words need one.
                    parts.append(" ")
                    size += 1
            else:
                if parts:
                    joined.append((para, "".join(parts)))
                parts, para, prose, comma, size = [], n, False, False, 0
            parts.append(line)
            prose = prose or bool(_PROSE_INSIDE.search(line))
            comma = comma or bool(_COMMA.search(line))
            size += len(line)
    if parts:
        joined.append((para, "".join(parts)))
    return joined


def is_crumb(line: str) -> bool:
    """Whether a line is a navigation crumb: short, and a "您当前的位置 :" label or at least
    three short labels joined by ">" (首页 > 新闻中心 > 本地新闻)."""
    if len(line) > _MAX_CRUMB:
        return False
    if _CRUMB_LABEL.search(line):
        return True
    labels = _CRUMB_SEP.split(line.strip(" >»›＞"))
    return len(labels) >= 3 and all(
        0 < len(label) <= _MAX_LABEL and not _NOT_A_LABEL.search(label) for label in labels
    )


def _open(last: str, prose: bool, comma: bool, size: int) -> bool:
    """Whether a line, ending in `last`, stops in the middle of a sentence (a layout break,
    not a headline); `prose` and `comma` say whether it holds inner stops or commas."""
    if last.endswith(_ENDS):
        return False
    if last.endswith(_CONTINUES):
        return True
    return prose or (size >= _PROSE_LINE and comma)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def split_sentences(text: str, max_chars: int) -> list[str]:
    """Split one line into sentences; closing quotes stay with their sentence."""
    out: list[str] = []
    start = 0
    for m in _SPLIT.finditer(text):
        if _in_title(text, m.start()):
            continue
        end = m.end()
        piece = text[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [part for s in out for part in _cut_long(s, max_chars)]


def _in_title(text: str, at: int) -> bool:
    """Whether the stop at `at` stands inside a 《》 title that closes soon after it."""
    opened = text.rfind("《", max(0, at - _LONGEST_TITLE), at)
    if opened < 0 or "》" in text[opened:at]:
        return False
    closed = text.find("》", at, opened + _LONGEST_TITLE + 1)
    return closed > 0 and "《" not in text[at:closed]


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
        # A short line without prose is a headline or sub-head, unless it is a credit line.
        headline = (
            len(line) <= _PROSE_LINE and not _PROSE_INSIDE.search(line) and not is_credit(line)
        )
        for sentence in split_sentences(line, max_chars):
            key = re.sub(r"\s+", "", sentence)
            if key in seen or not _CJK.search(sentence) and not re.search(r"\w{3}", sentence):
                continue
            seen.add(key)
            out.append(Unit(sentence, para, headline))
    return out
