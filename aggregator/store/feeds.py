"""Feeds in the store: one row per configured feed with its fetch state and schedule. Touches
SQLite.

The name in feeds.yaml is the key and its URL there is the truth: when the URL changes, what
was learned about the old one (a permanent redirect, validators, failures, a hold, 410 Gone)
is forgotten, so the new URL is polled at the next run. A fetch's outcome (``save_fetch``) and
the next poll decided from it (``save_next_polls``) are written separately: a run killed
between the two only polls the feed once more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aggregator.models import CacheInfo, Fetched, NextPoll, PollState, Source
from aggregator.store.articles import select_in
from aggregator.store.connection import Database
from aggregator.text import iso_utc, parse_iso

# Forgotten when a feed's configured URL changes (``save_sources``).
_LEARNED = ("final_url", "moved_to", "etag", "last_modified", "next_poll", "hold_reason",
            "gone_since", "ttl")  # fmt: skip


@dataclass(frozen=True, slots=True)
class FeedState:
    """One row of ``feeds`` plus its article count, for ``aggregator feeds``."""

    name: str
    url: str
    moved_to: str | None
    final_url: str | None
    last_fetched: str | None
    last_status: str | None
    http_status: int | None
    last_error: str | None
    last_ok: str | None
    failures: int
    next_poll: str | None
    hold_reason: str | None
    gone_since: str | None
    ttl: int | None
    articles: int


def save_sources(db: Database, sources: Sequence[Source]) -> None:
    """Make sure every configured feed has a row with its configured URL; a feed whose URL
    changed starts afresh (see the module docstring), its failures too."""
    reset = ", ".join(
        f"{c} = CASE WHEN feeds.url = excluded.url THEN feeds.{c} END" for c in _LEARNED
    )
    for source in sources:
        db.execute(
            "INSERT INTO feeds (name, url) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET"
            f" url = excluded.url, {reset}, failures = CASE WHEN feeds.url = excluded.url"
            " THEN feeds.failures ELSE 0 END",
            [source.name, source.url],
        )


def load_polls(db: Database, sources: Sequence[Source]) -> dict[str, PollState]:
    """What the store knows about polling each of ``sources``, by name."""
    sql = (
        "SELECT name, etag, last_modified, moved_to, failures, next_poll, hold_reason,"
        " gone_since, ttl FROM feeds WHERE name IN ({marks})"
    )
    polls = {}
    for name, etag, modified, moved, failures, next_poll, reason, gone, ttl in select_in(
        db, sql, [s.name for s in sources]
    ):
        polls[name] = PollState(
            cache=CacheInfo(etag, modified),
            moved_to=moved,
            failures=failures,
            next_poll=parse_iso(next_poll) if next_poll else None,
            hold_reason=reason,
            gone_since=parse_iso(gone) if gone else None,
            ttl=ttl,
        )
    return polls


def save_fetch(db: Database, fetched: Fetched, error: str | None) -> None:
    """Record the outcome of fetching (and parsing) one feed.

    A success also records where the feed moved when every redirect on the way was permanent
    (301/308); a failure never does, so a move is kept only once the new URL serves a feed.
    """
    at = iso_utc(fetched.fetched_at)
    if error is None:
        db.execute(
            "UPDATE feeds SET last_fetched = ?, last_status = ?, http_status = ?,"
            " last_error = NULL, last_ok = ?, failures = 0, etag = ?, last_modified = ?,"
            " final_url = COALESCE(NULLIF(?, ''), final_url), moved_to = COALESCE(?, moved_to)"
            " WHERE name = ?",
            [at, fetched.status, fetched.http_status, at, fetched.cache.etag,
             fetched.cache.last_modified, fetched.final_url, fetched.moved_to,
             fetched.source.name],
        )  # fmt: skip
    else:
        db.execute(
            "UPDATE feeds SET last_fetched = ?, last_status = 'error', http_status = ?,"
            " last_error = ?, failures = failures + 1 WHERE name = ?",
            [at, fetched.http_status, error, fetched.source.name],
        )


def save_next_polls(db: Database, plans: Sequence[tuple[str, NextPoll]]) -> None:
    """Record when each named feed may be polled again (``schedule.plan``)."""
    for name, plan in plans:
        db.execute(
            "UPDATE feeds SET next_poll = ?, hold_reason = ?, gone_since = ?, ttl = ?"
            " WHERE name = ?",
            [iso_utc(plan.at) if plan.at else None, plan.reason,
             iso_utc(plan.gone_since) if plan.gone_since else None, plan.ttl, name],
        )  # fmt: skip


def load_feed_states(db: Database) -> list[FeedState]:
    """Every feed with its fetch state, schedule and article count, by name."""
    rows = db.execute(
        "SELECT f.name, f.url, f.moved_to, f.final_url, f.last_fetched, f.last_status,"
        " f.http_status, f.last_error, f.last_ok, f.failures, f.next_poll, f.hold_reason,"
        " f.gone_since, f.ttl, (SELECT COUNT(*) FROM articles a WHERE a.feed = f.name)"
        " FROM feeds f ORDER BY f.name"
    ).fetchall()
    return [FeedState(*row) for row in rows]
