"""What the matcher read in recent articles, kept so that a later run need not read them
again. Touches SQLite.

Table ``match_words``: for each article dated within ``match.window_hours`` x ``LONG_WINDOW``
of the run that grouped it, the words and adjacent pairs ``match_features.Text`` read in its
title and text (one per line) and its headline's features (``Features.headline``), with the
article's ``content_hash`` and the ``reading`` key (``match_features.reading_key``: the
reading code and the aliases) they were read with. A stored article comes back as a candidate
or a story member of many later articles; reading it again was half of the CPU of grouping 50
new articles. A row is used only while both the article's text and the key are the same (a
revision or a new alias reads it again), and rows older than the reach of new articles are
pruned, so the table holds the last few days: about 4 KB per article on disk.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from aggregator.match_features import Features
from aggregator.store.articles import select_in
from aggregator.store.connection import Database
from aggregator.text import iso_utc

Read = tuple[tuple[str, ...], tuple[str, ...]]  # (words, pairs), as ``Text.read`` gives them
Kept = tuple[str, Read]  # (``Features.headline``, ``Text.read``)


def save_words(db: Database, features: Iterable[Features], key: str, since: datetime) -> None:
    """Keep what was read of the articles of ``features`` dated from ``since`` on, under
    ``key`` (only those whose words were read). The rows are made one at a time as SQLite
    takes them: a first run's thousands, joined at once, held 12 MB."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO match_words (article_id, content_hash, reading, date, words,"
        " pairs, headline) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (
                f.item.item_id,
                f.item.content_hash,
                key,
                iso_utc(f.item.date),
                *_joined(f),
                head,
            )
            for f in features
            # A headline that cannot be kept (see ``Features.headline``) is read again later.
            if f.item.date >= since and f.text.is_read() and (head := f.headline())
        ),
    )


def load_words(db: Database, hashes: Mapping[str, str], key: str) -> dict[str, Kept]:
    """What was read of the articles of ``hashes`` (id -> content hash now) under ``key``,
    for those whose text has not changed since."""
    sql = (
        "SELECT article_id, content_hash, words, pairs, headline FROM match_words"
        " WHERE article_id IN ({marks}) AND reading = ?"
    )
    found: dict[str, Kept] = {}
    for item_id, content_hash, words, pairs, headline in select_in(db, sql, sorted(hashes), [key]):
        if hashes[item_id] == content_hash:
            found[item_id] = (headline, (_split(words), _split(pairs)))
    return found


def prune_words(db: Database, before: datetime) -> None:
    """Forget what was read of articles dated before ``before``."""
    db.execute("DELETE FROM match_words WHERE date < ?", [iso_utc(before)])


def _joined(feature: Features) -> tuple[str, str]:
    words, pairs = feature.text.read()
    return "\n".join(words), "\n".join(pairs)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()
