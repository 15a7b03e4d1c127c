"""Hot reload: rebuild the engine in the background and swap it into the QA service at once.

Questions asked during a rebuild are answered from the old engine (QA reads `qa.engine`
once per question); a failed rebuild keeps the old engine and says why. Triggers: `/reload`
in Telegram (through `status`-returning `reload()`), SIGHUP, and an optional polling watcher.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.config import Config
from bot.corpus.article import CorpusError, article_stats
from bot.index import lock
from bot.index.segments import manifest_check, merge_segments
from bot.index.snapshot import Engine

if TYPE_CHECKING:
    from bot.answer.qa import QA

logger = logging.getLogger(__name__)


class Swappable(Protocol):
    """What the reloader swaps engines in: the QA service."""

    engine: Engine


class Reloader:
    """Rebuild an engine in a background thread and swap it in when it is ready."""

    def __init__(
        self,
        qa: Swappable,
        build: Callable[[], Engine],
        signature: Callable[[], object] | None = None,
    ) -> None:
        self.qa = qa
        self.build = build
        self.signature = signature or (lambda: None)  # cheap fingerprint the watcher polls
        self.on_swap: list[Callable[[Engine], None]] = []  # called after each successful swap
        # Housekeeping after a swap, still in the background thread (merging segments).
        self.after_swap: Callable[[Engine], None] | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False  # a trigger arrived mid-build: build once more afterwards
        self._started = 0.0
        self._swapped_at = time.time()
        self._error: str | None = None
        self._failed_at = 0.0
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._jobs: list[threading.Thread] = []

    @classmethod
    def for_corpus(cls, qa: QA, config: Config, corpus_dir: Path | None = None) -> Reloader:
        """A reloader that rebuilds (or loads) the index of a corpus folder with the QA's tools."""
        folder = corpus_dir or config.corpus_dir

        def build() -> Engine:
            # The QA service owns the one normaliser and tokenizer; the index must match them.
            # The served engine is updated (new articles analysed, removed ones dropped)
            # rather than a second copy read from disk; merging segments waits for the swap.
            return Engine.build(
                config, qa.normalizer, qa.tokenizer, folder, current=qa.engine, merge=False
            )

        reloader = cls(qa, build, lambda: corpus_signature(folder))
        reloader.after_swap = merge_when_due
        return reloader

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def error(self) -> str | None:
        """Why the last rebuild failed, or None if it succeeded."""
        return self._error

    def trigger(self) -> bool:
        """Start a rebuild in the background; True if one started, False if one was running."""
        with self._lock:
            if self.running:
                self._again = True
                return False
            self._started = time.time()
            self._thread = threading.Thread(target=self._run, name="reload", daemon=True)
            self._thread.start()
            return True

    def reload(self, wait: bool = True, timeout: float | None = None) -> str:
        """Rebuild (joining one already running) and return the status line; for /reload."""
        self.trigger()
        if wait:
            self.wait(timeout)
        return self.status()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running rebuild; True when none is running any more."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.running

    def _run(self) -> None:
        while True:
            started = time.perf_counter()
            try:
                engine = self.build()
            except Exception as exc:  # any failure must keep the old engine
                self._error = (
                    f"{type(exc).__name__}: {exc}" if not isinstance(exc, CorpusError) else str(exc)
                )
                self._failed_at = time.time()
                logger.error(
                    "reload failed, keeping the old index: %s",
                    self._error,
                    exc_info=not isinstance(exc, CorpusError | OSError),
                )
            else:
                self.qa.engine = engine  # one assignment: questions see the old or the new
                self._error = None
                self._swapped_at = time.time()
                logger.info(
                    "reloaded %d articles, %d sentences in %.2fs",
                    len(engine.documents),
                    len(engine.sentences),
                    time.perf_counter() - started,
                )
                for callback in list(self.on_swap):
                    try:
                        callback(engine)
                    except Exception:  # a listener must not undo a good swap
                        logger.exception("reload listener failed")
                if self.after_swap is not None:
                    try:
                        self.after_swap(engine)
                    except Exception:  # the swap stands; the next update tries again
                        logger.exception("merging the index segments failed")
            with self._lock:
                if not self._again:
                    return
                self._again = False
                self._started = time.time()

    def status(self) -> str:
        """One human-readable line: what is served, and whether a rebuild runs or failed."""
        engine = self.qa.engine
        serving = (
            f"{len(engine.documents)} articles, {len(engine.sentences)} sentences "
            f"(since {_clock(self._swapped_at)}, "
            f"{'loaded' if engine.loaded else 'built'} in {engine.build_seconds:.1f}s)"
        )
        if self.running:
            return (
                f"rebuilding since {_clock(self._started)} "
                f"({time.time() - self._started:.0f}s); answering from {serving}"
            )
        if self._error:
            return (
                f"reload failed at {_clock(self._failed_at)}: {self._error}; "
                f"still answering from {serving}"
            )
        return f"index: {serving}"

    def install_sighup(self) -> bool:
        """Rebuild on SIGHUP; False where there is no SIGHUP or not on the main thread."""
        main = threading.current_thread() is threading.main_thread()
        if not hasattr(signal, "SIGHUP") or not main:
            return False
        signal.signal(signal.SIGHUP, lambda signum, frame: self.trigger())
        return True

    def watch(self, seconds: float) -> None:
        """Poll the corpus every few seconds and rebuild when its files change (0: off)."""
        if seconds <= 0 or self._watcher is not None:
            return
        # The baseline is taken now, so a change right after watch() returns is seen.
        self._watcher = threading.Thread(
            target=self._poll,
            args=(seconds, self._safe_signature()),
            name="corpus-watch",
            daemon=True,
        )
        self._watcher.start()

    def _poll(self, seconds: float, last: object) -> None:
        while not self._stop.wait(seconds):
            now = self._safe_signature()
            if now != last:
                logger.info("corpus changed; reloading")
                self.trigger()
                last = now

    def every(self, seconds: float, job: Callable[[], bool], name: str) -> None:
        """Run a job now and then every few seconds in the background (0: off); reload when it
        returns True. A failing job is logged and tried again at its next turn."""
        if seconds <= 0:
            return

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    if job():
                        self.trigger()
                except Exception:  # the next turn may succeed; the bot keeps answering
                    logger.exception("%s failed; trying again in %.0fs", name, seconds)
                if self._stop.wait(seconds):
                    return

        thread = threading.Thread(target=loop, name=name, daemon=True)
        self._jobs.append(thread)
        thread.start()

    def _safe_signature(self) -> object:
        try:
            return self.signature()
        except (OSError, CorpusError) as exc:
            return f"unreadable: {exc}"

    def stop(self, timeout: float | None = None) -> None:
        """Stop the watcher and the jobs (a running rebuild finishes on its own)."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout)
            self._watcher = None
        for job in self._jobs:
            job.join(timeout)  # a job mid-round stops after it
        self._jobs.clear()


def merge_when_due(engine: Engine) -> None:
    """Merge the saved index's segments into a new base when they have piled up."""
    catalog = engine.catalog
    if catalog is not None and catalog.merge_due():
        with lock.writer(catalog.folder):
            # Another process may have committed since this engine's update: its engine
            # would then be no longer what is saved, and must not be saved over it.
            if manifest_check(catalog.folder) == catalog.check:
                merge_segments(engine)


def corpus_signature(folder: Path) -> tuple[tuple[str, int | None, int | None], ...]:
    """Names, sizes and modification times of the article files: cheap to poll."""
    return tuple(article_stats(folder))  # polled: the update warns


def _clock(stamp: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(stamp))
