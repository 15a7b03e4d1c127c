"""The Telegram front end (python-telegram-bot v22)."""

import os

# python-telegram-bot reads periods (RetryAfter.retry_after) as datetime.timedelta from its
# next major version on, and warns on every 429 until a program opts in. This code reads
# both forms (startup, outbox), so it opts in; PTB_TIMEDELTA=false in the environment wins.
os.environ.setdefault("PTB_TIMEDELTA", "1")
