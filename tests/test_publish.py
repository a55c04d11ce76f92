"""Tests for aggregator.publish: every format is read back the way a subscriber would."""

from __future__ import annotations

import calendar
import io
import json
import os
import stat
import uuid
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest

from aggregator.errors import PublishError
from aggregator.models import Item, OutputSettings, Story, StoryEntry, StoryNote
from aggregator.publish import (
    render_atom,
    render_html,
    render_json,
    render_rss,
    write_all,
    write_feed,
)

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


def test_dates_are_written_to_the_second() -> None:
    """Microseconds are dropped, so <time datetime> stays valid HTML and feeds stay tidy."""
    item = make_item(
        "us-1",
        "Anime Wire",
        "https://animewire.example/n/9",
        "Trailer",
        at(20, 9) + timedelta(microseconds=123456),
    )
    entry = make_entry("micro", "Trailer drops", (item,))

    assert json.loads(render_json([entry], OUTPUT))["items"][0]["date_published"] == (
        "2026-11-20T09:00:00Z"
    )
    assert b'datetime="2026-11-20T09:00:00Z"' in render_html([entry], OUTPUT)
    assert b".123456" not in render_atom([entry], OUTPUT)


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


def test_empty_feed_is_dated_1970() -> None:
    """With no stories the feed's updated is 1970-01-01T00:00:00Z, never the clock."""
    for render in (render_atom, render_rss):
        feed = read_feed(render([], OUTPUT))
        assert feed.entries == []
        assert parsed_time(feed.feed.updated_parsed) == datetime(1970, 1, 1, tzinfo=UTC)
    assert b"1970-01-01T00:00:00+00:00" in render_atom([], OUTPUT)


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


# The entry body


def test_body_lists_outlets_with_dates_and_links() -> None:
    """The body has the lead's content, then each outlet with its date in UTC and a link."""
    body = json.loads(render_json([MOVIE], OUTPUT))["items"][0]["content_html"]

    assert body.startswith(MOVIE_LEAD.content)
    assert "Reported by 3 outlets" in body
    assert f'<a href="{MOVIE_SECOND.url}">Otaku Bulletin</a>' in body
    assert "2026-11-20 14:45 UTC" in body
    assert body.index("Anime Wire") < body.index("Otaku Bulletin") < body.index("Cel Shade")


def test_body_lists_updates_newest_first() -> None:
    """Notes appear under "Updates", newest first, each with its outlet's link."""
    body = json.loads(render_json([MOVIE], OUTPUT))["items"][0]["content_html"]
    updates = body[body.index("Updates") :]

    assert updates.index("Teaser reveals") < updates.index("Also reported by Otaku")
    assert f'<a href="{MOVIE_THIRD.url}">Cel Shade Times</a>: Teaser reveals' in updates


def test_body_uses_summary_without_content_and_counts_one_outlet() -> None:
    """A lead without content contributes its summary; a lone report reads "1 outlet"."""
    body = json.loads(render_json([DELAY], OUTPUT))["items"][0]["content_html"]

    assert body.startswith("<p>Otaku Bulletin reports: Iron Lantern season 2 delayed")
    assert "Reported by 1 outlet<" in body
    assert "Updates" not in body


def test_body_escapes_note_text_and_titles() -> None:
    """Plain text we insert (note text, item titles, outlet names) is HTML-escaped."""
    item = make_item(
        "x-1", "R&D <Anime>", "https://rd.example/x", 'Title with "<b>bold</b>"', at(20, 8)
    )
    note = StoryNote("esc", at(20, 9), "revision", "x-1", "Headline changed to <i>new</i> & more")
    entry = make_entry("esc", "Escaping", (item,), notes=(note,))
    body = json.loads(render_json([entry], OUTPUT))["items"][0]["content_html"]

    assert "R&amp;D &lt;Anime&gt;" in body
    assert "&quot;&lt;b&gt;bold&lt;/b&gt;&quot;" in body
    assert "Headline changed to &lt;i&gt;new&lt;/i&gt; &amp; more" in body


def test_non_web_urls_are_never_links() -> None:
    """A javascript: URL from a feed is not linked; the entry falls back to its page anchor."""
    item = make_item("evil", "Shady Site", "javascript:alert(1)", "Click me", at(20, 8))
    entry = make_entry("shady", "Shady story", (item,))
    page = render_html([entry], OUTPUT)
    feed = read_feed(render_atom([entry], OUTPUT))

    assert b"javascript:" not in page
    assert feed.entries[0].link == OUTPUT.url + "#story-shady"


# HTML page


def test_html_page_structure() -> None:
    """index.html is an HTML5 page with lang, charset, viewport, feed links and one article each."""
    data = render_html(ENTRIES, OUTPUT)
    page = parse_page(data)
    tags = [tag for tag, _ in page.tags]

    assert data.startswith(b"<!DOCTYPE html>\n")
    assert ("html", {"lang": "en"}) in page.tags
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert any(tag == "meta" and attrs.get("name") == "viewport" for tag, attrs in page.tags)
    assert "script" not in tags
    alternates = {
        attrs["type"]: attrs["href"]
        for tag, attrs in page.tags
        if tag == "link" and attrs.get("rel") == "alternate"
    }
    assert alternates == {
        "application/atom+xml": OUTPUT.url + "feed.atom",
        "application/rss+xml": OUTPUT.url + "feed.rss",
        "application/feed+json": OUTPUT.url + "feed.json",
    }
    articles = [attrs["id"] for tag, attrs in page.tags if tag == "article"]
    assert articles == ["story-st-movie", "story-mecha-delay", "story-manga-end"]
    assert ("a", {"href": MOVIE_LEAD.url}) in page.tags


def test_html_page_escapes_injected_markup() -> None:
    """A <script> in a title or the feed title is shown as text, never parsed as a tag."""
    item = make_item(
        "inj",
        "Prank Press",
        "https://prank.example/1",
        "<script>alert(1)</script>",
        at(20, 8),
        summary="<p>A prank headline, sanitised by parse.</p>",
    )
    entry = make_entry("inj", '<script>alert("story")</script> & friends', (item,))
    output = OutputSettings(title="<script>x</script> News", url=OUTPUT.url)
    page = parse_page(render_html([entry], output))
    text = "".join(page.text)

    assert "script" not in [tag for tag, _ in page.tags]
    assert '<script>alert("story")</script> & friends' in text
    assert "<script>x</script> News" in text
    assert "<script>alert(1)</script>" in text


def test_html_page_without_stories() -> None:
    """An empty page is still a complete document saying there are no stories."""
    data = render_html([], OUTPUT)

    assert b"No stories yet." in data
    assert data.rstrip().endswith(b"</html>")


# Determinism and robustness


def test_rendering_is_deterministic() -> None:
    """The same stories, in any input order, give byte-identical output in every format."""
    for render in RENDERERS:
        first = render(ENTRIES, OUTPUT)
        assert render(ENTRIES, OUTPUT) == first
        assert render(tuple(reversed(ENTRIES)), OUTPUT) == first


def test_control_characters_do_not_break_output() -> None:
    """Characters XML forbids are stripped from titles, text and settings in every format."""
    item = make_item(
        "ctl",
        "Broken\x00 Feed",
        "https://broken.example/1",
        "Bell\x07 title",
        at(20, 8),
        content="<p>Form\x0cfeed \x1b[0m and \ufffe inside</p>",
    )
    note = StoryNote("ctl", at(20, 9), "update", "ctl", "Note\x08 text")
    entry = make_entry("ctl", "Season\x01 3\x1f confirmed", (item,), notes=(note,))
    output = OutputSettings(title="Digest\x0b", url=OUTPUT.url, author="Desk\x02")

    for render in (render_atom, render_rss):
        feed = read_feed(render([entry], output))
        assert feed.entries[0].title == "Season 3 confirmed"
        assert feed.feed.title == "Digest"
    body = json.loads(render_json([entry], output))["items"][0]["content_html"]
    assert "Form" in body
    assert not any(char in body for char in "\x00\x07\x08\x0c\x1b\ufffe")
    page = render_html([entry], output).decode()
    assert "Season 3 confirmed" in page
    assert "\x01" not in page


def test_naive_datetime_is_a_bug() -> None:
    """A naive datetime in a story raises instead of being guessed at."""
    naive = make_entry(
        "naive",
        "Naive",
        DELAY.items,
        updated=datetime(2026, 11, 20, 8),  # noqa: DTZ001
    )
    with pytest.raises(ValueError, match="naive datetime"):
        render_json([naive], OUTPUT)


# write_feed and write_all


def test_write_feed_creates_directory_and_file(tmp_path: Path) -> None:
    """write_feed creates missing directories, writes the bytes, returns True, leaves no temp."""
    target = tmp_path / "public" / "feeds" / "feed.atom"

    assert write_feed(target, b"<feed/>") is True
    assert target.read_bytes() == b"<feed/>"
    assert os.listdir(target.parent) == ["feed.atom"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_feed_skips_identical_bytes(tmp_path: Path) -> None:
    """Identical bytes are not rewritten: returns False and the mtime stays put."""
    target = tmp_path / "feed.rss"
    target.write_bytes(b"<rss/>")
    os.utime(target, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    inode = target.stat().st_ino

    assert write_feed(target, b"<rss/>") is False
    assert target.stat().st_mtime_ns == 1_700_000_000_000_000_000
    assert target.stat().st_ino == inode


def test_write_feed_replaces_changed_file_atomically(tmp_path: Path) -> None:
    """Changed bytes go into a new file renamed over the old one, keeping its mode."""
    target = tmp_path / "feed.json"
    target.write_bytes(b'{"old": true}\n')
    target.chmod(0o640)
    inode = target.stat().st_ino

    assert write_feed(target, b'{"new": true}\n') is True
    assert target.read_bytes() == b'{"new": true}\n'
    assert target.stat().st_ino != inode  # renamed over, not rewritten in place
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["feed.json"]


def test_write_feed_under_a_regular_file_raises_publish_error(tmp_path: Path) -> None:
    """A directory that cannot exist (a file is in the way) raises PublishError naming the path."""
    blocker = tmp_path / "store"
    blocker.write_text("not a directory")
    target = blocker / "feed.atom"

    with pytest.raises(PublishError, match="writable directory") as caught:
        write_feed(target, b"<feed/>")
    assert caught.value.path == target
    assert os.listdir(tmp_path) == ["store"]


def test_write_feed_failure_leaves_no_temp_file(tmp_path: Path) -> None:
    """When the final rename fails, PublishError is raised and the temp file is removed."""
    target = tmp_path / "index.html"
    target.mkdir()  # os.replace cannot put a file over a directory

    with pytest.raises(PublishError):
        write_feed(target, b"<!DOCTYPE html>")
    assert os.listdir(tmp_path) == ["index.html"]
    assert target.is_dir()


def test_write_all_writes_four_files(tmp_path: Path) -> None:
    """write_all writes feed.atom, feed.rss, feed.json and index.html and returns their paths."""
    store = tmp_path / "store"
    paths = write_all(store, ENTRIES, OUTPUT)

    assert [path.name for path in paths] == ["feed.atom", "feed.rss", "feed.json", "index.html"]
    assert sorted(os.listdir(store)) == ["feed.atom", "feed.json", "feed.rss", "index.html"]
    assert paths[0].read_bytes() == render_atom(ENTRIES, OUTPUT)
    assert paths[2].read_bytes() == render_json(ENTRIES, OUTPUT)
    assert paths[3].read_bytes() == render_html(ENTRIES, OUTPUT)
    read_feed(paths[1].read_bytes())

    for path in paths:
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    assert write_all(store, ENTRIES, OUTPUT) == paths
    assert all(path.stat().st_mtime_ns == 1_600_000_000_000_000_000 for path in paths)
