"""The one text cleaner: the same form for articles and questions, and text safe to show.

Two forms. `Normalizer` makes the matching form of articles and questions alike: every
invisible character dropped, NFKC, traditional to simplified, whitespace folded. `printable`
makes what is shown (Telegram replies, echoed questions) carryable and honest: no control
characters, no lone surrogates, no bidirectional overrides that would reorder the line, while
zero-width joiners and variation selectors stay, because emoji sequences need them.
"""

from __future__ import annotations

import re
import unicodedata

import opencc

_SPACE = re.compile(r"\s+")
# Repeated punctuation ("？？？", "!!!") carries no meaning for retrieval.
_REPEAT_PUNCT = re.compile(r"([^\w\s])\1+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# Characters that draw nothing but can sit inside a word and split it for the tokenizer:
# every format character (Unicode category Cf: soft hyphen, zero-width marks, bidirectional
# controls, BOM, tag characters, …; tests check this list against unicodedata), the
# combining grapheme joiner, variation selectors, Mongolian variation selectors, Hangul
# fillers. Dropping ZWJ and variation selectors here costs nothing: emoji are never terms.
_INVISIBLE = re.compile(
    "["
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
    "]"
)
# Lone surrogates cannot be encoded; the rest cannot be shown or only steer layout.
_JUNK = re.compile(rf"[\ud800-\udfff]|{_INVISIBLE.pattern}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What `printable` removes: controls (tab and newline stay) and the bidirectional controls
# that can make a line read differently from what it holds.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# What ends or breaks a line for some reader: controls, NEL, the line and paragraph separators.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Normalizer:
    """NFKC, traditional to simplified, folded whitespace: one form for articles and questions."""

    def __init__(self) -> None:
        self._t2s = opencc.OpenCC("t2s")

    def __call__(self, text: str) -> str:
        text = _JUNK.sub("", text)
        text = _CONTROL.sub(" ", text)
        text = unicodedata.normalize("NFKC", text)
        text = self._t2s.convert(text)
        return _SPACE.sub(" ", text).strip()

    def question(self, text: str) -> str:
        """Normalise a question and collapse repeated punctuation."""
        return _REPEAT_PUNCT.sub(r"\1", self(text))


def align(text: str, norm: str) -> list[int] | None:
    """For each character of norm, the normal form of text, the index of the character of
    text it came from; None when the two cannot be lined up character by character.

    NFKC may turn one character into several (㎡ → m2) and folding drops spaces; OpenCC's
    t2s keeps length for every phrase it converts today. Characters are lined up as NFKC and
    folding leave them, and a pair that differs must be two CJK characters (t2s changed
    one): a future table that changes length, or any other surprise, falls back to None.
    """
    origin: list[int] = []
    chars: list[str] = []
    for i, ch in enumerate(text):
        if _JUNK.match(ch):
            continue
        for c in unicodedata.normalize("NFKC", _CONTROL.sub(" ", ch)):
            if c.isspace():
                if not chars or chars[-1] == " ":
                    continue
                c = " "
            chars.append(c)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    if len(chars) != len(norm):
        return None
    for a, b in zip(chars, norm, strict=True):
        if a != b and not (_CJK.match(a) and _CJK.match(b)):
            return None
    return origin


def original(text: str, norm: str, start: int, end: int) -> str | None:
    """The printed characters of text that the span [start, end) of its normal form norm
    came from; None when they cannot be lined up."""
    where = align(text, norm) if 0 <= start < end <= len(norm) else None
    return text[where[start] : where[end - 1] + 1] if where else None


def hanzi(text: str) -> bool:
    """Whether text is one or more characters, all of the CJK Unified Ideographs block
    (U+4E00–U+9FFF): the Chinese characters words are made of, not punctuation, digits or
    the rare extensions jieba's dictionary lacks."""
    return bool(text) and all("\u4e00" <= c <= "\u9fff" for c in text)


def encodable(text: str) -> str:
    """Text with lone surrogates as U+FFFD, so it can always be written as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def printable(text: str) -> str:
    """Text to show: encodable, without control or bidirectional-override characters."""
    return _UNPRINTABLE.sub("", encodable(text))


def one_line(text: str) -> str:
    """Text that stays on one line, for logs: line breaks and other controls as escapes
    (a file name holding a newline shows as bad\\nname.txt)."""
    return _BREAKS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
