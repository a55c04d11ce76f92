"""Tests for aggregator.boilerplate (named cases on hand-built items) and for boilerplate removal
in the real pipeline: the CLI, a real SQLite store and WordPress-style feeds on loopback HTTP."""

from __future__ import annotations

import io
import re
import sqlite3
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import feedparser
from hypothesis import given
from hypothesis import strategies as st

from aggregator.boilerplate import clean_items, learn, split_item, strip_item
from aggregator.boilerplate_blocks import MIN_WORDS_MASKED, normalize
from aggregator.models import Item, Source
from aggregator.parse import parse_feed
from aggregator.sanitize import sanitize_html
from aggregator.store import open_db, save_items, save_sources
from aggregator.text import html_to_text, stable_hash
from tests.conftest import FEEDS, FeedServer, write_config
from tests.test_end_to_end import run_cli, seed_setup

HERE = FEEDS / "boilerplate"
NOW = datetime(2025, 6, 20, tzinfo=UTC)
SHOWS = "Tidal Ember Cobalt Velvet Lantern Orchard Comet Harbor Thistle Quartz".split()
SHOWS += "Willow Saffron Granite Heron Juniper Marigold Obsidian Pebble Rowan Sorrel".split()
BIO = "<p>Mina is a staff writer who has covered anime since the VHS days.</p>"
SHARED = "<p>Crunchyroll will stream the series as it airs in Japan.</p>"


def report(n: int, *extra: str, title: str = "") -> Item:
    """Item ``n`` of a hand-built feed: one paragraph of its own, then ``extra`` blocks."""
    title = title or f"{SHOWS[n]} Anime Announced"
    body = f"<p>The {SHOWS[n]} anime was announced by its studio today.</p>\n" + "\n".join(extra)
    url = f"https://outlet.example/news/{SHOWS[n].lower()}/"
    return Item(
        item_id=f"item-{n}", source="Outlet", guid=url, url=url, title=title, summary="",
        content=body, published=None, updated=None, fetched=NOW,
        content_hash=stable_hash(title, "", body),
    )  # fmt: skip


def cleaned(items: list[Item]) -> list[str]:
    return [item.content for item in clean_items(items, set(), {})[0]]


def test_bio_in_three_of_ten_items_is_removed() -> None:
    """A writer's bio under 3 of 10 items is boilerplate; each item keeps its own paragraph."""
    bodies = cleaned([report(n, BIO) if n < 3 else report(n) for n in range(10)])
    assert all("Mina" not in body for body in bodies)
    assert all(f"The {SHOWS[n]} anime" in body for n, body in enumerate(bodies))


def test_templated_footer_is_removed() -> None:
    """A footer naming each item's own title and a number matches across items."""
    footer = "<p>You read “{}” on Outlet Weekly, issue {}. Thanks!</p>"
    items = [report(n, footer.format(f"{SHOWS[n]} Anime Announced", 100 + n)) for n in range(5)]
    assert all(body == f"<p>The {SHOWS[n]} anime was announced by its studio today.</p>"
               for n, body in enumerate(cleaned(items)))  # fmt: skip


def test_related_heading_and_its_list_of_links_are_removed() -> None:
    """A repeated heading goes with the list of links under it, whose links differ per item."""

    def related(n: int) -> str:
        links = "".join(
            f'<li><a href="https://o.example/{s}">{s} news</a></li>' for s in SHOWS[n:][:2]
        )
        return f"<div><h3>More from Outlet</h3>\n<ul>{links}</ul></div>"

    bodies = cleaned([report(n, related(n + 10)) for n in range(4)])
    assert all("<div>" not in b and "<li>" not in b and "More from" not in b for b in bodies)


def test_unique_paragraph_and_block_in_two_of_ten_items_are_kept() -> None:
    """A sentence two reports share is article text: only 3 or more items make boilerplate."""
    bodies = cleaned([report(n, SHARED) if n in (2, 6) else report(n) for n in range(10)])
    assert [n for n, body in enumerate(bodies) if "Crunchyroll" in body] == [2, 6]


def test_a_fair_share_of_a_long_document_is_needed() -> None:
    """In 20 items a block must be in 4 (a fifth): 3 reports sharing a line is not a template."""
    for carriers, learned in ((3, False), (4, True)):
        items = [split_item(report(n, SHARED) if n < carriers else report(n)) for n in range(20)]
        assert any("crunchyroll" in found.sample for found in learn(items).values()) is learned


def test_never_empties_an_article() -> None:
    """Three identical items would lose all their text; they keep the original instead."""
    items = [report(0, BIO, title=f"Copy {n}") for n in range(3)]
    assert cleaned(items) == [item.content for item in items]


def test_heading_over_kept_text_stays() -> None:
    """A repeated "Synopsis" heading introduces each item's own text, so it is kept."""
    items = [report(n, "<h2>Synopsis</h2>", f"<p>{SHOWS[n + 5]} follows a baker.</p>")
             for n in range(5)]  # fmt: skip
    assert all("<h2>Synopsis</h2>" in body for body in cleaned(items))


def test_half_of_an_inline_element_is_never_cut() -> None:
    """Repeated text that opens an inline element wrapping a block stays: cutting it would
    leave a stray end tag behind."""
    wrapper = "<div><strong>Follow Outlet on social media <p>{} fans, say hi.</p></strong></div>"
    items = [report(n, sanitize_html(wrapper.format(SHOWS[n]))) for n in range(4)]
    bodies = cleaned(items)
    assert all("Follow Outlet" in body for body in bodies)
    assert all(sanitize_html(body) == body for body in bodies)


def test_wordpress_footer_of_a_single_item_feed_is_removed() -> None:
    """With nothing to compare, "The post … appeared first on …" still goes (a fixed pattern)."""
    footer = (
        '<p>The post <a href="https://o.example/x">Ember Anime Announced</a> appeared first on'
        ' <a href="https://o.example">Outlet</a>.</p>'
    )
    assert cleaned([report(1, footer)]) == [
        "<p>The Ember anime was announced by its studio today.</p>"
    ]


def test_stored_copy_stays_when_only_boilerplate_differs() -> None:
    """An article stored with a bio learned only later keeps its stored copy and hash; a real
    change still comes through, cleaned."""
    stored = report(3, BIO)
    known = {fp for b in split_item(stored).leaves() if (fp := b.fingerprint) and "mina" in b.key}
    assert clean_items([stored], known, {stored.item_id: stored})[0] == [stored]
    retitled = report(3, BIO, title="Tidal Anime Announced for Spring")
    [new] = clean_items([retitled], known, {stored.item_id: stored})[0]
    assert new.content_hash != stored.content_hash
    changed = report(3, "<p>Update: the premiere moved to May.</p>", BIO)
    [new] = clean_items([changed], known, {stored.item_id: stored})[0]
    assert "Update:" in new.content
    assert "Mina" not in new.content
    assert new.content_hash == stable_hash(new.title, new.summary, new.content)


# The fixtures' boilerplate, as lines of html_to_text (tests/feeds/boilerplate/README.md).
BOILER_LINES = {
    "Share this:", "X", "Facebook", "Reddit", "Related articles", "Leave a Comment!",
    "Nadia Okafor", "Felix Brandt", "Haruka Sato", "Owen Hale", "Aiko Mendes", "Latest articles",
    "Support Cel Shade Times on Patreon and help keep our news free of paywalls.",
    "© 2025 Cel Shade Times. All rights reserved.",
}  # fmt: skip
BOILER_STARTS = ("Nadia is a", "Felix is the", "Haruka writes", "Owen has", "Aiko covers",
                 "Want the week’s anime news")  # fmt: skip
DISCORD = "Join the Kitsune Wire Discord"


def article_lines(html: str, titles: set[str], extra: tuple[str, ...] = ()) -> list[str]:
    """The lines of ``html`` that are not boilerplate (related links are other items' titles)."""
    return [
        line for line in html_to_text(html).splitlines()
        if line not in BOILER_LINES | titles and not line.startswith(BOILER_STARTS + extra)
        and "appeared first on" not in line
    ]  # fmt: skip


def raw_items(*files: str, feed: str = "kw") -> dict[str, Item]:
    """The fixtures' items as parse gives them (boilerplate and all) for ``feed``, by guid."""
    source = Source(feed, "https://fixture.example/feed/")
    return {
        item.guid: item
        for file in files
        for item in parse_feed(
            (HERE / file).read_bytes(), source=source, headers={}, fetched_at=NOW,
            base_url=source.url,
        )
    }  # fmt: skip


def stored(config: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        rows = conn.execute("SELECT guid, summary, content FROM articles").fetchall()
    return {guid: (summary, content) for guid, summary, content in rows}


def assert_clean(
    rows: dict[str, tuple[str, str]], raw: dict[str, Item], extra: tuple[str, ...] = ()
) -> None:
    """Every stored article holds exactly the article text of its fixture item, in order."""
    titles = {item.title for item in raw.values()}
    for guid, (summary, content) in rows.items():
        expected = raw[guid]
        assert html_to_text(summary).splitlines() == article_lines(expected.summary, titles, extra)
        assert html_to_text(content).splitlines() == article_lines(expected.content, titles, extra)
        assert sanitize_html(content, expected.url) == content


def serve(server: FeedServer, tmp_path: Path, **files: str) -> Path:
    urls = {name: server.add_file(f"/{file}", HERE / file) for name, file in files.items()}
    return write_config(tmp_path, {name: urls[name] for name in files})


def test_run_stores_and_publishes_only_article_text(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """After a run the store and feed.atom hold all of each article's text and none of the bios,
    share boxes, pleas, related lists and footers; the sentence two items share stays."""
    config = serve(feed_server, tmp_path, kw="kitsune-wire-1.xml", cs="cel-shade-times.xml")
    assert run_cli(config, "run")[0] == 0
    rows = stored(config)
    assert len(rows) == 20
    assert_clean(
        rows, raw_items("kitsune-wire-1.xml") | raw_items("cel-shade-times.xml", feed="cs")
    )
    assert sum("Crunchyroll will stream" in content for _, content in rows.values()) == 2
    atom = feedparser.parse(io.BytesIO((config.parent / "store" / "feed.atom").read_bytes()))
    assert len(atom.entries) == 20
    for entry in atom.entries:
        lines = html_to_text(entry.content[0].value).splitlines()
        assert not BOILER_LINES & set(lines)
        assert not [line for line in lines if line.startswith(BOILER_STARTS)]
        assert not [line for line in lines if "appeared first on" in line]
    texts = "\n".join(entry.content[0].value for entry in atom.entries)
    assert "Lanternfish Bistro</em> is getting a television anime" in texts


def revisions(config: Path) -> tuple[int, int]:
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        versions = conn.execute("SELECT COUNT(*) FROM article_versions").fetchone()[0]
        notes = conn.execute("SELECT COUNT(*) FROM story_notes WHERE kind = 'revision'")
        return versions, notes.fetchone()[0]


def test_sliding_window_records_no_revision(feed_server: FeedServer, tmp_path: Path) -> None:
    """The window slides by three and the Discord plea becomes boilerplate (4 of 10 items):
    the items stored with it keep their copy, no revision is recorded, new items are clean.
    Only the three new items are read again; the two older ones with the plea count through
    the fingerprints kept for the feed's last document."""
    config = serve(feed_server, tmp_path, kw="kitsune-wire-1.xml")
    assert run_cli(config, "run")[0] == 0
    first = stored(config)
    feed_server.add_file("/kitsune-wire-1.xml", HERE / "kitsune-wire-2.xml")
    assert run_cli(config, "run")[0] == 0
    assert revisions(config) == (0, 0)
    second = stored(config)
    assert {guid: second[guid] for guid in first} == first
    raw = raw_items("kitsune-wire-1.xml", "kitsune-wire-2.xml")
    new = {guid: row for guid, row in second.items() if guid not in first}
    assert len(new) == 3
    assert_clean(new, raw, extra=(DISCORD,))
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        kept = conn.execute("SELECT article_id, fingerprints FROM feed_items WHERE feed = 'kw'")
        documented = dict(kept.fetchall())
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        ids = dict(conn.execute("SELECT guid, id FROM articles").fetchall())
    assert set(documented) == {ids[guid] for guid in raw_items("kitsune-wire-2.xml")}
    assert all(documented.values())  # every item has blocks, so fingerprints


def test_one_item_document_uses_learned_fingerprints(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    """A later document with one item still loses its bio, share box and related list."""
    config = serve(feed_server, tmp_path, kw="kitsune-wire-1.xml")
    assert run_cli(config, "run")[0] == 0
    feed_server.add_file("/kitsune-wire-1.xml", HERE / "kitsune-wire-3.xml")
    assert run_cli(config, "run")[0] == 0
    raw = raw_items("kitsune-wire-3.xml")
    latest = {guid: row for guid, row in stored(config).items() if guid in raw}
    assert len(latest) == 1
    assert_clean(latest, raw | raw_items("kitsune-wire-2.xml"))


def test_articles_stored_before_are_not_rewritten(feed_server: FeedServer, tmp_path: Path) -> None:
    """A store holding articles saved before boilerplate removal keeps them as they are, with no
    revision; what the documents teach is remembered and cleans the new items."""
    config = serve(feed_server, tmp_path, kw="kitsune-wire-1.xml")
    old = list(raw_items("kitsune-wire-1.xml").values())
    db = open_db(config.parent / "store" / "aggregator.db")
    save_sources(db, [Source("kw", feed_server.url("/kitsune-wire-1.xml"))])
    save_items(db, old)
    db.conn.close()
    assert run_cli(config, "run")[0] == 0
    feed_server.add_file("/kitsune-wire-1.xml", HERE / "kitsune-wire-2.xml")
    assert run_cli(config, "run")[0] == 0
    assert revisions(config) == (0, 0)
    rows = stored(config)
    assert all(rows[i.guid] == (i.summary, i.content) for i in old)
    with sqlite3.connect(config.parent / "store" / "aggregator.db") as conn:
        learned = dict(conn.execute("SELECT sample, items FROM boilerplate WHERE feed = 'kw'"))
    assert learned["leave a comment!"] == 10
    assert learned["the post {title} appeared first on kitsune wire."] == 10
    new = {guid: row for guid, row in rows.items() if guid not in {i.guid for i in old}}
    assert_clean(new, raw_items("kitsune-wire-2.xml"), extra=(DISCORD,))


def test_seed_feeds_are_stored_clean(feed_server: FeedServer, tmp_path: Path) -> None:
    """The seed outlets' repeated footers, related lists and most frequent bio are gone."""
    config = seed_setup(feed_server, tmp_path)
    assert run_cli(config, "run")[0] == 0
    texts = [summary + content for summary, content in stored(config).values()]
    assert len(texts) == 10
    for marker in ("appeared first on", "Leave a Comment!", "Related articles", "Latest articles",
                   "Priya is a news writer"):  # fmt: skip
        assert not [text for text in texts if marker in text], marker


def test_cleaning_keeps_html_sanitised_and_is_idempotent() -> None:
    """Cleaning cuts whole elements: the result is what sanitize makes of it, and cleaning the
    cleaned items again changes nothing."""
    items = list(raw_items("cel-shade-times.xml").values())
    once, learned, _ = clean_items(items, set(), {})
    assert all(sanitize_html(i.content, i.url) == i.content for i in once)
    assert [strip_item(split_item(i), set(learned)) for i in once] == once


_TEXT = st.text(st.sampled_from("ab Zé1 9\u00a0\u212a\u017fﬁ½２Ⅻ_.\t\n’"), max_size=40)


@given(_TEXT)
def test_a_block_key_is_the_same_whichever_way_it_is_computed(text: str) -> None:
    """The key of ASCII text (lowercased) and of other text (NFKC, casefolded) is what NFKC and
    casefold give on any text, and digits are masked exactly when the text holds at least
    ``MIN_WORDS_MASKED`` words (counted up to that many only)."""
    spaced = unicodedata.normalize("NFKC", " ".join(text.split())).casefold()
    words = len(re.findall(r"\S*[^\W\d_]\S*", spaced))
    masked = re.sub(r"\d+", "0", spaced) if words >= MIN_WORDS_MASKED else spaced
    assert normalize(text, ()) == masked
    assert normalize(text, (), numbers=False) == spaced
