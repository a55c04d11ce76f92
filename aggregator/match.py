"""Decides which articles report the same story. Pure: items in, stories out.

Heuristics, in the order they are tried for a pair of articles (``compare``):

1. **Same article** under another URL or guid: equal canonical URLs (scheme, ``www.``,
   tracking parameters, AMP and trailing slashes ignored), the same article number on the same
   host (``/cms/discuss/231123`` and ``/news/…/.231123``), or one outlet repeating a headline
   letter for letter (spaces lost by a scraper included).
2. **Guards** on the headlines keep different news about one show apart: the kinds of news
   named (trailer / cast / delay / licence / box office / …), the media (anime / manga / game /
   film / …), the regions or dub languages and the season or part numbers must not be disjoint
   when both headlines name some. "Season 2" never matches "Season 3"; "opens in Malaysia"
   never matches "opens in the Philippines". Two headlines that each name a rare work the
   other article never mentions are about different works, however alike their wording.
3. **Similarity** of what the two articles say, weighted by rarity: every word gets an IDF
   weight over the store (a word pair weighs as its rarer word), so "anime" or "trailer" weigh
   little and "crimson lightning" or "10gauge" a lot. The headline overlap, the whole-text
   cosine, the shared word pairs and the mutual headline coverage give one score.

Grouping (``assign``) is link-then-join: each new article is compared with its candidates (all
articles within the window, or those an index found), every pair judged the same story is a
link, and stories are the connected groups of links, so the result does not depend on the
order in which articles arrive. Links are applied strongest first; a link that would put two
articles a reader split apart into one story is dropped. Only articles within ``window_hours``
of each other, by their own dates, are compared, and pairs up to twice that far apart only
count when their score is ``STRONG``: a follow-up days later is a new story unless it is
strongly the same.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from rapidfuzz import fuzz

from aggregator.match_features import EXCLUSIVE_KINDS, Features, features_of
from aggregator.models import Item, MatchSettings

# Score at which two articles are one story. Set on our own fixtures and checked with
# scripts/backtest_match.py; raise it if false merges appear.
SAME_STORY = 0.35
# Articles more than ``window_hours`` (but at most LONG_WINDOW times that) apart are still one
# story when their headlines share this many rare names: a late write-up of one interview.
STRONG_NAMES = 3
LONG_WINDOW = 2.0  # times window_hours
TITLE_WEIGHT = 0.55
# Mutual headline coverage (each headline's naming words found in the other article) counts for
# this much of a score: full coverage both ways is strong evidence, but not proof, of one story.
COVER_SCALE = 0.5
# One outlet writes a story once: two of its articles are one story only when it re-posted one
# under a new URL with (nearly) the same headline.
SAME_OUTLET_FUZZ = 0.9
# Identical squashed headlines shorter than this are too generic to prove anything ("Review").
MIN_SQUASHED = 16
# A headline word shared by two articles names the same thing unless it is in more articles than
# this (or than RARE_SHARE of them): small stores see one show in many of their few articles.
SPECIFIC_MIN_DF = 10
# Words seen in at most this share of articles count as rare names.
RARE_SHARE = 0.05
# Headline words seen in at most this share of articles (or SPECIFIC_MIN_DF) name something
# specific: a show is rarely in more, the words of every headline ("anime", "season") are.
SPECIFIC_SHARE = 0.15


@dataclass(frozen=True, slots=True)
class Comparison:
    """The verdict on one pair of articles and the signals behind it."""

    same: bool
    score: float
    reason: str
    signals: tuple[tuple[str, float], ...] = ()
    strong: bool = False  # the same story beyond doubt: holds across a longer window


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


class Idf:
    """Inverse document frequencies of words over a set of articles (the store)."""

    def __init__(self, df: Mapping[str, int], n: int) -> None:
        self.df = df
        self.n = n
        self._cache: dict[str, float] = {}

    @classmethod
    def over(cls, token_sets: Iterable[frozenset[str]]) -> Idf:
        """The frequencies of the words (not the word pairs) of ``token_sets``."""
        df: Counter[str] = Counter()
        n = 0
        for tokens in token_sets:
            df.update(words_of(tokens))
            n += 1
        return cls(df, n)

    def __call__(self, token: str) -> float:
        weight = self._cache.get(token)
        if weight is None:
            if " " in token:  # a word pair is at least as rare as its rarer word
                weight = max(self(word) for word in token.split(" "))
            else:
                weight = math.log((self.n + 1) / (self.df.get(token, 0) + 1)) + 1.0
            self._cache[token] = weight
        return weight

    def count(self, token: str) -> int:
        """Articles with ``token`` (a word pair: with its rarer word)."""
        return min(self.df.get(word, 0) for word in token.split(" "))

    def rare(self, token: str) -> bool:
        return self.count(token) <= max(2, self.n * RARE_SHARE)

    def specific(self, token: str) -> bool:
        """Not one of the words that turn up everywhere (an outlet's or platform's name)."""
        return self.count(token) <= max(SPECIFIC_MIN_DF, self.n * SPECIFIC_SHARE)


def index_terms(f: Features) -> frozenset[str]:
    """What an index finds an article's candidates by: its URL keys, its squashed headline and
    the naming words of its headline. Any pair ``compare`` can call one story shares a term,
    except a pair whose headlines share no naming word but pass on their texts alone."""
    terms = {f"url:{f.url_key}", *(f"word:{w}" for w in f.subject)}
    if f.article_key:
        terms.add(f"key:{f.article_key}")
    if len(f.squashed_title) >= MIN_SQUASHED:
        terms.add(f"headline:{f.squashed_title}")
    return frozenset(terms)


def words_of(tokens: Iterable[str]) -> set[str]:
    """The single words of a token set (word pairs left out)."""
    return {t for t in tokens if " " not in t}


def compare(a: Features, b: Features, idf: Idf) -> Comparison:
    """Whether ``a`` and ``b`` report the same story, and why."""
    same_article = _same_article(a, b)
    if same_article:
        return Comparison(True, 1.0, same_article, strong=True)
    guard = conflict(a, b, idf) or _kinds_differ(a, b)
    title = _overlap(a.title_tokens, b.title_tokens, idf)
    text = _cosine(a.tokens, b.tokens, idf)
    ratio = _fuzz(a, b)
    facts = _overlap(_pairs(a.tokens), _pairs(b.tokens), idf)
    cover = min(_coverage(a.subject, b.tokens, idf), _coverage(b.subject, a.tokens, idf))
    score = max(TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * text, facts, cover * COVER_SCALE)
    signals: tuple[tuple[str, float], ...] = (
        ("title", round(title, 3)),
        ("text", round(text, 3)),
        ("facts", round(facts, 3)),
        ("cover", round(cover, 3)),
        ("fuzz", round(ratio, 3)),
    )
    names = sorted((t for t in a.subject & b.subject if idf.specific(t)), key=lambda t: (idf(t), t))
    if not guard and a.subject and b.subject and not names:
        guard = "different subjects: the headlines share no rare name"
    if guard:
        return Comparison(False, round(score, 3), guard, signals)
    shared = sorted((t for t in words_of(a.tokens & b.tokens) if idf.rare(t)), key=idf)
    same = score >= SAME_STORY
    verdict = "same story" if same else "different stories"
    reason = f"{verdict}: headlines share {', '.join(reversed(names[-3:]))}"
    if shared:
        reason += f"; texts share {', '.join(reversed(shared[-5:]))}"
    return Comparison(same, round(score, 3), reason, signals, same and len(names) >= STRONG_NAMES)


def conflict(a: Features, b: Features, idf: Idf) -> str:
    """Why ``a`` and ``b`` can never be in one story, or "": different news, medium, region,
    numbers, month or works, or two different articles of one outlet. A story never holds two
    articles in conflict, whatever links other articles make between them."""
    if _same_article(a, b):
        return ""
    guard = _guard(a, b) or _different_works(a, b, idf)
    if not guard and a.item.source == b.item.source and _fuzz(a, b) < SAME_OUTLET_FUZZ:
        guard = "different articles of one outlet"
    return guard


def _fuzz(a: Features, b: Features) -> float:
    return fuzz.token_set_ratio(a.item.title.casefold(), b.item.title.casefold()) / 100


def _same_article(a: Features, b: Features) -> str:
    if a.url_key == b.url_key:
        return "same article: same URL"
    if a.article_key and a.article_key == b.article_key:
        return "same article: same article number"
    if len(a.squashed_title) >= MIN_SQUASHED and a.squashed_title == b.squashed_title:
        return "same headline"
    return ""


def _guard(a: Features, b: Features) -> str:
    """Hard guards: news of an exclusive kind on one side only, or disjoint media, regions,
    numbers of one kind, or months."""
    exclusive = (a.events ^ b.events) & EXCLUSIVE_KINDS
    if exclusive:
        return f"different kind of news: only one is about {'/'.join(sorted(exclusive))}"
    for name, left, right in (
        ("medium", a.media, b.media),
        ("region", a.regions, b.regions),
        *_by_kind(a.numbers, b.numbers),
        ("month", a.months, b.months),
    ):
        if left and right and not left & right:
            return f"different {name}: {'/'.join(sorted(left))} vs {'/'.join(sorted(right))}"
    return ""


def _kinds_differ(a: Features, b: Features) -> str:
    """Both headlines name kinds of news and share none ("trailer" vs "cast"). Not a conflict:
    a third report of a reveal with trailer and cast may link both into one story."""
    if a.events and b.events and not a.events & b.events:
        return (
            f"different kind of news: {'/'.join(sorted(a.events))} vs {'/'.join(sorted(b.events))}"
        )
    return ""


def _by_kind(
    a: frozenset[str], b: frozenset[str]
) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """Numbers of each kind both headlines name: season with season, part with part."""
    kinds = {n.split(":")[0] for n in a} & {n.split(":")[0] for n in b}
    return [(f"{kind} number", _of_kind(a, kind), _of_kind(b, kind)) for kind in sorted(kinds)]


def _of_kind(numbers: frozenset[str], kind: str) -> frozenset[str]:
    return frozenset(n for n in numbers if n.startswith(kind + ":"))


def _different_works(a: Features, b: Features, idf: Idf) -> str:
    """Each headline names a rare work (a word pair of rare words) that the other article never
    mentions: one headline template about two shows ("Crunchyroll Adds Thai Dub for X")."""
    only_a = _unmentioned_names(a, b, idf)
    only_b = _unmentioned_names(b, a, idf)
    if only_a and only_b:
        return f"different works: {only_a} vs {only_b}"
    return ""


def _unmentioned_names(a: Features, b: Features, idf: Idf) -> str:
    """A rare name in ``a``'s headline (two adjacent rare naming words) absent from ``b``."""
    for pair in sorted(_pairs(a.title_tokens), key=lambda t: (-idf(t), t)):
        first, second = pair.split(" ")
        if (
            first in a.subject
            and second in a.subject
            and idf.specific(first)
            and idf.specific(second)
            and first not in b.tokens
            and second not in b.tokens
        ):
            return pair
    return ""


def _coverage(subject: frozenset[str], tokens: frozenset[str], idf: Idf) -> float:
    """Weighted share of one headline's naming words that the other article mentions."""
    total = sum(idf(t) for t in subject)
    return sum(idf(t) for t in subject & tokens) / total if total else 0.0


def _pairs(tokens: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in tokens if " " in t)


def _overlap(a: frozenset[str], b: frozenset[str], idf: Idf) -> float:
    """Weighted share of the shorter token set found in the other."""
    if not a or not b:
        return 0.0
    shared = sum(idf(t) for t in a & b)
    return shared / min(sum(idf(t) for t in a), sum(idf(t) for t in b))


def _cosine(a: frozenset[str], b: frozenset[str], idf: Idf) -> float:
    if not a or not b:
        return 0.0
    shared = sum(idf(t) ** 2 for t in a & b)
    return shared / math.sqrt(sum(idf(t) ** 2 for t in a) * sum(idf(t) ** 2 for t in b))


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
) -> Grouping:
    """The story of each new item, given stored items (``pool``) with their story ids.

    ``idf`` defaults to the frequencies over ``pool`` and ``new_items``. ``candidates`` limits
    whom each new item is compared with (item ids, as an index found them); by default it is
    every pool and new item within the window. ``apart`` lists pairs of item ids a reader split
    apart: no link may bring them into one story.
    """
    fresh = [features_of(i, settings.aliases) for i in new_items]
    placed = [features_of(item, settings.aliases) for item, _ in pool]
    story_of = {item.item_id: story_id for item, story_id in pool}
    if idf is None:
        idf = Idf.over(f.tokens for f in [*placed, *fresh])
    links = _links(fresh, placed, settings, idf, candidates)
    by_id = {f.item.item_id: f for f in [*placed, *fresh]}

    def compatible(a: str, b: str) -> bool:
        return a not in by_id or b not in by_id or not conflict(by_id[a], by_id[b], idf)

    groups = _Groups(story_of, apart, compatible)
    for item_id in (f.item.item_id for f in fresh):
        groups.add(item_id)
    best: dict[str, _Link] = {}
    for link in sorted(links, key=lambda k: (-k.score, k.fresh, k.other)):
        if groups.join(link.fresh, link.other):
            for end in (link.fresh, link.other):
                best.setdefault(end, link)
    dates = {item_id: (f.item.date, item_id) for item_id, f in by_id.items()}
    story_ids, fused = groups.story_ids(dates)
    stored_ids = set(story_of.values())
    assignments = []
    for feature in sorted(fresh, key=lambda f: (f.item.date, f.item.item_id)):
        item_id = feature.item.item_id
        chosen = best.get(item_id)
        story_id = story_ids[item_id]
        if chosen is None or (story_id == item_id and story_id not in stored_ids):
            score, reason = 0.0, "first report"
        else:
            other = by_id[chosen.other if chosen.fresh == item_id else chosen.fresh].item
            score, reason = chosen.score, f"{chosen.reason} (with {other.source}: {other.title})"
        assignments.append(Assignment(item_id, story_id, score, reason))
    return Grouping(tuple(assignments), fused)


def _links(
    fresh: Sequence[Features],
    placed: Sequence[Features],
    settings: MatchSettings,
    idf: Idf,
    candidates: Mapping[str, Collection[str]] | None,
) -> list[_Link]:
    """Every pair of a new article and a candidate that ``compare`` finds to be one story."""
    window = timedelta(hours=settings.window_hours)
    by_id = {f.item.item_id: f for f in [*placed, *fresh]}
    fresh_ids = {f.item.item_id for f in fresh}
    links = []
    for feature in fresh:
        item_id = feature.item.item_id
        if candidates is None:
            others: Iterable[Features] = by_id.values()
        else:
            others = (by_id[c] for c in candidates.get(item_id, ()) if c in by_id)
        for other in others:
            other_id = other.item.item_id
            if other_id == item_id or (other_id in fresh_ids and other_id < item_id):
                continue  # each pair of new articles once
            apart = abs(feature.item.date - other.item.date)
            if apart > window * LONG_WINDOW:
                continue
            verdict = compare(feature, other, idf)
            if verdict.same and (apart <= window or verdict.strong):
                links.append(_Link(verdict.score, item_id, other_id, verdict.reason))
    return links


class _Groups:
    """Union-find over article ids, seeded with the stored stories, that refuses to join two
    groups holding a pair split apart by a reader or a pair ``compatible`` rejects."""

    def __init__(
        self,
        story_of: Mapping[str, str],
        apart: Collection[tuple[str, str]],
        compatible: Callable[[str, str], bool],
    ) -> None:
        self.compatible = compatible
        self.parent: dict[str, str] = {}
        self.group: dict[str, list[str]] = {}  # root -> members
        self.stored = dict(story_of)
        self.apart: dict[str, set[str]] = {}
        for a, b in apart:
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)
        first_of: dict[str, str] = {}
        for item_id, story_id in sorted(story_of.items()):
            self.add(item_id)
            if story_id in first_of:
                self.join(item_id, first_of[story_id], force=True)
            else:
                first_of[story_id] = item_id

    def add(self, item_id: str) -> None:
        if item_id not in self.parent:
            self.parent[item_id] = item_id
            self.group[item_id] = [item_id]

    def find(self, item_id: str) -> str:
        root = item_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item_id] != root:
            self.parent[item_id], item_id = root, self.parent[item_id]
        return root

    def join(self, a: str, b: str, *, force: bool = False) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        if not force:
            group_a, group_b = self.group[root_a], self.group[root_b]
            if any(self.apart.get(m, set()).intersection(group_b) for m in group_a):
                return False
            if not all(self.compatible(m, n) for m in group_a for n in group_b):
                return False
        keep, drop = min(root_a, root_b), max(root_a, root_b)
        self.parent[drop] = keep
        self.group[keep].extend(self.group.pop(drop))
        return True

    def story_ids(
        self, dates: Mapping[str, tuple[object, str]]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Each article's story id, and stored stories absorbed into another.

        A group keeps the id of its stored story with the earliest member (several stored
        stories in one group are fused into that one); a group of new articles only takes its
        earliest article's id.
        """
        story_ids: dict[str, str] = {}
        fused: dict[str, str] = {}
        for group in self.group.values():
            members = sorted(group, key=lambda m: dates[m])
            stored = [self.stored[m] for m in members if m in self.stored]
            story_id = stored[0] if stored else members[0]
            for absorbed in dict.fromkeys(stored):
                if absorbed != story_id:
                    fused[absorbed] = story_id
            for member in members:
                story_ids[member] = story_id
        return story_ids, fused
