"""Turns a fetched feed body into ``Item``s. Pure: bytes in, dataclasses out.

RSS and Atom documents are read by ``xmlfeed``, JSON Feed 1.0/1.1 by ``jsonfeed``, both into
raw entries. Every HTML field is sanitised again (``sanitize``) and every field is capped, so a
hostile feed cannot put scripts or megabytes into the store. An item is skipped, with one
warning per reason, when it has no guid and no usable link, nothing to show, a link longer
than ``MAX_URL`` or a character reference to no character; of the rest, the ``MAX_ITEMS``
newest are kept. ``read_feed`` also gives each entry a digest: an entry whose digest the
feed's last document held (the caller says which) is not read again but noted as ``Seen``.
An RSS or Atom item that ``rawitems`` finds in the document's bytes is hashed as bytes, and
recognised before the document is parsed; any other entry by its raw fields, once parsed.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from types import MappingProxyType
from typing import Any

from aggregator import rawitems
from aggregator.errors import ParseError
from aggregator.jsonfeed import json_entries, looks_like_json
from aggregator.models import Item, Parsed, Seen, Source
from aggregator.sanitize import (
    INVALID_REFERENCE,
    clean_link,
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
from aggregator.xmlfeed import xml_entries

log = logging.getLogger(__name__)

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
# Schemes a guid must not carry: it is published as an entry id and shown in the CLI.
_UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file", "about", "blob", "filesystem"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_BLANK = b" \t\r\n\xef\xbb\xbf\xfe\xff"  # whitespace, and the bytes of byte order marks


def parse_feed(
    body: bytes, *, source: Source, headers: Mapping[str, str], fetched_at: datetime, base_url: str
) -> list[Item]:
    """Items of the feed document ``body`` fetched from ``base_url``.

    Raises:
        ParseError: the body is not a feed, or is so broken that no item can be read.
    """
    return read_feed(
        body, source=source, headers=headers, fetched_at=fetched_at, base_url=base_url
    ).items


def read_feed(
    body: bytes,
    *,
    source: Source,
    headers: Mapping[str, str],
    fetched_at: datetime,
    base_url: str,
    known: Mapping[str, str] = MappingProxyType({}),
) -> Parsed:
    """``parse_feed``, but an entry whose digest is in ``known`` (digest -> item id, from the
    feed's last document) is only noted as ``Seen``: a poll that brings one new article among
    fifty reads one. An RSS or Atom item that ``rawitems`` finds in the bytes is recognised
    before parsing, by a digest of its bytes, and only the others are parsed; any other entry
    by a digest of its raw fields. Raises ``ParseError`` as ``parse_feed`` does."""
    if not body.strip(_BLANK):
        raise ParseError(source.name, "empty response body: the server sent no feed at all")
    if looks_like_json(body, headers):
        entries = json_entries(body, source)
    else:
        pieces = rawitems.cut(body)
        if pieces is not None:
            found = _read_cut(pieces, source, headers, fetched_at, base_url, known)
            if found is not None:
                return _collect(found, source)
        entries = xml_entries(body, source, headers, base_url)
    read = []
    for raw in entries:
        digest = _digest(raw, base_url)
        found_item = _seen(raw, known[digest], digest, fetched_at) if digest in known else None
        read.append((found_item or _to_item(raw, source, fetched_at, base_url), digest))
    return _collect(read, source)


def _read_cut(
    pieces: rawitems.Cut,
    source: Source,
    headers: Mapping[str, str],
    fetched_at: datetime,
    base_url: str,
    known: Mapping[str, str],
) -> list[tuple[Item | Seen | str, str]] | None:
    """Each item of a document cut into items, in order, with the digest of its bytes: those
    ``known`` as ``Seen``, the others parsed alone. A document of more than ``MAX_ITEMS`` is
    parsed whole, as its seen items need their own dates to rank; the others' are dated when
    fetched. None when the parse fails or does not give one entry per item parsed (the
    document is then read as if it could not be cut)."""
    digests = pieces.digests(base_url, headers)
    whole = len(digests) > MAX_ITEMS
    reading = [i for i, digest in enumerate(digests) if whole or digest not in known]
    entries: list[dict[str, Any]] = []
    if reading:
        document = pieces.keeping(reading) if len(reading) < len(digests) else pieces.body
        try:
            entries = xml_entries(document, source, headers, base_url)
        except ParseError:
            return None  # the whole document says why, or reads after all
        if len(entries) != len(reading):
            return None
    parsed = dict(zip(reading, entries, strict=True))
    read: list[tuple[Item | Seen | str, str]] = []
    for index, digest in enumerate(digests):
        raw = parsed.get(index)
        if digest in known:
            date = fetched_at if raw is None else _own_date(raw, fetched_at)
            read.append((Seen(known[digest], digest, date), digest))
        else:
            read.append((_to_item(parsed[index], source, fetched_at, base_url), digest))
    return read


def _collect(read: list[tuple[Item | Seen | str, str]], source: Source) -> Parsed:
    """``Parsed`` from each entry's item (or why it is skipped) and digest, in document order:
    a repeated guid keeps its first copy, and the ``MAX_ITEMS`` newest are kept."""
    items: dict[str, tuple[Item | Seen, str]] = {}
    skipped: Counter[str] = Counter()
    for item, digest in read:
        if isinstance(item, str):
            skipped[item] += 1
        else:
            items.setdefault(item.item_id, (item, digest))
    for reason, count in sorted(skipped.items()):
        log.warning("%s: skipped %d item(s): %s", source.name, count, reason)
    kept = _newest(list(items.values()), source)
    chosen = [(item, digest) for item, digest in kept if isinstance(item, Item)]
    return Parsed(
        [item for item, _ in chosen],
        [digest for _, digest in chosen],
        [item for item, _ in kept if isinstance(item, Seen)],
    )


def _digest(raw: Mapping[str, Any], base_url: str) -> str:
    """What identifies an entry's raw fields, and the URL its links resolve against: each field
    hashed in turn, length first (no copy of a huge field joined to the others)."""
    digest = hashlib.sha256(base_url.encode("utf-8", "surrogatepass"))
    for key in sorted(raw):
        value = raw[key] if isinstance(raw[key], str) else repr(raw[key])
        digest.update(f"\x1f{key}:{len(value)}:".encode())
        digest.update(value.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _seen(raw: Mapping[str, Any], item_id: str, digest: str, fetched_at: datetime) -> Seen:
    return Seen(item_id, digest, _own_date(raw, fetched_at))


def _own_date(raw: Mapping[str, Any], fetched_at: datetime) -> datetime:
    """An entry's own date (published, else updated), else when it was fetched."""
    date = _plausible(raw["published"], fetched_at) or _plausible(raw["updated"], fetched_at)
    return date or fetched_at


def _newest(items: list[tuple[Item | Seen, str]], source: Source) -> list[tuple[Item | Seen, str]]:
    """The ``MAX_ITEMS`` newest of ``items`` (by their own date), in document order."""
    if len(items) <= MAX_ITEMS:
        return items
    log.info("%s: %d items; keeping the %d newest", source.name, len(items), MAX_ITEMS)
    ranked = sorted(items, key=lambda pair: pair[0].date, reverse=True)[:MAX_ITEMS]
    newest = {item.item_id for item, _ in ranked}
    return [pair for pair in items if pair[0].item_id in newest]


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
