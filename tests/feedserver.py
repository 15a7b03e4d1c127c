"""A small threaded web server on 127.0.0.1 for feed tests: routes, ETags, delays, a request log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parent / "data" / "pages"


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None  # answered with 304 when the request's If-None-Match matches
    delay: float = 0.0  # seconds before answering: a page that hangs
    length: bool = True  # send Content-Length (else the body ends when the connection closes)


@dataclass
class Request:
    path: str
    headers: dict[str, str] = field(default_factory=dict)


class FeedServer:
    """Serve `routes` on a random loopback port until stop(); every request is logged."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                server.log.append(Request(self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404, "Not Found")
                    return
                if route.delay and server._stop.wait(route.delay):
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (over its size cap): as a real server sees it

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        return [r.path for r in self.log]


def rss(base: str, items: list[tuple[str, str, str]], title: str = "温州网-温州新闻") -> bytes:
    """An RSS 2.0 feed of (path, title, pubDate) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>{d}</pubDate><description>{t}</description></item>"
        for p, t, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link><description>新闻</description>"
        f"{entries}</channel></rss>"
    ).encode()


def article_page(title: str, paragraphs: list[str], site: str = "温州日报") -> bytes:
    """A news page with a menu, a sidebar and a footer around its article."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta charset="utf-8"><meta property="og:site_name" content="{site}">'
        f"<title>{title}_温州网</title></head><body>"
        '<nav><a href="/">首页</a> <a href="/wz">温州新闻</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<aside><h3>热点新闻</h3><ul><li><a href='/x'>别的新闻标题很长很长</a></li></ul></aside>"
        "<footer>版权所有 浙ICP备05000000号</footer></body></html>"
    ).encode()
