"""Tests for aggregator.store.connection and for opening a store without sqlite-utils: a real
SQLite file each, and a fresh interpreter where what it imports matters."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aggregator.store import Database, open_db

OPEN_AND_TELL = (
    "import sys; from pathlib import Path; from aggregator.store import Database, open_db; "
    "open_db(Path(sys.argv[1])).close(); print('sqlite_utils' in sys.modules)"
)


def _opens_with_sqlite_utils(path: Path) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_TELL, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip() == "True"


def test_sqlite_utils_loads_only_while_the_schema_is_behind(tmp_path: Path) -> None:
    """A new store is migrated through sqlite-utils; reopening one up to date never loads it;
    a store missing a migration loads it again and gets the migration."""
    path = tmp_path / "aggregator.db"
    assert _opens_with_sqlite_utils(path)
    assert not _opens_with_sqlite_utils(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_feed_items'")
        conn.execute("DROP TABLE feed_items")
    assert _opens_with_sqlite_utils(path)
    db = open_db(path)
    assert db.execute("SELECT count(*) FROM feed_items").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone() == (7,)
    db.close()


def _add_feed(db: Database, name: str, error: Exception | None = None) -> None:
    """Add feed ``name`` in a block of its own that then raises ``error``, if given."""
    with db.atomic():
        db.execute(
            "INSERT INTO feeds (name, url) VALUES (?, ?)", [name, f"https://{name}.example/"]
        )
        if error is not None:
            raise error


def _add_orphan(db: Database) -> None:
    """A feed item of no feed, its foreign key checked only when the block commits."""
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute(
            "INSERT INTO feed_items (feed, digest, article_id, fingerprints)"
            " VALUES ('nowhere', 'd', 'x', '')"
        )


def test_atomic_commits_a_block_and_rolls_back_one_that_raises(tmp_path: Path) -> None:
    db = open_db(tmp_path / "aggregator.db")
    _add_feed(db, "a")
    with pytest.raises(ZeroDivisionError):
        _add_feed(db, "b", ZeroDivisionError())
    assert not db.conn.in_transaction
    assert db.execute("SELECT name FROM feeds").fetchall() == [("a",)]
    db.close()


def test_a_nested_block_that_raises_undoes_only_itself(tmp_path: Path) -> None:
    db = open_db(tmp_path / "aggregator.db")
    with db.atomic():
        _add_feed(db, "a")
        with pytest.raises(KeyError):
            _add_feed(db, "b", KeyError("b"))
        _add_feed(db, "c")
        assert db.conn.in_transaction
    assert db.execute("SELECT name FROM feeds ORDER BY name").fetchall() == [("a",), ("c",)]
    db.close()


def test_a_failed_commit_rolls_back(tmp_path: Path) -> None:
    """A commit the database refuses (a deferred foreign key broken) leaves nothing written."""
    db = open_db(tmp_path / "aggregator.db")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        _add_orphan(db)
    assert not db.conn.in_transaction
    assert db.execute("SELECT count(*) FROM feed_items").fetchone() == (0,)
    db.close()


def test_columns_lists_a_table_in_order(tmp_path: Path) -> None:
    db = open_db(tmp_path / "aggregator.db")
    assert db.columns("feeds")[:3] == ["name", "url", "final_url"]
    db.close()
