"""HTTP GET as a good citizen: the bot's name, timeouts, a size cap and conditional requests."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from types import TracebackType

import httpx

import bot

logger = logging.getLogger(__name__)

USER_AGENT = f"newsqa-bot/{bot.__version__} (Chinese news QA bot; reads feeds and their pages)"
TIMEOUT = 20.0  # seconds to connect, and between two reads
DEADLINE = 60.0  # seconds for a whole response, however slowly it trickles in
MAX_BYTES = 5 * 1024 * 1024  # a news page or feed is far smaller; anything larger is refused


class FetchError(Exception):
    """A request that gave no usable response: worded for a log line."""


class TooLarge(FetchError):
    """A response over the size cap: asking again would not help."""


@dataclass(frozen=True)
class Response:
    """A response read whole (or 304 Not Modified, with no body)."""

    url: str  # after redirects
    status: int
    body: bytes
    content_type: str  # the media type alone, lower case: "text/html"
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One HTTP client for a round of fetching: keep-alive between requests to a site."""

    def __init__(
        self,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
        max_bytes: int = MAX_BYTES,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.deadline = deadline
        self.max_bytes = max_bytes
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=5,
        )

    def get(self, url: str, etag: str | None = None, modified: str | None = None) -> Response:
        """GET a URL, conditionally if an ETag or Last-Modified is known; FetchError if not 2xx."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                if r.status_code == 304:
                    return _response(r, b"")
                if not r.is_success:
                    raise FetchError(f"HTTP {r.status_code} {r.reason_phrase}".strip())
                declared = r.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise TooLarge(f"{int(declared)} bytes, more than {self.max_bytes}")
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge(f"more than {self.max_bytes} bytes")
                    if time.monotonic() - started > self.deadline:
                        raise FetchError(f"took longer than {self.deadline:g}s")
                    chunks.append(chunk)
                return _response(r, b"".join(chunks))
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _response(r: httpx.Response, body: bytes) -> Response:
    media, _, params = r.headers.get("Content-Type", "").partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value.strip(" \"'"):
            charset = value.strip(" \"'")
    return Response(
        url=str(r.url),
        status=r.status_code,
        body=body,
        content_type=media.strip().lower(),
        charset=charset,
        etag=r.headers.get("ETag"),
        last_modified=r.headers.get("Last-Modified"),
    )
