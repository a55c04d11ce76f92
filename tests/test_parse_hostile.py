"""Tests for aggregator.parse on hostile or broken documents: what is refused, and why.

Each test is one tiny hand-written document for one defence (tests/feeds/formats/README.md
lists the well-formed ones); the hostile-feed corpus (tests/test_hostile.py) runs the same
defences through the whole CLI.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from aggregator.errors import ParseError
from aggregator.sanitize import MAX_CATEGORIES, bound_document
from tests.test_parse import parse_body, rss

ITEM = (
    "<item><title>Lantern Rail Film Sets a Summer Date</title>"
    "<guid isPermaLink='false'>framerate-news-41000</guid></item>"
)
LAUGHS = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))


def test_html_page_is_not_a_feed() -> None:
    """An HTML page (a site's home page given as the feed URL) raises ParseError."""
    page = (
        b"<!DOCTYPE html><html><head><title>Frame Rate Anime News</title></head><body>"
        b"<h1>Latest news</h1><p>Tidepool Witch opens to a strong first weekend.</p></body></html>"
    )
    with pytest.raises(ParseError, match="not an RSS, Atom or JSON feed: text/html"):
        parse_body(page, {"content-type": "text/html; charset=utf-8"})


def test_html_page_names_the_feed_it_links_to() -> None:
    """An HTML page with an RSS autodiscovery link says where the feed is, as an absolute URL."""
    page = (
        b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" '
        b'href="/feed/"><title>Frame Rate</title></head><body><p>News</p></body></html>'
    )
    with pytest.raises(ParseError, match=r"links to a feed at https://framerate\.example/feed/"):
        parse_body(page, {"content-type": "text/html"})


def test_invalid_json_raises_parse_error() -> None:
    """A truncated JSON Feed raises ParseError, not a JSONDecodeError."""
    with pytest.raises(ParseError, match="not valid JSON"):
        parse_body(
            b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1",',
            {"content-type": "application/feed+json"},
        )


@pytest.mark.parametrize(
    "body",
    [
        b'{"status": "ok", "articles": [{"headline": "Moonwell Academy anime announced"}]}',
        b'[{"id": "1", "title": "Moonwell Academy anime announced"}]',
        b'{"version": "1.1", "items": []}',
    ],
)
def test_json_that_is_not_a_json_feed(body: bytes) -> None:
    """JSON without a jsonfeed.org version (some site's own API) raises ParseError."""
    with pytest.raises(ParseError, match="not a JSON Feed"):
        parse_body(body, {"content-type": "application/json"})


@pytest.mark.parametrize(
    "body", [b"", b"\xef\xbb\xbf \n\t\r\n  \n"], ids=["empty", "bom-and-space"]
)
def test_empty_body_says_it_is_empty(body: bytes) -> None:
    """A 200 with no body, or only whitespace and a byte order mark, is an empty response."""
    with pytest.raises(ParseError, match="empty response body"):
        parse_body(body)


def test_body_is_never_read_as_a_path(tmp_path: Path) -> None:
    """A body that looks like a file path is parsed as bytes, never opened: /etc/passwd or
    even a path to a real feed file raises ParseError and shows none of the file."""
    with pytest.raises(ParseError) as caught:
        parse_body(b"/etc/passwd")
    assert "root:" not in str(caught.value)
    feed_file = tmp_path / "feed.xml"
    feed_file.write_bytes(rss(ITEM))
    with pytest.raises(ParseError):
        parse_body(str(feed_file).encode())


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param(f"<!DOCTYPE rss [{LAUGHS}]>", id="billion-laughs"),
        pytest.param(f'<!DOCTYPE rss [<!ENTITY a "{"A" * 5000}">]>', id="quadratic"),
        pytest.param(f'<!DOCTYPE rss [<!ENTITY x "<x">{LAUGHS}]>', id="hides-behind-<x"),
        pytest.param('<!DOCTYPE rss SYSTEM "<x" [<!ENTITY a "A">]>', id="<x-in-system-id"),
        pytest.param('<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd">%p;]>', id="xxe"),
        pytest.param('<!doctype rss [<!ENTITY a "A">]>', id="lower-case"),
    ],
)
def test_entity_declarations_are_refused(prolog: str) -> None:
    """A DTD internal subset (where entities are declared) refuses the whole document, before
    any parser can expand or fetch an entity."""
    body = rss(ITEM.replace("Lantern", "&l9; &a; Lantern")).replace(
        b"<rss", prolog.encode() + b"<rss"
    )
    with pytest.raises(ParseError, match="declares entities in a DTD"):
        parse_body(body)


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        pytest.param(
            f'<?xml version="1.0" encoding="utf-16"?><!DOCTYPE rss [{LAUGHS}]>',
            "utf-16",
            id="utf-16",
        ),
        pytest.param(
            '<?xml version="1.0" encoding="utf-7"?>+ADw-!DOCTYPE rss [+ADw-!ENTITY a "A">]>',
            "ascii",
            id="utf-7",
        ),
    ],
)
def test_entity_declarations_are_found_in_any_encoding(body: str, encoding: str) -> None:
    """The check reads the document as the parser will: decoded, so UTF-16 or a "<" written in
    UTF-7 ("+ADw-") cannot hide a DTD from it."""
    document = body + rss(ITEM).decode().split("?>", 1)[1]
    with pytest.raises(ParseError, match="declares entities in a DTD"):
        parse_body(document.encode(encoding))


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">',
        '<!DOCTYPE rss SYSTEM "http://127.0.0.1:1/never-fetched.dtd">',
    ],
    ids=["netscape-public", "system-url"],
)
def test_doctype_without_declarations_is_read(doctype: str) -> None:
    """A DOCTYPE that only names an external DTD (old RSS 0.91 feeds) is harmless: the DTD is
    never fetched and the items are read."""
    items = parse_body(rss(ITEM).replace(b"<rss", doctype.encode() + b"<rss"))
    assert [i.title for i in items] == ["Lantern Rail Film Sets a Summer Date"]


@pytest.mark.parametrize("reference", ["&#xD800;", "&#57343;", "&#x110000;", "&#99999999999;"])
def test_reference_to_no_character_skips_its_item(reference: str) -> None:
    """A character reference to a surrogate or beyond U+10FFFF (which makes feedparser raise)
    skips the item that holds it; the feed's other items are read."""
    items = parse_body(
        rss(
            f"<item><title>Tidepool Witch {reference} Weekend</title>"
            "<guid isPermaLink='false'>framerate-news-40700</guid></item>" + ITEM
        )
    )
    assert [i.guid for i in items] == ["framerate-news-41000"]


def test_control_character_references_in_xml_titles() -> None:
    """Control characters written as XML character references are removed from titles."""
    items = parse_body(
        rss(
            "<item><title>Gearwright&#x1; Saga&#x1b;&#0; Season 3</title>"
            "<guid isPermaLink='false'>framerate-news-40600</guid></item>"
        )
    )
    assert items[0].title == "Gearwright Saga Season 3"


def test_one_bad_utf8_byte_does_not_garble_the_rest() -> None:
    """Invalid UTF-8 bytes in a UTF-8 document become U+FFFD; the other titles keep their
    Japanese text instead of the whole document being re-read as ISO-8859-2."""
    bad = b"<item><title>Bad \xff\xc0\xaf byte</title><guid>framerate-news-1</guid></item>"
    good = "<item><title>葬送のフリーレン 第2期</title><guid>framerate-news-2</guid></item>"
    items = parse_body(
        rss(bad.decode("latin-1") + good).replace(b"\xc3\xbf\xc3\x80\xc2\xaf", b"\xff\xc0\xaf")
    )
    assert [i.title for i in items] == ["Bad \ufffd\ufffd\ufffd byte", "葬送のフリーレン 第2期"]


def test_categories_are_capped_per_item() -> None:
    """Each item keeps its first MAX_CATEGORIES categories (feedparser de-duplicates tags in
    quadratic time: 100,000 categories took 147 s); 20,000 parse in moments."""
    categories = "".join(f"<category>tag{n}</category>" for n in range(20_000))
    document = rss(ITEM.replace("</item>", categories + "</item>") * 2).decode()
    bounded = bound_document(document)
    per_item = [len(re.findall("<category>", item)) for item in bounded.split("<item>")[1:]]
    assert per_item == [MAX_CATEGORIES, MAX_CATEGORIES]
    started = time.monotonic()
    assert [i.guid for i in parse_body(document.encode())] == ["framerate-news-41000"]
    assert time.monotonic() - started < 10  # uncapped, this takes about a minute


def test_long_author_is_capped() -> None:
    """An author of 32,000 characters without spaces (feedparser's e-mail pattern backtracks
    over it quadratically: 5 s per item) is cut to 200 characters before parsing."""
    author = "a@" + "a." * 16_000 + "!"
    items = parse_body(rss(ITEM.replace("</item>", f"<author>{author}</author></item>") * 3))
    assert len(items) == 1
    assert items[0].author == author[:200]
