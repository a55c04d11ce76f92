"""Guards of ``match``: what keeps different news about one work, or two works, apart. Pure.

Hard guards (``headline_guard``, ``different_works``) make a conflict: a story never holds the
two articles. Soft ones (``kinds_differ``, ``one_work_only``) only stop the pair itself from
linking: a third report may still join both into one story.
"""

from __future__ import annotations

import bisect
import re
from datetime import timedelta
from typing import cast

from aggregator.idf import Idf
from aggregator.match_features import Features
from aggregator.match_figures import LABELS, one_figure, passed, rough
from aggregator.match_vocab import EXCLUSIVE_KINDS, PLATFORMS, SENTENCE_WORDS
from aggregator.match_words import WORD, quoted_words, unglue, word_form, words
from aggregator.text import fold

# Distinct words below a headline needed to judge two articles by what their texts share: an
# outlet giving only its headline (or a one-line teaser) says too little.
MIN_TEXT_WORDS = 20


def one_work_only(
    names: list[str], a: Features, b: Features, shared: frozenset[str], idf: Idf
) -> bool:
    """Whether the specific naming words two headlines share (``names``) make one name only,
    and the two texts, each long enough to judge by, share no other rare word: different news
    about one work (a cast addition and an exhibition of one show)."""
    return (
        _name_count(names, a, b) == 1
        and not any(idf.rare(w) for w in shared if w not in names)
        and _has_text(a)
        and _has_text(b)
    )


def _name_count(names: list[str], a: Features, b: Features) -> int:
    """How many names the naming words two headlines share make: words chained by word pairs
    both headlines hold are one name ("velvet", "comet", "orchestra" of one title)."""
    root = {n: n for n in names}

    def find(n: str) -> str:
        while root[n] != n:
            n = root[n]
        return n

    for pair in a.title_tokens & b.title_tokens:
        first, _, second = pair.partition(" ")
        if second and first in root and second in root:
            root[find(first)] = find(second)
    return len({find(n) for n in names})


def _has_text(f: Features) -> bool:
    """Whether an article says enough below its headline to judge what it shares by."""
    return f.text.words_below_headline() >= MIN_TEXT_WORDS


def headline_guard(a: Features, b: Features) -> str:
    """Hard guards: news of an exclusive kind on one side only (an outlet's own piece, a review
    or an interview, whatever other kinds both name), two reviews (or ranked lists: each
    outlet's own piece, however alike their subjects), or disjoint works (not one prize's
    winners), platforms, media, releases (``_RELEASES``), regions, numbers of one kind, or
    months. Two headlines sharing an exclusive kind are of one kind of news, whatever other
    kinds their words name: "tops 10 million copies" (box office and, as "tops" reads,
    ranking) and "has 10 million copies in circulation" are one milestone. Takings reported
    more than three days apart are two weekends' (``_WEEKEND``)."""
    exclusive = (a.events ^ b.events) & EXCLUSIVE_KINDS
    finale = _FINALE & (b if "end" in a.events else a).title_tokens
    told = finale or one_when(a, b, ("day:",)) or a.events & b.events & _TOLD
    if "end" in exclusive and told:  # "Final Episode Runs 70 Minutes", "… Set for Dec 25"
        exclusive -= {"end"}  # "Stone Ocean's Final Episodes Get Trailer": a trailer's news
    if exclusive & _PIECES:
        return "different kind of news: only one is an outlet's own piece"
    if exclusive and not a.events & b.events & EXCLUSIVE_KINDS:
        return f"different kind of news: only one is about {'/'.join(sorted(exclusive))}"
    if "review" in a.events & b.events:
        return "two reviews: each is its own outlet's piece"
    if "interview" in a.events & b.events and (
        japanese(a) or japanese(b) or all(_INTERVIEW.search(f.item.title) for f in (a, b))
    ):  # インタビュー, "Interview: X on Y": a site's own; "X Talks Y" may be one panel's
        return "two interviews: each is its own outlet's piece"
    for name, left, right in (
        ("works", a.works, frozenset() if one_when(a, b, ("prize:",)) else b.works),  # winners
        ("platform", a.title_tokens & PLATFORMS, b.title_tokens & PLATFORMS),
        ("medium", _as_films(a.media), _as_films(b.media)),
        ("release", a.media & _RELEASES, b.media & _RELEASES),
        ("region", a.regions, b.regions),
        *_by_kind(a.numbers, b.numbers),
        ("month", a.months, b.months),
    ):
        if left and right and not left & right and not _one_figure(left, right, a, b):
            return f"different {name}: {'/'.join(sorted(left))} vs {'/'.join(sorted(right))}"
    if "boxoffice" in a.events & b.events and abs(a.item.date - b.item.date) > _WEEKEND:
        return "different weekend: takings reported days apart"
    return ""


# An outlet's own pieces: one on one side only is never the news it tells of, whatever other
# kind of news both headlines name ("最終回放送記念 インタビュー" and "最終回放送").
_PIECES = frozenset({"review", "interview"})
# What a work's last episodes may have that both headlines tell: their news, not the end.
_TOLD = frozenset({"trailer", "date", "visual", "music", "announce"})
# A last episode, which a headline telling a work's end may name otherwise.
_FINALE = frozenset({"finale", "final episode", "last episode"})
_INTERVIEW = re.compile(r"(?i)\binterview\b")


def japanese(f: Features) -> bool:
    """Whether a headline is written in Japanese (kana or kanji). A Japanese site's
    インタビュー is its own piece; an English "talks" may report one panel several outlets cover."""
    return _JAPANESE.search(f.squashed_title) is not None


_JAPANESE = re.compile("[\u3040-\U0010ffff]")


def _as_films(media: frozenset[str]) -> frozenset[str]:
    """Media as compared: a live-action work may be a film ("実写『X』" and "映画『X』"); what is
    broadcast ("放送") is an anime, a film or a drama, not a game or a book; but an anime that is
    broadcast ("アニメ『X』4月放送") is no live-action film."""
    if "broadcast" in media and ("anime" not in media or "film" in media):
        media = media | _BROADCAST
    return media | {"film"} if "live" in media else media


_BROADCAST = frozenset({"anime", "film", "live"})
# A release on disc and one on the air or a platform are two ("Prime Videoで独占配信", "BD化").
_RELEASES = frozenset({"disc", "broadcast"})


def kinds_differ(a: Features, b: Features) -> str:
    """Both headlines name kinds of news and share none ("trailer" vs "cast"). Not a conflict:
    a third report of a reveal with trailer and cast may link both into one story. Nor when
    the two give one season (or part) and one month or day: "第2期は10月放送" with its teaser
    on one site and its visual on another are one reveal, each site leading with its part.
    Nor an announcement against its teaser, visual, date, cast or staff, which come with it
    ("Third Season Announced" and "3rd Season Reveals Teaser, 2027 Debut"; "Gets Live-Action
    Film" and "実写映画で主演"), nor a premiere's or a last episode's length against its date
    or its end (``_RUN_TOLD``) of one known work or one day."""
    kinds = a.events | b.events
    if "announce" in kinds and kinds <= _ANNOUNCED_WITH:
        return ""
    if kinds <= _RUN_TOLD and (a.works & b.works or one_when(a, b)):
        return ""
    if a.events and b.events and not a.events & b.events and not one_date(a, b):
        return (
            f"different kind of news: {'/'.join(sorted(a.events))} vs {'/'.join(sorted(b.events))}"
        )
    return ""


def _by_kind(
    a: frozenset[str], b: frozenset[str]
) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """Numbers of each kind both headlines name: season with season, part with part."""
    kinds = {n.split(":")[0] for n in a} & {n.split(":")[0] for n in b}
    return [
        (LABELS.get(kind, kind), _of_kind(a, kind), _of_kind(b, kind)) for kind in sorted(kinds)
    ]


_ANNOUNCED_WITH = frozenset({"announce", "trailer", "visual", "date", "cast", "staff"})
# A premiere's or last episode's length, told with its date or end ("Finale Runs 70 Minutes").
_RUN_TOLD = frozenset({"date", "end", "runtime"})


def one_date(a: Features, b: Features) -> bool:
    """Both headlines give one season or part number and one month, day or season of a year."""
    numbers = {n.split(":")[0] for n in a.numbers & b.numbers}
    dated = a.months & b.months or numbers & {"day", "yearseason"}
    return bool(numbers & {"season", "part"}) and bool(dated)


def one_when(a: Features, b: Features, kinds: tuple[str, ...] = ("day:", "yearseason:")) -> bool:
    """Both headlines give one figure of ``kinds``: a day or season of a year ("2027年夏")."""
    return any(n.startswith(kinds) for n in a.numbers & b.numbers)


def one_episode(a: Features, b: Features) -> bool:
    """Both headlines preview one episode ("第2話　X", "第2話のあらすじ＆先行場面カット")."""
    return "preview" in a.events & b.events and one_when(a, b, ("episode:",))


# Takings reported further apart are two weekends' (or a weekend's and a milestone's).
_WEEKEND = timedelta(days=3)


def _of_kind(numbers: frozenset[str], kind: str) -> frozenset[str]:
    return frozenset(n for n in numbers if n.startswith(kind + ":"))


def different_works(a: Features, b: Features, idf: Idf) -> str:
    """Each headline names a rare work (a word pair of rare words) that the other article never
    mentions: one headline template about two shows ("Crunchyroll Adds Thai Dub for X"), or
    two people cast in one show. A headline quoting its work in 「」 or 『』 names works only
    there, unless both are cast news: in Japanese, where any rare run of characters reads as a
    name, a character in one report of a reveal and "setting art" in another would otherwise
    part them. Two headlines that share two names or more (the show and the actor cast), or
    that name one known work and no other, are about those, whatever else each one names (a
    character, a clickbait phrase: "Subaru Faces a New Loop", "Is Proof the Wait Was Worth
    It"), unless both are cast news or interviews (two people cast, or interviewed, in one
    show are two pieces of news)."""
    shared = [word for word in a.subject & b.subject if idf.specific(word)]
    if shared and _name_count(shared, a, b) >= 2:
        return ""
    people = bool({"cast", "interview"} & a.events & b.events)
    if a.works and a.works == b.works and not people:
        return ""  # one known work: the rest of each headline tells what happened to it
    # The words of a work both headlines name are that work's, whoever spells them out: the
    # English name a romanised title reads as is no other work.
    both = frozenset(words(" ".join(a.works & b.works))) if a.works & b.works else frozenset()
    only_a = _unmentioned_names(a, b, idf, people, both)
    only_b = _unmentioned_names(b, a, idf, people, both) if only_a else ""
    return f"different works: {only_a} vs {only_b}" if only_b else ""


def _unmentioned_names(
    a: Features, b: Features, idf: Idf, people: bool, both: frozenset[str]
) -> str:
    """A rare name in ``a``'s headline (two adjacent rare naming words, not both words of
    ``both``) absent from ``b``: in the quotes of a headline that quotes its work, unless
    ``people`` (cast news) are named."""
    for pair, first, second, quoted in _headline_names(a, idf):
        if (not quoted and not people) or (first in both and second in both):
            continue
        if first in b.title_tokens or second in b.title_tokens:
            continue  # the headline names it: no need to read the text
        if not _has(b.words, first) and not _has(b.words, second):
            return pair
    return ""


def _headline_names(a: Features, idf: Idf) -> tuple[tuple[str, str, str, bool], ...]:
    """The word pairs of ``a``'s headline made of two specific naming words, heaviest first,
    with their two words and whether they are quoted (or the headline quotes nothing); kept in
    ``idf``, as an article meets many candidates."""
    key = (a.title_tokens, a.subject)
    found = idf.memo.get(key)
    if found is None:
        names = []
        pairs = (t for t in a.title_tokens if " " in t)
        folded = fold(unglue(a.item.title))
        quotes = quoted_words(folded)
        sentence = sentence_pairs(folded)
        for pair in sorted(pairs, key=lambda t: (-idf(t), t)):
            first, second = pair.split(" ")
            if (
                pair not in sentence
                and first in a.subject
                and second in a.subject
                and idf.specific(first)
                and idf.specific(second)
            ):
                quoted = quotes is None or (first in quotes and second in quotes)
                names.append((pair, first, second, quoted))
        found = idf.memo[key] = tuple(names)
    return cast(tuple[tuple[str, str, str, bool], ...], found)


def _has(tokens: tuple[str, ...], token: str) -> bool:
    """Whether sorted ``tokens`` hold ``token``."""
    at = bisect.bisect_left(tokens, token)
    return at < len(tokens) and tokens[at] == token


def sentence_pairs(folded: str) -> frozenset[str]:
    """The pairs of adjacent words (as ``pairs`` makes them from ``words(folded)``) that a
    dropped verb or adverb stands between: parts of a sentence, not one name."""
    found = []
    previous = ""
    broken = False
    for raw in WORD.findall(folded):
        if raw[0] >= "\u3040":
            previous, broken = "", False
            continue
        word = word_form(raw)
        if not word:
            broken = broken or raw.replace("’", "'").removesuffix("'s") in SENTENCE_WORDS
            continue
        if previous and broken:
            found.append(f"{previous} {word}")
        previous, broken = word, False
    return frozenset(found)


def reposted(a: Features, b: Features) -> bool:
    """One outlet's headline, letter for letter, twice within six hours: one article under two
    addresses (ANN's "/cms/discuss/" twin), whatever its two summaries say."""
    return a.item.source == b.item.source and abs(a.item.date - b.item.date) <= timedelta(hours=6)


def _one_figure(left: frozenset[str], right: frozenset[str], a: Features, b: Features) -> bool:
    """``one_figure``, loosely when a headline gives its amount roughly or as a mark passed."""
    loose, mark = (any(test(f.item.title) for f in (a, b)) for test in (rough, passed))
    return one_figure(left, right, loose=loose, mark=mark)
