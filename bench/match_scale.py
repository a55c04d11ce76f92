"""How much matching one new article costs as the store grows. Prints figures; not a test.

Run from the repository root:

    .venv/bin/python bench/match_scale.py                              # 1k and 10k, ~3 min
    .venv/bin/python bench/match_scale.py --sizes 1000,10000,100000    # the full run, ~20 min

For each scenario and size it builds a real store (a SQLite file made by ``store.open_db``)
from a synthetic, deterministic stream of articles (``bench/news_stream.py``), inserting them
with ``store.save_items`` and grouping them with ``story_batch.group_new`` in batches of 2,000, so
the candidate index, word counts and stories are filled as real runs fill them. It then stores
the next ``--new`` articles of the stream (some report stories already stored, some are new)
and times ``group_new`` on them, on a fresh copy of the store each repetition. Two scenarios:

- ``realistic``: 200 articles a day, about what the shipped feeds.yaml brings in; 100k articles
  span 16 months, and the matching window (``window_hours`` x ``LONG_WINDOW`` back) holds about
  1,600 of them whatever the store's size.
- ``dense``: 2,000 articles a day (ten times that: a hundred feeds, or one show's news packed
  ten times tighter), so the window holds ~16,000 articles and popular names hit the index's
  ``MAX_POSTINGS`` and ``MAX_CANDIDATES`` caps. Until the store spans the window (8 days, 16k
  articles) each size adds articles inside it, so the cost may rise from 1k to 10k; after that
  it should not. Its evergreen shows get several stories a day, some with word-for-word the
  same headline, which the matcher links as one article however long the chain: the long stories
  this makes (see README.md) are a load the realistic scenario barely has.

Each ``group_new`` runs as a cron run right after its batch arrived would: ``story_batch``'s
clock reads the batch's last fetch time (``clock_at``), whatever year the stream is dated, so the
words kept for matching (``match_words``) reach back from there as they do in use.
``--after-upgrade`` times the first run after the matcher's reading changed instead: nothing
kept, every stored article met read anew.

The cost is flat when "ours" does not grow with the size. "naive" is what the matcher would cost
if it compared each new headline with every stored one (rapidfuzz ``token_set_ratio``, the
scorer ``match`` uses, over all pairs): it grows linearly with the store. The builds of the
scenarios run in parallel (one process each); the timings run one at a time afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import itertools
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, cast

from news_stream import SOURCES, NewsStream
from rapidfuzz import fuzz

from aggregator import store, story_batch
from aggregator.config import parse_config
from aggregator.models import Config, Item
from aggregator.store import matching

SCENARIOS = {"realistic": 200.0, "dense": 2000.0}  # articles per day
BUILD_BATCH = 2000  # articles stored and grouped per group_new call while building


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A built store of ``size`` articles, and the articles that come next."""

    scenario: str
    size: int
    path: Path
    build_s: float
    days: float
    new: list[Item]


@dataclass(frozen=True, slots=True)
class Row:
    """The figures for one scenario and size."""

    scenario: str
    size: int
    days: float  # days the stored articles span
    build_s: float  # storing and grouping them, from empty
    ms_per_article: float  # group_new on the new batch, median of the repetitions
    ms_runs: list[float]
    candidates: float  # per new article: what the index found ...
    compared: float  # ... and the pairs ``match.compare`` judged
    naive_ms_per_article: float  # rapidfuzz against every stored headline
    db_mb: float


def make_config(directory: Path) -> Config:
    """A config with the stream's outlets as feeds and the store in ``directory``."""
    feeds = "".join(f"  - name: {s.name}\n    url: {s.url}\n" for s in SOURCES)
    text = f"store: {directory}\noutput:\n  title: bench\n  url: https://example.org/\n"
    return parse_config(text + f"feeds:\n{feeds}", directory / "feeds.yaml")


def build(scenario: str, sizes: Sequence[int], new: int, seed: int, root: Path) -> list[Snapshot]:
    """Store and group the stream of ``scenario`` up to each size, copying the store at each."""
    directory = root / scenario
    config = make_config(directory)
    stream = list(itertools.islice(NewsStream(seed, SCENARIOS[scenario]), max(sizes) + new))
    db = store.open_db(config.db_path)
    with db.atomic():
        store.save_sources(db, config.feeds)
    snapshots, done, build_s = [], 0, 0.0
    for size in sorted(sizes):
        while done < size:
            batch = stream[done : min(done + BUILD_BATCH, size)]
            started = time.perf_counter()
            with db.atomic():
                store.save_items(db, batch)
            with clock_at(batch):
                story_batch.group_new(db, config)
            build_s += time.perf_counter() - started
            done += len(batch)
            print(f"[{scenario}] {done:>7,} articles stored, {build_s:6.0f} s", file=sys.stderr)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the .db file alone is the whole store
        path = root / f"{scenario}-{size}.db"
        shutil.copyfile(config.db_path, path)
        days = (stream[size - 1].date - stream[0].date).total_seconds() / 86400
        batch = stream[size : size + new]
        snapshots.append(Snapshot(scenario, size, path, build_s, days, batch))
    db.close()
    return snapshots


@contextlib.contextmanager
def clock_at(batch: Sequence[Item]) -> Iterator[None]:
    """``story_batch``'s clock reads when the last of ``batch`` was fetched."""
    when = max(item.fetched for item in batch)

    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Clock:
            return cast(Clock, when if tz is None else when.astimezone(tz))

    original = getattr(story_batch, "datetime")  # noqa: B009 (a name the module imported)
    setattr(story_batch, "datetime", Clock)  # noqa: B010 (a module's name, not an attribute)
    try:
        yield
    finally:
        setattr(story_batch, "datetime", original)  # noqa: B010


@contextlib.contextmanager
def fresh_copy(
    snapshot: Snapshot, root: Path, *, upgraded: bool = False
) -> Iterator[tuple[store.Database, Config]]:
    """A copy of the snapshot's store with the new batch stored but not yet grouped; with
    ``upgraded``, without the words kept for matching (as after the reading changed)."""
    directory = root / "work"
    config = make_config(directory)
    directory.mkdir(exist_ok=True)
    shutil.copyfile(snapshot.path, config.db_path)
    db = store.open_db(config.db_path)
    try:
        with db.atomic():
            store.save_items(db, snapshot.new)
            if upgraded:
                db.execute("DELETE FROM match_words")
        yield db, config
    finally:
        db.close()
        shutil.rmtree(directory)


def time_group_new(
    snapshot: Snapshot, root: Path, repeat: int, *, upgraded: bool = False
) -> list[float]:
    """ms per new article of ``group_new``, once per repetition."""
    runs = []
    for _ in range(repeat):
        with fresh_copy(snapshot, root, upgraded=upgraded) as (db, config), clock_at(snapshot.new):
            started = time.perf_counter()
            story_batch.group_new(db, config)
            elapsed = time.perf_counter() - started
        runs.append(1000 * elapsed / len(snapshot.new))
    return runs


@contextlib.contextmanager
def counting(owner: object, name: str, sizes: list[int]) -> Iterator[None]:
    """Record the size of each result of ``owner.name``: a list's length, a dict's values'
    lengths added up (candidates per article of a batch), else 1."""
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        if isinstance(result, dict):
            sizes.append(sum(map(len, result.values())))
        else:
            sizes.append(len(result) if isinstance(result, list) else 1)
        return result

    setattr(owner, name, counted)
    try:
        yield
    finally:
        setattr(owner, name, original)


def count_comparisons(
    snapshot: Snapshot, root: Path, *, upgraded: bool = False
) -> tuple[float, float]:
    """Candidates the index found and pairs compared, per new article (an untimed run)."""
    found: list[int] = []
    compared: list[int] = []
    grouping = sys.modules[story_batch.assign.__module__]  # where ``assign`` looks up ``compare``
    with (
        fresh_copy(snapshot, root, upgraded=upgraded) as (db, config),
        clock_at(snapshot.new),
        counting(matching, "find_candidates", found),
        counting(grouping, "compare", compared),
    ):
        story_batch.group_new(db, config)
    return sum(found) / len(snapshot.new), len(compared) / len(snapshot.new)


def time_naive(snapshot: Snapshot) -> float:
    """ms per new article of scoring its headline against every stored headline."""
    with contextlib.closing(sqlite3.connect(snapshot.path)) as conn:
        stored = [title.casefold() for (title,) in conn.execute("SELECT title FROM articles")]
    started = time.perf_counter()
    for item in snapshot.new:
        title = item.title.casefold()
        for other in stored:
            fuzz.token_set_ratio(title, other)
    return 1000 * (time.perf_counter() - started) / len(snapshot.new)


def measure(snapshot: Snapshot, root: Path, repeat: int, *, upgraded: bool = False) -> Row:
    runs = time_group_new(snapshot, root, repeat, upgraded=upgraded)
    candidates, compared = count_comparisons(snapshot, root, upgraded=upgraded)
    return Row(
        scenario=snapshot.scenario,
        size=snapshot.size,
        days=round(snapshot.days, 1),
        build_s=round(snapshot.build_s, 1),
        ms_per_article=round(statistics.median(runs), 2),
        ms_runs=[round(ms, 2) for ms in runs],
        candidates=round(candidates, 1),
        compared=round(compared, 1),
        naive_ms_per_article=round(time_naive(snapshot), 2),
        db_mb=round(snapshot.path.stat().st_size / 1e6, 1),
    )


LEGEND = """\
size       articles in the store before the new batch arrives
days       days those articles span (the matching window looks back 8 days)
build s    storing and grouping them from empty, in batches of 2,000 (scenarios built in parallel)
ours ms    group_new for the new batch, per new article: median of the repetitions
cand       candidates the index found, per new article (at most MAX_CANDIDATES = 40)
compared   pairs match.compare judged, per new article
naive ms   rapidfuzz token_set_ratio of each new headline against every stored one, per article
db MB      size of the SQLite file"""


def print_table(rows: Sequence[Row], new: int, repeat: int, upgraded: bool) -> None:
    when = "the first run after an upgrade, nothing kept" if upgraded else "kept words as in use"
    print(f"Matching cost per new article ({new} new articles, median of {repeat} runs; {when})\n")
    header = (
        f"{'scenario':<10} {'size':>8} {'days':>6} {'build s':>8} {'ours ms':>8} "
        f"{'cand':>5} {'compared':>8} {'naive ms':>9} {'db MB':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r.scenario:<10} {r.size:>8,} {r.days:>6.1f} {r.build_s:>8.0f} "
            f"{r.ms_per_article:>8.2f} {r.candidates:>5.1f} {r.compared:>8.1f} "
            f"{r.naive_ms_per_article:>9.2f} {r.db_mb:>7.1f}"
        )
    print(f"\n{LEGEND}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="store sizes, comma-separated (the full run: 1000,10000,100000)",
    )
    parser.add_argument("--new", type=int, default=200, help="articles in the timed batch")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic stream")
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help="comma-separated: realistic,dense"
    )
    parser.add_argument(
        "--after-upgrade",
        action="store_true",
        help="time the first run after the matcher's reading changed (no kept words)",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the rows here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    scenarios = args.scenarios.split(",")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="match_scale-") as tmp:
        root = Path(tmp)
        with ProcessPoolExecutor(max_workers=len(scenarios)) as pool:
            job = functools.partial(build, sizes=sizes, new=args.new, seed=args.seed, root=root)
            built = pool.map(job, scenarios)
            snapshots = [s for per_scenario in built for s in per_scenario]
        rows = []
        for snapshot in snapshots:
            print(f"[{snapshot.scenario}] timing {snapshot.size:,}", file=sys.stderr)
            rows.append(measure(snapshot, root, args.repeat, upgraded=args.after_upgrade))
    total = time.perf_counter() - started
    print_table(rows, args.new, args.repeat, args.after_upgrade)
    print(f"\ntotal {total:.0f} s")
    if args.json:
        document = {
            "new": args.new,
            "repeat": args.repeat,
            "seed": args.seed,
            "scenarios": {name: SCENARIOS[name] for name in scenarios},
            "total_s": round(total, 1),
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(document, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
