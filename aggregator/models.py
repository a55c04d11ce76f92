"""Frozen dataclasses passed between the stages of a run. Touches nothing outside this process.

fetch produces ``Fetched``, parse turns it into ``Item``s, match assigns items to stories,
merge builds ``Story`` and ``StoryNote`` values, store saves them, and publish renders
``StoryEntry`` values (a story with its items and notes) into feeds.
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

FetchStatus = Literal["ok", "not_modified", "error"]
# What happened to a feed in a run: fetched (a FetchStatus), or not asked at all because it is
# not due yet ("deferred") or answered 410 Gone once ("gone").
OutcomeStatus = Literal["ok", "not_modified", "error", "deferred", "gone"]
NoteKind = Literal["source", "update", "revision"]


@dataclass(frozen=True, slots=True)
class Source:
    """One feed of feeds.yaml. ``name`` is unique and identifies the feed in the store."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """Validators of the last successful fetch, sent back as a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        """These validators as the headers of a conditional GET (RFC 9110 section 13.1)."""
        pairs = (("If-None-Match", self.etag), ("If-Modified-Since", self.last_modified))
        return {name: value for name, value in pairs if value is not None}

    def updated_by(self, headers: Mapping[str, str]) -> CacheInfo:
        """The validators a response's ``headers`` carry, each defaulting to these."""
        return CacheInfo(
            etag=headers.get("etag", self.etag),
            last_modified=headers.get("last-modified", self.last_modified),
        )


# Bytes of address space a parse worker may add to what it started with. A worker starts at
# about 45 MB; with this it stays under 300 MB whatever the feed. A legitimate 10 MiB feed needs
# about 50 MB; one of 140,000 tiny items (feedparser's dict per item) needs all of it.
PARSE_MEMORY = 240 << 20
PARSE_TIMEOUT = 30.0  # seconds one feed may take to parse


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How feeds are fetched (the ``fetch:`` section of feeds.yaml)."""

    user_agent: str
    timeout: float = 20.0  # seconds for connect, each read and each write
    deadline: float = 60.0  # seconds for a whole feed, however slowly it drips
    max_bytes: int = 10 * 1024 * 1024  # body cap, after decompression
    # All hosts together; per_host keeps each outlet at 2. High enough that a cycle of a few
    # hundred feeds costs one round trip, not one per 64 feeds (bodies are held until parsed
    # whatever this is, so it does not bound memory; max_bytes does, per feed).
    max_connections: int = 256
    per_host: int = 2  # concurrent requests to one host
    parse_workers: int = 0  # child processes parsing feeds; 0: one per CPU
    parse_memory: int = PARSE_MEMORY  # bytes one parse may take beyond a worker's start
    parse_timeout: float = PARSE_TIMEOUT  # seconds one feed may take to parse


# Marks a work's name in ``MatchSettings.aliases`` as a character's: a headline that names only
# the character ("Denji's Next Chapter") names the work, and the character's name stays beside
# the work's in the matcher's words, since two reports that both name it share more than the work.
CHARACTER = "@"


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """How articles are grouped into stories (the ``match:`` section of feeds.yaml)."""

    window_hours: float = 96.0  # only articles this close in their own dates are compared
    # Names of one work, in any language; a name that begins with CHARACTER is one of its
    # characters' (the known works': "Denji" for Chainsaw Man).
    aliases: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class OutputSettings:
    """What the published feeds say about themselves (the ``output:`` section)."""

    title: str
    url: str  # public base URL, ending in "/"; feed.atom is served at url + "feed.atom"
    max_entries: int = 100
    author: str = "aggregator"
    description: str = "Anime news from many outlets, one entry per story."


@dataclass(frozen=True, slots=True)
class Config:
    """A loaded, validated feeds.yaml."""

    path: Path
    store_dir: Path
    feeds: tuple[Source, ...]
    output: OutputSettings
    fetch: FetchSettings
    match: MatchSettings = field(default_factory=MatchSettings)
    priority: tuple[str, ...] = ()  # outlets preferred as a story's lead, most preferred first

    @property
    def db_path(self) -> Path:
        return self.store_dir / "aggregator.db"


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of fetching one feed: a body, a 304, or an error message."""

    source: Source
    status: FetchStatus
    fetched_at: datetime
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()  # lower-cased names
    final_url: str = ""
    http_status: int | None = None
    cache: CacheInfo = CacheInfo()  # validators to send next time
    error: str | None = None
    moved_to: str | None = None  # final_url, when every redirect on the way was permanent

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)


@dataclass(frozen=True, slots=True)
class PollState:
    """What the store remembers between runs about polling one feed (``schedule`` decides)."""

    cache: CacheInfo = CacheInfo()
    moved_to: str | None = None  # polled instead of the configured URL (301/308 seen)
    failures: int = 0  # failed polls in a row
    next_poll: datetime | None = None  # no request before this; None: due now
    hold_reason: str | None = None  # why next_poll: "Retry-After", "backoff after …", …
    gone_since: datetime | None = None  # answered 410 Gone: not polled until re-enabled
    ttl: int | None = None  # minutes, the <ttl> of the last document (kept across 304s)


@dataclass(frozen=True, slots=True)
class NextPoll:
    """When a feed may be polled again, decided from one poll's outcome (``schedule.plan``)."""

    at: datetime | None  # None: at the next run
    reason: str | None
    gone_since: datetime | None = None
    ttl: int | None = None  # minutes, to keep for the next 304


@dataclass(frozen=True, slots=True)
class Item:
    """One article as one feed gave it, cleaned."""

    item_id: str  # stable: hash of (source, guid or link)
    source: str  # Source.name
    guid: str
    url: str  # the link exactly as the feed gave it
    title: str  # plain text
    summary: str  # sanitised HTML
    content: str  # sanitised HTML, "" when the feed has only a summary
    published: datetime | None
    updated: datetime | None
    fetched: datetime  # when this copy was fetched
    author: str = ""
    image_url: str | None = None
    content_hash: str = ""

    @property
    def date(self) -> datetime:
        """The article's own date: published, else updated, else when it was fetched."""
        return self.published or self.updated or self.fetched


@dataclass(frozen=True, slots=True)
class Revision:
    """An article seen again with changed text: its previous and its new version."""

    before: Item
    after: Item


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world story; ``story_id`` never changes once published."""

    story_id: str
    title: str
    lead_item_id: str
    item_ids: tuple[str, ...]
    first_seen: datetime  # the earliest member's own date
    updated: datetime  # the latest time a source or a note was added, by the articles' dates


@dataclass(frozen=True, slots=True)
class StoryNote:
    """Something a later report or revision added to a story."""

    story_id: str
    at: datetime
    kind: NoteKind
    item_id: str
    text: str


@dataclass(frozen=True, slots=True)
class StoryEntry:
    """A story with everything needed to render it: members (lead first) and notes."""

    story: Story
    items: tuple[Item, ...]
    notes: tuple[StoryNote, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """What happened to one feed in one run."""

    source: str
    status: OutcomeStatus
    http_status: int | None = None
    items: int = 0  # items in the fetched document
    new: int = 0
    changed: int = 0
    error: str | None = None
    note: str | None = None  # why a feed was not polled ("deferred until …")


@dataclass(frozen=True, slots=True)
class RunReport:
    """The summary of one run, printed by ``run -v``."""

    outcomes: tuple[FeedOutcome, ...]
    stories_new: int = 0
    stories_updated: int = 0
    published: tuple[Path, ...] = ()

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status == "error")


@dataclass(frozen=True, slots=True)
class Seen:
    """An item the feed's last parsed document held unchanged (its bytes, or its raw fields,
    byte for byte): ``parse.read_feed`` does not read it again. ``date`` is its own date, for
    the ``MAX_ITEMS`` newest (the fetch time when it was skipped unparsed: a document of at
    most ``MAX_ITEMS`` items needs no ranking)."""

    item_id: str
    digest: str
    date: datetime


@dataclass(frozen=True, slots=True)
class Parsed:
    """A feed document's items: those read (``digests[i]`` identifies ``items[i]``'s raw
    fields) and those ``seen`` unchanged in the last document."""

    items: list[Item]
    digests: list[str]
    seen: list[Seen]
