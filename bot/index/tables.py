"""Compact read-only sequences of sentences and texts: one string and offset arrays, not objects."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from bot.model import Sentence


class TextTable(Sequence[str]):
    """Many strings stored as one, sliced on access."""

    def __init__(self, blob: str, offsets: np.ndarray) -> None:
        self.blob = blob
        self.offsets = offsets  # int64, len + 1 character offsets into blob
        # Read per item as Python ints: an array, not a list, keeps them in one block (a
        # million separate int objects cost 28 MB and a cache miss more per lookup).
        self._bounds = array("q", np.asarray(offsets, dtype=np.int64).tobytes())

    @classmethod
    def from_strings(cls, strings: Sequence[str]) -> TextTable:
        offsets = np.zeros(len(strings) + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, strings), np.int64, len(strings)), out=offsets[1:])
        return cls("".join(strings), offsets)

    def to_arrays(self, name: str) -> dict[str, np.ndarray]:
        """`name`: the UTF-8 bytes; `name_offsets`: where each string starts."""
        text = np.frombuffer(self.blob.encode("utf-8"), dtype=np.uint8)
        return {name: text, f"{name}_offsets": self.offsets}

    @classmethod
    def from_arrays(cls, a: dict[str, Any], name: str) -> TextTable:
        """The table to_arrays saved (the store hands text arrays over decoded)."""
        return cls(a[name], a[f"{name}_offsets"])

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        b = self._bounds
        return self.blob[b[i] : b[i + 1]]

    def __iter__(self) -> Iterator[str]:
        b, blob = self._bounds, self.blob
        return (blob[b[i] : b[i + 1]] for i in range(len(b) - 1))


class SentenceTable(Sequence[Sentence]):
    """Sentences as columns; a Sentence object is made on first access and kept."""

    def __init__(
        self,
        texts: TextTable,
        doc: np.ndarray,
        paragraph: np.ndarray,
        position: np.ndarray,
        headline: np.ndarray,
    ) -> None:
        self.texts = texts
        self.doc = doc  # int32 per sentence, like the other columns
        self.paragraph = paragraph
        self.position = position
        self.headline = headline
        self._made: list[Sentence | None] = [None] * len(texts)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The texts and the four columns, as named arrays."""
        columns = {"doc": self.doc, "paragraph": self.paragraph, "position": self.position}
        return {**self.texts.to_arrays("texts"), **columns, "headline": self.headline}

    @classmethod
    def from_arrays(cls, a: dict[str, Any]) -> SentenceTable:
        texts = TextTable.from_arrays(a, "texts")
        return cls(texts, a["doc"], a["paragraph"], a["position"], a["headline"])

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...
    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        s = self._made[i]
        if s is None:
            if i < 0:
                i += len(self)
            s = Sentence(
                self.texts[i],
                int(self.doc[i]),
                int(self.paragraph[i]),
                int(self.position[i]),
                bool(self.headline[i]),
            )
            self._made[i] = s
        return s

    def __iter__(self) -> Iterator[Sentence]:
        # Not kept: walking every sentence must not turn the columns back into objects.
        columns = zip(
            self._made,
            self.texts,
            self.doc.tolist(),
            self.paragraph.tolist(),
            self.position.tolist(),
            self.headline.tolist(),
            strict=True,
        )
        return (made or Sentence(t, d, p, pos, h) for made, t, d, p, pos, h in columns)


class SentenceSlice(Sequence[Sentence]):
    """The sentences of one document, as a view on the table."""

    def __init__(self, table: SentenceTable, start: int, stop: int) -> None:
        self.table, self.start, self.stop = table, start, stop

    def __len__(self) -> int:
        return self.stop - self.start

    @overload
    def __getitem__(self, i: int) -> Sentence: ...
    @overload
    def __getitem__(self, i: slice) -> list[Sentence]: ...
    def __getitem__(self, i: int | slice) -> Sentence | list[Sentence]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError("sentence index out of range")
        return self.table[self.start + (i % len(self))]

    def __iter__(self) -> Iterator[Sentence]:
        return (self.table[i] for i in range(self.start, self.stop))
