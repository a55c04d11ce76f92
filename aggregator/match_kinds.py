"""The kinds of news and the media a headline names: its English words and its Japanese phrases
read together, leaving out what the names of its works say. Pure."""

from __future__ import annotations

from typing import NamedTuple

from aggregator.match_english import QUOTED, headline_marks
from aggregator.match_figures import AMOUNT_KINDS, numbered
from aggregator.match_vocab_ja import HIT, ja_markers

# An anime in theatres, or one whose takings are told, is a film, whatever it is called.
_THEATRES = frozenset("theaters theatres theatrical cinemas screen".split())


class Kinds(NamedTuple):
    marks: list[str]  # the English words and breaks, in order
    kinds: list[str]  # the kinds of news its English words name
    media: list[str]  # the media its English words name
    ja_marks: frozenset[str]  # the kinds and media its Japanese phrases name
    numbers: frozenset[str]  # the figures it gives ("season:2", "yen:3200000000")


def headline_kinds(title: str, unnamed: str | None) -> Kinds:
    """What the folded headline ``title`` names (its works read as their first names).
    ``unnamed`` is the headline with its known works' names blanked out (None: it names none):
    a title names no kind of news ("The Summer Hikaru Died", "Ranking of Kings") and no medium
    ("Date A Live", "No Game No Life") but a film ("… the Movie", "劇場版…"), so only what is
    found outside the names is kept."""
    marks, kinds, media = headline_marks(title)
    ja_marks = ja_markers(title, frozenset(kinds))
    if unnamed is not None:
        _, outside, outside_media = headline_marks(unnamed)
        kinds = [kind for kind in kinds if kind in outside]
        media = [m for m in media if m in outside_media or m == "film"]
        outside_ja = ja_markers(unnamed, frozenset(outside)) | {"film"}
        ja_marks = ja_marks & outside_ja
    numbers = numbered(title)
    if QUOTED.search(title):  # "「100万ドルの五稜星」": a title's figure, no amount
        unquoted = numbered(QUOTED.sub(" ", title))
        numbers = frozenset(
            n for n in numbers if n.split(":")[0] not in AMOUNT_KINDS or n in unquoted
        )
    if "award" not in {*kinds, *ja_marks}:  # "Trailer Highlights Oscar": a character's name
        numbers = frozenset(n for n in numbers if not n.startswith("prize:"))
    if "ranking" not in {*kinds, *ja_marks}:  # "Billboard Japan Music Award", "Oricon News"
        numbers = frozenset(n for n in numbers if not n.startswith("chart:"))
    money = any(n.startswith(("yen:", "dollars:")) for n in numbers) and not HIT.search(title)
    if money and "business" not in {*kinds, *ja_marks}:  # a company's ¥50 billion is no takings
        kinds.append("boxoffice")  # "Passes ¥12 Billion": takings, whatever the verb
    if ("anime" in media and "boxoffice" in kinds) or not _THEATRES.isdisjoint(marks):
        media.append("film")  # "Biggest Anime Opening", "Hits Theaters": a film's run
    if "anime" in ja_marks and money and "boxoffice" in {*kinds, *ja_marks}:
        ja_marks |= {"film"}  # "シリーズアニメ初の2作連続" 100億円: a film's takings
    return Kinds(marks, kinds, media, ja_marks, numbers)
