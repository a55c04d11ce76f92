"""Shared fixtures: a loopback HTTP server for feed files, and config files in tmp_path."""

from __future__ import annotations

import hashlib
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FEEDS = Path(__file__).parent / "feeds"


class FeedServer:
    """Serves ``routes`` (path -> (status, content type, body)) with ETags and 304s."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[tuple[str, int]] = []
        self.base = ""

    def add_file(self, path: str, file: Path, content_type: str = "application/rss+xml") -> str:
        self.routes[path] = (200, content_type, file.read_bytes())
        return self.base + path.lstrip("/")

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            status, content_type, body = server.routes.get(self.path, (404, "text/plain", b"no\n"))
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            server.requests.append((self.path, status))
            self.send_response(status)
            if status in (200, 304):
                self.send_header("ETag", etag)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 serving whatever the test puts in ``routes``."""
    with serving() as state:
        yield state


def write_config(directory: Path, feeds: dict[str, str], extra: str = "") -> Path:
    """A feeds.yaml in ``directory`` for ``feeds`` (name -> url), store beside it."""
    lines = ["store: store", "output:", "  title: Test Feed", "  url: https://example.org/anime/"]
    lines.append("feeds:")
    for name, url in feeds.items():
        lines += [f'  - name: "{name}"', f'    url: "{url}"']
    path = directory / "feeds.yaml"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@contextmanager
def serving(tls: ssl.SSLContext | None = None) -> Iterator[FeedServer]:
    """A real HTTP server on 127.0.0.1 serving whatever the caller puts in ``routes``; the
    ``feed_server`` fixture, and fixtures of a wider scope, use it. With ``tls`` (a server
    context) it speaks HTTPS, at https://localhost:PORT/."""
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
        state.base = f"https://localhost:{httpd.server_address[1]}/"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
