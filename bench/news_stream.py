"""A synthetic, deterministic stream of anime-news articles for the benchmarks. Touches nothing.

Fictional shows, named from word lists so that names are rare and varied ("Crimson Orchard",
"Hoshi no Kagami", "I Got Reincarnated as a Lantern in Another World"), come and go: each is in
the news for one to eight months, while a few dozen long-running franchises are always there.
A story is one piece of news about one show (a trailer, a cast member, a premiere date, a dub, a
delay, box-office figures, …) reported by one to four outlets, each in its own headline style,
hours apart. Articles come out in date order at a fixed density per day, so the first ``n``
articles of a stream are a store of size ``n`` and the ones after them are the next run's batch.
Same seed, same articles.
"""

from __future__ import annotations

import heapq
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aggregator.models import Item, Source
from aggregator.text import stable_hash

START = datetime(2024, 1, 1, tzinfo=UTC)

ADJECTIVES = """crimson silent hollow gilded frozen azure velvet iron broken eternal wandering
    scarlet lunar ashen restless distant emerald twilight savage gentle hidden burning shattered
    sunken northern paper glass silver golden violet midnight endless fading howling quiet radiant
    forgotten stray false sacred feral cursed starlit amber bitter blazing boundless brass bronze
    cobalt copper coral crystal dusky ebony fallen fleeting frosted gloomy hallowed heavenly ivory
    jade lonely lost marble molten mystic obsidian pale phantom primal rusted sapphire secret
    shadowed shining silken smoldering solemn spectral stormy sunlit tangled thorned umber
    verdant vivid waning wicked wild wistful""".split()
NOUNS = """lightning orchard blade garden tide lantern crown requiem citadel harbor comet
    labyrinth sparrow wolf archive cathedral engine horizon ember frontier covenant oracle serpent
    monolith spiral meridian tempest bloom atlas circuit canvas compass hymn relic vessel prism
    gambit sonata veil knight abyss anthem arrow aurora beacon bell bridge cipher clockwork
    constellation crow dagger dawn delta dragon dune eclipse falcon fortress galaxy gate glacier
    grimoire heron isle kingdom lagoon lighthouse locket mirage nebula nomad paradox pendulum
    phoenix pilgrim quartz raven reverie rhapsody sanctuary scroll sentinel shrine signal sigil
    spire summit thorn throne tower valley vanguard voyage""".split()
ROMAJI = """hoshi kagami yume sora tsuki kaze hana mizu yoru kokoro tenshi akuma kitsune sakura
    shinobi ryuu kage hikari yuki umi mori kumo ame neko tora kawa yama sekai mahou kishi hime
    ouji senpai gakuen bouken seishun majo kaijuu shiro akane aozora asahi fubuki ginga hanabi
    hotaru inazuma kaminari kasumi kirin kohaku kurenai midori mikazuki minato momiji murasaki
    nagisa niji oboro raijin sazanami shiori shizuku soyokaze suzume takara tasogare tsubasa
    utsusemi wadatsumi yamabuki yuugure zakuro""".split()
GIVEN = """Haruto Sota Yuto Riku Ren Aoi Yui Hina Mio Daiki Kenta Shun Takumi Naoki Emi Ayaka
    Rina Kaori Yuna Kazuki Mai Saori Tomoya Hiroshi Megumi Akira Natsuki Kaito Asuka Chihiro
    Eiji Fumika Genta Hayato Itsuki Junpei Kanade Kotone Makoto Minori Nanami Noboru Reina Ryota
    Sayaka Shiori Tatsuya Tsumugi Wataru Yoshiki Yuzuki Hikaru Kyosuke Nozomi Sumire
    Touma""".split()
FAMILY = """Tanaka Sato Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida
    Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Ikeda Hashimoto Ishikawa Ogawa
    Fujita Okada Goto Hasegawa Murakami Kondo Aoyama Endo Fukuda Hirano Ishida Kaneko Kubota
    Maeda Miyazaki Morita Nishimura Noguchi Ono Sakamoto Shibata Sugiyama Takeda Ueda Wada
    Yokoyama Harada Arai Kojima Nomura Otsuka Sakai Takagi Uchida Matsuda""".split()
STUDIOS = """Hibana Lanternworks Kumogumi Arcfilm Tsubame Orbit Shirokuma Yorukaze
    Kirameki Hoshizora Bluebell Akatsuki""".split()
PLATFORMS = ["Crunchyroll", "HIDIVE", "Netflix", "Prime Video", "Disney+"]
LANGUAGES = ["English", "Spanish", "Portuguese", "French", "German", "Hindi", "Italian"]
MONTHS = """January February March April May June July August September October November
    December""".split()
LIGHT_NOVEL_ENDS = ["in Another World", "and Now I Run a Cafe", "So I Opened a Bakery",
    "but My Sister Won't Stop Worrying", "and the Demon Lord Wants a Rematch"]  # fmt: skip

# (outlet, URL pattern). {n} is an article number, {slug} the headline's slug, {d} the date.
OUTLETS = [
    ("Anime News Network", "https://www.animenewsnetwork.com/news/{d}/{slug}/.{n}"),
    ("Crunchyroll News", "https://www.crunchyroll.com/news/latest/{d}/{slug}"),
    ("MyAnimeList News", "https://myanimelist.net/news/{n}"),
    ("Anime Corner", "https://animecorner.me/{slug}/"),
    ("Otaku USA Magazine", "https://otakuusamagazine.com/{slug}/"),
    ("Anime Herald", "https://www.animeherald.com/{d}/{slug}/"),
    ("Anime Trending", "https://anitrendz.net/news/{d}/{slug}/"),
    ("Anime UK News", "https://animeuknews.net/{d}/{slug}/"),
    ("ComicBook.com", "https://comicbook.com/anime/news/{slug}/"),
]
SOURCES = tuple(
    Source(name, f"https://feeds.example/{i}.xml") for i, (name, _) in enumerate(OUTLETS)
)

# Headlines per kind of news, one style per outlet (outlet index modulo the variants).
HEADLINES = {
    "trailer": [
        "{show} Anime Reveals New Trailer, {month} Premiere",
        "{show}{season} Drops New Trailer Ahead of {month} Debut",
        "'{show}'{season} Reveals Trailer, Key Visual",
        "Watch: {show}{season} Anime Trailer Previews {character}",
    ],
    "cast": [
        "{show}{season} Casts {actor} as {character}",
        "{show} Anime Adds {actor} to Cast",
        "{actor} Joins {show}{season} as {character}",
    ],
    "premiere": [
        "{show}{season} Anime Premieres in {month} on {platform}",
        "{platform} to Stream {show}{season} This {month}",
        "{show}{season} Sets {month} Premiere Date",
    ],
    "dub": [
        "{platform} Adds {show} {language} Dub",
        "{show} {language} Dub Cast Revealed",
        "{show} Gets {language} Dub on {platform}",
    ],
    "delay": [
        "{show}{season} Anime Delayed to {month}",
        "{show}{season} Postponed Due to Production Issues",
        "{show}{season} Delays Premiere to {month}",
    ],
    "staff": [
        "{show} Anime Reveals {studio} as Studio, {director} Directing",
        "{director} Directs {show}{season} at Studio {studio}",
    ],
    "song": [
        "{artist} Performs {show}{season} Opening Theme Song",
        "{show}{season} Reveals Opening Song by {artist}",
    ],
    "announce": [
        "{show}{season} Anime Announced",
        "{show} Manga Gets Anime Adaptation",
        "{show} Gets{season} Anime Sequel",
    ],
    "boxoffice": [
        "{show} Film Earns {amount} Billion Yen at Box Office",
        "{show} Movie Tops Box Office With {amount} Billion Yen",
    ],
    "end": [
        "{show} Manga Ends in {count} Chapters",
        "{author}'s {show} Manga Concludes in {month}",
    ],
    "event": [
        "{show} Collab Cafe Opens in Tokyo This {month}",
        "{show} Exhibition Set for {month}",
    ],
}
SUMMARIES = {
    "trailer": "The official website for the anime of {author}'s {show} streamed a new trailer.",
    "cast": "{actor} will voice {character} in the anime of {author}'s {show}.",
    "premiere": "The anime of {show} will premiere in {month} and stream on {platform}.",
    "dub": "{platform} will stream a {language} dub of {show} starting on {month} {day}.",
    "delay": "The anime of {show} has been delayed to {month} due to production circumstances.",
    "staff": "{director} is directing {show} at Studio {studio}, with {actor} starring.",
    "song": "{artist} performs the opening theme of {show}, which premieres in {month}.",
    "announce": "The official X account for {author}'s {show} manga announced the anime.",
    "boxoffice": "The {show} film earned {amount} billion yen in its first {count} days.",
    "end": "{author}'s {show} manga will end in {count} chapters, the editors announced.",
    "event": "A {show} event will run in Tokyo from {month} {day}, with {actor} attending.",
}
DETAILS = (
    "{studio} is animating the series, with {director} directing.",
    "{actor} plays {character}.",
    "The series is based on {author}'s manga, which has {count} volumes.",
    "The anime streams on {platform} in {month}.",
)
KINDS = list(HEADLINES)
KIND_WEIGHTS = [18, 14, 14, 8, 5, 6, 6, 10, 3, 4, 4]
REPORTS = {1: 55, 2: 22, 3: 14, 4: 9}  # outlets covering one story: how often (%)
MEAN_REPORTS = sum(n * share for n, share in REPORTS.items()) / sum(REPORTS.values())  # 1.77
SMALL_WORDS = {"a", "and", "as", "in", "no", "of", "the", "to"}  # lower case inside a title
EVERGREENS = 40  # franchises always in the news
ACTIVE = 500  # shows in the news at one time


@dataclass(frozen=True, slots=True)
class Show:
    name: str
    season: int
    weight: float  # how much news it gets while active
    until: datetime  # retires from the news then


def show_name(rng: random.Random) -> str:
    """A fictional title in one of the shapes anime titles take."""
    adj, noun, other = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    word, word2 = rng.choice(ROMAJI), rng.choice(ROMAJI)
    shapes = [
        f"{adj} {noun}",
        f"The {noun} of the {adj} {other}",
        f"{word} no {word2}",
        f"{rng.choice(GIVEN)}-chan and the {adj} {noun}",
        f"I Got Reincarnated as a {noun} {rng.choice(LIGHT_NOVEL_ENDS)}",
        f"{noun} {word}",
        f"{adj} {word} {noun}",
    ]
    words = rng.choice(shapes).split(" ")
    return " ".join(
        w if w in SMALL_WORDS and i else w[0].upper() + w[1:] for i, w in enumerate(words)
    )


class NewsStream:
    """An endless, date-ordered stream of articles, ``per_day`` of them a day on average."""

    def __init__(self, seed: int, per_day: float) -> None:
        self.rng = random.Random(seed)
        self.per_day = per_day
        self.names: set[str] = set()
        self.clock = START
        self.active = [self._new_show(forever=True) for _ in range(EVERGREENS)]
        self.active += [self._new_show() for _ in range(ACTIVE - EVERGREENS)]
        self._weights()
        self.numbers = itertools.count(200_001)
        self.urls: set[str] = set()

    def _new_show(self, *, forever: bool = False) -> Show:
        name = show_name(self.rng)
        while name in self.names:
            name = show_name(self.rng)
        self.names.add(name)
        if forever:
            return Show(name, self.rng.randint(2, 6), 6.0, datetime.max.replace(tzinfo=UTC))
        days = self.rng.uniform(30, 240)
        weight = min(self.rng.paretovariate(1.5), 20.0)
        season = self.rng.choice([1, 1, 1, 2, 2, 3])
        return Show(name, season, weight, self.clock + timedelta(days=days))

    def _weights(self) -> None:
        self.cum = list(itertools.accumulate(s.weight for s in self.active))
        self.next_change = min(s.until for s in self.active)

    def _pick_show(self) -> Show:
        if self.clock >= self.next_change:  # retire shows, new ones enter the news
            self.active = [s if s.until > self.clock else self._new_show() for s in self.active]
            self._weights()
        return self.rng.choices(self.active, cum_weights=self.cum)[0]

    def __iter__(self) -> Iterator[Item]:
        pending: list[tuple[datetime, int, Item]] = []
        order = itertools.count()
        stories_per_day = self.per_day / MEAN_REPORTS
        while True:
            self.clock += timedelta(days=self.rng.expovariate(stories_per_day))
            while pending and pending[0][0] <= self.clock:
                yield heapq.heappop(pending)[2]
            for item in self._story():
                heapq.heappush(pending, (item.date, next(order), item))

    def _story(self) -> list[Item]:
        """The reports of one piece of news about one show, by one to four outlets."""
        rng = self.rng
        show = self._pick_show()
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        actor, director, author = (f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(3))
        slots = {
            "show": show.name,
            "season": f" Season {show.season}" if show.season > 1 else "",
            "month": rng.choice(MONTHS),
            "day": str(rng.randint(1, 28)),
            "character": rng.choice(GIVEN),
            "actor": actor,
            "director": director,
            "author": author,
            "artist": rng.choice(ADJECTIVES).title() + " " + rng.choice(NOUNS).title() + "s",
            "studio": rng.choice(STUDIOS),
            "platform": rng.choice(PLATFORMS),
            "language": rng.choice(LANGUAGES),
            "amount": f"{rng.randint(1, 30) / 2:g}",
            "count": str(rng.randint(3, 40)),
        }
        count = rng.choices(list(REPORTS), weights=list(REPORTS.values()))[0]
        outlets = rng.sample(range(len(OUTLETS)), count)
        when = self.clock
        reports = []
        for outlet in outlets:
            reports.append(self._article(outlet, kind, slots, when))
            when += timedelta(hours=min(rng.expovariate(1 / 6), 48))
        return reports

    def _article(self, outlet: int, kind: str, slots: dict[str, str], when: datetime) -> Item:
        rng = self.rng
        variants = HEADLINES[kind]
        title = variants[(outlet + rng.randint(0, 1)) % len(variants)].format(**slots)
        details = rng.sample(DETAILS, 2)
        text = " ".join([SUMMARIES[kind], *details]).format(**slots)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        pattern = OUTLETS[outlet][1]
        day, number = when.strftime("%Y-%m-%d"), next(self.numbers)
        url = pattern.format(d=day, slug=slug, n=number)
        for suffix in itertools.count(2):  # a CMS numbers a repeated slug, as WordPress does
            if url not in self.urls:
                break
            url = pattern.format(d=day, slug=f"{slug}-{suffix}", n=number)
        self.urls.add(url)
        source = OUTLETS[outlet][0]
        return Item(
            item_id=stable_hash(source, url),
            source=source,
            guid=url,
            url=url,
            title=title,
            summary=f"<p>{text}</p>",
            content="",
            published=when,
            updated=None,
            fetched=when + timedelta(minutes=rng.randint(1, 30)),
            content_hash=stable_hash(title, text),
        )
