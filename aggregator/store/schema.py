"""The store's schema as migrations, and opening the database. Touches the SQLite file.

The schema exists only here, as migrations that ``sqlite_utils.Migrations`` applies: one small
function per migration, never edited once released, so later versions upgrade an existing store
in place; opening a store already up to date never loads sqlite-utils (``connection``). Datetimes
are ISO-8601 UTC text (``2026-11-20T14:05:00Z``); tables are STRICT; foreign keys are on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from aggregator.errors import StoreError
from aggregator.store.connection import Database

if TYPE_CHECKING:
    import sqlite_utils

SET = "aggregator"  # the migration set's name in table _sqlite_migrations

BUSY_TIMEOUT_MS = 10_000  # a reader (sqlite3, Datasette) may hold the database briefly


def m001_initial(db: sqlite_utils.Database) -> None:
    """Feeds, articles with their previous versions, stories, notes, full-text search."""
    db.execute("""
        CREATE TABLE feeds (
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT,
            etag TEXT,
            last_modified TEXT,
            last_fetched TEXT,
            last_status TEXT,
            http_status INTEGER,
            last_error TEXT,
            last_ok TEXT,
            failures INTEGER NOT NULL DEFAULT 0
        ) STRICT""")
    db.execute("""
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            lead_article_id TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            updated TEXT NOT NULL
        ) STRICT""")
    db.execute("""
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            feed TEXT NOT NULL REFERENCES feeds(name),
            guid TEXT NOT NULL,
            url TEXT NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            content TEXT NOT NULL,
            author TEXT NOT NULL,
            image_url TEXT,
            published TEXT,
            updated TEXT,
            date TEXT NOT NULL,
            fetched TEXT NOT NULL,
            changed TEXT,
            version INTEGER NOT NULL DEFAULT 1,
            content_hash TEXT NOT NULL,
            story_id TEXT REFERENCES stories(id),
            match_score REAL,
            match_reason TEXT
        ) STRICT""")
    db.execute("CREATE INDEX articles_date ON articles(date)")
    db.execute("CREATE INDEX articles_story ON articles(story_id)")
    db.execute("CREATE INDEX articles_feed ON articles(feed)")
    db.execute("CREATE INDEX stories_updated ON stories(updated)")
    db.execute("""
        CREATE TABLE article_versions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            summary TEXT NOT NULL,
            content TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            seen TEXT NOT NULL,
            PRIMARY KEY (article_id, version)
        ) STRICT""")
    db.execute("""
        CREATE TABLE story_notes (
            id INTEGER PRIMARY KEY,
            story_id TEXT NOT NULL REFERENCES stories(id),
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id),
            text TEXT NOT NULL,
            UNIQUE (story_id, kind, article_id, at)
        ) STRICT""")
    db.execute("CREATE INDEX story_notes_story ON story_notes(story_id)")
    db.table("articles").enable_fts(["title", "summary", "content"], create_triggers=True)
    db.table("stories").enable_fts(["title"], create_triggers=True)


def m002_match_index(db: sqlite_utils.Database) -> None:
    """The matcher's candidate index and word counts, kept-apart pairs and the corrections
    log; articles already stored are indexed."""
    db.execute("""
        CREATE TABLE match_terms (
            term TEXT NOT NULL,
            date TEXT NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id),
            PRIMARY KEY (term, date, article_id)
        ) STRICT, WITHOUT ROWID""")
    db.execute("CREATE INDEX match_terms_article ON match_terms(article_id)")
    db.execute("""
        CREATE TABLE word_counts (
            word TEXT PRIMARY KEY,
            articles INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE kept_apart (
            a TEXT NOT NULL REFERENCES articles(id),
            b TEXT NOT NULL REFERENCES articles(id),
            PRIMARY KEY (a, b),
            CHECK (a < b)
        ) STRICT, WITHOUT ROWID""")
    db.execute("CREATE INDEX kept_apart_b ON kept_apart(b)")
    db.execute("""
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('split', 'join')),
            story_id TEXT NOT NULL,
            other TEXT NOT NULL,
            note TEXT NOT NULL
        ) STRICT""")
    from aggregator.match_features import features_of
    from aggregator.store.articles import load_all_items
    from aggregator.store.matching import index_articles

    store = Database(db.conn)
    for batch in load_all_items(store):
        index_articles(store, (features_of(item) for item in batch))


def m003_boilerplate(db: sqlite_utils.Database) -> None:
    """Each feed's learned boilerplate fingerprints; stored articles are left as they are."""
    db.execute("""
        CREATE TABLE boilerplate (
            feed TEXT NOT NULL REFERENCES feeds(name),
            fingerprint TEXT NOT NULL,
            items INTEGER NOT NULL,
            sample TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (feed, fingerprint)
        ) STRICT, WITHOUT ROWID""")


def m004_schedule(db: sqlite_utils.Database) -> None:
    """Each feed's schedule: where it moved (301/308), when it may be polled again and why,
    when it answered 410 Gone, and its RSS <ttl>."""
    for column in ("moved_to TEXT", "next_poll TEXT", "hold_reason TEXT", "gone_since TEXT",
                   "ttl INTEGER"):  # fmt: skip
        db.execute(f"ALTER TABLE feeds ADD COLUMN {column}")


def m005_fts_on_text_changes(db: sqlite_utils.Database) -> None:
    """The full-text indexes follow changes of the indexed text only: assigning an article to
    a story, or dating a story anew, no longer re-indexes its text."""
    for table, columns in (("articles", ("title", "summary", "content")), ("stories", ("title",))):
        names = ", ".join(f'"{c}"' for c in columns)
        old = ", ".join(f'old."{c}"' for c in columns)
        new = ", ".join(f'new."{c}"' for c in columns)
        db.execute(f'DROP TRIGGER IF EXISTS "{table}_au"')
        db.execute(
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF {names} ON "{table}" BEGIN'
            f' INSERT INTO "{table}_fts" ("{table}_fts", rowid, {names})'
            f" VALUES('delete', old.rowid, {old});"
            f' INSERT INTO "{table}_fts" (rowid, {names}) VALUES (new.rowid, {new});'
            " END"
        )


def m006_feed_items(db: sqlite_utils.Database) -> None:
    """The items of each feed's last document, by the digest of their raw fields."""
    db.execute("""
        CREATE TABLE feed_items (
            feed TEXT NOT NULL REFERENCES feeds(name),
            digest TEXT NOT NULL,
            article_id TEXT NOT NULL,
            fingerprints TEXT NOT NULL,
            PRIMARY KEY (feed, digest)
        ) STRICT, WITHOUT ROWID""")


def m007_match_words(db: sqlite_utils.Database) -> None:
    """What the matcher read in recent articles (``store.words``)."""
    db.execute("""
        CREATE TABLE match_words (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            content_hash TEXT NOT NULL,
            reading TEXT NOT NULL,
            date TEXT NOT NULL,
            words TEXT NOT NULL,
            pairs TEXT NOT NULL,
            headline TEXT NOT NULL
        ) STRICT""")
    db.execute("CREATE INDEX match_words_date ON match_words(date)")


STEPS = (
    m001_initial,
    m002_match_index,
    m003_boilerplate,
    m004_schedule,
    m005_fts_on_text_changes,
    m006_feed_items,
    m007_match_words,
)


def migrations() -> sqlite_utils.Migrations:
    """The schema's migrations, as sqlite-utils applies them."""
    from sqlite_utils import Migrations

    found = Migrations(SET)
    for step in STEPS:
        found()(step)
    return found


def _behind(conn: sqlite3.Connection) -> bool:
    """Whether a migration of ``STEPS`` is not applied yet."""
    try:
        rows = conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [SET])
    except sqlite3.OperationalError:  # no such table: a new store
        return True
    return not {step.__name__ for step in STEPS} <= {name for (name,) in rows}


def open_db(path: Path) -> Database:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    Raises:
        StoreError: the file cannot be opened, is not a SQLite database, or cannot be migrated.
    """
    conn: sqlite3.Connection | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")  # must run outside a transaction
        conn.execute(
            "PRAGMA synchronous = NORMAL"
        )  # with WAL: durable across crashes of the process
        conn.execute("PRAGMA foreign_keys = ON")
        if _behind(conn):
            from sqlite_utils import Database as Tables

            # No sqlite-utils plugins: finding them reads every installed package's metadata,
            # and the store needs none of their SQL functions.
            migrations().apply(Tables(conn, execute_plugins=False))
    except (sqlite3.DatabaseError, OSError) as exc:
        if conn is not None:
            conn.close()  # an unclosed connection warns (ResourceWarning) from Python 3.13 on
        if isinstance(exc, OSError):
            raise StoreError(path, f"cannot create the store: {exc}") from None
        raise StoreError(
            path, f"{exc}; is it an aggregator store? move it aside to start anew"
        ) from None
    return Database(conn)
