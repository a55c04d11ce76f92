"""Tests for aggregator.fetch: conditional GETs, limits and failures turned into values.

Almost every test talks to ``FakeFeeds``, one httpx.MockTransport handler branching on the URL
path, as httpx's own tests/client/test_redirects.py does. One test uses a real loopback server,
because only a real socket shows that the deadline stops a server that drips bytes forever.
"""

from __future__ import annotations

import asyncio
import gzip
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx
import pytest

from aggregator.fetch import fetch_all, fetch_source, make_client
from aggregator.models import CacheInfo, Fetched, FetchSettings, Source

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SETTINGS = FetchSettings(user_agent="aggregator-test/1")
FEED = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"
KIB = 1024
MIB = 1024 * KIB


# Fixed answers by path: status, headers, body.
PLAIN: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/feed": (200, {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}, FEED),
    "/missing": (404, {}, b""),
    "/broken": (500, {}, b""),
    "/moved": (301, {"Location": "/feed"}, b""),
    "/moved-308": (308, {"Location": "/feed"}, b""),
    "/found": (302, {"Location": "/feed"}, b""),
    "/moved-then-found": (301, {"Location": "/found"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
}

# Exceptions the handler raises by path, as a real transport would.
FAILURES: dict[str, Callable[[httpx.Request], Exception]] = {
    "/read-timeout": lambda request: httpx.ReadTimeout("timed out", request=request),
    "/refused": lambda request: httpx.ConnectError(
        "[Errno 111] Connection refused", request=request
    ),
    "/bug": lambda request: ValueError("a bug in the handler"),
}


class FakeFeeds:
    """A fake web with one handler branching on the URL path; it records what it served."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.max_total_in_flight = 0
        self.chunks_served = 0
        self.chunks_total = 0

    async def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` according to its path."""
        self.requests.append(request)
        path = request.url.path
        if path in PLAIN:
            status, headers, content = PLAIN[path]
            return httpx.Response(status, headers=headers, content=content)
        if path in FAILURES:
            raise FAILURES[path](request)
        if path == "/conditional":
            return self.conditional(request)
        if path.startswith("/big/"):
            return self.big(path.removeprefix("/big/"))
        if path.startswith("/slow/"):
            return await self.slow(request)
        return httpx.Response(418)

    def conditional(self, request: httpx.Request) -> httpx.Response:
        """A 304 when both validators match; with ``?fresh``, the 304 carries new ones."""
        matches = (
            request.headers.get("If-None-Match") == ETAG
            and request.headers.get("If-Modified-Since") == LAST_MODIFIED
        )
        if not matches:
            return httpx.Response(200, headers={"ETag": ETAG}, content=FEED)
        if "fresh" in request.url.params:
            return httpx.Response(304, headers={"ETag": '"v2"', "Last-Modified": "later"})
        return httpx.Response(304)

    def big(self, kind: str) -> httpx.Response:
        """A body of 2 MiB: declared, streamed without a length, or a gzip bomb."""
        if kind == "declared":
            length = str(2 * MIB)
            return httpx.Response(200, headers={"Content-Length": length}, content=self.chunks())
        if kind == "streamed":
            return httpx.Response(200, content=self.chunks())
        bomb = gzip.compress(bytes(20 * MIB), compresslevel=9)
        pieces = [bomb[i : i + 512] for i in range(0, len(bomb), 512)]
        headers = {"Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, content=self.chunks(pieces))

    async def chunks(self, pieces: list[bytes] | None = None) -> AsyncIterator[bytes]:
        """Stream ``pieces`` (default: 2 MiB in 64 KiB chunks), counting what was pulled."""
        pieces = pieces if pieces is not None else [bytes(64 * KIB)] * 32
        self.chunks_total = len(pieces)
        for piece in pieces:
            self.chunks_served += 1
            yield piece

    async def slow(self, request: httpx.Request) -> httpx.Response:
        """Answer after ``?delay`` seconds (default 0.01), counting requests in flight per host."""
        host = request.url.host
        self.in_flight[host] += 1
        self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
        self.max_total_in_flight = max(self.max_total_in_flight, self.in_flight.total())
        try:
            await asyncio.sleep(float(request.url.params.get("delay", "0.01")))
        finally:
            self.in_flight[host] -= 1
        return httpx.Response(200, content=request.url.path.encode())


@pytest.fixture
def feeds() -> FakeFeeds:
    return FakeFeeds()


def fetch(
    feeds: FakeFeeds,
    url: str,
    cache: CacheInfo = CacheInfo(),  # noqa: B008 (frozen, so sharing the default is safe)
    settings: FetchSettings = SETTINGS,
) -> Fetched:
    """Fetch one URL from ``feeds`` with a fresh client."""

    async def run() -> Fetched:
        transport = httpx.MockTransport(feeds.handle)
        async with make_client(settings, transport=transport) as client:
            return await fetch_source(client, Source("news", url), cache, settings, now=NOW)

    return asyncio.run(run())


def fetch_many(
    feeds: FakeFeeds | None, urls: list[str], settings: FetchSettings = SETTINGS
) -> list[Fetched]:
    """Fetch ``urls`` with fetch_all, from ``feeds`` or, when None, from the real network."""

    async def run() -> list[Fetched]:
        transport = httpx.MockTransport(feeds.handle) if feeds is not None else None
        requests = [(Source(f"feed{i}", url), CacheInfo()) for i, url in enumerate(urls)]
        return await fetch_all(requests, settings, now=NOW, transport=transport)

    return asyncio.run(run())


def test_ok_captures_body_headers_and_validators(feeds: FakeFeeds) -> None:
    """A 200 gives status ok with the body, lower-cased headers, both validators and `now`."""
    fetched = fetch(feeds, "https://example.test/feed")
    assert fetched.status == "ok"
    assert fetched.body == FEED
    assert fetched.http_status == 200
    assert fetched.final_url == "https://example.test/feed"
    assert fetched.fetched_at == NOW
    assert fetched.cache == CacheInfo(etag=ETAG, last_modified=LAST_MODIFIED)
    assert ("etag", ETAG) in fetched.headers
    assert fetched.header("Last-Modified") == LAST_MODIFIED
    assert fetched.error is None


def test_request_sends_user_agent_and_feed_accept(feeds: FakeFeeds) -> None:
    """Requests carry the configured User-Agent, an Accept preferring feeds, and gzip."""
    fetch(feeds, "https://example.test/feed")
    (request,) = feeds.requests
    assert request.headers["User-Agent"] == "aggregator-test/1"
    assert request.headers["Accept"].startswith("application/atom+xml")
    assert "*/*;q=0.1" in request.headers["Accept"]
    assert "gzip" in request.headers["Accept-Encoding"]
    assert "If-None-Match" not in request.headers


def test_conditional_get_sends_validators_and_304_is_not_modified(feeds: FakeFeeds) -> None:
    """Stored validators are sent back; a bare 304 is not_modified, no body, old validators."""
    cache = CacheInfo(etag=ETAG, last_modified=LAST_MODIFIED)
    fetched = fetch(feeds, "https://example.test/conditional", cache)
    assert feeds.requests[0].headers["If-None-Match"] == ETAG
    assert feeds.requests[0].headers["If-Modified-Since"] == LAST_MODIFIED
    assert fetched.status == "not_modified"
    assert fetched.http_status == 304
    assert fetched.body == b""
    assert fetched.cache == cache
    assert fetched.error is None


def test_304_with_new_validators_replaces_the_old_ones(feeds: FakeFeeds) -> None:
    """Validators sent with a 304 are the ones to send next time."""
    cache = CacheInfo(etag=ETAG, last_modified=LAST_MODIFIED)
    fetched = fetch(feeds, "https://example.test/conditional?fresh", cache)
    assert fetched.status == "not_modified"
    assert fetched.cache == CacheInfo(etag='"v2"', last_modified="later")


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "HTTP 404 Not Found"), ("/broken", "HTTP 500 Internal Server Error")],
)
def test_http_error_status_is_an_error_value(feeds: FakeFeeds, path: str, message: str) -> None:
    """A non-2xx answer is an error naming the status code and reason; validators are kept."""
    cache = CacheInfo(etag=ETAG)
    fetched = fetch(feeds, f"https://example.test{path}", cache)
    assert fetched.status == "error"
    assert fetched.error == message
    assert fetched.http_status == int(message.split()[1])
    assert fetched.body == b""
    assert fetched.cache == cache
    assert fetched.fetched_at == NOW


@pytest.mark.parametrize(
    ("path", "moved_to"),
    [("/moved", "https://example.test/feed"), ("/moved-308", "https://example.test/feed"),
     ("/found", None), ("/moved-then-found", None), ("/feed", None)],
)  # fmt: skip
def test_redirect_is_followed_and_only_a_permanent_chain_is_a_move(
    feeds: FakeFeeds, path: str, moved_to: str | None
) -> None:
    """Redirects are followed to final_url; moved_to is set only when every hop was 301/308."""
    fetched = fetch(feeds, f"https://example.test{path}")
    assert (fetched.status, fetched.body) == ("ok", FEED)
    assert fetched.final_url == "https://example.test/feed"
    assert fetched.moved_to == moved_to


def test_redirect_loop_is_too_many_redirects(feeds: FakeFeeds) -> None:
    """A redirect loop stops after a few hops with "too many redirects"."""
    fetched = fetch(feeds, "https://example.test/loop")
    assert fetched.status == "error"
    assert fetched.error is not None
    assert fetched.error.startswith("too many redirects")
    assert len(feeds.requests) == 6  # the request plus MAX_REDIRECTS hops


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/read-timeout", "timed out after 20 s (read)"),
        ("/refused", "cannot connect: [Errno 111] Connection refused"),
    ],
)
def test_transport_errors_are_clear_error_values(feeds: FakeFeeds, path: str, message: str) -> None:
    """httpx's ReadTimeout and ConnectError become short human messages, not exceptions."""
    fetched = fetch(feeds, f"https://example.test{path}")
    assert fetched.status == "error"
    assert fetched.error == message
    assert fetched.http_status is None


@pytest.mark.parametrize("url", ["ftp://example.test/feed", "not a url", "http://[::1"])
def test_invalid_url_is_an_error_value(url: str) -> None:
    """A URL httpx cannot use is reported as an invalid URL, not raised (nothing is sent)."""
    (fetched,) = fetch_many(None, [url])
    assert fetched.status == "error"
    assert fetched.error is not None
    assert fetched.error.startswith("invalid URL: ")


def test_programming_errors_propagate(feeds: FakeFeeds) -> None:
    """An exception that is not a network failure is a bug and is raised, not recorded."""
    with pytest.raises(ValueError, match="a bug in the handler"):
        fetch(feeds, "https://example.test/bug")


def test_fetch_all_keeps_input_order_and_isolates_failures(feeds: FakeFeeds) -> None:
    """Results come back in request order, whoever finishes first, and one failure stays local."""
    urls = [
        "https://a.test/slow/1?delay=0.05",
        "https://b.test/missing",
        "https://c.test/slow/3?delay=0",
        "https://d.test/feed",
    ]
    results = fetch_many(feeds, urls)
    assert [r.source.url for r in results] == urls
    assert [r.status for r in results] == ["ok", "error", "ok", "ok"]
    assert results[0].body == b"/slow/1"


def test_fetch_all_limits_requests_per_host(feeds: FakeFeeds) -> None:
    """No more than per_host requests hit one host at once, while hosts run in parallel."""
    settings = FetchSettings(user_agent="aggregator-test/1", per_host=2)
    urls = [f"https://{host}.test/slow/{i}" for host in ("a", "b") for i in range(6)]
    results = fetch_many(feeds, urls, settings)
    assert all(r.status == "ok" for r in results)
    assert feeds.max_in_flight == Counter({"a.test": 2, "b.test": 2})
    assert feeds.max_total_in_flight == 4
