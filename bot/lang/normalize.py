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
