"""Every word list of the bot in one place, keyed by the answer type it signals where it has one.

Order matters where a list becomes a regex alternation or ranks question phrases: keep it.
Where two uses need different lists, both stand here side by side, with why they differ.
"""

from __future__ import annotations

from bot.model import QType


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


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
# asks), asks where. Read as 是什么, an open 是? was crossed and lost (docs/answer-method.md).
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

# --- measure words -------------------------------------------------------------------------

# Units a number in a sentence may carry (38名, 3个多小时, 18元); matched longest first.
NUMBER_UNITS = _words(
    "个多小时 个小时 个多月 个月 多小时 万元 亿元 元 块 名 人次 人 位 个 盆 次 年 天 小时 分钟 "
    "家 项 所 座 辆 台 吨 公里 千米 米 平方米 亩 户 版 期 件 份 场 届 岁 堂 条 篇 本 张 万 亿 % ％ "
    "公里/小时 千米/小时 平方公里 公顷 海里 毫米 厘米 公斤 千克 个百分点 倍 秒 分 起 处 艘 层 支 "
    "批 套 部 只 架 美元 欧元 英镑 日元 港元 港币 车道 级 个工作日 工作日 个星期 个季度 季度 "
    "单 笔 例 宗 株 棵 号线 毫升 升 立方米 批次 道 度 首 枚 间 页 "
    "千元 百元 台币 新台币 块钱 英里 公尺 英尺 平方千米 平米 克 斤 磅 秒钟 周 星期 多年 周岁 成 "
    "百分点 折 km/h 米/秒 标箱 兆瓦 千瓦 千瓦时 趟 轮 根 盏 箱 幢 栋 班 公厘 km cm mm"
)
# "多少家企业", "几名学员": the measure word a counted answer must then carry. A subset of
# NUMBER_UNITS without time and money (多少天 and 多少元 are not counts of things).
COUNTED_UNITS = _words(
    "个小时 个月 家 名 位 人次 人 个 盆 次 项 所 座 辆 台 吨 户 件 场 届 岁 条 篇 本 张 支 起 处 "
    "艘 批 套 部 只 架 单 笔 例 宗 株 棵 班"
)
# Follow-ups strip a count's measure word with its question word ("有多少名学员" → "有学员").
# Unlike COUNTED_UNITS this strips 天 and 元 too, and fewer others.
FOLLOWUP_UNITS = _words("个 名 位 人次 人 家 次 天 盆 元 项 条 件 岁")
# Measure words that count the same things: 几名学员 is answered by 38名 or 38人.
PEOPLE_UNITS = ("名", "人", "位", "人次")

# --- what a number measures ---------------------------------------------------------------

# "多长" wants a length or a duration, "多少钱" money: the span model weighs a number whose unit
# measures what is asked (7.8公里) against one that measures something else (1座). Units by
# measure; a number's unit is read longest first.
MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "money": _words("元 万元 亿元 千元 百元 美元 欧元 英镑 日元 港元 港币 台币 新台币 块钱"),
    "length": _words("米 公里 千米 厘米 毫米 海里 英里 公尺 英尺 公厘 km cm mm"),
    "area": _words("平方米 平方公里 平方千米 平米 亩 公顷"),
    "weight": _words("吨 公斤 千克 克 斤 磅"),
    "duration": _words(
        "秒 秒钟 分钟 小时 个小时 个多小时 天 周 星期 个星期 个月 个多月 年 多年 个工作日 工作日 "
        "个季度 季度"
    ),
    "age": _words("岁 周岁"),
    "share": _words("% ％ 成 折 倍 个百分点 百分点"),
    "speed": _words("公里/小时 千米/小时 km/h 米/秒"),
    "score": _words("分"),
    "clock": (),  # 22:30, 10时18分: found by their own pattern, not by a unit
    "date": (),  # a date expression, found by lang.dates
    "phone": (),  # 0574-62712345, 96390: a run of digits
}
# Question phrases that ask for a measure. Longest first wins, so 多少分钟 is a duration, not
# a score; one may ask two (多长: a length or a duration); 多大 alone asks no age (有多大).
MEASURE_ASKERS: dict[str, tuple[str, ...]] = {
    "money": _words(
        "多少钱 几块钱 多少元 花了多少 花多少 投资多少 总投资 金额 营收 收入 销售额 销售收入 票价 "
        "价格 售价 门票 费用 罚款 罚金 多贵 最贵 奖金 奖励多少 工资 补贴 资金 造价 成本 损失"
    ),
    "length": _words(
        "多长 多远 多高 多深 多宽 长度 距离 高度 深度 宽度 海拔 全长 雨量 降雨量 降水量 水位"
    ),
    "duration": _words(
        "多久 多长时间 多少时间 几分钟 几小时 几个小时 几天 几个月 几年 多少天 多少年 多少分钟 "
        "多少小时 多少秒 用时 耗时 历时 时长 工期 多长"
    ),
    "age": _words("几岁 多少岁 多大年纪 年龄 岁数 高寿 享年 今年多大 现在多大"),
    "area": _words("多大面积 面积 占地 多少亩 多少平方"),
    "weight": _words("多重 重量 多少吨 多少斤 多少公斤"),
    "share": _words(
        "增长多少 增长了多少 涨了多少 涨多少 下降多少 降了多少 增幅 增速 比例 占比 百分之几 比重 "
        "增长率 几成 几倍 几折 多少折"
    ),
    "speed": _words("限速 时速 速度 多快"),
    "score": _words("多少分 几分 分数 分数线 录取线 得分 比分 平均分 最高分"),
    "clock": _words("几点 几时 几点钟 什么时刻 几点几分"),
    "date": _words("哪天 哪一天 哪日 哪年 哪一年 何年 何时 什么时候 几月 几号 日期 哪个月"),
    "phone": _words("电话 热线 号码 手机"),
}

# --- the article and its city --------------------------------------------------------------

# Words that point at the article itself; every sentence of an article covers them.
META_WORDS = frozenset(_words("文章 这篇文章 本文 文中 报道 这篇 稿件 新闻 消息"))
# Words by which an article speaks of its own city or paper.
DEICTIC = _words(
    "我市 本市 全市 该市 市委 市政府 我县 本县 全县 我区 本区 我省 本省 本报 市民 我们"
)

# --- what frames a question but is no topic ------------------------------------------------

# Words that only frame a question ("请问…", "…呢") and never name its topic.
FILLER = frozenset(
    _words(
        "主要 大概 大约 具体 到底 究竟 一般 通常 些 期间 是 有 呢 吗 的 了 要 会 能 可以 请问 告诉 "
        "知道 一下 想 问 问问 麻烦 你 您 "
        # Connectives, adverbs and deixis that frame a question and name no topic; the
        # words most often named missing in refusals on CMRC 2018 trial and DRCD test.
        "以后 之后 后 以前 之前 这次 此次 一共 总共 还 还有 能不能 能够 可能 如果 除了 曾 曾经 另 "
        "另外 逐渐 才 当中 其中 目前 原本 得以 根据 依照 所谓 该 此 一种 一些 分别 最终 最后 "
        "首先 当初 起初 那么 这么 咱们 这种 那种 此种 这类 这位 这座 这家 这项 时 时候 年时 "
        "当时 一职 由于 因为 因 是因为 为了 虽 虽然 至 自 内 最 "
        # Verbs that frame what is asked ("属于哪个科", "被称为什么") and that answers say
        # another way or not at all.
        "有关 属于 出现 认为 指 称为 称之为 称作 被称为 拥有 受到 采用 使用 用 来"
    )
)
# Chatter the articles never answer: greetings, thanks, farewells, tests. Regex alternatives
# (matched case-insensitively, the whole message): "thanks?" and "哈+" are patterns.
CHATTER = (
    *_words("你好 您好 嗨 哈喽 hello hi hey 早上好 晚上好 下午好 早安 晚安 谢谢 多谢 感谢 谢了"),
    "thanks?",
    "thank you",
    *_words("再见 拜拜 bye 好的 ok okay 嗯 哦 哈+ 测试 test 在吗 在不在 你是谁 你叫什么"),
    "你能做什么",
    "help",
)

# --- cues in the answer sentence -----------------------------------------------------------

# A sentence with one of these may give a reason (for typing a candidate: 让 and 使 count,
# weakly, as one character).
REASON_CUES = _words(
    "因为 由于 正是 原因 得益于 所以 因此 为了 是因 缘于 源于 必须 才能 旨在 让 使得 使"
)
# Markers the reason itself follows ("因为X，…"), for cutting the short answer: narrower than
# REASON_CUES, since 所以/因此 are followed by the consequence.
REASON_MARKERS = _words("因为 由于 正是 得益于 原因是 缘于 源于")
# "打造标杆城市,必须大力弘扬工匠精神": the goal before these is why.
PURPOSE_MARKERS = _words("必须 才能 就要 务必")
# A question asking what someone said is answered by a quotation.
SPEECH_VERBS = _words("说 讲 论述 指出 表示 强调 认为 提出")
# A question word after one of these does not take the noun after it ("向什么转变").
PREPOSITIONS = frozenset("向从对在为把被给跟和与往朝于")
# Posts (a title question's answer), the units that may precede them, and rank prefixes.
POST_UNITS = _words("省委 市委 县委 区委 党委 国务院 省 市 县 区 镇")
POST_RANKS = _words("副 代 常务副")
POSTS = _words(
    "书记 常委 市长 省长 县长 区长 镇长 主席 主任 部长 局长 厅长 委员 总经理 董事长 经理 校长 "
    "院长 总书记 主编 社长 总监 总裁 行长 所长 会长 队长 科长 处长 庭长 检察长 站长 馆长 村长 "
    "船长 教练 审判长 工程师 总工程师 法官 检察官 民警 警官 教授 研究员 律师 医师"
)
# What follows a person named right after a post (市长方启明主持, 总监屠建明说): a name is cut
# where one of these begins.
AFTER_NAME = _words(
    "主持 说 表示 介绍 指出 强调 认为 透露 称 告诉 出席 参加 宣布 致辞 讲话 带队 率队 一行 等 "
    "在 对 为 和 与 也 就 向 到 还"
)
# "张老师", "王经理": a person named by surname and form of address.
ADDRESS_FORMS = _words("老师 先生 女士 小姐 师傅 医生 同志 经理 主任")
# "记者 张三": the roles a byline names.
BYLINE_ROLES = _words("记者 通讯员 摄影 编辑 作者")

# --- short-answer spans (added by the span model's branch; kept apart to merge cleanly) -----

# A question about who wrote or photographed a report, which a byline may answer; and words
# holding an asker that ask nothing about the report (拍卖, an auction, is not a photo).
BYLINE_ASKERS = _words("记者 通讯员 摄影 编辑 作者 拍 撰稿 报道")
NOT_BYLINE_ASKERS = _words("拍卖 拍品 拍板 拍档 节拍 球拍")
# Questions asking for several things (a list answers), or for another (另一个是?, 除了X还有).
MANY_ASKERS = _words("哪些 有哪些 哪几 几个方面 分别")
OTHER_ASKERS = _words("另一 除了 还有 以外 之外 其余")
# The last word of a place that is a site rather than a region (西施|广场, 余姚|经济|开发区,
# 紫阳|街|东湖|广场): jieba tags the name before it as anything but a place.
VENUE_ENDS = _words(
    "广场 街 大街 路 大道 开发区 园区 工业园 公园 中心 馆 厅 体育场 球场 剧场 会场 机场 站 "
    "码头 大厦 大楼 酒店 宾馆 景区 剧院 礼堂 社区 小区"
)
# Common one-character surnames: jieba often cuts a name after one (何|俊杰, 邱|海峰).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤屠倪俞楼应邬施虞"
)
# Joins the parts of a transliterated name: 约翰·白朗宁 (NFKC keeps each of them).
NAME_DOTS = "·•・‧∙"
# Before a date of another sentence's year: "同年11月9日" is not completed.
OTHER_YEAR_WORDS = _words("同年 当年 次年 翌年 该年 是年 那年 前一年 后一年")
