"""One run: fetch → parse → store → match → merge → publish. The only module wiring stages.

Touches the network (through ``fetch``), the SQLite store and the published files. A broken
feed never breaks the run: its fetch or parse error is recorded in the store and in the
``RunReport``, and the other feeds go on. Anything that is not an ``AggregatorError`` is a bug
and propagates. Each feed's articles are stored in one transaction; articles left without a
story (a new one, or one a killed run stored but never grouped) are grouped afterwards, so a
run killed at any point loses nothing committed and the next run finishes its work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice
from pathlib import Path

from aggregator import compute, fetch, schedule, store
from aggregator.errors import ParseError
from aggregator.grouping import Grouping, assign
from aggregator.isolate import ParseJob, ParsePool
from aggregator.match import LONG_WINDOW
from aggregator.match_features import Features, features_of
from aggregator.merge import merge
from aggregator.models import (
    Config,
    FeedOutcome,
    Fetched,
    NextPoll,
    Revision,
    RunReport,
    Story,
    StoryNote,
)
from aggregator.publish import write_all
from aggregator.store import Database

log = logging.getLogger(__name__)

LOCK_WAIT = 10.0  # seconds a second run waits for the first before giving up (exit 75)
# Stories merged and saved together: merging reads the texts of their articles, and a first
# run's 10,000 texts loaded at once raised its peak memory by 23 MB.
MERGE_PART = 500
# New articles from which grouping uses both cores (``compute.halves``): reading their words,
# comparing them and merging their stories, half of each done in a forked child.
PARALLEL_FROM = 1_000


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
            stories_new, stories_updated = group_new(db, config, revisions)
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
    """Parse the feeds in ``pool``'s child processes and store each in its own transaction as
    soon as it is parsed, while the workers go on with the next: the run never holds every
    feed's articles at once. Items unchanged since a feed's last document are not read again."""
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
            {digest: article for digest, (article, _) in last[r.source.name].items()},
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
            new, revised, count = store.store_document(db, name, outcome, last[name])
            store.save_fetch(db, result, None)
        revisions.extend(revised)
        outcomes.append(FeedOutcome(name, "ok", result.http_status, count, len(new), len(revised)))
        log.info("%s: %d items, %d new, %d revised", name, count, len(new), len(revised))
    return outcomes, revisions


def group_new(db: Database, config: Config, revisions: Sequence[Revision] = ()) -> tuple[int, int]:
    """Assign unassigned articles to stories and merge; return (new stories, updated stories).

    One transaction: the new articles are indexed, each (and each stored article ``revisions``
    changed) meets the candidates the index finds, and the stories, memberships and notes are
    saved together, so a killed run leaves the articles unassigned (and unindexed) for the next.
    """
    with db.atomic(), compute.collector_paused():
        # The features, index answers and weights die with _group, before merging needs memory.
        found = _group(db, config, revisions)
        if found is None:
            return 0, 0
        grouping, story_of = found
        # An absorbed story's members join the survivor with their current text: a revision of
        # one adds nothing more (and must not touch the absorbed story).
        revisions = [r for r in revisions if story_of.get(r.after.item_id) not in grouping.fused]
        return _save_grouping(db, grouping, revisions, config.priority)


def _group(
    db: Database, config: Config, revisions: Sequence[Revision]
) -> tuple[Grouping, dict[str, str]] | None:
    """The grouping of the articles without a story and of ``revisions``, and the stored story
    of each member of the stories it met (inside the caller's transaction); None when there is
    nothing to group."""
    aliases = config.match.aliases
    features = _read_new(db, aliases)
    if not features and not revisions:
        return None
    revised = store.reindex_articles(db, revisions, aliases)
    store.index_articles(db, features)
    fresh = [f.item for f in features]
    reach = timedelta(hours=config.match.window_hours) * LONG_WINDOW
    searching = [*features, *revised]
    candidates = store.find_candidates(db, searching, reach)
    fresh_ids = {item.item_id for item in fresh}
    # Revised articles bring their own stories too, as they may now link to another.
    found = sorted(({c for ids in candidates.values() for c in ids} | set(candidates)) - fresh_ids)
    # The candidates' stories, not only the members the index found: a link respects the
    # conflicts of every member within reach and every pair a reader kept apart, however
    # far back the story began. Older members no longer vote, which bounds the work a
    # long-running story costs each new article.
    stories = sorted(set(store.load_story_ids_of(db, found).values()))
    dates = [f.item.date for f in searching] or [datetime.now(UTC)]
    story_of = store.load_members_near(db, stories, min(dates) - reach, max(dates) + reach)
    pool_items = store.load_items(db, sorted(set(story_of) - fresh_ids))
    pool = [(item, story_of[item_id]) for item_id, item in sorted(pool_items.items())]
    known = {f.item.item_id: f for f in [*features, *revised]}
    # Stored members' features are computed by assign when needed, their word counts loaded.
    idf = store.load_idf(db, [f.words for f in known.values()])
    apart = store.load_kept_apart(db, sorted(fresh_ids | set(pool_items)))
    grouping = assign(
        fresh,
        pool,
        config.match,
        idf=idf,
        candidates=candidates,
        apart=apart,
        known=known,
        revised=[f.item.item_id for f in revised],
        halves=compute.halves if len(features) >= PARALLEL_FROM else None,
    )
    return grouping, story_of


def _read_new(db: Database, aliases: tuple[tuple[str, ...], ...]) -> list[Features]:
    """The features of the articles without a story, each with its words read and without its
    summary and content: matching needs no more of its text (a first run's 10,000 texts held
    35 MB) and merging loads the texts again. They are read ``PARALLEL_FROM`` at a time, the
    words of each full part on both cores (``compute.halves``)."""
    read: list[Features] = []
    unassigned = store.load_unassigned(db)
    while part := [features_of(item, aliases) for item in islice(unassigned, PARALLEL_FROM)]:
        split = compute.halves if len(part) == PARALLEL_FROM else compute.whole
        for feature, words in zip(part, split(_words, part), strict=True):
            feature.text.take(words)
            read.append(replace(feature, item=replace(feature.item, summary="", content="")))
    return read


def _words(features: Sequence[Features]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [feature.text.read() for feature in features]


def _save_grouping(
    db: Database,
    grouping: Grouping,
    revisions: Sequence[Revision],
    priority: Sequence[str],
) -> tuple[int, int]:
    """Merge the grouping into the stories and save them (inside the caller's transaction),
    ``MERGE_PART`` stories at a time (two at once, one in a child process, for a large batch);
    return (new stories, updated stories)."""
    revised_in = store.load_story_ids_of(db, [r.after.item_id for r in revisions])
    touched = {a.story_id for a in grouping.assignments} | set(revised_in.values())
    existing = store.load_stories(db, touched | set(grouping.fused))
    moved = [
        (item_id, survivor)
        for absorbed, survivor in sorted(grouping.fused.items())
        for item_id in existing[absorbed].item_ids
    ]
    placed = [*((a.item_id, a.story_id) for a in grouping.assignments), *moved]
    store.fuse_stories(db, grouping.fused)
    # Each story's own reports, revisions and memberships go with it (absorbed stories are
    # merged through their survivor's reports).
    targets = list(dict.fromkeys([*(story_id for _, story_id in placed), *revised_in.values()]))
    parts = [
        set(targets[start : start + MERGE_PART]) for start in range(0, len(targets), MERGE_PART)
    ]
    together = 2 if len(grouping.assignments) >= PARALLEL_FROM else 1
    new = changed = 0
    for first in range(0, len(parts), together):
        these = parts[first : first + together]
        jobs = [
            _merge_job(
                db,
                {story_id: existing[story_id] for story_id in part if story_id in existing},
                [p for p in placed if p[1] in part],
                [r for r in revisions if revised_in.get(r.after.item_id) in part],
                priority,
            )
            for part in these
        ]
        for part, found in zip(these, compute.halves(compute.calls, jobs), strict=True):
            memberships = [
                store.Membership(a.item_id, a.story_id, a.score, a.reason)
                for a in grouping.assignments
                if a.story_id in part
            ]
            store.save_stories(db, *found, memberships)
            new += sum(1 for story in found[0] if story.story_id not in existing)
            changed += len(found[0])
    return new, changed - new


def _merge_job(
    db: Database,
    stories: dict[str, Story],
    placed: Sequence[tuple[str, str]],
    revisions: Sequence[Revision],
    priority: Sequence[str],
) -> Callable[[], tuple[list[Story], list[StoryNote]]]:
    """``merge`` for some stories, to call: the texts of their members and new reports loaded."""
    members = [item_id for story in stories.values() for item_id in story.item_ids]
    items = store.load_items(db, [*members, *(item_id for item_id, _ in placed)])
    items.update({r.after.item_id: r.after for r in revisions})
    return partial(merge, stories, items, placed, revisions, priority)


def publish(db: Database, config: Config) -> tuple[Path, ...]:
    """Write feed.atom, feed.rss, feed.json and index.html from the latest stories."""
    story_ids = store.load_latest_story_ids(db, config.output.max_entries)
    entries = store.load_entries(db, story_ids)
    return write_all(config.store_dir, entries, config.output)
