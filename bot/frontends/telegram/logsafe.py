"""Keep the bot token out of logs."""

from __future__ import annotations

import logging


class RedactToken(logging.Filter):
    """Replace the bot token in log records (httpx logs request URLs, which contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__("redact-token")
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = message.replace(self.token, "<token>"), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "<token>")
        return True


# Loggers that write Bot API URLs, which contain the token: httpx per request, PTB's bot on start.
URL_LOGGERS = ("httpx", "httpcore", "telegram.Bot", "telegram.ext.ExtBot")


def redact_token_in(token: str, names: tuple[str, ...] = URL_LOGGERS) -> None:
    """Install (once) a RedactToken filter on the loggers that log request URLs."""
    for name in names:
        log = logging.getLogger(name)
        for old in [f for f in log.filters if isinstance(f, RedactToken)]:
            log.removeFilter(old)
        log.addFilter(RedactToken(token))
