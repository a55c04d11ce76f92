"""A loopback HTTP server that plays one case of the hostile-feed corpus. Touches the network.

Healthy feeds are served as plain files; the hostile feed is either a body with the corpus's
serve hints (status, Content-Type, Content-Encoding, extra headers, chunked instead of
Content-Length) or an HTTP scenario whose steps answer one request each: redirects, 304s,
Retry-After, a slow drip, a stall, an endless chunked body, a short body, thousands of
headers, a delay. ``CanaryServer`` listens where nothing should ever connect.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

CHUNK = 64 * 1024


@dataclass
class Reply:
    """One response, as a corpus serve hint or scenario step describes it."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    send_content_length: bool = True
    repeat_body_forever: bool = False
    close_early: bool = False
    drip_bytes_per_second: float = 0.0
    stall_seconds: float = 0.0
    delay_seconds: float = 0.0
    extra_header_lines: int = 0
    expect_request_headers: dict[str, str] = field(default_factory=dict)
    repeat: bool = False  # a scenario step that answers every later request too


@dataclass
class Seen:
    """A request the server received, and which ``aggregator run`` sent it."""

    run: int
    path: str
    headers: dict[str, str]


class CaseServer:
    """What one case serves: fixed routes, plus a queue of scenario steps for other paths."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.steps: list[Reply] = []
        self.requests: list[Seen] = []
        self.problems: list[str] = []
        self.run = 0  # set by the harness before each ``aggregator run``
        self.base = ""  # "http://127.0.0.1:PORT", no trailing slash
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return self.base + path

    def requests_for(self, path: str, run: int | None = None) -> list[Seen]:
        return [r for r in self.requests if r.path == path and run in (None, r.run)]

    def reply_for(self, path: str, headers: dict[str, str]) -> Reply:
        """The route's reply, else the next scenario step, else 404; records the request."""
        with self._lock:
            self.requests.append(Seen(self.run, path, headers))
            if path in self.routes:
                return self.routes[path]
            if not self.steps:
                return Reply(404, [("Content-Type", "text/plain")], b"no such path\n")
            step = self.steps[0]
            if not step.repeat and len(self.steps) > 1:
                self.steps.pop(0)
        for name, wanted in step.expect_request_headers.items():
            got = headers.get(name.lower())
            if got != wanted:
                self.problems.append(f"request {path} sent {name}: {got!r}, expected {wanted!r}")
        return step


class _CaseHandler(BaseHTTPRequestHandler):
    """Answers from the ``CaseServer`` its server carries."""

    protocol_version = "HTTP/1.1"

    @property
    def state(self) -> CaseServer:
        return cast(_CaseHTTPServer, self.server).state

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = self.state.reply_for(self.path, headers)
        try:
            self._send(reply)
        except OSError:  # the client gave up (byte cap, deadline): that is the point
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        if reply.delay_seconds and self.state.stopping.wait(reply.delay_seconds):
            return
        self.send_response_only(reply.status)
        names = {name.lower() for name, _ in reply.headers}
        if "date" not in names:
            self.send_header("Date", formatdate(usegmt=True))
        for name, value in reply.headers:
            self.send_header(name, value)
        for n in range(reply.extra_header_lines):
            self.send_header("Set-Cookie", f"c{n}={'x' * 80}; Path=/; HttpOnly")
        endless = reply.stall_seconds or reply.drip_bytes_per_second
        chunked = not reply.send_content_length and not endless
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif endless and "content-length" not in names:
            self.send_header("Connection", "close")  # body ends when the socket does
            self.close_connection = True
        elif "content-length" not in names and reply.send_content_length:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self._body(reply, chunked)

    def _body(self, reply: Reply, chunked: bool) -> None:
        if reply.stall_seconds:
            self.state.stopping.wait(reply.stall_seconds)
        elif reply.drip_bytes_per_second:
            self._drip(reply.body, 1 / reply.drip_bytes_per_second)
        elif chunked:
            self._chunks(reply.body, forever=reply.repeat_body_forever)
        else:
            self.wfile.write(reply.body)
        if reply.close_early or reply.stall_seconds or reply.drip_bytes_per_second:
            self.close_connection = True

    def _drip(self, body: bytes, pause: float) -> None:
        for offset in range(len(body)):
            self.wfile.write(body[offset : offset + 1])
            if self.state.stopping.wait(pause):
                return

    def _chunks(self, body: bytes, *, forever: bool) -> None:
        while not self.state.stopping.is_set():
            for start in range(0, len(body), CHUNK):
                piece = body[start : start + CHUNK]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            if not forever:
                break
        self.wfile.write(b"0\r\n\r\n")


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that hang up early are expected here


class _CaseHTTPServer(_QuietServer):
    def __init__(self, state: CaseServer) -> None:
        super().__init__(("127.0.0.1", 0), _CaseHandler)
        self.state = state


@contextmanager
def serving_case() -> Iterator[CaseServer]:
    """A ``CaseServer`` listening on 127.0.0.1 (port 0, one thread per connection)."""
    state = CaseServer()
    httpd = _CaseHTTPServer(state)
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        httpd.shutdown()
        httpd.server_close()


class CanaryServer:
    """Listens on the corpus's canary address and records every path anyone asks for."""

    def __init__(self, port: int) -> None:
        self.paths: list[str] = []
        canary = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                canary.paths.append(self.path)
                self.send_error(418)

        self._httpd = _QuietServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def start_canary(port: int) -> CanaryServer | None:
    """A canary on ``port``, or None where it cannot listen (port in use, not root)."""
    try:
        return CanaryServer(port)
    except OSError:
        return None
