"""How the words of an English headline read as kinds of news, media and an outlet's own
pieces (``english_marks``): by themselves (``match_vocab``) and beside their neighbours
(``match_phrases``; an outlet's own pieces and opinions: ``match_pieces``). Pure.
"""

from __future__ import annotations

import itertools
import re

from aggregator.match_phrases import FILM_NEXT, idiom, phrase_kind, titled_part
from aggregator.match_pieces import BREAK, bare, opinion, own_piece, superlative
from aggregator.match_vocab import (
    CARDINAL,
    COUNT_WORDS,
    EVENT_OF,
    MEDIUM_OF,
    MONTHS,
    ORDINAL,
    PLATFORMS,
)
from aggregator.match_words import WORD

# Headline words whose sense depends on their neighbour: "opening theme" is music, "opening
# weekend" is not; "ending theme" is music, "is ending" the end of a series; "stage play" is a
# medium, "sets the stage" is not; "Chapter 1150" and "3 Chapters" are manga, "its next
# chapter" is not.
_THEME_NEXT = frozenset("theme themes song songs sequence animation video movie credits".split())
_CREDITLESS = frozenset("creditless non-credit textless clean".split())
_STAGE_NEXT = frozenset("play plays musical adaptation production show reading".split())
# A headline's words, and the breaks between its parts ("X Season 3: What …", "X – Review").
_MARK = re.compile(rf"{WORD.pattern}|{BREAK}")
_AT_PLACE = re.compile(
    r"\b(?:at|hits|reaches|takes|stays|remains|claims|holds|keeps) (?:#|no\. ?)\d{1,2}\b"
    r"|\btop \d{1,2}\b"
    r"|\b(?:in|at|takes) (?:first|second|third|fourth|fifth|\d{1,2}(?:st|nd|rd|th)) place\b"
)
# The titles a Japanese headline quotes (「X」, 『X』): names, not kinds of news or figures.
QUOTED = re.compile("「[^「」『』]*」|『[^「」『』]*』")
_BREAK_VERB = frozenset("a the its their records record silence out through down free".split())
_ALL = frozenset("all every everything".split())
_PREVIEW = frozenset("preview previews synopsis".split())
_ANNOUNCED = frozenset("announced announcement announcements".split())
_RUN = frozenset("weekend weekends".split())
_RECORD = frozenset("record-breaking biggest largest highest record best".split())
_NTH = frozenset("opening first last".split())
_PROMOTING = frozenset("promotional character cour main final".split())
_NOT_WORKS = frozenset(
    "episode episodes chapter chapters cast member members week weeks day days".split()
)
_MEDIA_WORDS = frozenset("opening ending video videos cast voice voices".split())
_AIRED = frozenset("premiere finale episode start".split())
# What a premiere or an episode does in a reaction to it ("Premiere Wastes No Time").
_REACTED = frozenset(
    "prove proves proved wastes delivers delivered nails stuns impresses introduces reminds makes "
    "puts".split()
)
_LISTED = frozenset("anime show shows series sequel sequels".split())  # "Every Anime …"
_SEASONS = frozenset("spring summer fall autumn winter".split())


def _nth(word: str) -> bool:
    """Whether ``word`` counts which one ("2nd", "second")."""
    return word in ORDINAL or word[:1].isdigit()


def headline_marks(title: str) -> tuple[list[str], list[str], list[str]]:
    """A folded headline's words and breaks, and the kinds of news and media they name
    (``english_marks``); a Japanese headline's quoted titles name no kind ("「X RANKING」")."""
    marks = _marks(title)
    kinds, media = english_marks(marks)
    if _AT_PLACE.search(title):
        kinds.append("ranking")  # "Film Debuts at #1", "Opens at No. 3": a place on a chart,
        if "film" in media:  # a film's at the box office
            kinds.append("boxoffice")
    if _ASKS.search(title):
        kinds.append("review")  # "Season 2 Was a Mess. Can Season 3 Fix It?": an opinion
    if QUOTED.search(title):
        unquoted = english_marks(_marks(QUOTED.sub(" ", title)))[0]
        kinds = [kind for kind in kinds if kind in unquoted]
    return marks, kinds, media


# A headline ending in a question it asks ("… Was a Mess. Can Season 3 Fix It?", "Will X Return
# in 2027?"): an outlet's speculation or opinion, not news.
_ASKS = re.compile(
    r"(?:^|[.:!?]\s+)(?:can|will|could|should|would|is|are|does|do|did|has|have)\b[^.:!?]*\?\s*$"
)


def _marks(title: str) -> list[str]:
    return [m.group().replace("’", "'").removesuffix("'s") for m in _MARK.finditer(title)]


def english_marks(marks: list[str]) -> tuple[list[str], list[str]]:
    """The kinds of news and the media a folded English headline's words name, in order."""
    kinds = [EVENT_OF[w] for at, w in enumerate(marks) if w in EVENT_OF and not idiom(marks, at)]
    media = [MEDIUM_OF[w] for at, w in enumerate(marks) if w in MEDIUM_OF and not _named(marks, at)]
    if own_piece(marks, "award" in kinds) or (not kinds and not media and bare(marks)):
        kinds.append("review")
    for at, word in enumerate(marks):
        after = marks[at + 1] if at + 1 < len(marks) else ""
        before = marks[at - 1] if at else ""
        kinds.extend(_kind_by_neighbours(marks, at, before, after))
        if word == "stage" and after in _STAGE_NEXT and marks[at + 2 : at + 3] != ["arc"]:
            media.append("stage")
        elif word == "live" and after == "action":
            media.append("live")  # "Live Action" unhyphenated
        elif word == "home" and after in ("video", "videos"):
            media.append("disc")
        elif (
            word in ("chapter", "chapters")
            and not titled_part(marks, at)
            and (before == "final" or after.isdigit() or before.isdigit() or before in COUNT_WORDS)
        ):
            media.append("manga")
    if not media and PLATFORMS.intersection(marks):
        media.append("broadcast")  # "Streams on Crunchyroll": an anime, a film or a drama
    if any(_more_works(marks, at) for at, word in enumerate(marks) if word == "more"):
        kinds.append("lineup")  # "Adds X, Y, 5 More to Summer Lineup": several works' news
    if "business" in kinds:  # "Acquires 10% Stake in ¥50 Billion Deal": no licence, no takings
        kinds = [k for k in kinds if k not in ("boxoffice", "licence")]
    return opinion(marks, kinds), media


def _named(marks: list[str], at: int) -> bool:
    """Whether the word at ``at`` begins the name of a convention ("Anime Expo", "Anime NYC")."""
    return marks[at] == "anime" and at + 1 < len(marks) and marks[at + 1] in _CONVENTIONS


_CONVENTIONS = frozenset("expo nyc festival fest con central".split())  # "Anime Expo", "Anime NYC"


def _year_season(marks: list[str]) -> bool:
    """Whether ``marks`` name a season of a year ("Spring 2025")."""
    return any(w in _SEASONS and y.isdigit() and len(y) == 4 for w, y in itertools.pairwise(marks))


def _more_works(marks: list[str], at: int) -> bool:
    """Whether "more" at ``at`` counts more works ("Adds X, Y, 5 More to …", "Nine More
    Titles"), not more episodes or cast members."""
    before = marks[at - 1] if at else ""
    after = marks[at + 1] if at + 1 < len(marks) else ""
    counted = before.isdigit() or before in CARDINAL
    return counted and after not in _NOT_WORKS


def _kind_by_neighbours(marks: list[str], at: int, before: str, after: str) -> list[str]:
    """The kind of news ``marks[at]`` names beside its neighbours, if any."""
    word = marks[at]
    if word in _MEDIA_WORDS and (found := _media_kind(marks, word, before, after)):
        return found
    if phrase := phrase_kind(marks, at, before, after):
        return [phrase]
    if (word in ("passes", "passed") and after == "away") or (word == "dead" and after == "at"):
        return ["death"]  # "Passes Away at 90", "Dead at 85"; not "Passes ¥10 Billion"
    if word == "hiatus" or (word == "break" and after not in _BREAK_VERB):
        return [_pause(marks, at)]  # "On Hiatus", "Takes a Break"; not "Break the Record"
    if word in _ALL and _ANNOUNCED & {after, *marks[at + 2 : at + 3]}:
        return ["review"]  # "Every Anime Announced at …": an outlet's roundup
    if word == "preview" and before == "season":
        return ["review"]  # "Summer 2023 Anime Season Preview": an outlet's guide
    if word in _PREVIEW and "episode" in marks[max(0, at - 4) : at]:
        return ["preview"]  # "Episode 11 Preview Released", "Episode 12 Synopsis and Preview"
    if (
        word == "feature"
        and after not in FILM_NEXT
        and before != "animated"
        and "best" not in marks[max(0, at - 3) : at]
    ):
        return ["review"]  # "Feature: …", not a feature film ("Best Animated Feature")
    return _film_oropinion(marks, at, before, after)


def _pause(marks: list[str], at: int) -> str:
    """A pause ("On Hiatus", "Takes a Break") is a delay; one over a return: a hiatus's
    ("Returns From Hiatus", "an End Date", "Is Over") or any ("Is Finally Back … the Long
    Break", "Break Won't Last Long"; not "Returns in April After Winter Break")."""
    ending = {"from", "after", "ends"} & set(marks[max(0, at - 3) : at]) or "end" in marks
    ending = marks[at] == "hiatus" and (ending or "over" in marks[at + 1 : at + 4])
    ending = ending or "back" in marks[:at] or marks[at + 1 : at + 3] == ["won't", "last"]
    # "Returns From Break", "Kicks Off Its Final Saga After Monthlong Break"; not "Returns in
    # April After Winter Break", a pause before a return it dates
    after = "after" in marks[max(0, at - 2) : at] and MONTHS.isdisjoint(marks)
    ending = ending or marks[at - 1 : at] == ["from"] or after
    return "resume" if ending else "delay"


def _media_kind(marks: list[str], word: str, before: str, after: str) -> list[str]:
    """What a theme, a video or a cast is beside its neighbours: music, a trailer or a dub."""
    if word in ("opening", "ending") and (after in _THEME_NEXT or before in _CREDITLESS):
        return ["music"]  # "Ending Theme", "Creditless Opening" (its video)
    if word == "ending" and "opening" in marks:
        return ["music"]  # "Reveals Opening by X and Ending by Y": two theme songs
    if word == "opening" and before == "new" and after not in _RUN:
        return ["music"]  # "Trailer Reveals New Opening"
    promoting = before in _PROMOTING or _nth(before)
    if word in ("video", "videos") and promoting and after != "game":
        return ["trailer"]  # "Promotional Video", "Final Video"; not "in New Video", "Video Game"
    if word in ("cast", "voice", "voices") and before == "english":
        return ["dub"]  # "X's English Cast Is Coming Back", "Its English Voices": the dub's
    return []


def _film_oropinion(marks: list[str], at: int, before: str, after: str) -> list[str]:
    """What ``marks[at]`` tells beside its neighbours of a film's run (its takings, its length)
    or of an outlet's opinion, if anything."""
    word = marks[at]
    if word == "opening" and (
        after in _RUN or after == "record" or _RECORD.intersection(marks[max(0, at - 2) : at])
    ):
        return ["boxoffice"]  # "Opening Weekend", "Opening Record", "Biggest Opening": takings
    if word in _RUN and (before in _NTH or _nth(before)):
        return ["boxoffice"]  # "Second Weekend", "2nd North American Weekend" of a film's run
    if word == "minutes" and before.isdigit() and "first" not in marks:
        return ["runtime"]  # "Runs 155 Minutes"; not "Watch the First 10 Minutes"
    if word in ("hour-long", "one-hour", "feature-length"):
        return ["runtime"]  # "Begins With Hour-Long Premiere": its length
    if word == "every" and at == 0 and after in _LISTED:
        return ["review"]  # "Every Anime Sequel Returning in Summer 2025": a season's list
    if word in ("preview", "previews") and before == "anime" and _year_season(marks[:at]):
        return ["review"]  # "Spring 2025 Anime Preview": a season's guide
    numbered = before.isdigit() and at > 1 and marks[at - 2] in ("season", "part")
    if (word in _REACTED or (word == "is" and after in ("a", "an", "already"))) and (
        before in _AIRED or numbered
    ):
        return ["review"]  # "Premiere Proves the Wait Was Worth It", "Is a Love Letter to …"
    if word == "fans" and before == "has" and _AIRED.intersection(marks[max(0, at - 4) : at]):
        return ["review"]  # "Season 3's Premiere Has Fans Divided", "Finale Has Fans Reeling"
    if word == "is" and after == "the" and superlative(marks[at + 2 : at + 4]):
        return ["review"]  # "X Is the Darkest Anime of 2025", "Is the Franchise's Most …"
    return []
