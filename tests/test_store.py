"""Tests for aggregator.store: a real SQLite file in tmp_path for every test."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.errors import LockedError, StoreError
from aggregator.match_features import features_of
from aggregator.models import Item, Revision, Source, Story, StoryNote
from aggregator.store import (
    Database,
    Membership,
    hold_lock,
    load_entries,
    load_feed_states,
    load_items,
    load_latest_story_ids,
    load_listing,
    load_unassigned,
    open_db,
    save_items,
    save_sources,
    save_stories,
    search_story_ids,
    stories,
)
from aggregator.store.lock import LOCK_NAME
from aggregator.store.matching import (
    allow_together,
    find_candidates,
    index_articles,
    keep_apart,
    load_idf,
    load_kept_apart,
)

CORNER = Source("Anime Corner", "https://animecorner.example/feed/")
HERALD = Source("Anime Herald", "https://animeherald.example/feed/")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def make_item(item_id: str, source: Source, title: str, date: datetime, summary: str) -> Item:
    slug = item_id.replace("_", "-")
    return Item(
        item_id=item_id,
        source=source.name,
        guid=f"{source.url}?p={slug}",
        url=f"{source.url.removesuffix('feed/')}news/{slug}/",
        title=title,
        summary=summary,
        content=f"<p>{summary}</p><p>Source: {source.name}.</p>",
        published=date,
        updated=None,
        fetched=date + timedelta(minutes=12),
        author="Staff",
        image_url=None,
        content_hash=f"hash-{item_id}-v1",
    )


CLIP_CORNER = make_item(
    "corner_clip",
    CORNER,
    "Metallic Rouge Drops Crimson Lightning Special Music Clip",
    at(20, 9),
    "BONES released a special music clip set to the song Crimson Lightning.",
)
CLIP_HERALD = make_item(
    "herald_clip",
    HERALD,
    "Crimson Lightning Music Video Celebrates Metallic Rouge",
    at(20, 11, 30),
    "A new music video for the original anime pairs the insert song with unused key frames.",
)
FRIEREN = make_item(
    "herald_frieren",
    HERALD,
    "Frieren Season 2 Reveals January Premiere Date",
    at(21, 3),
    "The second season of Frieren: Beyond Journey's End premieres in January on Nippon TV.",
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh store with both test feeds registered, closed afterwards."""
    database = open_db(tmp_path / "store" / "aggregator.db")
    save_sources(database, [CORNER, HERALD])
    yield database
    database.conn.close()


def count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_open_twice_applies_migrations_once(tmp_path: Path) -> None:
    """Opening an existing store runs no migration again: _sqlite_migrations is unchanged."""
    path = tmp_path / "aggregator.db"
    first = open_db(path)
    applied = first.execute("SELECT * FROM _sqlite_migrations").fetchall()
    first.conn.close()
    second = open_db(path)
    assert second.execute("SELECT * FROM _sqlite_migrations").fetchall() == applied
    second.conn.close()
    assert [row[2] for row in applied] == [
        "m001_initial",
        "m002_match_index",
        "m003_boilerplate",
        "m004_schedule",
        "m005_fts_on_text_changes",
        "m006_feed_items",
        "m007_match_words",
    ]


def test_tables_are_strict_and_foreign_keys_on(db: Database) -> None:
    """Every table of our own is STRICT; foreign keys are enforced; the journal is WAL."""
    strict = {
        name: flag
        for _, name, kind, _, _, flag in db.execute("PRAGMA table_list").fetchall()
        if kind == "table" and not name.startswith(("sqlite_", "_sqlite"))
    }
    assert strict == {
        "feeds": 1,
        "stories": 1,
        "articles": 1,
        "article_versions": 1,
        "story_notes": 1,
        "match_terms": 1,
        "word_counts": 1,
        "kept_apart": 1,
        "corrections": 1,
        "boilerplate": 1,
        "feed_items": 1,
        "match_words": 1,
    }
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_a_non_sqlite_file_is_a_store_error(tmp_path: Path) -> None:
    """A file that is not SQLite at the db path gives StoreError naming it and the way out."""
    path = tmp_path / "aggregator.db"
    path.write_text("title: Anime News, merged\nfeeds: []\n" * 200, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_db(path)
    assert caught.value.path == path
    message = str(caught.value)
    assert str(path) in message
    assert "not a database" in message
    assert "move it aside" in message


def test_save_items_inserts_new_items(db: Database) -> None:
    """New items are inserted and returned as new; load_items gives them back equal."""
    new, revised = save_items(db, [CLIP_CORNER, CLIP_HERALD])
    assert new == [CLIP_CORNER, CLIP_HERALD]
    assert revised == []
    assert load_items(db, ["herald_clip", "corner_clip", "missing"]) == {
        "corner_clip": CLIP_CORNER,
        "herald_clip": CLIP_HERALD,
    }


def test_one_batch_may_hold_an_article_and_its_revision(db: Database) -> None:
    """Two copies of one article in one batch: the first is new, the second a revision of it,
    and a third a revision of the second."""
    second = replace(CLIP_CORNER, title="Metallic Rouge Clip Is Out", content_hash="second")
    third = replace(CLIP_CORNER, title="Metallic Rouge Clip Streams Now", content_hash="third")
    new, revised = save_items(db, [CLIP_CORNER, second, third])
    assert new == [CLIP_CORNER]
    assert revised == [Revision(CLIP_CORNER, second), Revision(second, third)]
    assert load_items(db, ["corner_clip"])["corner_clip"].title == third.title
    assert count(db, "article_versions") == 2


def test_saving_the_same_items_twice_inserts_nothing(db: Database) -> None:
    """A second save of unchanged items writes nothing and reports nothing."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD])
    changes = db.conn.total_changes
    assert save_items(db, [CLIP_CORNER, CLIP_HERALD]) == ([], [])
    assert db.conn.total_changes == changes
    assert count(db, "articles") == 2
    assert count(db, "article_versions") == 0


def test_changed_item_updates_row_and_archives_old_text(db: Database) -> None:
    """Same item_id with a new content_hash: the row takes the new text, keeps its first
    fetched time, bumps version, and the old text goes to article_versions."""
    save_items(db, [CLIP_HERALD])
    revised_item = replace(
        CLIP_HERALD,
        title="Crimson Lightning Music Video Celebrates Metallic Rouge (Updated)",
        content="<p>Update: Fuji TV posted a worldwide copy.</p>" + CLIP_HERALD.content,
        updated=at(21, 8),
        fetched=at(21, 8, 10),
        content_hash="hash-herald_clip-v2",
    )
    new, revised = save_items(db, [revised_item])
    assert new == []
    assert revised == [Revision(CLIP_HERALD, revised_item)]
    stored = load_items(db, ["herald_clip"])["herald_clip"]
    assert stored == replace(revised_item, fetched=CLIP_HERALD.fetched)
    row = db.execute("SELECT version, changed FROM articles WHERE id = 'herald_clip'").fetchone()
    assert row == (2, "2026-11-21T08:10:00Z")
    versions = db.execute(
        "SELECT article_id, version, title, content, content_hash, seen FROM article_versions"
    ).fetchall()
    assert versions == [
        (
            "herald_clip",
            1,
            CLIP_HERALD.title,
            CLIP_HERALD.content,
            "hash-herald_clip-v1",
            "2026-11-20T11:42:00Z",
        )
    ]


def test_load_unassigned_returns_only_items_without_story(db: Database) -> None:
    """load_unassigned lists articles with no story_id, by date."""
    save_items(db, [FRIEREN, CLIP_HERALD, CLIP_CORNER])
    story = Story("corner_clip", "Clip", "corner_clip", ("corner_clip",), at(20, 9), at(20, 9))
    save_stories(db, [story], [], [Membership("corner_clip", "corner_clip", 0.0, "first report")])
    assert list(load_unassigned(db)) == [CLIP_HERALD, FRIEREN]


def clip_story() -> tuple[Story, list[StoryNote]]:
    story = Story(
        story_id="corner_clip",
        title="Metallic Rouge Drops Crimson Lightning Special Music Clip",
        lead_item_id="corner_clip",
        item_ids=("corner_clip", "herald_clip"),
        first_seen=at(20, 9),
        updated=at(21, 8),
    )
    notes = [
        StoryNote("corner_clip", at(20, 11, 30), "source", "herald_clip", "Also reported by X."),
        StoryNote("corner_clip", at(21, 8), "update", "herald_clip", "Fuji TV posted a copy."),
    ]
    return story, notes


def test_save_stories_and_load_entries_round_trip(db: Database) -> None:
    """A saved story comes back with its articles (lead first) and its notes (newest first)."""
    save_items(db, [CLIP_HERALD, CLIP_CORNER])
    story, notes = clip_story()
    story = replace(story, lead_item_id="herald_clip", title=CLIP_HERALD.title)
    save_stories(
        db,
        [story],
        notes,
        [
            Membership("corner_clip", "corner_clip", 0.0, "first report"),
            Membership("herald_clip", "corner_clip", 0.71, "same story"),
        ],
    )
    [entry] = load_entries(db, ["corner_clip"])
    assert entry.story == story
    assert entry.items == (CLIP_HERALD, CLIP_CORNER)
    assert entry.notes == (notes[1], notes[0])


def test_saving_the_same_notes_twice_keeps_one_copy(db: Database) -> None:
    """Notes are unique per (story, kind, article, time): a repeated save adds none."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD])
    story, notes = clip_story()
    save_stories(db, [story], notes, [])
    save_stories(db, [story], notes, [])
    assert count(db, "story_notes") == 2


def test_load_entries_keeps_the_requested_order_and_skips_unknown(db: Database) -> None:
    """load_entries returns stories in the order asked for and ignores unknown ids."""
    save_items(db, [CLIP_CORNER, FRIEREN])
    clip = Story("corner_clip", "Clip", "corner_clip", ("corner_clip",), at(20, 9), at(20, 9))
    frieren = Story(
        "herald_frieren", "Frieren", "herald_frieren", ("herald_frieren",), at(21, 3), at(21, 3)
    )
    save_stories(
        db,
        [clip, frieren],
        [],
        [
            Membership("corner_clip", "corner_clip", 0.0, "first report"),
            Membership("herald_frieren", "herald_frieren", 0.0, "first report"),
        ],
    )
    entries = load_entries(db, ["herald_frieren", "nope", "corner_clip"])
    assert [e.story.story_id for e in entries] == ["herald_frieren", "corner_clip"]
    assert load_latest_story_ids(db, 10) == ["herald_frieren", "corner_clip"]
    assert load_latest_story_ids(db, 1) == ["herald_frieren"]
    # A listing reads every field of the articles but their texts.
    [listed] = load_listing(db, ["corner_clip"])
    [full] = load_entries(db, ["corner_clip"])
    assert listed.items[0] == replace(full.items[0], summary="", content="")
    assert full.items[0].summary
    assert (listed.story, listed.notes) == (full.story, full.notes)


def save_two_stories(db: Database) -> None:
    """The two clip reports as story corner_clip, and the Frieren report as its own story."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD, FRIEREN])
    story, _ = clip_story()
    frieren = Story(
        "herald_frieren", "Frieren", "herald_frieren", ("herald_frieren",), at(21, 3), at(21, 3)
    )
    save_stories(
        db,
        [story, frieren],
        [],
        [
            Membership("corner_clip", "corner_clip", 0.0, "first report"),
            Membership("herald_clip", "corner_clip", 0.7, "same story"),
            Membership("herald_frieren", "herald_frieren", 0.0, "first report"),
        ],
    )


def test_search_finds_a_story_by_a_word_in_a_summary(db: Database) -> None:
    """Full-text search finds a story through a word that only an article's summary has."""
    save_two_stories(db)
    assert search_story_ids(db, "frames", 10) == ["corner_clip"]  # in no title, only in a text
    assert search_story_ids(db, "Nippon", 10) == ["herald_frieren"]
    assert search_story_ids(db, "crimson lightning", 10) == ["corner_clip"]
    assert search_story_ids(db, "crimson frieren", 10) == []


def test_search_leaves_out_common_words_and_ranks_the_latest_hits(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "of" is left out of a query with other words (no clip article has it) but searched
    alone; a query matching more than RANKED_HITS articles ranks the latest ones, and reads
    more when they name too few stories."""
    save_two_stories(db)
    assert search_story_ids(db, "crimson of", 10) == ["corner_clip"]
    assert search_story_ids(db, "of", 10) == ["herald_frieren"]  # "second season of Frieren"
    monkeypatch.setattr(stories, "RANKED_HITS", 1)  # "the" is in all three articles
    assert search_story_ids(db, "the", 1) == ["herald_frieren"]  # the latest stored
    assert sorted(search_story_ids(db, "the", 10)) == ["corner_clip", "herald_frieren"]


def test_search_follows_revised_text_and_story_moves(db: Database) -> None:
    """The full-text index follows an article's revised text, and finds it in the story it is
    assigned to now."""
    save_items(db, [CLIP_CORNER])
    save_stories(
        db,
        [Story("corner_clip", "Clip", "corner_clip", ("corner_clip",), at(20, 9), at(20, 9))],
        [],
        [Membership("corner_clip", "corner_clip", 0.0, "first report")],
    )
    summary = "<p>The clip now credits Studio Quillfeather.</p>"
    revised = replace(CLIP_CORNER, summary=summary, content_hash="revised")
    save_items(db, [revised])
    assert search_story_ids(db, "Quillfeather", 10) == ["corner_clip"]
    assert search_story_ids(db, "frames", 10) == []
    other = Story("elsewhere", "Other", "corner_clip", ("corner_clip",), at(20, 9), at(20, 9))
    save_stories(db, [other], [], [Membership("corner_clip", "elsewhere", 0.5, "moved")])
    assert search_story_ids(db, "Quillfeather", 10) == ["elsewhere"]


@pytest.mark.parametrize(
    "query", ['"', '""', "AND OR", "NOT", "NEAR(", "*", "title:x", "-", "'", "^", "crimson)"]
)
def test_search_quotes_user_input(db: Database, query: str) -> None:
    """FTS5 syntax in a query is taken as words, never as an FTS expression: no error."""
    save_items(db, [CLIP_CORNER])
    assert isinstance(search_story_ids(db, query, 10), list)


def test_search_of_blank_query_is_empty(db: Database) -> None:
    """An empty or blank query finds nothing."""
    assert search_story_ids(db, "   ", 10) == []


def test_load_feed_states_counts_articles(db: Database) -> None:
    """load_feed_states lists each configured feed by name with its article count."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD, FRIEREN])
    states = load_feed_states(db)
    assert [(s.name, s.url, s.articles, s.failures) for s in states] == [
        ("Anime Corner", CORNER.url, 1, 0),
        ("Anime Herald", HERALD.url, 2, 0),
    ]


def test_hold_lock_creates_the_lock_file(tmp_path: Path) -> None:
    """hold_lock creates the store directory and its lock file, and can be taken again after."""
    store_dir = tmp_path / "store"
    with hold_lock(store_dir, wait=0):
        assert (store_dir / LOCK_NAME).exists()
    with hold_lock(store_dir, wait=0):
        pass


_HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()
"""


def test_hold_lock_raises_when_another_process_holds_it(tmp_path: Path) -> None:
    """While another process holds the store's flock, hold_lock raises LockedError; once that
    process exits, the lock is free again."""
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(store_dir / LOCK_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(LockedError) as caught, hold_lock(store_dir, wait=0.2):
            pytest.fail("the lock was taken twice")
        assert caught.value.path == store_dir / LOCK_NAME
        assert "another aggregator run holds the lock" in str(caught.value)
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()
    with hold_lock(store_dir, wait=0):
        pass


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_DATES = st.datetimes(
    min_value=datetime(1995, 1, 1),  # noqa: DTZ001 - bounds of a strategy; timezones= adds UTC
    max_value=datetime(2099, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
).map(lambda d: d.replace(microsecond=0))


@st.composite
def items(draw: st.DrawFn) -> list[Item]:
    """Up to five Items of the two test feeds with unique ids and arbitrary unicode text."""
    ids = draw(st.lists(st.text("abcdef0123456789", min_size=1, max_size=16), max_size=5,
                        unique=True))  # fmt: skip
    return [
        Item(
            item_id=item_id,
            source=draw(st.sampled_from([CORNER.name, HERALD.name])),
            guid=draw(_TEXT),
            url=draw(_TEXT),
            title=draw(_TEXT),
            summary=draw(_TEXT),
            content=draw(_TEXT),
            published=draw(st.none() | _DATES),
            updated=draw(st.none() | _DATES),
            fetched=draw(_DATES),
            author=draw(_TEXT),
            image_url=draw(st.none() | _TEXT),
            content_hash=draw(_TEXT),
        )
        for item_id in ids
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items())
def test_items_round_trip(generated: list[Item]) -> None:
    """Any Items (unicode text, optional UTC dates to the second) load back equal."""
    with tempfile.TemporaryDirectory() as directory:
        db = open_db(Path(directory) / "aggregator.db")
        try:
            save_sources(db, [CORNER, HERALD])
            new, _ = save_items(db, generated)
            assert new == generated
            loaded = load_items(db, [i.item_id for i in generated])
            assert loaded == {i.item_id: i for i in generated}
            assert sorted(load_unassigned(db), key=lambda i: i.item_id) == sorted(
                generated, key=lambda i: i.item_id
            )
        finally:
            db.conn.close()


def test_index_finds_articles_sharing_headline_names_within_reach(db: Database) -> None:
    """find_candidates returns the indexed articles that share a headline name and lie within
    reach of the article's date, never the article itself or one out of reach."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD, FRIEREN])
    features = {i.item_id: features_of(i) for i in (CLIP_CORNER, CLIP_HERALD, FRIEREN)}
    index_articles(db, features.values())
    found = find_candidates(db, list(features.values()), timedelta(hours=96))
    assert found["corner_clip"] == ["herald_clip"]
    assert found["herald_frieren"] == []
    near = find_candidates(db, [features["corner_clip"]], timedelta(minutes=30))
    assert near == {"corner_clip": []}


def test_word_counts_count_each_article_once(db: Database) -> None:
    """Indexing an article twice counts its words once; load_idf knows the article count."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD, FRIEREN])
    features = [features_of(i) for i in (CLIP_CORNER, CLIP_HERALD, FRIEREN)]
    index_articles(db, features)
    index_articles(db, features)
    idf = load_idf(db, [f.tokens for f in features])
    assert idf.n == 3
    assert idf.count("crimson") == 2
    assert idf.count("frieren") == 1
    assert idf("frieren") > idf("crimson")


def test_kept_apart_pairs_are_stored_once_in_order(db: Database) -> None:
    """keep_apart stores each pair once as (smaller, larger); allow_together lifts it."""
    save_items(db, [CLIP_CORNER, CLIP_HERALD, FRIEREN])
    keep_apart(db, [("herald_clip", "corner_clip"), ("corner_clip", "herald_clip")])
    assert load_kept_apart(db, ["herald_clip"]) == {("corner_clip", "herald_clip")}
    assert load_kept_apart(db, ["herald_frieren"]) == set()
    allow_together(db, ["herald_clip"], ["corner_clip", "herald_frieren"])
    assert load_kept_apart(db, ["corner_clip"]) == set()


def test_upgrading_a_store_indexes_its_articles(tmp_path: Path) -> None:
    """A store made before the candidate index gets its articles indexed on opening."""
    path = tmp_path / "aggregator.db"
    old = open_db(path)
    save_sources(old, [CORNER, HERALD])
    save_items(old, [CLIP_CORNER, CLIP_HERALD])
    for table in ("match_terms", "word_counts", "kept_apart", "corrections"):
        old.execute(f"DROP TABLE {table}")
    old.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_match_index'")
    old.conn.close()
    upgraded = open_db(path)
    assert count(upgraded, "match_terms") > 0
    assert load_idf(upgraded, []).n == 2
    upgraded.conn.close()
