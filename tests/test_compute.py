"""``compute.halves`` forks a real child for half of a batch; a large grouping split over two
processes (``story_batch.PARALLEL_FROM``) saves exactly what one process saves, and a fetch of many
hosts split over two (``fetch.SPLIT_FROM``) brings back what one process brings."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator import compute, fetch, store, story_batch
from aggregator.config import parse_config
from aggregator.match_features import Features, features_of
from aggregator.models import CacheInfo, FetchSettings, Item, Source
from tests.test_match import article

needs_fork = pytest.mark.skipif(not compute.can_fork(), reason="one CPU or no fork here")
PARENT = os.getpid()


def where(batch: Sequence[int]) -> list[tuple[int, int]]:
    """Each number with the process that computed it."""
    return [(n, os.getpid()) for n in batch]


@needs_fork
def test_the_second_half_is_computed_in_a_child() -> None:
    result = compute.halves(where, list(range(11)))
    assert [n for n, _ in result] == list(range(11))
    assert {pid for _, pid in result[:5]} == {PARENT}
    (child,) = {pid for _, pid in result[5:]}
    assert child != PARENT
    with pytest.raises(ChildProcessError):  # reaped: no zombie left behind
        os.waitpid(child, os.WNOHANG)


def fails_in_a_child(batch: Sequence[int]) -> list[tuple[int, int]]:
    if os.getpid() != PARENT:
        raise RuntimeError("a helper's bug")
    return where(batch)


def killed_in_a_child(batch: Sequence[int]) -> list[tuple[int, int]]:
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return where(batch)


@needs_fork
@pytest.mark.parametrize("compute_", [fails_in_a_child, killed_in_a_child])
def test_a_failed_child_costs_only_time(compute_: object, caplog: pytest.LogCaptureFixture) -> None:
    """The parent computes the half of a child that raised or was killed (the OOM killer)."""
    with caplog.at_level(logging.WARNING, logger="aggregator.compute"):
        result = compute.halves(compute_, list(range(6)))  # type: ignore[arg-type]
    assert result == [(n, PARENT) for n in range(6)]
    assert "a helper process failed" in caplog.text


@needs_fork
def test_an_error_in_the_parents_half_propagates_and_ends_the_child(tmp_path: Path) -> None:
    started = tmp_path / "child.pid"

    def fails_in_the_parent(batch: Sequence[int]) -> list[tuple[int, int]]:
        if os.getpid() != PARENT:
            started.write_text(str(os.getpid()))
            threading.Event().wait(30)  # still at work when the parent gives up
            return where(batch)
        for _ in range(500):
            if started.exists() and started.read_text():
                break
            threading.Event().wait(0.01)
        raise ValueError("the parent's half failed")

    with pytest.raises(ValueError, match="the parent's half failed"):
        compute.halves(fails_in_the_parent, list(range(6)))
    with pytest.raises(ChildProcessError):  # killed and reaped at once, not left to finish
        os.waitpid(int(started.read_text()), os.WNOHANG)


def test_no_child_while_another_thread_runs() -> None:
    """A fork would copy locks another thread holds: with a thread running, one process."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not compute.can_fork()
        assert compute.halves(where, list(range(6))) == [(n, PARENT) for n in range(6)]
    finally:
        stop.set()
        other.join()


def test_a_batch_of_one_stays_in_this_process() -> None:
    assert compute.halves(where, [7]) == [(7, PARENT)]
    assert compute.halves(where, []) == []


def _resident_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_freed_heap_goes_back_to_the_system() -> None:
    # 60 MB in blocks that malloc (not Python's small-object allocator) serves, one in sixteen
    # kept: the freed runs between them stay in the process until trimmed.
    blocks = [bytes(4096) for _ in range(15_000)]
    kept = blocks[::16]
    del blocks
    before = _resident_kb()
    if not compute.trim_heap():
        pytest.skip("no malloc_trim in this C library (musl)")
    assert before - _resident_kb() > 20_000
    assert len(kept) == 938  # still held: only free memory went


# A batch of news from three outlets: each show's news is reported by all three under different
# headlines, and some outlets carry news of their own.
OUTLETS = ("Lantern Wire", "Sakura Ledger", "Otaku Relay")
SHOWS = (
    ("Moonlit Teahouse", "Kaede Sorami", "Studio Fennel"),
    ("Iron Petal Brigade", "Hiroto Amagase", "Lapis Works"),
    ("Cobalt Lighthouse", "Mirei Tsukishiro", "Studio Wren"),
    ("Paper Kite Detectives", "Souta Higurashi", "Quill Animation"),
    ("Frostbound Courier", "Yuzuki Harada", "Studio Marrow"),
    ("Velvet Comet Academy", "Ren Kisaragi", "Orbit Pictures"),
    ("Garnet Sky Express", "Aoi Minazuki", "Studio Basil"),
    ("Hollow Bell Shrine", "Takumi Ogasawara", "Silverleaf Films"),
)
HEADLINES = (
    "{show} Anime Reveals Main Cast, July Premiere",
    "{lead} Leads Cast of {show} TV Anime",
    "{show} Adaptation Casts {lead}, Sets Summer Debut",
)
START = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)


def batch() -> list[Item]:
    items = []
    for number, (show, lead, studio) in enumerate(SHOWS):
        for index, outlet in enumerate(OUTLETS):
            text = (
                f"The television anime of {show} stars {lead} in the lead role. {studio} "
                f"animates the series, which premieres in July on a late-night slot."
            )
            title = HEADLINES[index].format(show=show, lead=lead)
            url = f"https://{outlet.split()[0].lower()}.example/news/{number}-{index}"
            date = START + timedelta(hours=number * 7 + index)
            items.append(article(outlet, url, title, text, date))
        own = f"{show} Manga Gets Artbook With Unpublished Sketches"
        url = f"https://lantern.example/books/{number}"
        sketch = f"A {studio} artbook collects the sketches of {show} by its creator."
        items.append(article(OUTLETS[0], url, own, sketch, START + timedelta(hours=number * 7)))
    return items


def group_once(
    directory: Path, parallel_from: int, monkeypatch: pytest.MonkeyPatch
) -> list[object]:
    directory.mkdir()
    monkeypatch.setattr(story_batch, "PARALLEL_FROM", parallel_from)  # also the parts read at once
    monkeypatch.setattr(story_batch, "MERGE_PART", 3)
    feeds = "".join(
        f"  - name: {o}\n    url: https://{o[:4].lower()}.example/feed\n" for o in OUTLETS
    )
    config = parse_config(
        f"store: {directory}\noutput:\n  title: t\n  url: https://example.org/\nfeeds:\n{feeds}",
        directory / "feeds.yaml",
    )
    db = store.open_db(config.db_path)
    first = [item for item in batch() if item.source != OUTLETS[2]]
    later = [item for item in batch() if item.source == OUTLETS[2]]
    with db.atomic():
        store.save_sources(db, config.feeds)
        store.save_items(db, first)
    assert story_batch.group_new(db, config) == (16, 0)
    with db.atomic():  # the third outlet's reports meet stored stories
        store.save_items(db, later)
    assert story_batch.group_new(db, config) == (0, 8)
    db.close()
    return saved_grouping(config.db_path)


def saved_grouping(path: Path) -> list[object]:
    """The stories, memberships (with scores and reasons) and notes a store holds."""
    with sqlite3.connect(path) as conn:
        return [
            conn.execute(sql).fetchall()
            for sql in (
                "SELECT * FROM stories ORDER BY id",
                "SELECT id, story_id, match_score, match_reason FROM articles ORDER BY id",
                "SELECT story_id, at, kind, article_id, text FROM story_notes ORDER BY 1, 2, 3, 4",
            )
        ]


@needs_fork
def test_grouping_on_two_cores_saves_what_one_core_saves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words read, comparisons made and stories merged on two cores (half of each in a child
    process) give the same stories, memberships, scores and notes, as a batch arrives into an
    empty store and as a later one meets stored stories."""
    assert compute.can_fork()  # no thread left running by another test: the child does start
    one = group_once(tmp_path / "one", 10**9, monkeypatch)
    two = group_once(tmp_path / "two", 4, monkeypatch)
    assert one == two
    stories, articles, notes = one
    assert len(articles) == 32
    assert len(stories) == 16  # eight shows' cast news of three reports each, eight artbooks
    assert sum(1 for *_, kind, _, _ in notes if kind == "source") == 16


@needs_fork
def test_a_cycle_of_many_hosts_fetches_in_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From ``fetch.SPLIT_FROM`` hosts a child fetches half of them: every feed is fetched once,
    its answer in the place of its request, as a fetch in one process gives them."""
    for number in range(6):
        (tmp_path / f"{number}.xml").write_text(
            f"<rss><channel><title>{number}</title></channel></rss>"
        )
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "0.0.0.0", "-d", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline().split(" port ")[1].split()[0])
        requests = [
            (Source(f"Feed {n}", f"http://127.0.0.{1 + n % 3}:{port}/{n}.xml"), CacheInfo())
            for n in range(6)
        ]
        settings = FetchSettings(user_agent="aggregator-test")
        monkeypatch.setattr(fetch, "SPLIT_FROM", 2)
        assert compute.can_fork()
        split = fetch.fetch_cycle(requests, settings, now=datetime.now(UTC))
        monkeypatch.setattr(fetch, "SPLIT_FROM", 10**9)
        single = fetch.fetch_cycle(requests, settings, now=datetime.now(UTC))
    finally:
        server.kill()
        server.wait()
        if server.stdout is not None:
            server.stdout.close()
    assert [f.source for f in split] == [source for source, _ in requests]
    assert [f.body for f in split] == [f.body for f in single]
    assert [f.status for f in split] == ["ok"] * 6
    assert [f.body.decode().count(f"<title>{n}</title>") for n, f in enumerate(split)] == [1] * 6


def read_words(features: Sequence[Features]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [feature.text.read() for feature in features]


@needs_fork
def test_words_read_in_a_child_are_held_as_if_read_here() -> None:
    """``Text.take`` holds what a child read: the same words and pairs, as this process's own
    strings (interned again: thousands of articles must share one string per word)."""
    items = batch()[:6]
    here = [features_of(item) for item in items]
    there = [features_of(item) for item in items]
    for feature, read in zip(there, compute.halves(read_words, there), strict=True):
        feature.text.take(read)
    for mine, taken in zip(here, there, strict=True):
        assert (taken.words, taken.pairs) == (mine.words, mine.pairs)
        assert all(a is b for a, b in zip(taken.words, mine.words, strict=True))
        assert taken.text.words_below_headline() == mine.text.words_below_headline()
