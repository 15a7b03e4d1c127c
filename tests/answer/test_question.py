"""Question analysis: answer types, question phrases kept out of the terms, chatter."""

from __future__ import annotations

import pytest

from bot.answer import measures
from bot.answer.open_end import _LEFT_OUT, reopened
from bot.answer.question import analyse
from bot.lang.normalize import Normalizer
from bot.lang.tokenizer import Tokenizer
from bot.model import QType


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("金华何时举办灯会", QType.TIME),
        ("灯会是什么时候开幕的", QType.TIME),
        ("大桥哪一年通车", QType.TIME),
        ("这张照片是谁拍的", QType.PERSON),
        ("哪位专家作了报告", QType.PERSON),
        ("大会在哪里召开", QType.PLACE),
        ("车队开到了哪个国家", QType.PLACE),
        ("一共有多少人参加", QType.NUMBER),
        ("会议开了几天", QType.NUMBER),
        ("为什么要建设新城", QType.REASON),
        ("为啥要建设新城", QType.REASON),
        ("怎样提高服务质量", QType.MANNER),
        ("有哪些企业参加", QType.ORG),
        ("他担任哪些职务", QType.TITLE),
        ("什么是工业互联网", QType.DEFINITION),
        ("新城要建什么", QType.WHAT),
        ("大桥通车了吗", QType.YESNO),
        ("这个称号是谁评的", QType.AGENT),
        # Who a named person is asks for their post; who holds a post, or is someone's
        # relative, asks for a person, though the tagger calls 余姚 and 史贻直 names.
        ("唐一军是谁", QType.TITLE),
        ("唐一军到底是谁?", QType.TITLE),
        ("余姚市长是谁", QType.PERSON),
        ("史贻直的父亲是谁?", QType.PERSON),
        # 为 belongs to the verb before it, or to 因为, or the question ends on it: what.
        ("火参果在津巴布韦被称为什么", QType.WHAT),
        ("医院合并后更名为什么", QType.WHAT),
        ("隋军因为什么天灾而损失惨重", QType.WHAT),
        ("韩剧传统的制作模式为何?", QType.WHAT),
        ("南宋庄园经济的重心为什么行业?", QType.WHAT),  # a noun closing it names the kind
        # Elsewhere 为什么 asks why, the closing 这是为什么 too.
        ("英法联军为何发起索姆河战役", QType.REASON),
        ("金政为什么能走上中组部的讲台", QType.REASON),
        ("这是为什么?", QType.REASON),
        ("宋朝为什么灭亡?", QType.REASON),
    ],
)
def test_question_type(tokenizer: Tokenizer, question: str, qtype: QType) -> None:
    assert analyse(question, tokenizer).qtype is qtype


def test_question_phrases_stay_out_of_the_terms(tokenizer: Tokenizer) -> None:
    q = analyse("大会是什么时候在哪里召开的", tokenizer)
    assert "大会" in q.terms and "召开" in q.terms
    assert not {"什么", "时候", "哪里", "在"} & set(q.terms)


def test_a_question_word_inside_a_longer_word_is_not_a_question(tokenizer: Tokenizer) -> None:
    # 几乎 contains 几 but asks for no number.
    assert analyse("他几乎每天都去公园", tokenizer).qtype is not QType.NUMBER


def test_category_noun_sets_the_type_and_is_remembered(tokenizer: Tokenizer) -> None:
    q = analyse("唐一军担任哪些职务", tokenizer)
    assert (q.qtype, q.category) == (QType.TITLE, "职务")
    assert "担任" not in q.terms  # only frames the question


@pytest.mark.parametrize(
    "text", ["你好", "谢谢！", "hello", "Thanks", "再见~", "？？？", "...", ""]
)
def test_chatter_and_punctuation_are_recognised(tokenizer: Tokenizer, text: str) -> None:
    q = analyse(Normalizer().question(text), tokenizer)
    assert q.chatter and not q.terms


def test_wh_spans_point_at_the_question_phrases(tokenizer: Tokenizer) -> None:
    q = analyse("车队从哪里开到哪里", tokenizer)
    assert [q.text[s:e] for s, e in q.wh_spans] == ["哪里", "哪里"]


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("永康日报征订热线", QType.NUMBER),
        ("记者", QType.PERSON),
        ("活动地点", QType.PLACE),
        ("订价", QType.NUMBER),
    ],
)
def test_a_bare_attribute_without_question_word_asks_for_it(
    tokenizer: Tokenizer, question: str, qtype: QType
) -> None:
    assert analyse(question, tokenizer).qtype is qtype


@pytest.mark.parametrize(
    ("question", "qtype", "terms"),
    [
        # A bare topic ending in a post asks who holds it; the post stays a topic term.
        ("松阳医院院长", QType.PERSON, ("松阳", "医院院长")),
        ("石浦副镇长", QType.PERSON, ("石浦", "副镇长")),
        # One ending in a noun of measure asks for the figure.
        ("长兴南站总投资", QType.NUMBER, ("长兴", "南站", "总", "投资")),
        # One ending open in 位于 asks where (DRCD writes 位於？).
        ("汉诺瓦音乐与戏剧学院位于?", QType.PLACE, ("汉诺", "瓦", "音乐", "戏剧学院", "位于")),
        # One ending open in a noun that says what is asked, then 是 or 为, asks 是什么.
        ("正中之变爆发的原因是?", QType.WHAT, ("正中", "之变", "爆发", "原因")),
        ("周恩来担任的职务是？", QType.TITLE, ("周恩来",)),
        ("设立香山镇的目的为？", QType.WHAT, ("设立", "香山", "镇", "目的")),
    ],
)
def test_a_question_that_leaves_out_its_question_phrase_is_read_with_it(
    tokenizer: Tokenizer, question: str, qtype: QType, terms: tuple[str, ...]
) -> None:
    q = analyse(question, tokenizer)
    assert (q.qtype, q.terms) == (qtype, terms)


@pytest.mark.parametrize(
    ("question", "pointer", "topic"),
    [
        ("福鼎这轮消费券一共多少钱", "这轮", "福鼎"),
        ("龙岩那座古墓是哪个朝代的", "那座", "古墓"),
        ("520那天滁州多少对登记结婚", "那天", "滁州"),
    ],
)
def test_a_demonstrative_with_a_measure_word_is_no_topic(
    tokenizer: Tokenizer, question: str, pointer: str, topic: str
) -> None:
    terms = analyse(question, tokenizer).terms
    assert pointer not in terms
    assert topic in terms


def test_a_demonstrative_before_a_noun_stays_a_topic(tokenizer: Tokenizer) -> None:
    assert "该国" in analyse("该国首都在哪", tokenizer).terms  # 国 is no measure word


def test_an_age_named_by_its_noun_alone_is_the_measure_asked(tokenizer: Tokenizer) -> None:
    assert measures.asked(analyse("潘月娥享年", tokenizer).text) == {"age"}


@pytest.mark.parametrize(
    "question",
    [
        "市长",  # the ending alone: nothing is asked about
        "哪位院长",  # a question phrase stands: nothing is left out
        "几乎所有院长",  # even one inside a word (几 of 几乎): not read as left out
        "他的前身是?",  # an open 是 is read as it is (crossed and lost as 是什么) …
        "他信仰的宗教是什么?",  # … and one after a noun that says what is asked, if it is not open
    ],
)
def test_a_question_that_leaves_nothing_out_is_read_as_written(question: str) -> None:
    assert reopened(question) == question


def test_no_left_out_ending_is_also_an_open_copula() -> None:
    # reopened tries the open copula (…的原因是?) first and the other endings only when it does
    # not match: that is right only while no ending of theirs ends in 是 or 为.
    assert not [w for w in _LEFT_OUT if w.endswith(("是", "为"))]


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


@pytest.mark.parametrize(
    ("question", "qtype", "wh"),
    [
        # Traditional and Taiwanese forms, as they read after normalisation (甚麼 stays 甚么).
        ("他是甚麼人", QType.PERSON, "甚么人"),
        ("為甚麼會下雨", QType.REASON, "为甚么会"),
        ("甚麼時候開幕", QType.TIME, "甚么时候"),
        ("哪一位皇帝下令修建", QType.PERSON, "哪一位"),
        ("長江流經哪一條山脈", QType.WHAT, "哪一条"),
        ("隊伍來自哪邊", QType.PLACE, "哪边"),
        ("戰機使用何種武器", QType.WHAT, "何种"),
        ("何者為真", QType.WHAT, "何者"),
        ("這座橋有何特色", QType.WHAT, "有何"),
        ("他來自哪一國", QType.PLACE, "哪一国"),
        # Colloquial ones.
        ("图书馆几点开门", QType.TIME, "几点"),
        ("去杭州要多久", QType.NUMBER, "多久"),
        ("停水咋办", QType.MANNER, "咋办"),
        ("全场坐了几排人", QType.NUMBER, "几排"),
    ],
)
def test_traditional_and_colloquial_question_words(
    tokenizer: Tokenizer, normalizer: Normalizer, question: str, qtype: QType, wh: str
) -> None:
    q = analyse(normalizer.question(question), tokenizer)
    assert (q.qtype, q.wh) == (qtype, wh)
    assert wh not in q.terms


@pytest.mark.parametrize(
    ("question", "qtype", "wh", "measure"),
    [
        # jieba cuts 哪/一種 and 哪/幾座: the measure word is read with its stem, no topic.
        ("乙醚的氣味具有哪一種特性", QType.WHAT, "哪一种", "种"),
        ("這是哪一類動物", QType.WHAT, "哪一类", "类"),
        ("他去了哪幾座城市", QType.PLACE, "哪几座", "几座"),
        ("路口镇是由哪两个乡镇合并的", QType.LIST, "哪两个", "两个"),
        ("非遗市集是哪两天", QType.TIME, "哪两天", "两天"),  # several of a time: which days
        ("她是北魏的第几位皇后", QType.NUMBER, "第几位", "第"),
    ],
)
def test_a_measure_word_cut_off_its_question_stem_is_no_term(
    tokenizer: Tokenizer, normalizer: Normalizer, question: str, qtype: QType, wh: str, measure: str
) -> None:
    q = analyse(normalizer.question(question), tokenizer)
    assert (q.qtype, q.wh) == (qtype, wh)
    assert measure not in q.terms and wh not in q.terms


def test_a_copula_glued_to_the_noun_before_a_question_word_is_cut(
    tokenizer: Tokenizer, normalizer: Normalizer
) -> None:
    # jieba reads 人為 (man-made) in 改寫發展史的人為誰; the topic is 人, 為 is 是.
    q = analyse(normalizer.question("改寫認知科學發展史的人為誰"), tokenizer)
    assert q.qtype is QType.PERSON and "人" in q.terms and "人为" not in q.terms


def test_a_kind_after_a_taiwanese_question_word_is_the_category(
    tokenizer: Tokenizer, normalizer: Normalizer
) -> None:
    q = analyse(normalizer.question("秦始皇是哪一國家的君主"), tokenizer)
    assert q.qtype is QType.PLACE and q.category == "国家"
    q = analyse(normalizer.question("唐朝之後是哪個朝代"), tokenizer)
    assert q.category == "朝代" and "之后" not in q.terms


def test_a_count_of_a_few_is_no_question(tokenizer: Tokenizer) -> None:
    # 好几次 (several times) and 十几个 (a dozen or so) count; the question is elsewhere.
    assert analyse("好几次把外国人当成新闻的报纸名为什么", tokenizer).qtype is QType.WHAT
    assert analyse("他去过十几个国家的哪个城市", tokenizer).qtype is QType.PLACE
    assert analyse("有几个人参加", tokenizer).qtype is QType.NUMBER


def test_xiyuan_ji_nian_asks_for_a_year(tokenizer: Tokenizer, normalizer: Normalizer) -> None:
    q = analyse(normalizer.question("慈禧太后出生於西元幾年?"), tokenizer)
    assert (q.qtype, q.wh) == (QType.TIME, "西元几年")
    assert analyse("他工作了几年", tokenizer).qtype is QType.NUMBER  # how many years


def test_any_noun_after_a_which_phrase_is_the_asked_kind(tokenizer: Tokenizer) -> None:
    # Not a known category, so no new type: a what-question that names the kind of its answer.
    q = analyse("这座古城毁于哪一场战争", tokenizer)
    assert (q.qtype, q.category, q.kind) == (QType.WHAT, None, "战争")
    # 什么样的X names X as the kind, but 的 keeps X from retyping the question.
    q = analyse("企业要打造什么样的企业", tokenizer)
    assert (q.category, q.kind) == (None, "企业")
    assert analyse("他是哪一个", tokenizer).kind is None


def test_a_kind_inside_the_question_phrase_is_the_asked_kind(tokenizer: Tokenizer) -> None:
    # 哪国的政治家 asks for a country (法国): the noun after 的 says who is asked about.
    q = analyse("让-皮埃尔·巴利冈是哪国的政治家", tokenizer)
    assert (q.qtype, q.kind) == (QType.PLACE, "国")
    assert analyse("蒂亚戈·蒙泰罗是哪个国家的赛车手", tokenizer).kind == "国家"
    assert analyse("这件事由哪个单位负责", tokenizer).kind == "单位"
    # Words that point to a place, and measures of time, name no kind.
    assert analyse("他住在哪边", tokenizer).kind is None
    assert analyse("这座桥是哪一年建成的", tokenizer).kind is None


@pytest.mark.parametrize(
    "question", ["弯了一万次以后功率衰减多少", "这次停水一共多长时间", "他到底还能不能来"]
)
def test_words_that_name_no_topic_are_not_terms(tokenizer: Tokenizer, question: str) -> None:
    terms = analyse(question, tokenizer).terms
    assert not set(terms) & {"以后", "这次", "一共", "还", "能", "到底", "能不能"}


def test_a_stem_needs_a_measure_word(tokenizer: Tokenizer) -> None:
    # 几乎 and 何况 begin like question words but ask nothing.
    assert analyse("几乎所有人都去了", tokenizer).qtype is QType.OTHER
    assert analyse("何况他也去了", tokenizer).qtype is QType.OTHER


def test_a_question_keeps_at_most_max_terms_topic_terms(tokenizer: Tokenizer) -> None:
    from bot.answer.question import MAX_TERMS

    words = "质量 工匠 精神 城市 示范 经验 讲台 学员 政府 领导 专题 研究 经济 转型 升级 北京"
    words += " 永康 宁波 温州 金华 丽水 杭州 绍兴 台州 嘉兴 湖州 舟山 衢州 上海 南京 苏州"
    q = analyse(words.replace(" ", "，") + "是什么时候？", tokenizer)
    assert len(q.terms) == MAX_TERMS
    assert q.terms[:3] == ("质量", "工匠", "精神")  # the first ones are kept


@pytest.mark.parametrize(
    ("question", "wh", "terms"),
    [
        ("钱江潮文化特展哪天开的", "哪天", ("钱江潮", "文化", "特展", "开")),  # jieba: 哪/天开
        ("温岭有多少家泵企", "多少", ("温岭", "泵企")),  # jieba: 多少/家泵企
        # 人口 is a dictionary word that merely starts with the unit 人: it stays whole.
        ("梓溪村有多少人口", "多少", ("梓溪村", "人口")),
    ],
)
def test_a_question_phrase_glued_to_the_next_word_is_cut_out(
    question: str, wh: str, terms: tuple[str, ...]
) -> None:
    q = analyse(question, Tokenizer())
    assert (q.wh, q.terms) == (wh, terms)


@pytest.mark.parametrize(
    ("question", "wh", "unit"),
    [
        ("高峰期地铁几分钟一趟", "几分钟", None),  # jieba keeps the unit with the stem
        ("台风登陆时最大风力几级", "几级", None),
        ("大桥全长多少公里", "多少", None),
        ("本地有几个人被骗", "几个", "人"),  # counted in 名 or 人 (6名), not in 个
        ("一共有几个村", "几个", "个"),
        ("高速船一天几班", "几班", "班"),  # sailings, flights, buses: 4班
        ("听证会有几个消费者代表", "几个", "人"),  # people counted by 个: 代表9名
        ("有几个志愿者", "几个", "人"),
        ("有几个项目", "几个", "个"),  # things stay counted in 个
        # People counted with no measure word are counted in 名 or 人 too (860名小学生).
        ("四点半课堂有多少小学生报名", "多少", "人"),
        ("有多少志愿者参加", "多少", "人"),
        ("有多少企业参展", "多少", None),  # things: no unit to ask for
    ],
)
def test_a_count_asks_a_number_in_its_unit(question: str, wh: str, unit: str | None) -> None:
    q = analyse(question, Tokenizer())
    assert (q.qtype, q.wh, q.unit) == (QType.NUMBER, wh, unit)
    assert wh not in q.terms  # a question phrase, not a topic


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("温州机场集团董事长叫什么", QType.PERSON),  # a post
        ("跳河救人的外卖小哥叫啥", QType.PERSON),  # a noun ending as a person's does
        ("落水男孩叫什么名字", QType.PERSON),
        ("他叫什么名字", QType.PERSON),
        ("落水男孩的名字叫什么", QType.PERSON),  # the person named stands before 名字
        ("元皇后的儿子叫什么", QType.PERSON),  # kin ending in 子, which mostly ends things
        ("这张桌子叫什么", QType.WHAT),
        ("这座桥叫什么名字", QType.WHAT),  # a thing's name, not a person's
        ("该公司叫什么", QType.WHAT),
    ],
)
def test_what_someone_or_something_is_called(
    tokenizer: Tokenizer, question: str, qtype: QType
) -> None:
    assert analyse(question, tokenizer).qtype is qtype
