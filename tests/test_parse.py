"""Tests for aggregator.parse: one feed document per format in tests/feeds/formats/, plus small
hand-written documents for each defensive behaviour. Expected values are the ones listed in
tests/feeds/formats/README.md, written out as literals."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from aggregator.models import Item, Source
from aggregator.parse import parse_feed

FORMATS = Path(__file__).parent / "feeds" / "formats"
FETCHED = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
SOURCE = Source("Frame Rate", "https://framerate.example/feed.xml")


def parse_file(name: str, base_url: str, headers: dict[str, str] | None = None) -> list[Item]:
    """Items of the fixture ``name`` as if fetched from ``base_url``."""
    return parse_feed(
        (FORMATS / name).read_bytes(),
        source=Source("Fixture", base_url),
        headers=headers or {},
        fetched_at=FETCHED,
        base_url=base_url,
    )


def parse_body(
    body: bytes, headers: dict[str, str] | None = None, source: Source = SOURCE
) -> list[Item]:
    """Items of a hand-written document."""
    return parse_feed(
        body, source=source, headers=headers or {}, fetched_at=FETCHED, base_url=source.url
    )


def rss(items: str) -> bytes:
    """An RSS 2.0 document with the given <item> elements."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Frame Rate Anime News</title><link>https://framerate.example/</link>"
        f"<description>Daily anime industry news.</description>{items}</channel></rss>"
    ).encode()


def summary_of(items: list[Item]) -> list[tuple[str, str, str, datetime | None, datetime | None]]:
    """(guid, title, url, published, updated) of each item, in document order."""
    return [(i.guid, i.title, i.url, i.published, i.updated) for i in items]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_rss090() -> None:
    """RSS 0.90 items with only title and link: the link doubles as the guid, no dates."""
    items = parse_file("rss090.rdf", "https://retro-cel.example/feed.rdf")
    neon = "https://retro-cel.example/news/neon-tide-runners-bluray-box"
    paper = "https://retro-cel.example/news/paper-moon-patrol-revival-screening"
    assert summary_of(items) == [
        (neon, "Restored 1987 OVA Neon Tide Runners Gets a Blu-ray Box", neon, None, None),
        (
            paper,
            "Paper Moon Patrol Returns for One Night at a Tokyo Revival Theater",
            paper,
            None,
            None,
        ),
    ]
    assert [i.date for i in items] == [FETCHED, FETCHED]


def test_rss091_latin1() -> None:
    """RSS 0.91 in ISO-8859-1: byte 0xE9 comes out as "é" (U+00E9), not mojibake."""
    items = parse_file("rss091.xml", "https://shojo-spotlight.example/rss.xml")
    cafe = "https://shojo-spotlight.example/2026/cafe-hanamizuki-finale.html"
    ribbon = "https://shojo-spotlight.example/2026/ribbon-cipher-stage-cast.html"
    assert summary_of(items) == [
        (cafe, "Manga Caf\u00e9 Hanamizuki Ends Its Run After Nine Years", cafe, None, None),
        (ribbon, "Ribbon Cipher Stage Play Picks Its Two Leads", ribbon, None, None),
    ]
    assert "Ã" not in items[0].title
    assert "café" in items[0].summary


def test_rss10_dc_date_is_the_publication_date() -> None:
    """RSS 1.0: the id is rdf:about, and dc:date (feedparser's "updated") is the published date,
    converted to UTC from a +09:00 offset; Item.date is that date."""
    items = parse_file("rss10.rdf", "https://seiyuu-notes.example/feed.rdf")
    hina = "https://seiyuu-notes.example/news/hina-tsukimura-glass-orchard"
    lantern = "https://seiyuu-notes.example/news/lanternfish-radio-drama-cast"
    assert summary_of(items) == [
        (
            hina,
            "Hina Tsukimura Lands the Lead Role in Glass Orchard",
            hina,
            utc("2026-03-02T08:15:00Z"),
            None,
        ),
        (
            lantern,
            "Lanternfish Radio Drama Reunites Its Original Cast",
            lantern,
            utc("2026-03-03T05:40:00Z"),
            None,
        ),
    ]
    assert [i.date for i in items] == [utc("2026-03-02T08:15:00Z"), utc("2026-03-03T05:40:00Z")]
    assert [i.author for i in items] == ["Kenta Obara", "Maho Ishiguro"]
    assert items[0].content == ""
    assert items[1].content.startswith("<p>All five leads of the 2019 deep-sea adventure anime")


def test_rss20() -> None:
    """RSS 2.0: guid (permalink or not), pubDate with an offset, dc:creator, image enclosure."""
    items = parse_file("rss20.xml", "https://framerate.example/feed.xml")
    clockwork = "https://framerate.example/news/2026/03/clockwork-meridian-april-premiere"
    assert summary_of(items) == [
        (
            "framerate-news-40212",
            "Tidepool Witch Film Opens to a Strong First Weekend",
            "https://framerate.example/news/2026/03/tidepool-witch-opening-weekend",
            utc("2026-03-12T02:30:00Z"),
            None,
        ),
        (
            clockwork,
            "Clockwork Meridian Anime Sets April Premiere With New Key Visual",
            clockwork,
            utc("2026-03-10T07:00:00Z"),
            None,
        ),
    ]
    assert [i.author for i in items] == ["Lena Okafor", "Daniel Reyes"]
    assert [i.image_url for i in items] == [
        "https://framerate.example/media/tidepool-witch-poster.jpg",
        "https://framerate.example/media/clockwork-meridian-kv.jpg",
    ]
    assert items[1].summary == "Studio Kirihane's steampunk series starts on April 7, 2026."


def test_atom10_resolves_xml_base() -> None:
    """Atom 1.0: relative links resolve against xml:base (feed and entry level), not against
    the URL the document was fetched from; an html title becomes plain text; the author is the
    name without the email."""
    items = parse_file("atom10.xml", "https://mirror.feeds.example/hoshi/atom")
    assert summary_of(items) == [
        (
            "tag:hoshi-wire.example,2026:news/1501",
            "Gearwright Saga Season 3 Confirmed for Fall 2026",
            "https://hoshi-wire.example/news/2026/03/gearwright-saga-season-3",
            utc("2026-03-05T10:00:00Z"),
            utc("2026-03-06T09:30:00Z"),
        ),
        (
            "tag:hoshi-wire.example,2026:features/88",
            "Spring 2026 Preview: Seven Shows We Are Watching",
            "https://hoshi-wire.example/features/spring-2026-preview",
            utc("2026-03-04T09:00:00Z"),
            utc("2026-03-04T09:00:00Z"),
        ),
    ]
    assert [i.author for i in items] == ["Aiko Brandt", "Rafael Tomioka"]
    assert 'src="https://hoshi-wire.example/images/2026/gearwright-s3-teaser.jpg"' in (
        items[0].content
    )
    assert 'href="https://hoshi-wire.example/features/spring-2026-preview/notes"' in (
        items[1].summary + items[1].content
    )
    assert "mirror.feeds.example" not in "".join(i.summary + i.content + i.url for i in items)


def test_jsonfeed11() -> None:
    """JSON Feed 1.1: ids, dates with offsets, a missing date_modified, authors, images."""
    items = parse_file(
        "jsonfeed11.json",
        "https://pixel-parade.example/feed.json",
        {"content-type": "application/feed+json"},
    )
    assert summary_of(items) == [
        (
            "pp-2026-0310-01",
            "Moonwell Academy Rhythm Game Opens Pre-Registration",
            "https://pixel-parade.example/news/2026/03/10/moonwell-academy-rhythm-game",
            utc("2026-03-10T12:00:00Z"),
            utc("2026-03-10T15:45:00Z"),
        ),
        (
            "2026031102",
            "Starfall Fes 2026 Reveals First Wave of Anime Song Performers",
            "https://pixel-parade.example/news/2026/03/11/starfall-fes-lineup",
            utc("2026-03-11T16:20:00Z"),
            None,
        ),
    ]
    assert [i.author for i in items] == ["Noor Sasaki", "Gil Ferreira"]
    assert [i.image_url for i in items] == [
        "https://pixel-parade.example/img/moonwell-game.jpg",
        "https://pixel-parade.example/img/starfall-fes-2026.png",
    ]
    assert items[1].summary == (
        "Six acts are confirmed for the two-day anime music festival in August."
    )
    assert "<strong>Starfall Fes 2026</strong>" in items[1].content


def test_jsonfeed_without_content_type_header() -> None:
    """A JSON Feed is recognised by its first byte when the server sends no content type."""
    items = parse_file("jsonfeed11.json", "https://pixel-parade.example/feed.json")
    assert [i.guid for i in items] == ["pp-2026-0310-01", "2026031102"]


class _Markup(HTMLParser):
    """Collects tags, attributes and text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_html_is_sanitised() -> None:
    """The hostile content of rss20.xml loses scripts (with their text), event handlers,
    javascript: links, iframes, styles and tracking parameters; links stay absolute and the
    safe text and image survive."""
    tidepool = parse_file("rss20.xml", "https://framerate.example/feed.xml")[0]
    html = tidepool.content
    markup = _Markup()
    markup.feed(html)
    assert not {"script", "iframe", "style"} & set(markup.tags)
    assert "document.write" not in html
    assert "document.cookie" not in html
    assert "ads.framerate.example" not in html  # the <img> written inside the <script> text
    assert "evil.example" not in html
    assert "display: none" not in html
    assert not [name for name, _ in markup.attributes if name.startswith("on")]
    assert "javascript:" not in html.lower()
    for name, value in markup.attributes:
        if name in ("href", "src"):
            assert urlsplit(value).scheme == "https", value
            assert "utm_" not in value
            assert "fbclid" not in value
    assert 'href="https://framerate.example/reviews/tidepool-witch?ref=home"' in html
    assert 'src="https://framerate.example/media/tidepool-witch-still.jpg"' in html
    text = "".join(markup.text)
    assert "sold more than 300,000 tickets in its first three days" in text
    assert "Director Yui Sakamaki\u2019s first feature" in text
    assert "See showtimes near you" in text
    assert "review of Tidepool Witch" in text
    assert "The film opens in North America this summer." in text


def test_relative_links_in_content_become_absolute() -> None:
    """A root-relative link or image in an item's HTML gets the item's scheme and host."""
    items = parse_body(
        rss(
            "<item><title>Orbital Lullaby Gets a Second Cour</title>"
            "<link>https://framerate.example/news/2026/03/orbital-lullaby-cour-2</link>"
            "<guid isPermaLink='false'>framerate-news-40301</guid>"
            "<description><![CDATA[<p><a href='/shows/orbital-lullaby'>Series page</a>"
            "<img src='/media/orbital-lullaby-kv2.jpg'></p>]]></description></item>"
        )
    )
    assert 'href="https://framerate.example/shows/orbital-lullaby"' in items[0].summary
    assert 'src="https://framerate.example/media/orbital-lullaby-kv2.jpg"' in items[0].summary


def test_item_id_is_stable_and_per_source() -> None:
    """item_id depends only on (source, guid): equal across calls, different across sources."""
    body = (FORMATS / "rss20.xml").read_bytes()
    first = parse_body(body)
    again = parse_body(body)
    other = parse_body(body, source=Source("Frame Rate Mirror", "https://mirror.example/fr.xml"))
    assert [i.item_id for i in first] == [i.item_id for i in again]
    assert len({i.item_id for i in first}) == 2
    assert not {i.item_id for i in first} & {i.item_id for i in other}
    assert [i.guid for i in first] == [i.guid for i in other]
