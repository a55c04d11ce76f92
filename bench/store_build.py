"""Builds a large store for ``store_scale.py`` from generated feeds. Writes one SQLite file.

The articles are a ``feeds_synth.Newsroom`` stream: 60 outlets, 300 articles a day (100k
articles span eleven months), full-length articles of about 1.8 KB of text, ending a few hours
before the build. They go in as real runs would store them, minus the network and the matcher:

1. In batches of 2,000 (one simulated poll), each outlet's share of a batch is rendered as its
   RSS or Atom document and read by ``parse.parse_feed`` (in worker processes), then stored by
   ``store.clean_boilerplate`` and ``store.save_items``, one transaction per batch.
2. ``match_features.features_of`` (in workers) and ``store.matching.index_articles`` fill the
   matcher's index and word counts, and ``store.words.save_words`` keeps the words of the last
   days' articles, as ``story_batch.group_new`` does.
3. The stories are the stream's own: a story's reports are one story, ``articles / stories``
   reports per story on average. ``merge.merge`` (in workers, a share of the stories each)
   builds them with their update notes, and ``store.save_stories`` saves them.

Skipping the matcher is what makes the build take minutes rather than an hour
(``match_scale.py`` measures the matcher at this size); the stories then are what a perfect
matcher would make. ``built`` is what the timings need besides the store.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from feed_server import Document, render_document
from feeds_synth import Newsroom, Outlet, make_outlets, shifted

from aggregator import store
from aggregator.config import known_works
from aggregator.match import LONG_WINDOW
from aggregator.match_features import Features, features_of, reading_key
from aggregator.merge import merge
from aggregator.models import CacheInfo, Fetched, Item, MatchSettings, Source, Story, StoryNote
from aggregator.parse import parse_feed
from aggregator.store import matching, words

OUTLETS = 60
PER_DAY = 300.0  # articles a day from all outlets together
BATCH = 2000  # articles per simulated poll
IN_FEED = 20  # latest articles an outlet's feed carries in the timed cycle
NEW = 50  # articles the timed cycle has not seen
WORKERS = 2  # processes for parsing, features and merging
# The names the matcher reads with under the bench's feeds.yaml, which has no ``match`` section:
# the works that ship with aggregator. Words kept under other aliases would never be reused.
ALIASES = tuple(known_works())
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Built:
    """What the timings need besides the store; pickled next to it."""

    outlets: list[Outlet]
    after: list[Document]  # each outlet's feed with the NEW articles the store has not seen
    shows: list[str]  # long-running shows' names, for search queries
    person: str  # a name few articles mention
    build_s: float

    def sources(self) -> list[Source]:
        """The outlets as configured feeds (the cycle serves them on loopback instead)."""
        return [Source(o.name, f"https://feeds.{o.domain}/feed/") for o in self.outlets]


def build(path: Path, articles: int, stories: int, seed: int) -> Built:
    """Generate the stream and store ``articles`` of it at ``path``."""
    started = time.perf_counter()
    outlets = make_outlets(OUTLETS, seed)
    room = Newsroom(seed, PER_DAY, outlets, articles / stories, most_reports=40)
    stream = [item for _, item in zip(range(articles + NEW), room, strict=False)]
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=6)
    stream = shifted(stream, end - stream[articles - 1].date)
    sources = {o.name: Source(o.name, f"https://feeds.{o.domain}/feed/") for o in outlets}
    path.unlink(missing_ok=True)
    db = store.open_db(path)
    with db.atomic():
        store.save_sources(db, list(sources.values()))
    stored: list[Item] = []
    with ProcessPoolExecutor(WORKERS) as pool:
        for start in range(0, articles, BATCH):
            batch = stream[start : min(start + BATCH, articles)]
            at = batch[-1].date + timedelta(minutes=10)
            jobs = [(sources[o.name], document, at) for o, document in feeds_of(outlets, batch)]
            with db.atomic():
                for (source, _, _), items in zip(jobs, pool.map(_parse, jobs), strict=True):
                    items, _ = store.clean_boilerplate(db, source.name, items)
                    store.save_items(db, items)
                    stored += items
            _progress(f"{start + len(batch):>7,} articles stored", started)
        stored.sort(key=lambda item: (item.date, item.item_id))
        since = datetime.now(UTC) - timedelta(hours=MatchSettings().window_hours) * LONG_WINDOW
        with db.atomic():
            for features in pool.map(_features, _chunks(stored, 1000)):
                matching.index_articles(db, features)
                words.save_words(db, features, reading_key(ALIASES), since)
        _progress("matcher's index filled", started)
        by_story: dict[str, list[Item]] = {}
        for item in stored:
            by_story.setdefault(room.story_of[item.item_id], []).append(item)
        with db.atomic():
            for saved in pool.map(_merge, _chunks(list(by_story.values()), 500)):
                store.save_stories(db, *saved)
        _progress(f"{len(by_story):,} stories merged and saved", started)
    with db.atomic():  # the validators the cycle's unchanged feeds will match (304)
        for outlet, document in feeds_of(outlets, stream[:articles], IN_FEED):
            cache = CacheInfo(document.etag, document.last_modified)
            fetched = Fetched(sources[outlet.name], "ok", end, http_status=200, cache=cache)
            store.save_fetch(db, fetched, None)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    after = [document for _, document in feeds_of(outlets, stream, IN_FEED)]
    shows = [show.name for show in room.active[:3]]  # NewsStream's first shows never retire
    person = stream[articles // 2].author
    return Built(outlets, after, shows, person, time.perf_counter() - started)


def refresh_words(path: Path) -> int:
    """Read again the words kept in ``match_words`` (step 2) when the matcher reads differently
    since the store was built, as the first run after an upgrade does; the rows read again."""
    key = reading_key(ALIASES)
    db = store.open_db(path)
    try:
        sql = "SELECT article_id, date FROM match_words WHERE reading != ?"
        rows = list(db.execute(sql, [key]))
        if rows:
            stored = store.load_items(db, [article for article, _ in rows]).values()
            items = sorted(stored, key=lambda item: (item.date, item.item_id))
            since = min(item.date for item in items)
            with ProcessPoolExecutor(WORKERS) as pool, db.atomic():
                for features in pool.map(_features, _chunks(items, 1000)):
                    words.save_words(db, features, key, since)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return len(rows)


def feeds_of(
    outlets: Sequence[Outlet], stream: Sequence[Item], latest: int | None = None
) -> list[tuple[Outlet, Document]]:
    """Each outlet's feed of its articles in ``stream`` (its ``latest`` ones), newest first."""
    mine: dict[str, list[Item]] = {o.name: [] for o in outlets}
    for item in reversed(stream):
        if latest is None or len(mine[item.source]) < latest:
            mine[item.source].append(item)
    return [(o, render_document(o, mine[o.name])) for o in outlets if mine[o.name]]


def _parse(job: tuple[Source, Document, datetime]) -> list[Item]:
    source, document, at = job
    headers = {"content-type": document.content_type}
    return parse_feed(
        document.body, source=source, headers=headers, fetched_at=at, base_url=source.url
    )


def _features(items: Sequence[Item]) -> list[Features]:
    features = [features_of(item, ALIASES) for item in items]
    for feature in features:
        feature.text.read()  # here, in the worker
    return features


def _merge(
    stories: Sequence[Sequence[Item]],
) -> tuple[list[Story], list[StoryNote], list[store.Membership]]:
    """Stories of the given reports (each list in date order, the first names the story)."""
    assignments = [(item.item_id, reports[0].item_id) for reports in stories for item in reports]
    items = {item.item_id: item for reports in stories for item in reports}
    changed, notes = merge({}, items, assignments, [])
    members = [
        store.Membership(i, s, 0.0, "first report")
        if i == s
        else store.Membership(i, s, 1.0, "the generator's story (bench/store_build.py)")
        for i, s in assignments
    ]
    return changed, notes, members


def _chunks(values: Sequence[T], size: int) -> list[list[T]]:
    return [list(values[i : i + size]) for i in range(0, len(values), size)]


def _progress(what: str, started: float) -> None:
    print(f"  {what}, {time.perf_counter() - started:5.0f} s", file=sys.stderr, flush=True)
