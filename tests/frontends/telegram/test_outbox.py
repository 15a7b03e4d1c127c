"""Replies are delayed, not lost: errors and 429s from the Bot API while replies are queued."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from botapi_standin import Standin, private

QUESTIONS = ["瓯江大桥全长多少？", "金政是谁", "永康何时被命名为质量强市示范城市"]


def quick_retries(bot: Any, max_age: float = 600.0) -> None:
    """Retry within tenths of a second (the bot waits seconds), keeping the test short."""
    outbox = bot.state.outbox
    outbox.first_delay, outbox.max_delay, outbox.max_age = 0.05, 0.2, max_age


def ask_all(standin: Standin, uid: int) -> list[int]:
    return [standin.message(private(uid), uid, q)["message_id"] for q in QUESTIONS]


def test_replies_queued_during_an_outage_are_all_delivered_in_order(
    standin: Standin, start_bot: Any
) -> None:
    quick_retries(start_bot())
    standin.fail("sendMessage", 502, "Bad Gateway", times=8)  # most of a second of outage
    asked = ask_all(standin, 901)
    got = standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == 901]) >= 3)
    assert [m["reply_to"] for m in got if m["chat"]["id"] == 901] == asked
    codes = [c[2] for c in standin.answered("sendMessage")]
    assert codes.count(502) == 8 and codes.count(200) == 3


def test_429s_beyond_the_rate_limiters_retries_still_end_in_delivery(
    standin: Standin, start_bot: Any
) -> None:
    quick_retries(start_bot(max_retries=0))  # PTB gives up at once; the outbox does not
    standin.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=1)
    asked = ask_all(standin, 902)
    got = standin.wait_for(
        lambda sent: len([m for m in sent if m["chat"]["id"] == 902]) >= 3, timeout=20
    )
    assert [m["reply_to"] for m in got if m["chat"]["id"] == 902] == asked
    assert [c[2] for c in standin.answered("sendMessage")].count(429) == 1


def test_only_a_reply_older_than_the_bound_is_dropped_and_logged(
    standin: Standin, start_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    bot = start_bot()
    quick_retries(bot, max_age=0.6)
    standin.fail("sendMessage", 500, "Internal Server Error", times=10**6)
    standin.message(private(903), 903, QUESTIONS[0])
    deadline = time.monotonic() + 10
    while not any("dropped" in r.getMessage() for r in caplog.records):
        assert time.monotonic() < deadline, "the old reply was never dropped"
        time.sleep(0.05)
    with standin.cond:
        standin.faults.clear()
    later = standin.message(private(903), 903, QUESTIONS[1])["message_id"]
    (reply,) = standin.wait_for(lambda sent: any(m["chat"]["id"] == 903 for m in sent))
    assert reply["reply_to"] == later and "金政" in reply["text"]
    (line,) = [r.getMessage() for r in caplog.records if "dropped" in r.getMessage()]
    assert line.startswith("chat 903: reply dropped, undelivered for")
    assert bot.state.outbox.dropped == 1


def test_chats_sent_the_least_lately_go_first() -> None:
    """Ten chats that were just sent a burst each queue one more reply; a quiet chat's reply,
    queued last, goes out as soon as a sending slot frees, not after all of theirs."""
    import asyncio

    from bot.frontends.telegram.outbox import IN_FLIGHT, Outbox

    order: list[int] = []

    async def scenario() -> None:
        outbox = Outbox()

        def send(chat: int) -> Any:
            async def go() -> None:
                await asyncio.sleep(0.01)  # the Bot API's round trip
                order.append(chat)

            return go

        for chat in range(10):  # each busy chat was sent five replies a moment ago
            for _ in range(5):
                await outbox.put(chat, send(chat))
        order.clear()
        done = [outbox.put(chat, send(chat)) for chat in range(10)]
        done.append(outbox.put(99, send(99)))  # the quiet chat, last in line
        await asyncio.gather(*done)

    asyncio.run(scenario())
    assert order.index(99) <= IN_FLIGHT, order  # only those already sending went ahead
