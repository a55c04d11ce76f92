"""Reads RSS 0.9x/1.0/2.0 and Atom documents into raw entries, the keys ``parse`` reads. Pure.

A document is decoded here as feedparser would (but one bad UTF-8 byte is replaced, not a
reason to re-read the whole document as ISO-8859-2), refused if it declares entities in a
DTD, and bounded (``sanitize.bound_document``). ``fastfeed`` reads the common well-formed
RSS 2.0 and Atom 1.0 document; feedparser reads every other (this and ``fastfeed`` are the
only modules importing it), from an ``io.BytesIO``: given a short ``bytes`` or ``str`` it may
treat it as a path or URL and read it. Dates come only from the ``*_parsed`` keys that are
really present, because ``FeedParserDict`` quietly answers ``updated`` with ``published``.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.api
import feedparser.datetimes
import feedparser.encodings
import feedparser.urls

from aggregator.errors import ParseError
from aggregator.fastfeed import Rules, read_entries
from aggregator.models import Source
from aggregator.sanitize import bound_document, document_problem

log = logging.getLogger(__name__)

# Always the stdlib's expat reader: feedparser prefers the libxml2 bindings where they are
# installed, and through them an external entity can read local files; naming expat here also
# wins over a parser named in the PY_SAX_PARSER environment variable.
feedparser.api.PREFERRED_XML_PARSERS = ["xml.sax.expatreader"]

# What fastfeed reads exactly as feedparser does, by feedparser's own functions.
FEEDPARSER_RULES = Rules(
    parse_date=feedparser.datetimes._parse_date,
    join=feedparser.urls._urljoin,
    safe_base=feedparser.urls.make_safe_absolute_uri,
)
# bozo reasons that leave a perfectly usable document behind
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([\w.:-]+)", re.I)
# An HTML page's feed autodiscovery link: <link rel="alternate" type="application/rss+xml" href>
_FEED_LINK = re.compile(
    r"<link\b(?=[^>]*\balternate\b)(?=[^>]*application/(?:rss|atom)\+xml)"
    r"[^>]*?\bhref=[\"']?([^\"'\s>]+)",
    re.I,
)


def xml_entries(
    body: bytes, source: Source, headers: Mapping[str, str], base_url: str
) -> list[dict[str, Any]]:
    """The raw entries (the keys ``parse`` reads) of the RSS or Atom document ``body``.

    Raises:
        ParseError: the document must not be parsed, is not a feed, or has no readable item.
    """
    text = _decode(body, headers)
    problem = document_problem(text)
    if problem is not None:
        raise ParseError(source.name, problem)
    document = bound_document(text).encode("utf-8")
    location = {"content-location": base_url, **headers}["content-location"]
    read = read_entries(document, location, FEEDPARSER_RULES)  # the common, well-formed case
    entries, is_rss = read or feedparser_entries(document, location, source, headers, text)
    return [from_feedparser(entry, is_rss) for entry in entries]


def feedparser_entries(
    document: bytes, location: str, source: Source, headers: Mapping[str, str], text: str
) -> tuple[list[Any], bool]:
    """feedparser's entries of the bounded UTF-8 ``document`` (``text`` before bounding) served
    from ``location``, and whether it is RSS.

    Raises:
        ParseError: it is not a feed, or has no readable item.
    """
    response_headers = {
        **headers,
        "content-type": "application/xml; charset=utf-8",
        "content-location": location,
    }
    try:
        # sanitize_html=False: feedparser's sanitiser drops a <script> tag but keeps its text,
        # which can itself be markup (document.write('<img src=...>')) that then turns live.
        # nh3 (``sanitize``) removes script elements with their content; see
        # tests/feeds/formats/README.md, rss20.xml. resolve_relative_uris=False: feedparser
        # would make "jav&#x09;ascript:..." an http URL by joining it to the base; ``sanitize``
        # reads the scheme first and resolves only what is safe, against the same base.
        parsed = feedparser.parse(
            io.BytesIO(document),
            response_headers=response_headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except MemoryError:
        raise  # the parse's memory limit (isolate reports it), not a broken document
    except Exception as exc:  # feedparser may raise anything on a document it cannot read
        raise ParseError(
            source.name, f"unreadable document ({type(exc).__name__}: {exc})"
        ) from None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    reason = f" ({type(problem).__name__}: {problem})" if problem else ""
    if not parsed.entries and not parsed.get("version"):
        content_type = headers.get("content-type", "unknown content type")
        message = f"not an RSS, Atom or JSON feed: {content_type}{reason}"
        if feed_link := _FEED_LINK.search(text[:65536]):
            message += f"; this page links to a feed at {urljoin(location, feed_link.group(1))}"
        raise ParseError(source.name, message)
    if problem is not None and type(problem).__name__ not in _HARMLESS_BOZO:
        if not parsed.entries:
            raise ParseError(source.name, f"malformed feed with no readable items{reason}")
        log.warning("%s: feed is malformed, read what could be read%s", source.name, reason)
    return parsed.entries, str(parsed.get("version", "")).startswith("rss")


def _decode(body: bytes, headers: Mapping[str, str]) -> str:
    """The document as text, decoded as feedparser decodes it.

    feedparser re-reads a whole document as ISO-8859-2 when its UTF-8 has one bad byte, which
    turns every other non-ASCII character into mojibake; a document that claims UTF-8 gets
    its bad bytes replaced with U+FFFD instead (hostile corpus, invalid_utf8).
    """
    charset = _CHARSET.search(headers.get("content-type", ""))
    declared = _DECLARED.match(body[:512])
    claims = {charset.group(1).lower()} if charset else set()
    claims |= {declared.group(1).decode("ascii").lower()} if declared else set()
    utf16 = body.startswith((b"\xfe\xff", b"\xff\xfe"))
    if (claims or {"utf-8"}) <= {"utf-8", "utf8"} and not utf16:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            body = body.decode("utf-8", "replace").encode("utf-8")
    result: dict[str, Any] = {}
    data = feedparser.encodings.convert_to_utf8(dict(headers), body, result)
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)


def from_feedparser(entry: Any, is_rss: bool) -> dict[str, Any]:
    """The fields ``parse`` reads, from one entry of feedparser or ``fastfeed``, as plain values."""
    contents = entry.get("content") or []
    html_contents = [c for c in contents if "html" in c.get("type", "")] or contents
    chosen: Any = max(html_contents, key=lambda c: len(c.get("value", "")), default={})
    content = chosen.get("value", "")
    # The base URI in effect for the HTML: xml:base, else the feed's own URL (the
    # content-location parse passes), as feedparser would have resolved it.
    detail = chosen if content else entry.get("summary_detail") or {}
    published = _struct_time(dict.get(entry, "published_parsed"))
    updated = _struct_time(dict.get(entry, "updated_parsed"))
    if is_rss and published is None:
        # feedparser reports RSS 1.0's dc:date as "updated"; in RSS it is the only date an item
        # has, so it is when the item was published (tests/feeds/formats/README.md, rss10.rdf).
        published, updated = updated, None
    # "author" reads "Name (email)" when the feed gives an email; republish only the name.
    author_detail = entry.get("author_detail") or {}
    return {
        "guid": entry.get("id") or "",
        "url": entry.get("link") or "",
        "title": entry.get("title", "") or "",  # plain text or HTML: clean_title reads both
        "summary": entry.get("summary", "") or "",
        "content": content if content != entry.get("summary") else "",
        "published": published,
        "updated": updated,
        "author": author_detail.get("name") or entry.get("author", "") or "",
        "image": _image(entry),
        "html_base": detail.get("base") or "",
    }


def _struct_time(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _image(entry: Any) -> str | None:
    for key in ("media_thumbnail", "media_content"):
        for media in entry.get(key) or []:
            if media.get("url") and media.get("medium", "image") == "image":
                return str(media["url"])
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href"))
    return None
