"""A local stand-in of the Telegram Bot API, served over real HTTP on 127.0.0.1.

Tests push updates in and read what the bot sent; faults (429, 403, the server going away)
can be injected. Only what the bot uses is implemented, with Telegram's checks and errors.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

LIMIT = 4096
_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_TOKEN = re.compile(
    r"<(/?)([a-zA-Z-]+)((?:\s[^<>]*)?)>|&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<>&]"
)
_STRINGS = {
    "text",
    "parse_mode",
    "callback_query_id",
    "inline_query_id",
    "url",
    "secret_token",
    "inline_message_id",
    "next_offset",
    "caption",
}


class BadRequest(Exception):
    def __init__(self, description: str, code: int = 400, retry_after: int | None = None):
        super().__init__(description)
        self.description, self.code, self.retry_after = description, code, retry_after


def parse_html(text: str) -> str:
    """Visible text of Telegram HTML, or BadRequest as Telegram words it."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        if m.group(2):
            closing, tag = m.group(1) == "/", m.group(2).lower()
            if tag not in _TAGS:
                raise BadRequest(
                    f"Bad Request: can't parse entities: Unsupported start tag "
                    f'"{tag}" at byte offset {m.start()}'
                )
            if closing:
                if not stack or stack.pop() != tag:
                    raise BadRequest(
                        "Bad Request: can't parse entities: Unmatched end tag at "
                        f'byte offset {m.start()}, expected "</{tag}>"'
                    )
            else:
                stack.append(tag)
        elif m.group(4):
            out.append(unescape(m.group(0)))
        else:
            raise BadRequest(
                "Bad Request: can't parse entities: Unexpected character "
                f"{m.group(0)!r} at byte offset {m.start()}"
            )
    out.append(text[pos:])
    if stack:
        raise BadRequest(
            f"Bad Request: can't parse entities: Can't find end tag corresponding "
            f'to start tag "{stack[-1]}"'
        )
    return "".join(out)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


@dataclass
class Fault:
    method: str
    code: int
    description: str
    retry_after: int | None = None
    times: int = 1


@dataclass
class Standin:
    """The fake Bot API. `sent` holds every delivered message, `calls` every request."""

    token: str
    username: str = "NewsQABot"
    bot_id: int = 777000111
    port: int = 0
    updates: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any], int]] = field(default_factory=list)  # method, args, code
    inline_answers: list[dict[str, Any]] = field(default_factory=list)
    callback_answers: list[dict[str, Any]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    faults: list[Fault] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cond = threading.Condition()
        self.down = False
        self._next_update = 1
        self._next_message = 1000
        self._server: ThreadingHTTPServer | None = None
        self._connections: set[Any] = set()

    # ---- life cycle -------------------------------------------------------------------
    def start(self) -> Standin:
        standin = self

        class Handler(_Handler):
            api = standin

        server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        with self.cond:
            self.down = False
        return self

    def stop(self) -> None:
        """Go away: close the listening socket and every open connection."""
        with self.cond:
            self.down = True
            self.cond.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        for conn in list(self._connections):
            try:
                conn.shutdown(2)
            except OSError:
                pass

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # ---- what tests do ----------------------------------------------------------------
    def push(self, kind: str, payload: dict[str, Any]) -> int:
        with self.cond:
            uid = self._next_update
            self._next_update += 1
            self.updates.append({"update_id": uid, kind: payload})
            self.cond.notify_all()
        return uid

    def message(
        self, chat: dict[str, Any], user_id: int, text: str, reply_to: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """Push a text message; commands and @mentions get their entities as Telegram sets them."""
        with self.cond:
            self._next_message += 1
            mid = self._next_message
        msg: dict[str, Any] = {
            "message_id": mid,
            "date": int(time.time()),
            "chat": chat,
            "from": user(user_id),
            "text": text,
        }
        entities = []
        command = re.match(r"/[A-Za-z_]+(?:@\w+)?", text)
        if command:
            entities.append({"type": "bot_command", "offset": 0, "length": len(command.group())})
        for m in re.finditer(r"@\w+", text):
            if not command or m.start() >= command.end():
                entities.append(
                    {
                        "type": "mention",
                        "offset": utf16(text[: m.start()]),
                        "length": utf16(m.group()),
                    }
                )
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = reply_to
        self.push("message", msg)
        return msg

    def fail(
        self,
        method: str,
        code: int,
        description: str,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        with self.cond:
            self.faults.append(Fault(method, code, description, retry_after, times))

    def wait_for(
        self, predicate: Callable[[list[dict[str, Any]]], bool], timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """Wait until `predicate(sent)` holds; return a snapshot of `sent`."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate(self.sent):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out; sent so far: {self.sent[-5:]}")
                self.cond.wait(min(left, 0.1))
            return list(self.sent)

    def to_chat(self, chat_id: int) -> list[dict[str, Any]]:
        with self.cond:
            return [m for m in self.sent if m["chat"]["id"] == chat_id]

    def answered(self, method: str) -> list[tuple[str, dict[str, Any], int]]:
        with self.cond:
            return [c for c in self.calls if c[0] == method]

    # ---- the API ----------------------------------------------------------------------
    def call(self, method: str, params: dict[str, Any]) -> Any:
        with self.cond:
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.times -= 1
                    raise BadRequest(fault.description, fault.code, fault.retry_after)
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            raise BadRequest("Not Found", 404)
        return handler(params)

    def api_getMe(self, p: dict[str, Any]) -> Any:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "News QA",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def api_getUpdates(self, p: dict[str, Any]) -> Any:
        offset, timeout = int(p.get("offset") or 0), float(p.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self.cond:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
            while not self.updates and not self.down and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            if self.down:
                raise ConnectionAbortedError("going away")
            return self.updates[: int(p.get("limit") or 100)]

    def api_sendMessage(self, p: dict[str, Any]) -> Any:
        chat_id = int(p["chat_id"])
        if chat_id in self.blocked:
            raise BadRequest("Forbidden: bot was blocked by the user", 403)
        return self._deliver("sendMessage", chat_id, p)

    def api_editMessageText(self, p: dict[str, Any]) -> Any:
        return self._deliver("editMessageText", int(p["chat_id"]), p, int(p["message_id"]))

    def _deliver(
        self, method: str, chat_id: int, p: dict[str, Any], message_id: int | None = None
    ) -> Any:
        text = str(p.get("text", ""))
        plain = parse_html(text) if p.get("parse_mode") == "HTML" else text
        if not plain.strip():
            raise BadRequest("Bad Request: message text is empty")
        if utf16(plain) > LIMIT:
            raise BadRequest("Bad Request: message is too long")
        reply = p.get("reply_parameters") or {}
        with self.cond:
            if message_id is None:
                self._next_message += 1
                message_id = self._next_message
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
            record = {
                "method": method,
                "message_id": message_id,
                "chat": chat,
                "html": text,
                "text": plain,
                "reply_to": reply.get("message_id"),
                "reply_markup": p.get("reply_markup"),
                "at": time.monotonic(),
            }
            self.sent.append(record)
            self.cond.notify_all()
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": {
                "id": self.bot_id,
                "is_bot": True,
                "first_name": "News QA",
                "username": self.username,
            },
            "text": plain,
            **({"reply_markup": p["reply_markup"]} if p.get("reply_markup") else {}),
        }

    def api_answerInlineQuery(self, p: dict[str, Any]) -> Any:
        results = p.get("results") or []
        if len(results) > 50:
            raise BadRequest("Bad Request: RESULTS_TOO_MUCH")
        for r in results:
            parse_html(r["input_message_content"]["message_text"])
        with self.cond:
            self.inline_answers.append(p)
            self.cond.notify_all()
        return True

    def api_answerCallbackQuery(self, p: dict[str, Any]) -> Any:
        with self.cond:
            self.callback_answers.append(p)
            self.cond.notify_all()
        return True

    def api_setMyCommands(self, p: dict[str, Any]) -> Any:
        with self.cond:
            self.commands = list(p.get("commands") or [])
        return True

    def api_deleteWebhook(self, p: dict[str, Any]) -> Any:
        return True

    def api_setWebhook(self, p: dict[str, Any]) -> Any:
        return True

    def api_getWebhookInfo(self, p: dict[str, Any]) -> Any:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def api_close(self, p: dict[str, Any]) -> Any:
        return True

    def api_logOut(self, p: dict[str, Any]) -> Any:
        return True


def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


def private(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}


def group(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": f"Group{chat_id}"}


class _Handler(BaseHTTPRequestHandler):
    api: Standin
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def setup(self) -> None:
        super().setup()
        self.api._connections.add(self.connection)

    def finish(self) -> None:
        self.api._connections.discard(self.connection)
        super().finish()

    def do_POST(self) -> None:
        m = re.fullmatch(r"/bot([^/]+)/(\w+)", self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not m or m.group(1) != self.api.token:
            return self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = m.group(2)
        params = _params(body, self.headers.get("Content-Type") or "")
        try:
            result = self.api.call(method, params)
        except ConnectionAbortedError:
            self.close_connection = True
            return
        except BadRequest as exc:
            payload: dict[str, Any] = {
                "ok": False,
                "error_code": exc.code,
                "description": exc.description,
            }
            if exc.retry_after is not None:
                payload["parameters"] = {"retry_after": exc.retry_after}
            self._record(method, params, exc.code)
            return self._reply(exc.code, payload)
        self._record(method, params, 200)
        self._reply(200, {"ok": True, "result": result})

    do_GET = do_POST

    def _record(self, method: str, params: dict[str, Any], status: int) -> None:
        with self.api.cond:
            self.api.calls.append((method, params, status))
            self.api.cond.notify_all()

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        return dict(json.loads(body or b"{}"))
    out: dict[str, Any] = {}
    for key, values in parse_qs(body.decode(), keep_blank_values=True).items():
        value: Any = values[-1]
        if key not in _STRINGS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        out[key] = value
    return out
