"""How handlers admit a request and send: every command, question and button passes the
user's flood gate first, and every reply goes through the outbox in its chat's order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot.frontends.telegram import render as tr
from bot.frontends.telegram.flood import Verdict
from bot.frontends.telegram.state import BotState

Context = ContextTypes.DEFAULT_TYPE


def state_of(context: Context) -> BotState:
    state: BotState = context.bot_data["state"]
    return state


def flood_notice(seconds: float) -> str:
    return f"提问太频繁了，请 {math.ceil(seconds)} 秒后再问。"


async def admitted(update: Update, context: Context) -> bool:
    """Check the sender's flood gate; over it, say so once (in order) and serve nothing."""
    state, user = state_of(context), update.effective_user
    if user is None:
        return False
    verdict = state.admit(user.id)
    if verdict is Verdict.ALLOW:
        return True
    notice = flood_notice(state.wait_seconds(user.id))
    query = update.callback_query
    if query is not None:  # a button: the notice is a toast, never a message
        await query.answer(notice if verdict is Verdict.WARN else None)
    elif verdict is Verdict.WARN and update.effective_message is not None:
        await send(context, update.effective_message, [tr.escape(notice)], quote=True)
    return False


async def send(
    context: Context,
    message: Message,
    texts: Sequence[str],
    quote: bool | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Queue HTML replies to a message in its chat's order; the last one gets the markup.

    The chat lock is held while queueing, so a reply never overtakes one to an earlier
    question of the same chat that is still being answered.
    """
    state = state_of(context)
    chat_id = message.chat.id
    async with state.chat_locks.hold(chat_id):
        queue(state, message, texts, quote, markup)


def queue(
    state: BotState,
    message: Message,
    texts: Sequence[str],
    quote: bool | None = None,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Queue replies in the outbox (the caller holds the chat lock). `quote` None quotes as
    Telegram's default does (in groups); True quotes the message with the first reply."""
    for i, html in enumerate(texts):
        state.outbox.put(
            message.chat.id,
            partial(
                message.reply_html,
                html,
                do_quote=None if quote is None else quote and i == 0,
                reply_markup=markup if i == len(texts) - 1 else None,
            ),
        )
