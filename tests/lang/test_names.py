"""Names told by dictionary tags, and the index's record of which of its words are names."""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate

import pytest

from bot.answer.qa import QA
from bot.lang.masked import masked_names
from bot.lang.names import (
    ORG,
    PERSON,
    PLACE,
    dotted_names,
    glued_surnames,
    indexed_kinds,
    is_name,
    kinds_of,
    person_runs,
    word_kinds,
)
from bot.lang.tokenizer import Tokenizer

# dotted_names, person_runs: (word, tag) pairs and word starts in, (start, end) spans out.
Finder = Callable[[list[tuple[str, str]], list[int]], list[tuple[int, int]]]


@pytest.mark.parametrize(
    ("word", "tag", "kinds"),
    [
        ("金政", "nr", PERSON),
        ("永康", "ns", PLACE),
        ("国家质检总局", "nt", ORG),
        ("宁波日报", "n", ORG),  # an organisation's suffix on a noun
        ("宁波日报", "v", 0),  # ...but not on a verb
        ("道格拉斯", "nrt", PERSON),  # jieba's tag of a transliterated name
        ("贝聿铭", "nrfg", PERSON),
        ("王", "nr", 0),  # one character names no one
        ("局", "nt", ORG),
        ("界首镇队", "n", ORG),  # a team wins as an organisation does
        ("江北中学", "n", ORG),  # and so does a school
        ("质量", "n", 0),
        ("质量", "", 0),
    ],
)
def test_kinds_follow_the_dictionary_tag(word: str, tag: str, kinds: int) -> None:
    assert kinds_of(word, tag) == kinds


def test_the_index_records_the_kinds_of_each_of_its_words(qa: QA) -> None:
    engine = qa.engine
    seen = {PERSON: 0, PLACE: 0, ORG: 0}
    guessed = 0  # words the dictionary lacks, named by jieba's guess
    for word, tid in engine.index.vocab.items():
        stored = int(engine.word_kinds[tid])
        assert stored == indexed_kinds(word, qa.tokenizer), word
        guessed += stored != 0 and not qa.tokenizer.dictionary_tag(word)
        for kind, bit in (("person", PERSON), ("place", PLACE), ("org", ORG)):
            # The dictionary's names all stay names.
            assert stored & bit or not is_name(word, kind, qa.tokenizer), (word, kind)
            seen[bit] += bool(stored & bit)
    assert all(seen.values())  # the bundled articles name people, places and organisations
    assert guessed  # 金政 and the others the dictionary does not know


@pytest.mark.parametrize("name", ["韩志刚", "张慧敏", "邵国平"])
def test_a_name_new_to_the_dictionary_is_recorded_as_a_person(qa: QA, name: str) -> None:
    assert not qa.tokenizer.dictionary_tag(name)
    assert word_kinds([name, "领导"], qa.tokenizer).tolist() == [PERSON, 0]


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        # jieba cuts the parts anyhow (麻|赫穆德, 喀什|噶里); the verb after it stays out.
        ("阿拉伯學者麻赫穆德·喀什噶里編寫了辭典。", ["麻赫穆德·喀什噶里"]),
        # Two dots, a middle part cut in two (西亚|德).
        ("隨後，莫哈梅·西亞德·巴雷成為總統。", ["莫哈梅·西亚德·巴雷"]),
        # A middle part whatever its words' tags (戴尔|特, the second an adverb).
        ("他与汉斯·戴尔特·苏伊士共同发现。", ["汉斯·戴尔特·苏伊士"]),
        # The noun before the name is no part of it.
        ("神學家李察·賓特利質疑這些恆星。", ["李察·宾特利"]),
        ("约翰·白朗宁设计了这种手枪。", ["约翰·白朗宁"]),
        # Words tagged as names carry a last part past four characters (拉瓦|卢马纳纳) …
        ("马克·拉瓦卢马纳纳总统宣布解散政府。", ["马克·拉瓦卢马纳纳"]),
        # … and a lone character before the name in Latin letters ends it (霍尔|兹).
        ("汤玛斯·霍尔兹（Thomas R. Holtz）建立了名称。", ["汤玛斯·霍尔兹"]),
        # A dot with no name on one side.
        ("·开头的句子。", []),
        ("句子的结尾·", []),
    ],
)
def test_a_transliterated_name_is_whole_across_its_dots(
    qa: QA, sentence: str, names: list[str]
) -> None:
    assert _found(qa, dotted_names, sentence) == names


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("约瑟夫史达林签署了命令。", ["约瑟夫史达林"]),  # 约瑟夫|史达林
        ("羽柴秀吉统一了日本。", ["羽柴秀吉"]),  # 羽|柴秀吉
        ("查士丁尼一世颁布法典。", ["查士丁尼一世"]),  # 查士丁|尼一世
        ("路易斯一世在位期间。", ["路易斯一世"]),  # a regnal number jieba tags a time
        # A post between two names, a name alone, a regnal number with no name before it.
        ("市委书记孟宪林，市长严俊峰出席。", []),
        ("一世英名。", []),
    ],
)
def test_a_name_cut_into_several_name_words_is_whole(
    qa: QA, sentence: str, names: list[str]
) -> None:
    assert _found(qa, person_runs, sentence) == names


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("该段河道的河长方志远介绍了治理进展。", ["方志远"]),  # 河|长方|志远
        ("竹编技艺传承人董成林今年71岁。", ["董成林"]),  # 传承|人董|成林
        ("主讲的是“面点大师”应国华。", ["应国华"]),  # 大师|”|应|国华
        # No surname after a person's noun, or none glued to it.
        ("工作人员和志愿者一起清理河道。", []),
        ("学生高度重视安全。", []),
        ("社区负责人王说了算。", []),  # 王|说了算: no noun after the surname
    ],
)
def test_a_surname_glued_to_the_role_before_it_starts_a_name(
    qa: QA, sentence: str, names: list[str]
) -> None:
    norm = qa.normalizer(sentence)
    assert _found(qa, lambda w, s: glued_surnames(w, s, norm), sentence) == names


def _found(qa: QA, finder: Finder, sentence: str) -> list[str]:
    """The texts a finder of names reads in a sentence, as tagged by the bot's tokenizer."""
    norm = qa.normalizer(sentence)
    words = qa.tokenizer.tagged(norm)
    starts = [0, *accumulate(len(w) for w, _ in words)]
    return [norm[a:b] for a, b in finder(words, starts)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("法院认为，黄某军在共同犯罪中起主要作用", ["黄某军"]),  # jieba: 黄|某军
        ("被告人赵某英，女，1952年生", ["赵某英"]),  # jieba: 赵某|英
        ("韩某某纠集多人", ["韩某某"]),
        ("郑某军纠集李某、黄某等人", ["郑某军", "李某", "黄某"]),
        # The character after 某 begins a word or a clause: the name is two characters.
        ("工人李某月工资8000元", ["李某"]),
        ("李某提出辞职", ["李某"]),
        ("陈某与公司签订协议", ["陈某"]),
        ("在某地搭建窝点", []),  # no surname before 某
        # A given name the dictionary reads into the next phrase's first word (华以).
        ("被告人蒋某华以非法占有为目的", ["蒋某华"]),
        # No given name: the phrase after the name begins at once (以, 给).
        ("张某以欺骗手段骗取", ["张某"]),
        ("王某给被害人打电话", ["王某"]),
    ],
)
def test_a_masked_name_is_whole(text: str, names: list[str]) -> None:
    found = masked_names(text, Tokenizer().known)
    assert [n for _, n in found] == names
    assert all(text[at : at + len(n)] == n for at, n in found)
