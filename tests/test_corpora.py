"""The grouping measured end to end on our own labelled corpora (``tests/corpora/*.jsonl``).

Each corpus is a month of news from several outlets (English, Japanese or both), written for
these tests in the outlets' styles, with every article labelled by the story it reports and a
companion ``.md`` listing the multi-article stories and the hard negatives. They were written
without looking at the matcher, as a held-out check of rules made on other data. The test
replays each one as polling would meet it: every outlet's RSS 2.0 feed is served on loopback,
growing in eight time steps, the real CLI runs once per step into one store, and the stories
it saved are scored pairwise against the labels.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from tests.conftest import FeedServer, write_config
from tests.test_end_to_end import run_cli

CORPORA = sorted((Path(__file__).parent / "corpora").glob("*.jsonl"))
STEPS = 8
WINDOW = 150  # the latest articles each feed shows
# Pairwise precision and recall each corpus must keep: where the matcher stands on it (no
# lower), not the targets (precision 0.98, recall 0.95), which it does not reach yet.
# Raise a floor when a change lifts a figure; a change that lowers one is a regression.
FLOORS = {
    "en-2022-06": (0.92, 0.85),
    "en-2022-07": (0.98, 0.84),
    "en-2022-08": (0.99, 0.84),
    "en-2022-09": (0.98, 0.83),
    "en-2022-10": (0.97, 0.78),
    "en-2022-11": (0.99, 0.72),
    "en-2022-12": (0.97, 0.89),
    "en-2023-01": (0.95, 0.69),
    "en-2023-02": (0.90, 0.91),
    "en-2023-03": (0.97, 0.78),
    "en-2023-04": (0.99, 0.87),
    "en-2023-05": (0.97, 0.88),
    "en-2023-06": (0.90, 0.90),
    "en-2023-07": (0.97, 0.80),
    "en-2023-08": (0.95, 0.88),
    "en-2023-09": (0.99, 0.90),
    "en-2023-10": (0.97, 0.75),
    "en-2023-11": (0.98, 0.80),
    "en-2023-12": (0.99, 0.91),
    "en-2024-01": (0.99, 0.88),
    "en-2024-02": (0.97, 0.83),
    "en-2024-03": (0.99, 0.88),
    "en-2024-04": (0.99, 0.82),
    "en-2024-05": (0.99, 0.88),
    "en-2024-06": (0.99, 0.86),
    "en-2024-07": (0.97, 0.78),
    "en-2024-08": (0.97, 0.86),
    "en-2024-09": (0.99, 0.81),
    "en-2024-10": (0.99, 0.84),
    "en-2024-11": (0.99, 0.77),
    "en-2024-12": (0.98, 0.81),
    "en-2025-01": (0.98, 0.87),
    "en-2025-02": (0.99, 0.89),
    "en-2025-03": (0.99, 0.85),
    "en-2025-04": (0.99, 0.83),
    "en-2025-05": (0.99, 0.83),
    "en-2025-06": (0.99, 0.93),
    "en-2025-07": (0.99, 0.89),
    "en-2025-08": (0.99, 0.90),
    "en-2025-09": (0.98, 0.84),
    "en-2025-10": (0.99, 0.83),
    "en-2025-12": (0.99, 0.83),
    "en-2026-01": (0.99, 0.71),
    "en-2026-02": (0.99, 0.94),
    "en-2026-03": (0.99, 0.80),
    "en-2026-04": (0.99, 0.71),
    "en-2026-05": (0.99, 0.62),
    "en-2026-06": (0.99, 0.94),
    "en-2026-07": (0.99, 0.79),
    "en-2026-08": (0.99, 0.86),
    "en-2026-09": (0.96, 0.92),
    "en-2026-10": (0.99, 0.89),
    "en-2026-11": (0.99, 0.88),
    "en-2026-12": (0.99, 0.86),
    "ja-2022-10": (0.86, 0.94),
    "ja-2022-11": (0.93, 0.71),
    "ja-2022-12": (0.96, 0.93),
    "ja-2023-01": (0.97, 0.95),
    "ja-2023-02": (0.99, 0.95),
    "ja-2023-03": (0.96, 0.91),
    "ja-2023-04": (0.92, 0.80),
    "ja-2023-05": (0.99, 0.84),
    "ja-2023-06": (0.99, 0.85),
    "ja-2023-07": (0.96, 0.93),
    "ja-2023-08": (0.94, 0.84),
    "ja-2023-09": (0.96, 0.86),
    "ja-2023-10": (0.96, 0.87),
    "ja-2023-11": (0.99, 0.93),
    "ja-2023-12": (0.92, 0.77),
    "ja-2024-01": (0.97, 0.90),
    "ja-2024-02": (0.94, 0.94),
    "ja-2024-03": (0.92, 0.81),
    "ja-2024-04": (0.96, 0.85),
    "ja-2024-05": (0.96, 0.87),
    "ja-2024-06": (0.94, 0.87),
    "ja-2024-07": (0.99, 0.93),
    "ja-2024-08": (0.95, 0.85),
    "ja-2024-09": (0.99, 0.90),
    "ja-2024-10": (0.99, 0.95),
    "ja-2024-11": (0.95, 0.89),
    "ja-2024-12": (0.97, 0.88),
    "ja-2025-01": (0.97, 0.87),
    "ja-2025-02": (0.99, 0.87),
    "ja-2025-03": (0.99, 0.92),
    "ja-2025-04": (0.94, 0.94),
    "ja-2025-05": (0.99, 0.87),
    "ja-2025-06": (0.95, 0.95),
    "ja-2025-07": (0.99, 0.86),
    "ja-2025-08": (0.99, 0.85),
    "ja-2025-09": (0.97, 0.92),
    "ja-2025-10": (0.98, 0.81),
    "ja-2025-11": (0.99, 0.94),
    "ja-2025-12": (0.99, 0.93),
    "ja-2026-01": (0.99, 0.93),
    "ja-2026-02": (0.99, 0.97),
    "ja-2026-03": (0.93, 0.92),
    "ja-2026-04": (0.99, 0.99),
    "ja-2026-05": (0.99, 0.90),
    "ja-2026-06": (0.99, 0.96),
    "ja-2026-07": (0.96, 0.88),
    "ja-2026-08": (0.99, 0.99),
    "ja-2026-09": (0.99, 0.89),
    "ja-2026-10": (0.92, 0.94),
    "ja-2026-11": (0.98, 0.90),
    "ja-2026-12": (0.99, 0.92),
    "mix-2023-05": (0.98, 0.85),
    "mix-2023-06": (0.97, 0.93),
    "mix-2023-07": (0.97, 0.79),
    "mix-2023-08": (0.97, 0.73),
    "mix-2023-09": (0.93, 0.74),
    "mix-2023-10": (0.99, 0.77),
    "mix-2023-11": (0.92, 0.78),
    "mix-2023-12": (0.99, 0.87),
    "mix-2024-01": (0.97, 0.90),
    "mix-2024-02": (0.99, 0.85),
    "mix-2024-03": (0.94, 0.84),
    "mix-2024-04": (0.96, 0.77),
    "mix-2024-05": (0.99, 0.91),
    "mix-2024-06": (0.94, 0.85),
    "mix-2024-07": (0.99, 0.81),
    "mix-2024-08": (0.97, 0.80),
    "mix-2024-09": (0.96, 0.70),
    "mix-2024-10": (0.99, 0.93),
    "mix-2024-11": (0.97, 0.88),
    "mix-2024-12": (0.97, 0.96),
    "mix-2025-01": (0.97, 0.83),
    "mix-2025-02": (0.99, 0.89),
    "mix-2025-03": (0.97, 0.86),
    "mix-2025-04": (0.99, 0.89),
    "mix-2025-05": (0.99, 0.83),
    "mix-2025-06": (0.99, 0.87),
    "mix-2025-07": (0.97, 0.91),
    "mix-2025-08": (0.99, 0.91),
    "mix-2025-09": (0.91, 0.84),
    "mix-2025-10": (0.98, 0.94),
    "mix-2025-11": (0.99, 0.90),
    "mix-2025-12": (0.97, 0.95),
    "mix-2026-01": (0.95, 0.84),  # the Culling Game among the known works: see CHANGELOG
    "mix-2026-02": (0.99, 0.79),
    "mix-2026-03": (0.97, 0.90),
    "mix-2026-04": (0.99, 0.96),
    "mix-2026-05": (0.99, 0.90),
    "mix-2026-06": (0.96, 0.94),
    "mix-2026-07": (0.99, 0.83),
    "mix-2026-08": (0.97, 0.85),
    "mix-2026-09": (0.99, 0.92),
    "mix-2026-10": (0.97, 0.90),
    "mix-2026-11": (0.99, 0.90),
}


@dataclass(frozen=True)
class Report:
    feed: str
    source: str
    url: str
    title: str
    summary: str
    published: datetime
    story: str


def load(path: Path) -> list[Report]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        Report(
            row["feed"],
            row["source"],
            row["url"],
            row["title"],
            row["summary"],
            datetime.fromisoformat(row["published"].replace("Z", "+00:00")),
            row["story"],
        )
        for row in rows
    ]


def rss(source: str, reports: Sequence[Report]) -> bytes:
    """An outlet's RSS 2.0 feed: its latest ``WINDOW`` reports, newest first."""
    shown = sorted(reports, key=lambda r: r.published, reverse=True)[:WINDOW]
    items = "".join(
        f"<item><title>{escape(r.title)}</title><link>{escape(r.url)}</link>"
        f"<guid isPermaLink='true'>{escape(r.url)}</guid>"
        f"<pubDate>{format_datetime(r.published)}</pubDate>"
        f"<description>{escape(r.summary)}</description></item>"
        for r in shown
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{escape(source)}</title><link>https://example.org/</link>"
        f"<description>{escape(source)} news</description>{items}</channel></rss>"
    ).encode()


def pairs(story_of: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for url, story in story_of.items():
        members[story].append(url)
    return {pair for urls in members.values() for pair in itertools.combinations(sorted(urls), 2)}


def replay(reports: Sequence[Report], server: FeedServer, directory: Path) -> dict[str, str]:
    """The story id the store gave each report's URL, after polling in ``STEPS`` steps."""
    feeds = sorted({r.feed for r in reports})
    source_of = {r.feed: r.source for r in reports}
    # Feeds named by their outlets, as replay.py names them.
    config = write_config(directory, {source_of[f]: server.url(f"/{f}.xml") for f in feeds})
    start = min(r.published for r in reports)
    span = max(r.published for r in reports) - start
    for step in range(1, STEPS + 1):
        until = start + span * step / STEPS
        for feed in feeds:
            shown = [r for r in reports if r.feed == feed and r.published <= until]
            server.routes[f"/{feed}.xml"] = (
                200,
                "application/rss+xml",
                rss(source_of[feed], shown),
            )
        code, _, err = run_cli(config, "run")
        assert code == 0, err
    with closing(sqlite3.connect(directory / "store" / "aggregator.db")) as db:
        return dict(db.execute("SELECT url, story_id FROM articles").fetchall())


@pytest.mark.parametrize("corpus", CORPORA, ids=[path.stem for path in CORPORA])
def test_a_month_of_our_own_labelled_news_groups_as_labelled(
    corpus: Path, feed_server: FeedServer, tmp_path: Path
) -> None:
    reports = load(corpus)
    predicted = replay(reports, feed_server, tmp_path)
    assert sorted(predicted) == sorted(r.url for r in reports)  # nothing lost
    gold, found = pairs({r.url: r.story for r in reports}), pairs(predicted)
    correct = gold & found
    precision = len(correct) / len(found) if found else 1.0
    recall = len(correct) / len(gold) if gold else 1.0
    wrong = sorted(found - gold)[:5]
    missed = sorted(gold - found)[:5]
    least_precision, least_recall = FLOORS[corpus.stem]
    assert precision >= least_precision, f"precision {precision:.3f}; false merges: {wrong}"
    assert recall >= least_recall, f"recall {recall:.3f}; missed merges, e.g. {missed}"
