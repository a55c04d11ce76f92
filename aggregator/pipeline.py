"""One run: fetch → parse → store → match → merge → publish. The only module wiring stages
(matching and merging a batch are ``story_batch``'s, loaded when a cycle brought articles).

Touches the network (through ``fetch``), the SQLite store and the published files. A broken
feed never breaks the run: its fetch or parse error is recorded in the store and in the
``RunReport``, and the other feeds go on. Anything that is not an ``AggregatorError`` is a bug
and propagates. Each feed's articles are stored in one transaction; articles left without a
story (a new one, or one a killed run stored but never grouped) are grouped afterwards, so a
run killed at any point loses nothing committed and the next run finishes its work.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from aggregator import fetch, schedule, store
from aggregator.errors import ParseError
from aggregator.isolate import ParseJob, ParsePool
from aggregator.models import (
    Config,
    FeedOutcome,
    Fetched,
    NextPoll,
    Revision,
    RunReport,
)
from aggregator.publish import write_all
from aggregator.store import Database

log = logging.getLogger(__name__)

LOCK_WAIT = 10.0  # seconds a second run waits for the first before giving up (exit 75)


def run(
    config: Config,
    *,
    now: datetime,
    transport: fetch.Transport | None = None,
    force: bool = False,
) -> RunReport:
    """Poll every feed of ``config`` that is due (every feed with ``force``) and republish.

    A feed ``schedule`` holds back is not asked at all and is reported as "deferred" or
    "gone", never as a failure. ``transport`` replaces the network in tests.
    """
    with store.hold_lock(config.store_dir, LOCK_WAIT):
        db = store.open_db(config.db_path)
        try:
            with db.atomic():
                store.save_sources(db, config.feeds)
            outcomes, plans, held, revisions = _poll(db, config, now, transport, force)
            stories_new, stories_updated = _group_new(db, config, revisions)
            published = publish(db, config)
        finally:
            db.close()
    reported = schedule.report_order(config.feeds, outcomes, plans, held)
    return RunReport(reported, stories_new, stories_updated, published)


def _poll(
    db: Database,
    config: Config,
    now: datetime,
    transport: fetch.Transport | None,
    force: bool,
) -> tuple[list[FeedOutcome], list[tuple[str, NextPoll]], list[FeedOutcome], list[Revision]]:
    """Fetch the feeds that are due, parse and store them, and plan their next polls; the
    bodies die here, before grouping needs the memory."""
    polls = store.load_polls(db, config.feeds)
    requests, held = schedule.split_due(config.feeds, polls, now, force=force)
    fetched = fetch.fetch_cycle(requests, config.fetch, now=now, transport=transport)
    settings = config.fetch
    workers = settings.parse_workers or None
    with ParsePool(workers, settings.parse_memory, settings.parse_timeout) as pool:
        outcomes, revisions = _ingest(db, fetched, pool)
    plans = schedule.plan_all(fetched, outcomes, polls)
    with db.atomic():
        store.save_next_polls(db, plans)
    return outcomes, plans, held, revisions


def _ingest(
    db: Database, fetched: Sequence[Fetched], pool: ParsePool
) -> tuple[list[FeedOutcome], list[Revision]]:
    """Parse the feeds in ``pool``'s child processes (which also clean them of boilerplate) and
    store each in its own transaction as soon as it is parsed, while the workers go on with the
    next: the run never holds every feed's articles at once. Items unchanged since a feed's
    last document are not read again."""
    outcomes: list[FeedOutcome] = []
    revisions: list[Revision] = []
    bodies = [result for result in fetched if result.status == "ok"]
    last = {r.source.name: store.load_document(db, r.source.name) for r in bodies}
    jobs = [
        ParseJob(
            r.body,
            r.source,
            dict(r.headers),
            r.fetched_at,
            r.final_url or r.source.url,
            last[r.source.name],
            store.load_boilerplate(db, r.source.name),
        )
        for r in bodies
    ]
    parsed = pool.parse(jobs)  # the outcomes of ``bodies``, in their order
    for result in fetched:
        name = result.source.name
        outcome = next(parsed) if result.status == "ok" else None
        error = outcome.message if isinstance(outcome, ParseError) else result.error
        if outcome is None or isinstance(outcome, ParseError):
            with db.atomic():
                store.save_fetch(db, result, error)
            status = "error" if outcome is not None else result.status
            outcomes.append(FeedOutcome(name, status, result.http_status, error=error))
            continue
        with db.atomic():
            new, revised, count = store.store_document(
                db, name, outcome.parsed, outcome.cleaned, last[name]
            )
            store.save_fetch(db, result, None)
        revisions.extend(revised)
        outcomes.append(FeedOutcome(name, "ok", result.http_status, count, len(new), len(revised)))
        log.info("%s: %d items, %d new, %d revised", name, count, len(new), len(revised))
    return outcomes, revisions


def _group_new(db: Database, config: Config, revisions: Sequence[Revision]) -> tuple[int, int]:
    """``story_batch.group_new`` when the cycle left articles to group: (new stories, updated
    stories). A cycle that brought nothing new never loads the matcher."""
    if not revisions and not store.has_unassigned(db):
        return 0, 0
    from aggregator import story_batch

    return story_batch.group_new(db, config, revisions)


def publish(db: Database, config: Config) -> tuple[Path, ...]:
    """Write feed.atom, feed.rss, feed.json and index.html from the latest stories."""
    story_ids = store.load_latest_story_ids(db, config.output.max_entries)
    entries = store.load_entries(db, story_ids)
    return write_all(config.store_dir, entries, config.output)
