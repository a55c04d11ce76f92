"""Tests for aggregator.publish: the entry body, the HTML page and writing the files."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from aggregator import publish_html
from aggregator.errors import PublishError
from aggregator.models import OutputSettings, StoryNote
from aggregator.publish import (
    render_atom,
    render_html,
    render_json,
    render_rss,
    write_all,
    write_feed,
)
from tests.publish_fixtures import (
    DELAY,
    ENTRIES,
    MOVIE,
    MOVIE_LEAD,
    MOVIE_SECOND,
    MOVIE_THIRD,
    OUTPUT,
    RENDERERS,
    at,
    make_entry,
    make_item,
    parse_page,
    read_feed,
)

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


def test_exactly_the_characters_xml_forbids_and_the_c0_c1_controls_are_stripped() -> None:
    """Over every code point: kept are tab, line feed, carriage return and XML 1.0's ranges
    (https://www.w3.org/TR/xml/#charsets) but DEL and the C1 controls; all else goes."""
    allowed = [(0x9, 0xA), (0xD, 0xD), (0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD),
               (0x10000, 0x10FFFF)]  # fmt: skip
    every = "".join(map(chr, range(0x110000)))
    kept = "".join(chr(c) for low, high in allowed for c in range(low, high + 1))
    assert publish_html._NOT_XML_CHAR.sub("", every) == kept


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
    assert sorted(os.listdir(store)) == [
        ".published", "feed.atom", "feed.json", "feed.rss", "index.html",
    ]  # fmt: skip
    assert paths[0].read_bytes() == render_atom(ENTRIES, OUTPUT)
    assert paths[2].read_bytes() == render_json(ENTRIES, OUTPUT)
    assert paths[3].read_bytes() == render_html(ENTRIES, OUTPUT)
    read_feed(paths[1].read_bytes())

    for path in paths:
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    assert write_all(store, ENTRIES, OUTPUT) == paths
    assert all(path.stat().st_mtime_ns == 1_600_000_000_000_000_000 for path in paths)


def test_write_all_removes_temp_files_a_killed_run_left(tmp_path: Path) -> None:
    """A run killed between writing a temp file and renaming it leaves ".feed.atom.*.tmp"
    behind; the next publish removes it and leaves other files alone."""
    store = tmp_path / "store"
    store.mkdir()
    (store / ".feed.atom.k2j4x9.tmp").write_bytes(b"<feed")
    (store / ".index.html.a1b2c3.tmp").write_bytes(b"<!DOCTYPE")
    (store / "aggregator.db").write_bytes(b"")

    write_all(store, ENTRIES, OUTPUT)

    assert sorted(os.listdir(store)) == [
        ".published", "aggregator.db", "feed.atom", "feed.json", "feed.rss", "index.html",
    ]  # fmt: skip
