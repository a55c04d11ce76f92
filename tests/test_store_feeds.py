"""Tests for aggregator.store.feeds and migration m004_schedule: a real SQLite file each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from aggregator.models import CacheInfo, Fetched, NextPoll, PollState, Source
from aggregator.store import (
    load_feed_states,
    load_polls,
    open_db,
    save_fetch,
    save_next_polls,
    save_sources,
)
from aggregator.store.schema import migrations

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
CORNER = Source("Anime Corner", "https://animecorner.example/feed/")
NEW_HOME = "https://news.animecorner.example/feed/"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "aggregator.db")
    save_sources(database, [CORNER])
    yield database
    database.conn.close()


def test_m004_adds_the_schedule_columns_to_an_existing_store(tmp_path: Path) -> None:
    """A store made before m004 keeps its feed rows and gains the schedule columns, empty."""
    path = tmp_path / "aggregator.db"
    old = Database(path)
    migrations().apply(old, stop_before="m004_schedule")
    old.execute(
        "INSERT INTO feeds (name, url, etag, failures) VALUES (?, ?, ?, ?)",
        [CORNER.name, CORNER.url, '"v1"', 2],
    )
    old.conn.commit()
    old.conn.close()
    upgraded = open_db(path)
    columns = set(upgraded.columns("feeds"))
    assert {"moved_to", "next_poll", "hold_reason", "gone_since", "ttl"} <= columns
    assert load_polls(upgraded, [CORNER]) == {
        CORNER.name: PollState(cache=CacheInfo(etag='"v1"'), failures=2)
    }
    upgraded.conn.close()


def test_schedule_round_trips_through_the_store(db: Database) -> None:
    """What save_fetch and save_next_polls write, load_polls reads back."""
    moved = Fetched(CORNER, "ok", NOW, final_url=NEW_HOME, moved_to=NEW_HOME, http_status=200)
    save_fetch(db, moved, None)
    plan = NextPoll(NOW + timedelta(minutes=30), "RSS ttl 30 min", ttl=30)
    save_next_polls(db, [(CORNER.name, plan)])
    assert load_polls(db, [CORNER])[CORNER.name] == PollState(
        moved_to=NEW_HOME, next_poll=plan.at, hold_reason=plan.reason, ttl=30
    )
    [state] = load_feed_states(db)
    assert (state.moved_to, state.next_poll, state.ttl) == (NEW_HOME, "2026-11-20T14:30:00Z", 30)


def test_a_failed_fetch_never_records_a_move(db: Database) -> None:
    """A 301 to a URL that then fails is not remembered: the move waits for a feed there."""
    failed = Fetched(CORNER, "error", NOW, moved_to=NEW_HOME, http_status=404, error="HTTP 404")
    save_fetch(db, failed, "HTTP 404")
    assert load_polls(db, [CORNER])[CORNER.name].moved_to is None
    assert load_polls(db, [CORNER])[CORNER.name].failures == 1


def test_a_new_url_in_feeds_yaml_forgets_what_was_learned(db: Database) -> None:
    """Move, validators, failures, hold, 410 and ttl belong to the old URL; the same URL
    keeps them."""
    ok = Fetched(CORNER, "ok", NOW, cache=CacheInfo('"v1"', "then"), moved_to=NEW_HOME)
    save_fetch(db, ok, None)
    save_fetch(db, Fetched(CORNER, "error", NOW, http_status=410), "HTTP 410 Gone")
    gone = NextPoll(NOW + timedelta(minutes=10), "backoff after 1 failure in a row", NOW, 15)
    save_next_polls(db, [(CORNER.name, gone)])
    save_sources(db, [CORNER])
    kept = load_polls(db, [CORNER])[CORNER.name]
    assert (kept.moved_to, kept.gone_since, kept.failures, kept.ttl) == (NEW_HOME, NOW, 1, 15)
    save_sources(db, [Source(CORNER.name, "https://elsewhere.example/rss")])
    assert load_polls(db, [CORNER])[CORNER.name] == PollState()
    [state] = load_feed_states(db)
    assert (state.url, state.final_url) == ("https://elsewhere.example/rss", None)
