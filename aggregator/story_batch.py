"""Grouping the articles without a story into stories, in the store: match, merge, save.

Touches the SQLite store. ``pipeline.run`` loads this module only when a cycle stored new or
revised articles: a cycle where every feed answers 304 never imports the matcher. The new
articles are indexed, each meets the candidates the index finds, the links become stories
(``grouping``), and each story touched is merged (``merge``) and saved, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from itertools import islice

from aggregator import compute, store
from aggregator.grouping import Grouping, assign
from aggregator.match import LONG_WINDOW
from aggregator.match_features import Features, features_of, kept_features, reading_key
from aggregator.merge import merge
from aggregator.models import Config, Item, Revision, Story, StoryNote
from aggregator.store import Database, matching
from aggregator.store import words as kept_words

# Stories merged and saved together: merging reads the texts of their articles, and a first
# run's 10,000 texts loaded at once raised its peak memory by 23 MB.
MERGE_PART = 500
# New articles from which grouping uses both cores (``compute.halves``): reading their words,
# comparing them and merging their stories, half of each done in a forked child.
PARALLEL_FROM = 1_000


def group_new(db: Database, config: Config, revisions: Sequence[Revision] = ()) -> tuple[int, int]:
    """Assign unassigned articles to stories and merge; return (new stories, updated stories).

    One transaction: the new articles are indexed, each (and each stored article ``revisions``
    changed) meets the candidates the index finds, and the stories, memberships and notes are
    saved together, so a killed run leaves the articles unassigned (and unindexed) for the next.
    """
    with db.atomic(), compute.collector_paused():
        # The features, index answers and weights die with _group, before merging needs memory.
        found = _group(db, config, revisions)
        if found is None:
            return 0, 0
        grouping, story_of = found
        # An absorbed story's members join the survivor with their current text: a revision of
        # one adds nothing more (and must not touch the absorbed story).
        revisions = [r for r in revisions if story_of.get(r.after.item_id) not in grouping.fused]
        counts = _save_grouping(db, grouping, revisions, config.priority)
    if len(grouping.assignments) >= PARALLEL_FROM:
        # A large batch freed tens of MB that publishing would otherwise add its own to.
        compute.trim_heap()
    return counts


def _group(
    db: Database, config: Config, revisions: Sequence[Revision]
) -> tuple[Grouping, dict[str, str]] | None:
    """The grouping of the articles without a story and of ``revisions``, and the stored story
    of each member of the stories it met (inside the caller's transaction); None when there is
    nothing to group."""
    aliases = config.match.aliases
    features = _read_new(db, aliases)
    if not features and not revisions:
        return None
    revised = matching.reindex_articles(db, revisions, aliases)
    matching.index_articles(db, features)
    fresh = [f.item for f in features]
    reach = timedelta(hours=config.match.window_hours) * LONG_WINDOW
    # What is read now is kept for the runs to come, as far back as their articles reach.
    key, since = reading_key(aliases), datetime.now(UTC) - reach
    kept_words.prune_words(db, since)
    kept_words.save_words(db, [*features, *revised], key, since)
    searching = [*features, *revised]
    candidates = matching.find_candidates(db, searching, reach)
    fresh_ids = {item.item_id for item in fresh}
    # Revised articles bring their own stories too, as they may now link to another.
    found = sorted(({c for ids in candidates.values() for c in ids} | set(candidates)) - fresh_ids)
    # The candidates' stories, not only the members the index found: a link respects the
    # conflicts of every member within reach and every pair a reader kept apart, however
    # far back the story began. Older members no longer vote, which bounds the work a
    # long-running story costs each new article.
    stories = sorted(set(store.load_story_ids_of(db, found).values()))
    dates = [f.item.date for f in searching] or [datetime.now(UTC)]
    story_of = store.load_members_near(db, stories, min(dates) - reach, max(dates) + reach)
    pool_items, kept = _load_pool(db, sorted(set(story_of) - fresh_ids), key)
    pool = [(item, story_of[item_id]) for item_id, item in sorted(pool_items.items())]
    known = {f.item.item_id: f for f in [*features, *revised]}
    # Stored members' features are computed by assign when needed, their word counts loaded.
    idf = matching.load_idf(db, [f.words for f in known.values()])
    apart = matching.load_kept_apart(db, sorted(fresh_ids | set(pool_items)))
    grouping = assign(
        fresh,
        pool,
        config.match,
        idf=idf,
        candidates=candidates,
        apart=apart,
        known=known,
        revised=[f.item.item_id for f in revised],
        halves=compute.halves if len(features) >= PARALLEL_FROM else None,
        kept=kept,
    )
    return grouping, story_of


def _load_pool(
    db: Database, item_ids: Sequence[str], key: str
) -> tuple[dict[str, Item], dict[str, kept_words.Kept]]:
    """Stored articles by id, and what was kept of those read before under ``key``: those
    come without their texts, which matching then never needs."""
    listed = store.load_items(db, item_ids, texts=False)
    kept = kept_words.load_words(db, {i: item.content_hash for i, item in listed.items()}, key)
    listed.update(store.load_items(db, [i for i in item_ids if i not in kept]))
    return listed, kept


def _read_new(db: Database, aliases: tuple[tuple[str, ...], ...]) -> list[Features]:
    """The features of the articles without a story, each with its words read and without its
    summary and content: matching needs no more of its text (a first run's 10,000 texts held
    35 MB) and merging loads the texts again. They are read ``PARALLEL_FROM`` at a time, each
    full part on both cores (``_read_on_both_cores``)."""
    read: list[Features] = []
    unassigned = store.load_unassigned(db)
    while part := list(islice(unassigned, PARALLEL_FROM)):
        if len(part) < PARALLEL_FROM:
            features = [features_of(item, aliases) for item in part]
            for feature in features:
                feature.text.read()
        else:
            features = _read_on_both_cores(part, aliases)
        read += (replace(f, item=replace(f.item, summary="", content="")) for f in features)
    return read


def _read_on_both_cores(items: list[Item], aliases: tuple[tuple[str, ...], ...]) -> list[Features]:
    """``features_of`` each item with its words read, half of them in a forked child
    (``compute.halves``) that sends back what the store keeps of each (``kept_features``)."""
    features = []
    reading = compute.halves(partial(_reading, aliases=aliases), items)
    for item, (headline, found) in zip(items, reading, strict=True):
        if headline:
            feature = kept_features(item, headline, found)
        else:  # a feed's name or guid held the separators: the headline is read again here
            feature = features_of(item, aliases)
            feature.text.take(found)
        features.append(feature)
    return features


def _reading(
    items: Sequence[Item], aliases: tuple[tuple[str, ...], ...]
) -> list[tuple[str, tuple[tuple[str, ...], tuple[str, ...]]]]:
    """What ``features_of`` reads of each article, as ``kept_features`` takes it."""
    return [(f.headline(), f.text.read()) for f in (features_of(i, aliases) for i in items)]


def _save_grouping(
    db: Database,
    grouping: Grouping,
    revisions: Sequence[Revision],
    priority: Sequence[str],
) -> tuple[int, int]:
    """Merge the grouping into the stories and save them (inside the caller's transaction),
    ``MERGE_PART`` stories at a time (two at once, one in a child process, for a large batch);
    return (new stories, updated stories)."""
    revised_in = store.load_story_ids_of(db, [r.after.item_id for r in revisions])
    touched = {a.story_id for a in grouping.assignments} | set(revised_in.values())
    existing = store.load_stories(db, touched | set(grouping.fused))
    moved = [
        (item_id, survivor)
        for absorbed, survivor in sorted(grouping.fused.items())
        for item_id in existing[absorbed].item_ids
    ]
    placed = [*((a.item_id, a.story_id) for a in grouping.assignments), *moved]
    store.fuse_stories(db, grouping.fused)
    # Each story's own reports, revisions and memberships go with it (absorbed stories are
    # merged through their survivor's reports).
    targets = list(dict.fromkeys([*(story_id for _, story_id in placed), *revised_in.values()]))
    parts = [
        set(targets[start : start + MERGE_PART]) for start in range(0, len(targets), MERGE_PART)
    ]
    together = 2 if len(grouping.assignments) >= PARALLEL_FROM else 1
    new = changed = 0
    for first in range(0, len(parts), together):
        these = parts[first : first + together]
        jobs = [
            _merge_job(
                db,
                {story_id: existing[story_id] for story_id in part if story_id in existing},
                [p for p in placed if p[1] in part],
                [r for r in revisions if revised_in.get(r.after.item_id) in part],
                priority,
            )
            for part in these
        ]
        for part, found in zip(these, compute.halves(compute.calls, jobs), strict=True):
            memberships = [
                store.Membership(a.item_id, a.story_id, a.score, a.reason)
                for a in grouping.assignments
                if a.story_id in part
            ]
            store.save_stories(db, *found, memberships)
            new += sum(1 for story in found[0] if story.story_id not in existing)
            changed += len(found[0])
    return new, changed - new


def _merge_job(
    db: Database,
    stories: dict[str, Story],
    placed: Sequence[tuple[str, str]],
    revisions: Sequence[Revision],
    priority: Sequence[str],
) -> Callable[[], tuple[list[Story], list[StoryNote]]]:
    """``merge`` for some stories, to call: the texts of their members and new reports loaded."""
    members = [item_id for story in stories.values() for item_id in story.item_ids]
    items = store.load_items(db, [*members, *(item_id for item_id, _ in placed)])
    items.update({r.after.item_id: r.after for r in revisions})
    return partial(merge, stories, items, placed, revisions, priority)
