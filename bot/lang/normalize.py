"""The one text cleaner: the same form for articles and questions."""

from __future__ import annotations

import re
import unicodedata

import opencc

_SPACE = re.compile(r"\s+")
# Repeated punctuation ("？？？", "!!!") carries no meaning for retrieval.
_REPEAT_PUNCT = re.compile(r"([^\w\s])\1+")
# Code points that cannot be encoded (lone surrogates) or only steer layout.
_JUNK = re.compile(r"[\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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

    def aligned(self, text: str) -> tuple[str, list[int]] | None:
        """The normal form of text and, for each of its characters, the index of the original
        character it came from; None when the two cannot be lined up character by character.

        NFKC may turn one character into several (㎡ → m2) and folding drops spaces; OpenCC's
        t2s keeps length for every phrase it converts today, and the result is checked
        against the plain normal form, so a future table that changes length falls back.
        """
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(text):
            if _JUNK.match(ch):
                continue
            for c in unicodedata.normalize("NFKC", _CONTROL.sub(" ", ch)):
                chars.append(c)
                origin.append(i)
        converted = self._t2s.convert("".join(chars))
        if len(converted) != len(chars):
            return None
        out: list[str] = []
        where: list[int] = []
        for c, i in zip(converted, origin, strict=True):
            if c.isspace():
                if not out or out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            where.append(i)
        while out and out[-1] == " ":
            out.pop()
            where.pop()
        norm = "".join(out)
        return (norm, where) if norm == self(text) else None

    def original(self, text: str, norm_start: int, norm_end: int) -> str | None:
        """The characters of text that the span [norm_start, norm_end) of its normal form came
        from, as printed; None when they cannot be lined up."""
        found = self.aligned(text)
        if found is None or not 0 <= norm_start < norm_end <= len(found[0]):
            return None
        where = found[1]
        return text[where[norm_start] : where[norm_end - 1] + 1]
