"""A reader's corrections to the matcher: explain a pair of articles, split an article out of
its story, join two stories. ``explain`` reads the SQLite store; ``split`` and ``join`` write
it and republish the feeds (files).

No later run undoes a correction, because the matcher only ever joins groups of articles and
never joins two groups holding a pair listed in ``kept_apart``:
- ``split`` keeps the article apart from every member its story has at the time, so no new
  article can bring the two halves together again;
- ``join`` lifts the kept-apart pairs between the two stories, and no run splits a story.
Known gap: a report that joins the old story after the split is not paired with the split
article; a run whose candidates hold those two but none of the original members can link them.

``split`` and ``join`` hold the store's lock as a run does (``pipeline.LOCK_WAIT``), so they
never race a cron run, write in one transaction, log themselves in ``corrections`` and
republish. Like ``pipeline`` this module wires stages (store, match, merge, publish) together:
a correction is a small run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from aggregator import store
from aggregator.errors import CorrectionError
from aggregator.match import LONG_WINDOW, Comparison, compare, conflict, index_terms
from aggregator.match_features import features_of
from aggregator.merge import rebuild
from aggregator.models import Config, Item, MatchSettings, Story, StoryEntry
from aggregator.store import Database, matching
from aggregator.text import canonical_url, stable_hash


@dataclass(frozen=True, slots=True)
class Explanation:
    """What ``match.compare`` says about two stored articles, and what the store knows of them."""

    a: Item
    b: Item
    story_a: str | None
    story_b: str | None
    window_hours: float
    comparison: Comparison
    conflict: str  # why they can never share a story (``match.conflict``), or ""
    kept_apart: bool  # a reader split them apart
    # Why a linked pair is in two stories (``_two_stories``), or "".
    in_two_stories: str = ""

    @property
    def hours(self) -> float:
        """Hours between the two articles' own dates."""
        return abs(self.a.date - self.b.date).total_seconds() / 3600

    @property
    def long_window_hours(self) -> float:
        """How far apart a strong pair may be and still be linked."""
        return self.window_hours * LONG_WINDOW

    @property
    def same_story_now(self) -> bool:
        return self.story_a is not None and self.story_a == self.story_b

    @property
    def linked(self) -> bool:
        """Whether the pair's own verdict is a link, as ``grouping.assign`` finds it; a link
        joins two stories unless other members forbid it."""
        reach = self.long_window_hours if self.comparison.strong else self.window_hours
        return self.comparison.same and self.hours <= reach and not self.kept_apart

    @property
    def decision(self) -> str:
        """Whether the matcher links the pair directly, and why or why not."""
        if self.linked and self.same_story_now:
            return "linked: the matcher puts them in one story"
        if self.linked:
            return f"linked, but in two stories: {self.in_two_stories}"
        if self.kept_apart:
            return "not linked: a reader split them apart"
        if not self.comparison.same:
            return f"not linked: {self.comparison.reason}"
        if self.comparison.strong:
            return f"not linked: more than {self.long_window_hours:g} hours apart"
        return f"not linked: more than {self.window_hours:g} hours apart and not strong"


def find_article(db: Database, ref: str) -> Item:
    """The stored article ``ref`` names: its id, its link as stored, or another link to the same
    article (equal after ``text.canonical_url``).

    Raises:
        CorrectionError: no stored article, or several, answer to ``ref``.
    """
    ids = [ref] if store.load_items(db, [ref]) else store.load_article_ids_by_url(db, ref)
    if not ids:
        ids = store.load_article_ids_by_term(db, f"url:{canonical_url(ref)}")
    if not ids:
        raise CorrectionError(
            f"article {ref}",
            "no article has this id or link; `aggregator story STORY_ID` lists a story's articles",
        )
    if len(ids) > 1:
        raise CorrectionError(
            f"article {ref}", f"{len(ids)} articles have this link ({', '.join(ids)}); give an id"
        )
    return store.load_items(db, ids)[ids[0]]


def explain(db: Database, settings: MatchSettings, first: str, second: str) -> Explanation:
    """Compare two stored articles as a run would, with word weights over the whole store as it
    is now (scores may differ a little from those recorded when the articles were grouped)."""
    a, b = find_article(db, first), find_article(db, second)
    features_a, features_b = features_of(a, settings.aliases), features_of(b, settings.aliases)
    idf = matching.load_idf(db, [features_a.words, features_b.words])
    story_of = store.load_story_ids_of(db, [a.item_id, b.item_id])
    pair = (min(a.item_id, b.item_id), max(a.item_id, b.item_id))
    found = Explanation(
        a=a,
        b=b,
        story_a=story_of.get(a.item_id),
        story_b=story_of.get(b.item_id),
        window_hours=settings.window_hours,
        comparison=compare(features_a, features_b, idf),
        conflict=conflict(features_a, features_b, idf),
        kept_apart=pair in matching.load_kept_apart(db, [a.item_id]),
    )
    if found.linked and not found.same_story_now:
        found = replace(found, in_two_stories=_two_stories(db, settings, found))
    return found


def _two_stories(db: Database, settings: MatchSettings, found: Explanation) -> str:
    """Why two articles whose verdict is a link are in two stories: a conflict or a split
    between their stories' members (within reach, as a run loads them), no index term in
    common, or scores that changed after the matcher compared them."""
    if found.story_a is None or found.story_b is None:
        return "one of them has no story yet; the next run groups it"
    reach = timedelta(hours=found.long_window_hours)
    start, end = min(found.a.date, found.b.date) - reach, max(found.a.date, found.b.date) + reach
    story_of = store.load_members_near(db, [found.story_a, found.story_b], start, end)
    items = store.load_items(db, sorted(story_of))
    members = {i: features_of(items[i], settings.aliases) for i in sorted(items)}
    idf = matching.load_idf(db, [f.words for f in members.values()])
    apart = matching.load_kept_apart(db, sorted(members))
    for m in (f for i, f in members.items() if story_of[i] == found.story_a):
        for n in (f for i, f in members.items() if story_of[i] == found.story_b):
            ids = (min(m.item.item_id, n.item.item_id), max(m.item.item_id, n.item.item_id))
            why = "a reader split them" if ids in apart else conflict(m, n, idf)
            if why:
                return f"{_named(m.item)} and {_named(n.item)} cannot share a story ({why})"
    terms_a, terms_b = (index_terms(features_of(x, settings.aliases)) for x in (found.a, found.b))
    if not terms_a & terms_b:
        return "the index never offers one as the other's candidate (no headline name in common)"
    return (
        "the matcher compared them when the later one arrived or was revised, with the word"
        " weights and candidates of that time, and never compares an old pair again"
    )


def _named(item: Item) -> str:
    return f'{item.source}: "{item.title}"'


def split(config: Config, story_id: str, article: str, now: datetime) -> list[StoryEntry]:
    """Move ``article`` (an id or link) out of ``story_id`` into a story of its own, for good,
    and republish. Returns the two stories, the old one first.

    Raises:
        CorrectionError: unknown story or article, the article is not in the story, or it is
            the story's only report.
        LockedError: a run holds the store's lock.
    """
    with _correcting(config) as db:
        new_id = _split(db, story_id, article, now, config.priority)
        return store.load_entries(db, [story_id, new_id])


def join(config: Config, story_id: str, other_id: str, now: datetime) -> list[StoryEntry]:
    """Move every article of ``other_id`` into ``story_id``, which keeps its id, and republish.
    Returns the joined story.

    Raises:
        CorrectionError: unknown story, or a story joined to itself.
        LockedError: a run holds the store's lock.
    """
    with _correcting(config) as db:
        _join(db, story_id, other_id, now, config.priority)
        return store.load_entries(db, [story_id])


@contextmanager
def _correcting(config: Config) -> Iterator[Database]:
    """The store, opened under the lock a run holds, for one transaction; republished once the
    transaction has committed, as ``pipeline.run`` publishes after its writes."""
    # Imported here, as cli imports it for ``run``: fetch, parse and publish load only when needed.
    from aggregator import pipeline

    if not config.db_path.exists():
        raise CorrectionError(str(config.db_path), "no store here yet; run `aggregator run` first")
    with store.hold_lock(config.store_dir, pipeline.LOCK_WAIT):
        db = store.open_db(config.db_path)
        try:
            with db.atomic():
                yield db
            pipeline.publish(db, config)
        finally:
            db.close()


def _split(
    db: Database, story_id: str, article: str, now: datetime, priority: Sequence[str]
) -> str:
    """Split ``article`` out of ``story_id`` (inside the caller's transaction); the new id."""
    story = _load_story(db, story_id)
    item_id = find_article(db, article).item_id
    if item_id not in story.item_ids:
        where = store.load_story_ids_of(db, [item_id]).get(item_id)
        raise CorrectionError(
            f"story {story_id}",
            f"article {item_id} is not in it" + (f"; it is in story {where}" if where else ""),
        )
    if len(story.item_ids) == 1:
        raise CorrectionError(
            f"story {story_id}", f"article {item_id} is its only report; there is nothing to split"
        )
    new_id = _split_story_id(db, story_id, item_id)
    rest = [i for i in story.item_ids if i != item_id]
    items = store.load_items(db, story.item_ids)
    notes = store.load_notes(db, [story_id]).get(story_id, [])
    # Its "source" note said it joined this story: in a story of its own it would be untrue.
    moved = [replace(n, story_id=new_id) for n in notes if n.item_id == item_id]
    stories = [
        rebuild(
            story_id,
            [items[i] for i in rest],
            [n for n in notes if n.item_id != item_id],
            priority,
        ),
        rebuild(new_id, [items[item_id]], [n for n in moved if n.kind != "source"], priority),
    ]
    reason = f"split out of story {story_id} by hand on {now:%Y-%m-%d}"
    matching.keep_apart(db, [(item_id, other) for other in rest])
    store.save_stories(db, stories, [], [store.Membership(item_id, new_id, 0.0, reason)])
    store.move_article_notes(db, item_id, story_id, new_id)
    matching.log_correction(db, now, "split", story_id, item_id, f"moved to story {new_id}")
    return new_id


def _split_story_id(db: Database, story_id: str, item_id: str) -> str:
    """The article's own id, as a story's first article gives it, unless a story has it."""
    for candidate in (item_id, stable_hash("split", story_id, item_id)):
        if not store.load_stories(db, [candidate]):
            return candidate
    raise CorrectionError(
        f"story {story_id}", f"cannot split article {item_id} out: both ids for it are taken"
    )


def _join(
    db: Database, story_id: str, other_id: str, now: datetime, priority: Sequence[str]
) -> None:
    """Fuse ``other_id`` into ``story_id`` (inside the caller's transaction)."""
    if story_id == other_id:
        raise CorrectionError(
            f"story {story_id}", "cannot join a story to itself; name two different stories"
        )
    story, other = _load_story(db, story_id), _load_story(db, other_id)
    matching.allow_together(db, story.item_ids, other.item_ids)
    store.fuse_stories(db, {other_id: story_id})
    members = store.load_items(db, [*story.item_ids, *other.item_ids])
    notes = store.load_notes(db, [story_id]).get(story_id, [])
    reason = f"joined to story {story_id} by hand on {now:%Y-%m-%d}"
    moved = [store.Membership(i, story_id, 0.0, reason) for i in other.item_ids]
    story = rebuild(story_id, members.values(), notes, priority)
    store.save_stories(db, [story], [], moved)
    matching.log_correction(
        db, now, "join", story_id, other_id, f"{len(moved)} article(s) moved in"
    )


def _load_story(db: Database, story_id: str) -> Story:
    story = store.load_stories(db, [story_id]).get(story_id)
    if story is None:
        raise CorrectionError(
            f"story {story_id}", "no such story; `aggregator stories` lists the latest"
        )
    return story
