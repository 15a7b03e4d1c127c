"""The vocabulary of an updated index: the old engine's, shared, with the update's changes."""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping
from typing import TypeVar, overload

T = TypeVar("T")
FLATTEN = 4  # changes beyond a quarter of the shared map's size are folded into a copy


class Vocab(Mapping[str, int]):
    """Term → id: a shared map, the terms added on top (new ids) and its terms removed.

    An update that brings one new word must not copy a map of ~800k terms (30 MB at 1M
    sentences) while the old engine still serves from it; the changes pile up on top of
    the shared map until they are large enough to fold into a copy.
    """

    def __init__(
        self, base: Mapping[str, int], added: dict[str, int], removed: frozenset[str]
    ) -> None:
        self.base = base
        self.added = added  # new terms, and removed ones that came back (with a new id)
        self.removed = removed  # terms of `base` that are gone

    @classmethod
    def changed(
        cls, old: Mapping[str, int], new: dict[str, int], gone: set[str]
    ) -> Mapping[str, int]:
        """`old` with the `new` terms added and the `gone` ones removed."""
        if not new and not gone:
            return old
        if isinstance(old, Vocab):
            base, added, removed = old.base, dict(old.added), set(old.removed)
        else:
            base, added, removed = old, {}, set()
        for term in gone:
            if added.pop(term, None) is None:
                removed.add(term)
        added.update(new)
        if (len(added) + len(removed)) * FLATTEN > len(base):
            return {**{t: i for t, i in base.items() if t not in removed}, **added}
        return cls(base, added, frozenset(removed))

    def __getitem__(self, term: str) -> int:
        tid = self.get(term)
        if tid is None:
            raise KeyError(term)
        return tid

    @overload
    def get(self, term: str, /) -> int | None: ...
    @overload
    def get(self, term: str, default: int | T, /) -> int | T: ...
    def get(self, term: str, default: int | T | None = None, /) -> int | T | None:
        tid = self.added.get(term)
        if tid is not None:
            return tid
        if term in self.removed:
            return default
        return self.base.get(term, default)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None

    def __iter__(self) -> Iterator[str]:
        yield from (t for t in self.base if t not in self.removed)
        yield from self.added

    def __len__(self) -> int:
        return len(self.base) - len(self.removed) + len(self.added)

    def items(self) -> ItemsView[str, int]:
        return _Items(self)


class _Items(ItemsView[str, int]):
    """(term, id) pairs read straight from the maps, not looked up one by one."""

    _mapping: Vocab

    def __iter__(self) -> Iterator[tuple[str, int]]:
        vocab = self._mapping
        removed = vocab.removed
        yield from (pair for pair in vocab.base.items() if pair[0] not in removed)
        yield from vocab.added.items()
