"""How well the real grouping recovers the stories of the benchmarks' synthetic news stream.

The stream (``bench/feeds_synth.Newsroom``: fictional shows, people and outlets) knows which
story each article reports, so it is a labelled corpus of any size. This stores the first
``--articles`` of it in a fresh SQLite store, groups them with ``story_batch.group_new`` in batches
of ``--batch`` (all at once by default, as a first run would; smaller batches are how cron runs
meet them) and prints pairwise precision and recall against the stream's stories, with the
largest predicted stories. Mind what the stream cannot tell apart: its evergreen shows get
several stories a day, some under word for word the same headline, which no reader could
separate either; the dev corpus (``scripts/backtest_match.py``) is the measure of quality, this
one of how the matcher holds at scale.

    .venv/bin/python scripts/synthetic_groups.py --articles 10000            # ~30 s
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from feeds_synth import Newsroom, make_outlets

from aggregator import store, story_batch
from aggregator.config import parse_config
from aggregator.models import Source

CONFIG = """store: {store}
output:
  title: synthetic
  url: https://example.org/synthetic/
feeds:
  - name: unused
    url: https://example.org/feed.xml
"""


def same_story_pairs(story_of: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for item_id, story in story_of.items():
        members[story].append(item_id)
    return {p for group in members.values() for p in itertools.combinations(sorted(group), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=0, help="articles per group_new (0: all)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    outlets = make_outlets(200, args.seed)
    room = Newsroom(args.seed, 2000, outlets, 3.0)
    items = list(itertools.islice(room, args.articles))
    with tempfile.TemporaryDirectory() as tmp:
        config = parse_config(CONFIG.format(store=tmp), Path(tmp) / "feeds.yaml")
        db = store.open_db(config.db_path)
        with db.atomic():
            store.save_sources(db, [Source(o.name, f"https://{o.domain}/feed/") for o in outlets])
        batch = args.batch or len(items)
        for start in range(0, len(items), batch):
            with db.atomic():
                store.save_items(db, items[start : start + batch])
            story_batch.group_new(db, config)
        predicted = dict(db.execute("SELECT id, story_id FROM articles").fetchall())
        largest = db.execute(
            "SELECT story_id, COUNT(*) AS n FROM articles GROUP BY story_id ORDER BY n DESC LIMIT 3"
        ).fetchall()
        titles = {
            s: db.execute("SELECT title FROM stories WHERE id = ?", [s]).fetchone()[0]
            for s, _ in largest
        }
        db.close()
    truth = {item.item_id: room.story_of[item.item_id] for item in items}
    ours, gold = same_story_pairs(predicted), same_story_pairs(truth)
    right = len(ours & gold)
    print(
        f"{len(items):,} articles in batches of {batch:,}: {len(set(predicted.values())):,} stories"
        f" ({len(set(truth.values())):,} in the stream); pairwise precision"
        f" {right / max(1, len(ours)):.4f}, recall {right / max(1, len(gold)):.4f}"
    )
    for story, count in largest:
        print(f"  largest: {count} articles, {titles[story]}")


if __name__ == "__main__":
    main()
