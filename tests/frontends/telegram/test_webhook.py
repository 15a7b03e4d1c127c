"""Webhook mode: the bot registers its URL and answers updates POSTed to it with the secret."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any

from botapi_standin import Standin, private, user

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:  # the webhook server is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_webhook_mode_answers_posted_updates_and_checks_the_secret(
    standin: Standin, start_bot: Any
) -> None:
    port = free_port()
    # Telegram calls the public https:// URL; the proxy in front forwards plain HTTP here.
    url = f"https://bot.example.org:{port}/newsqa"
    local = f"http://127.0.0.1:{port}/newsqa"
    start_bot(webhook=True, webhook_port=port, webhook_url=url, webhook_secret=SECRET)
    with standin.cond:
        assert standin.cond.wait_for(lambda: bool(standin.answered("setWebhook")), timeout=10)
    (registered,) = [c[1] for c in standin.answered("setWebhook")]
    assert registered["url"] == url and registered["secret_token"] == SECRET
    message = {
        "message_id": 5,
        "date": int(time.time()),
        "chat": private(801),
        "from": user(801),
        "text": "瓯江大桥全长多少？",
    }
    assert post(local, {"update_id": 1, "message": message}, secret="wrong") == 403
    assert post(local, {"update_id": 2, "message": message}, secret=SECRET) == 200
    standin.wait_for(lambda sent: any(m["chat"]["id"] == 801 for m in sent))
    (reply,) = standin.to_chat(801)
    assert "<b>1.2公里</b>" in reply["html"] and reply["reply_to"] == 5


def test_webhook_without_a_secret_registers_a_random_one_and_rejects_forged_updates(
    standin: Standin, start_bot: Any
) -> None:
    port = free_port()
    local = f"http://127.0.0.1:{port}/newsqa"
    start_bot(webhook=True, webhook_port=port, webhook_url="https://bot.example.org/newsqa")
    with standin.cond:
        assert standin.cond.wait_for(lambda: bool(standin.answered("setWebhook")), timeout=10)
    (registered,) = [c[1] for c in standin.answered("setWebhook")]
    secret = registered.get("secret_token") or ""
    assert len(secret) >= 32 and set(secret) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    )
    admin = {
        "message_id": 6,
        "date": int(time.time()),
        "chat": private(4242),
        "from": user(4242),  # claims to be the admin of telegram_runner
        "text": "/reload",
        "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
    }
    assert post(local, {"update_id": 1, "message": admin}, secret=None) == 403
    assert post(local, {"update_id": 2, "message": admin}, secret="guess") == 403
    time.sleep(0.3)
    assert standin.to_chat(4242) == []
