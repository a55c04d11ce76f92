"""`aggregator serve`: the published files over HTTP with ETag/304 and gzip."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aggregator.serve import make_server

ATOM = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    + (b"<title>Merged</title>" * 40)
    + b"</feed>\n"
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "feed.atom").write_bytes(ATOM)
    (tmp_path / "index.html").write_bytes(b"<!doctype html><title>Merged</title>")
    (tmp_path / "aggregator.db").write_bytes(b"secret")
    server = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_etag_and_304(served: str) -> None:
    """A repeated request with If-None-Match gets 304 and no body."""
    first = httpx.get(f"{served}/feed.atom")
    assert first.status_code == 200
    assert first.content == ATOM
    assert first.headers["content-type"].startswith("application/atom+xml")
    again = httpx.get(f"{served}/feed.atom", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_gzip_when_accepted(served: str) -> None:
    """Clients that accept gzip get a gzipped body that decodes to the file."""
    with httpx.Client() as client:
        request = client.build_request(
            "GET", f"{served}/feed.atom", headers={"Accept-Encoding": "gzip"}
        )
        response = client.send(request, stream=True)
        raw = b"".join(response.iter_raw())
        response.close()
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(raw) == ATOM


def test_only_published_files_are_served(served: str) -> None:
    """The database and paths outside the published set are 404; / is the HTML page."""
    assert httpx.get(f"{served}/aggregator.db").status_code == 404
    assert httpx.get(f"{served}/../etc/passwd").status_code == 404
    assert httpx.get(f"{served}/feed.rss").status_code == 404  # not published yet
    assert httpx.get(f"{served}/").text.startswith("<!doctype html>")
