"""Groups articles into stories from the pairwise verdicts of ``match``. Pure.

Grouping (``assign``) is link-then-join: each new article is compared with its candidates (all
articles within the window, or those an index found), every pair judged the same story is a
link, and stories are the connected groups of links, so the result does not depend on the
order in which articles arrive. Links are applied strongest first; a link is dropped when it
would put into one story two articles in conflict (``match.conflict``) or two articles a reader
split apart. Only articles within ``window_hours`` of each other, by their own dates, are
compared; pairs up to ``LONG_WINDOW`` times that far apart count only when ``compare`` finds
them strongly the same: a follow-up days later is a new story unless it is strongly the same.
A stored article whose text changed (``revised``) meets its candidates again as a new one does:
an outlet's update that makes its report the same story as another's links the two (fusing
their stories), as if the article had arrived in its revised form. Links only ever join, so a
revision never takes an article out of its story.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from aggregator.groups import Groups
from aggregator.idf import Idf
from aggregator.match import LONG_WINDOW, compare, conflict
from aggregator.match_features import Features, features_of, kept_features
from aggregator.models import Item, MatchSettings

# How ``assign`` may split its comparisons over two processes: ``halves(compute, batch)`` must
# return ``compute(batch)`` (``compute.halves`` runs the second half in a forked child).
Halves = Callable[
    [Callable[[Sequence[Features]], list["_Link"]], Sequence[Features]], list["_Link"]
]


@dataclass(frozen=True, slots=True)
class Assignment:
    """The story an article joins, with the score and reason that put it there."""

    item_id: str
    story_id: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class Grouping:
    """What ``assign`` decided: a story for each new article, and stored stories that a new
    article showed to be one (``fused``: absorbed story id -> surviving story id)."""

    assignments: tuple[Assignment, ...]
    fused: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Link:
    score: float
    fresh: str  # the new article of the pair
    other: str
    reason: str


def assign(
    new_items: Sequence[Item],
    pool: Sequence[tuple[Item, str]],
    settings: MatchSettings,
    *,
    idf: Idf | None = None,
    candidates: Mapping[str, Collection[str]] | None = None,
    apart: Collection[tuple[str, str]] = (),
    known: Mapping[str, Features] | None = None,
    revised: Collection[str] = (),
    halves: Halves | None = None,
    kept: Mapping[str, tuple[str, tuple[tuple[str, ...], tuple[str, ...]]]] | None = None,
) -> Grouping:
    """The story of each new item, given stored items (``pool``) with their story ids.

    ``idf`` defaults to the frequencies over ``pool`` and ``new_items``. ``candidates`` limits
    whom each new item is compared with (item ids, as an index found them); by default it is
    every pool and new item within the window. ``apart`` lists pairs of item ids a reader split
    apart: no link may bring them into one story. ``known`` holds features already computed,
    by item id. ``revised`` names pool items whose text changed: they are compared with their
    candidates as new items are and may fuse stored stories; one whose own story was absorbed
    is assigned to the surviving story. ``kept`` holds what was read of stored items before
    (``Features.headline`` and ``Text.read``, by item id): they are not read again.

    With ``idf`` and ``candidates`` given, a stored item's features are computed only when it
    is compared or checked for conflicts (``Idf.know`` learns its words): most stored members
    of the candidates' stories are never needed.
    """
    items = {item.item_id: item for item, _ in pool}
    items.update((item.item_id, item) for item in new_items)
    lazy = idf is not None and candidates is not None
    features = _Features(items, known or {}, settings.aliases, idf if lazy else None, kept)
    fresh = [features(i.item_id) for i in new_items]
    story_of = {item.item_id: story_id for item, story_id in pool}
    if not lazy:
        placed = [features(item.item_id) for item, _ in pool]
        idf = idf or Idf.over(f.words for f in [*placed, *fresh])
    assert idf is not None
    fresh_ids = {f.item.item_id for f in fresh}
    again = [features(i) for i in sorted(set(revised) - fresh_ids) if i in story_of]
    links = _all_links([*fresh, *again], items, features, settings, idf, candidates, halves)

    verdicts: dict[tuple[str, str], bool] = {}  # joining groups asks about a pair many times

    def compatible(a: str, b: str) -> bool:
        if a not in items or b not in items:
            return True
        key = (a, b) if a < b else (b, a)
        if key not in verdicts:
            verdicts[key] = not conflict(features(a), features(b), idf)
        return verdicts[key]

    groups = Groups(story_of, apart, compatible)
    for feature in fresh:
        groups.add(feature.item.item_id)
    best: dict[str, _Link] = {}
    for link in sorted(links, key=lambda k: (-k.score, k.fresh, k.other)):
        if groups.join(link.fresh, link.other):
            for end in (link.fresh, link.other):
                best.setdefault(end, link)
    dates = {item_id: (item.date, item_id) for item_id, item in items.items()}
    story_ids, fused = groups.story_ids(dates)
    stored_ids = set(story_of.values())
    # A revised article that its own link took into another stored story is assigned there
    # anew; one whose story only absorbed others keeps its place and its reason.
    moved = [f for f in again if f.item.item_id in best and story_of[f.item.item_id] in fused]
    assignments = (
        _assignment(f.item.item_id, story_ids[f.item.item_id], best, items, stored_ids)
        for f in sorted([*fresh, *moved], key=lambda f: (f.item.date, f.item.item_id))
    )
    return Grouping(tuple(assignments), fused)


class _Features:
    """Each article's features by id, computed on first use from ``items`` (``known``: those
    computed already). With ``idf``, it learns the word counts of each article it computes."""

    def __init__(
        self,
        items: Mapping[str, Item],
        known: Mapping[str, Features],
        aliases: tuple[tuple[str, ...], ...],
        idf: Idf | None,
        kept: Mapping[str, tuple[str, tuple[tuple[str, ...], tuple[str, ...]]]] | None = None,
    ) -> None:
        self.items = items
        self.cache = dict(known)
        self.aliases = aliases
        self.idf = idf
        self.kept = kept or {}

    def __call__(self, item_id: str) -> Features:
        found = self.cache.get(item_id)
        if found is None:
            learn = None if self.idf is None else self.idf.know
            item = self.items[item_id]
            if item_id in self.kept:
                found = kept_features(item, *self.kept[item_id], learn)
            else:
                found = features_of(item, self.aliases, learn)
            self.cache[item_id] = found
        return found


def _assignment(
    item_id: str,
    story_id: str,
    best: Mapping[str, _Link],
    items: Mapping[str, Item],
    stored_ids: Collection[str],
) -> Assignment:
    """The article's story with the strongest link that put it there (none: its first report)."""
    chosen = best.get(item_id)
    if chosen is None or (story_id == item_id and story_id not in stored_ids):
        return Assignment(item_id, story_id, 0.0, "first report")
    other = items[chosen.other if chosen.fresh == item_id else chosen.fresh]
    reason = f"{chosen.reason} (with {other.source}: {other.title})"
    return Assignment(item_id, story_id, chosen.score, reason)


def _all_links(
    searching: Sequence[Features],
    items: Mapping[str, Item],
    features: Callable[[str], Features],
    settings: MatchSettings,
    idf: Idf,
    candidates: Mapping[str, Collection[str]] | None,
    halves: Halves | None,
) -> list[_Link]:
    """``_links`` of every new (or revised) article, in two halves with ``halves``."""
    searching_ids = {f.item.item_id for f in searching}

    def linked(part: Sequence[Features]) -> list[_Link]:
        return _links(part, searching_ids, items, features, settings, idf, candidates)

    if halves is None:
        return linked(searching)
    for feature, other_id in _pairs(searching, searching_ids, items, settings, candidates):
        feature.text.read()
        features(other_id).text.read()
    return halves(linked, searching)


def _links(
    fresh: Sequence[Features],
    fresh_ids: Collection[str],
    items: Mapping[str, Item],
    features: Callable[[str], Features],
    settings: MatchSettings,
    idf: Idf,
    candidates: Mapping[str, Collection[str]] | None,
) -> list[_Link]:
    """Every pair of a new (or revised) article of ``fresh`` (all of ``fresh_ids`` or a part)
    and a candidate that ``compare`` finds to be one story. ``items`` are all the articles
    known (new and stored); ``features`` computes one's features."""
    window = timedelta(hours=settings.window_hours)
    links = []
    for feature, other_id in _pairs(fresh, fresh_ids, items, settings, candidates):
        apart = abs(feature.item.date - items[other_id].date)
        verdict = compare(feature, features(other_id), idf, signals=False)
        if verdict.same and (apart <= window or verdict.strong):
            links.append(_Link(verdict.score, feature.item.item_id, other_id, verdict.reason))
    return links


def _pairs(
    fresh: Sequence[Features],
    fresh_ids: Collection[str],
    items: Mapping[str, Item],
    settings: MatchSettings,
    candidates: Mapping[str, Collection[str]] | None,
) -> Iterator[tuple[Features, str]]:
    """Each pair ``_links`` judges: a new article and a candidate within reach of its date."""
    reach = timedelta(hours=settings.window_hours) * LONG_WINDOW
    for feature in fresh:
        item_id = feature.item.item_id
        others: Iterable[str] = items if candidates is None else candidates.get(item_id, ())
        for other_id in others:
            if other_id not in items or other_id == item_id:
                continue
            if other_id in fresh_ids and other_id < item_id:
                continue  # each pair of new (or revised) articles once
            if abs(feature.item.date - items[other_id].date) <= reach:
                yield feature, other_id
