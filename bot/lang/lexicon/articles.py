"""Words of the articles: the paper's own city, what frames a question but names no topic,
and the cues in an answer sentence (reasons, posts, bylines, names, venues)."""

from __future__ import annotations

from bot.lang.lexicon._words import words as _words

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
# A demonstrative and a measure word (这轮, 那座, 那天, 这届) point at what the question is about
# without naming it, as the listed 这次 and 这座 do: framing too (question.is_filler).
DEMONSTRATIVES = frozenset("这那此该")
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
# What joins the names of a series into one answer (甲、乙和丙; 甲，乙 where names are listed).
SERIES_JOINERS = _words("和 与 及 以及 、 ， ,")
# What stands before the last item of a list (甲、乙和丙), and what joins the two of a pair or
# the items of a list (洪堡与纽曼, 水圈、生物圈, 甲或乙), longest first.
LAST_JOINERS = frozenset(_words("和 及 与 以及"))
COORDINATORS = _words("以及 和 与 及 、 或 跟")
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
