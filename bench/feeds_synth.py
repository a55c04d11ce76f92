"""Synthetic anime-news outlets and the articles they publish, for the benchmarks.

Touches nothing. ``Newsroom`` extends ``news_stream.NewsStream`` (its fictional shows, kinds of
news and headline styles) to any number of outlets and to full-length articles: a lead, a few
paragraphs on the source work, staff, cast and release, a statement, a cast list and a source
line, about 1.8 KB of text in all, as the outlets of feeds.yaml write them. Reports of one story
draw on the same press release, so they share names and some facts but not their sentences.
A third of the outlets are WordPress sites that end every item with "The post … appeared first
on …", which the aggregator learns as boilerplate. Same seed, same outlets and bytes.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from html import escape

from news_stream import (
    ADJECTIVES,
    DETAILS,
    FAMILY,
    GIVEN,
    HEADLINES,
    KIND_WEIGHTS,
    KINDS,
    LANGUAGES,
    MEAN_REPORTS,
    MONTHS,
    NOUNS,
    PLATFORMS,
    STUDIOS,
    SUMMARIES,
    NewsStream,
)

from aggregator.models import Item
from aggregator.text import stable_hash

SUFFIXES = "News Times Dispatch Weekly Herald Gazette Journal Wire Post Digest Report".split()
MAGAZINES = [
    "Weekly Shonen Comet",
    "Monthly Dragon Mirage",
    "Young Harbor",
    "Comic Aurora",
    "Bessatsu Lantern",
    "Jump Nova",
    "Manga Time Sparrow",
    "Monthly Comic Ember",
]
PUBLISHERS = ["Hoshimi Shoten", "Kazeoto Publishing", "Tsukiyo Books", "Akebono Comics"]
ROLES = [
    "high school student",
    "retired adventurer",
    "shrine maiden",
    "rookie detective",
    "court alchemist",
    "pastry chef",
    "struggling manga artist",
    "former assassin",
    "space courier",
    "village librarian",
]
PREMISES = [
    "stumbles into a centuries-old war between river spirits",
    "must win back a kingdom lost in a single night",
    "opens a tea shop beside a haunted forest",
    "joins an idol group one concert away from breaking up",
    "wakes up ten years in the past",
    "delivers letters across a continent still scarred by war",
    "inherits a bathhouse whose regulars are all minor gods",
    "is drafted as the only human pilot of a dragon squadron",
]
QUOTES = [
    "We wanted every frame to feel like a page turning in the reader's hands.",
    "The staff has poured everything into these episodes, so please look forward to them.",
    "I read the original in one sitting and knew at once whom I wanted for the lead.",
    "Recording with this cast was a joy; you can hear how much they love the story.",
    "This season finally reaches the arc fans have been asking us about for years.",
    "We kept the quiet moments quiet, and let the action scenes be as loud as they like.",
]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# Paragraphs after the lead; each outlet picks a few, in its own order.
BACKGROUND = (
    "The anime adapts {author}'s manga of the same name, which {magazine} has "
    "serialized since {year}. {publisher} has published {count} compiled volumes so far, "
    "and the series has over {copies} million copies in circulation. The story follows "
    "{character}, a {role} who {premise}."
)
STAFF = (
    "{director} is directing the anime at {studio}, and {writer} is in charge of the "
    "series scripts. {designer} is adapting the original character designs for animation, and "
    "{composer} is composing the music. Sound director {sound} rounds out the main staff."
)
RELEASE = (
    "{platform} will stream the series as it airs in Japan, with new episodes every "
    "{weekday} at {hour}:00 JST, and a dub in {language} will follow later in the season. An "
    "advance screening of the first two episodes takes place in Tokyo on {month} {day}, with "
    "{actor} and {actor2} on stage."
)
QUOTE = "“{quote}” {director} said in a comment on the anime's official website."
CAST = "<p>The cast includes:</p><ul>{cast}</ul>"
SOURCE_LINE = "<p>Sources: {show} anime's official website, {platform} press release</p>"
FOOTER = (
    '<p>The post <a href="{url}">{title}</a> appeared first on <a href="{home}">{name}</a>.</p>'
)


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news site with one feed: its name, domain, feed format and HTTP validators."""

    name: str
    domain: str
    atom: bool  # Atom 1.0, else RSS 2.0
    wordpress: bool  # ends each item with "The post … appeared first on …"
    validators: str  # "both", "etag" or "modified": what its server sends

    @property
    def home(self) -> str:
        return f"https://www.{self.domain}/"


def make_outlets(count: int, seed: int) -> list[Outlet]:
    """``count`` outlets with distinct names; one in five has an Atom feed."""
    rng = random.Random(f"outlets-{seed}")
    names: list[str] = []
    while len(names) < count:
        adj, noun = rng.choice(ADJECTIVES).title(), rng.choice(NOUNS).title()
        shape = rng.choice(
            [
                f"{adj} {noun} {rng.choice(SUFFIXES)}",
                f"Anime {noun} {adj}",
                f"Otaku {noun} {rng.choice(SUFFIXES)}",
                f"{noun} Anime {rng.choice(SUFFIXES)}",
            ]
        )
        if shape not in names:
            names.append(shape)
    return [
        Outlet(
            name,
            re.sub(r"[^a-z0-9]+", "", name.lower()) + ".example",
            i % 5 == 4,
            i % 3 == 0,
            ("both", "both", "etag", "modified")[i % 4],
        )
        for i, name in enumerate(names)
    ]


def geometric_reports(rng: random.Random, mean: float, most: int) -> int:
    """Outlets reporting one story: 1 + a geometric count, ``mean`` on average, at most ``most``."""
    p = 1.0 / mean
    extra = 0 if p >= 1 else int(math.log(1.0 - rng.random()) / math.log(1.0 - p))
    return min(1 + extra, most)


class Newsroom(NewsStream):
    """A date-ordered stream of full-length articles by ``outlets``, ``per_day`` a day; a
    story has ``mean_reports`` reports on average. ``story_of`` maps each article's id to
    its story's id (the id of the story's first report, as the aggregator names stories)."""

    def __init__(
        self,
        seed: int,
        per_day: float,
        outlets: Sequence[Outlet],
        mean_reports: float,
        most_reports: int = 12,
    ) -> None:
        # NewsStream spaces stories by its own mean of reports per story; scale to ours.
        super().__init__(seed, per_day * MEAN_REPORTS / mean_reports)
        self.outlets = list(outlets)
        self.mean_reports = mean_reports
        self.most_reports = min(most_reports, len(outlets))
        self.story_of: dict[str, str] = {}
        self.posts = itertools.count(100_001)

    def _story(self) -> list[Item]:
        rng = self.rng
        show = self._pick_show()
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        person = [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(9)]
        slots = dict(
            zip(
                [
                    "actor",
                    "actor2",
                    "actor3",
                    "director",
                    "author",
                    "writer",
                    "designer",
                    "composer",
                    "sound",
                ],
                person,
                strict=True,
            )
        )
        slots |= {
            "show": show.name,
            "season": f" Season {show.season}" if show.season > 1 else "",
            "month": rng.choice(MONTHS),
            "day": str(rng.randint(1, 28)),
            "character": rng.choice(GIVEN),
            "character2": rng.choice(GIVEN),
            "character3": rng.choice(GIVEN),
            "artist": rng.choice(ADJECTIVES).title() + " " + rng.choice(NOUNS).title() + "s",
            "studio": rng.choice(STUDIOS),
            "platform": rng.choice(PLATFORMS),
            "language": rng.choice(LANGUAGES),
            "amount": f"{rng.randint(1, 30) / 2:g}",
            "count": str(rng.randint(3, 40)),
            "magazine": rng.choice(MAGAZINES),
            "publisher": rng.choice(PUBLISHERS),
            "year": str(rng.randint(2012, 2023)),
            "copies": f"{rng.randint(5, 120) / 10:g}",
            "role": rng.choice(ROLES),
            "premise": rng.choice(PREMISES),
            "weekday": rng.choice(WEEKDAYS),
            "hour": str(rng.randint(17, 25)),
        }
        count = geometric_reports(rng, self.mean_reports, self.most_reports)
        when, reports = self.clock.replace(microsecond=0), []
        for outlet in rng.sample(range(len(self.outlets)), count):
            reports.append(self._report(outlet, kind, slots, when))
            when += timedelta(seconds=round(min(rng.expovariate(1 / 6), 48) * 3600))
        for item in reports:
            self.story_of[item.item_id] = reports[0].item_id
        return reports

    def _report(self, index: int, kind: str, slots: dict[str, str], when: datetime) -> Item:
        outlet, rng = self.outlets[index], self.rng
        variants = HEADLINES[kind]
        title = variants[(index + rng.randint(0, 1)) % len(variants)].format(**slots)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        post = next(self.posts)
        url = f"https://www.{outlet.domain}/news/{when:%Y/%m/%d}/{slug}-{post}/"
        guid = f"tag:{outlet.domain},2024:post-{post}" if outlet.atom else url
        lead = " ".join([SUMMARIES[kind], rng.choice(DETAILS)]).format(**slots)
        summary = f"<p>{escape(lead, quote=False)}</p>"
        content = summary + _body(random.Random(guid), slots)
        if outlet.wordpress:
            footer = FOOTER.format(url=url, title=escape(title), home=outlet.home, name=outlet.name)
            summary, content = summary + footer, content + footer
        return Item(
            item_id=stable_hash(outlet.name, guid),
            source=outlet.name,
            guid=guid,
            url=url,
            title=title,
            summary=summary,
            content=content,
            published=when,
            updated=None,
            fetched=when,
            author=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            image_url=f"https://cdn.{outlet.domain}/{when:%Y/%m}/{slug}.jpg" if post % 3 else None,
        )


def _body(rng: random.Random, slots: dict[str, str]) -> str:
    """The paragraphs after an article's lead, chosen and ordered by the outlet's ``rng``."""
    blocks = [BACKGROUND, STAFF, RELEASE, QUOTE.replace("{quote}", rng.choice(QUOTES))]
    rng.shuffle(blocks)
    paragraphs = [f"<p>{escape(block.format(**slots), quote=False)}</p>" for block in blocks]
    people = [("actor", "character"), ("actor2", "character2"), ("actor3", "character3")]
    cast = "".join(f"<li>{slots[a]} as {slots[c]}</li>" for a, c in people[: rng.randint(2, 3)])
    return "".join(paragraphs) + CAST.format(cast=cast) + SOURCE_LINE.format(**slots)


def shifted(items: Iterable[Item], by: timedelta) -> list[Item]:
    """``items`` with their dates moved by ``by`` (to end a stream near today)."""
    return [replace(i, published=i.date + by, fetched=i.fetched + by) for i in items]


def text_bytes(item: Item) -> int:
    """Bytes of text an item carries: headline, summary and content (HTML)."""
    return len((item.title + item.summary + item.content).encode())
