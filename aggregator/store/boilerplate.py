"""Each feed's learned boilerplate, and cleaning a feed's items with it. Touches SQLite.

A fingerprint learned from one document of a feed stays with the feed (table ``boilerplate``),
so the same blocks keep being removed as the feed's window of items slides and when a later
document has too few items to teach anything. Articles already stored are never rewritten:
``aggregator.boilerplate`` keeps a stored copy that differs from the new one only by
boilerplate.

The items of each feed's last document are kept (table ``feed_items``: the digest of each
one's bytes or raw fields, its article and its blocks' fingerprints), so that the next poll
reads only the items that changed and still learns from them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from datetime import datetime
from typing import TYPE_CHECKING

from aggregator.models import Item, Parsed, Revision
from aggregator.store.articles import load_items, save_items
from aggregator.store.connection import Database
from aggregator.text import iso_utc

if TYPE_CHECKING:  # the cleaner itself is loaded only to clean (a query or a 304 needs none)
    from aggregator.boilerplate import Cleaned, Learned


def store_document(
    db: Database,
    feed: str,
    parsed: Parsed,
    cleaned: Cleaned,
    last: Mapping[str, tuple[str, frozenset[str]]],
) -> tuple[list[Item], list[Revision], int]:
    """Store one parsed document of ``feed`` (inside the caller's transaction), its items
    ``cleaned`` of boilerplate: its new and revised articles, what it teaches and its items for
    the next poll (``last``: the items of the one before, by digest); return (new, revised,
    items)."""
    items = keep_stored_copies(db, feed, cleaned)
    new, revised = save_items(db, items)
    read = zip(parsed.digests, (item.item_id for item in items), cleaned.prints, strict=True)
    unread = ((seen.digest, seen.item_id, last[seen.digest][1]) for seen in parsed.seen)
    save_document(db, feed, [*read, *unread])
    return new, revised, len(items) + len(parsed.seen)


def clean_boilerplate(
    db: Database, feed: str, items: Sequence[Item], carried: Sequence[Set[str]] = ()
) -> tuple[list[Item], list[frozenset[str]]]:
    """``items`` of one document of ``feed`` without boilerplate, and each one's fingerprints;
    ``carried`` are the fingerprints of the document's items not read again. Saves what the
    document teaches (inside the caller's transaction)."""
    from aggregator.boilerplate import clean_document

    cleaned = clean_document(items, load_boilerplate(db, feed), carried)
    return keep_stored_copies(db, feed, cleaned), cleaned.prints


def keep_stored_copies(db: Database, feed: str, cleaned: Cleaned) -> list[Item]:
    """The ``cleaned`` items of one document of ``feed``, each stored one that differs only by
    boilerplate as stored (``boilerplate.keep_stored``); saves what the document teaches."""
    from aggregator.boilerplate import keep_stored

    if not cleaned.items:
        return []
    stored = load_items(db, [item.item_id for item in cleaned.items])
    pairs = zip(cleaned.items, cleaned.originals, strict=True)
    items = [keep_stored(i, o, stored.get(i.item_id), cleaned.boiler) for i, o in pairs]
    save_boilerplate(db, feed, cleaned.learned, max(item.fetched for item in items))
    return items


def load_document(db: Database, feed: str) -> dict[str, tuple[str, frozenset[str]]]:
    """The items of ``feed``'s last document: the digest of each one's bytes or raw fields ->
    (article id, fingerprints of its blocks as first read)."""
    rows = db.execute(
        "SELECT digest, article_id, fingerprints FROM feed_items WHERE feed = ?", [feed]
    )
    return {digest: (article, frozenset(prints.split())) for digest, article, prints in rows}


def save_document(db: Database, feed: str, items: Iterable[tuple[str, str, Set[str]]]) -> None:
    """Make (digest, article id, fingerprints) ``items`` the last document of ``feed``."""
    db.execute("DELETE FROM feed_items WHERE feed = ?", [feed])
    db.conn.executemany(
        "INSERT OR IGNORE INTO feed_items (feed, digest, article_id, fingerprints)"
        " VALUES (?, ?, ?, ?)",
        [(feed, digest, article, " ".join(sorted(prints))) for digest, article, prints in items],
    )


def load_boilerplate(db: Database, feed: str) -> frozenset[str]:
    """The fingerprints learned for ``feed``."""
    rows = db.execute("SELECT fingerprint FROM boilerplate WHERE feed = ?", [feed])
    return frozenset(fingerprint for (fingerprint,) in rows)


def save_boilerplate(
    db: Database, feed: str, learned: Mapping[str, Learned], seen: datetime
) -> None:
    """Add the fingerprints ``learned`` for ``feed`` at ``seen``; a known one keeps the most
    items it was seen in."""
    db.conn.executemany(
        "INSERT INTO boilerplate (feed, fingerprint, items, sample, first_seen)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (feed, fingerprint) DO UPDATE"
        " SET items = excluded.items WHERE excluded.items > boilerplate.items",
        [(feed, fp, found.items, found.sample, iso_utc(seen)) for fp, found in learned.items()],
    )
