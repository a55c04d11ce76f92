"""A real feed reader reads what we publish, and what it sees changes only with the data.

The real CLI polls the reader fixture outlets (tests/feeds/reader/) on a loopback HTTP server
and publishes; the published feed.atom and feed.rss are then served on loopback too, and the
Debian program newsboat (`newsboat -x reload`) fetches them into its SQLite cache, which the
tests read. newsboat missing skips those tests locally and fails them in CI. The other tests
run cycles and compare the published files and ids from one cycle to the next.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from aggregator.publish import FEED_FILES
from aggregator.text import parse_iso
from tests.conftest import FEEDS, FeedServer, write_config
from tests.test_feed_validity import A, rfc3339, run_cli
from tests.test_publish import urn

READER = FEEDS / "reader"
NEWSBOAT_TIMEOUT = 60  # seconds; a reload of one loopback feed takes a fraction of one
FORMATS = {"feed.atom": "application/atom+xml", "feed.rss": "application/rss+xml"}
# The cleaned titles of the stories of the first cycle (see tests/feeds/reader/README.md).
STORIES = [
    "Hoshizora Diner Manga Ends in March",
    "Kaiju & Co. Stage Play Adds Matinee Shows",
    "Orbit Academy Season 2 Sets April 8 Premiere & Reveals New Key Visual",
    "Studio Kumo’s Next Film “Paper Lanterns” Gets a First Teaser",
    "『星屑ラジオ』TVアニメ化決定、2026年秋放送",
]
LATER = "Moonlit Bakery Anime Casts Its Two Leads"
ORBIT_URL = "https://lanternpost.example/2026/02/03/orbit-academy-season-2-april-premiere/"
# newsboat dates an Atom entry by its published (the first report), an RSS item by its pubDate
# (the story's last update).
ORBIT_DATE = {
    "feed.atom": datetime(2026, 2, 3, 10, 15, tzinfo=UTC),
    "feed.rss": datetime(2026, 2, 3, 13, 40, tzinfo=UTC),
}


@pytest.fixture
def newsboat() -> str:
    """The newsboat program: skips the test when it is missing, except in CI, which fails."""
    program = shutil.which("newsboat")
    if program is None:
        reason = "newsboat is not installed; install it with: apt-get install newsboat"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must have it; .ci/run installs it)")
        pytest.skip(reason)
    return program


def reader_setup(server: FeedServer, directory: Path) -> Path:
    """Serve the two reader fixture outlets; a feeds.yaml in ``directory`` for them."""
    lantern = server.add_file("/lantern.xml", READER / "lantern-post.xml")
    crystal = server.add_file("/crystal.atom", READER / "crystal-signal.atom", FORMATS["feed.atom"])
    return write_config(directory, {"Lantern Post": lantern, "Crystal Signal": crystal})


def publish_cycle(server: FeedServer, config: Path) -> dict[str, str]:
    """Run one cycle, then serve its feed.atom and feed.rss; returns file name -> URL."""
    assert run_cli(config) == 0
    store = config.parent / "store"
    return {
        name: server.add_file(f"/out/{name}", store / name, kind) for name, kind in FORMATS.items()
    }


def reload(newsboat: str, home: Path, url: str) -> tuple[str, dict[str, dict[str, Any]]]:
    """`newsboat -x reload` of ``url`` with config, urls and cache in ``home``.

    Returns the feed's title and its items by guid, as newsboat cached them.
    """
    home.mkdir(exist_ok=True)
    (home / "config").write_text("", encoding="utf-8")
    (home / "urls").write_text(url + "\n", encoding="utf-8")
    command = [newsboat, "-C", str(home / "config"), "-u", str(home / "urls")]
    command += ["-c", str(home / "cache.db"), "-x", "reload"]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": str(home / "xdg"), "XDG_DATA_HOME": str(home / "xdg")}  # fmt: skip
    done = subprocess.run(
        command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=NEWSBOAT_TIMEOUT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    with closing(sqlite3.connect(home / "cache.db")) as conn:
        conn.row_factory = sqlite3.Row
        feed = conn.execute("SELECT title FROM rss_feed WHERE rssurl = ?", [url]).fetchone()
        assert feed is not None, f"newsboat did not store {url}: {done.stdout}{done.stderr}"
        rows = conn.execute(
            "SELECT guid, title, url, author, pubDate, content FROM rss_item"
            " WHERE feedurl = ? AND deleted = 0",
            [url],
        ).fetchall()
    return feed["title"], {row["guid"]: dict(row) for row in rows}


def published_ids(store: Path) -> dict[str, str]:
    """Entry id -> title in the published feed.atom."""
    entries = ET.fromstring((store / "feed.atom").read_bytes()).findall(f"{A}entry")
    return {entry.findtext(f"{A}id", ""): entry.findtext(f"{A}title", "") for entry in entries}


def snapshot(store: Path) -> dict[str, tuple[bytes, int, int]]:
    """Each published file's bytes, inode and mtime: any rewrite changes the inode."""
    stats = {name: (store / name).stat() for name in FEED_FILES}
    return {
        name: ((store / name).read_bytes(), stat.st_ino, stat.st_mtime_ns)
        for name, stat in stats.items()
    }


@pytest.mark.parametrize("name", FORMATS)
def test_newsboat_lists_every_story_under_its_title(
    newsboat: str, feed_server: FeedServer, tmp_path: Path, name: str
) -> None:
    """newsboat reads the feed's title and one item per story, with its cleaned title and id."""
    config = reader_setup(feed_server, tmp_path)
    urls = publish_cycle(feed_server, config)
    title, items = reload(newsboat, tmp_path / "newsboat", urls[name])

    assert title == "Test Feed"
    assert sorted(item["title"] for item in items.values()) == STORIES
    assert {guid: item["title"] for guid, item in items.items()} == published_ids(
        tmp_path / "store"
    )
    (orbit,) = (item for item in items.values() if item["title"].startswith("Orbit Academy"))
    assert orbit["url"].startswith(ORBIT_URL)
    assert orbit["author"] == "Mariko Delacroix"
    assert datetime.fromtimestamp(orbit["pubDate"], UTC) == ORBIT_DATE[name]
    assert "Reported by 2 outlets" in orbit["content"]
    assert "Crystal Signal" in orbit["content"]


def test_a_story_that_gains_a_report_stays_one_newsboat_item(
    newsboat: str, feed_server: FeedServer, tmp_path: Path
) -> None:
    """A new report updates its story's item in newsboat; only a new story adds an item."""
    config = reader_setup(feed_server, tmp_path)
    home = tmp_path / "newsboat"
    _, before = reload(newsboat, home, publish_cycle(feed_server, config)["feed.atom"])
    feed_server.add_file(
        "/crystal.atom", READER / "crystal-signal-later.atom", FORMATS["feed.atom"]
    )
    _, after = reload(newsboat, home, publish_cycle(feed_server, config)["feed.atom"])

    assert before.keys() < after.keys()
    assert [after[guid]["title"] for guid in after.keys() - before.keys()] == [LATER]
    (lanterns,) = (guid for guid, item in before.items() if "Paper Lanterns" in item["title"])
    assert after[lanterns]["title"] == before[lanterns]["title"]
    assert "Reported by 1 outlet" in before[lanterns]["content"]
    assert "Reported by 2 outlets" in after[lanterns]["content"]


def test_entry_ids_never_change_and_dates_are_the_stored_ones(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A later cycle keeps every id; each entry's dates are its story's, from the store."""
    config = reader_setup(feed_server, tmp_path)
    store = tmp_path / "store"
    publish_cycle(feed_server, config)
    before = published_ids(store)
    feed_server.add_file(
        "/crystal.atom", READER / "crystal-signal-later.atom", FORMATS["feed.atom"]
    )
    publish_cycle(feed_server, config)
    after = published_ids(store)

    assert before.items() < after.items()
    assert sorted(after.values()) == sorted([*STORIES, LATER])
    with closing(sqlite3.connect(store / "aggregator.db")) as conn:
        rows = conn.execute("SELECT id, first_seen, updated FROM stories").fetchall()
    stored = {urn(story_id): (parse_iso(first), parse_iso(last)) for story_id, first, last in rows}
    feed = ET.fromstring((store / "feed.atom").read_bytes())
    dates = {
        entry.findtext(f"{A}id", ""): (
            rfc3339(entry.findtext(f"{A}published")),
            rfc3339(entry.findtext(f"{A}updated")),
        )
        for entry in feed.findall(f"{A}entry")
    }
    assert dates == stored
    assert rfc3339(feed.findtext(f"{A}updated")) == max(last for _, last in stored.values())
    lanterns = next(i for i, title in after.items() if "Paper Lanterns" in title)
    assert dates[lanterns][1] == datetime(2026, 2, 4, 9, 30, tzinfo=UTC)


def test_a_full_refetch_with_nothing_new_rewrites_no_file(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Feeds fetched in full with nothing new (no validators sent, a channel date bumped)."""
    config = reader_setup(feed_server, tmp_path)
    assert run_cli(config) == 0
    before = snapshot(tmp_path / "store")
    with closing(sqlite3.connect(tmp_path / "store" / "aggregator.db")) as conn, conn:
        conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL")
    bumped = (
        (READER / "lantern-post.xml").read_bytes().replace(b"10:21:44 +0000", b"11:02:09 +0000")
    )
    feed_server.routes["/lantern.xml"] = (200, "application/rss+xml", bumped)
    feed_server.requests.clear()

    assert run_cli(config) == 0
    assert [status for _, status in feed_server.requests] == [200, 200]
    assert snapshot(tmp_path / "store") == before


def test_a_cycle_where_every_feed_fails_rewrites_no_file(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """Every feed failing (HTTP 503) leaves the published files exactly as they were."""
    config = reader_setup(feed_server, tmp_path)
    assert run_cli(config) == 0
    before = snapshot(tmp_path / "store")
    for path in ("/lantern.xml", "/crystal.atom"):
        feed_server.routes[path] = (503, "text/plain", b"down for maintenance\n")

    assert run_cli(config) == 3
    assert snapshot(tmp_path / "store") == before
