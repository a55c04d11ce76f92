"""The matcher's vocabulary: stopwords, kinds of news, media, regions, months, season numbers,
generic and organisation words, in English and Japanese. Pure data and the regexes built on it.

Kinds of news and media are word stems matched on folded English headline words, and
substrings of folded Japanese headlines (no spaces to split on). ``match_features`` reads
headlines with them; ``match`` compares what it read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def longest_first(phrases: Iterable[str]) -> str:
    """A regex for any of ``phrases``: the longest wins where several start at one place."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))


STOPWORDS = frozenset(
    """a about after again all also an and any are as at be been before being but by can could
    did do does during each for from had has have he her here his how i if in into is it its
    just more most new no not now of off on once only or other our out over own same she should
    so some such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who why will with would you your
    s t via per amid gets get got set sets reveal reveals revealed unveil unveils unveiled
    announce announces announced new first latest upcoming official officially check out""".split()
)  # fmt: skip

# Words that never sit inside a work's name: verbs and adverbs of a headline's sentence. Two words
# either side of one ("Episode Count Is Bad News": "count" and "bad") name nothing together.
SENTENCE_WORDS = frozenset(
    """is are was were be been being has had have do does did can could will would should get
    gets got set sets reveal reveals revealed unveil unveils unveiled announce announces
    announced than just now then also very too so but if when while until before after during
    via per amid more most officially finally""".split()
)

_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
ORDINAL = {word: str(n) for n, word in enumerate(_ORDINALS, start=1)}
# Numbers written out, read as digits ("Final Three Chapters" and "Ends in 3 Chapters"): "one"
# stays a word, as in "One Piece".
_CARDINALS = "zero one two three four five six seven eight nine ten eleven twelve".split()
CARDINAL = {word: str(n) for n, word in enumerate(_CARDINALS) if n >= 2}
# Words that count things before a noun ("Final Three Chapters", "One Last Episode").
COUNT_WORDS = frozenset({*CARDINAL, "one", "last"})

# Kinds of news. Two headlines that both name a kind but share none are different news:
# "trailer" vs "delay", "cast" vs "box office". Word stems, matched on folded headline tokens.
EVENT_KINDS: dict[str, tuple[str, ...]] = {
    "trailer": ("trailer", "trailers", "teaser", "teasers", "pv", "promo", "commercial", "cm"),
    # "joins": how a cast addition is told ("X Joins Y as Z", "X Joins Y Cast").
    "cast": ("cast", "casts", "voice", "voices", "actor", "actress", "seiyuu", "joins"),
    # A dub (its cast, its premiere, its language) is news of its own, apart from the original
    # cast and the show's own dates: "English Dub Cast Revealed" vs "Casts Kaito Ishikawa".
    "dub": ("dub", "dubs", "dubbed", "simuldub", "simuldubs", "dubcast", "dubcasts"),
    "staff": ("staff", "director", "studio", "composer"),
    "visual": ("visual", "poster", "art", "illustration", "design", "designs", "look"),
    # "opening" and "ending" only before "theme", "song", …: see ``english_marks``.
    # "MV": a music video.
    "music": ("song", "theme", "music", "soundtrack", "op", "ed", "single", "mv", "mvs"),
    "date": ("premiere", "premieres", "premiering", "debut", "debuts", "date", "dated", "airs",
             "launch",
             "launches", "release", "releases", "opens", "arrives", "stream", "streams",
             "streaming", "theaters", "theatres", "cinemas"),
    # "hiatus" and "break" only as a pause: see ``english_marks``.
    "delay": ("delay", "delays", "delayed", "postpone", "postponed", "postpones"),
    # "returns" only from a hiatus: see ``english_marks``.
    "resume": ("resume", "resumes", "resumed", "resuming"),
    "licence": ("license", "licenses", "licensed", "licence", "acquires", "rights", "rescues",
                "rescued"),
    # A company's deal with another (a stake, an alliance, a subsidiary): its sums are no
    # takings and its acquisitions no licences (``english_marks``).
    "business": ("stake", "stakes", "shareholder", "shareholders", "alliance", "merger",
                 "invests", "investment", "investor", "investors", "deal", "deals", "takeover",
                 "subsidiary"),
    # "office", not "box": a "Blu-ray Box" (or BOX) is a release, not takings.
    "boxoffice": ("office", "yen", "earns", "grosses", "gross", "grossing", "highest-grossing",
                  "top-grossing", "tickets", "moviegoers", "admissions", "attendance", "sales",
                  "sold", "sells",
                  "fastest-selling", "best-selling", "top-selling", "copies", "circulation",
                  "dethrones", "dethroned"),
    "ranking": ("ranking", "rankings", "chart", "charts", "bestseller", "bestsellers", "poll",
                "top", "ranks", "tops"),
    "award": ("award", "awards", "wins", "winner", "winners", "nominee", "nominees", "nominated",
              "nomination", "nominations", "prize", "oscar", "oscars", "bafta", "baftas", "emmy",
              "emmys", "globe", "globes"),
    # A series renewed is a new season announced.
    "announce": ("announced", "adaptation", "green", "greenlit", "sequel", "confirmed",
                 "confirms", "renews", "renewed", "renewal"),
    # "finale" only of a whole series: see ``english_marks``.
    "end": ("ends", "ended", "conclude", "concludes", "concluded", "goodbye", "farewell"),
    # A death ("Dies at 90", "Passes Away": ``english_marks``): its tributes are the same news.
    "death": ("dies", "died", "obituary", "mourns", "mourn"),
    "interview": ("interview", "talks", "q&a", "conversation"),
    # An outlet's own piece: a review, a ranked list, a roundup or guide ("Release Date and
    # Spoilers"), an opinion, a season's "Midseason Check-In", an award's "Biggest Snubs".
    "review": ("review", "reviews", "impressions", "recap", "ranked", "roundup", "guide",
               "spoilers", "opinion", "editorial", "essay", "breakdown", "check-in", "snubs"),
    # An episode's stills before it airs: Japanese "先行カット" only (``match_vocab_ja``); an
    # English "preview" may be a season's guide or a song "previewed" in a trailer.
    "preview": (),
    # A film's length ("Reveals Its Runtime"; "Runs 155 Minutes": see ``english_marks``) and
    # its theatre gifts are news of their own, apart from its trailer or takings.
    "runtime": ("runtime", "runtimes"),
    "bonus": ("bonus", "bonuses"),
    "event": ("event", "panel", "exhibition", "convention", "concert", "collab", "collaboration",
              "cafe", "festival"),
}  # fmt: skip
# A headline naming one of these kinds is about it: the other headline must name it too.
EXCLUSIVE_KINDS = frozenset(
    "delay licence boxoffice ranking award end interview review dub death".split()
)
# Kinds of news that recur about one work every week or so: sharing one says little.
RECURRING_KINDS = frozenset({"ranking", "boxoffice", "award"})
MONTH_NAMES = tuple(
    "january february march april may june july august september october november december".split()
)
MONTHS = frozenset(MONTH_NAMES)
JA_MONTH = re.compile(r"(?<!\d)(1[0-2]|[1-9])月")  # "2027年4月" names April
EVENT_OF = {stem: kind for kind, stems in EVENT_KINDS.items() for stem in stems}

MEDIA: dict[str, tuple[str, ...]] = {
    "anime": ("anime", "ona", "ova"),
    "manga": ("manga", "manhwa", "webtoon", "volume"),  # "chapter": see ``english_marks``
    "novel": ("novel", "novels"),
    "game": ("game", "games", "rpg", "steam", "switch", "playstation", "ps5", "xbox", "dlc",
             "gacha"),
    "film": ("film", "films", "movie", "movies", "theatrical", "cinema"),
    "stage": ("musical", "musicals"),  # "stage" before "play", …: see ``english_marks``
    "live": ("live-action", "netflix-live", "drama"),
    "broadcast": (),  # Japanese "放送": on TV, as an anime, a film or a drama
    # A release on disc ("Blu-ray", "DVD"; "Home Video": see ``english_marks``).
    "disc": ("blu-ray", "blu-rays", "dvd", "dvds", "bd"),
}  # fmt: skip
MEDIUM_OF = {word: medium for medium, words in MEDIA.items() for word in words}

# A headline about a spinoff or prequel names the work it comes from, not its own: it gives
# no known work to tell works apart by ("My Hero Academia's Spinoff Confirms Season 2").
SPINOFF = re.compile(r"spin-?offs?\b|prequel|スヒンオフ")  # folded: "スピンオフ"
KIND_NAMES = frozenset(EVENT_KINDS)
MEDIUM_NAMES = frozenset(MEDIA)

# Regions and dub languages a headline names, each as the region (or regions) it stands for:
# "American", "U.S." and "US" are one; "North American" is the US and Canada.
_REGION_GROUPS = {
    "us": "america american us usa u.s u.s.a", "canada": "canada canadian",
    "uk": "uk u.k britain british", "europe": "europe european", "france": "france french",
    "germany": "germany german", "italy": "italy italian", "spanish": "spain spanish",
    "latin": "latin", "brazil": "brazil brazilian", "mexico": "mexico", "india": "india hindi",
    "indonesia": "indonesia indonesian", "malaysia": "malaysia malaysian",
    "philippines": "philippines philippine filipino tagalog", "thailand": "thailand thai",
    "vietnam": "vietnam vietnamese", "singapore": "singapore", "taiwan": "taiwan taiwanese",
    "korea": "korea korean", "china": "china chinese", "australia": "australia",
    "arabic": "arabic", "west": "west western", "japan": "japan",
}  # fmt: skip
REGION_OF = {word: region for region, words in _REGION_GROUPS.items() for word in words.split()}
REGIONS = frozenset(REGION_OF)


def regions_of(marks: list[str]) -> list[str]:
    """The regions a folded English headline's words name ("North American": US and Canada)."""
    found: list[str] = []
    for at, word in enumerate(marks):
        if word in REGION_OF:
            north = at and marks[at - 1] == "north" and REGION_OF[word] == "us"
            found.extend(("us", "canada") if north else (REGION_OF[word],))
    return found


# Headline words that describe the news rather than name what it is about.
GENERIC = frozenset(
    """more additional main adds add special new season part cour episode episodes series show
    anime manga film movie tv live action live-action game games news update updates full year
    years week day days big top major crucial finally watch now here ahead fan fans
    preview show off drop share name land hit take make return confirm confirmed tease become
    becoming head join begin begins start starts bring brings japan light worth watching
    biggest yet ever named history iconic legendary behind passe passed away win won best
    animated title titled say says final""".split()
)  # "Passes Away" (stemmed "passe"), "Makes History", "Legendary Composer Behind …", "Wins
# Best Animated Film"
# Headline words that name no work: kinds of news read by their neighbours (``english_marks``)
# and seasons of the year ("Spring 2026 Anime Preview").
UNNAMING = frozenset(
    """opening ending stage play chapter chapters list picks feature spring summer fall autumn
    winter video videos""".split()
)
# Platforms, publishers, distributors and studios: two headlines naming the same one are not
# therefore about the same work ("Crunchyroll Adds Thai Dub for …", "Anime Limited Licenses …").
# Streaming services and distributors: two headlines naming different ones tell each its own
# news ("Crunchyroll Reveals Winter Lineup", "HIDIVE Reveals Winter Lineup").
PLATFORMS = frozenset(
    """crunchyroll funimation hidive netflix hulu disney amazon prime youtube bilibili abema sentai
    medialink muse ani-one discotek gkids""".split()
)
ORGANISATIONS = frozenset(
    """crunchyroll funimation hidive netflix hulu disney amazon prime youtube bilibili abema
    aniplex toho toei mappa sunrise madhouse cloverworks ufotable pierrot ghibli kadokawa shueisha
    kodansha shogakukan square enix bandai namco sega viz tokyopop sentai medialink muse
    ani-one discotek gkids limited jump shonen seinen shojo magazine publisher studio studios
    company streaming platform service channel expo animejapan festa comic-con comiket
    fest""".split()
)
# The named ones: in a company's deal ("Sony Becomes Kadokawa's Largest Shareholder") they are
# the subject.
COMPANIES = ORGANISATIONS - frozenset(
    """prime limited jump shonen seinen shojo magazine publisher studio studios company streaming
    platform service channel expo animejapan festa comic-con comiket fest""".split()
)
MARKERS = (
    GENERIC
    | UNNAMING
    | ORGANISATIONS
    | REGIONS
    | MONTHS
    | frozenset(EVENT_OF)
    | frozenset(MEDIUM_OF)
)
