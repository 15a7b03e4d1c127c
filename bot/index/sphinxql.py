"""A SphinxQL client for the cluster backend: the queries both Sphinx 2.2 and Manticore answer.

Terms go into the engine as fixed tokens of letters and digits (a hash of the term), so the
engine's own tokenizer can neither split nor merge them, whatever script or symbol a term
holds. PyMySQL is imported on first use: the embedded backend needs no client library.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

STATS_KEY = "zstats"  # the dockey of each shard's statistics row
# Sphinx's ranker for BM25 as rank-bm25 computes it (measured: top-10 overlap 0.994).
RANKER = "ranker=expr('10000*bm25a({k1},{b})'), idf='plain,tfidf_unnormalized'"
# A query that lost an agent is asked again after a pause: the head marks a dead mirror
# after its failure or its next ping (ha_ping_interval), then picks a live one. The pauses
# double from RETRY_PAUSE: about 1.5 s in all before the question is refused.
RETRIES = 5
RETRY_PAUSE = 0.05


class SearchUnavailable(Exception):
    """The cluster cannot answer now (down, a shard lost, a time-out); the text says why."""


def token(term: str) -> str:
    """The engine's token for a term: 'w' and 13 base32 characters of its hash."""
    digest = hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest()
    return "w" + base64.b32encode(digest).decode("ascii").rstrip("=").lower()


def doc_key(doc: int) -> str:
    """The token that finds every sentence of an article."""
    return f"d{doc}"


@dataclass(frozen=True)
class Head:
    """A node that answers SphinxQL for the whole table."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


class Client:
    """Queries a cluster's distributed table through the first head that answers.

    One connection per thread: the Telegram front-end answers in worker threads.
    """

    def __init__(self, heads: Sequence[Head], table: str, timeout: float) -> None:
        if not heads:
            raise ValueError("a cluster needs at least one head node")
        self.heads = list(heads)
        self.table = table
        self.timeout = timeout
        self._local = threading.local()

    def select(self, sql: str) -> tuple[list[tuple[Any, ...]], dict[str, str]]:
        """Rows of one SELECT and its SHOW META; SearchUnavailable when a shard is missing."""
        problem = ""
        for attempt in range(RETRIES + 1):
            if attempt:
                time.sleep(RETRY_PAUSE * 2 ** (attempt - 1))
            try:
                rows, meta = self._run(sql)
            except SearchUnavailable as exc:
                problem = str(exc)
                continue
            warning = meta.get("warning", "")
            if not warning:
                return rows, meta
            # Sphinx answers from the shards it reached and warns about the others.
            problem = f"partial result: {warning}"
            logger.info("retrying a query (%s)", problem)
        raise SearchUnavailable(problem)

    def _run(self, sql: str) -> tuple[list[tuple[Any, ...]], dict[str, str]]:
        import pymysql

        conn = self._connection()
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
                rows = list(cur.fetchall())
                cur.execute("SHOW META")
                meta = {str(k): str(v) for k, v in cur.fetchall()}
        except pymysql.err.MySQLError as exc:
            self._drop()
            raise SearchUnavailable(f"query failed: {_message(exc)}") from None
        return rows, meta

    def _connection(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        import pymysql

        errors = []
        for head in self.heads:
            try:
                conn = pymysql.connect(
                    host=head.host,
                    port=head.port,
                    connect_timeout=self.timeout,
                    read_timeout=self.timeout,
                    write_timeout=self.timeout,
                    autocommit=True,
                )
            except pymysql.err.MySQLError as exc:
                errors.append(f"{head}: {_message(exc)}")
                continue
            self._local.conn = conn
            return conn
        raise SearchUnavailable("no head node answers (" + "; ".join(errors) + ")")

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 (a broken connection may fail to close; it is gone)
                pass

    def close(self) -> None:
        """Close this thread's connection."""
        self._drop()


def _message(exc: Exception) -> str:
    """A MySQL error as one short line (Sphinx pads its messages with NUL)."""
    args = getattr(exc, "args", ())
    text = str(args[-1]) if args else str(exc)
    return " ".join(text.replace("\x00", "").split())[:300]
