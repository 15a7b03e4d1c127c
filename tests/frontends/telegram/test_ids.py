"""How an operator learns the ids for telegram.admin_ids and telegram.allowed_groups."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from botapi_standin import Standin, group, private


def _replies(standin: Standin, chat_id: int, count: int = 1) -> list[dict[str, Any]]:
    standin.wait_for(lambda sent: len([m for m in sent if m["chat"]["id"] == chat_id]) >= count)
    return standin.to_chat(chat_id)


def test_id_in_a_private_chat_tells_the_user_id(standin: Standin, start_bot: Any) -> None:
    start_bot()
    standin.message(private(801), 801, "/id")
    (reply,) = _replies(standin, 801)
    assert reply["text"] == "你的用户 id：801（telegram.admin_ids 用）"


def test_id_in_a_group_tells_the_user_and_the_group(standin: Standin, start_bot: Any) -> None:
    start_bot()
    standin.message(group(-100333), 802, f"/id@{standin.username}")
    (reply,) = _replies(standin, -100333)
    assert reply["text"].splitlines() == [
        "你的用户 id：802（telegram.admin_ids 用）",
        "本群 id：-100333（telegram.allowed_groups 用）",
    ]


def test_a_group_off_the_allowlist_is_logged_once_with_its_id(
    standin: Standin, start_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    start_bot(allowed_groups=[-100111])
    for _ in range(2):
        standin.message(group(-100444), 803, "/id")

    def logged() -> list[str]:
        return [r.getMessage() for r in caplog.records if "-100444" in r.getMessage()]

    deadline = time.monotonic() + 10
    while not logged() and time.monotonic() < deadline:
        time.sleep(0.05)
    standin.message(private(803), 803, "/id")  # served: the bot is still running
    _replies(standin, 803)
    time.sleep(0.3)  # time for the second group update to be (not) logged
    assert logged() == ["group -100444 is not in telegram.allowed_groups; staying silent"]
    assert standin.to_chat(-100444) == []
