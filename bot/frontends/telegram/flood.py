"""Per-user flood control: a sliding window of questions, one notice per burst."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: tell the user once
    DROP = "drop"  # over the limit and already told


class FloodGate:
    """Allow `limit` questions per user within `window` seconds; never blocks anyone else."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("FloodGate needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self.clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned_until: dict[int, float] = {}
        self.throttled = 0

    def check(self, user_id: int) -> Verdict:
        """Record a question from `user_id` and say whether to answer it."""
        now = self.clock()
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self.window:
            asked.popleft()
        if len(asked) < self.limit:
            asked.append(now)
            return Verdict.ALLOW
        self.throttled += 1
        if self._warned_until.get(user_id, 0.0) > now:
            return Verdict.DROP
        self._warned_until[user_id] = asked[0] + self.window
        return Verdict.WARN

    def wait_seconds(self, user_id: int) -> float:
        """How long until `user_id` may ask again."""
        asked = self._asked.get(user_id)
        if not asked or len(asked) < self.limit:
            return 0.0
        return max(0.0, asked[0] + self.window - self.clock())
