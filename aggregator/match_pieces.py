"""An outlet's own pieces in English headlines, not news: explainers, guides, lists, episode
reviews, tributes, weekly columns, and opinions of a work that name no news. Read by
``match_english``. Pure."""

from __future__ import annotations

import itertools
import re

from aggregator.match_vocab import MONTHS, SENTENCE_WORDS

# Between a headline's parts: a colon or bar after a word, a dash between spaces. ``BREAK``
# finds them (``match_features`` reads them among a headline's words); ``BREAKS`` is their marks.
_DASHES = "-‒–—―"
BREAK = rf"(?<=\S)[:|](?=\s)|(?<=\s)[{_DASHES}](?=\s)"
BREAKS = frozenset(":|" + _DASHES)
_EXPLAINING = frozenset("why how what where".split())  # a headline that explains is a feature
# A guide to a work ("Everything We Know", "Everything to Know Before …", "How to Watch"): an
# outlet's own piece; not "Is Now Streaming: Here's Where to Watch", news of its date.
_GUIDE = re.compile(
    r"\b(?:everything|what) (?:we know|(?:you need )?to (?:know|remember))\b"
    r"|(?<!here )\b(?:where|how) to (?:watch|stream|start|read)\b|\banime to watch\b"
    r"|\beverything that(?: has)? happened\b"
)
# What a headline's leading number may count and still be news ("100 Million Copies Sold").
_COUNTED = frozenset(
    """million billion thousand hundred percent yen dollars copies episode episodes chapter
    chapters volume volumes""".split()
)
# What fans do in a piece on their reaction ("Fans Are Obsessed With …", "Fans Can't Wait").
_REACTING = frozenset("are can't cannot love loved react reacts".split())
_LATEST = frozenset("latest newest".split())
_MUST = frozenset("has have needs need".split())
# What an outlet's judgement of a work says, where the headline names no news.
_JUDGING = frozenset(
    "problem problems flaw flaws mistake mistakes wanted waited needed risk risks proves".split()
)
# A week's column: its name, then the week ("Releases, July 7-13", "Weekly Roundup: May 5-11");
# not an event's dates ("Set for August 23-25").
_DAYS = re.compile(r"\d{1,2}-\d{1,2}")
_COLUMNS = frozenset({*":|", "releases", "ranking", "rankings", "roundup", "chart", "charts"})


def superlative(words: list[str]) -> bool:
    """Whether ``words`` hold a superlative ("most", "darkest"; not "latest")."""
    return any(
        w == "most" or (w.endswith("est") and len(w) > 4 and w not in _LATEST) for w in words
    )


def own_piece(marks: list[str], award: bool) -> bool:
    """Whether an English headline is an outlet's own piece, not news: one that explains ("Why
    X Could Be …", "… Ending, Explained"), a guide ("Everything We Know"), a list ("10 Anime
    Like X"), an episode review ("Episode 12 - X", and the parts ``_explains_part`` reads), or
    the season's best (not a prize named "Best Anime")."""
    first, second, third = [*marks[:3], "", "", ""][:3]
    if first == "the" and second.isdigit():
        first, second = second, third
    return (
        first in _EXPLAINING
        or first == "remembering"  # "Remembering X: The Artist Who …": a tribute
        or marks[:3] == ["this", "week", "in"]  # "This Week in Anime - X": a column
        or any(_explains_part(marks, at) for at, mark in enumerate(marks) if mark in BREAKS)
        or _GUIDE.search(" ".join(marks)) is not None
        or (first == "episode" and second.isdigit())
        or (
            first.isdigit()
            and 1 < int(first) < 1900
            and second.isascii()
            and second not in _COUNTED
        )
        or marks[-1:] == ["explained"]
        or any(
            c in _COLUMNS and m in MONTHS and _DAYS.fullmatch(d)
            for c, m, d in zip(marks, marks[1:], marks[2:], strict=False)
        )
        or ("best" in marks and not award and "best look" not in " ".join(marks))
    )


def _explains_part(marks: list[str], at: int) -> bool:
    """Whether the part of a headline after the break at ``at`` explains ("Kaiju No. 8 Season
    3: What the Anime Needs to Fix") or is only an episode ("X Season 2 ‒ Episode 7": a
    review of it), or the part before it titles an episode ("Season 2 Episode 5: X's Biggest
    Cosplay Yet": a preview or review of one episode)."""
    after = [*marks[at + 1 : at + 3], "", ""]
    return (
        after[0] in _EXPLAINING
        or (len(marks) == at + 3 and after[0] == "episode" and after[1].isdigit())
        or (at > 1 and marks[at - 2] == "episode" and marks[at - 1].isdigit())
    )


def bare(marks: list[str]) -> bool:
    """Whether an English headline only names a work, in four words at most and with no verb
    ("Scarlet", "Jujutsu Kaisen: Execution", "Kagurabachi GN 10"), or ten before the episodes
    it names ("Daemons of the Shadow Realm Episodes 1-2", a long title's "Season 3 Episode 8"):
    a review titled by what it reviews. News tells what happened ("One Piece Returns")."""
    words = [m for m in marks if m not in BREAKS]
    episodes = len(words) > 2 and words[-2] in ("episode", "episodes") and words[-1][:1].isdigit()
    if episodes:
        words = words[:-2]
    return (
        0 < len(words) <= (10 if episodes else 4)
        and all(w.isascii() for w in words)
        and (episodes or not words[-1].endswith("s"))  # "X Returns"; "The Diaries Episode 18"
        and not SENTENCE_WORDS.intersection(words)
    )


def opinion(marks: list[str], kinds: list[str]) -> list[str]:
    """``kinds``, with an outlet's opinion of what it names no news about ("Latest Episode Has
    Fans Reeling", "Has to Fix …"; not "Fans Will Have to Wait"), and no review of an
    episode's preview ("Episode 7: Preview Images & Synopsis")."""
    if "preview" in kinds:
        return [k for k in kinds if k != "review"]
    latest = any(w == "episode" and b in _LATEST for b, w in itertools.pairwise(marks))
    must = any(
        w in _MUST and t == "to" and b != "will"
        for b, w, t in zip(["", *marks], marks, marks[1:], strict=False)
    )
    judged = (
        not _JUDGING.isdisjoint(marks)
        or "is peak" in " ".join(marks)
        or any(w == "yet" and superlative(marks[max(0, at - 3) : at]) for at, w in enumerate(marks))
    )  # "Has One Big Problem to Solve", "Fans Wanted", "Its Most Emotional Episode Yet"
    # "The Fall 2023 Anime You Can't Miss": the reader's guide; not "Sooner Than You Think"
    addressed = any(w == "you" and b != "than" for b, w in itertools.pairwise(["", *marks]))
    # "Fans Are Obsessed With the New Opening", "Fans Can't Wait to …": their reaction
    reacting = any(w == "fans" and a in _REACTING for w, a in itertools.pairwise(marks))
    return kinds or ["review"] * (latest or must or judged or addressed or reacting)
