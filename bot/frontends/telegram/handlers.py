"""Telegram handlers: commands, the group gate and the error handler; questions, inline
queries and the "更多" button are in `questions`. Every handler passes the flood gate."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden, NetworkError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.frontends.telegram import questions
from bot.frontends.telegram import render as tr
from bot.frontends.telegram.replies import Context, admitted, send, state_of
from bot.index.snapshot import Engine

logger = logging.getLogger(__name__)

GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
__all__ = ["Context", "Reloading", "register"]


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
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & text, questions.private))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & text, questions.group))
    app.add_handler(InlineQueryHandler(questions.inline))
    app.add_handler(CallbackQueryHandler(questions.more, pattern=r"^more:"))
    app.add_handler(CallbackQueryHandler(_sources_page, pattern=r"^sources:"))
    app.add_error_handler(_on_error)


async def _gate(update: Update, context: Context) -> None:
    """Stay silent in groups that are not on the allowlist (when there is one)."""
    allowed = state_of(context).config.telegram.allowed_groups
    chat = update.effective_chat
    if allowed and chat is not None and chat.type in GROUPS and chat.id not in allowed:
        ignored: set[int] = context.bot_data.setdefault("ignored_groups", set())
        if chat.id not in ignored:  # once per group: the operator's way to learn its id
            ignored.add(chat.id)
            logger.warning("group %s is not in telegram.allowed_groups; staying silent", chat.id)
        raise ApplicationHandlerStop


async def _start(update: Update, context: Context) -> None:
    if update.effective_message and await admitted(update, context):
        text = tr.start_message(state_of(context).examples)
        await send(context, update.effective_message, [text])


async def _help(update: Update, context: Context) -> None:
    if update.effective_message and await admitted(update, context):
        await send(context, update.effective_message, [tr.help_message(context.bot.username)])


async def _sources(update: Update, context: Context) -> None:
    """One page of the article list, with buttons to turn pages (`/sources 3` opens page 3)."""
    message = update.effective_message
    if message is None or not await admitted(update, context):
        return
    page = int(context.args[0]) if context.args and context.args[0].isdecimal() else 1
    html, markup = _page(context, page)
    await send(context, message, [html], markup=markup)


async def _sources_page(update: Update, context: Context) -> None:
    """A page button under /sources: the list message shows that page."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    number = (query.data or "").removeprefix("sources:")
    if not (number.isdecimal() and len(number) <= 6):  # not a button this bot made
        await query.answer()
        return
    if not await admitted(update, context):
        return
    await query.answer()
    html, markup = _page(context, int(number))
    state = state_of(context)
    state.outbox.put(
        query.message.chat.id,
        lambda: query.edit_message_text(html, parse_mode=ParseMode.HTML, reply_markup=markup),
        "page",
    )


def _page(context: Context, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    documents = state_of(context).qa.engine.documents
    html, page, pages = tr.sources_page(documents, page)
    buttons = [
        InlineKeyboardButton(label, callback_data=f"sources:{n}")
        for label, n in (("上一页", page - 1), ("下一页", page + 1))
        if 1 <= n <= pages
    ]
    return html, InlineKeyboardMarkup([buttons]) if buttons else None


async def _ask(update: Update, context: Context) -> None:
    question = " ".join(context.args or []).strip()
    if update.effective_message is None or not await admitted(update, context):
        return
    if not question:
        await questions.usage(update, context)
        return
    await questions.respond(update, context, question, checked=True)


async def _id(update: Update, context: Context) -> None:
    """/id: the asker's user id and the chat's id, for telegram.admin_ids and allowed_groups."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None or not await admitted(update, context):
        return
    group = chat.id if chat.type in GROUPS else None
    await send(context, message, [tr.ids_message(user.id, group)])


async def _admin_only(update: Update, context: Context) -> bool:
    """True for users in telegram.admin_ids; everyone else is told so (flood-limited)."""
    user, message = update.effective_user, update.effective_message
    if not await admitted(update, context):
        return False
    if user is not None and user.id in state_of(context).config.telegram.admin_ids:
        return True
    if message is not None:
        await send(context, message, [tr.escape("这个命令只有管理员可以用。")])
    return False


async def _reload(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await _admin_only(update, context):
        return
    reloader: Reloading | None = context.bot_data.get("reloader")
    if reloader is None:
        await send(context, message, [tr.escape("这个实例不支持重新加载。")])
        return
    status = await asyncio.to_thread(reloader.reload)
    await send(context, message, [tr.escape(str(status))])


async def _stats(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await _admin_only(update, context):
        return
    lines = state_of(context).stats_lines()
    await send(context, message, [tr.pack([("plain", line) for line in lines])[0]])


async def _on_error(update: object, context: Context) -> None:
    """Log with the traceback and apologise; a blocked chat or a network blip is only noted."""
    error = context.error
    chat = update.effective_chat if isinstance(update, Update) else None
    state = state_of(context)
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
        chat_id = chat.id
        state.outbox.put(chat_id, lambda: context.bot.send_message(chat_id, tr.APOLOGY), "apology")
