"""Serves the published files over HTTP. Touches the network (listens) and reads files.

A small stdlib server for trying the feeds in a reader or behind a reverse proxy: it serves
only the published files, answers ``If-None-Match`` with 304 using a content hash as ETag, and
gzips when the client accepts it. It re-reads each file per request, so a new run's output is
served at once.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/feed.atom": ("feed.atom", "application/atom+xml; charset=utf-8"),
    "/feed.rss": ("feed.rss", "application/rss+xml; charset=utf-8"),
    "/feed.json": ("feed.json", "application/feed+json; charset=utf-8"),
}
MAX_AGE = 300  # seconds readers may cache a file; a cron run rarely comes more often


class PublishedFilesHandler(BaseHTTPRequestHandler):
    """GET/HEAD of the published files, with ETag and gzip."""

    server_version = "aggregator"

    def __init__(self, *args: object, directory: Path, **kwargs: object) -> None:
        self.directory = directory
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        known = FILES.get(urlsplit(self.path).path)
        body = None
        if known is not None:
            try:
                body = (self.directory / known[0]).read_bytes()
            except OSError:
                body = None
        if known is None or body is None:
            self._send(404, b"not found\n", "text/plain; charset=utf-8", None, head)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        tags = [
            t.strip().removeprefix("W/") for t in self.headers.get("If-None-Match", "").split(",")
        ]
        if etag in tags or "*" in tags:
            self._send(304, b"", known[1], etag, head=True)
            return
        self._send(200, body, known[1], etag, head)

    def _send(
        self, status: int, body: bytes, content_type: str, etag: str | None, head: bool
    ) -> None:
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 256
        if gzipped:
            body = gzip.compress(body, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", f"max-age={MAX_AGE}")
        self.send_header("Vary", "Accept-Encoding")
        if etag:
            self.send_header("ETag", etag)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)


def make_server(directory: Path, host: str, port: int) -> ThreadingHTTPServer:
    """A server for ``directory``'s published files (port 0 picks a free port)."""
    return ThreadingHTTPServer((host, port), partial(PublishedFilesHandler, directory=directory))


def serve_forever(directory: Path, host: str, port: int) -> None:
    """Serve until interrupted."""
    with make_server(directory, host, port) as server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
