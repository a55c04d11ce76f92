"""Grouping in the store (story_batch.group_new) over several runs: the candidate index, whole
stories as the pool, and corrections that later runs must respect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from aggregator import store, story_batch
from aggregator.config import parse_config
from aggregator.corrections import split
from aggregator.models import Config, Item
from aggregator.text import stable_hash

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
OUTLETS = ("Relay Times", "Pilot Post", "Hangar Herald", "Orbit Observer")
TEXT = (
    "The second season of the Starfall Relay anime streamed a trailer introducing the rival "
    "pilot Noa Kisaragi, voiced by Mei Tachibana. Studio Kumo animates; the season premieres "
    "in May 2027 on TV Asahi."
)


def make_config(tmp_path: Path, window_hours: int = 24) -> Config:
    feeds = "".join(
        f'  - name: "{o}"\n    url: "https://{o[:5].lower()}.example/feed"\n' for o in OUTLETS
    )
    text = (
        "store: store\noutput:\n  title: Test\n  url: https://example.org/\n"
        f"match:\n  window_hours: {window_hours}\nfeeds:\n{feeds}"
    )
    return parse_config(text, tmp_path / "feeds.yaml")


def report(outlet: str, hours: float, title: str) -> Item:
    url = f"https://{outlet[:5].lower()}.example/news/{stable_hash(title, length=8)}"
    date = START + timedelta(hours=hours)
    return Item(
        item_id=stable_hash(outlet, url),
        source=outlet,
        guid=url,
        url=url,
        title=title,
        summary=f"<p>{TEXT}</p>",
        content="",
        published=date,
        updated=None,
        fetched=date,
    )


def deliver(config: Config, items: list[Item]) -> dict[str, str]:
    """Store ``items`` as one run would and group them; return every article's story."""
    db = store.open_db(config.db_path)
    try:
        with db.atomic():
            store.save_sources(db, config.feeds)
            store.save_items(db, items)
        story_batch.group_new(db, config)
        return dict(db.execute("SELECT id, story_id FROM articles").fetchall())
    finally:
        db.conn.close()


def test_a_split_holds_when_the_story_grows_beyond_the_window(tmp_path: Path) -> None:
    """An article split out of a story never rejoins it, even when a later report links it to
    a member that joined after the split while the member it was split from is out of the
    new report's reach (the pool holds whole stories, not only the members the index finds)."""
    config = make_config(tmp_path)
    first = report(
        OUTLETS[0], 0, "Starfall Relay Season 2 Trailer Reveals Rival Pilot Noa Kisaragi"
    )
    second = report(OUTLETS[1], 14, "Starfall Relay Season 2 Trailer Teases Noa Kisaragi")
    stories = deliver(config, [first, second])
    assert stories[first.item_id] == stories[second.item_id]
    split(config, stories[first.item_id], second.item_id, START + timedelta(days=1))
    third = report(OUTLETS[2], 20, "Starfall Relay Season 2 Trailer: Rival Pilot Noa Kisaragi")
    fourth = report(OUTLETS[3], 60, "Starfall Relay Season 2 Trailer Teases Noa Kisaragi Duel")
    deliver(config, [third])
    stories = deliver(config, [fourth])
    assert stories[first.item_id] != stories[second.item_id]
    assert len(set(stories.values())) == 2
