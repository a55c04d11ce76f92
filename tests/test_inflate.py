"""Tests for aggregator.inflate through aggregator.fetch: gzip, deflate and brotli bodies over a
real loopback socket, a brotli bomb stopped at the body cap in bounded memory, and bodies that
are not what their Content-Encoding says failing only their own feed in a real CLI run.

The bomb answers through an httpx.MockTransport stream, so that tracemalloc sees every byte
the fetch allocates and none a server thread does.
"""

from __future__ import annotations

import asyncio
import gzip
import sqlite3
import threading
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
import httpx
import pytest

from aggregator import inflate
from aggregator.fetch import fetch_source, make_client
from aggregator.models import CacheInfo, Fetched, FetchSettings, Source
from tests.conftest import FEEDS, write_config
from tests.test_end_to_end import run_cli
from tests.test_fetch import MIB, NOW, SETTINGS

FEED = (FEEDS / "seed" / "outlet-a.xml").read_bytes()  # 30 KiB: several socket reads
WRITE = 4096  # bytes per write of the loopback server, so a body arrives in pieces

COMPRESSORS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "gzip": ("gzip", gzip.compress),
    "x-gzip": ("x-gzip", gzip.compress),
    "deflate-zlib": ("deflate", zlib.compress),
    "deflate-raw": ("deflate", lambda body: zlib.compress(body, wbits=-zlib.MAX_WBITS)),
    "br": ("br", brotli.compress),
}


class EncodedServer:
    """Serves ``routes`` (path -> (Content-Encoding, body)); records each request's headers."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, bytes]] = {}
        self.requests: list[dict[str, str]] = []
        self.base = ""

    def add(self, path: str, encoding: str, body: bytes) -> str:
        self.routes[path] = (encoding, body)
        return self.base + path


def _handler(server: EncodedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append(dict(self.headers.items()))
            encoding, body = server.routes[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            for start in range(0, len(body), WRITE):
                self.wfile.write(body[start : start + WRITE])
                self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    return Handler


@pytest.fixture
def encoded_server() -> Iterator[EncodedServer]:
    """A real HTTP server on 127.0.0.1 in a daemon thread."""
    state = EncodedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def fetch_url(
    url: str, settings: FetchSettings = SETTINGS, transport: httpx.AsyncBaseTransport | None = None
) -> Fetched:
    """Fetch one URL with a fresh client, over the network unless ``transport`` is given."""

    async def run() -> Fetched:
        async with make_client(settings, transport=transport) as client:
            return await fetch_source(client, Source("news", url), CacheInfo(), settings, now=NOW)

    return asyncio.run(run())


def test_accept_encoding_offers_gzip_deflate_and_br(encoded_server: EncodedServer) -> None:
    """The request on the wire offers exactly the encodings inflate reads in bounded steps."""
    fetch_url(encoded_server.add("/feed", "identity", FEED))
    assert encoded_server.requests[0]["Accept-Encoding"] == "gzip, deflate, br"


@pytest.mark.parametrize("name", COMPRESSORS)
def test_compressed_body_round_trips_over_a_socket(
    encoded_server: EncodedServer, name: str
) -> None:
    """A body in each offered encoding, arriving in many reads, comes back byte for byte."""
    encoding, compress = COMPRESSORS[name]
    fetched = fetch_url(encoded_server.add("/feed", encoding, compress(FEED)))
    assert (fetched.status, fetched.body) == ("ok", FEED)


def compress_zeros(size: int, *, lgwin: int = 22) -> bytes:
    """``size`` zero bytes as brotli, compressed a MiB at a time (never all in memory)."""
    compressor = brotli.Compressor(quality=1, lgwin=lgwin)
    zeros = bytes(MIB)
    return b"".join([compressor.process(zeros) for _ in range(size // MIB)] + [compressor.finish()])


async def one_read(body: bytes) -> AsyncIterator[bytes]:
    yield body


async def pieces_of(body: bytes, encoding: str) -> list[bytes]:
    return [piece async for piece in inflate.inflate(one_read(body), encoding)]


def test_br_comes_out_in_steps_of_at_most_step_bytes() -> None:
    """64 MiB of zeros in one br read comes out whole, in steps of at most inflate.STEP."""
    steps = asyncio.run(pieces_of(compress_zeros(64 * MIB), "br"))
    assert max(map(len, steps)) <= inflate.STEP
    assert sum(map(len, steps)) == 64 * MIB


class Bomb:
    """A 1 GiB br bomb streamed in 64 KiB reads; counts how many reads were taken."""

    def __init__(self) -> None:
        self.body = compress_zeros(1024 * MIB)
        self.reads = 0

    async def stream(self) -> AsyncIterator[bytes]:
        for start in range(0, len(self.body), 64 * 1024):
            self.reads += 1
            yield self.body[start : start + 64 * 1024]

    async def handle(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "br"}, content=self.stream())


def test_br_bomb_stops_at_the_cap_in_bounded_memory() -> None:
    """1 GiB of zeros (about 190 KiB of br) fails at the 1 MiB cap after its first read, and
    the fetch never holds much more than the cap: at most the cap plus two steps."""
    bomb = Bomb()
    assert len(bomb.body) < MIB
    settings = FetchSettings(user_agent="aggregator-test/1", max_bytes=MIB)
    tracemalloc.start()
    try:
        fetched = fetch_url(
            "https://news.example.test/feed", settings, httpx.MockTransport(bomb.handle)
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (fetched.status, fetched.error) == ("error", "body exceeds the 1 MiB limit")
    assert bomb.reads == 1
    assert peak < MIB + 2 * inflate.STEP


def test_br_window_over_4_mib_is_refused() -> None:
    """A br stream declaring a window over 4 MiB (which the decoder would allocate whatever the
    cap) is refused before decoding; 4 MiB and less decode."""
    body = b"<rss/>" * 1000
    for lgwin in (16, 18, 22):
        assert b"".join(asyncio.run(pieces_of(brotli.compress(body, lgwin=lgwin), "br"))) == body
    for lgwin, size in ((23, 8), (24, 16)):
        with pytest.raises(inflate.DecodeError, match=f"needs a {size} MiB window; at most 4 MiB"):
            asyncio.run(pieces_of(brotli.compress(body, lgwin=lgwin), "br"))


@pytest.mark.parametrize(
    ("encoding", "body", "message"),
    [
        ("br", FEED, "the body is not valid br: brotli: decoder failed"),
        ("br", brotli.compress(FEED)[:-8], "the body is not valid br: it ends in the middle"),
        ("br", brotli.compress(FEED) + b"<rss/>", "the body is not valid br: brotli: decoder"),
        ("gzip", FEED, "the body is not valid gzip: Error -3"),
    ],
    ids=["plain-as-br", "truncated-br", "br-then-junk", "plain-as-gzip"],
)
def test_body_not_in_its_encoding_fails_only_its_feed(
    encoded_server: EncodedServer, tmp_path: Path, encoding: str, body: bytes, message: str
) -> None:
    """A run reports the feed whose body is not what its Content-Encoding says, by name and
    with the cause, exits 3, and stores the healthy br feed beside it."""
    broken = encoded_server.add("/broken", encoding, body)
    healthy = encoded_server.add("/healthy", "br", brotli.compress(FEED))
    config = write_config(tmp_path, {"Broken Outlet": broken, "Anime Corner": healthy})
    code, _, stderr = run_cli(config, "run")
    assert code == 3
    assert f"feed failed: Broken Outlet: cannot decode the body: {message}" in stderr
    assert "Anime Corner" not in stderr
    with sqlite3.connect(tmp_path / "store" / "aggregator.db") as conn:
        sources = {s for (s,) in conn.execute("SELECT DISTINCT feed FROM articles")}
    assert sources == {"Anime Corner"}
