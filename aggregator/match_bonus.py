"""What two reports add to their score beyond their words, read by ``match.compare``: the kind
of news, the occasion and the work they share (``bonus``), and how far apart they were
published (``reported_apart``). Pure."""

from __future__ import annotations

from datetime import timedelta

from aggregator.match_features import Features
from aggregator.match_guards import japanese, one_date, one_episode, one_when
from aggregator.match_takings import one_milestone, one_opening
from aggregator.match_vocab import PLATFORMS, RECURRING_KINDS

# Added to the score of two reports whose headlines share a rare name and a kind of news (a
# trailer, a cast, a delay of one work), one day or season of a year ("2027年夏"), or one season
# number and one month ("第3期、10月より放送"): different news of one kind, or for one date,
# about one work within the window is rarer than the words of two outlets' write-ups differ.
# Not for kinds that recur every week (charts, box office but one weekend's, awards), nor for a
# month alone, which many announcements share. Again for one region both name ("Heads to North
# American Theaters", "Coming to U.S. Theaters"), unless the news recurs (US box office weekly).
SAME_KIND = 0.08
_NTH = ("season:", "part:", "film:")  # numbers that tell a work's seasons, parts and films apart
# Figures that tell one occasion: a day, a season of a year, a prize.
_WHEN = ("day:", "yearseason:", "prize:")
# News a work has once in a window: its end, a delay, a return, a death, an announcement.
_ONCE = frozenset({"end", "delay", "resume", "death", "announce"})

# What the time between two reports adds to their score, by the hours between their own dates
# (at most): outlets report one announcement within hours of each other, while the next news
# of one work, worded alike, comes days later. Measured on the labelled months of
# tests/corpora: of the pairs no guard keeps apart and scored 0.30 to 0.35, those published
# within a day were one story six times in seven, those more than two days apart one time in
# twenty-five. A pair further apart than the last step takes ``LATE``.
TIMING = ((24, 0.05), (36, 0.0), (48, -0.05))
LATE = -0.15


def bonus(a: Features, b: Features) -> float:
    """What two headlines sharing a rare name add to their score (``SAME_KIND``): once for a
    kind of news, a day, or a season and month both give, or one mark passed (twice for one
    weekend's takings of one work, ``one_opening``); again for a region both name; again for
    one main trailer ("本予告"), or one known work, one kind of news and a season (part, film),
    one episode's preview, one platform's release or news it has once."""
    added = 0.0
    if (a.events & b.events) - RECURRING_KINDS or one_when(a, b, _WHEN) or one_date(a, b):
        added += SAME_KIND
    else:  # one weekend's takings of one work count twice, one mark passed once
        added += SAME_KIND * max(2 * one_opening(a, b), one_milestone(a, b))
    if a.regions & b.regions and not (a.events | b.events) & RECURRING_KINDS:
        added += SAME_KIND  # one work's news for one region: its release there
    once = a.events & b.events & _ONCE or one_when(a, b, _NTH) or one_episode(a, b)
    once = once or ("date" in a.events & b.events and a.title_tokens & b.title_tokens & PLATFORMS)
    known = a.works & b.works and (a.events & b.events) - RECURRING_KINDS and once
    if known or one_when(a, b, ("main:",)):  # a work has its main trailer once, as its seasons
        added += SAME_KIND
    return added


def reported_apart(a: Features, b: Features) -> float:
    """What the hours between two reports' own dates add to their score (``TIMING``). Nothing
    is added for being close when one of the two is a chart, takings or an award and the other
    is not (a weekend's chart and a film's milestone are told the same day, and are two pieces
    of news), nor when both name kinds of news and share none (an anime announced and its
    studio named, a trailer and a cast: one work's different news often comes the same day),
    nor to two Japanese headlines: read by their character pairs, two sites' news of one work
    the same day already share the work's name and the words of its news, and score high
    whether or not they tell one story."""
    gap = abs(a.item.date - b.item.date)
    for hours, added in TIMING:
        if gap <= timedelta(hours=hours):
            return added if added <= 0 or _close_counts(a, b) else 0.0
    return LATE


def _close_counts(a: Features, b: Features) -> bool:
    if a.events and b.events and not a.events & b.events:
        return False
    return not (a.events ^ b.events) & RECURRING_KINDS and not (japanese(a) and japanese(b))
