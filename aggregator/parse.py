"""Turns a fetched feed body into ``Item``s. Pure: bytes in, dataclasses out.

RSS 0.9x/1.0/2.0 and Atom go through feedparser (the only module importing it); JSON Feed
1.0/1.1 is read by ``jsonfeed``. feedparser always gets an ``io.BytesIO``: given a short
``bytes`` or ``str`` it may treat it as a path or URL and read it. Before feedparser parses a
document, it is decoded here as feedparser would (but one bad UTF-8 byte is replaced, not a
reason to re-read the whole document as ISO-8859-2), refused if it declares entities in a
DTD, and bounded (``sanitize.bound_document``). Dates come only from the ``*_parsed`` keys
that are really present, because ``FeedParserDict`` quietly answers ``updated`` with
``published``. Every HTML field is sanitised again (``sanitize``) and every field is capped,
so a hostile feed cannot put scripts or megabytes into the store. An item is skipped, with
one warning per reason, when it has no guid and no usable link, nothing to show, a link
longer than ``MAX_URL`` or a character reference to no character; of the rest, the
``MAX_ITEMS`` newest are kept.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
import time
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser
import feedparser.api
import feedparser.encodings

from aggregator.errors import ParseError
from aggregator.jsonfeed import json_entries, looks_like_json
from aggregator.models import Item, Source
from aggregator.sanitize import (
    INVALID_REFERENCE,
    bound_document,
    clean_link,
    document_problem,
    sanitize_html,
)
from aggregator.text import (
    clean_title,
    collapse_space,
    html_to_text,
    stable_hash,
    strip_control,
    strip_userinfo,
)

log = logging.getLogger(__name__)

# Always the stdlib's expat reader: feedparser prefers the libxml2 bindings where they are
# installed, and through them an external entity can read local files; naming expat here also
# wins over a parser named in the PY_SAX_PARSER environment variable.
feedparser.api.PREFERRED_XML_PARSERS = ["xml.sax.expatreader"]

# Items kept per feed per poll, the newest: real news feeds carry 10-100, and a feed of 10,000
# items must not flood the store or the published feed (hostile corpus, items_10k).
MAX_ITEMS = 200
MAX_TITLE = 300  # characters
MAX_URL = 2048  # characters; browsers and servers refuse longer links
MAX_GUID = 1024  # characters; a longer guid is replaced by its hash
MAX_AUTHOR = 200
MAX_SUMMARY = 20_000
MAX_CONTENT = 200_000
# Dates outside [EARLIEST, fetched + FUTURE_SLACK] are typos or placeholders (year 9999, the
# Unix epoch); the article then falls back to when it was first seen.
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
# bozo reasons that leave a perfectly usable document behind
_HARMLESS_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")
# Schemes a guid must not carry: it is published as an entry id and shown in the CLI.
_UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file", "about", "blob", "filesystem"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_BLANK = b" \t\r\n\xef\xbb\xbf\xfe\xff"  # whitespace, and the bytes of byte order marks
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([\w.:-]+)", re.I)
# An HTML page's feed autodiscovery link: <link rel="alternate" type="application/rss+xml" href>
_FEED_LINK = re.compile(
    r"<link\b(?=[^>]*\balternate\b)(?=[^>]*application/(?:rss|atom)\+xml)"
    r"[^>]*?\bhref=[\"']?([^\"'\s>]+)",
    re.I,
)


def parse_feed(
    body: bytes, *, source: Source, headers: Mapping[str, str], fetched_at: datetime, base_url: str
) -> list[Item]:
    """Items of the feed document ``body`` fetched from ``base_url``.

    Raises:
        ParseError: the body is not a feed, or is so broken that no item can be read.
    """
    if not body.strip(_BLANK):
        raise ParseError(source.name, "empty response body: the server sent no feed at all")
    if looks_like_json(body, headers):
        entries = json_entries(body, source)
    else:
        entries = _xml_entries(body, source, headers, base_url)
    items: dict[str, Item] = {}
    skipped: Counter[str] = Counter()
    for raw in entries:
        item = _to_item(raw, source, fetched_at, base_url)
        if isinstance(item, str):
            skipped[item] += 1
        else:
            items.setdefault(item.item_id, item)  # a repeated guid keeps its first copy
    for reason, count in sorted(skipped.items()):
        log.warning("%s: skipped %d item(s): %s", source.name, count, reason)
    return _newest(list(items.values()), source)


def _newest(items: list[Item], source: Source) -> list[Item]:
    """The ``MAX_ITEMS`` newest of ``items`` (by their own date), in document order."""
    if len(items) <= MAX_ITEMS:
        return items
    log.info("%s: %d items; keeping the %d newest", source.name, len(items), MAX_ITEMS)
    newest = {i.item_id for i in sorted(items, key=lambda i: i.date, reverse=True)[:MAX_ITEMS]}
    return [item for item in items if item.item_id in newest]


def _xml_entries(
    body: bytes, source: Source, headers: Mapping[str, str], base_url: str
) -> list[dict[str, Any]]:
    text = _decode(body, headers)
    problem = document_problem(text)
    if problem is not None:
        raise ParseError(source.name, problem)
    response_headers = {**headers, "content-type": "application/xml; charset=utf-8"}
    response_headers.setdefault("content-location", base_url)
    try:
        # sanitize_html=False: feedparser's sanitiser drops a <script> tag but keeps its text,
        # which can itself be markup (document.write('<img src=...>')) that then turns live.
        # nh3 (``sanitize``) removes script elements with their content; see
        # tests/feeds/formats/README.md, rss20.xml. resolve_relative_uris=False: feedparser
        # would make "jav&#x09;ascript:..." an http URL by joining it to the base; ``sanitize``
        # reads the scheme first and resolves only what is safe, against the same base.
        parsed = feedparser.parse(
            io.BytesIO(bound_document(text).encode("utf-8")),
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
            message += f"; this page links to a feed at {urljoin(base_url, feed_link.group(1))}"
        raise ParseError(source.name, message)
    if problem is not None and type(problem).__name__ not in _HARMLESS_BOZO:
        if not parsed.entries:
            raise ParseError(source.name, f"malformed feed with no readable items{reason}")
        log.warning("%s: feed is malformed, read what could be read%s", source.name, reason)
    is_rss = str(parsed.get("version", "")).startswith("rss")
    return [_from_feedparser(entry, is_rss) for entry in parsed.entries]


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


def _from_feedparser(entry: Any, is_rss: bool) -> dict[str, Any]:
    """The fields we use, from one feedparser entry, as plain values."""
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


def _plausible(value: datetime | None, fetched_at: datetime) -> datetime | None:
    if value is None or value < EARLIEST or value > fetched_at + FUTURE_SLACK:
        return None
    return value


def _to_item(
    raw: dict[str, Any], source: Source, fetched_at: datetime, base_url: str
) -> Item | str:
    """The ``Item`` of one entry, or why it is skipped."""
    if any(INVALID_REFERENCE in value for value in raw.values() if isinstance(value, str)):
        return "a character reference to no character (such as &#xD800;)"
    url = strip_control(raw["url"]).strip()
    if len(url) > MAX_URL:
        return f"a link longer than {MAX_URL} characters"
    link = clean_link(url, base_url) if url else None
    url = strip_userinfo(url) if link else ""  # the link as the feed gave it, if usable
    guid = _guid(raw["guid"]) or url
    if not guid:
        return "no guid and no usable http(s) link to identify it"
    html_base = raw.get("html_base") or link or base_url
    summary = sanitize_html(raw["summary"][:MAX_SUMMARY], html_base)
    content = sanitize_html(raw["content"][:MAX_CONTENT], html_base)
    title = clean_title(raw["title"][: MAX_TITLE * 4])[:MAX_TITLE]
    text = html_to_text(content or summary)
    if not title and not text:
        return "nothing to show (no title and no text)"
    return Item(
        item_id=stable_hash(source.name, guid),
        source=source.name,
        guid=guid,
        url=url,
        title=title or clean_title(text[:MAX_TITLE])[:120],
        summary=summary,
        content=content,
        published=_plausible(raw["published"], fetched_at),
        updated=_plausible(raw["updated"], fetched_at),
        fetched=fetched_at,
        author=clean_title(raw["author"][: MAX_AUTHOR * 4])[:MAX_AUTHOR],
        image_url=clean_link(raw["image"], link or base_url) if raw["image"] else None,
        content_hash=stable_hash(title, summary, content),
    )


def _guid(raw: str) -> str:
    """The entry's guid as an identity: "" when it carries a script or local-file URL, and
    hashed when longer than ``MAX_GUID``."""
    guid = collapse_space(raw)
    scheme = _SCHEME.match(re.sub(r"[\t\r\n]", "", guid))
    if scheme and scheme.group(1).lower() in _UNSAFE_SCHEMES:
        return ""
    return guid if len(guid) <= MAX_GUID else f"sha256:{stable_hash(guid, length=64)}"
