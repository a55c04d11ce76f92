"""Feed documents, a loopback HTTP server for them, and measuring a child process. For benchmarks.

Touches loopback sockets and starts processes. ``render_document`` writes an outlet's articles
as its RSS 2.0 or Atom 1.0 document, as WordPress and similar sites write them (escaped HTML
summary, full content, enclosure image, validators). ``FeedServer`` serves documents by path
on many loopback addresses at once (127.0.0.1, 127.0.0.2, …, one port; Linux routes all of
127/8 to the loopback interface), so that each feed has a host of its own and a client's
per-host limit applies per feed, as it does with real outlets. Every response waits
``latency`` seconds first (a distant server's time to first byte), bodies are gzipped when the
client accepts it, and ``If-None-Match`` / ``If-Modified-Since`` get a 304 when they match. It
counts responses by status. ``run_child`` runs a command and reports its wall time, the CPU
time of its process tree and the tree's peak memory.
"""

from __future__ import annotations

import asyncio
import compileall
import gzip
import hashlib
import os
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, formatdate, parsedate_to_datetime
from html import escape
from pathlib import Path
from types import TracebackType

from feeds_synth import Outlet

import aggregator
from aggregator.models import Item


@dataclass(frozen=True, slots=True)
class Document:
    """A feed document as a server holds it."""

    body: bytes
    gzipped: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


def render_document(outlet: Outlet, items: Sequence[Item]) -> Document:
    """``items`` (newest first) as ``outlet``'s feed document."""
    newest = max((i.date for i in items), default=datetime(2024, 1, 1, tzinfo=UTC))
    body = (_atom_feed if outlet.atom else _rss_feed)(outlet, items, newest).encode()
    etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
    modified = format_datetime(newest, usegmt=True)
    kind = "atom" if outlet.atom else "rss"
    return Document(
        body=body,
        gzipped=gzip.compress(body, 6, mtime=0),
        content_type=f"application/{kind}+xml; charset=UTF-8",
        etag=None if outlet.validators == "modified" else etag,
        last_modified=None if outlet.validators == "etag" else modified,
    )


def _rss_feed(outlet: Outlet, items: Sequence[Item], newest: datetime) -> str:
    entries = []
    for i in items:
        image = f'<enclosure url="{i.image_url}" length="84211" type="image/jpeg"/>'
        entries.append(
            f"<item><title>{escape(i.title)}</title><link>{i.url}</link>"
            f"<dc:creator><![CDATA[{i.author}]]></dc:creator>"
            f"<pubDate>{format_datetime(i.date)}</pubDate><category>Anime</category>"
            f'<category>News</category><guid isPermaLink="true">{i.guid}</guid>'
            f"<description>{escape(i.summary)}</description>"
            f"<content:encoded><![CDATA[{i.content}]]></content:encoded>"
            f"{image if i.image_url else ''}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>'
        f"<title>{escape(outlet.name)}</title><link>{outlet.home}</link>"
        f"<description>Anime news from {escape(outlet.name)}</description>"
        f"<language>en-US</language><lastBuildDate>{format_datetime(newest)}</lastBuildDate>"
        "<generator>https://wordpress.org/?v=6.4.2</generator>\n"
        + "\n".join(entries)
        + "\n</channel>\n</rss>\n"
    )


def _atom_feed(outlet: Outlet, items: Sequence[Item], newest: datetime) -> str:
    entries = []
    for i in items:
        image = f'<link rel="enclosure" type="image/jpeg" href="{i.image_url}"/>'
        entries.append(
            f'<entry><id>{i.guid}</id><title type="html">{escape(i.title)}</title>'
            f'<link rel="alternate" type="text/html" href="{i.url}"/>'
            f"<published>{i.date.isoformat()}</published><updated>{i.date.isoformat()}</updated>"
            f'<author><name>{i.author}</name></author><category term="Anime"/>'
            f'<summary type="html">{escape(i.summary)}</summary>'
            f'<content type="html">{escape(i.content)}</content>'
            f"{image if i.image_url else ''}</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="en"><title>{escape(outlet.name)}</title><id>{outlet.home}</id>'
        f'<link rel="alternate" href="{outlet.home}"/><updated>{newest.isoformat()}</updated>\n'
        + "\n".join(entries)
        + "\n</feed>\n"
    )


HOSTS_PER_BLOCK = 250  # 127.0.B.1 .. 127.0.B.250


def loopback_host(index: int) -> str:
    """The loopback address of feed ``index``: 127.0.0.1 for the first, then onwards."""
    return f"127.0.{index // HOSTS_PER_BLOCK}.{index % HOSTS_PER_BLOCK + 1}"


class FeedServer:
    """Serves ``documents`` (path -> Document) on ``hosts`` loopback addresses, one port."""

    def __init__(self, hosts: int, latency: float) -> None:
        self.hosts = [loopback_host(i) for i in range(hosts)]
        self.latency = latency
        self.documents: dict[str, Document] = {}
        self.counts: Counter[int] = Counter()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._servers: list[asyncio.Server] = []

    def url(self, index: int, path: str) -> str:
        return f"http://{self.hosts[index % len(self.hosts)]}:{self.port}{path}"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for server in self._servers:
            self._loop.call_soon_threadsafe(server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()

    async def _listen(self) -> None:
        # The first address picks a free port; the others listen on the same one.
        for host in self.hosts:
            server = await asyncio.start_server(self._serve, host, self.port, backlog=256)
            self.port = self.port or server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Answer requests on one connection until the client closes it (HTTP/1.1 keep-alive)."""
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
                path = head[0].split(" ")[1]
                fields = (line.partition(":") for line in head[1:] if line)
                headers = {name.strip().lower(): value.strip() for name, _, value in fields}
                await asyncio.sleep(self.latency)
                status, reply, body = self._answer(self.documents.get(path), headers)
                self.counts[status] += 1
                lines = [f"HTTP/1.1 {status} {REASONS[status]}", f"Date: {formatdate(usegmt=True)}"]
                lines += [f"{name}: {value}" for name, value in reply.items()]
                lines.append(f"Content-Length: {len(body)}")
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @staticmethod
    def _answer(
        document: Document | None, headers: Mapping[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        if document is None:
            return 404, {"Content-Type": "text/plain"}, b"no such feed\n"
        validators = {"ETag": document.etag, "Last-Modified": document.last_modified}
        reply = {name: value for name, value in validators.items() if value}
        if _not_modified(document, headers):
            return 304, reply, b""
        reply |= {"Content-Type": document.content_type, "Vary": "Accept-Encoding"}
        if "gzip" in headers.get("accept-encoding", ""):
            return 200, reply | {"Content-Encoding": "gzip"}, document.gzipped
        return 200, reply, document.body


REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found"}


def _not_modified(document: Document, headers: Mapping[str, str]) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    if "if-none-match" in headers:
        tags = {tag.strip().removeprefix("W/") for tag in headers["if-none-match"].split(",")}
        return document.etag is not None and (document.etag in tags or "*" in tags)
    since = headers.get("if-modified-since")
    if since is None or document.last_modified is None:
        return False
    try:
        return parsedate_to_datetime(since) >= parsedate_to_datetime(document.last_modified)
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Run:
    """What one child process cost, and what it printed."""

    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds of the child and its descendants
    rss_mb: float  # peak RSS of the largest process of the tree (its VmHWM)
    tree_mb: float  # peak of the tree's RSS added up (each process's VmRSS, sampled)
    returncode: int
    stdout: str
    stderr: str


SAMPLE = 0.02  # seconds between two readings of the process tree's memory


def compile_aggregator() -> str:
    """Compile aggregator's modules to bytecode, as ``pip install .`` does, and say so.

    An editable install (``pip install -e .``, how the benchmarks run) leaves them to be
    compiled on first import, and where PYTHONDONTWRITEBYTECODE is set (as on the machine of
    the figures) on every import: about 0.1 s of every run that an installed copy never pays.
    """
    compileall.compile_dir(Path(aggregator.__file__).parent, quiet=1)
    return "aggregator's modules compiled to bytecode first, as `pip install .` does"


def run_child(argv: Sequence[str], *, env: Mapping[str, str] | None = None) -> Run:
    """Run ``argv`` to completion and measure it.

    CPU comes from ``os.wait4`` (the child and every descendant it waited for). Memory is read
    from /proc while the child runs, not from ``ru_maxrss``: Linux carries a process's peak RSS
    over ``exec``, so a child of a large benchmark process would report the benchmark's size.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        peaks = [0, 0]  # the largest VmHWM, the largest sum of VmRSS (kB)
        done = threading.Event()
        sampler = threading.Thread(target=_sample, args=(child.pid, peaks, done), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_mb=peaks[0] / 1024,
            tree_mb=peaks[1] / 1024,
            returncode=child.returncode,
            stdout=out.read(),
            stderr=err.read(),
        )


def _sample(root: int, peaks: list[int], done: threading.Event) -> None:
    """Keep ``peaks`` at the largest VmHWM and the largest total VmRSS of ``root``'s tree."""
    while True:
        memory = [_memory(pid) for pid in _tree(root)]
        peaks[0] = max([peaks[0], *(hwm for hwm, _ in memory)])
        peaks[1] = max(peaks[1], sum(rss for _, rss in memory))
        if done.wait(SAMPLE):
            return


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc/PID/task/TID/children (Linux 3.5+)."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except OSError:  # the process ended meanwhile
            continue
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(VmHWM, VmRSS) of ``pid`` in kB; zeros once it has ended."""
    try:
        with open(f"/proc/{pid}/status") as status:
            fields = dict(line.split(":", 1) for line in status if line.startswith("Vm"))
        return int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0
