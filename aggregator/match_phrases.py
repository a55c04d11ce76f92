"""English phrases that tell a work's end, a licence, a deal, a delay or an announcement only
beside their neighbours ("Will End in September", "Adds X for U.K. Release", "Will Not Air",
"Gets 3rd Season"), and idioms that name no news ("Takes Top Honors"), read by
``match_english``. Pure."""

from __future__ import annotations

import itertools

from aggregator.match_vocab import CARDINAL, COMPANIES, COUNT_WORDS, MONTHS, PLATFORMS, REGIONS

# A company bought by another: "Toho Acquires Anime Distributor GKIDS", "Toho Buys GKIDS".
_BUYS = frozenset("acquires acquired acquire acquiring buys bought buy buying".split())
_FIRMS = COMPANIES | frozenset("distributor studio publisher company".split())
# What a publisher "Picks Up": "Picks Up Four New Manga Series".
_PICKED = frozenset("manga series anime titles novels novel licenses".split())
_NOT = frozenset("not won't".split())
_SCREENS = frozenset("tv television theaters theatres streaming".split())
_MAY = frozenset("will could can would might to".split())
FILM_NEXT = frozenset("film films length movie movies".split())
# What tells an Oscar the prize, not a character named Oscar.
_WON = frozenset(
    "wins win won winning nominated nomination nominee nominees academy race takes best".split()
)
# What a work "Releases" or "Streams" that is shown, not released: a video, a visual, a song.
_SHOWN = frozenset(
    "video videos trailer trailers pv promo teaser visual song opening ending mv".split()
)
# The lineups a work "Joins" when it is released on a platform (``_dated``).
_LINEUPS = frozenset("lineup slate catalog simulcasts".split())
# Words that name no news when one of these words follows them closely enough (``idiom``).
_IDIOMS: dict[str, tuple[int, frozenset[str]]] = {
    "ends": (3, frozenset({"hiatus"})),  # "Ends Its Long Hiatus": a return
    **dict.fromkeys(("releases", "released", "streams"), (4, _SHOWN)),  # "Streams Trailer"
    **dict.fromkeys(("launches", "launch"), (4, frozenset({"project", "campaign"}))),
    "opens": (4, frozenset({"festival", "fest"})),  # "Opens Toronto Film Festival": no date
    "joins": (4, _LINEUPS | {"club"}),  # "Joins the 10-Billion-Yen Club", a lineup: no cast
    "top": (1, frozenset({"honors", "honor", "prize", "shareholder"})),  # "Takes Top Honors"
    # "Earns Jury Prize", "Earns Positive First Reviews": no takings
    "earns": (3, frozenset({"prize", "award", "nomination", "honors", "reviews", "praise"})),
    "yen": (1, frozenset({"press"})),  # "Yen Press", a publisher: no takings
    "visual": (1, frozenset({"effects", "effect"})),  # "Best Visual Effects": a prize, no visual
    "look": (1, frozenset({"back", "away", "like"})),  # "Look Back" (a title), "Look Away"
    **dict.fromkeys(("cast", "casts"), (2, frozenset("spell spells shadow shadows".split()))),
}
# Where a work "Heads to" when it is released there.
_SHOWN_ON = PLATFORMS | frozenset("theaters theatres cinemas".split())
# What a season or a show "Kicks Off" on: "Kicks Off Season 3 on Crunchyroll".
_STARTED = PLATFORMS | frozenset("season on today tonight".split())
# When, and what, is "Set for" a date of a work's release: "Final Episodes Set for December".
_DATES = MONTHS | frozenset("spring summer fall autumn winter".split())
_AIRED = frozenset("episode episodes finale film movie anime premiere series special".split())
# The schedules that date a release: "Sets Simulcast Schedule", not "Production Schedule".
_AIRINGS = frozenset("simulcast broadcast release streaming airing premiere".split())
# What a chart's first to "Top" it may be ("First Japanese Song to Top …"): no guess.
_FIRSTS = frozenset("first song anime film series".split())
_UNITS = frozenset("chapter chapters episode episodes".split())
_WRAPS = frozenset("wrap wraps wrapping".split())
# A wait, a hiatus or a break that is over is a return, not an end ("The Wait Is Over").
_PAUSES = frozenset("wait hiatus break".split())
# News told after a last episode is not its end ("Season 2 Confirmed After Finale").
_AFTER = frozenset("after following".split())
# A publisher's new titles: "Reveals 12 New Acquisitions", "Adds 6 Manga Titles".
_BOUGHT = frozenset("acquisitions licenses".split())
# What may stand before them: a count, "New", "Manga" ("6 Manga Titles", "New Manga Licenses").
_NEW = frozenset({*CARDINAL, "new", "manga", "novel"})
_TITLES = frozenset("manga novels".split())
_REVEALING = frozenset("reveals unveils announces brings adds added licenses".split())
# A platform "Adds 3 New Titles" to its lineup; a publisher "Announces 10 New Titles".
_ANNOUNCING = _REVEALING - {"adds", "added"}
# What a work "Gets" or "Is Getting" when it is announced.
_ADAPTED = frozenset(
    "season sequel anime film movie series adaptation stage live-action treatment".split()
)
_MORE = ["more", "episodes"]  # "Is Getting More Episodes"; not "Gets 2 More Episodes"
_COMING = frozenset("coming returns return returning back arrives arriving".split())
_HAPPENING = frozenset("is officially finally".split())
_ARRIVED = frozenset("is are finally officially now".split())


def phrase_kind(marks: list[str], at: int, before: str, after: str) -> str:
    """The kind of news the word at ``at`` tells beside its neighbours: "end" (``_ends``),
    "licence" (``_licensed``, "Picks Up 4 New Manga"), "business" ("Toho Acquires Anime
    Distributor GKIDS"), "announce" (``_announced``), "delay" (``_delayed``), "date"
    (``_dated``), or ""."""
    if _ends(marks, at, before, after):
        return "end"
    if _licensed(marks, at, before) or _brought_over(marks, at, after):
        return "licence"
    if _delayed(marks, at, before, after):
        return "delay"
    word = marks[at]
    if word == "look" and before == "first":
        return "trailer"  # "Shares First Look": a teaser or a visual ("look" is a visual)
    if word in _BUYS and not _FIRMS.isdisjoint(marks[at + 1 : at + 4]):
        return "business"  # a company bought, not a work licensed
    if word in ("picks", "picked") and after == "up":
        return "licence" if not _PICKED.isdisjoint(marks[at + 2 : at + 6]) else ""
    if _announced(marks, at, before, after):
        return "announce"
    return "date" if _dated(marks, at, before, after) else ""


def _announced(marks: list[str], at: int, before: str, after: str) -> bool:
    """Whether ``marks[at]`` beside its neighbours tells a work announced: "Gets 3rd Season",
    "X Manga Gets TV Anime", "Is Getting More Episodes", "Next Season Is Official", "Season 3
    Is Officially Happening", "Is Coming Back for Season 2", "Will Return for Another Season",
    "Isn't Over"."""
    word = marks[at]
    adapted = _ADAPTED.intersection(marks[at + 1 : at + 4])
    if word in ("gets", "getting"):
        return bool(adapted) or marks[at + 1 : at + 3] == _MORE
    if word == "official" and before in ("is", "are", "now"):
        return not _ADAPTED.isdisjoint(marks[max(0, at - 4) : at])
    if word in _COMING and after == "for":
        return marks[at + 2 : at + 3] in (["season"], ["another"])
    if word in ("over", "done"):
        return before in ("isn't", "not")
    return word == "happening" and before in _HAPPENING


def _dated(marks: list[str], at: int, before: str, after: str) -> bool:
    """Whether ``marks[at]`` beside its neighbours tells a date: "Is Coming Sooner Than
    Expected" (its date is out), "Season 2 Is Finally Here", "Cursed Clash Is Out Now", a work
    that "Joins Crunchyroll's Summer Lineup" or "Heads to Crunchyroll" (as one it "Streams"),
    "Kicks Off Season 3 on Crunchyroll", a "Simulcast Schedule", "Set for December 25"."""
    word = marks[at]
    if word in ("sooner", "earlier") and after == "than":
        return not _COMING.isdisjoint(marks[max(0, at - 3) : at])
    if word == "joins":  # "Joins Crunchyroll's Summer Lineup"
        return not _LINEUPS.isdisjoint(marks[at + 1 : at + 5])
    if (word, after) in (("heads", "to"), ("lands", "on")):  # not "Heads to Alabasta"
        return not _SHOWN_ON.isdisjoint(marks[at + 2 : at + 3])  # "Lands on HIDIVE"
    if word in ("kicks", "kick") and after == "off":  # "Part 2 Kicks Off With …": its start
        return not _STARTED.isdisjoint(marks[at + 2 : at + 5]) or _run_of(marks, at, before)
    if word == "schedule":
        return before in _AIRINGS
    if word == "set" and after == "for" and not _DATES.isdisjoint(marks[at + 2 : at + 3]):
        # "Final Episodes Set for December 25"; not an exhibition or "Con 2027 Set for August"
        return _run_of(marks, at, before)
    return (word == "here" and before in _ARRIVED) or (word == "out" and after in ("now", "today"))


def _run_of(marks: list[str], at: int, before: str) -> bool:
    """Whether what ``marks[at]`` tells of is a work's run: its episodes, a film, a series, or
    a numbered season or part ("Season 2 Set for", "Part 2 Kicks Off")."""
    return before in _AIRED or (
        before.isdigit() and marks[at - 2 : at - 1] in (["season"], ["part"])
    )


def _brought_over(marks: list[str], at: int, after: str) -> bool:
    """Whether ``marks[at]`` tells a work brought to a region by a distributor: "Heads to North
    America via GKIDS"."""
    if marks[at] != "heads" or after != "to" or "via" not in marks[at + 3 : at + 7]:
        return False
    return any(w in REGIONS or w == "north" for w in marks[at + 2 : at + 5])


def _delayed(marks: list[str], at: int, before: str, after: str) -> bool:
    """Whether ``marks[at]`` beside its neighbours tells a delay or a week off: "Pushed to
    2025", "Pre-Orders Pushed Back", "Will Not Air on May 24", "Skips May 31 Broadcast", "Will
    Have to Wait an Extra Week"."""
    word = marks[at]
    if word in ("pushed", "pushes"):
        return after in ("to", "back", "into")
    if word in ("air", "airing", "skip"):
        return before in _NOT if word != "skip" else before in ("will", "to")
    if word == "wait":
        return "extra" in marks[at + 1 : at + 3] or after == "longer"
    if word == "hold":
        return before == "on"  # "Has Been Put on Hold"
    return word in ("skips", "skipping") and after not in _SCREENS  # not "Skipping TV for …"


def idiom(marks: list[str], at: int) -> bool:
    """Whether the word at ``at`` is part of an idiom or a name that names no news ("Casts Its
    Spell", "Yen Press", "Releases Opening Video", "Takes Top Honors"), or a recap is a film's
    ("Recap Movie", "Film Screens Shibuya Incident Recap")."""
    word = marks[at]
    if word == "recap":
        return not FILM_NEXT.isdisjoint(marks)
    if word == "oscar":  # "Trailer Highlights Oscar" (a character): no award
        return _WON.isdisjoint(marks)
    if word in ("top", "tops") and at > 0 and marks[at - 1] in _MAY:
        # "Fans Think the Opening Will Top X": a guess, no chart; not "First Song to Top X"
        return marks[at - 1] != "to" or _FIRSTS.isdisjoint(marks[max(0, at - 4) : at - 1])
    if word in ("delay", "delays") and "after" in marks[max(0, at - 4) : at]:
        return True  # "Finally Premieres After Years of Delays": its date, no delay
    if word == "delayed" and at > 0 and marks[at - 1] in ("its", "the", "their"):
        return True  # "Confirms When Its Delayed Finale Will Air": its date, no delay
    if word in ("ends", "end") and at > 0 and marks[at - 1] == "never":
        return True  # "The First Kiss That Never Ends": a title's words, no end
    if word == "talks":  # "In Talks to Buy": a negotiation, no interview
        return at > 0 and marks[at - 1] == "in"
    if word in ("debut", "debuts"):
        return _shown_debut(marks, at)
    span, after = _IDIOMS.get(word, (0, frozenset()))
    return not after.isdisjoint(marks[at + 1 : at + 1 + span])


def _shown_debut(marks: list[str], at: int) -> bool:
    """Whether the "debut" at ``at`` is of what is shown, not of a work: "Final Trailer Debuts",
    "Debuts YOASOBI Opening Theme"; not "Debuts in April" ("Visual, Debut in April")."""
    if marks[at + 1 : at + 2] and marks[at + 1] in _WHENCE:
        return False
    return (at > 0 and marks[at - 1] in _SHOWN) or not _SHOWN.isdisjoint(marks[at + 1 : at + 5])


# What follows a work's own debut: when, or where.
_WHENCE = frozenset("in on at this next today tonight date".split())


def _ends(marks: list[str], at: int, before: str, after: str) -> bool:
    """Whether ``marks[at]`` beside its neighbours tells a work's end: "Is Ending", "Wraps Up",
    "Series Finale" (not "Season 2 Finale"), "Its Final (3) Chapters", "Only Has 5 Chapters
    Left", "Comes to an End" or "to End in 5 Chapters" (not "an End Date"), "Is Officially
    Over" (not "The Wait Is Over"); not news told "After the Series Finale": when, not what."""
    word = marks[at]
    if _AFTER.intersection(marks[max(0, at - 4) : at]):
        return False
    if word == "finale":
        return before == "series"
    if word == "end":
        return (before == "an" and after != "date") or (before in ("to", "will") and after == "in")
    if word == "over" and before in ("is", "officially"):
        return _PAUSES.isdisjoint(marks)
    if word == "left":
        return before in ("chapters", "episodes")
    counted = (before in COUNT_WORDS or before.isdigit()) and at > 1 and marks[at - 2] == "final"
    last = word in _UNITS and (before == "final" or counted) and not titled_part(marks, at)
    return (
        (word == "ending" and before not in ("year", "period"))
        or (word in _WRAPS and after == "up")
        or last
    )


def titled_part(marks: list[str], at: int) -> bool:
    """Whether the word at ``at`` ends a title a part follows: "The Final Chapters Part 2" (an
    anime's last part; no manga's last chapters)."""
    return marks[at + 1 : at + 2] == ["part"]


def _licensed(marks: list[str], at: int, before: str) -> bool:
    """Whether ``marks[at]`` tells a licence: a publisher's new acquisitions or licences
    ("Unveils 12 New Acquisitions", "Announces New Manga Licenses"), titles counted after a
    verb that reveals them ("Brings 11 New Manga and Light Novels", "Adds 6 Manga Titles"; not
    "Oda Announces New Manga"), or "Adds" with a work added for a region ("Adds X for U.K.
    Release"); not a platform adding a show to its lineup ("Adds X to Summer Lineup")."""
    word = marks[at]
    if word in _BOUGHT:
        return before in _NEW or before.isdigit()
    if word in _TITLES or (word == "titles" and before in ("manga", "new")):
        count = marks[at - 2] if before in _NEW and at > 1 else before
        counted = (count.isdigit() and int(count) < 1000) or count in CARDINAL
        verbs = _REVEALING if before == "manga" or word != "titles" else _ANNOUNCING
        return counted and not verbs.isdisjoint(marks[max(0, at - 4) : at - 1])
    if word not in ("adds", "added"):
        return False
    rest = marks[at + 1 :]
    return any(w == "for" and (r in REGIONS or r == "north") for w, r in itertools.pairwise(rest))
