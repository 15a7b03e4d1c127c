"""One writer at a time in an index folder, across processes: an advisory file lock.

`python -m bot index` and a running bot (watcher, /reload, feeds) may update the same saved
index at once. Each reads the manifest, writes a part and then a new manifest; without a
lock the manifest written last would win and the other's part be removed as unnamed. The
second writer waits instead, then finds the first one's commit and builds on it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: there, updates are not serialised
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)
LOCK_NAME = "writer.lock"


@contextlib.contextmanager
def writer(folder: Path) -> Iterator[None]:
    """Hold the folder's writer lock; a folder that cannot be written goes unlocked (its
    index cannot be saved either: the engine is served from memory)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_NAME, "a+b")  # noqa: SIM115 - closed below
    except OSError as exc:
        logger.debug("no writer lock in %s: %s", folder, exc)
        yield
        return
    with handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)  # waits for the other writer; released on close
        yield
