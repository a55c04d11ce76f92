"""Stories shared by the publishing tests, and helpers that read the output back."""

from __future__ import annotations

import calendar
import io
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import feedparser

from aggregator.models import Item, OutputSettings, Story, StoryEntry, StoryNote
from aggregator.publish import render_atom, render_html, render_json, render_rss

OUTPUT = OutputSettings(
    title="Anime News Digest",
    url="https://digest.example.org/anime/",
    author="Digest Desk",
    description="Every anime story once, with every outlet that covered it.",
)

RENDERERS = [render_atom, render_rss, render_json, render_html]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def make_item(item_id: str, source: str, url: str, title: str, date: datetime, **kw: Any) -> Item:
    fields: dict[str, Any] = {
        "guid": url,
        "summary": f"<p>{source} reports: {title}.</p>",
        "content": "",
        "published": date,
        "updated": None,
        "fetched": date + timedelta(minutes=7),
    }
    fields.update(kw)
    return Item(item_id=item_id, source=source, url=url, title=title, **fields)


def make_entry(
    story_id: str,
    title: str,
    items: tuple[Item, ...],
    *,
    updated: datetime | None = None,
    notes: tuple[StoryNote, ...] = (),
) -> StoryEntry:
    first_seen = min(item.date for item in items)
    story = Story(
        story_id=story_id,
        title=title,
        lead_item_id=items[0].item_id,
        item_ids=tuple(item.item_id for item in items),
        first_seen=first_seen,
        updated=updated or max(item.date for item in items),
    )
    return StoryEntry(story=story, items=items, notes=notes)


MOVIE_LEAD = make_item(
    "ann-1",
    "Anime Wire",
    "https://animewire.example/news/2026-11-20/starlit-courier-movie",
    "Starlit Courier gets a sequel film in summer 2027",
    at(20, 9, 30),
    content="<p>The studio confirmed a <em>second</em> film at its autumn stage event.</p>",
    author="Mika Tanaka",
)
MOVIE_SECOND = make_item(
    "otaku-7",
    "Otaku Bulletin",
    "https://otakubulletin.example/starlit-courier-sequel",
    "Starlit Courier sequel movie announced, teaser out",
    at(20, 11, 5),
)
MOVIE_THIRD = make_item(
    "cel-3",
    "Cel Shade Times",
    "https://celshade.example/2026/11/starlit-courier-film-2",
    "Starlit Courier 2 film slated for 2027",
    at(20, 14, 45),
)
MOVIE = make_entry(
    "st-movie",
    "Starlit Courier gets a sequel film in summer 2027",
    (MOVIE_LEAD, MOVIE_SECOND, MOVIE_THIRD),
    updated=at(21, 8),
    notes=(
        StoryNote(
            "st-movie", at(20, 11, 5), "source", "otaku-7", "Also reported by Otaku Bulletin"
        ),
        StoryNote("st-movie", at(21, 8), "update", "cel-3", "Teaser reveals the new voice cast"),
    ),
)
DELAY = make_entry(
    "mecha-delay",
    "Iron Lantern season 2 delayed to April",
    (
        make_item(
            "otaku-9",
            "Otaku Bulletin",
            "https://otakubulletin.example/iron-lantern-delay",
            "Iron Lantern season 2 delayed to April",
            at(19, 16),
        ),
    ),
)
MANGA = make_entry(
    "manga-end",
    "Gardenia Road manga ends in its next chapter",
    (
        make_item(
            "cel-8",
            "Cel Shade Times",
            "https://celshade.example/2026/11/gardenia-road-final",
            "Gardenia Road manga ends in its next chapter",
            at(18, 3, 15),
        ),
    ),
)
ENTRIES = (DELAY, MOVIE, MANGA)


def urn(story_id: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "aggregator:story:" + story_id))


def read_feed(data: bytes) -> Any:
    parsed = feedparser.parse(io.BytesIO(data))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def parsed_time(value: Any) -> datetime:
    return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)


class _PageParser(HTMLParser):
    """Collects start tags with their attributes, and all text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(data: bytes) -> _PageParser:
    parser = _PageParser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser
