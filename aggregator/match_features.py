"""What the matcher knows about one article: keys, tokens and news-type markers. Pure.

Built once per article from its title and text. Tokens are folded words (case, width and
accents ignored), light-stemmed, without stopwords, plus adjacent-word pairs so that names such
as "crimson lightning" weigh as a unit; Japanese and Chinese runs become character bigrams,
because they have no spaces. Markers come from the headline: the kind of news (trailer, cast,
delay, …), the medium (anime, manga, game, film, …), the regions or dub languages named, and the
season/part numbers. The guards in ``match`` compare them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from aggregator.models import Item
from aggregator.text import canonical_url, fold, html_to_text

TEXT_CHARS = 4_000  # the lead of an article carries its facts; the rest is mostly boilerplate

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# Hyphenated names stay one word: "kaya-chan" must not match "hoppe-chan" through "chan".
_WORD = re.compile(rf"[a-z0-9]+(?:[.'’\-][a-z0-9]+)*|[{_CJK}]+")
_GLUED = re.compile(r"(?<=[a-z'’\"”\d])(?=[A-Z][a-z])|(?<=[a-z])(?=\d)")
_ARTICLE_NUMBER = re.compile(r"(?:^|[/.\-_=])(\d{5,})/?$")

STOPWORDS = frozenset(
    """a about after again all also an and any are as at be been before being but by can could
    did do does during each for from had has have he her here his how i if in into is it its
    just more most new no not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who why will with would you your
    s t via per amid gets get got set sets reveal reveals revealed unveil unveils unveiled
    announce announces announced new first latest upcoming official officially check out""".split()
)  # fmt: skip

# Kinds of news. Two headlines that both name a kind but share none are different news:
# "trailer" vs "delay", "cast" vs "box office". Word stems, matched on folded headline tokens.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "trailer": ("trailer", "trailers", "teaser", "teasers", "pv", "promo", "commercial", "cm"),
    "cast": ("cast", "casts", "voice", "voices", "actor", "actress", "seiyuu", "dub", "dubs"),
    "staff": ("staff", "director", "studio", "composer"),
    "visual": ("visual", "poster", "art", "illustration", "design", "designs", "look"),
    "music": ("song", "theme", "opening", "ending", "music", "soundtrack", "op", "ed", "single"),
    "date": ("premiere", "premieres", "premiering", "debut", "debuts", "date", "airs", "launch",
             "launches", "release", "releases", "opens", "arrives", "streams", "streaming"),
    "delay": ("delay", "delays", "delayed", "postpone", "postponed", "postpones", "hiatus"),
    "licence": ("license", "licenses", "licensed", "licence", "acquires", "rights"),
    "boxoffice": ("box", "office", "yen", "earns", "grosses", "gross", "tickets", "attendance",
                  "sales", "sold", "copies", "circulation"),
    "ranking": ("ranking", "rankings", "chart", "charts", "bestseller", "bestsellers", "poll",
                "top", "list", "ranks", "tops"),
    "award": ("award", "awards", "wins", "winner", "winners", "nominee", "nominees", "nominated",
              "nomination", "prize", "oscar", "oscars"),
    "announce": ("announced", "adaptation", "green", "greenlit", "sequel"),
    "end": ("ends", "finale", "conclude", "concludes", "concluded"),
    "interview": ("interview", "talks", "q&a", "conversation"),
    "review": ("review", "impressions", "recap"),
    "event": ("event", "panel", "exhibition", "convention", "concert", "collab", "collaboration",
              "cafe", "festival"),
}  # fmt: skip
# A headline naming one of these kinds is about it: the other headline must name it too.
EXCLUSIVE_KINDS = frozenset(
    {"delay", "licence", "boxoffice", "ranking", "award", "end", "interview", "review"}
)
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_EVENT_OF = {stem: kind for kind, stems in EVENT_KINDS.items() for stem in stems}

MEDIA: dict[str, tuple[str, ...]] = {
    "anime": ("anime", "ona", "ova", "アニメ"),
    "manga": ("manga", "manhwa", "webtoon", "chapter", "volume"),
    "novel": ("novel", "novels"),
    "game": ("game", "games", "rpg", "steam", "switch", "playstation", "ps5", "xbox", "dlc",
             "gacha"),
    "film": ("film", "films", "movie", "movies", "theatrical", "cinema"),
    "stage": ("stage", "musical", "play"),
    "live": ("live-action", "netflix-live", "drama"),
}  # fmt: skip
_MEDIUM_OF = {word: medium for medium, words in MEDIA.items() for word in words}

REGIONS = frozenset(
    """america american us usa canada uk britain british europe european france french germany
    german italy italian spain spanish latin brazil brazilian mexico india hindi indonesia
    indonesian malaysia malaysian philippines philippine filipino thailand thai vietnam
    vietnamese singapore taiwan taiwanese korea korean china chinese australia arabic tagalog
    west western""".split()
)
# Season, part, film and volume numbers: "Season 2", "2nd Season", "S2", "Part 1", "Movie 3",
# "second season", "第2期". Each becomes "kind:number"; a day of the month is not one.
_NUMBERED = re.compile(
    r"\b(season|part|cour|series|film|movie|volume|vol)\.?\s*(\d{1,3})\b"
    r"|\b(\d{1,2}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"(?:st|nd|rd|th)?\s+(season|part|cour|film|movie|anime)\b"
    r"|\b(s)(\d{1,2})\b"
    r"|第?(\d{1,2})(期|部|クール|章)"
)
_KIND = {"season": "season", "series": "season", "anime": "season", "s": "season", "期": "season",
         "part": "part", "cour": "part", "部": "part", "クール": "part", "章": "part",
         "film": "film", "movie": "film", "volume": "volume", "vol": "volume"}  # fmt: skip
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ORDINAL = {word: str(n) for n, word in enumerate(_ORDINALS, start=1)}


def numbered(title: str) -> frozenset[str]:
    """The season/part/film/volume numbers a folded headline names, as ``kind:number``."""
    found = set()
    for m in _NUMBERED.finditer(title):
        if m.group(1):
            kind, number = m.group(1), m.group(2)
        elif m.group(3):
            kind, number = m.group(4), _ORDINAL.get(m.group(3), m.group(3))
        elif m.group(5):
            kind, number = m.group(5), m.group(6)
        else:
            kind, number = m.group(8), m.group(7)
        found.add(f"{_KIND[kind]}:{int(number)}")
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Features:
    """Everything ``match`` compares about one article."""

    item: Item
    url_key: str
    article_key: str | None  # host + trailing article number, when the URL has one
    squashed_title: str  # letters and digits only: survives lost spaces and punctuation
    title_tokens: frozenset[str]
    tokens: frozenset[str]  # title + text, with adjacent pairs
    events: frozenset[str]
    media: frozenset[str]
    regions: frozenset[str]
    numbers: frozenset[str]  # "season:2", "part:1", "film:3" named in the headline
    months: frozenset[str]  # months named in the headline
    subject: frozenset[str]  # headline words that name things: no news kinds, media or numbers


def features_of(item: Item) -> Features:
    """The matching features of ``item``."""
    title = fold(unglue(item.title))
    text = fold(html_to_text(item.content or item.summary)[:TEXT_CHARS])
    title_words = words(title)
    marks = [m.group().replace("’", "'").removesuffix("'s") for m in _WORD.finditer(title)]
    return Features(
        item=item,
        url_key=canonical_url(item.url) if item.url else f"guid:{item.source}:{item.guid}",
        article_key=article_key(item.url),
        squashed_title="".join(ch for ch in title if ch.isalnum()),
        title_tokens=frozenset(with_pairs(title_words)),
        tokens=frozenset(with_pairs(title_words)) | frozenset(with_pairs(words(text))),
        events=frozenset(_EVENT_OF[w] for w in marks if w in _EVENT_OF),
        media=frozenset(_MEDIUM_OF[w] for w in marks if w in _MEDIUM_OF),
        regions=frozenset(w for w in marks if w in REGIONS),
        numbers=numbered(title),
        months=frozenset(w for w in marks if w in MONTHS),
        subject=frozenset(w for w in title_words if _is_subject(w)),
    )


# Headline words that describe the news rather than name what it is about.
GENERIC = frozenset(
    """more additional main adds add special new season part cour episode episodes series show
    anime manga film movie tv live action live-action game games news update updates full year
    years week day days big top major crucial finally watch now here ahead fan fans
    preview show off drop share name land hit take make return confirm confirmed tease become
    becoming head join begin begins start starts bring brings""".split()
)
# Platforms, publishers, distributors and studios: two headlines naming the same one are not
# therefore about the same work ("Crunchyroll Adds Thai Dub for …", "Anime Limited Licenses …").
ORGANISATIONS = frozenset(
    """crunchyroll funimation hidive netflix hulu disney amazon prime youtube bilibili abema
    aniplex toho toei mappa sunrise madhouse cloverworks ufotable pierrot kadokawa shueisha
    kodansha shogakukan square enix bandai namco sega viz tokyopop sentai medialink muse
    ani-one discotek gkids limited jump shonen seinen shojo magazine publisher studio studios
    company streaming platform service channel""".split()
)
_MARKERS = GENERIC | ORGANISATIONS | REGIONS | MONTHS | frozenset(_EVENT_OF) | frozenset(_MEDIUM_OF)


def _is_subject(word: str) -> bool:
    return (
        word not in _MARKERS and not word.isdigit() and not re.fullmatch(r"\d+(st|nd|rd|th)", word)
    )


def unglue(title: str) -> str:
    """Split words a scraper glued together when it dropped the spaces around markup:
    "Witch Hat AtelierAnime's" -> "Witch Hat Atelier Anime's", "End2nd" -> "End 2nd"."""
    return _GLUED.sub(" ", title)


def article_key(url: str) -> str | None:
    """``host#number`` when the URL ends in an article number (``/cms/discuss/231123``,
    ``/news/2025-11-20/slug/.231123``): two URL forms of one article share it."""
    if not url:
        return None
    parts = urlsplit(url)
    match = _ARTICLE_NUMBER.search(parts.path) or _ARTICLE_NUMBER.search("/" + parts.query)
    if match is None:
        return None
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}#{match.group(1)}"


def words(folded: str) -> list[str]:
    """Content words of folded text: stopwords dropped, plurals stemmed, CJK as bigrams."""
    out: list[str] = []
    for match in _WORD.finditer(folded):
        word = match.group().replace("’", "'")
        if word[0] >= "\u3040":
            out.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
            continue
        word = word.removesuffix("'s")
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if word not in STOPWORDS:
            out.append(word)
    return out


def with_pairs(tokens: list[str]) -> list[str]:
    """``tokens`` plus each adjacent pair joined by a space."""
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
