"""Telegram handlers: thin translations between updates and the QA service."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from typing import Protocol

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageEntity,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.frontends.telegram import render as tr
from bot.frontends.telegram.flood import Verdict
from bot.frontends.telegram.state import BotState
from bot.index.snapshot import Engine

logger = logging.getLogger(__name__)

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
Context = ContextTypes.DEFAULT_TYPE


class Reloading(Protocol):
    on_swap: list[Callable[[Engine], None]]  # called after each successful swap

    def reload(self) -> str: ...


def register(app: Application) -> None:
    """Add every handler, the access gate first and the error handler last."""
    app.add_handler(TypeHandler(Update, _gate), group=-1)
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CommandHandler("help", _help))
    app.add_handler(CommandHandler("sources", _sources))
    app.add_handler(CommandHandler("ask", _ask))
    app.add_handler(CommandHandler("reload", _reload))
    app.add_handler(CommandHandler("stats", _stats))
    app.add_handler(CommandHandler("id", _id))
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & text, _private))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & text, _group))
    app.add_handler(InlineQueryHandler(_inline))
    app.add_handler(CallbackQueryHandler(_more, pattern=r"^more:"))
    app.add_error_handler(_on_error)


def _state(context: Context) -> BotState:
    state: BotState = context.bot_data["state"]
    return state


async def _gate(update: Update, context: Context) -> None:
    """Stay silent in groups that are not on the allowlist (when there is one)."""
    allowed = _state(context).config.telegram.allowed_groups
    chat = update.effective_chat
    if allowed and chat is not None and chat.type in GROUPS and chat.id not in allowed:
        ignored: set[int] = context.bot_data.setdefault("ignored_groups", set())
        if chat.id not in ignored:  # once per group: the operator's way to learn its id
            ignored.add(chat.id)
            logger.warning("group %s is not in telegram.allowed_groups; staying silent", chat.id)
        raise ApplicationHandlerStop


async def _start(update: Update, context: Context) -> None:
    if update.effective_message:
        await update.effective_message.reply_html(tr.start_message(_state(context).examples))


async def _help(update: Update, context: Context) -> None:
    if update.effective_message:
        await update.effective_message.reply_html(tr.help_message(context.bot.username))


async def _sources(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    for html in tr.sources_messages(_state(context).qa.engine.documents):
        await message.reply_html(html)


async def _ask(update: Update, context: Context) -> None:
    message = update.effective_message
    question = " ".join(context.args or []).strip()
    if message is None:
        return
    if not question:
        await message.reply_html(tr.escape(tr.ask_usage(_state(context).examples)))
        return
    await _respond(update, context, question)


async def _private(update: Update, context: Context) -> None:
    if update.effective_message and update.effective_message.text:
        await _respond(update, context, update.effective_message.text)


async def _group(update: Update, context: Context) -> None:
    """Answer replies to the bot and mentions of it; ignore all other group chatter."""
    message = update.effective_message
    if message is None or not message.text:
        return
    me = f"@{context.bot.username}".lower()
    mentions = [
        t for t in message.parse_entities([MessageEntity.MENTION]).values() if t.lower() == me
    ]
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    if not mentions and not to_bot:
        return
    question = message.text
    for mention in mentions:
        question = question.replace(mention, " ")
    question = question.strip()
    if not question:
        await _ask(update, context)
        return
    await _respond(update, context, question)


async def _respond(update: Update, context: Context, text: str) -> None:
    """Flood check, then answer in this chat's order, split and with a "更多" button."""
    state = _state(context)
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    verdict = state.flood.check(user.id)
    if verdict is Verdict.DROP:
        return
    async with state.lock(chat.id):
        if verdict is Verdict.WARN:  # in the lock too, so the notice follows earlier answers
            wait = math.ceil(state.flood.wait_seconds(user.id))
            await message.reply_text(f"提问太频繁了，请 {wait} 秒后再问。", do_quote=True)
            return
        answer = state.ask(chat.id, user.id, text)
        messages = tr.answer_messages(answer)
        markup = None
        if answer.alternatives:
            key = state.remember(answer, messages[-1])
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(tr.MORE_BUTTON, callback_data=f"more:{key}")]]
            )
        for i, html in enumerate(messages):
            last = i == len(messages) - 1
            await message.reply_html(html, do_quote=i == 0, reply_markup=markup if last else None)


async def _more(update: Update, context: Context) -> None:
    """The "更多" button: add the alternatives under the answer."""
    query = update.callback_query
    if query is None:
        return
    key = (query.data or "").removeprefix("more:")
    stored = _state(context).answers.get(int(key)) if key.isdigit() else None
    if stored is None:
        await query.answer("这条答案已过期，请重新提问。")
        return
    await query.answer()
    answer, shown = stored
    extra = tr.alternatives_messages(answer)
    joined = f"{shown}\n\n{extra[0]}"
    if tr.units(joined) <= tr.LIMIT:
        await query.edit_message_text(joined, parse_mode=ParseMode.HTML)
        extra = extra[1:]
    else:
        await query.edit_message_text(shown, parse_mode=ParseMode.HTML)
    if query.message is None:
        return
    for html in extra:
        await context.bot.send_message(query.message.chat.id, html, parse_mode=ParseMode.HTML)


async def _inline(update: Update, context: Context) -> None:
    """Inline mode: up to five answers to insert into any chat; an empty query gets help."""
    query = update.inline_query
    if query is None:
        return
    text = tr.clean(query.query).strip()
    state = _state(context)
    if text and state.inline_flood.check(query.from_user.id) is not Verdict.ALLOW:
        wait = math.ceil(state.inline_flood.wait_seconds(query.from_user.id))
        notice = f"提问太频繁了，请 {wait} 秒后再问。"
        await query.answer(
            [tr.article("flood", notice, "", tr.escape(notice))], cache_time=0, is_personal=True
        )
        return
    if not text:
        help_html = tr.help_message(context.bot.username)
        results = [
            tr.article(
                "help",
                tr.ask_hint(state.examples),
                "我会从已收录的新闻文章里找答案",
                help_html,
            )
        ]
    else:
        results = tr.inline_results(state.qa.answer(text))
    await query.answer(results[:5], cache_time=30, is_personal=True)


async def _id(update: Update, context: Context) -> None:
    """/id: the asker's user id and the chat's id, for telegram.admin_ids and allowed_groups."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is not None and user is not None and chat is not None:
        group = chat.id if chat.type in GROUPS else None
        await message.reply_html(tr.ids_message(user.id, group))


async def _admin_only(update: Update, context: Context) -> bool:
    """True for users in telegram.admin_ids; everyone else is told so."""
    user, message = update.effective_user, update.effective_message
    if user is not None and user.id in _state(context).config.telegram.admin_ids:
        return True
    if message is not None:
        await message.reply_text("这个命令只有管理员可以用。")
    return False


async def _reload(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await _admin_only(update, context):
        return
    reloader: Reloading | None = context.bot_data.get("reloader")
    if reloader is None:
        await message.reply_text("这个实例不支持重新加载。")
        return
    status = await asyncio.to_thread(reloader.reload)
    await message.reply_html(tr.escape(str(status)))


async def _stats(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await _admin_only(update, context):
        return
    lines = _state(context).stats_lines()
    await message.reply_html(tr.pack([("plain", line) for line in lines])[0])


async def _on_error(update: object, context: Context) -> None:
    """Log with the traceback and apologise; a blocked chat or a network blip is only noted."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    state = _state(context)
    if isinstance(error, Forbidden):
        state.counts["blocked"] += 1
        logger.warning("chat %s: cannot send (%s); skipped", chat.id if chat else "?", error)
        return
    if update is None and isinstance(error, NetworkError):
        logger.warning("Bot API unreachable, retrying: %s", error)
        return
    state.counts["errors"] += 1
    logger.error("update %s failed", getattr(update, "update_id", "?"), exc_info=error)
    if chat is not None:
        try:
            await context.bot.send_message(chat.id, tr.APOLOGY)
        except TelegramError as exc:
            logger.warning("chat %s: apology not sent: %s", chat.id, exc)
