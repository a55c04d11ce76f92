"""Tests for aggregator.tls: feeds fetched over real TLS on loopback, from certificates the
openssl program makes for the test (a certificate authority and a server certificate signed by
it). openssl missing skips these tests locally and fails them in CI."""

from __future__ import annotations

import asyncio
import os
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.fetch import fetch_all, fetch_cycle
from aggregator.models import CacheInfo, Fetched, FetchSettings, Source
from aggregator.tls import LazyContext
from tests.conftest import FEEDS, FeedServer, serving

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
SETTINGS = FetchSettings(user_agent="aggregator-test/1", timeout=5.0)
FEED = (FEEDS / "seed" / "outlet-a.xml").read_bytes()


@dataclass(frozen=True)
class Certificates:
    authority: Path  # the CA's certificate (PEM)
    server: ssl.SSLContext  # a server context with a certificate for DNS:localhost


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    if shutil.which("openssl") is None:
        reason = "the openssl program is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must have it; .ci/run installs it)")
        pytest.skip(reason)
    where = tmp_path_factory.mktemp("tls")
    key = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    _openssl(
        "req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=aggregator test authority",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=where,
    )  # fmt: skip
    _openssl("req", *key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
             cwd=where)  # fmt: skip
    (where / "server.ext").write_text(
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext",
        cwd=where,
    )  # fmt: skip
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(where / "server.pem", where / "server.key")
    return Certificates(where / "ca.pem", server)


@pytest.fixture
def https_server(certificates: Certificates) -> Iterator[FeedServer]:
    with serving(certificates.server) as state:
        state.routes["/feed.xml"] = (200, "application/rss+xml", FEED)
        yield state


def fetch(url: str, tls: ssl.SSLContext | None = None) -> Fetched:
    request = (Source("news", url), CacheInfo())
    [fetched] = asyncio.run(fetch_all([request], SETTINGS, now=NOW, tls=tls))
    return fetched


def authorities(context: ssl.SSLContext) -> int:
    return context.cert_store_stats()["x509_ca"]


def test_a_feed_over_https_is_verified_with_certificates_read_at_the_first_handshake(
    https_server: FeedServer, certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The context holds no CA certificate until a TLS connection needs one; it then reads
    them where httpx would (here ``SSL_CERT_FILE``) and verifies the server with them."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.authority))
    context = LazyContext()
    assert authorities(context) == 0
    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)

    fetched = fetch(https_server.url("feed.xml"), context)

    assert fetched.status == "ok", fetched.error
    assert fetched.body == FEED
    assert authorities(context) == 1  # the test authority, read once


def test_plain_http_reads_no_certificates(feed_server: FeedServer) -> None:
    """A cycle of plain HTTP feeds never reads the CA certificates."""
    feed_server.routes["/feed.xml"] = (200, "application/rss+xml", FEED)
    context = LazyContext()
    assert fetch(feed_server.url("feed.xml"), context).status == "ok"
    assert authorities(context) == 0


def test_a_server_no_trusted_authority_vouches_for_is_refused(
    https_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the test authority (certifi's bundle, as by default) the server's certificate
    is not trusted: the feed fails with a message that says so, and nothing is fetched."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    [fetched] = fetch_cycle([(Source("news", https_server.url("feed.xml")), CacheInfo())],
                            SETTINGS, now=NOW)  # fmt: skip
    assert fetched.status == "error"
    assert "certificate verify failed: unable to get local issuer" in (fetched.error or "")
    assert https_server.requests == []


def test_a_certificate_for_another_host_name_is_refused(
    https_server: FeedServer, certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The certificate names localhost: the same server asked as 127.0.0.1 is refused."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.authority))
    url = https_server.url("feed.xml").replace("//localhost:", "//127.0.0.1:")
    fetched = fetch(url, LazyContext())
    assert fetched.status == "error"
    assert "certificate is not valid for '127.0.0.1'" in (fetched.error or "")
    assert https_server.requests == []
