"""Page furniture is told apart from news sentences (for what is offered as further reading)."""

from __future__ import annotations

import pytest

from bot.corpus.boilerplate import is_boilerplate

# Lines as they stand in the bundled articles, and what such lines look like elsewhere.
FURNITURE = [
    "记者 陈晓苏",  # byline
    "记者 林群心 摄",  # photo credit
    "本报记者 王小明 通讯员 李华",
    "(图为龙川文化园的菊花展,记者 林群心 摄)",
    "咨询热线: 87138012",  # adverts
    "联系人:何老师: 13506795661 (345661)",
    "微信扫码马上订阅",
    "2017年度《永康日报》征订季全城开启",
    "全年订价: 216元 每月订价: 18元",
    "永康·质量让生活更美好。",  # slogan
    "YRCB 永康农商银行",
    "时政新闻 2版",  # page index
    "稿源: 宁波日报 2016-09-12 07:05:00",
    "编辑: 孙研",
    "治堵哨兵 志愿服务队成立",  # a bare heading: no sentence to read
    "精彩!",  # too short to say anything on its own
]
NEWS = [
    "今年9月,国家质检总局正式命名我市为全国质量强市示范城市。",
    "这个研讨班的38名学员,大多是来自全国各地的市县两级政府领导。",
    "工匠精神的外在表现,归根结底就是质量。",
    "记者从市质监局了解到,今年全市新增省级名牌产品12个。",  # 记者 opening a real sentence
    "开展全国“质量月”活动,是推进质量建设的重要举措。",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_page_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", NEWS)
def test_news_sentences_are_not(line: str) -> None:
    assert not is_boilerplate(line)
