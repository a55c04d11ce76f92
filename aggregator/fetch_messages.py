"""What a person reads about one fetch: the log line of an outcome, and the message of a
network error. Contains no business logic; touches nothing.

httpx errors are described by the names of their classes (walked along the error's MRO,
most specific first), so that this module need not import httpx, which only ``fetch`` does.
"""

from __future__ import annotations

from aggregator.models import Fetched

# A feed URL moves once or twice (http -> https, old path -> new path); more hops than this is
# a loop or a misconfigured site, and every hop costs a round trip against the deadline.
MAX_REDIRECTS = 5

# httpx applies one timeout value to each phase; the phase says what the server was doing.
_TIMEOUT_PHASES = {
    "ConnectTimeout": "connect", "ReadTimeout": "read", "WriteTimeout": "write",
    "PoolTimeout": "waiting for a free connection",
}  # fmt: skip

_ERROR_MESSAGES = {
    "TooManyRedirects": f"too many redirects (more than {MAX_REDIRECTS})",
    "ConnectError": "cannot connect: {detail}",
    "UnsupportedProtocol": "invalid URL: {detail}",
    "InvalidURL": "invalid URL: {detail}",
    "DecodingError": "cannot decode the body: {detail}",
    "RemoteProtocolError": "the server broke the HTTP protocol: {detail}",
    "ProxyError": "proxy error: {detail}",
    "NetworkError": "connection lost: {detail}",
}


def describe_error(exc: Exception, timeout: float) -> str:
    """A short human message for an httpx error, without the feed's name."""
    names = [kind.__name__ for kind in type(exc).__mro__]
    if "TimeoutException" in names:
        phase = next((_TIMEOUT_PHASES[n] for n in names if n in _TIMEOUT_PHASES), "request")
        return f"timed out after {timeout:g} s ({phase})"
    detail = str(exc) or type(exc).__name__
    for name in names:
        if name in _ERROR_MESSAGES:
            return _ERROR_MESSAGES[name].format(detail=detail)
    return f"{type(exc).__name__}: {detail}"


def describe_outcome(fetched: Fetched) -> str:
    """The log line's middle part: what happened to one feed."""
    if fetched.status == "ok":
        return f"ok, HTTP {fetched.http_status}, {len(fetched.body)} bytes from {fetched.final_url}"
    return "not modified" if fetched.status == "not_modified" else f"failed: {fetched.error}"
