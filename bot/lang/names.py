"""What a word names — a person, a place, an organisation — told by its dictionary tag."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

from bot.lang.tokenizer import Tokenizer

PERSON, PLACE, ORG = 1, 2, 4  # bits of a word's kinds
KIND_BITS = {"person": PERSON, "place": PLACE, "org": ORG}
ORG_SUFFIX = re.compile(
    r"(局|部|委|办|厅|院|会|集团|公司|银行|中心|协会|大队|日报|晚报|报社|政府|学校|"
    r"大学|医院|法院|支队|研究所|电视台|网)$"
)


def kinds_of(word: str, tag: str) -> int:
    """The kinds (bits) a word with this dictionary tag names; 0 for none."""
    kinds = 0
    if len(word) >= 2:
        if tag == "nr":
            kinds |= PERSON
        elif tag == "ns":
            kinds |= PLACE
    if tag == "nt" or (len(word) >= 2 and tag[:1] == "n" and ORG_SUFFIX.search(word)):
        kinds |= ORG
    return kinds


def is_name(word: str, kind: str, tokenizer: Tokenizer) -> bool:
    """Whether a word names a person, place or organisation."""
    return bool(kinds_of(word, tokenizer.tag(word)) & KIND_BITS[kind])


def word_kinds(words: Iterable[str], tokenizer: Tokenizer) -> np.ndarray:
    """The kinds of every word, as uint8 bits: computed once with the index, so a type check
    reads a sentence's names from its term ids instead of tagging its words again."""
    return np.fromiter((kinds_of(w, tokenizer.dictionary_tag(w)) for w in words), np.uint8)
