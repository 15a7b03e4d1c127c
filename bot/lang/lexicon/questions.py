"""Question words and the kinds of answer they and the nouns after them ask for."""

from __future__ import annotations

from bot.lang.lexicon._words import words as _words
from bot.model import QType

# --- question words ------------------------------------------------------------------------

# Question phrases by the answer type they ask for. The longest phrase found wins; the order
# of the types breaks ties between phrases of the same length: the more specific type first.
# Traditional and Taiwanese forms are listed as they read after normalisation (NFKC + OpenCC
# t2s): 甚麼 stays 甚么, 為何 becomes 为何, 幾點 becomes 几点. 甚么 variants of every 什么 phrase
# are added below rather than listed twice.
_QUESTION_WORDS: dict[QType, tuple[str, ...]] = {
    QType.TIME: _words(
        "什么时候 什么时间 何时 哪一年 哪年 哪一天 哪天 几月几日 几月几号 几月 几号 何年 哪个月 "
        "多会儿 啥时候 哪日 何日 几时 几点 几点钟 哪个时候 什么年代 哪个年代 何年何月 "
        "公元几年 西元几年 公元哪一年 西元哪一年"
    ),
    QType.REASON: _words(
        "为什么 为何 怎么会 什么原因 啥原因 凭什么 何故 为啥 凭啥 咋会 干嘛 因何 缘何 为什么会"
    ),
    QType.MANNER: _words("怎样 怎么样 如何 怎么 通过什么方式 用什么办法 咋 咋样 咋办 怎么办"),
    QType.PLACE: _words(
        "在哪里 在哪儿 哪里 哪儿 什么地方 何地 何处 哪个国家 哪个城市 哪座城市 哪个地方 在哪 去哪 "
        "啥地方 哪个省 在何处 哪边 哪一边 哪国 哪一国 哪个地区"
    ),
    QType.ORG: _words(
        "哪家 哪个单位 哪个部门 哪个机构 什么机构 什么单位 什么部门 哪个公司 什么公司 哪个报 什么报"
    ),
    QType.PERSON: _words("叫什么名字 名字是什么 谁 哪位 何人 哪个人 哪些人 哪一位 什么人 啥人"),
    QType.NUMBER: _words(
        "多长时间 多少时间 多少钱 多少 几个 几名 几位 几次 几天 几年 多大 多长 多高 多远 多久 多重 "
        "几 若干 多快 多深 多宽 多厚 多少倍 几倍 几成 几岁 多少岁 第几"
    ),
    QType.LIST: _words("哪些 哪几"),
    QType.DEFINITION: _words("什么是 什么叫 何为 何谓 是指什么 指的是什么 是什么意思 啥意思"),
    QType.WHAT: _words("什么样 什么 啥 哪个 哪种 哪类 哪 哪一 何者 何种 有何 何事 何物 啥样"),
    QType.YESNO: _words("是不是 是否 有没有 能不能 会不会 对不对 能否 可否 有无"),
}


def _with_shenme(words: tuple[str, ...]) -> tuple[str, ...]:
    """Each phrase, and after it its Taiwanese 甚么 form (什么时候 → 甚么时候)."""
    return tuple(dict.fromkeys(v for w in words for v in (w, w.replace("什么", "甚么"))))


QUESTION_WORDS: dict[QType, tuple[str, ...]] = {
    qtype: _with_shenme(words) for qtype, words in _QUESTION_WORDS.items()
}
QUESTION_PHRASES = frozenset(w for ws in QUESTION_WORDS.values() for w in ws)  # of any type
# Verbs whose 为 means "as, into" (称为, 改名为, 被誉为): after them 为什么 is 为 + 什么 and
# asks what (火参果被称为什么), not why.
AS_VERBS = _words(
    "称 称之 名 命名 改名 更名 改 改编 列 视 誉 定 译 聘 编 分 作 成 变 选 评 封 设 当 表现 算"
)
# 为什么/为何 read as why; after AS_VERBS, after 因 (因为什么天灾) or closing a question (…的
# 制作模式为何?) they are 为 + a what-question word.
WHY_WORDS = ("为什么", "为何", "为甚么")
# A jieba word made of a question stem and a measure word (哪一条, 哪部, 何种, 几座) asks what
# its stem asks; DRCD writes dozens of them (哪一部, 哪一国, 哪项), too many to list one by one.
# The measure word decides the type where it names one: 哪一位 asks for a person.
WH_STEMS: dict[str, QType] = {
    "哪一": QType.WHAT,
    "哪些": QType.LIST,
    "哪几": QType.LIST,
    "哪": QType.WHAT,
    "何": QType.WHAT,
}
COUNT_STEMS = ("多少", "第几", "几")  # 几座, 多少条: a count; 第几次: a place in an order
WH_MEASURES: dict[QType, tuple[str, ...]] = {
    QType.PERSON: _words("位 人"),
    QType.PLACE: _words("国 省 州 市 县 边 处 地 里 地方 地区 国家 城市"),
    QType.TIME: _words("年 天 日 月 时 年代"),
    QType.WHAT: _words(
        "个 条 部 种 门 座 场 家 本 项 首 支 方 类 件 张 所 间 队 款 套 篇 块 族 党 次 届 层 艘 "
        "辆 台 架 颗 只 头 匹 份 段 句 样 方面 朝 代 点 期 排 行 列 批 轮 组 片 栋 幢 株 棵 根 枚 "
        "粒 杯 瓶 包 箱 双 对 道 声 回 遍 趟 章 节 课 集 卷 册 笔 班"
    ),
}
WH_MEASURE_TYPES = {m: qtype for qtype, ms in WH_MEASURES.items() for m in ms}
# The characters a phrase that says when holds, besides figures: numerals and the words of time
# (年代, 时候, 前夕, 月初, 春, 今天 …). A when-question's short answer must hold one.
TIME_CHARACTERS = (
    "〇零一二三四五六七八九十百千万两"  # numerals
    "年月日号时代期候前后初末间季节世纪晚早夜晨午春夏秋冬今昨明周夕宵旬"
)
# Question phrases asking for a year only: the answer is cut to 2016年.
YEAR_WORDS = ("哪一年", "哪年", "何年", "公元几年", "西元几年", "公元哪一年", "西元哪一年")
# The last character of a noun naming a person (负责人, 记者, 船员, 局长, 小哥, 男孩, 医生):
# "X叫什么" then asks for a person's name, "这座桥叫什么名字" for a thing's.
PERSON_ENDINGS = frozenset("人者员长哥姐弟妹孩娃师生手官士夫妻父母爷奶叔姨婆儿女王帝后妃君")
# People whose word ends in 子, which mostly ends things (桌子, 分子).
PERSON_WORDS = frozenset(_words("儿子 妻子 孩子 男子 女子 弟子 太子 王子 公子 孙子"))
# Question phrases that ask for a day, or for a month, of a date.
DAY_WORDS = _words(
    "哪天 哪一天 哪日 哪一日 何日 几号 几日 几月几日 几月几号 日期 星期几 周几 礼拜几"
)
MONTH_WORDS = _words("几月 几月份 哪个月 哪一个月 哪月 哪一月 何月")
# A question that ends in one of these, with no question phrase (汉诺瓦音乐学院位于?, as DRCD
# asks), asks where. Read as 是什么, any open 是? was crossed and lost (docs/answer-method.md);
# only one after OPEN_NOUNS is.
OPEN_WHERE = _words("位于 来自 来自于 起源于 源于 出自 出自于 坐落于")
# A question ending in one of these particles, with no question phrase, asks yes or no.
YESNO_PARTICLES = ("吗", "么", "嘛")
# Verbs that change a figure (由40分钟缩短至25分钟): the figure after them is the new one.
CHANGE_VERBS = _words(
    "缩短 缩减 减少 降低 下降 下调 降 增加 增长 增 提高 提升 上升 上调 上涨 扩大 延长 压缩 提速 "
    "调整 变 推迟 延后 推后 提前 放宽 升"
)
# "谁评的 / 谁命名的" asks for whoever acted, usually an organisation rather than a person.
AGENT_ASKERS = ("由谁", "谁")
AGENT_VERBS = _words("评 命名 主办 举办 颁发 授予 批准 发布 组织 主持 表彰 认定")

# Question phrases after which a noun names the kind of answer (哪些职务, 什么样的企业): analysis
# types the question from it, extraction glues it onto the answer (打造什么样的企业 → 百年企业),
# but not after 哪家/哪位/哪, where that changed answers (是哪两路 → …兵分两路).
_KIND_WH = ("哪些", "哪家", "哪个", "哪种", "哪类", "什么样", "什么", "哪几", "哪位", "哪")
KIND_WH_EXTRACT = tuple(w for w in _KIND_WH if w not in ("哪家", "哪位", "哪"))
# Analysis also reads the kind after the Taiwanese forms (哪一国家, 何种武器, 甚么人); a jieba
# word of stem and measure word (哪一个国家) counts too, see WH_STEMS.
KIND_WH = (*_KIND_WH, "哪一", "何种", "甚么", "甚么样")
# "…的主题是什么", "…的职务有哪些": phrases after which the noun before 是/有 is the attribute.
ATTRIBUTE_WH = ("什么", "啥", "哪些")

# Follow-ups ("是谁命名的？") strip question words with one regex alternation, longest first so
# "什么时候" wins over "什么". Not QUESTION_WORDS: it also strips 吗 and 是谁, and stripping the
# longer phrases of QUESTION_WORDS too would rewrite follow-ups differently.
FOLLOWUP_WORDS = _words(
    "什么时候 哪一年 哪一天 哪些 哪个 哪里 哪儿 哪年 哪天 何时 何地 为什么 为何 怎么样 怎样 怎么 "
    "如何 多少 几月 几年 几 是谁 谁 什么 哪 吗"
)

# --- kinds of answer -----------------------------------------------------------------------

# A noun right after "哪些/什么/哪家…" names the kind of answer: 哪些职务 asks for titles.
CATEGORY_NOUNS: dict[QType, tuple[str, ...]] = {
    QType.TITLE: _words("职务 职位 头衔 官职 身份"),
    QType.ORG: _words("报纸 报社 单位 部门 机构 公司 企业 组织 媒体"),
    QType.PERSON: _words("人 人物 领导 记者"),
    QType.PLACE: _words("地方 城市 国家 地点 省份 镇 县 乡 村 区 省 街道"),
    QType.TIME: _words("时间 日期 年份 时候"),
    # A dynasty, a kind, a name: the noun says what is asked but is seldom in the answer.
    QType.WHAT: _words(
        "朝代 时代 类型 种类 名称 方式 方法 东西 物质 事件 语言 作品 特点 特征 特色 作用 功效 功能 "
        "症状 内容 形状 外形 样子"
    ),
}
CATEGORIES = {word: qtype for qtype, words in CATEGORY_NOUNS.items() for word in words}
# Nouns that, ending a question without a question word, say what is asked.
ATTRIBUTE_NOUNS: dict[QType, tuple[str, ...]] = {
    QType.NUMBER: _words("电话 热线 号码 手机 价格 订价 定价 售价 费用 人数 数量"),
    QType.PLACE: _words("地址 地点"),
    QType.TIME: _words("时间 日期"),
    QType.PERSON: _words("联系人 负责人 作者 记者 编辑"),
}
ATTRIBUTES = {word: qtype for qtype, words in ATTRIBUTE_NOUNS.items() for word in words}
# A number asked about with these is a phone number, written as a run of digits.
PHONE_WORDS = ("电话", "热线", "号码", "手机")
# What may stand between a name and 谁 in "唐一军是谁", "唐一军到底是谁".
COPULAS = frozenset(_words("是 为 到底 究竟 又 就是 到底是 究竟是 又是"))
# Verbs that only frame a question of that kind ("担任什么职务"): not topic words.
FRAME_VERBS: dict[QType, frozenset[str]] = {
    QType.TITLE: frozenset(_words("担任 出任 任 任职 身兼 兼任")),
    QType.NUMBER: frozenset(_words("持续 历时 花了 用了 共计 一共 总共")),
    # "由于什么原因导致…": the answer says why without these.
    QType.REASON: frozenset(_words("原因 导致 缘故 理由 造成")),
    # "…的时候是哪一年", "1990年时": the answer gives the time without these.
    QType.TIME: frozenset(_words("开始 始于 起始 发生 时候")),
}
# A noun that says what is asked, before a copula that ends a question with no question phrase
# (回鹘人信仰的宗教是?, …爆发的原因是?): the question is read as asking 是什么.
OPEN_NOUNS = frozenset((*CATEGORIES, *ATTRIBUTES, *FRAME_VERBS[QType.REASON], *_words("目的 意义")))
