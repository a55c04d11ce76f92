"""Names of works (``match.aliases`` and the known works): which a headline or its lead
names, read as the work's first name, a character's name beside it. Pure."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection

from aggregator.match_words import is_subject, unglue, words
from aggregator.models import CHARACTER
from aggregator.text import fold, html_to_text, stable_hash

_ALNUM = re.compile(r"[^\W_]+")  # letters and digits of any script


def canonical_names(
    folded: str,
    aliases: tuple[tuple[str, ...], ...],
    works: Collection[str] | None = None,
    *,
    script: bool | None = True,
) -> str:
    """``folded`` text with each name in ``aliases`` read as its work's first name (romaji or
    Japanese as the English title, when that comes first); a Japanese name stays beside it
    unless ``script`` is false (what names a headline's subject: the work, once); None blanks
    the names out. ``works``: the tokens of the works whose names are looked for (those its
    headline names, for an article's text); by default those ``named_works`` finds in it."""
    if not aliases:
        return folded
    table = _alias_table(aliases)
    found = table.named(folded) if works is None else frozenset(works)
    if not found:
        return folded
    return table.pattern(found).sub(lambda m: table.replace(m.group(), script), folded)


LEAD_CHARS = 300  # the lead: where a clickbait headline's article names its work


def headline_works(
    folded: str, html: str, aliases: tuple[tuple[str, ...], ...]
) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The works in ``aliases`` a folded headline names, the one the lead of its article's
    ``html`` names if the headline names none, and those it names only as whose studio or
    creator made the news ("Evangelion's Studio Is Making …": ``_credited``), which are none
    of its works. A headline's one work whose name the lead's lengthens is the lead's ("Dragon
    Ball's Next Anime" whose lead names Dragon Ball Daima); the lead is read for that only
    where a longer name of another work begins with the work's."""
    named = named_works(folded, aliases)
    credited = frozenset(w for w in named if _credited(folded, w, aliases))
    works = named - credited
    if not aliases or len(works) > 1 or not works <= _alias_table(aliases).shorter:
        return works, frozenset(), credited
    lead = named_works(fold(html_to_text(html[: LEAD_CHARS * 4])[:LEAD_CHARS]), aliases)
    if len(lead) != 1 or not works:
        return works, lead if len(lead) == 1 else frozenset(), credited
    longer = first_names(lead, aliases)[0].startswith(first_names(works, aliases)[0] + " ")
    return lead if longer else works, frozenset(), credited


# What a work's name stands before when it only tells who made the news: "Evangelion's Studio
# Is Making a New Gundam Anime", "Cowboy Bebop Creator's New Anime".
_MAKER = re.compile(r"(?:'s|’s)?\s+(?:studio|creator|author|director|mangaka|team)s?(?![\w-])")


def _credited(folded: str, work: str, aliases: tuple[tuple[str, ...], ...]) -> bool:
    """Whether each mention of ``work`` in ``folded`` names only who made the news."""
    found = _alias_table(aliases).pattern(frozenset([work])).finditer(folded)
    return all(_MAKER.match(folded, m.end()) for m in found)


def named_works(folded: str, aliases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The tokens of the works in ``aliases`` that ``folded`` (a headline) names."""
    return _alias_table(aliases).named(folded) if aliases else frozenset()


def first_names(works: Collection[str], aliases: tuple[tuple[str, ...], ...]) -> list[str]:
    """The first names of ``works`` (tokens ``named_works`` gave), in token order."""
    table = _alias_table(aliases)
    return [table.names_of[token][0] for token in sorted(works)]


class _Aliases:
    """Names of works, found fast among hundreds: a headline's words (and pairs of Japanese
    characters) are looked up, a Latin name by its first word or by all its words run together
    ("Umamusume" for "Uma Musume"), and only the works found there are looked for in full (with
    the word edges of ``_name_pattern``) in the headline and its article's text. Groups that
    share a name are one work (a reader's own list and the known works may both name it)."""

    def __init__(self, aliases: tuple[tuple[str, ...], ...]) -> None:
        self.token_of: dict[str, str] = {}  # squashed name -> its work's token
        self.names_of: dict[str, list[str]] = {}  # work token -> its names
        self.by_start: dict[str, list[tuple[str, str]]] = {}  # ``_start`` -> names
        self.reading: dict[str, str] = {}  # squashed name -> what stands for it
        self.starts: frozenset[str] = frozenset()
        for names in _merged([[fold(unglue(name)) for name in group] for group in aliases]):
            token = _work_token(names)
            self.names_of[token] = names
            first = _squash(names[0])
            for name in names:
                squashed = _squash(name)
                self.token_of[squashed] = token
                for start in {_start(name), squashed if name.isascii() else ""} - {""}:
                    self.by_start.setdefault(start, []).append((squashed, token))  # "Umamusume"
                if name.startswith(CHARACTER):  # the character's name, then the work's
                    self.reading[squashed] = f"{name.removeprefix(CHARACTER)} {names[0]}"
                elif name == names[0] or (first.startswith(squashed) and first != squashed):
                    self.reading[squashed] = name
                elif name.isascii():
                    self.reading[squashed] = names[0]
                else:  # its character pairs weigh as a name between Japanese sites
                    self.reading[squashed] = f"{names[0]} {name}"
        self.starts = frozenset(self.by_start)
        # The works whose first name begins another's first name ("Dragon Ball", "… Daima").
        firsts = sorted((names[0], token) for token, names in self.names_of.items())
        self.shorter = frozenset(
            token
            for (name, token), (after, _) in itertools.pairwise(firsts)
            if after.startswith(name + " ")
        )

    def replace(self, name: str, script: bool | None) -> str:
        """What stands for ``name`` in text: its work's first name (itself if it leads it), a
        character's name before it, with ``script`` a name in Japanese script after it."""
        reading = self.reading[_squash(name)] if script is not None else ""
        if not script and reading != name and reading.endswith(name):
            reading = reading.removesuffix(name)
        return f" {reading} "

    def named(self, folded: str) -> frozenset[str]:
        pieces = _ALNUM.findall(folded)
        starts = {p for p in pieces if p.isascii()}
        starts.update(p[i : i + 2] for p in pieces if not p.isascii() for i in range(len(p) - 1))
        starts.update(p for p in pieces if len(p) == 1 and not p.isascii())  # "幽☆遊☆白書"
        squashed = "".join(pieces)
        maybe = {
            token
            for start in starts & self.starts
            for name, token in self.by_start[start]
            if name in squashed
        }
        if not maybe:
            return frozenset()
        found = self.pattern(frozenset(maybe)).finditer(folded)
        return frozenset(self.token_of[_squash(m.group())] for m in found)

    @functools.lru_cache(maxsize=1024)  # noqa: B019 (one table per config, kept for the run)
    def pattern(self, works: frozenset[str]) -> re.Pattern[str]:
        """One pattern for the names of ``works``, longest first so that a long name wins over
        a short one inside it."""
        names = {n for token in works for n in self.names_of[token]}
        ordered = sorted(names, key=lambda name: (-len(_squash(name)), name))
        return re.compile("|".join(map(_name_pattern, ordered)))


def _start(name: str) -> str:
    """What a headline must hold for ``name`` to be in it: its first word if Latin (a Latin
    name begins at a word's start), else its first two characters (Japanese has no spaces)."""
    first: str = _ALNUM.findall(name)[0]
    return first if first.isascii() else first[:2]


def _merged(groups: list[list[str]]) -> list[list[str]]:
    """``groups`` of names, those sharing a name (letters and digits alike) made one, each
    without repeats or empty names, in order of first appearance."""
    group_of: dict[str, int] = {}  # squashed name -> index of its group in ``merged``
    merged: list[list[str]] = []
    for names in groups:
        named = [n for n in names if _squash(n)]
        known = sorted({group_of[_squash(n)] for n in named if _squash(n) in group_of})
        if not known:
            known = [len(merged)]
            merged.append([])
        target = known[0]
        for other in known[1:]:
            merged[target] += merged[other]
            merged[other] = []
        merged[target] += named
        for name in merged[target]:
            group_of[_squash(name)] = target
    return [list(dict.fromkeys(names)) for names in merged if names]


def _alias_table(aliases: tuple[tuple[str, ...], ...]) -> _Aliases:
    """Built once per config: ``aliases`` is the same tuple for every article, so the last one
    is known by identity (hashing hundreds of names at every article cost more than finding
    them)."""
    last = _LAST_TABLE[0]
    if last is not None and last[0] is aliases:
        return last[1]
    table = _tables(aliases)
    _LAST_TABLE[0] = (aliases, table)
    return table


_LAST_TABLE: list[tuple[tuple[tuple[str, ...], ...], _Aliases] | None] = [None]


@functools.lru_cache(maxsize=8)
def _tables(aliases: tuple[tuple[str, ...], ...]) -> _Aliases:
    return _Aliases(aliases)


def _name_pattern(name: str) -> str:
    """A folded name, whatever spaces or punctuation separate its words; a Latin edge must be a
    word edge ("Kaya" is not in "kayak"), a Japanese one need not (no spaces in Japanese)."""
    pieces = _ALNUM.findall(name)
    head = r"(?<![a-z0-9])" if pieces[0][0].isascii() else ""
    tail = r"(?![a-z0-9])" if pieces[-1][-1].isascii() else ""
    return head + r"[\W_]*".join(map(re.escape, pieces)) + tail


def _work_token(names: list[str]) -> str:
    """One word for a work: its first name that ``words`` reads as one Latin naming word once
    squashed ("kusuriyanohitorigoto"), else a hash, since Japanese would be split into bigrams."""
    for name in (n for n in names if not n.startswith(CHARACTER)):
        read = words(_squash(name))
        if len(read) == 1 and read[0].isascii() and is_subject(read[0]):
            return read[0]
    return "work" + stable_hash(*names, length=8)


def _squash(text: str) -> str:
    return "".join(_ALNUM.findall(text))
