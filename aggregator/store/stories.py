"""Stories, their members and update notes in the store; search. Touches SQLite.

A story row is written when its first article is assigned and only its title, lead and
``updated`` ever change; its id never does. Memberships live on the article row (``story_id``,
``match_score``, ``match_reason``) so that ``SELECT url, story_id FROM articles`` answers
"which articles are the same story".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from aggregator.models import Story, StoryEntry, StoryNote
from aggregator.store.articles import load_items, select_in
from aggregator.store.connection import Database
from aggregator.text import iso_utc, parse_iso


@dataclass(frozen=True, slots=True)
class Membership:
    """Why an article belongs to its story."""

    item_id: str
    story_id: str
    score: float
    reason: str


def load_stories(db: Database, story_ids: Iterable[str]) -> dict[str, Story]:
    """Stories by id, with their member ids in date order."""
    ids = list(story_ids)
    members: dict[str, list[str]] = {}
    sql = "SELECT story_id, id FROM articles WHERE story_id IN ({marks}) ORDER BY date, id"
    for story_id, item_id in select_in(db, sql, ids):
        members.setdefault(story_id, []).append(item_id)
    sql = (
        "SELECT id, title, lead_article_id, first_seen, updated FROM stories WHERE id IN ({marks})"
    )
    return {
        story_id: Story(
            story_id=story_id,
            title=title,
            lead_item_id=lead,
            item_ids=tuple(members.get(story_id, ())),
            first_seen=parse_iso(first_seen),
            updated=parse_iso(updated),
        )
        for story_id, title, lead, first_seen, updated in select_in(db, sql, ids)
    }


def save_stories(
    db: Database,
    stories: Sequence[Story],
    notes: Sequence[StoryNote],
    memberships: Sequence[Membership],
) -> None:
    """Write stories (new or changed), then memberships, then notes (a statement each)."""
    db.conn.executemany(
        "INSERT INTO stories (id, title, lead_article_id, first_seen, updated)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
        " lead_article_id = excluded.lead_article_id, first_seen = excluded.first_seen,"
        " updated = excluded.updated",
        [(story.story_id, story.title, story.lead_item_id, iso_utc(story.first_seen),
          iso_utc(story.updated)) for story in stories],
    )  # fmt: skip
    db.conn.executemany(
        "UPDATE articles SET story_id = ?, match_score = ?, match_reason = ? WHERE id = ?",
        [(m.story_id, m.score, m.reason, m.item_id) for m in memberships],
    )
    db.conn.executemany(
        "INSERT OR IGNORE INTO story_notes (story_id, at, kind, article_id, text)"
        " VALUES (?, ?, ?, ?, ?)",
        [(note.story_id, iso_utc(note.at), note.kind, note.item_id, note.text) for note in notes],
    )


def fuse_stories(db: Database, fused: Mapping[str, str]) -> None:
    """Move the articles and notes of each absorbed story into its survivor and drop it."""
    for absorbed, survivor in sorted(fused.items()):
        db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [survivor, absorbed])
        db.execute(
            "UPDATE OR IGNORE story_notes SET story_id = ? WHERE story_id = ?", [survivor, absorbed]
        )
        db.execute("DELETE FROM story_notes WHERE story_id = ?", [absorbed])
        db.execute("DELETE FROM stories WHERE id = ?", [absorbed])


def load_story_ids_of(db: Database, item_ids: Sequence[str]) -> dict[str, str]:
    """The story of each of ``item_ids`` that has one."""
    sql = "SELECT id, story_id FROM articles WHERE id IN ({marks}) AND story_id IS NOT NULL"
    return dict(select_in(db, sql, item_ids))


def load_members_near(
    db: Database, story_ids: Sequence[str], start: datetime, end: datetime
) -> dict[str, str]:
    """The members of ``story_ids`` dated within [start, end], or kept apart from another
    article by a reader, each with its story id."""
    sql = (
        "SELECT id, story_id FROM articles WHERE story_id IN ({marks})"
        " AND (date BETWEEN ? AND ?"
        " OR id IN (SELECT a FROM kept_apart) OR id IN (SELECT b FROM kept_apart))"
    )
    return dict(select_in(db, sql, story_ids, after=[iso_utc(start), iso_utc(end)]))


def load_notes(db: Database, story_ids: Sequence[str]) -> dict[str, list[StoryNote]]:
    """Each story's notes, newest first."""
    notes: dict[str, list[StoryNote]] = {}
    sql = (
        "SELECT story_id, at, kind, article_id, text FROM story_notes"
        " WHERE story_id IN ({marks}) ORDER BY at DESC, id DESC"
    )
    for story_id, at, kind, item_id, text in select_in(db, sql, story_ids):
        note = StoryNote(story_id=story_id, at=parse_iso(at), kind=kind, item_id=item_id, text=text)
        notes.setdefault(story_id, []).append(note)
    return notes


def load_entries(db: Database, story_ids: Sequence[str], *, texts: bool = True) -> list[StoryEntry]:
    """The stories ``story_ids`` (in that order) with their articles, lead first, and notes;
    without ``texts``, the articles' summaries and contents are left empty (``load_items``)."""
    stories = load_stories(db, story_ids)
    items = load_items(db, (i for s in stories.values() for i in s.item_ids), texts=texts)
    notes = load_notes(db, list(stories))
    entries = []
    for story_id in story_ids:
        story = stories.get(story_id)
        if story is None:
            continue
        members = sorted(
            (items[i] for i in story.item_ids if i in items),
            key=lambda item: (item.item_id != story.lead_item_id, item.date, item.item_id),
        )
        entries.append(StoryEntry(story, tuple(members), tuple(notes.get(story_id, ()))))
    return entries


def load_listing(db: Database, story_ids: Sequence[str]) -> list[StoryEntry]:
    """``load_entries`` without the articles' texts: what a list of stories shows."""
    return load_entries(db, story_ids, texts=False)


def load_latest_story_ids(db: Database, limit: int) -> list[str]:
    """The ``limit`` most recently updated stories, newest first."""
    rows = db.execute(
        "SELECT id FROM stories ORDER BY updated DESC, first_seen DESC, id DESC LIMIT ?", [limit]
    )
    return [row[0] for row in rows]


def load_memberships(db: Database, story_id: str) -> dict[str, Membership]:
    """Why each article of ``story_id`` is there."""
    rows = db.execute(
        "SELECT id, story_id, match_score, match_reason FROM articles WHERE story_id = ?",
        [story_id],
    )
    return {row[0]: Membership(row[0], row[1], row[2] or 0.0, row[3] or "") for row in rows}


# Words in nearly every article: a query's other words find the same stories without them,
# and FTS5 need not read their postings (a show's name with "and the": 26 -> 5 ms on 100k).
_COMMON_WORDS = frozenset("a an and as at by for from in is it its of on or the to with".split())
# A query matching more articles than this ranks the most recently stored this many: a word in
# a fifth of the store ("trailer") asks for recent news, and ranking every hit took 30 ms.
RANKED_HITS = 2000


def search_story_ids(db: Database, query: str, limit: int) -> list[str]:
    """Stories whose title, or one of whose articles, matches ``query`` (FTS5), best first:
    by their best article's rank, the newer first among equal ranks.

    Words such as "the" are left out of a query that has others. The latest ``RANKED_HITS``
    hits are ranked; if they name fewer than ``limit`` stories, more are read.
    """
    words = query.split()
    words = [w for w in words if w.casefold() not in _COMMON_WORDS] or words
    terms = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    if not terms:
        return []
    wanted = RANKED_HITS
    while True:
        hits = db.execute(
            "SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ?",
            [terms, wanted],
        ).fetchall()
        rowids = [rowid for rowid, _ in sorted(hits, key=lambda hit: (hit[1], -hit[0]))]
        found = _stories_of(db, rowids, limit)
        if len(found) >= limit or len(hits) < wanted:
            return found[:limit]
        wanted *= 8


def _stories_of(db: Database, rowids: Sequence[int], limit: int) -> list[str]:
    """The stories of the articles ``rowids``, in their order, up to ``limit`` (read a few
    times ``limit`` articles at a time: a story often has several)."""
    found: dict[str, None] = {}
    sql = "SELECT rowid, story_id FROM articles WHERE rowid IN ({marks})"
    step = max(limit, 1) * 16
    for start in range(0, len(rowids), step):
        part = rowids[start : start + step]
        story_of: dict[int, str] = dict(select_in(db, sql, part))
        found.update(dict.fromkeys(story_of[r] for r in part if story_of.get(r)))
        if len(found) >= limit:
            break
    return list(found)


def load_article_ids_by_url(db: Database, url: str) -> list[str]:
    """Ids of the articles whose link is exactly ``url``, as the feed gave it."""
    rows = db.execute("SELECT id FROM articles WHERE url = ? ORDER BY id", [url])
    return [row[0] for row in rows]


def load_article_ids_by_term(db: Database, term: str) -> list[str]:
    """Ids of the articles the matcher's index holds under ``term`` (``match.index_terms``:
    ``url:<canonical URL>`` finds every stored link to one article)."""
    rows = db.execute(
        "SELECT DISTINCT article_id FROM match_terms WHERE term = ? ORDER BY article_id", [term]
    )
    return [row[0] for row in rows]


def move_article_notes(db: Database, item_id: str, from_story: str, to_story: str) -> None:
    """Move the update and revision notes of article ``item_id`` to another story (a reader split
    it out); its "source" note, which said it joined ``from_story``, is dropped."""
    db.execute(
        "UPDATE story_notes SET story_id = ? WHERE story_id = ? AND article_id = ?"
        " AND kind != 'source'",
        [to_story, from_story, item_id],
    )
    db.execute(
        "DELETE FROM story_notes WHERE story_id = ? AND article_id = ? AND kind = 'source'",
        [from_story, item_id],
    )
