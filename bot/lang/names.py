"""What a word names — a person, a place, an organisation — told by its dictionary tag."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from bot.lang.lexicon import NAME_DOTS, PERSON_ENDINGS, PERSON_WORDS, SURNAMES, VENUE_ENDS
from bot.lang.normalize import hanzi
from bot.lang.tokenizer import Tokenizer

PERSON, PLACE, ORG = 1, 2, 4  # bits of a word's kinds
KIND_BITS = {"person": PERSON, "place": PLACE, "org": ORG}
ORG_SUFFIX = re.compile(
    r"(局|部|委|办|厅|院|会|集团|公司|银行|中心|协会|大队|日报|晚报|报社|政府|学校|"
    r"大学|中学|小学|医院|法院|队|研究所|电视台|网)$"
)


def kinds_of(word: str, tag: str) -> int:
    """The kinds (bits) a word with this dictionary tag names; 0 for none."""
    kinds = 0
    if len(word) >= 2:
        if tag in PERSON_TAGS:  # nrt: 道格拉斯, 路易斯; nrfg: 贝聿铭
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
    return np.fromiter((indexed_kinds(w, tokenizer) for w in words), np.uint8)


def indexed_kinds(word: str, tokenizer: Tokenizer) -> int:
    """The kinds a word names as the index records them: by its dictionary tag, or for a word
    the dictionary lacks, by the tag jieba's HMM guesses. Most people in the news are new to
    the dictionary (韩志刚, 张慧敏: nr), and a who-question's answer must be seen as a name."""
    return kinds_of(word, tokenizer.dictionary_tag(word) or tokenizer.guessed_tag(word))


# --- a name jieba cut into parts ------------------------------------------------------------


def surname_and_given(word: str, following: tuple[str, str], tag: str) -> bool:
    """Whether a word and the one after it are a surname and its given name."""
    return word in SURNAMES and _given_name(following, tag)


def surnamed(name: str) -> bool:
    """Whether a name starts with a common surname or is transliterated (约翰·白朗宁): jieba's
    dictionary tags some words as names that are none (弘扬, 臻于完善)."""
    return name[:1] in SURNAMES or any(d in name for d in NAME_DOTS)


def _given_name(word: tuple[str, str], surname_tag: str) -> bool:
    """Whether the word after a surname is its given name: one or two characters, and jieba
    took one of the two for a name."""
    w, tag = word
    return len(w) <= 2 and w.isalpha() and "nr" in (surname_tag, tag[:2])


def dotted(norm: str, end: int) -> bool:
    return end < len(norm) and norm[end] in NAME_DOTS


def join_dotted(
    words: list[tuple[str, str]], starts: list[int], i: int, norm: str
) -> tuple[int, int]:
    """约翰|·|白朗|宁: a transliterated name runs on across its dots; (its end, next word)."""
    j = i
    while j + 2 < len(words) and words[j + 1][0] in NAME_DOTS and _part(words[j + 2]):
        j += 2
    if j > i and j + 1 < len(words) and len(words[j + 1][0]) == 1 and _part(words[j + 1]):
        j += 1  # jieba may cut the last part in two (白朗|宁)
    return starts[j] + len(words[j][0]), j + 1


# Words a transliterated name's parts are cut into: names and nouns of any kind (jieba reads
# 特利 of 宾特利 as a noun), abbreviations, bound morphemes, unknown words.
_PART_TAGS = frozenset(("j", "x", "zg", "eng", ""))
_OUTER_PART = 4  # characters of the first and the last part, past their word next to the dot
_MIDDLE_PART = 8  # characters of a part between two dots at most
_LONGEST_PART = 8  # characters of a first or last part whose words are all tagged as names


def dotted_names(words: list[tuple[str, str]], starts: list[int]) -> list[tuple[int, int]]:
    """Transliterated names, whole across their dots (麻|赫穆德|·|喀什|噶里, 富兰克林|·|德拉诺|·|
    罗斯福), as (start, end) in the text word i starts at starts[i].

    Whatever the tags say of the parts: each part between two dots is whole, and the first and
    last take the words next to the dot and more of them up to four characters in all (宾|特利
    before 质疑 stops at the verb; 神学家|李察 keeps 李察 alone)."""
    out = []
    n = len(words)
    k = 1
    while k < n - 1:
        if words[k][0] not in NAME_DOTS:
            k += 1
            continue
        first = _outer(words, k - 1, -1)
        part = k + 1  # where the part after this dot starts
        # Across further dots, each part between two whole: 富兰克林·德拉诺·罗斯福, 西亚|德.
        while True:
            after = part
            size = 0  # a part between two dots is whole whatever its words' tags (戴尔|特, d)
            while after < n and words[after][0].isalnum() and size < _MIDDLE_PART:
                size += len(words[after][0])
                after += 1
            if after == part or after + 1 >= n or words[after][0] not in NAME_DOTS:
                break
            part = after + 1
        end = _outer(words, part, 1)
        if first is not None and end is not None:
            out.append((starts[first], starts[end + 1]))
        k = part + 1
    return out


def _part(word: tuple[str, str]) -> bool:
    w, tag = word
    return w.isalnum() and (tag[:1] == "n" or tag in _PART_TAGS)


def _outer(words: list[tuple[str, str]], at: int, step: int) -> int | None:
    """The farthest word of a name's first (step -1) or last (step 1) part, from the word next
    to its dot; None when that word is no part of a name."""
    if not 0 <= at < len(words) or not _part(words[at]):
        return None
    far, size = at, len(words[at][0])
    j = at + step
    while 0 <= j < len(words) and _part(words[j]):
        w, tag = words[j]
        # Past four characters only through words tagged as names: 马克·拉瓦|卢马纳纳.
        longer = tag in PERSON_TAGS and words[far][1] in PERSON_TAGS
        if size + len(w) > (_LONGEST_PART if longer else _OUTER_PART):
            break
        far, size = j, size + len(w)
        j += step
    # A last part's lone character before the name in Latin letters: 汤玛斯·霍尔|兹 (Holtz).
    n = len(words)
    if step == 1 and far + 3 < n and len(words[far + 1][0]) == 1 and words[far + 1][0].isalpha():
        if words[far + 2][0] in "(（" and words[far + 3][1] == "eng":
            far += 1
    return far


PERSON_TAGS = frozenset(("nr", "nrt", "nrfg"))  # jieba's tags of people's names


# Words between a person or thing and 叫什么 that name no one:
# 落水男孩的名字叫什么, 牛佬原名叫什么.
NAME_WORDS = frozenset(
    ("的", "名字", "原名", "全名", "本名", "真名", "小名", "外号", "绰号", "姓名")
)


def names_a_person(word: str, tag: str) -> bool:
    """Whether a word names a person: a name, 他 or 她, a person's kin (儿子), or a noun ending
    as a person's does (负责人, 局长, 小哥, 男孩, 皇后)."""
    if tag in PERSON_TAGS or word in ("他", "她") or word in PERSON_WORDS:
        return True
    return tag[:1] == "n" and word[-1] in PERSON_ENDINGS


_REGNAL = re.compile("[一二三四五六七八九十]+世")


def person_runs(words: list[tuple[str, str]], starts: list[int]) -> list[tuple[int, int]]:
    """Names jieba cut into several words it tags as people (约瑟夫|史达林, 羽|柴秀吉,
    查士丁|尼一世), with a regnal number after one (路易斯|一世): each run of two or more
    words whole, as (start, end)."""
    out = []
    i, n = 0, len(words)
    while i < n:
        j = i
        while j < n and (
            words[j][1] in PERSON_TAGS or (j > i and _REGNAL.fullmatch(words[j][0]) is not None)
        ):
            j += 1
        if j - i >= 2:
            out.append((starts[i], starts[j]))
        i = max(j, i + 1)
    return out


_CLOSING_QUOTES = '”」』"'


def glued_surnames(
    words: list[tuple[str, str]], starts: list[int], norm: str
) -> list[tuple[int, int]]:
    """Names whose surname jieba glued to the role before them (河长方|志远, 传承人董|成林) or
    cut off alone (大师”应|国华): a common surname ending a word, right after a character that
    ends a person's noun, and the noun of one or two characters after it, as (start, end)."""
    out = []
    for i in range(len(words) - 1):
        at = starts[i + 1] - 1  # the surname: the word's last character
        given, tag = words[i + 1]
        if norm[at] not in SURNAMES or len(given) > 2 or not hanzi(given) or tag[:1] != "n":
            continue
        before = norm[:at].rstrip(_CLOSING_QUOTES) if len(words[i][0]) == 1 else norm[:at]
        if before[-1:] in PERSON_ENDINGS:
            out.append((at, starts[i + 2]))
    return out


_SITE_TAGS = frozenset(("n", "ns", "nr", "nz", "nt", "j", ""))  # the words of a site's name


def venues(words: list[tuple[str, str]], starts: list[int]) -> list[tuple[int, int]]:
    """Sites (西施广场, 紫阳街东湖广场, 余姚经济开发区): a word ending in a venue's word and one
    to three name-like words before it, each start a candidate place. The word alone is most
    often a common noun (道路, 网路)."""
    out = []
    for i, (w, tag) in enumerate(words):
        if tag[:1] not in ("n", "") or not w.endswith(VENUE_ENDS):
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            before, before_tag = words[j]
            if before_tag not in _SITE_TAGS or not before.isalnum():
                break
            if before not in VENUE_ENDS:  # 街 of 紫阳街东湖广场 starts no name
                out.append((starts[j], starts[i + 1]))
    return out


# The words an organisation's name is made of before its last word (宁波市|轨道交通|集团,
# 平阳县|悦康|餐饮|管理|有限公司): nouns and names of any kind, abbreviations, verbal nouns
# (管理, 投资, 服务), adjectives of a brand (悦康 a, 晶耀 a), words jieba does not know, and the
# single characters it cuts an unknown brand into (鑫|澜).
_ORG_PART_TAGS = frozenset(("n", "ns", "nt", "nz", "nr", "nrt", "j", "vn", "ng", "a", ""))
_ORG_PARTS = 4  # words before the last, at most
# Glued by jieba to the start of an unknown name (由甬兴, 从国网): not part of it.
_GLUED_BEFORE = frozenset("由在被与和跟向对从是为")
_ADMIN = frozenset("市省县区镇乡")  # glued by jieba to the word before a name: 由市|文化局


def org_start(
    norm: str,
    words: list[tuple[str, str]],
    starts: list[int],
    i: int,
    known: Callable[[str], bool],
) -> int:
    """Where an organisation's name ending in word i starts in `norm`, cut into `words` (word j
    is norm[starts[j]:starts[j + 1]]): the run of name-like words before it, without a
    preposition jieba glued on (a word its dictionary does not `know`: 由甬兴, 由市, while 和平区
    stays whole), with the 市, 县 or 区 jieba glued to the word before. A company's name begins
    with its place (平阳县 of 平阳县悦康餐饮管理有限公司): the run stops at a place name of two or
    more characters, and takes in only places before it (浙江省|杭州市), not the verb or noun the
    sentence put there (委托, 联系)."""
    start = starts[i]
    placed = False
    for j in range(i - 1, max(-1, i - 1 - _ORG_PARTS), -1):
        w, tag = words[j]
        place = tag == "ns" and len(w) >= 2
        if not w.isalnum() or (placed and not place):
            break
        if w[0] in _GLUED_BEFORE and len(w) > 1 and not known(w):
            start = starts[j] + 1  # 由市|城建: the name starts after 由
            break
        single = len(w) == 1 and hanzi(w) and tag[:1] in ("n", "v", "a", "")
        if tag not in _ORG_PART_TAGS and not single:
            break
        start = starts[j]
        placed = place
    if start > 0 and norm[start - 1] in _ADMIN:
        start -= 1
    return start
