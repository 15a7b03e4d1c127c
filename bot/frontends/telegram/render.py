"""Answer → Telegram HTML messages, each within the 4096-character limit, tags never cut."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from telegram import InlineQueryResultArticle, InputTextMessageContent
from telegram.constants import ParseMode

from bot.frontends.render import (
    MAYBE,
    UNAVAILABLE_TEXT,
    answer_line,
    hedge,
    missing_line,
    source_line,
)
from bot.lang.normalize import printable
from bot.model import UNAVAILABLE, Answer, Document, Evidence, Source

LIMIT = 4096  # Telegram's limit on a message's text
_WRAP = {
    "plain": ("", ""),
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "quote": ("<blockquote>", "</blockquote>"),
}
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
_WEB = re.compile(r"https?://[^\s<>\"]+\Z")
_MAX_URL = 2048  # a longer link would crowd the message; the source line goes plain

Block = tuple[str, str]  # (kind, plain text); kind "html": short, already formatted

REFUSAL = "文章中没有找到答案。我只回答已收录文章里的问题，用 /sources 查看有哪些文章。"
APOLOGY = "抱歉，处理这条消息时出了问题。请稍后再试。"
ASK_USAGE = "用法：/ask 问题"
MORE_BUTTON = "更多"
SOURCES_PAGE = 20  # articles per /sources page: one message however long the titles
SOURCES_TITLE = 60  # characters of a title in the list


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean(text: str) -> str:
    """Drop what Telegram cannot carry or should not show (bot.lang.normalize.printable)."""
    return printable(text)


def escape(text: str) -> str:
    """Escape any corpus or user string for HTML parse mode."""
    return html.escape(clean(text), quote=False)


def pack(blocks: Sequence[Block], limit: int = LIMIT) -> list[str]:
    """Format blocks into as few messages as fit, splitting long text at sentence ends first."""
    messages: list[str] = []
    current = ""
    for kind, text in blocks:
        for piece in _pieces(kind, text, limit):
            joined = f"{current}\n{piece}" if current else piece
            if units(joined) <= limit:
                current = joined
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _format(kind: str, text: str) -> str:
    start, end = _WRAP[kind]
    return f"{start}{escape(text)}{end}"


def _pieces(kind: str, text: str, limit: int) -> list[str]:
    """Formatted pieces of one block, each within the limit."""
    if kind == "html":
        return [text]
    out: list[str] = []
    current = ""
    for part in _split(text, kind, limit):
        if current and units(_format(kind, current + part)) > limit:
            out.append(_format(kind, current))
            current = part
        else:
            current += part
    if current:
        out.append(_format(kind, current))
    return out


def _split(text: str, kind: str, limit: int) -> list[str]:
    """Sentences, then clauses, then plain cuts: every part fits a message on its own."""
    parts: list[str] = []
    for sentence in filter(None, _SENTENCE_END.split(text)):
        if units(_format(kind, sentence)) <= limit:
            parts.append(sentence)
            continue
        for clause in filter(None, _CLAUSE_END.split(sentence)):
            while units(_format(kind, clause)) > limit:
                cut = _longest_fit(clause, kind, limit)
                parts.append(clause[:cut])
                clause = clause[cut:]
            if clause:
                parts.append(clause)
    return parts


def _longest_fit(text: str, kind: str, limit: int) -> int:
    low, high = 1, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if units(_format(kind, text[:mid])) <= limit:
            low = mid
        else:
            high = mid - 1
    return low


def answer_blocks(answer: Answer) -> list[Block]:
    """The blocks of an answer: how it was understood, short answer, evidence, source."""
    blocks: list[Block] = []
    if answer.understood_as:
        blocks.append(("italic", f"（理解为：{answer.understood_as}）"))
    if answer.abstained:
        blocks.append(("plain", UNAVAILABLE_TEXT if answer.reason == UNAVAILABLE else REFUSAL))
        if answer.missing:
            blocks.append(("plain", missing_line(answer)))
        return blocks
    line = answer_line(answer)
    if answer.tentative:  # the fitted confidence is middling: say so, keep the evidence
        said = hedge(answer, line)
        blocks.append(("italic", f"{said}：" if said == MAYBE else said))
    blocks.append(("bold", line))
    if answer.sentence:
        blocks.append(("quote", answer.sentence))
    if answer.source:
        blocks.append(source_block(answer.source))
    return blocks


def answer_messages(answer: Answer) -> list[str]:
    """The reply to a question: one message, or several split at sentence ends."""
    return pack(answer_blocks(answer))


def alternatives_messages(answer: Answer) -> list[str]:
    """The "更多" reply: the other candidate sentences with their sources."""
    if not answer.alternatives:
        return [escape("没有其他候选答案。")]
    blocks: list[Block] = [("bold", "其他可能的答案：")]
    for alt in answer.alternatives:
        blocks.extend(evidence_blocks(alt))
    return pack(blocks)


def evidence_blocks(evidence: Evidence) -> list[Block]:
    return [("quote", evidence.sentence), source_block(evidence.source)]


def source_block(source: Source) -> Block:
    """ "—— paper date《title》", the title linking to the article's web page when it has one."""
    line = f"—— {source_line(source)}"
    url = clean(source.url)
    if not _WEB.match(url) or len(url) > _MAX_URL:
        return ("plain", line)
    head, mark, title = line.partition("《")
    return ("html", f'{escape(head)}<a href="{html.escape(url)}">{escape(mark + title)}</a>')


def sources_page(documents: Sequence[Document], page: int) -> tuple[str, int, int]:
    """One page of the /sources list (paper, date and short title of SOURCES_PAGE articles):
    its HTML, the page shown (clamped) and the number of pages."""
    pages = max(1, -(-len(documents) // SOURCES_PAGE))
    page = min(max(page, 1), pages)
    first = (page - 1) * SOURCES_PAGE
    header = f"已收录的文章（{len(documents)} 篇）"
    blocks: list[Block] = [("bold", header + (f"第 {page}/{pages} 页：" if pages > 1 else "："))]
    for i, doc in enumerate(documents[first : first + SOURCES_PAGE], first + 1):
        s = doc.source
        meta = " ".join(p for p in (s.paper, s.date) if p)
        blocks.append(("plain", f"{i}. {meta}《{clip(s.title, SOURCES_TITLE)}》"))
    return pack(blocks)[0], page, pages


def start_message(examples: Sequence[str]) -> str:
    """The /start welcome with example questions."""
    blocks: list[Block] = [
        ("bold", "你好！我根据已收录的新闻文章回答问题。"),
        ("plain", "直接发问题给我就行，例如："),
    ]
    blocks.extend(("plain", f"• {q}") for q in examples)
    blocks.append(("plain", "/help 查看用法，/sources 查看文章列表。"))
    return pack(blocks)[0]


def ask_usage(examples: Sequence[str]) -> str:
    """How to use /ask, with one of the corpus's example questions when there is one."""
    return f"{ASK_USAGE}\n例如：/ask {examples[0]}" if examples else ASK_USAGE


def ask_hint(examples: Sequence[str]) -> str:
    """The inline-mode help entry's title."""
    return f"输入问题，例如：{examples[0]}" if examples else "输入一个关于新闻的问题"


def ids_message(user_id: int, group_id: int | None) -> str:
    """The /id reply: the ids an operator puts into telegram.admin_ids and allowed_groups."""
    blocks: list[Block] = [("plain", f"你的用户 id：{user_id}（telegram.admin_ids 用）")]
    if group_id is not None:
        blocks.append(("plain", f"本群 id：{group_id}（telegram.allowed_groups 用）"))
    return pack(blocks)[0]


def help_message(username: str) -> str:
    """The /help text: how to ask in private chats, groups and inline."""
    return pack(
        [
            ("bold", "用法"),
            ("plain", "私聊：直接发送问题。"),
            ("plain", f"群组：/ask 问题，回复我的消息，或提到 @{username}。"),
            ("plain", f"任何聊天中输入 @{username} 问题，可以直接插入答案。"),
            ("plain", "几分钟内的简短追问（如“那宁波呢？”“哪一年？”）会结合你上一个问题理解。"),
            ("plain", "答案下的“更多”按钮显示其他候选句子。"),
            ("plain", "/sources 文章列表 · /start 示例问题"),
        ]
    )[0]


def clip(text: str, size: int = 60) -> str:
    """A single-line preview of at most `size` characters."""
    text = " ".join(clean(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def inline_results(answer: Answer) -> list[InlineQueryResultArticle]:
    """Inline-mode results: the answer, then its alternatives."""
    if answer.abstained and answer.reason == UNAVAILABLE:
        text = UNAVAILABLE_TEXT
        return [article("unavailable", "检索服务暂时不可用", text, escape(text))]
    if answer.abstained:
        return [article("refused", "没有找到答案", REFUSAL, escape(REFUSAL))]
    title = clip(answer.answer or answer.sentence or "")
    source = source_line(answer.source) if answer.source else ""
    out = [article("0", title, source, answer_messages(answer)[0])]
    for i, alt in enumerate(answer.alternatives[:4], 1):
        out.append(
            article(
                str(i),
                clip(alt.sentence),
                source_line(alt.source),
                pack(evidence_blocks(alt))[0],
            )
        )
    return out


def article(rid: str, title: str, description: str, html: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        rid,
        title,
        InputTextMessageContent(html, parse_mode=ParseMode.HTML),
        description=clip(description, 100),
    )
