"""Tests for aggregator.parse on hostile or broken items: which are kept, and how they are cleaned.

One tiny hand-written document per behaviour; expected values are Python literals.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html.parser import HTMLParser

import pytest

from aggregator.models import Parsed, Seen
from aggregator.parse import MAX_ITEMS, MAX_TITLE, MAX_URL, read_feed
from aggregator.sanitize import MAX_DEPTH
from tests.test_parse import FETCHED, SOURCE, parse_body, rss


def item(title: str, guid: str, extra: str = "") -> str:
    """One RSS <item> with a non-permalink guid."""
    return f"<item><title>{title}</title><guid isPermaLink='false'>{guid}</guid>{extra}</item>"


def test_repeated_guid_keeps_the_first_item() -> None:
    """Two items with one guid in one document become one Item: the first."""
    items = parse_body(
        rss(
            "<item><title>Starlit Courier Sequel Film Announced</title>"
            "<guid isPermaLink='false'>framerate-news-40400</guid></item>"
            "<item><title>Starlit Courier Sequel Film Announced (corrected)</title>"
            "<guid isPermaLink='false'>framerate-news-40400</guid></item>"
            "<item><title>Iron Lantern Season 2 Delayed</title>"
            "<guid isPermaLink='false'>framerate-news-40401</guid></item>"
        )
    )
    assert [(i.guid, i.title) for i in items] == [
        ("framerate-news-40400", "Starlit Courier Sequel Film Announced"),
        ("framerate-news-40401", "Iron Lantern Season 2 Delayed"),
    ]


@pytest.mark.parametrize(
    "pub_date",
    [
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Fri, 31 Dec 9999 23:59:59 -1200",  # year 10000 in UTC
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "Sat, 31 Dec 1994 23:00:00 GMT",
        "Mon, 30 Mar 2026 06:00:00 GMT",  # ten days after it was fetched
        "yesterday",
    ],
)
def test_implausible_dates_fall_back_to_fetched(pub_date: str) -> None:
    """A date far in the future, before 1995 or unreadable is dropped, so Item.date is the
    fetch time; the item itself is kept."""
    items = parse_body(
        rss(
            "<item><title>Clockwork Meridian Premiere Date</title>"
            "<guid isPermaLink='false'>framerate-news-40500</guid>"
            f"<pubDate>{pub_date}</pubDate></item>"
        )
    )
    assert items[0].published is None
    assert items[0].updated is None
    assert items[0].date == FETCHED


def test_plausible_date_is_kept() -> None:
    """A normal pubDate a few hours before the fetch is kept, in UTC."""
    items = parse_body(
        rss(
            "<item><title>Clockwork Meridian Premiere Date</title>"
            "<guid isPermaLink='false'>framerate-news-40500</guid>"
            "<pubDate>Fri, 20 Mar 2026 09:30:00 +0900</pubDate></item>"
        )
    )
    assert items[0].published == datetime(2026, 3, 20, 0, 30, tzinfo=UTC)


def test_control_characters_are_stripped_from_titles() -> None:
    """C0/C1 control characters (forbidden in XML output) are removed from titles."""
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Pixel Parade Anime",
        "items": [
            {
                "id": "pp-2026-0312-01",
                "url": "https://pixel-parade.example/news/2026/03/12/moonwell-live",
                "title": "Moonwell\u0000 Academy\u0007 Live\u001b Tour\u0085 Dates\u009f Set",
                "content_text": "Three cities, \u0008five nights.",
            }
        ],
    }
    items = parse_body(json.dumps(document).encode(), {"content-type": "application/feed+json"})
    assert items[0].title == "Moonwell Academy Live Tour Dates Set"
    assert "\u0008" not in items[0].content


def test_items_that_cannot_be_identified_or_shown_are_skipped() -> None:
    """Identity is the guid, else a usable http(s) link; an item with neither, or with nothing
    to show, is skipped. The others keep their order."""
    items = parse_body(
        rss(
            "<item><title>Only a title</title></item>"
            "<item><description>Only a description</description></item>"
            "<item><guid isPermaLink='false'>framerate-news-1</guid></item>"
            "<item><title>Script link</title><link>javascript:alert(1)</link></item>"
            "<item><title>Tab-hidden</title><link> \t java&#x09;script:alert(2)</link></item>"
            "<item><title>Local file</title><link>file:///etc/passwd</link></item>"
            "<item><title>Guid only</title><guid isPermaLink='false'>framerate-news-2</guid></item>"
            "<item><title>Link only</title><link>https://framerate.example/news/3</link></item>"
            "<item/>"
        )
    )
    assert [(i.guid, i.title, i.url) for i in items] == [
        ("framerate-news-2", "Guid only", ""),
        ("https://framerate.example/news/3", "Link only", "https://framerate.example/news/3"),
    ]


@pytest.mark.parametrize(
    "guid",
    [
        "javascript:alert('x')",
        " JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:x",
    ],
)
def test_script_or_data_guid_is_no_identity(guid: str) -> None:
    """A guid carrying a script, data or local URL is never stored or published: the item
    falls back to its link, or is skipped without one."""
    link = "<link>https://framerate.example/news/4</link>"
    items = parse_body(
        rss(
            f"<item><title>With link</title><guid isPermaLink='true'>{guid}</guid>{link}</item>"
            f"<item><title>Without link</title><guid isPermaLink='true'>{guid}</guid></item>"
        )
    )
    assert [(i.guid, i.title) for i in items] == [("https://framerate.example/news/4", "With link")]


def test_credentials_are_removed_from_links() -> None:
    """A link with user:password@ keeps the address, never the password."""
    items = parse_body(
        rss(
            "<item><title>Private preview</title><guid isPermaLink='false'>framerate-news-5</guid>"
            "<link>https://admin:hunter2@framerate.example/news/5</link></item>"
        )
    )
    assert items[0].url == "https://framerate.example/news/5"


def test_enormous_fields_are_capped() -> None:
    """A huge title is cut to MAX_TITLE characters, a huge guid replaced by its hash, and an
    item whose link is longer than MAX_URL is skipped."""
    long_link = "https://framerate.example/" + "l" * MAX_URL
    items = parse_body(
        rss(
            item(f"Huge {'T' * 100_000}", "framerate-news-6")
            + item("Huge guid", "G" * 300_000)
            + item("Huge link", "framerate-news-7", f"<link>{long_link}</link>")
        )
    )
    assert [len(i.title) for i in items] == [MAX_TITLE, len("Huge guid")]
    assert items[1].guid.startswith("sha256:")
    assert len(items[1].guid) == len("sha256:") + 64


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tidepool &lt;script&gt;alert(1)&lt;/script&gt; Witch", "Tidepool alert(1) Witch"),
        ("Tidepool &lt;img src=x onerror=alert(1)&gt; Witch", "Tidepool Witch"),
        ("Tidepool &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;", "Tidepool alert(1)"),
        ("<![CDATA[Tidepool <svg/onload=alert(1)> Witch]]>", "Tidepool Witch"),
        ("Release \u202egnp.exe\u202c schedule", "Release gnp.exe schedule"),
        ("Season 2 &lt;3 fans &amp; critics", "Season 2 <3 fans & critics"),
        ("Z" + "\u0336" * 200 + " title", "Z" + "\u0336" * 3 + " title"),
        ("Title \u2067مرحبا\u2069 end", "Title \u2067مرحبا\u2069 end"),
    ],
    ids=[
        "script",
        "event-handler",
        "escaped-twice",
        "cdata-svg",
        "rtl-override",
        "plain-lt",
        "zalgo",
        "isolate",
    ],
)
def test_titles_are_plain_text(title: str, expected: str) -> None:
    """A title is text: markup is removed, even escaped twice, and so are bidi overrides and
    long runs of combining marks; "<3" and balanced bidi isolates stay."""
    items = parse_body(
        rss(f"<item><title>{title}</title><guid isPermaLink='false'>framerate-news-8</guid></item>")
    )
    assert items[0].title == expected


def test_only_the_newest_items_are_kept() -> None:
    """Of a document with more than MAX_ITEMS items, the MAX_ITEMS newest by their own date
    are kept, in document order, wherever they stand in it."""
    total = MAX_ITEMS + 50
    start = FETCHED - timedelta(days=1)
    dated = [(n, start - timedelta(minutes=(n * 37) % total)) for n in range(total)]
    items = parse_body(
        rss(
            "".join(
                f"<item><title>Episode {n}</title><guid isPermaLink='false'>framerate-ep-{n}</guid>"
                f"<pubDate>{date:%a, %d %b %Y %H:%M:%S} GMT</pubDate></item>"
                for n, date in dated
            )
        )
    )
    newest = sorted(dated, key=lambda pair: pair[1], reverse=True)[:MAX_ITEMS]
    assert [i.guid for i in items] == [f"framerate-ep-{n}" for n, _ in sorted(newest)]


class _Depth(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1


def test_deeply_nested_html_is_flattened() -> None:
    """HTML nested 2,000 elements deep keeps its text but at most MAX_DEPTH levels, so
    code that walks it recursively cannot overflow the stack."""
    nested = "&lt;div&gt;" * 2000 + "deep text" + "&lt;/div&gt;" * 2000
    items = parse_body(
        rss(item("Deep", "framerate-news-9", f"<description>{nested}</description>"))
    )
    depth = _Depth()
    depth.feed(items[0].summary)
    assert depth.deepest == MAX_DEPTH
    assert "deep text" in items[0].summary


@pytest.mark.parametrize(
    "href",
    ["jav&amp;#x09;ascript:alert(1)", " &amp;#14; javascript:alert(2)", "JaVaScRiPt:alert(3)"],
)
def test_script_links_hidden_by_whitespace_are_removed(href: str) -> None:
    """A javascript: link disguised by a tab, a leading control character or letter case is
    dropped; it is never joined to the base URL as if it were a relative path."""
    description = f'&lt;p&gt;Read &lt;a href="{href}"&gt;this&lt;/a&gt;&lt;/p&gt;'
    items = parse_body(
        rss(item("Links", "framerate-news-10", f"<description>{description}</description>"))
    )
    assert items[0].summary == '<p>Read <a rel="noopener noreferrer">this</a></p>'


def test_relative_urls_in_rss_html_resolve_against_the_feed() -> None:
    """RSS has no xml:base: a relative image in an item's HTML resolves against the feed's URL."""
    items = parse_body(
        rss(
            "<item><title>Relative</title><guid isPermaLink='false'>framerate-news-11</guid>"
            "<link>https://framerate.example/news/2026/relative</link>"
            '<description>&lt;img src="img/still.jpg"&gt;</description></item>'
        )
    )
    assert items[0].summary == '<img src="https://framerate.example/img/still.jpg">'


def read(body: bytes, known: dict[str, str] | None = None) -> Parsed:
    return read_feed(
        body,
        source=SOURCE,
        headers={},
        fetched_at=FETCHED,
        base_url=SOURCE.url,
        known=known or {},
    )


def test_items_unchanged_since_the_last_document_are_not_read_again() -> None:
    """An item whose raw fields are byte for byte those of the last document (its digest is
    known) comes back as ``Seen`` with its article id; a new item and one whose text changed
    are read. Digests depend on the fields, not on the document around them."""
    day = "<pubDate>Fri, 20 Mar 2026 05:00:00 +0000</pubDate>"
    old = item("Iron Lantern Season 2 Delayed", "fr-1", day + "<description>To July.</description>")
    kept = item(
        "Starlit Courier Film Dated", "fr-2", "<description>In cinemas in May.</description>"
    )
    first = read(rss(old + kept))
    known = dict(zip(first.digests, (i.item_id for i in first.items), strict=True))
    assert len(known) == 2
    assert first.seen == []

    revised = old.replace("To July.", "To July, the studio said.")
    new = item("Tidal Ember Gets a Stage Play", "fr-3", "<description>In Osaka.</description>")
    second = read(rss(new + revised + kept), known)
    assert [i.title for i in second.items] == [
        "Tidal Ember Gets a Stage Play",
        "Iron Lantern Season 2 Delayed",
    ]
    assert second.items[1].item_id == first.items[0].item_id  # the revision: same article
    assert second.digests[1] not in known
    assert second.seen == [Seen(first.items[1].item_id, first.digests[1], FETCHED)]
    assert read(rss(kept), known).seen == second.seen  # the same fields, another document


def test_seen_items_count_towards_the_newest_kept() -> None:
    """``MAX_ITEMS`` keeps the newest of read and seen items alike, by their own dates."""
    items = [
        item(
            f"Report {n}",
            f"fr-{n}",
            f"<pubDate>{format_datetime(FETCHED - timedelta(hours=n))}</pubDate>",
        )
        for n in range(MAX_ITEMS + 2)
    ]
    first = read(rss("".join(items[2:])))
    known = dict(zip(first.digests, (i.item_id for i in first.items), strict=True))
    second = read(rss("".join(items)), known)
    assert [i.title for i in second.items] == ["Report 0", "Report 1"]
    assert len(second.seen) == MAX_ITEMS - 2
    assert max(s.date for s in second.seen) == FETCHED - timedelta(hours=2)
