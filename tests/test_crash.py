"""Killed at any moment: real ``aggregator run`` processes are killed with SIGKILL at points
spread over a run, and the next run must find a consistent store, lose and duplicate nothing,
and publish exactly what an uninterrupted run publishes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import FeedServer, serving, write_config

PUBLISHED = ("feed.atom", "feed.rss", "feed.json", "index.html")
OUTLETS = ("Hoshi Wire", "Kumo Anime Times", "Sakura Dispatch", "Anime Lantern", "Otaku Ledger")
SHOWS = (
    "Lantern Post Office", "Gearbound Knights", "Moonlit Bakery Detectives", "Tidal Symphony",
    "Paper Crane Academy", "Starfall Courier", "Ironleaf Chronicles", "Velvet Harbor",
    "Cobalt Fox Agency", "Silent Orchard", "Ember Rail", "Whisker Patrol",
)  # fmt: skip
NEWS = (
    ("{show} Anime Reveals Main Trailer and January Premiere", "The main trailer for {show} "
     "previews the opening theme by {artist}; the series premieres in January on Tokyo MX."),
    ("{show} Season 2 Announced With Teaser Visual", "A second season of {show} is in "
     "production at {studio}, with director {person} returning."),
    ("{show} Adds {person} to Its Cast", "{person} joins the cast of {show} as the rival, "
     "the official website announced on Friday."),
    ("{show} Film Delayed to Summer", "The {show} film, produced by {studio}, moves to summer "
     "because of production issues, the staff said."),
)  # fmt: skip
ARTISTS = ("Night Tram", "Paper Satellites", "Kaede Orbit", "Glass Heron")
STUDIOS = ("Studio Kirin", "Hanabi Works", "Atelier Suzu", "Bluepine")
PEOPLE = ("Aoi Minase", "Ren Takeshita", "Yuki Arakawa", "Sora Hinode", "Mei Kurose")
START = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def stories(count: int) -> Iterator[tuple[str, str, list[str], datetime]]:
    """(title, text, outlets reporting it, date) of ``count`` synthetic stories."""
    for n in range(count):
        title, text = NEWS[n % len(NEWS)]
        slots = {
            "show": SHOWS[n % len(SHOWS)],
            "artist": ARTISTS[n % len(ARTISTS)],
            "studio": STUDIOS[n % len(STUDIOS)],
            "person": PEOPLE[n % len(PEOPLE)],
        }
        outlets = [OUTLETS[(n + k) % len(OUTLETS)] for k in range(1 + n % 3)]
        yield title.format(**slots), text.format(**slots), outlets, START + timedelta(hours=5 * n)


def write_feeds(directory: Path, count: int) -> dict[str, Path]:
    """One RSS 2.0 file per outlet with its reports of the first ``count`` stories."""
    items: dict[str, list[str]] = {outlet: [] for outlet in OUTLETS}
    for n, (title, text, outlets, date) in enumerate(stories(count)):
        for k, outlet in enumerate(outlets):
            slug = f"{n:03d}-{outlet.split()[0].lower()}"
            items[outlet].append(
                f"<item><title>{escape(title)}</title>"
                f"<link>https://{slug}.example/news/{n}</link>"
                f"<guid>https://{slug}.example/news/{n}</guid>"
                f"<pubDate>{format_datetime(date + timedelta(hours=k))}</pubDate>"
                f"<description>{escape(f'<p>{text}</p>' * 3)}</description></item>"
            )
    files = {}
    for outlet, entries in items.items():
        path = directory / f"{outlet.split()[0].lower()}.xml"
        body = "".join(reversed(entries))
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{outlet}</title><link>https://{outlet.split()[0].lower()}.example/</link>"
            f"<description>News</description>{body}</channel></rss>",
            encoding="utf-8",
        )
        files[outlet] = path
    return files


def run(config: Path, kill_after: float | None = None) -> float:
    """Run ``aggregator run`` as a real process; with ``kill_after``, SIGKILL it then (if it is
    still running). Returns the wall seconds it ran."""
    started = time.monotonic()
    command = [sys.executable, "-m", "aggregator", "--config", str(config), "run"]
    if kill_after is None:
        done = subprocess.run(command, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr.decode()
        return time.monotonic() - started
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    return time.monotonic() - started


def snapshot(store: Path) -> dict[str, object]:
    """What must match an uninterrupted run: the articles, the grouping, the published files."""
    with sqlite3.connect(store / "aggregator.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT feed, guid, story_id, version FROM articles").fetchall()
        notes = conn.execute("SELECT story_id, kind, article_id, text FROM story_notes").fetchall()
    assert all(story is not None for _, _, story, _ in rows), "an article was left ungrouped"
    assert len({(feed, guid) for feed, guid, _, _ in rows}) == len(rows)
    return {
        "articles": sorted(rows),
        "notes": sorted(notes),
        "files": {name: (store / name).read_bytes() for name in PUBLISHED},
        "stray": sorted(p.name for p in store.iterdir() if p.name.endswith(".tmp")),
    }


def serve(server: FeedServer, feeds: dict[str, Path]) -> dict[str, str]:
    """Serve these versions of the outlets' feeds; their URLs by outlet."""
    return {outlet: server.add_file(f"/{path.name}", path) for outlet, path in feeds.items()}


def setup_store(server: FeedServer, root: Path, feeds: dict[str, Path]) -> Path:
    """A config in the new directory ``root`` (store beside it) polling ``feeds``."""
    root.mkdir()
    return write_config(root, serve(server, feeds))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FeedServer, Path]]:
    root = tmp_path_factory.mktemp("crash")
    (root / "v1").mkdir()
    (root / "v2").mkdir()
    with serving() as server:
        yield server, root


# Where in a run the kill lands, as a share of an uninterrupted run's wall time: during start-up,
# fetching, storing, grouping and publishing.
KILL_POINTS = (0.3, 0.45, 0.6, 0.7, 0.8, 0.9, 0.97)


def test_a_run_killed_at_any_point_loses_and_duplicates_nothing(
    scenario: tuple[FeedServer, Path],
) -> None:
    """A first cycle (60 stories from 5 outlets) and a later one (30 more stories) are each
    killed at several points on fresh copies; the next run then completes, and the store and
    every published file equal those of uninterrupted runs."""
    server, root = scenario
    v1, v2 = write_feeds(root / "v1", 60), write_feeds(root / "v2", 90)
    reference = setup_store(server, root / "reference", v1)
    first_seconds = run(reference)
    expected_first = snapshot(reference.parent / "store")
    serve(server, v2)
    second_seconds = run(reference)
    expected_second = snapshot(reference.parent / "store")
    assert expected_second["articles"] != expected_first["articles"]

    for index, share in enumerate(KILL_POINTS):
        config = setup_store(server, root / f"first-{index}", v1)
        run(config, kill_after=first_seconds * share)
        run(config)
        assert snapshot(config.parent / "store") == expected_first, share

        serve(server, v2)
        run(config, kill_after=second_seconds * share)
        run(config)
        assert snapshot(config.parent / "store") == expected_second, share
