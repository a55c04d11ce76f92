"""Tests for aggregator.publish: the JSON Feed, read back the way a subscriber would."""

from __future__ import annotations

import json

from aggregator.publish import (
    render_json,
)
from tests.publish_fixtures import (
    ENTRIES,
    MOVIE,
    MOVIE_LEAD,
    MOVIE_SECOND,
    MOVIE_THIRD,
    OUTPUT,
    at,
    make_entry,
    make_item,
    urn,
)

# JSON Feed


def test_json_feed_top_level() -> None:
    """JSON Feed 1.1 with feed_url, home page, authors, a trailing newline and raw UTF-8."""
    anime = make_item(
        "jp-2", "Tokyo Screen", "https://tokyoscreen.example/a/2", "葬送の旅 劇場版", at(20, 5)
    )
    data = render_json([make_entry("jp-film", "葬送の旅 劇場版 決定", (anime,))], OUTPUT)
    feed = json.loads(data)

    assert data.endswith(b"}\n")
    assert "葬送の旅".encode() in data
    assert list(feed) == [
        "version",
        "title",
        "home_page_url",
        "feed_url",
        "description",
        "authors",
        "items",
    ]
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["home_page_url"] == OUTPUT.url
    assert feed["feed_url"] == OUTPUT.url + "feed.json"
    assert feed["authors"] == [{"name": "Digest Desk"}]


def test_json_feed_items() -> None:
    """Items carry the URN, lead url, RFC 3339 Z dates, author and the _aggregator sources."""
    items = json.loads(render_json(ENTRIES, OUTPUT))["items"]
    movie = items[0]

    assert [item["id"] for item in items] == [urn("st-movie"), urn("mecha-delay"), urn("manga-end")]
    assert movie["url"] == MOVIE_LEAD.url
    assert movie["title"] == MOVIE.story.title
    assert movie["date_published"] == "2026-11-20T09:30:00Z"
    assert movie["date_modified"] == "2026-11-21T08:00:00Z"
    assert movie["authors"] == [{"name": "Mika Tanaka"}]
    assert movie["_aggregator"] == {
        "story_id": "st-movie",
        "sources": [
            {"name": "Anime Wire", "url": MOVIE_LEAD.url, "published": "2026-11-20T09:30:00Z"},
            {
                "name": "Otaku Bulletin",
                "url": MOVIE_SECOND.url,
                "published": "2026-11-20T11:05:00Z",
            },
            {
                "name": "Cel Shade Times",
                "url": MOVIE_THIRD.url,
                "published": "2026-11-20T14:45:00Z",
            },
        ],
    }
