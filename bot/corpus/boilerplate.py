"""Page furniture that is text but not news: bylines, photo credits, ads, slogans, page indexes.

Such lines stay in the index (a question may well ask who took a photo); this only says
which sentences are not worth offering as further reading.
"""

from __future__ import annotations

import re

_CJK = r"[\u3400-\u9fff]"
_BYLINE = re.compile(
    rf"^[(（]?(?:本报|本刊)?(?:记者|通讯员|实习生|编辑|责任编辑|责编|校对|摄影|供图)"
    rf"[\s:：/]*{_CJK}{{2,4}}(?:[\s、,，]+{_CJK}{{2,4}})*(?:\s*摄)?[)）]?$"
)
_PHOTO = re.compile(r"摄$|供图|图片来源|图为|资料图|摄影[:：]")
_ADVERT = re.compile(
    r"热线|咨询电话|联系电话|联系人|扫码|二维码|订阅|征订|订价|招生|报名电话|广告|"
    r"www\.|https?://|\d{7,}|版权所有"
)
_FURNITURE = re.compile(r"^(?:稿源|来源|编辑|责任编辑)\s*[:：]|^\S{2,6}\s*\d{1,2}\s*版$|^第\d+期$")
_PROSE = re.compile(r"[，,。！!？?；;]")  # a heading, masthead or ad line has none of these
_WORDS = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
MIN_CHARS = 10  # a "sentence" shorter than this says too little on its own


def is_credit(line: str) -> bool:
    """True for a credit or source line (记者 张三, 张三 摄, 稿源: 宁波日报): short and without
    prose like a headline, but naming who made the page, not what it is about."""
    text = line.strip()
    return bool(_BYLINE.match(text) or _PHOTO.search(text)) or is_furniture(text)


def is_furniture(line: str) -> bool:
    """True for a source or page line (稿源: 宁波日报 …, 要闻 3版, 第12期): it names the page,
    never a fact of the news."""
    return bool(_FURNITURE.search(line.strip()))


def is_boilerplate(sentence: str) -> bool:
    """True for bylines, photo credits, adverts, slogans, page furniture and bare headings."""
    text = sentence.strip()
    if len(_WORDS.findall(text)) < MIN_CHARS or not _PROSE.search(text):
        return True
    if "·" in text and not re.search(r"[，,]", text):  # 永康·质量让生活更美好。
        return True
    return is_credit(text) or bool(_ADVERT.search(text))
