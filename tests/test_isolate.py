"""Tests for aggregator.isolate: feeds parsed in child processes under time and memory limits."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from aggregator.boilerplate import clean_document
from aggregator.errors import ParseError
from aggregator.isolate import Document, ParseJob, ParsePool
from aggregator.models import Source
from aggregator.parse import MAX_ITEMS, read_feed
from tests.conftest import FEEDS, FeedServer, write_config

FETCHED = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def job(name: str, body: bytes) -> ParseJob:
    url = f"https://{name}.example/feed/"
    return ParseJob(body, Source(name, url), {"content-type": "application/rss+xml"}, FETCHED, url)


def big_feed(items: int) -> bytes:
    """An RSS 2.0 feed of ``items`` long items (about 2 KB of HTML each)."""
    text = escape("<p>" + "Studio Kirin confirms the second season of Lantern Post Office. " * 30)
    entries = "".join(
        f"<item><title>Lantern Post Office news {n}</title>"
        f"<link>https://big.example/news/{n}</link><description>{text}</description></item>"
        for n in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
        f"<link>https://big.example/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


SEED_A = (FEEDS / "seed" / "outlet-a.xml").read_bytes()
SEED_B = (FEEDS / "seed" / "outlet-b.xml").read_bytes()


def titles(outcome: Document | ParseError) -> list[str]:
    assert isinstance(outcome, Document), outcome
    return [item.title for item in outcome.parsed.items]


def test_feeds_are_parsed_in_children_and_come_back_in_order() -> None:
    """Each job's items (or its ParseError) come back in the order of the jobs."""
    jobs = [
        job("a", SEED_A),
        job("junk", b"<html><body>Not a feed</body></html>"),
        job("b", SEED_B),
    ]
    with ParsePool(workers=2) as pool:
        outcomes = list(pool.parse(jobs))

    assert len(titles(outcomes[0])) == 5
    assert isinstance(outcomes[1], ParseError)
    assert outcomes[1].source == "junk"
    assert "Metallic Rouge Main Trailer" in " ".join(titles(outcomes[2]))
    assert all(item.source == "b" for item in outcomes[2].parsed.items)  # type: ignore[union-attr]


def test_a_worker_cleans_what_it_parses_as_the_store_would() -> None:
    """The worker cleans a feed's items of boilerplate, with the fingerprints the feed learned
    before and those of its items not read again: exactly what cleaning in this process
    gives, and the repeated blocks are gone."""
    body = (FEEDS / "boilerplate" / "kitsune-wire-1.xml").read_bytes()
    first = job("kitsune", body)
    with ParsePool(workers=1) as pool:
        [outcome] = pool.parse([first])
        assert isinstance(outcome, Document)
        parsed, cleaned = outcome.parsed, outcome.cleaned
        assert cleaned == clean_document(parsed.items, frozenset())
        assert cleaned.learned, "the feed's repeated blocks are learned"
        assert sum(map(len, (i.content for i in cleaned.items))) < sum(
            map(len, (i.content for i in parsed.items))
        )
        # The next poll: the first two items seen before, their fingerprints carried, and
        # one fingerprint known from before.
        firsts = zip(parsed.digests[:2], parsed.items, cleaned.prints, strict=False)
        last = {digest: (item.item_id, prints) for digest, item, prints in firsts}
        known = frozenset(sorted(cleaned.learned)[:1])
        [again] = pool.parse([replace(first, last=last, boilerplate=known)])
    assert isinstance(again, Document)
    known_ids = {digest: article for digest, (article, _) in last.items()}
    reread = read_feed(
        body, source=first.source, headers=first.headers, fetched_at=FETCHED,
        base_url=first.base_url, known=known_ids,
    )  # fmt: skip
    assert [s.item_id for s in again.parsed.seen] == [i.item_id for i in parsed.items[:2]]
    carried = [last[seen.digest][1] for seen in reread.seen]
    assert again.cleaned == clean_document(reread.items, known, carried)


def test_each_outcome_comes_while_the_next_feeds_are_parsed() -> None:
    """The caller gets a feed's outcome as soon as it is parsed (to store it) while the worker
    is already parsing the next feed, not after every feed is done."""
    with ParsePool(workers=1) as pool:
        outcomes = pool.parse([job("a", SEED_A), job("big", big_feed(2000)), job("b", SEED_B)])
        assert len(titles(next(outcomes))) == 5
        assert [worker.job for worker in pool._workers] == [1]  # "big" is being parsed
        assert len(titles(next(outcomes))) == MAX_ITEMS
        assert [worker.job for worker in pool._workers] == [2]
        assert all(item.source == "b" for item in next(outcomes).parsed.items)  # type: ignore[union-attr]
        assert next(outcomes, None) is None


def test_no_jobs_start_no_process() -> None:
    """A cycle where every feed answered 304 forks nothing."""
    with ParsePool(workers=2) as pool:
        assert list(pool.parse([])) == []
        assert pool._workers == []


def test_a_parse_past_the_timeout_fails_that_feed_alone() -> None:
    """A feed that takes longer than the timeout gets a clear error; the worker is replaced
    and the feeds after it are parsed."""
    with ParsePool(workers=1, timeout=0.2) as pool:
        outcomes = list(pool.parse([job("slow", big_feed(4000)), job("a", SEED_A)]))
        # The replacement worker still has the same short timeout; a small feed fits in it.
    assert isinstance(outcomes[0], ParseError)
    assert "longer than 0.2 s" in outcomes[0].message
    assert len(titles(outcomes[1])) == 5


def test_a_parse_past_the_memory_limit_fails_that_feed_alone() -> None:
    """With a small memory allowance a huge feed fails with a message about memory; the feed
    after it is parsed by a fresh worker."""
    with ParsePool(workers=1, memory=24 << 20) as pool:
        outcomes = list(pool.parse([job("huge", big_feed(8000)), job("a", SEED_A)]))

    assert isinstance(outcomes[0], ParseError)
    assert "memory" in outcomes[0].message
    assert len(titles(outcomes[1])) == 5


def test_a_worker_killed_mid_parse_fails_only_its_feed() -> None:
    """A worker killed from outside (as the kernel's out-of-memory killer does) reports its
    feed as failed with the signal; the other feeds are parsed."""
    with ParsePool(workers=1) as pool:

        def kill_the_worker() -> None:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                busy = [w for w in pool._workers if w.job == 0]
                if busy and busy[0].process.pid:
                    os.kill(busy[0].process.pid, signal.SIGKILL)
                    return
                time.sleep(0.005)

        killer = threading.Thread(target=kill_the_worker)
        killer.start()
        outcomes = list(pool.parse([job("victim", big_feed(4000)), job("a", SEED_A)]))
        killer.join()

    assert isinstance(outcomes[0], ParseError)
    assert "killed by signal 9" in outcomes[0].message
    assert len(titles(outcomes[1])) == 5


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_are_stopped_on_close(workers: int) -> None:
    """Closing the pool leaves no child process behind."""
    pool = ParsePool(workers=workers)
    list(pool.parse([job("a", SEED_A), job("b", SEED_B)]))
    processes = [w.process for w in pool._workers]
    pool.close()
    assert processes
    assert not any(p.is_alive() for p in processes)


def test_a_feed_too_slow_to_parse_fails_alone_in_a_real_run(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Through the real CLI (``python -m aggregator run``, one process per run as from cron):
    with ``fetch.parse_timeout`` short, a huge feed fails with the reason on stderr and exit
    status 3, and the healthy feeds beside it are stored."""
    huge = tmp_path / "huge.xml"
    huge.write_bytes(big_feed(4000))  # 8.6 MB: under the 10 MiB cap, over 1 s to parse
    urls = {
        "Anime Corner": feed_server.add_file("/a.xml", FEEDS / "seed" / "outlet-a.xml"),
        "Huge Outlet": feed_server.add_file("/huge.xml", huge),
        "Anime Herald": feed_server.add_file("/b.xml", FEEDS / "seed" / "outlet-b.xml"),
    }
    config = write_config(tmp_path, urls, "fetch:\n  parse_timeout: 0.2\n")
    command = [sys.executable, "-m", "aggregator", "--config", str(config), "run"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 3, done.stderr
    assert "Huge Outlet" in done.stderr
    assert "parsing took longer than 0.2 s" in done.stderr
    with sqlite3.connect(tmp_path / "store" / "aggregator.db") as conn:
        stored = dict(conn.execute("SELECT feed, COUNT(*) FROM articles GROUP BY feed"))
    assert stored == {"Anime Corner": 5, "Anime Herald": 5}
