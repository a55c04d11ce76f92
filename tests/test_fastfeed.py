"""Tests for aggregator.fastfeed: whatever it reads, it reads as feedparser does.

Each document goes both ways (``fastfeed.read_entries`` and ``xmlfeed.feedparser_entries``)
and the raw entries ``parse`` builds items from must be equal wherever fastfeed reads the
document at all. The documents: every feed of tests/feeds/, the hostile corpus (where
../shared/tools/make_hostile.py is beside the repository), generated RSS and Atom documents
(hypothesis) mixing the elements, values and orders that change feedparser's reading, and a
named case for each of feedparser's rules fastfeed keeps and each kind of document it declines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.errors import ParseError
from aggregator.fastfeed import read_entries
from aggregator.models import Source
from aggregator.sanitize import bound_document, document_problem
from aggregator.xmlfeed import FEEDPARSER_RULES, _decode, feedparser_entries, from_feedparser
from tests.hostile_cases import GENERATOR

FEEDS = Path(__file__).parent / "feeds"
BASE = "https://wire.example/news/feed.xml"
NAMESPACES = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
)
# Feeds of the suite written as outlets write them, which the fast path must read itself.
OUTLET_STYLE = [
    "formats/rss20.xml",
    "seed/outlet-a.xml",
    "seed/outlet-b.xml",
    "reader/crystal-signal.atom",
    "reader/lantern-post.xml",
    "boilerplate/kitsune-wire-1.xml",
]


def both(body: bytes, base: str = BASE, headers: dict[str, str] | None = None) -> tuple[Any, Any]:
    """(fastfeed's entries or None, feedparser's entries or the ParseError), as ``parse``
    reads them (``from_feedparser``)."""
    headers = headers or {"content-type": "application/rss+xml"}
    text = _decode(body, headers)
    assert document_problem(text) is None
    document = bound_document(text).encode("utf-8")
    fast = read_entries(document, base, FEEDPARSER_RULES)
    try:
        entries, is_rss = feedparser_entries(document, base, Source("s", base), headers, text)
    except ParseError as error:
        return fast, error
    slow = [from_feedparser(entry, is_rss) for entry in entries]
    return (None if fast is None else [from_feedparser(e, fast[1]) for e in fast[0]]), slow


def same(body: bytes, base: str = BASE) -> list[dict[str, Any]] | None:
    """fastfeed's entries of ``body``, after checking they are feedparser's; None if declined."""
    fast, slow = both(body, base)
    if fast is not None:
        assert not isinstance(slow, ParseError), slow
        assert fast == slow
    return fast


def rss(items: str, channel: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {NAMESPACES}><channel>'
        f"<title>Wire</title><link>https://wire.example/</link>{channel}{items}</channel></rss>"
    ).encode()


def atom(entries: str, root: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
        f'xmlns:media="http://search.yahoo.com/mrss/"{root}><title>Wire</title>'
        f"<id>urn:wire</id>{entries}</feed>"
    ).encode()


FIXTURES = sorted(
    p.relative_to(FEEDS).as_posix()
    for p in FEEDS.rglob("*")
    if p.suffix in (".xml", ".atom", ".rdf")
)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_feed_of_the_suite_reads_as_feedparser_reads_it(name: str) -> None:
    read = same((FEEDS / name).read_bytes(), f"https://fixture.example/{name}")
    if name in OUTLET_STYLE:
        assert read, f"{name} should be read by the fast path"


def test_the_hostile_corpus_reads_as_feedparser_reads_it(tmp_path: Path) -> None:
    if not GENERATOR.is_file():
        pytest.skip(f"the hostile corpus generator {GENERATOR} is not beside the repository")
    command = [sys.executable, str(GENERATOR), str(tmp_path), "--profile", "ci", "--force"]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    read = 0
    for path in sorted(tmp_path.glob("*.xml")):
        body = path.read_bytes()
        if document_problem(_decode(body, {})) is None:
            read += same(body) is not None
    assert read >= 20  # most of the corpus is well-formed RSS the fast path reads


# Values that change feedparser's reading: entities, markup, relative and odd links, UTF-8
# read as Latin-1, C1 controls, e-mail addresses, spacing, emptiness, dates in many forms.
TEXTS = st.one_of(
    st.sampled_from(
        [
            "",
            "  Crimson Gate Season 2 Gets July Premiere  ",
            "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt;",
            "<p>A <a href='/news/2'>relative</a> link</p>",
            "Caf\u00c3\u00a9 Lumi\u00c3\u00a8re",
            "\x93Quoted\x94 \x85 \x81",
            "/news/2026/03/story?id=1&amp;ref=rss",
            "https://wire.example/news/a?x=1&amp;y=2&amp;z;",
            "tag:wire.example,2026:1",
            "//cdn.example/img.jpg",
            "editor@wire.example (Aiko Mori)",
            "Mon, 03 Nov 2025 10:00:00 +0000",
            "2025-11-03T10:00:00+09:00",
            "Tue, 31 Feb 2025 99:00:00 GMT",
            "not a date",
            "\u300c\u8d64\u3044\u96f7\u300d\u30a2\u30cb\u30e1\u5316",
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co")), max_size=24).map(escape),
)
CDATA = TEXTS.map(lambda t: f"<![CDATA[{t}]]>" if "]]>" not in t else t)
BODY = st.one_of(TEXTS, CDATA)
ATTRIBUTE = st.one_of(
    st.none(), st.sampled_from(["true", "false", "TRUE", "html", "text", "xhtml"])
)


@st.composite
def rss_item(draw: st.DrawFn) -> str:
    element = st.sampled_from(
        [
            "title", "link", "guid", "description", "content:encoded", "pubDate", "dc:date",
            "author", "dc:creator", "category", "comments", "enclosure", "media:thumbnail",
            "media:content", "atom:link", "source", "itunes:summary", "summary", "media:title",
        ]
    )  # fmt: skip
    names = draw(st.lists(element, max_size=9, unique=True))  # a field twice: a case below
    names += draw(st.lists(st.sampled_from(["category", "enclosure", "atom:link"]), max_size=2))
    parts = []
    for name in draw(st.permutations(names)):
        value, attribute = draw(BODY), draw(ATTRIBUTE)
        if name == "guid" and attribute is not None:
            parts.append(f"<guid isPermaLink={quoteattr(attribute)}>{value}</guid>")
        elif name in ("enclosure", "media:thumbnail", "media:content"):
            kind = draw(st.sampled_from(["image/jpeg", "IMAGE/PNG", "audio/mpeg"]))
            medium = draw(st.sampled_from(["", ' medium="image"', ' medium="video"']))
            parts.append(f"<{name} url={quoteattr(draw(TEXTS))} type={quoteattr(kind)}{medium}/>")
        elif name == "atom:link":
            rel = draw(st.sampled_from(["alternate", "self", "enclosure", "ALTERNATE"]))
            parts.append(f"<atom:link rel={quoteattr(rel)} href={quoteattr(draw(TEXTS))}/>")
        else:
            parts.append(f"<{name}>{value}</{name}>")
    return "<item>" + "".join(parts) + "</item>"


@st.composite
def atom_entry(draw: st.DrawFn) -> str:
    element = st.sampled_from(
        ["id", "title", "link", "published", "updated", "author", "summary", "content",
         "category", "media:thumbnail", "rights", "source"]
    )  # fmt: skip
    names = draw(st.lists(element, max_size=9, unique=True))
    names += draw(st.lists(st.sampled_from(["link", "category", "author"]), max_size=2))
    parts = []
    for name in draw(st.permutations(names)):
        value, kind = draw(BODY), draw(ATTRIBUTE)
        typed = f" type={quoteattr(kind)}" if kind else ""
        if name == "link":
            rel = draw(st.sampled_from(["", ' rel="alternate"', ' rel="enclosure"', ' rel="self"']))
            parts.append(f"<link{rel}{typed} href={quoteattr(draw(TEXTS))}/>")
        elif name == "author":
            children = draw(st.lists(st.sampled_from(["name", "email", "uri"]), max_size=3))
            inner = "".join(f"<{c}>{draw(TEXTS)}</{c}>" for c in children)
            parts.append(f"<author>{inner}</author>")
        elif name == "category":
            parts.append(f"<category term={quoteattr(draw(TEXTS))}/>")
        elif name == "media:thumbnail":
            parts.append(f"<media:thumbnail url={quoteattr(draw(TEXTS))}/>")
        else:
            parts.append(f"<{name}{typed}>{value}</{name}>")
    return "<entry>" + "".join(parts) + "</entry>"


BASES = st.sampled_from([BASE, "https://wire.example", "http://wire.example/a/b/", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(rss_item(), max_size=4), BASES)
def test_generated_rss_reads_as_feedparser_reads_it(items: list[str], base: str) -> None:
    same(rss("".join(items)), base)


@settings(max_examples=300, deadline=None)
@given(st.lists(atom_entry(), max_size=4), BASES, st.sampled_from(["", ' xml:base="/b/"']))
def test_generated_atom_reads_as_feedparser_reads_it(
    entries: list[str], base: str, root: str
) -> None:
    same(atom("".join(entries), root), base)


def test_a_permalink_guid_stands_in_for_a_missing_link_resolved_against_the_base() -> None:
    [entry] = same(rss("<item><title>T</title><guid>/news/1</guid></item>")) or [None]
    assert entry["url"] == "https://wire.example/news/1"
    assert entry["guid"] == "https://wire.example/news/1"
    [entry] = same(rss('<item><title>T</title><guid isPermaLink="false">/n/1</guid></item>')) or [
        None
    ]
    assert (entry["url"], entry["guid"]) == ("", "/n/1")


def test_an_escaped_ampersand_in_a_link_is_unescaped_as_feedparser_does() -> None:
    body = rss("<item><title>T</title><link>https://wire.example/a?x=1&amp;amp;y=2</link></item>")
    [entry] = same(body) or [None]
    assert entry["url"] == "https://wire.example/a?x=1&y=2"


def test_utf8_read_as_latin1_is_repaired_and_c1_controls_read_as_windows_1252() -> None:
    [entry] = same(rss("<item><title>Caf\u00c3\u00a9 \x93Lumi\u00e8re\x94</title></item>")) or [
        None
    ]
    assert entry["title"] == "Caf\u00c3\u00a9 \u201cLumi\u00e8re\u201d"  # not all Latin-1: kept
    [entry] = same(rss("<item><title>Caf\u00c3\u00a9 Noir</title></item>")) or [None]
    assert entry["title"] == "Caf\u00e9 Noir"


def test_content_fills_an_empty_summary_and_is_then_not_content() -> None:
    body = rss(
        "<item><title>T</title><content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item>"
    )
    [entry] = same(body) or [None]
    assert (entry["summary"], entry["content"], entry["html_base"]) == ("<p>Body</p>", "", BASE)


def test_an_atom_author_is_read_by_name_and_an_image_from_media_or_enclosures() -> None:
    body = atom(
        '<entry><id>tag:w,1</id><title>T</title><link href="/a/1"/>'
        "<author><email>x@wire.example</email><name> Aiko Mori </name></author>"
        '<link rel="enclosure" type="image/png" href="/i.png"/>'
        '<media:thumbnail url="https://cdn.example/t.jpg"/></entry>'
    )
    [entry] = same(body) or [None]
    assert entry["author"] == "Aiko Mori"
    assert entry["url"] == "https://wire.example/a/1"
    assert entry["image"] == "https://cdn.example/t.jpg"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(rss("<item><title>A</title><title>B</title></item>"), id="a field twice"),
        pytest.param(rss("<item><itunes:summary>S</itunes:summary></item>"), id="unknown element"),
        pytest.param(rss("<item><media:title>M</media:title></item>"), id="media title"),
        pytest.param(rss("<item><author>a@wire.example (A)</author></item>"), id="author e-mail"),
        pytest.param(rss('<item xml:base="/x/"><title>T</title></item>'), id="item xml:base"),
        pytest.param(rss("<item><title>T</title>"), id="malformed"),
        pytest.param(rss("<item><title>&nbsp;</title></item>"), id="undefined entity"),
        pytest.param(
            atom('<entry><content type="xhtml"><div>x</div></content></entry>'), id="xhtml"
        ),
        pytest.param(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="urn:r"/>', id="other root"),
        pytest.param(
            b'<!DOCTYPE rss SYSTEM "http://my.netscape.com/publish/formats/rss-0.91.dtd">'
            + rss("<item><title>T</title></item>").split(b"?>", 1)[1],
            id="doctype",
        ),
    ],
)
def test_documents_beyond_the_common_case_are_left_to_feedparser(body: bytes) -> None:
    fast, _ = both(body)
    assert fast is None
