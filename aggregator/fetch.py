"""Fetch feeds over HTTP: concurrent conditional GETs that turn each ``Source`` into a ``Fetched``.

Touches the network; it is the only module that imports httpx. Every way a feed can fail on the
network (HTTP errors, timeouts, refused connections, redirect loops, oversized or undecodable
bodies, servers that drip bytes forever) comes back as a ``Fetched`` with status "error" and a
message a person can act on; anything else is a bug and propagates.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import ssl
import time
import zlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

import httpx

from aggregator import compute
from aggregator.errors import FetchError
from aggregator.fetch_messages import MAX_REDIRECTS, describe_error, describe_outcome
from aggregator.inflate import ACCEPTED, ENCODINGS, inflate
from aggregator.models import CacheInfo, Fetched, FetchSettings, FetchStatus, Source
from aggregator.text import format_size, host_of, is_private_host
from aggregator.tls import LazyContext

logger = logging.getLogger(__name__)

# Hosts from which a cycle fetches in two processes (httpx spends ~1.4 ms of CPU a request);
# the child's own event loop costs CPU that only many hosts pay back in wall time.
SPLIT_FROM = 100
# What an httpx client loads on first use, loaded before a split fetch forks (not in both).
_CLIENT_MODULES = (
    "httpcore h11 sniffio anyio.abc anyio.lowlevel anyio.streams.memory anyio.streams.stapled"
    " anyio.streams.tls"
).split()
# Hosts sharing a client: httpcore's pool scans all its connections at every request event,
# so 200 hosts in one pool cost twice the CPU of their 304s (a client each costs more again).
HOSTS_PER_CLIENT = 8
# Feed types first; plain JSON/XML a little lower, since servers also use them for non-feed
# pages; anything else last, so a server that cannot honour the list still answers.
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
# Only what ``inflate`` decompresses in bounded steps; httpx would also offer br or zstd once
# their packages are installed, and decompress each network read of those in one piece.
ACCEPT_ENCODING = {"Accept-Encoding": ", ".join(ACCEPTED)}
# Redirects are followed only to these schemes (httpx would try, and fail, on file: URLs).
WEB_SCHEMES = ("http", "https")
# Only a chain of these moves a feed for good (RFC 9110 15.4.2, 15.4.9); a 302/303/307 does not.
PERMANENT_REDIRECTS = {301, 308}

# What tests pass instead of the network (an httpx.MockTransport), so callers import no httpx.
Transport = httpx.AsyncBaseTransport


def make_client(
    settings: FetchSettings,
    *,
    transport: Transport | None = None,
    verify: ssl.SSLContext | bool = True,
) -> httpx.AsyncClient:
    """Build a client for some hosts of a fetch cycle; ``transport`` is for tests."""
    return httpx.AsyncClient(
        transport=transport,
        verify=verify,
        timeout=httpx.Timeout(settings.timeout),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        limits=httpx.Limits(max_connections=settings.max_connections),
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT, **ACCEPT_ENCODING},
        event_hooks={"response": [_check_redirect]},
    )


class _RedirectRefused(Exception):
    """A redirect ``_check_redirect`` will not follow; the message says why."""


async def _check_redirect(response: httpx.Response) -> None:
    """Refuse a redirect to a scheme other than http(s), or into a private network.

    A feed on the public internet must not be able to point the aggregator at the machine
    it runs on or at its LAN (server-side request forgery); a redirect within one private
    origin (a feed on localhost moving to another path) stays allowed. Only addresses written
    in the URL are checked, not what a host name resolves to.
    """
    if not response.has_redirect_location:
        return
    target = response.url.join(response.headers["location"])
    if target.scheme not in WEB_SCHEMES:
        raise _RedirectRefused(
            f"refusing a redirect to {target}: the scheme {target.scheme}: is not supported, "
            "only http and https redirects are followed"
        )
    same_origin = (target.host, target.port) == (response.url.host, response.url.port)
    if is_private_host(target.host) and not same_origin:
        raise _RedirectRefused(
            f"refusing a redirect to {target.host}:{target.port or 'default port'}, a private "
            f"network address, from {response.url.host}"
        )


async def fetch_source(
    client: httpx.AsyncClient,
    source: Source,
    cache: CacheInfo,
    settings: FetchSettings,
    *,
    now: datetime,
) -> Fetched:
    """Fetch one feed with a conditional GET; a network failure becomes an "error" value."""
    started = time.monotonic()
    try:
        fetched = await _fetch_within_deadline(client, source, cache, settings, now)
    except FetchError as exc:
        # On failure the old validators stay valid: send them again next time.
        fetched = Fetched(source, "error", now, cache=cache, error=exc.message)
    elapsed = time.monotonic() - started
    logger.info("%s: %s in %.2f s", source.name, describe_outcome(fetched), elapsed)
    return fetched


def fetch_cycle(
    requests: Sequence[tuple[Source, CacheInfo]],
    settings: FetchSettings,
    *,
    now: datetime,
    transport: Transport | None = None,
) -> list[Fetched]:
    """``fetch_all`` run to the end, in the order of ``requests``. From ``SPLIT_FROM`` hosts (no
    test ``transport``) a child forked from this process fetches half of the hosts (``compute.
    halves``), each process with half of ``max_connections``; a host stays in one process."""
    by_host: dict[str, list[int]] = {}
    for index, (source, _) in enumerate(requests):
        by_host.setdefault(host_of(source.url), []).append(index)
    if transport is not None or len(by_host) < SPLIT_FROM or not compute.can_fork():
        return asyncio.run(fetch_all(requests, settings, now=now, transport=transport))
    half = replace(settings, max_connections=max(1, settings.max_connections // 2))
    hosts, tls = list(by_host.values()), LazyContext()  # the child's too
    if any(source.url[:6].lower() == "https:" for source, _ in requests):
        tls.load()  # here, once, rather than in both processes
    for name in _CLIENT_MODULES:  # loaded once, here, rather than in both processes
        with contextlib.suppress(ImportError):  # another version of a library: no harm
            importlib.import_module(name)

    def fetch_part(part: Sequence[list[int]]) -> list[Fetched]:
        return asyncio.run(
            fetch_all([requests[i] for h in part for i in h], half, now=now, tls=tls)
        )

    order = (index for indexes in hosts for index in indexes)
    fetched = zip(order, compute.halves(fetch_part, hosts), strict=True)
    return [result for _, result in sorted(fetched, key=lambda pair: pair[0])]


async def fetch_all(
    requests: Sequence[tuple[Source, CacheInfo]],
    settings: FetchSettings,
    *,
    now: datetime,
    transport: Transport | None = None,
    tls: ssl.SSLContext | None = None,
) -> list[Fetched]:
    """Fetch every feed concurrently; results are in the order of ``requests``.

    At most ``settings.per_host`` requests run against one host and at most
    ``settings.max_connections`` overall, queued here (before a feed's deadline starts), never
    in a client's pool. Each ``HOSTS_PER_CLIENT`` hosts share a client; all share ``tls`` (a
    ``LazyContext`` by default, reading the CA certificates once, at the first TLS handshake).
    ``transport`` is for tests."""
    overall = asyncio.Semaphore(settings.max_connections)
    hosts = sorted({host_of(source.url) for source, _ in requests})
    per_host = {host: asyncio.Semaphore(settings.per_host) for host in hosts}
    async with contextlib.AsyncExitStack() as stack:
        verify = tls or (LazyContext() if transport is None and hosts else True)
        client_of: dict[str, httpx.AsyncClient] = {}
        for start in range(0, len(hosts), HOSTS_PER_CLIENT):
            client = make_client(settings, transport=transport, verify=verify)
            client_of |= dict.fromkeys(hosts[start : start + HOSTS_PER_CLIENT], client)
            await stack.enter_async_context(client)

        async def fetch_limited(source: Source, cache: CacheInfo) -> Fetched:
            host = host_of(source.url)  # host first: a feed queued behind its own holds no slot
            async with per_host[host], overall:
                return await fetch_source(client_of[host], source, cache, settings, now=now)

        return list(await asyncio.gather(*(fetch_limited(s, c) for s, c in requests)))


async def _fetch_within_deadline(
    client: httpx.AsyncClient,
    source: Source,
    cache: CacheInfo,
    settings: FetchSettings,
    now: datetime,
) -> Fetched:
    """Fetch one feed, turning network failures into ``FetchError``.

    httpx timeouts bound each connect and each read, so a server that sends a byte every few
    seconds never trips them; the deadline bounds the whole exchange, redirects included.
    """
    try:
        async with asyncio.timeout(settings.deadline):
            return await _get(client, source, cache, settings, now)
    except TimeoutError as exc:  # before OSError, its base class
        message = f"no complete response within {settings.deadline:g} s"
        raise FetchError(source.name, message) from exc
    except _RedirectRefused as exc:
        raise FetchError(source.name, str(exc)) from exc
    except zlib.error as exc:
        raise FetchError(source.name, f"cannot decode the body: {exc}") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(source.name, describe_error(exc, settings.timeout)) from exc
    except OSError as exc:  # httpcore maps socket errors, but TLS setup can leak some
        raise FetchError(source.name, f"network error: {exc}") from exc


async def _get(
    client: httpx.AsyncClient,
    source: Source,
    cache: CacheInfo,
    settings: FetchSettings,
    now: datetime,
) -> Fetched:
    """Send the conditional GET and read at most ``settings.max_bytes`` of the body."""
    async with client.stream("GET", source.url, headers=cache.request_headers()) as response:
        # Before any success check: 304 is not a 2xx, yet it is the best answer there is.
        if response.status_code == httpx.codes.NOT_MODIFIED:
            # RFC 9111 section 4.3.4: a 304 updates the validators it carries.
            validators = cache.updated_by(response.headers)
            return _from_response(source, response, now, "not_modified", validators)
        if not response.is_success:
            error = f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
            return _from_response(source, response, now, "error", cache, error=error)
        body = await _read_capped(response, settings.max_bytes)
        if body is None:
            error = f"body exceeds the {format_size(settings.max_bytes)} limit"
            return _from_response(source, response, now, "error", cache, error=error)
        validators = CacheInfo().updated_by(response.headers)
        return _from_response(source, response, now, "ok", validators, body=body)


async def _read_capped(response: httpx.Response, limit: int) -> bytes | None:
    """The decompressed body, or None as soon as it is known to exceed ``limit`` bytes.

    Content-Length counts compressed bytes, which are never many more than the decompressed
    ones, so a larger declared size is refused before reading anything. Decompressed bytes are
    counted as they arrive, in steps of at most ``inflate.STEP`` bytes (httpx would expand a
    whole 64 KiB read of a gzip bomb into 64 MiB at once), so memory stays near the limit.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > limit:
        return None
    encoding = response.headers.get("content-encoding", "").strip().lower()
    # A response read before (only a test transport does that) was decoded by httpx already.
    bounded = encoding in ENCODINGS and not response.is_stream_consumed
    pieces = inflate(response.aiter_raw(), encoding) if bounded else None
    chunks: list[bytes] = []
    size = 0
    async for chunk in pieces or response.aiter_bytes():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _from_response(
    source: Source,
    response: httpx.Response,
    now: datetime,
    status: FetchStatus,
    cache: CacheInfo,
    *,
    body: bytes = b"",
    error: str | None = None,
) -> Fetched:
    """A ``Fetched`` carrying what every outcome with a response shares."""
    hops = {hop.status_code for hop in response.history}
    return Fetched(
        source,
        status,
        now,
        body=body,
        headers=tuple((name.lower(), value) for name, value in response.headers.multi_items()),
        final_url=str(response.url),
        http_status=response.status_code,
        cache=cache,
        error=error,
        # Where the feed moved, when every redirect followed was permanent.
        moved_to=str(response.url) if hops and hops <= PERMANENT_REDIRECTS else None,
    )
