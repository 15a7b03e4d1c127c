"""Cleaning article bodies into sentence units, and Chinese sentence splitting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.corpus.article import split_front_matter
from bot.corpus.clean import clean_lines, split_sentences, units

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _body(name: str) -> str:
    path = next(CORPUS.glob(f"{name}_*.txt"))
    _, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    return body


@pytest.fixture(scope="module")
def yongkang() -> list[str]:
    """Sentence texts of seed 000 (永康日报, a printed page with layout breaks)."""
    return [u.text for u in units(_body("000"))]


@pytest.fixture(scope="module")
def ningbo() -> list[str]:
    """Sentence texts of seed 002 (宁波日报, a web page that prints its article twice)."""
    return [u.text for u in units(_body("002"))]


def test_line_broken_after_a_full_stop_is_joined(yongkang: list[str]) -> None:
    assert "以此为出发点和落脚点,我市由质量创强惠及民生。" in yongkang
    assert not any(s.endswith("以此") for s in yongkang)


def test_line_broken_inside_a_word_is_joined(yongkang: list[str]) -> None:
    joined = "工匠精神是永康发展之魂,是今后发展的必选之道,也是金政在讲课中提得最多的内容。"
    assert joined in yongkang
    assert not any(s.startswith("展的必选之道") for s in yongkang)


def test_layout_break_before_a_digit_adds_no_space() -> None:
    lines = clean_lines("永康·质量让生活更美好。今年\n\n9月,国家质检总局正式命名我市。")
    assert [text for _, text in lines] == [
        "永康·质量让生活更美好。今年9月,国家质检总局正式命名我市。"
    ]


def test_latin_words_broken_across_lines_keep_a_space() -> None:
    lines = clean_lines("他来自永康。这是一家名叫 Smart\n\nFactory 的企业。")
    assert lines[0][1] == "他来自永康。这是一家名叫 Smart Factory 的企业。"


@pytest.mark.parametrize(
    "unit",
    [
        "记者 陈晓苏",
        "记者 林群心 摄",
        "5万盆菊花等您来赏",
        "咨询热线: 87138012",
        "全年订价: 216元 每月订价: 18元",
        "联系人:何老师: 13506795661 (345661)",
    ],
)
def test_headlines_bylines_and_notices_are_their_own_units(yongkang: list[str], unit: str) -> None:
    assert unit in yongkang


def test_headlines_are_marked_and_prose_is_not() -> None:
    found = {u.text: u.headline for u in units(_body("000"))}
    assert found["5万盆菊花等您来赏"] is True
    assert found["今年9月,国家质检总局正式命名我市为全国质量强市示范城市。"] is False


def test_headline_is_not_glued_to_the_next_paragraph() -> None:
    texts = [u.text for u in units("治堵哨兵 志愿服务队成立\n\n22日,团市委联合举行成立仪式。")]
    assert texts == ["治堵哨兵 志愿服务队成立", "22日,团市委联合举行成立仪式。"]


def test_navigation_crumbs_are_dropped(ningbo: list[str]) -> None:
    assert not any("您当前的位置" in s or "新闻中心" in s for s in ningbo)
    assert ningbo[0] == "唐一军:弘扬工匠精神 努力打造全国质量强市标杆城市"


def test_crumb_trail_without_a_label_is_dropped() -> None:
    texts = [u.text for u in units("首页 > 新闻中心 > 本地新闻\n永康举行质量大会。")]
    assert texts == ["永康举行质量大会。"]


@pytest.mark.parametrize(
    "line",
    [
        "今年一季度，营业收入增速>8%，利润增速>12%，均好于去年同期。",
        "会议决定<br>加快建设质量强市<br>全面提升产品质量。",
        "据统计<ref>永康日报</ref>，全市共有<ref>统计年鉴</ref>规上企业一千多家。",
    ],
)
def test_prose_with_two_angle_brackets_is_no_crumb(line: str) -> None:
    assert [u.text for u in units(f"{line}\n永康举行质量大会。")][0] == line


# Bodies of 1-2 MB that made the crumb pattern (and the joining of broken lines) run for
# minutes or hours; linear cleaning does all four in a few seconds.
HUGE = {
    "位置 and one >": "'您的位置' + '永康' * 500_000 + '>'",
    "two > around prose": "'>' + '质量强市建设' * 200_000 + '>'",
    "no spaces": "'永康质量强市' * 200_000",
    "broken lines": "'质量强市，\\n' * 200_000",
}


def test_cleaning_huge_lines_takes_linear_time() -> None:
    code = "from bot.corpus.clean import units\nfrom bot.corpus.article import detect_meta\n"
    for body in HUGE.values():
        code += f"body = {body}\ndetect_meta(body, 'x')\nprint(len(units(body)))\n"
    # A child process: a runaway regular expression cannot be interrupted in-process.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, cwd=CORPUS.parent
    )
    assert done.returncode == 0, done.stderr
    assert all(int(n) >= 1 for n in done.stdout.split()), done.stdout  # none is a "crumb"


def test_twice_printed_article_gives_each_sentence_once(ningbo: list[str]) -> None:
    assert len(ningbo) == len(set(ningbo))
    assert ningbo.count("大力实施质量强国战略,是党中央审时度势作出的重大决策部署。") == 1
    assert ningbo.count("编辑: 孙研") == 1
    # The repeat is collapsed, not the article cut short: its last paragraph is there.
    assert any(s.startswith("全市各级各部门要深入开展质量品牌提升活动") for s in ningbo)


def test_units_keep_paragraph_numbers_in_order() -> None:
    found = units("第一段第一句。第一段第二句。\n\n第二段开头。以此\n\n为出发点。\n\n第三段。")
    assert [u.text for u in found] == [
        "第一段第一句。",
        "第一段第二句。",
        "第二段开头。",
        "以此为出发点。",
        "第三段。",
    ]
    paragraphs = [u.paragraph for u in found]
    assert paragraphs[0] == paragraphs[1] < paragraphs[2] == paragraphs[3] < paragraphs[4]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "甲说了话。乙来了！丙走吗？丁好!戊呢?己做；庚",
            ["甲说了话。", "乙来了！", "丙走吗？", "丁好!", "戊呢?", "己做；", "庚"],
        ),
        ("他沉默了……然后说话了。", ["他沉默了……", "然后说话了。"]),
        ("他说：“质量就是生命线。”大家都同意。", ["他说：“质量就是生命线。”", "大家都同意。"]),
        ("会议结束（散会。）下午继续。", ["会议结束（散会。）", "下午继续。"]),
        ("「你去哪？」他问。", ["「你去哪？」", "他问。"]),
        ("经济增长了3.5个百分点。", ["经济增长了3.5个百分点。"]),
        ("稿源: 宁波日报 2016-09-12 07:05:00", ["稿源: 宁波日报 2016-09-12 07:05:00"]),
        ("会议于2016.09.12在北京召开。", ["会议于2016.09.12在北京召开。"]),
        # A stop inside a 《》 title is the title's; one after it, or after a 《 never
        # closed, ends the sentence.
        ("《你好！李焕英》破50亿。影片上映。", ["《你好！李焕英》破50亿。", "影片上映。"]),
        ("他写了《平凡的世界》。后来又写了书。", ["他写了《平凡的世界》。", "后来又写了书。"]),
        ("书名号《没有合上！下一句。", ["书名号《没有合上！", "下一句。"]),
        ("《甲》与《乙！》同时上映。", ["《甲》与《乙！》同时上映。"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, 120) == expected


def test_long_sentence_is_cut_at_commas_only_over_the_limit() -> None:
    sentence = "坚持战略引领,突出质量核心地位,坚持党政同责,构建大质量工作机制。"
    assert split_sentences(sentence, len(sentence)) == [sentence]
    pieces = split_sentences(sentence, 20)
    assert len(pieces) > 1
    assert "".join(pieces) == sentence
    assert all(len(p) <= 20 for p in pieces)
    assert all(p.endswith((",", "。")) for p in pieces)


def test_long_sentence_is_cut_at_enumeration_commas() -> None:
    sentence = "全面提升基础设施质量、对外开放质量、生态环境质量、公共服务质量。"
    pieces = split_sentences(sentence, 20)
    assert "".join(pieces) == sentence
    assert all(p.endswith(("、", "。")) for p in pieces[:-1])
    assert all(len(p) <= 20 for p in pieces)


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("大桥昨日通车", True),
        ("省委常委 市委书记 代市长 唐一军", True),  # a sub-head naming the speaker
        ("记者 林群心 摄", False),  # a photo credit names who took it, not what it is about
        ("本报记者 张三 李四", False),
        ("稿源: 宁波日报   2016-09-12 07:05:00", False),
        ("本报讯（记者 张三）昨天，大桥通车。", False),  # prose
    ],
)
def test_a_credit_line_is_no_headline(line: str, headline: bool) -> None:
    assert [u.headline for u in units(line)] == [headline]
