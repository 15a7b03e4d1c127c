"""Question analysis: what kind of answer is wanted, and which words are the topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.lang.tokenizer import Tokenizer

# Question phrases, longest first within a type; each maps to the answer type it asks for.
_WH: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "time",
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
        "reason",
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
    ("manner", ("怎样", "怎么样", "如何", "怎么", "通过什么方式", "用什么办法")),
    (
        "place",
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
        "org",
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
    ("person", ("叫什么名字", "名字是什么", "谁", "哪位", "何人", "哪个人", "哪些人")),
    (
        "number",
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
    ("list", ("哪些", "哪几")),
    ("definition", ("什么是", "什么叫", "何为", "何谓", "是指什么", "指的是什么", "是什么意思")),
    ("what", ("什么样", "什么", "啥", "哪个", "哪种", "哪类", "哪")),
    ("yesno", ("是不是", "是否", "有没有", "能不能", "会不会", "对不对")),
)
# Question phrases by their first character, for one pass over a question's word starts.
_BY_FIRST: dict[str, list[tuple[str, str, int]]] = {}
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
CATEGORIES: dict[str, str] = {
    "职务": "title",
    "职位": "title",
    "头衔": "title",
    "官职": "title",
    "身份": "title",
    "报纸": "org",
    "报社": "org",
    "单位": "org",
    "部门": "org",
    "机构": "org",
    "公司": "org",
    "企业": "org",
    "组织": "org",
    "媒体": "org",
    "人": "person",
    "人物": "person",
    "领导": "person",
    "记者": "person",
    "地方": "place",
    "城市": "place",
    "国家": "place",
    "地点": "place",
    "省份": "place",
    "镇": "place",
    "县": "place",
    "乡": "place",
    "村": "place",
    "区": "place",
    "省": "place",
    "街道": "place",
    "时间": "time",
    "日期": "time",
    "年份": "time",
    "时候": "time",
}
# Nouns that, ending a question without a question word, say what is asked.
ATTRIBUTES: dict[str, str] = {
    "电话": "number",
    "热线": "number",
    "号码": "number",
    "手机": "number",
    "价格": "number",
    "订价": "number",
    "定价": "number",
    "售价": "number",
    "费用": "number",
    "人数": "number",
    "数量": "number",
    "地址": "place",
    "地点": "place",
    "时间": "time",
    "日期": "time",
    "联系人": "person",
    "负责人": "person",
    "作者": "person",
    "记者": "person",
    "编辑": "person",
}
# Verbs that only frame a question of that kind ("担任什么职务"): not topic words.
FRAME_VERBS: dict[str, frozenset[str]] = {
    "title": frozenset({"担任", "出任", "任", "任职", "身兼", "兼任"}),
    "time": frozenset({"开始", "始于", "起始", "发生"}),
    "number": frozenset({"持续", "历时", "花了", "用了", "共计", "一共", "总共"}),
}
# Words that point at the article itself; every sentence of an article covers them.
META_WORDS = frozenset({"文章", "这篇文章", "本文", "文中", "报道", "这篇", "稿件", "新闻", "消息"})
_CATEGORY_WH = ("哪些", "哪家", "哪个", "哪种", "哪类", "什么样的", "什么", "哪几", "哪位", "哪")


@dataclass(frozen=True)
class Question:
    """An analysed question."""

    text: str  # normalised
    qtype: str  # time, person, org, place, number, reason, manner, list, definition, what, yesno
    wh: str | None  # the question phrase found, if any
    terms: tuple[str, ...]  # topic terms for retrieval, question words removed
    chatter: bool = False
    wh_spans: tuple[tuple[int, int], ...] = ()  # where the question phrases stand in `text`
    category: str | None = None  # the noun after the question word (职务 in 哪些职务)
    unit: str | None = None  # the measure word a count must carry (家 in 多少家企业)


def _wh_spans(text: str, starts: set[int], ends: set[int]) -> list[tuple[int, int, str, int]]:
    """Question phrases that begin and end on word boundaries: (start, end, type, rank).

    The boundaries keep 几 in 几乎 or 谁 in a name from reading as questions.
    """
    found: list[tuple[int, int, str, int]] = []
    for start in starts:
        for phrase, qtype, rank in _BY_FIRST.get(text[start : start + 1], ()):
            end = start + len(phrase)
            if end in ends and text.startswith(phrase, start):
                found.append((start, end, qtype, rank))
    # Longest phrase wins an overlap; then the more specific type.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[3], f[0]))
    chosen: list[tuple[int, int, str, int]] = []
    for f in found:
        if all(f[1] <= c[0] or f[0] >= c[1] for c in chosen):
            chosen.append(f)
    return sorted(chosen)


def analyse(text: str, tokenizer: Tokenizer) -> Question:
    """Type a normalised question and pick its topic terms."""
    stripped = text.strip()
    if _PUNCT_ONLY.match(stripped) or _CHATTER.match(stripped):
        return Question(stripped, "other", None, (), chatter=True)
    spans = tokenizer.spans(stripped)
    wh = _wh_spans(stripped, {s for _, s, _ in spans}, {e for _, _, e in spans})
    qtype, phrase = "other", None
    if wh:
        best = min(wh, key=lambda f: (-(f[1] - f[0]), f[3]))
        qtype, phrase = best[2], stripped[best[0] : best[1]]
        if qtype == "person" and _AGENT.search(stripped):
            qtype = "agent"
    elif _YESNO_END.search(stripped):
        qtype = "yesno"
    category = None
    for s0, e0, _, _ in wh:
        after = next((w for w, st, _ in spans if st == e0), None)
        if stripped[s0:e0] in _CATEGORY_WH and after in CATEGORIES:
            category = after
            if qtype in ("what", "list", "org", "person", "other"):
                qtype = CATEGORIES[after]
    if category is None and wh and stripped[wh[0][0] : wh[0][1]] in ("什么", "啥", "哪些"):
        # "…的主题是什么", "…的职务有哪些": the attribute asked about, often not repeated
        # in the answer.
        before = [w for w, _, e in spans if e <= wh[0][0] and w.strip()]
        if len(before) >= 2 and before[-1] in ("是", "有") and tokenizer.tag(before[-2])[:1] == "n":
            category = before[-2]
            if category in CATEGORIES and qtype in ("what", "list"):
                qtype = CATEGORIES[category]
    if not wh and spans:
        # "永康日报征订热线": a bare topic ending in an attribute asks for that attribute.
        words = [w for w, _, _ in spans if w.strip("?？!！。 ")]
        last = words[-1] if words else ""
        if last in ATTRIBUTES:
            qtype, category = ATTRIBUTES[last], last
    if wh and re.fullmatch(r"[^的]{2,12}是什么[?？]?", stripped):
        qtype, category = "definition", None  # "工匠精神是什么" asks what the term is
    elif (
        qtype == "person"
        and wh
        and stripped[wh[-1][1] :].strip("?？ ") == ""
        and any(tokenizer.tag(w) == "nr" for w, _, _ in spans)
    ):
        qtype = "title"  # "唐一军是谁": a named person's role
    unit = None
    if qtype == "number":
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
