"""Per-user flood control: a sliding window of requests, a budget of answering time, and one
notice per burst. Users who went quiet are forgotten, so memory follows the active users."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from enum import Enum

SWEEP_EVERY = 1000  # checks between sweeps for users whose window has emptied


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: tell the user once
    DROP = "drop"  # over the limit and already told


class Window:
    """Per key (a user, a chat): (time, amount) entries of the last `window` seconds, summed."""

    def __init__(self, window: float, clock: Callable[[], float]) -> None:
        self.window = window
        self.clock = clock
        self._entries: dict[int, deque[tuple[float, float]]] = {}
        self._sums: dict[int, float] = {}
        self._calls = 0

    def total(self, user_id: int) -> float:
        entries = self._entries.get(user_id)
        if not entries:
            return 0.0
        now = self.clock()
        while entries and entries[0][0] <= now - self.window:
            self._sums[user_id] -= entries.popleft()[1]
        if not entries:
            self._sums[user_id] = 0.0  # no float drift once the window is empty
        return self._sums[user_id]

    def add(self, user_id: int, amount: float) -> None:
        self._entries.setdefault(user_id, deque()).append((self.clock(), amount))
        self._sums[user_id] = self._sums.get(user_id, 0.0) + amount
        self._calls += 1
        if self._calls % SWEEP_EVERY == 0:
            self.sweep()

    def first(self, user_id: int) -> float | None:
        entries = self._entries.get(user_id)
        return entries[0][0] if entries else None

    def sweep(self) -> None:
        """Forget users with nothing left in their window."""
        for user_id in list(self._entries):
            if self.total(user_id) == 0.0 and not self._entries[user_id]:
                del self._entries[user_id], self._sums[user_id]

    def __len__(self) -> int:
        return len(self._entries)


class Budget:
    """Seconds of answering each user may use within `window` seconds, shared by every gate.

    The flood gates count requests; the budget counts what they cost, so the most expensive
    requests sent at the allowed rate still cannot keep the bot busy for everyone.
    """

    def __init__(
        self, seconds: float, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if seconds <= 0 or window <= 0:
            raise ValueError("Budget needs seconds > 0 and window > 0")
        self.seconds = seconds
        self._spent = Window(window, clock)

    def spent(self, user_id: int) -> float:
        return self._spent.total(user_id)

    def exhausted(self, user_id: int) -> bool:
        return self._spent.total(user_id) >= self.seconds

    def charge(self, user_id: int, seconds: float) -> None:
        self._spent.add(user_id, max(seconds, 0.0))

    def wait_seconds(self, user_id: int) -> float:
        first = self._spent.first(user_id)
        if first is None or not self.exhausted(user_id):
            return 0.0
        return max(0.0, first + self._spent.window - self._spent.clock())

    def __len__(self) -> int:
        return len(self._spent)


class FloodGate:
    """Allow `limit` requests per user within `window` seconds (and, with a budget, only while
    the user's answering time lasts); never blocks anyone else."""

    def __init__(
        self,
        limit: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        budget: Budget | None = None,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("FloodGate needs limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self.clock = clock
        self.budget = budget
        self._asked = Window(window, clock)
        self._warned_until: dict[int, float] = {}
        self._checks = 0
        self.throttled = 0

    def check(self, user_id: int) -> Verdict:
        """Record a request from `user_id` and say whether to serve it."""
        self._checks += 1
        if self._checks % SWEEP_EVERY == 0:
            now = self.clock()
            self._warned_until = {u: t for u, t in self._warned_until.items() if t > now}
        over_budget = self.budget is not None and self.budget.exhausted(user_id)
        if self._asked.total(user_id) < self.limit and not over_budget:
            self._asked.add(user_id, 1.0)
            return Verdict.ALLOW
        return self.refuse(user_id)

    def refuse(self, user_id: int) -> Verdict:
        """Count a refused request: WARN the first time in a burst, DROP after that."""
        now = self.clock()
        self.throttled += 1
        if self._warned_until.get(user_id, 0.0) > now:
            return Verdict.DROP
        self._warned_until[user_id] = now + self.wait_seconds(user_id)
        return Verdict.WARN

    def wait_seconds(self, user_id: int) -> float:
        """How long until `user_id` may ask again."""
        wait = 0.0
        first = self._asked.first(user_id)
        if first is not None and self._asked.total(user_id) >= self.limit:
            wait = max(0.0, first + self.window - self.clock())
        if self.budget is not None:
            wait = max(wait, self.budget.wait_seconds(user_id))
        return wait

    def __len__(self) -> int:
        """Users remembered (for tests of pruning)."""
        return len(self._asked) + len(self._warned_until)


class FairTurns:
    """At most `slots` holders at once; when all are taken, the waiting key that has used
    the least lately (`used(key)`) goes next, so a bystander never queues behind an attacker.

    Answering takes one slot, by the users' answering time: it is CPU work under the GIL,
    and every extra answering thread takes time slices from the event loop. The outbox
    takes a few, by the chats' recent messages, ahead of the Bot API's 30 messages a second.
    """

    def __init__(self, used: Callable[[int], float], slots: int = 1) -> None:
        self.used = used
        self.free = slots
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    @asynccontextmanager
    async def turn(self, key: int) -> AsyncIterator[None]:
        if self.free > 0 and not self._waiting:
            self.free -= 1
        else:
            ready = asyncio.get_running_loop().create_future()
            entry = (self.used(key), next(self._order), ready)
            heapq.heappush(self._waiting, entry)
            try:
                await ready
            except asyncio.CancelledError:
                if ready.done() and not ready.cancelled():  # handed a slot, then cancelled
                    self._release()
                else:
                    self._waiting.remove(entry)
                    heapq.heapify(self._waiting)
                raise
        try:
            yield
        finally:
            self._release()

    def _release(self) -> None:
        while self._waiting:
            _, _, ready = heapq.heappop(self._waiting)
            if not ready.done():
                ready.set_result(None)  # the slot passes straight to the next user
                return
        self.free += 1
