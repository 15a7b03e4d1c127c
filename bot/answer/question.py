"""Question analysis: what kind of answer is wanted, and which words are the topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.lang.tokenizer import Tokenizer
from bot.model import QType

# Question phrases, longest first within a type; each maps to the answer type it asks for.
_WH: tuple[tuple[QType, tuple[str, ...]], ...] = (
    (
        QType.TIME,
        (
            "什么时候",
            "什么时间",
            "何时",
            "哪一年",
            "哪年",
            "哪一天",
            "哪天",
            "几月几日",
            "几月几号",
            "几月",
            "几号",
            "何年",
            "哪个月",
            "多会儿",
            "啥时候",
            "哪日",
        ),
    ),
    (
        QType.REASON,
        (
            "为什么",
            "为何",
            "怎么会",
            "什么原因",
            "啥原因",
            "凭什么",
            "何故",
            "为啥",
            "凭啥",
            "咋会",
            "干嘛",
        ),
    ),
    (QType.MANNER, ("怎样", "怎么样", "如何", "怎么", "通过什么方式", "用什么办法")),
    (
        QType.PLACE,
        (
            "在哪里",
            "在哪儿",
            "哪里",
            "哪儿",
            "什么地方",
            "何地",
            "何处",
            "哪个国家",
            "哪个城市",
            "哪座城市",
            "哪个地方",
            "在哪",
            "去哪",
            "啥地方",
            "哪个省",
        ),
    ),
    (
        QType.ORG,
        (
            "哪家",
            "哪个单位",
            "哪个部门",
            "哪个机构",
            "什么机构",
            "什么单位",
            "什么部门",
            "哪个公司",
            "什么公司",
            "哪个报",
            "什么报",
        ),
    ),
    (QType.PERSON, ("叫什么名字", "名字是什么", "谁", "哪位", "何人", "哪个人", "哪些人")),
    (
        QType.NUMBER,
        (
            "多长时间",
            "多少时间",
            "多少钱",
            "多少",
            "几个",
            "几名",
            "几位",
            "几次",
            "几天",
            "几年",
            "多大",
            "多长",
            "多高",
            "多远",
            "多久",
            "多重",
            "几",
            "若干",
        ),
    ),
    (QType.LIST, ("哪些", "哪几")),
    (
        QType.DEFINITION,
        ("什么是", "什么叫", "何为", "何谓", "是指什么", "指的是什么", "是什么意思"),
    ),
    (QType.WHAT, ("什么样", "什么", "啥", "哪个", "哪种", "哪类", "哪")),
    (QType.YESNO, ("是不是", "是否", "有没有", "能不能", "会不会", "对不对")),
)
# Question phrases by their first character, for one pass over a question's word starts.
_BY_FIRST: dict[str, list[tuple[str, QType, int]]] = {}
for _rank, (_qtype, _words) in enumerate(_WH):
    for _word in _words:
        _BY_FIRST.setdefault(_word[0], []).append((_word, _qtype, _rank))
# "多少家企业", "几名学员": the measure word a counted answer must carry.
_COUNTED = re.compile(
    r"(?:多少|几)(个小时|个月|家|名|位|人次|人|个|盆|次|项|所|座|辆|台|吨|户|件|场|届|岁|条|篇|本|张)"
)
_YESNO_END = re.compile(r"(吗|么|嘛)[?？]?$")
# Chatter the articles never answer: greetings, thanks, farewells, tests.
_CHATTER = re.compile(
    r"^(你好|您好|嗨|哈喽|hello|hi|hey|早上好|晚上好|下午好|早安|晚安|谢谢|多谢|感谢|谢了|thanks?|"
    r"thank you|再见|拜拜|bye|好的|ok|okay|嗯|哦|哈+|测试|test|在吗|在不在|你是谁|你叫什么|"
    r"你能做什么|help)[!！。.~～?？\s]*$",
    re.I,
)
# Words that only frame a question ("请问…", "…呢") and never name its topic.
_FILLER = frozenset(
    {
        "主要",
        "大概",
        "大约",
        "具体",
        "到底",
        "究竟",
        "一般",
        "通常",
        "些",
        "期间",
        "是",
        "有",
        "呢",
        "吗",
        "的",
        "了",
        "要",
        "会",
        "能",
        "可以",
        "请问",
        "告诉",
        "知道",
        "一下",
        "想",
        "问",
        "问问",
        "麻烦",
        "你",
        "您",
    }
)
_PUNCT_ONLY = re.compile(r"^[\W_]*$")
# "谁评的 / 谁命名的" asks for whoever acted, usually an organisation rather than a person.
_AGENT = re.compile(r"(由谁|谁)(评|命名|主办|举办|颁发|授予|批准|发布|组织|主持|表彰|认定)")


# A noun right after "哪些/什么/哪家…" names the kind of answer: 哪些职务 asks for titles.
CATEGORIES: dict[str, QType] = {
    "职务": QType.TITLE,
    "职位": QType.TITLE,
    "头衔": QType.TITLE,
    "官职": QType.TITLE,
    "身份": QType.TITLE,
    "报纸": QType.ORG,
    "报社": QType.ORG,
    "单位": QType.ORG,
    "部门": QType.ORG,
    "机构": QType.ORG,
    "公司": QType.ORG,
    "企业": QType.ORG,
    "组织": QType.ORG,
    "媒体": QType.ORG,
    "人": QType.PERSON,
    "人物": QType.PERSON,
    "领导": QType.PERSON,
    "记者": QType.PERSON,
    "地方": QType.PLACE,
    "城市": QType.PLACE,
    "国家": QType.PLACE,
    "地点": QType.PLACE,
    "省份": QType.PLACE,
    "镇": QType.PLACE,
    "县": QType.PLACE,
    "乡": QType.PLACE,
    "村": QType.PLACE,
    "区": QType.PLACE,
    "省": QType.PLACE,
    "街道": QType.PLACE,
    "时间": QType.TIME,
    "日期": QType.TIME,
    "年份": QType.TIME,
    "时候": QType.TIME,
}
# Nouns that, ending a question without a question word, say what is asked.
ATTRIBUTES: dict[str, QType] = {
    "电话": QType.NUMBER,
    "热线": QType.NUMBER,
    "号码": QType.NUMBER,
    "手机": QType.NUMBER,
    "价格": QType.NUMBER,
    "订价": QType.NUMBER,
    "定价": QType.NUMBER,
    "售价": QType.NUMBER,
    "费用": QType.NUMBER,
    "人数": QType.NUMBER,
    "数量": QType.NUMBER,
    "地址": QType.PLACE,
    "地点": QType.PLACE,
    "时间": QType.TIME,
    "日期": QType.TIME,
    "联系人": QType.PERSON,
    "负责人": QType.PERSON,
    "作者": QType.PERSON,
    "记者": QType.PERSON,
    "编辑": QType.PERSON,
}
# Verbs that only frame a question of that kind ("担任什么职务"): not topic words.
FRAME_VERBS: dict[QType, frozenset[str]] = {
    QType.TITLE: frozenset({"担任", "出任", "任", "任职", "身兼", "兼任"}),
    QType.TIME: frozenset({"开始", "始于", "起始", "发生"}),
    QType.NUMBER: frozenset({"持续", "历时", "花了", "用了", "共计", "一共", "总共"}),
}
# Words that point at the article itself; every sentence of an article covers them.
META_WORDS = frozenset({"文章", "这篇文章", "本文", "文中", "报道", "这篇", "稿件", "新闻", "消息"})
# Types a kind noun after the question word may sharpen: 哪些职务 asks for titles.
_KIND_REFINES = (QType.WHAT, QType.LIST, QType.ORG, QType.PERSON, QType.OTHER)
_CATEGORY_WH = ("哪些", "哪家", "哪个", "哪种", "哪类", "什么样的", "什么", "哪几", "哪位", "哪")


@dataclass(frozen=True)
class Question:
    """An analysed question."""

    text: str  # normalised
    qtype: QType
    wh: str | None  # the question phrase found, if any
    terms: tuple[str, ...]  # topic terms for retrieval, question words removed
    chatter: bool = False
    wh_spans: tuple[tuple[int, int], ...] = ()  # where the question phrases stand in `text`
    category: str | None = None  # the noun after the question word (职务 in 哪些职务)
    unit: str | None = None  # the measure word a count must carry (家 in 多少家企业)


def _wh_spans(text: str, starts: set[int], ends: set[int]) -> list[tuple[int, int, QType, int]]:
    """Question phrases that begin and end on word boundaries: (start, end, type, rank).

    The boundaries keep 几 in 几乎 or 谁 in a name from reading as questions.
    """
    found: list[tuple[int, int, QType, int]] = []
    for start in starts:
        for phrase, qtype, rank in _BY_FIRST.get(text[start : start + 1], ()):
            end = start + len(phrase)
            if end in ends and text.startswith(phrase, start):
                found.append((start, end, qtype, rank))
    # Longest phrase wins an overlap; then the more specific type.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[3], f[0]))
    chosen: list[tuple[int, int, QType, int]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    return sorted(chosen)


def analyse(text: str, tokenizer: Tokenizer) -> Question:
    """Type a normalised question and pick its topic terms."""
    stripped = text.strip()
    if _PUNCT_ONLY.match(stripped) or _CHATTER.match(stripped):
        return Question(stripped, QType.OTHER, None, (), chatter=True)
    spans = tokenizer.spans(stripped)
    wh = _wh_spans(stripped, {s for _, s, _ in spans}, {e for _, _, e in spans})
    qtype, phrase = QType.OTHER, None
    if wh:
        best = min(wh, key=lambda f: (-(f[1] - f[0]), f[3]))
        qtype, phrase = best[2], stripped[best[0] : best[1]]
        if qtype is QType.PERSON and _AGENT.search(stripped):
            qtype = QType.AGENT
    elif _YESNO_END.search(stripped):
        qtype = QType.YESNO
    category = None
    for s0, e0, _, _ in wh:
        after = next((w for w, st, _ in spans if st == e0), None)
        if stripped[s0:e0] in _CATEGORY_WH and after in CATEGORIES:
            category = after
            if qtype in _KIND_REFINES:
                qtype = CATEGORIES[after]
    if category is None and wh and stripped[wh[0][0] : wh[0][1]] in ("什么", "啥", "哪些"):
        # "…的主题是什么", "…的职务有哪些": the attribute asked about, often not repeated
        # in the answer.
        before = [w for w, _, e in spans if e <= wh[0][0] and w.strip()]
        if len(before) >= 2 and before[-1] in ("是", "有") and tokenizer.tag(before[-2])[:1] == "n":
            category = before[-2]
            if category in CATEGORIES and qtype in (QType.WHAT, QType.LIST):
                qtype = CATEGORIES[category]
    if not wh and spans:
        # "永康日报征订热线": a bare topic ending in an attribute asks for that attribute.
        words = [w for w, _, _ in spans if w.strip("?？!！。 ")]
        last = words[-1] if words else ""
        if last in ATTRIBUTES:
            qtype, category = ATTRIBUTES[last], last
    if wh and re.fullmatch(r"[^的]{2,12}是什么[?？]?", stripped):
        qtype, category = QType.DEFINITION, None  # "工匠精神是什么" asks what the term is
    elif (
        qtype is QType.PERSON
        and wh
        and stripped[wh[-1][1] :].strip("?？ ") == ""
        and any(tokenizer.tag(w) == "nr" for w, _, _ in spans)
    ):
        qtype = QType.TITLE  # "唐一军是谁": a named person's role
    unit = None
    if qtype is QType.NUMBER:
        m = _COUNTED.search(stripped)
        unit = m.group(1) if m else None
    frame = FRAME_VERBS.get(qtype, frozenset())
    terms = []
    for word, start, end in spans:
        term = tokenizer.term(word)
        if term is None or term in _FILLER or term in frame:
            continue
        if any(start < e and s < end for s, e, _, _ in wh):
            continue
        terms.append(term)
    return Question(
        stripped,
        qtype,
        phrase,
        tuple(dict.fromkeys(terms)),
        wh_spans=tuple((s, e) for s, e, _, _ in wh),
        category=category,
        unit=unit,
    )
