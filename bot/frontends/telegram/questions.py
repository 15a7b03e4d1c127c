"""Question handlers: private messages, group mentions and replies, inline queries and the
"更多" button. Answering runs off the event loop (BotState.answer); replies go through the
outbox in each chat's order."""

from __future__ import annotations

from functools import partial

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    MessageEntity,
    Update,
)
from telegram.constants import ParseMode

from bot.frontends.telegram import render as tr
from bot.frontends.telegram.flood import Verdict
from bot.frontends.telegram.replies import (
    Context,
    admitted,
    flood_notice,
    queue,
    send,
    state_of,
)
from bot.frontends.telegram.state import MORE_KEY


async def private(update: Update, context: Context) -> None:
    if update.effective_message and update.effective_message.text:
        await respond(update, context, update.effective_message.text)


async def group(update: Update, context: Context) -> None:
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
        if await admitted(update, context):
            await usage(update, context)
        return
    await respond(update, context, question)


async def usage(update: Update, context: Context) -> None:
    """The hint for /ask without a question."""
    if update.effective_message is not None:
        hint = tr.escape(tr.ask_usage(state_of(context).examples))
        await send(context, update.effective_message, [hint])


async def respond(update: Update, context: Context, text: str, checked: bool = False) -> None:
    """Flood check, then answer in this chat's order, split and with a "更多" button."""
    state = state_of(context)
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    if not checked and not await admitted(update, context):
        return
    async with state.chat_locks.hold(chat.id):
        answer = await state.ask(chat.id, user.id, text)
        if answer is None:  # the budget ran out while this question waited its turn
            if state.flood.refuse(user.id) is Verdict.WARN:
                notice = flood_notice(state.wait_seconds(user.id))
                queue(state, message, [tr.escape(notice)], quote=True)
            return
        messages = tr.answer_messages(answer)
        markup = None
        if answer.alternatives:
            key = state.remember(answer, messages[-1], chat.id, user.id)
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(tr.MORE_BUTTON, callback_data=f"more:{key}")]]
            )
        queue(state, message, messages, quote=True, markup=markup)


async def more(update: Update, context: Context) -> None:
    """The "更多" button: add the alternatives under the answer, for whoever asked only."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    key = (query.data or "").removeprefix("more:")
    if not MORE_KEY.fullmatch(key):  # not a key this bot made: ignored without a word
        await query.answer()
        return
    if not await admitted(update, context):
        return
    state = state_of(context)
    chat_id = query.message.chat.id
    kept = state.recall(key, chat_id, query.from_user.id)
    if kept is None:
        await query.answer("这条答案已过期，或不是你的提问。")
        return
    await query.answer()
    extra = tr.alternatives_messages(kept.answer)
    joined = f"{kept.shown}\n\n{extra[0]}"
    edited = joined if tr.units(joined) <= tr.LIMIT else kept.shown
    if edited is joined:
        extra = extra[1:]
    async with state.chat_locks.hold(chat_id):
        state.outbox.put(
            chat_id,
            lambda: query.edit_message_text(edited, parse_mode=ParseMode.HTML),
            "edit",
        )
        for html in extra:
            state.outbox.put(
                chat_id, partial(context.bot.send_message, chat_id, html, parse_mode=ParseMode.HTML)
            )


async def inline(update: Update, context: Context) -> None:
    """Inline mode: up to five answers to insert into any chat; an empty query gets help.

    A client sends a query per keystroke and shows only the answer to the latest. So each
    user has one handler answering at a time: a query arriving meanwhile waits in its place
    (replacing any older waiting one) and that handler answers it next, while the newer
    query's own handler returns at once and frees its slot for other users' updates.
    """
    query = update.inline_query
    if query is None:
        return
    text = tr.clean(query.query).strip()
    state = state_of(context)
    user_id = query.from_user.id
    if not text:
        await query.answer([_help_result(context)], cache_time=30, is_personal=True)
        return
    if state.admit(user_id, inline=True) is not Verdict.ALLOW:
        await _flood_result(query, state.wait_seconds(user_id, inline=True))
        return
    pending = state.inline_pending
    if user_id in pending:
        pending[user_id] = (query, text)
        return
    pending[user_id] = None
    try:
        while True:
            answer = await state.answer(user_id, text)
            if answer is None:
                await _flood_result(query, state.wait_seconds(user_id, inline=True))
            else:
                await query.answer(tr.inline_results(answer)[:5], cache_time=30, is_personal=True)
            waiting = pending.get(user_id)
            if waiting is None:
                return
            pending[user_id] = None
            query, text = waiting
    finally:
        del pending[user_id]


def _help_result(context: Context) -> InlineQueryResultArticle:
    return tr.article(
        "help",
        tr.ask_hint(state_of(context).examples),
        "我会从已收录的新闻文章里找答案",
        tr.help_message(context.bot.username),
    )


async def _flood_result(query: InlineQuery, seconds: float) -> None:
    notice = flood_notice(seconds)
    await query.answer(
        [tr.article("flood", notice, "", tr.escape(notice))], cache_time=0, is_personal=True
    )
