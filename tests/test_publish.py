"""Tests for aggregator.publish: every format is read back the way a subscriber would."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from aggregator.models import OutputSettings
from aggregator.publish import (
    render_atom,
    render_html,
    render_json,
    render_rss,
)
from tests.publish_fixtures import (
    DELAY,
    ENTRIES,
    MANGA,
    MOVIE,
    MOVIE_LEAD,
    MOVIE_SECOND,
    MOVIE_THIRD,
    OUTPUT,
    at,
    make_entry,
    make_item,
    parse_page,
    parsed_time,
    read_feed,
    urn,
)

# Atom


def test_atom_reads_back_with_feed_metadata() -> None:
    """Atom output parses without bozo and carries the feed's title, links, author and generator."""
    feed = read_feed(render_atom(ENTRIES, OUTPUT))

    assert feed.version == "atom10"
    assert feed.feed.title == OUTPUT.title
    assert feed.feed.subtitle == OUTPUT.description
    assert feed.feed.id == OUTPUT.url
    assert feed.feed.author == "Digest Desk"
    links = {link.rel: link for link in feed.feed.links}
    assert links["self"].href == OUTPUT.url + "feed.atom"
    assert links["self"].type == "application/atom+xml"
    assert links["alternate"].href == OUTPUT.url
    assert feed.feed.generator == "aggregator"
    assert feed.feed.generator_detail.href == "https://github.com/aggregator-anime/aggregator"
    assert len(feed.entries) == 3


def test_atom_entry_ids_are_stable_urns() -> None:
    """Entry ids are the uuid5 URN of the story id, unique, and unchanged by new titles or dates."""
    feed = read_feed(render_atom(ENTRIES, OUTPUT))
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    assert set(ids) == {urn("st-movie"), urn("mecha-delay"), urn("manga-end")}

    retitled = make_entry(
        "mecha-delay", "Iron Lantern S2 now set for April 2027", DELAY.items, updated=at(22, 10)
    )
    again = read_feed(render_atom([retitled], OUTPUT))
    assert again.entries[0].id == urn("mecha-delay")


def test_a_story_given_twice_is_a_bug() -> None:
    """Two entries with one story id would publish one id twice: rendering refuses."""
    with pytest.raises(ValueError, match="story ids given twice"):
        render_atom([DELAY, MOVIE, DELAY], OUTPUT)


def test_atom_links_lead_as_alternate_and_other_outlets_as_related() -> None:
    """The lead report is the alternate link; every other outlet's report is a related link."""
    feed = read_feed(render_atom([MOVIE], OUTPUT))
    (entry,) = feed.entries

    assert entry.link == MOVIE_LEAD.url
    alternates = [link.href for link in entry.links if link.rel == "alternate"]
    related = [link.href for link in entry.links if link.rel == "related"]
    assert alternates == [MOVIE_LEAD.url]
    assert related == [MOVIE_SECOND.url, MOVIE_THIRD.url]


def test_atom_related_links_are_deduplicated() -> None:
    """A URL repeated by several items, or equal to the lead's, appears once and not as related."""
    syndicated = make_item(
        "mirror-1", "Anime Wire Mirror", MOVIE_LEAD.url, MOVIE_LEAD.title, at(20, 10)
    )
    repeat = make_item("otaku-8", "Otaku Bulletin", MOVIE_SECOND.url, "Updated", at(20, 12))
    entry = make_entry(
        "st-movie", MOVIE.story.title, (MOVIE_LEAD, syndicated, MOVIE_SECOND, repeat)
    )
    (parsed,) = read_feed(render_atom([entry], OUTPUT)).entries

    assert [link.href for link in parsed.links] == [MOVIE_LEAD.url, MOVIE_SECOND.url]


def test_atom_dates_round_trip() -> None:
    """published is the story's first_seen, updated its updated, and the feed's the newest."""
    feed = read_feed(render_atom(ENTRIES, OUTPUT))
    by_id = {entry.id: entry for entry in feed.entries}

    for story_entry in ENTRIES:
        entry = by_id[urn(story_entry.story.story_id)]
        assert parsed_time(entry.published_parsed) == story_entry.story.first_seen
        assert parsed_time(entry.updated_parsed) == story_entry.story.updated
    assert parsed_time(feed.feed.updated_parsed) == at(21, 8)


def test_atom_dates_in_other_zones_come_out_in_utc() -> None:
    """An aware date in another zone is written as the same instant in UTC."""
    tokyo = timezone(timedelta(hours=9))
    item = make_item(
        "jp-1", "Tokyo Screen", "https://tokyoscreen.example/a/1", "Stage play", at(20, 1)
    )
    local = datetime(2026, 11, 20, 10, 0, tzinfo=tokyo)
    entry = make_entry("jp-story", "Stage play announced", (item,), updated=local)
    data = render_atom([entry], OUTPUT)

    assert b"2026-11-20T01:00:00+00:00" in data
    assert parsed_time(read_feed(data).entries[0].updated_parsed) == at(20, 1)


def test_sub_second_dates_keep_their_fraction_in_atom_and_json() -> None:
    """A fraction of a second is kept in Atom and JSON Feed dates; HTML <time> shows seconds."""
    item = make_item(
        "us-1",
        "Anime Wire",
        "https://animewire.example/n/9",
        "Trailer",
        at(20, 9) + timedelta(microseconds=123456),
    )
    entry = make_entry("micro", "Trailer drops", (item,))

    assert json.loads(render_json([entry], OUTPUT))["items"][0]["date_published"] == (
        "2026-11-20T09:00:00.123456Z"
    )
    assert b"<updated>2026-11-20T09:00:00.123456+00:00</updated>" in render_atom([entry], OUTPUT)
    # HTML allows at most three fraction digits in <time datetime>.
    assert b'datetime="2026-11-20T09:00:00Z"' in render_html([entry], OUTPUT)
    assert b".123456" not in render_html([entry], OUTPUT)


def test_atom_author_is_lead_author_else_feed_author() -> None:
    """An entry's author is its lead report's author, or output.author when the lead has none."""
    feed = read_feed(render_atom(ENTRIES, OUTPUT))
    by_id = {entry.id: entry for entry in feed.entries}

    assert by_id[urn("st-movie")].author == "Mika Tanaka"
    assert by_id[urn("mecha-delay")].author == "Digest Desk"


def test_atom_content_is_the_body_html() -> None:
    """The entry content is HTML holding the lead's text and the outlets that reported it."""
    (entry,) = read_feed(render_atom([MOVIE], OUTPUT)).entries
    (content,) = entry.content

    assert content.type == "text/html"
    assert "<em>second</em> film" in content.value
    assert "Reported by 3 outlets" in content.value


def test_empty_feed_is_dated_2000() -> None:
    """With no stories the feed's updated is 2000-01-01T00:00:00Z, never the clock."""
    for render in (render_atom, render_rss):
        feed = read_feed(render([], OUTPUT))
        assert feed.entries == []
        assert parsed_time(feed.feed.updated_parsed) == datetime(2000, 1, 1, tzinfo=UTC)
    assert b"2000-01-01T00:00:00+00:00" in render_atom([], OUTPUT)


# Ordering and the cap


def test_entries_are_newest_first() -> None:
    """Entries are ordered by story.updated, newest first, whatever the input order."""
    for render in (render_atom, render_rss):
        feed = read_feed(render(ENTRIES, OUTPUT))
        assert [entry.id for entry in feed.entries] == [
            urn("st-movie"),
            urn("mecha-delay"),
            urn("manga-end"),
        ]


def test_equal_updated_breaks_ties_by_first_seen_then_story_id() -> None:
    """Equal updated: later first_seen first; equal both: story_id ascending."""
    same = at(20, 12)
    old = make_entry("b-old", "Older start", (MANGA.items[0],), updated=same)
    new_b = make_entry("b-new", "Newer start B", (DELAY.items[0],), updated=same)
    new_a = make_entry("a-new", "Newer start A", (DELAY.items[0],), updated=same)
    feed = read_feed(render_atom([old, new_b, new_a], OUTPUT))

    assert [entry.id for entry in feed.entries] == [urn("a-new"), urn("b-new"), urn("b-old")]


@pytest.mark.parametrize("render", [render_atom, render_rss])
def test_max_entries_caps_xml_feeds(render: Any) -> None:
    """Only the output.max_entries newest stories are published."""
    capped = OutputSettings(title=OUTPUT.title, url=OUTPUT.url, max_entries=2)
    feed = read_feed(render(ENTRIES, capped))

    assert [entry.id for entry in feed.entries] == [urn("st-movie"), urn("mecha-delay")]


def test_max_entries_caps_json_and_html() -> None:
    """The cap applies to JSON Feed items and the page's articles too."""
    capped = OutputSettings(title=OUTPUT.title, url=OUTPUT.url, max_entries=1)
    items = json.loads(render_json(ENTRIES, capped))["items"]
    page = parse_page(render_html(ENTRIES, capped))

    assert [item["id"] for item in items] == [urn("st-movie")]
    assert [attrs["id"] for tag, attrs in page.tags if tag == "article"] == ["story-st-movie"]


# RSS


def test_rss_reads_back() -> None:
    """RSS 2.0 output parses without bozo, with channel fields and a self atom:link."""
    data = render_rss(ENTRIES, OUTPUT)
    feed = read_feed(data)

    assert feed.version == "rss20"
    assert feed.feed.title == OUTPUT.title
    assert feed.feed.link == OUTPUT.url
    assert feed.feed.description == OUTPUT.description
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [OUTPUT.url + "feed.rss"]
    assert parsed_time(feed.feed.updated_parsed) == at(21, 8)
    assert b"<lastBuildDate>Sat, 21 Nov 2026 08:00:00 +0000</lastBuildDate>" in data
    assert feed.feed.generator.startswith("aggregator ")
    assert len(feed.entries) == 3


def test_rss_items_have_guid_link_pubdate_and_body() -> None:
    """Each item: guid is the URN (not a permalink), link the lead, pubDate story.updated."""
    data = render_rss([MOVIE], OUTPUT)
    (entry,) = read_feed(data).entries

    assert entry.id == urn("st-movie")
    assert entry.guidislink is False
    assert f'<guid isPermaLink="false">{urn("st-movie")}</guid>'.encode() in data
    assert entry.link == MOVIE_LEAD.url
    assert parsed_time(entry.published_parsed) == MOVIE.story.updated
    assert "Reported by 3 outlets" in entry.description
    assert entry.author == "Mika Tanaka"
