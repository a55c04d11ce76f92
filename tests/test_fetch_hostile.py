"""Tests for aggregator.fetch against hostile servers: redirects it refuses, bodies it caps or
inflates in bounded steps, and a server that drips bytes forever.

Most tests answer through an httpx.MockTransport handler (``Web``: fixed responses by URL,
recording what it was asked for, so a refused redirect shows it was never followed; or
test_fetch's ``FakeFeeds``). Only a real loopback socket shows the deadline at work.
"""

from __future__ import annotations

import asyncio
import gzip
import http.server
import threading
import time
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from aggregator import inflate
from aggregator.fetch import fetch_source, make_client
from aggregator.models import CacheInfo, Fetched, FetchSettings, Source
from tests.test_fetch import FEED, MIB, NOW, SETTINGS, FakeFeeds, fetch, fetch_many


class Web:
    """Fixed responses by URL; records every URL it was asked for."""

    def __init__(self, responses: dict[str, httpx.Response]) -> None:
        self.responses = responses
        self.asked: list[str] = []

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.asked.append(str(request.url))
        return self.responses.get(str(request.url), httpx.Response(404))


def fetch_from(web: Web, url: str, settings: FetchSettings = SETTINGS) -> Fetched:
    """Fetch one URL from ``web`` with a fresh client."""

    async def run() -> Fetched:
        async with make_client(settings, transport=httpx.MockTransport(web.handle)) as client:
            return await fetch_source(client, Source("news", url), CacheInfo(), settings, now=NOW)

    return asyncio.run(run())


def redirect(location: str) -> httpx.Response:
    return httpx.Response(302, headers={"Location": location})


def streamed(body: bytes, encoding: str) -> httpx.Response:
    """A 200 whose body arrives as a stream, as from a socket (bytes would be read at once)."""

    async def chunks() -> AsyncIterator[bytes]:
        yield body

    return httpx.Response(200, headers={"Content-Encoding": encoding}, content=chunks())


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:1/canary",
        "http://localhost/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.7/router",
        "http://[::1]:8080/",
    ],
    ids=["loopback", "localhost", "cloud-metadata", "lan", "ipv6-loopback"],
)
def test_redirect_into_a_private_network_is_refused(target: str) -> None:
    """A public feed that redirects to this machine or its network is an error, and the
    private address is never asked for."""
    web = Web({"https://news.example.test/feed": redirect(target)})
    fetched = fetch_from(web, "https://news.example.test/feed")
    assert fetched.status == "error"
    assert fetched.error is not None
    assert "private network address" in fetched.error
    assert web.asked == ["https://news.example.test/feed"]


def test_redirect_within_one_private_origin_is_followed() -> None:
    """A feed served from localhost may move to another path on the same host and port."""
    web = Web(
        {
            "http://127.0.0.1:8080/old.xml": redirect("/new.xml"),
            "http://127.0.0.1:8080/new.xml": httpx.Response(200, content=FEED),
        }
    )
    fetched = fetch_from(web, "http://127.0.0.1:8080/old.xml")
    assert (fetched.status, fetched.body) == ("ok", FEED)
    assert fetched.final_url == "http://127.0.0.1:8080/new.xml"


def test_redirect_to_a_file_url_is_refused() -> None:
    """Only http and https redirects are followed; a file: URL is named in the error."""
    web = Web({"https://news.example.test/feed": redirect("file:///etc/passwd")})
    fetched = fetch_from(web, "https://news.example.test/feed")
    assert fetched.status == "error"
    assert fetched.error is not None
    assert "the scheme file: is not supported" in fetched.error


def test_only_bounded_encodings_are_offered() -> None:
    """Accept-Encoding names only what fetch decompresses in bounded steps."""
    web = Web({"https://news.example.test/feed": httpx.Response(200, content=FEED)})

    async def headers() -> httpx.Headers:
        async with make_client(SETTINGS, transport=httpx.MockTransport(web.handle)) as client:
            return (await client.get("https://news.example.test/feed")).request.headers

    assert asyncio.run(headers())["Accept-Encoding"] == "gzip, deflate, br"


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw"],
)
def test_compressed_bodies_are_inflated(encoding: str, compress: object) -> None:
    """gzip, zlib-wrapped deflate and raw deflate (which some servers send) all decode."""
    assert callable(compress)
    web = Web({"https://news.example.test/feed": streamed(compress(FEED), encoding)})
    assert fetch_from(web, "https://news.example.test/feed").body == FEED


def test_body_that_is_not_what_its_encoding_says_is_an_error() -> None:
    """A plain body labelled gzip cannot be decoded, and the error says so."""
    web = Web({"https://news.example.test/feed": streamed(FEED, "gzip")})
    fetched = fetch_from(web, "https://news.example.test/feed")
    assert fetched.status == "error"
    assert fetched.error is not None
    assert fetched.error.startswith("cannot decode the body:")


def test_inflate_yields_bounded_steps_of_a_bomb() -> None:
    """64 MiB of zeros compressed into one read comes out in steps of at most inflate.STEP
    bytes, so the caller can stop counting before most of it exists."""
    bomb = gzip.compress(bytes(64 << 20), compresslevel=9)

    async def one_read() -> AsyncIterator[bytes]:
        yield bomb

    async def sizes() -> list[int]:
        return [len(piece) async for piece in inflate.inflate(one_read(), "gzip")]

    steps = asyncio.run(sizes())
    assert max(steps) <= inflate.STEP
    assert sum(steps) == 64 << 20


@pytest.fixture
def feeds() -> FakeFeeds:
    return FakeFeeds()


@pytest.mark.parametrize("kind", ["declared", "streamed"])
def test_oversized_body_is_refused(feeds: FakeFeeds, kind: str) -> None:
    """A body over max_bytes is an error; a declared Content-Length is refused before reading."""
    settings = FetchSettings(user_agent="aggregator-test/1", max_bytes=MIB)
    fetched = fetch(feeds, f"https://example.test/big/{kind}", settings=settings)
    assert fetched.status == "error"
    assert fetched.error == "body exceeds the 1 MiB limit"
    assert fetched.http_status == 200
    assert fetched.body == b""
    expected_chunks = 0 if kind == "declared" else 17  # 17 x 64 KiB is the first over 1 MiB
    assert feeds.chunks_served == expected_chunks


def test_gzip_bomb_is_abandoned_early(feeds: FakeFeeds) -> None:
    """20 MiB of gzipped zeros hits the 1 MiB cap on decompressed bytes before most is read."""
    settings = FetchSettings(user_agent="aggregator-test/1", max_bytes=MIB)
    fetched = fetch(feeds, "https://example.test/big/bomb", settings=settings)
    assert fetched.status == "error"
    assert fetched.error == "body exceeds the 1 MiB limit"
    assert feeds.chunks_total > 20
    assert feeds.chunks_served < feeds.chunks_total / 4


class DripHandler(http.server.BaseHTTPRequestHandler):
    """Serves /feed normally; /drip sends headers, then one byte every 0.1 s until stopped."""

    stop = threading.Event()

    def do_GET(self) -> None:
        self.send_response(200)
        if self.path == "/feed":
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)
            return
        self.end_headers()  # HTTP/1.0 and no length: the body runs until the connection closes
        try:
            while not self.stop.wait(0.1):
                self.wfile.write(b" ")
                self.wfile.flush()
        except OSError:  # the client hung up, as it should
            pass

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def drip_server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 in a daemon thread; yields its base URL."""
    DripHandler.stop.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DripHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        DripHandler.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()


def test_deadline_stops_a_dripping_server(drip_server: str) -> None:
    """A server dripping bytes under the read timeout fails at the deadline; others still work."""
    settings = FetchSettings(user_agent="aggregator-test/1", timeout=5, deadline=0.5)
    started = time.monotonic()
    drip, ok = fetch_many(None, [f"{drip_server}/drip", f"{drip_server}/feed"], settings)
    assert time.monotonic() - started < 1.5
    assert drip.status == "error"
    assert drip.error == "no complete response within 0.5 s"
    assert ok.status == "ok"
    assert ok.body == FEED
