"""Measure words: the units a number carries, and what each unit and question phrase measures."""

from __future__ import annotations

from bot.lang.lexicon._words import words as _words

# --- measure words -------------------------------------------------------------------------

# Currencies other than the yuan (5000万加元, 30亿越南盾): units of money, written once here.
_OTHER_MONEY = "加元 澳元 新元 韩元 卢布 法郎 马克 越南盾 泰铢 比索 里拉 美金 日圆 加币 澳币"
# Units a number in a sentence may carry (38名, 3个多小时, 18元); matched longest first.
NUMBER_UNITS = _words(
    "个多小时 个小时 个多月 个月 多小时 万元 亿元 元 块 名 人次 人 位 个 盆 次 年 天 小时 分钟 "
    "家 项 所 座 辆 台 吨 公里 千米 米 平方米 亩 户 版 期 件 份 场 届 岁 堂 条 篇 本 张 万 亿 % ％ "
    "公里/小时 千米/小时 平方公里 公顷 海里 毫米 厘米 公斤 千克 个百分点 倍 秒 分 起 处 艘 层 支 "
    "批 套 部 只 架 美元 欧元 英镑 日元 港元 港币 车道 级 个工作日 工作日 个星期 个季度 季度 "
    "单 笔 例 宗 株 棵 号线 毫升 升 立方米 批次 道 度 首 枚 间 页 "
    "千元 百元 台币 新台币 块钱 英里 公尺 英尺 平方千米 平米 克 斤 磅 秒钟 周 星期 多年 周岁 成 "
    "百分点 折 km/h 米/秒 标箱 兆瓦 千瓦 千瓦时 趟 轮 根 盏 箱 幢 栋 班 公厘 km cm mm "
    "对 尾 顶 匹 粒 颗 双 瓶 袋 桶 盒 朵 席 册 集 幅 公分 ℃ " + _OTHER_MONEY
)
# "多少家企业", "几名学员": the measure word a counted answer must then carry. A subset of
# NUMBER_UNITS without time and money (多少天 and 多少元 are not counts of things).
COUNTED_UNITS = _words(
    "个小时 个月 家 名 位 人次 人 个 盆 次 项 所 座 辆 台 吨 户 件 场 届 岁 条 篇 本 张 支 起 处 "
    "艘 批 套 部 只 架 单 笔 例 宗 株 棵 班 对 尾 顶 匹 粒 颗 双 瓶 袋 桶 盒 朵 席 册 幅"
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
    "money": _words(
        "元 万元 亿元 千元 百元 美元 欧元 英镑 日元 港元 港币 台币 新台币 块钱 " + _OTHER_MONEY
    ),
    "length": _words("米 公里 千米 厘米 毫米 海里 英里 公尺 英尺 公厘 公分 km cm mm"),
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
