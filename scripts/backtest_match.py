"""Backtest the matcher on a labelled corpus, in-process, the way polling would feed it.

Reads a JSONL corpus (keys ``id, source, feed, url, title, summary, published, story``; the
format of ../shared/data/dev/) at run time, splits its time range into steps, and feeds each
step's new articles to ``match.assign`` with everything assigned so far as the pool. Prints
pairwise precision / recall / F1 and the worst false and missed merges with the matcher's
signals. Run it before changing any threshold:

    python scripts/backtest_match.py ../shared/data/dev/anime-news-2025-11.jsonl --steps 8

The corpus is never copied into the repository; without it the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import sys
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from aggregator.config import known_works, load_config
from aggregator.grouping import assign
from aggregator.idf import Idf
from aggregator.match import compare
from aggregator.match_features import features_of
from aggregator.models import Item, MatchSettings
from aggregator.text import stable_hash


def load(path: Path) -> tuple[list[Item], dict[str, str]]:
    items, gold, seen = [], {}, set()
    last = None
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["url"] in seen:
            continue
        seen.add(row["url"])
        when = row.get("published") or last
        last = when
        date = datetime.fromisoformat(when.replace("Z", "+00:00")).astimezone(UTC)
        item = Item(
            item_id=stable_hash(row["source"], row["url"]),
            source=row["source"],
            guid=row["url"],
            url=row["url"],
            title=row["title"],
            summary=html.escape(html.unescape(row.get("summary") or "")),
            content="",
            published=date,
            updated=None,
            fetched=date,
        )
        items.append(item)
        gold[item.item_id] = row["story"]
    return items, gold


def run(items: list[Item], steps: int, settings: MatchSettings) -> dict[str, str]:
    start, end = min(i.date for i in items), max(i.date for i in items)
    predicted: dict[str, str] = {}
    by_id = {i.item_id: i for i in items}
    for step in range(1, steps + 1):
        cut = end if step == steps else start + (end - start) * step / steps
        fresh = [i for i in items if i.date <= cut and i.item_id not in predicted]
        pool = [(by_id[k], v) for k, v in predicted.items()]
        grouping = assign(fresh, pool, settings)
        for item_id, story_id in predicted.items():
            predicted[item_id] = grouping.fused.get(story_id, story_id)
        for a in grouping.assignments:
            predicted[a.item_id] = a.story_id
    return predicted


def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    groups = defaultdict(list)
    for item_id, label in labels.items():
        groups[label].append(item_id)
    return {tuple(sorted(p)) for g in groups.values() for p in itertools.combinations(g, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--window-hours", type=float, default=MatchSettings().window_hours)
    parser.add_argument("--show", type=int, default=15)
    parser.add_argument(
        "--config", type=Path, help="feeds.yaml whose match.aliases to use (default: known works)"
    )
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"{args.corpus}: not found (the labelled corpus lives in ../shared); nothing to do")
        return 0
    items, gold = load(args.corpus)
    # Without a config, the aliases a feeds.yaml without any gives: the known works.
    aliases = load_config(args.config).match.aliases if args.config else tuple(known_works())
    settings = MatchSettings(window_hours=args.window_hours, aliases=aliases)
    predicted = run(items, args.steps, settings)
    gold_pairs, pred_pairs = pairs(gold), pairs(predicted)
    tp = len(gold_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"articles {len(items)}  gold pairs {len(gold_pairs)}  predicted pairs {len(pred_pairs)}")
    print(f"pairwise P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    by_id = {i.item_id: i for i in items}
    idf = Idf.over(features_of(i, aliases).tokens for i in items)
    for title, wrong in (
        ("false merges", pred_pairs - gold_pairs),
        ("missed", gold_pairs - pred_pairs),
    ):
        print(f"\n{title}: {len(wrong)}")
        for a, b in sorted(wrong)[: args.show]:
            verdict = compare(features_of(by_id[a], aliases), features_of(by_id[b], aliases), idf)
            print(f"  {verdict.score:.3f} {dict(verdict.signals)} {verdict.reason[:90]}")
            print(f"      {by_id[a].source}: {by_id[a].title[:90]}")
            print(f"      {by_id[b].source}: {by_id[b].title[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
