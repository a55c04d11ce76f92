"""Articles in the store: new and revised articles, and loading them. Touches SQLite.

An article is one row per (feed, guid). Seen again with a different content hash, its row is
updated and the previous text is kept in ``article_versions``; seen again unchanged, nothing
is written, so a repeated cycle never duplicates or churns anything.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from aggregator.models import Item, Revision
from aggregator.store.connection import Database
from aggregator.text import iso_utc, parse_iso

CHUNK = 500  # keys per IN (...) query; SQLite allows 999 bound parameters in old builds


def save_items(db: Database, items: Iterable[Item]) -> tuple[list[Item], list[Revision]]:
    """Insert new articles and update changed ones; return (new, revised). The stored copies
    are read in one query."""
    items = list(items)
    columns = db.columns("articles")
    rows = select_in(db, "SELECT * FROM articles WHERE id IN ({marks})", [i.item_id for i in items])
    stored: dict[str, tuple[Item, int]] = {}
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        stored[row["id"]] = (_row_item(row), row["version"])
    new: list[Item] = []
    revised: list[Revision] = []
    for item in items:
        if item.item_id not in stored:
            db.conn.execute(
                "INSERT INTO articles (id, feed, guid, url, title, summary, content, author,"
                " image_url, published, updated, date, fetched, content_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [item.item_id, item.source, item.guid, item.url, item.title, item.summary,
                 item.content, item.author, item.image_url, _iso(item.published),
                 _iso(item.updated), iso_utc(item.date), iso_utc(item.fetched),
                 item.content_hash],
            )  # fmt: skip
            new.append(item)
            stored[item.item_id] = (item, 1)  # a repeated id meets this copy, as stored
            continue
        before, version = stored[item.item_id]
        if before.content_hash == item.content_hash:
            continue
        _save_revision(db, before, item, version)
        stored[item.item_id] = (item, version + 1)
        revised.append(Revision(before, item))
    return new, revised


def _save_revision(db: Database, before: Item, after: Item, version: int) -> None:
    db.execute(
        "INSERT INTO article_versions (article_id, version, title, summary, content, content_hash,"
        " seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [before.item_id, version, before.title, before.summary, before.content,
         before.content_hash, iso_utc(before.fetched)],
    )  # fmt: skip
    # The article keeps its first-seen time and date: a revision is not a new article.
    db.execute(
        "UPDATE articles SET url = ?, title = ?, summary = ?, content = ?, author = ?,"
        " image_url = ?, updated = ?, changed = ?, version = ?, content_hash = ? WHERE id = ?",
        [after.url, after.title, after.summary, after.content, after.author, after.image_url,
         _iso(after.updated), iso_utc(after.fetched), version + 1, after.content_hash,
         after.item_id],
    )  # fmt: skip


def load_items_between(
    db: Database, start: datetime, end: datetime
) -> list[tuple[Item, str | None]]:
    """Articles dated within [start, end], each with its story id."""
    cursor = db.execute(
        "SELECT * FROM articles WHERE date BETWEEN ? AND ? ORDER BY date, id",
        [iso_utc(start), iso_utc(end)],
    )
    return [(_row_item(row), row["story_id"]) for row in _dict_rows(cursor)]


def load_all_items(db: Database, batch: int = 1000) -> Iterator[list[Item]]:
    """Every article, in batches of ``batch`` (a migration reindexing the store)."""
    cursor = db.execute("SELECT * FROM articles ORDER BY date, id")
    columns = [c[0] for c in cursor.description]
    while rows := cursor.fetchmany(batch):
        yield [_row_item(dict(zip(columns, values, strict=True))) for values in rows]


def has_unassigned(db: Database) -> bool:
    """Whether an article is stored but not yet in a story."""
    return (
        db.execute("SELECT 1 FROM articles WHERE story_id IS NULL LIMIT 1").fetchone() is not None
    )


def load_unassigned(db: Database) -> Iterator[Item]:
    """Articles stored but not yet in a story (this run's new ones, or a crashed run's), by
    date, read one at a time: a first run's thousands need not all be in memory at once."""
    cursor = db.execute("SELECT * FROM articles WHERE story_id IS NULL ORDER BY date, id")
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        yield _row_item(dict(zip(columns, values, strict=True)))


# What a listing of stories reads of an article: everything but its summary and content.
_LISTED = ("id", "feed", "guid", "url", "title", "published", "updated", "fetched", "author",
           "image_url", "content_hash")  # fmt: skip


def load_items(db: Database, item_ids: Iterable[str], *, texts: bool = True) -> dict[str, Item]:
    """Articles by id; without ``texts``, with an empty summary and content (a listing shows
    headlines, outlets and dates, and the texts are most of an article's bytes)."""
    if texts:
        columns, what = db.columns("articles"), "*"
    else:
        columns = [*_LISTED, "summary", "content"]
        what = ", ".join(_LISTED) + ", '', ''"
    sql = f"SELECT {what} FROM articles WHERE id IN ({{marks}})"
    rows = select_in(db, sql, list(item_ids))
    items = (_row_item(dict(zip(columns, values, strict=True))) for values in rows)
    return {item.item_id: item for item in items}


def select_in(
    db: Database, sql: str, keys: Sequence[str] | Sequence[int], after: Sequence[Any] = ()
) -> Iterator[tuple[Any, ...]]:
    """Rows of ``sql`` whose ``{marks}`` is filled with placeholders for ``keys``, in chunks
    that stay below SQLite's limit on bound parameters; ``after`` binds the placeholders that
    follow ``{marks}``."""
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        yield from db.execute(sql.format(marks=",".join("?" * len(chunk))), [*chunk, *after])


def _dict_rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """The cursor's rows as dicts keyed by column name."""
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, values, strict=True)) for values in cursor]


def _iso(value: datetime | None) -> str | None:
    return iso_utc(value) if value else None


def _row_item(row: dict[str, Any]) -> Item:
    return Item(
        item_id=row["id"],
        source=row["feed"],
        guid=row["guid"],
        url=row["url"],
        title=row["title"],
        summary=row["summary"],
        content=row["content"],
        published=parse_iso(row["published"]) if row["published"] else None,
        updated=parse_iso(row["updated"]) if row["updated"] else None,
        fetched=parse_iso(row["fetched"]),
        author=row["author"],
        image_url=row["image_url"],
        content_hash=row["content_hash"],
    )
