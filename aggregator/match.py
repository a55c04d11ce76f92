"""Decides which articles report the same story. Pure: items in, assignments out.

Heuristics, in the order they are tried for a pair of articles (``compare``):

1. **Same article** under another URL or guid: equal canonical URLs (scheme, ``www.``,
   tracking parameters, AMP and trailing slashes ignored), the same article number on the same
   host (``/cms/discuss/231123`` and ``/news/…/.231123``), or one outlet repeating a headline
   letter for letter (spaces lost by a scraper included).
2. **Guards** on the headlines keep different news about one show apart: the kinds of news
   named (trailer / cast / delay / licence / box office / …), the media (anime / manga / game /
   film / …), the regions or dub languages and the season or part numbers must not be disjoint
   when both headlines name some. "Season 2" never matches "Season 3"; "opens in Malaysia"
   never matches "opens in the Philippines".
3. **Similarity** of what the two articles say, weighted by rarity: every word and adjacent
   word pair gets an IDF weight over the articles being compared, so "anime" or "trailer"
   weigh little and "crimson lightning" or "10gauge" a lot. The headline overlap (weighted,
   normalised by the shorter headline) and the whole-text cosine are blended into one score.

An article joins the story of its best-scoring earlier article when that score reaches
``SAME_STORY``; otherwise it starts a story whose id is its own ``item_id``. Only articles
within ``window_hours`` of each other, by their own dates, are compared, so replaying an
archive groups as live polling did.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from rapidfuzz import fuzz

from aggregator.match_features import EXCLUSIVE_KINDS, Features, features_of
from aggregator.models import Item, MatchSettings

# Blend of headline overlap and text cosine at which two articles are one story. Set on our own
# fixtures and checked with scripts/backtest_match.py; raise it if false merges appear.
SAME_STORY = 0.35
TITLE_WEIGHT = 0.55
# Mutual headline coverage (each headline's naming words found in the other article) counts for
# this much of a score: full coverage both ways is strong evidence, but not proof, of one story.
COVER_SCALE = 0.5
# Identical squashed headlines shorter than this are too generic to prove anything ("Review").
MIN_SQUASHED = 16
# A headline word shared by two articles names the same thing unless it is in more articles than
# this (or than RARE_SHARE of them): small stores see one show in many of their few articles.
SPECIFIC_MIN_DF = 10
# Words seen in at most this share of articles count as rare names when listing reasons.
RARE_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Comparison:
    """The verdict on one pair of articles and the signals behind it."""

    same: bool
    score: float
    reason: str
    signals: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """The story an article joins, with the score and reason that put it there."""

    item_id: str
    story_id: str
    score: float
    reason: str


class Idf:
    """Inverse document frequencies of tokens over a set of articles."""

    def __init__(self, token_sets: Iterable[frozenset[str]]) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for tokens in token_sets:
            self.df.update(tokens)
            self.n += 1

    def __call__(self, token: str) -> float:
        return math.log((self.n + 1) / (self.df.get(token, 0) + 1)) + 1.0

    def rare(self, token: str) -> bool:
        return self.df.get(token, 0) <= max(2, self.n * RARE_SHARE)

    def specific(self, token: str) -> bool:
        """Not one of the words that turn up everywhere (an outlet's or platform's name)."""
        return self.df.get(token, 0) <= max(SPECIFIC_MIN_DF, self.n * RARE_SHARE)


def compare(a: Features, b: Features, idf: Idf) -> Comparison:
    """Whether ``a`` and ``b`` report the same story, and why."""
    same_article = _same_article(a, b)
    if same_article:
        return Comparison(True, 1.0, same_article)
    guard = _guard(a, b)
    title = _overlap(a.title_tokens, b.title_tokens, idf)
    text = _cosine(a.tokens, b.tokens, idf)
    ratio = fuzz.token_set_ratio(a.item.title.casefold(), b.item.title.casefold()) / 100
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
    shared = sorted((t for t in a.tokens & b.tokens if " " not in t and idf.rare(t)), key=idf)
    same = score >= SAME_STORY
    verdict = "same story" if same else "different stories"
    reason = f"{verdict}: headlines share {', '.join(reversed(names[-3:]))}"
    if shared:
        reason += f"; texts share {', '.join(reversed(shared[-5:]))}"
    return Comparison(same, round(score, 3), reason, signals)


def _same_article(a: Features, b: Features) -> str:
    if a.url_key == b.url_key:
        return "same article: same URL"
    if a.article_key and a.article_key == b.article_key:
        return "same article: same article number"
    if len(a.squashed_title) >= MIN_SQUASHED and a.squashed_title == b.squashed_title:
        return "same headline"
    return ""


def _guard(a: Features, b: Features) -> str:
    exclusive = (a.events ^ b.events) & EXCLUSIVE_KINDS
    if exclusive:
        return f"different kind of news: only one is about {'/'.join(sorted(exclusive))}"
    for name, left, right in (
        ("kind of news", a.events, b.events),
        ("medium", a.media, b.media),
        ("region", a.regions, b.regions),
        ("season/part number", a.numbers, b.numbers),
        ("month", a.months, b.months),
    ):
        if left and right and not left & right:
            return f"different {name}: {'/'.join(sorted(left))} vs {'/'.join(sorted(right))}"
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


def assign(
    new_items: Sequence[Item], pool: Sequence[tuple[Item, str]], settings: MatchSettings
) -> list[Assignment]:
    """The story of each new item, given stored items (``pool``) with their story ids.

    New items are taken in date order, so each can join a story another new item started.
    """
    placed = [(features_of(item), story_id) for item, story_id in pool]
    fresh = sorted((features_of(i) for i in new_items), key=lambda f: (f.item.date, f.item.item_id))
    idf = Idf(f.tokens for f in [*(f for f, _ in placed), *fresh])
    window = timedelta(hours=settings.window_hours)
    assignments = []
    for feature in fresh:
        best: tuple[Comparison, str, Item] | None = None
        for other, story_id in placed:
            if abs(feature.item.date - other.item.date) > window:
                continue
            verdict = compare(feature, other, idf)
            if verdict.same and (best is None or _better(verdict, other.item, best)):
                best = (verdict, story_id, other.item)
        if best is None:
            story_id, score, reason = feature.item.item_id, 0.0, "first report"
        else:
            verdict, story_id, other_item = best
            score, reason = (
                verdict.score,
                f"{verdict.reason} (with {other_item.source}: {other_item.title})",
            )
        assignments.append(Assignment(feature.item.item_id, story_id, score, reason))
        placed.append((feature, story_id))
    return assignments


def _better(verdict: Comparison, item: Item, best: tuple[Comparison, str, Item]) -> bool:
    """Higher score wins; ties go to the earlier, then smaller-id article (order-independent)."""
    return (-verdict.score, item.date, item.item_id) < (
        -best[0].score,
        best[2].date,
        best[2].item_id,
    )
