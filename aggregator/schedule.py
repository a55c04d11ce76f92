"""When each feed may be polled again: the rules that keep cron runs polite. Pure.

A feed is polled at every run unless something below holds it back. Every wait is capped at
``MAX_WAIT``, so no answer, however hostile, stops a feed's polling for more than a day.

- **410 Gone** disables the feed (``gone_since``) until its URL in feeds.yaml changes or a run
  is started with ``--force``.
- **Failures back off.** Any failed poll (network error, HTTP error, a body that is not a feed)
  holds the feed ``BACKOFF_BASE`` doubled per failure in a row: 10, 20, 40, 80 minutes and so
  on, up to a day after nine. A success resets the count.
- **Retry-After** on a 429 or 503 (seconds, or an HTTP date read against the response's own
  Date header, so a server with a wrong clock is still understood) holds the feed that long
  when that is longer than its backoff; a date in the past or an unreadable value leaves the
  backoff alone.
- **Minimum intervals** after a success: Cache-Control max-age (less the response's Age; or
  Expires, when there is no max-age) and the RSS channel's ``<ttl>`` (minutes); the longer one
  holds the feed. A 304 keeps the ``<ttl>`` of the last document.

``run --force`` ignores all of them. A feed becomes due ``DUE_SLACK`` early, because cron starts
each run on the minute but a run reads the clock a moment later; a server's Retry-After is
kept to the second.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from aggregator.models import CacheInfo, FeedOutcome, Fetched, NextPoll, PollState, Source
from aggregator.text import iso_utc

log = logging.getLogger(__name__)

# A single failure costs a 5-minute cron one skipped run and a 15-minute cron none; a feed
# that stays down is asked 8 times in its first day, then about once a day.
BACKOFF_BASE = timedelta(minutes=10)
# The longest any rule holds a feed (hostile corpus: http_429_retry_after_huge asks for 31
# years); an outlet that comes back is seen again within a day.
MAX_WAIT = timedelta(days=1)
# cron starts runs on the minute; a feed due within this much of a run's clock is polled now
# rather than a whole cron period later (a 15-minute <ttl> on a 15-minute cron).
DUE_SLACK = timedelta(minutes=1)
RETRY_AFTER = "Retry-After"
RETRY_STATUSES = (429, 503)  # where RFC 9110 section 10.2.3 and RFC 6585 use Retry-After
GONE = 410
# The channel's <ttl>, read from the document's head, before its first item or entry (an
# item's text may say anything). RSS 2.0: "number of minutes that indicates how long a
# channel can be cached before refreshing from the source".
_TTL = re.compile(rb"<ttl>\s*(\d{1,9})\s*</ttl>")
_FIRST_ITEM = re.compile(rb"<(?:item|entry)[\s>]")
_HEAD_BYTES = 65536
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d{1,12})", re.I)


def split_due(
    feeds: Sequence[Source], polls: Mapping[str, PollState], now: datetime, *, force: bool
) -> tuple[list[tuple[Source, CacheInfo]], list[FeedOutcome]]:
    """The feeds to poll now, each at its current URL with its validators, and the rest as
    "deferred" or "gone" outcomes saying why; ``force`` polls every feed."""
    due: list[tuple[Source, CacheInfo]] = []
    held: list[FeedOutcome] = []
    for source in feeds:
        poll = polls.get(source.name, PollState())
        why = None if force else why_held(poll, now)
        if why is not None:
            held.append(
                FeedOutcome(source.name, "gone" if poll.gone_since else "deferred", note=why)
            )
        else:
            due.append((replace(source, url=poll.moved_to or source.url), poll.cache))
    return due, held


def why_held(poll: PollState, now: datetime) -> str | None:
    """Why a run must not poll this feed now, or None when it is due."""
    if poll.gone_since is not None:
        return describe(NextPoll(None, None, gone_since=poll.gone_since))
    if poll.next_poll is None:
        return None
    slack = timedelta(0) if poll.hold_reason == RETRY_AFTER else DUE_SLACK
    if now + slack >= poll.next_poll:
        return None
    return describe(NextPoll(poll.next_poll, poll.hold_reason))


def describe(plan: NextPoll) -> str:
    """What a hold means for the feed, as a run or ``aggregator feeds`` tells it."""
    if plan.gone_since is not None:
        return (
            f"gone (HTTP 410) since {iso_utc(plan.gone_since)}; remove it from feeds.yaml or"
            " change its URL (`run --force` tries it once more)"
        )
    if plan.at is None:
        return "due at the next run"
    return f"deferred until {iso_utc(plan.at)} ({plan.reason})"


def plan_all(
    fetched: Sequence[Fetched], outcomes: Sequence[FeedOutcome], polls: Mapping[str, PollState]
) -> list[tuple[str, NextPoll]]:
    """The next poll of each fetched feed, by name, from its outcome in this run."""
    failed = {o.source for o in outcomes if o.status == "error"}
    plans = []
    for result in fetched:
        name = result.source.name
        poll = polls.get(name, PollState())
        if result.moved_to and result.moved_to != poll.moved_to and name not in failed:
            log.warning(
                "%s moved permanently to %s; polling it there from now on (feeds.yaml is not"
                " rewritten: change the URL there to make it stick)",
                name,
                result.moved_to,
            )
        plans.append((name, plan(result, poll, failed=name in failed)))
    return plans


def report_order(
    feeds: Sequence[Source],
    outcomes: Sequence[FeedOutcome],
    plans: Sequence[tuple[str, NextPoll]],
    held: Sequence[FeedOutcome],
) -> tuple[FeedOutcome, ...]:
    """Every feed's outcome in feeds.yaml order; a failure notes when it is polled next."""
    later = dict(plans)
    noted = [
        replace(o, note=describe(later[o.source])) if o.status == "error" else o for o in outcomes
    ]
    position = {source.name: n for n, source in enumerate(feeds)}
    return tuple(sorted([*noted, *held], key=lambda o: position.get(o.source, len(position))))


def plan(fetched: Fetched, poll: PollState, *, failed: bool) -> NextPoll:
    """When the feed may be polled again after ``fetched`` (a failure when ``failed``)."""
    at = fetched.fetched_at
    if failed:
        failures = poll.failures + 1
        wait, reason = backoff(failures), f"backoff after {_failures(failures)} in a row"
        asked = retry_after(fetched) if fetched.http_status in RETRY_STATUSES else None
        if asked is not None and asked >= wait:
            wait, reason = asked, RETRY_AFTER
        gone = (poll.gone_since or at) if fetched.http_status == GONE else None
        return NextPoll(_ceil_second(at + wait), reason, gone_since=gone, ttl=poll.ttl)
    ttl = read_ttl(fetched.body) if fetched.status == "ok" else poll.ttl
    holds = [(timedelta(minutes=ttl), f"RSS ttl {ttl} min")] if ttl else []
    if fresh := freshness(fetched):
        holds.append(fresh)
    if not holds:
        return NextPoll(None, None, ttl=ttl)
    wait, reason = max(holds)
    return NextPoll(_ceil_second(at + min(wait, MAX_WAIT)), reason, ttl=ttl)


def backoff(failures: int) -> timedelta:
    """The wait after ``failures`` failed polls in a row: ``BACKOFF_BASE`` doubled per
    failure after the first, at most ``MAX_WAIT``."""
    doublings = min(max(failures - 1, 0), 20)  # 2**20 bases is far beyond the cap already
    return min(BACKOFF_BASE * (1 << doublings), MAX_WAIT)


def retry_after(fetched: Fetched) -> timedelta | None:
    """The response's Retry-After as a wait of at most ``MAX_WAIT``; None when it is missing,
    unreadable, or not in the future."""
    value = (fetched.header("retry-after") or "").strip()
    if value.isdecimal():
        seconds = min(int(value), int(MAX_WAIT.total_seconds()))
        return timedelta(seconds=seconds) if seconds > 0 else None
    when = _http_date(value)
    if when is None:
        return None
    wait = when - (_http_date(fetched.header("date")) or fetched.fetched_at)
    return min(wait, MAX_WAIT) if wait > timedelta(0) else None


def freshness(fetched: Fetched) -> tuple[timedelta, str] | None:
    """How long the response stays fresh by its own headers (RFC 9111 section 4.2), and which
    header says so; None when it says nothing, or no-cache or no-store."""
    control = fetched.header("cache-control") or ""
    if re.search(r"no-(?:cache|store)", control, re.I):
        return None
    if found := _MAX_AGE.search(control):
        max_age = min(int(found.group(1)), int(MAX_WAIT.total_seconds()))
        age = (fetched.header("age") or "").strip()
        fresh = timedelta(seconds=max_age - (int(age) if age.isdecimal() and len(age) < 12 else 0))
        return (fresh, f"Cache-Control max-age={max_age}") if fresh > timedelta(0) else None
    expires = _http_date(fetched.header("expires"))
    if expires is None:
        return None
    fresh = expires - (_http_date(fetched.header("date")) or fetched.fetched_at)
    return (fresh, "Expires") if fresh > timedelta(0) else None


def read_ttl(body: bytes) -> int | None:
    """The RSS channel's ``<ttl>`` in minutes, or None when it has none (or it is 0)."""
    head = body[:_HEAD_BYTES]
    if first := _FIRST_ITEM.search(head):
        head = head[: first.start()]
    found = _TTL.search(head)
    return int(found.group(1)) or None if found else None


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date (RFC 9110 section 5.6.7) as an aware datetime, or None."""
    try:
        parsed = parsedate_to_datetime(value or "")
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _ceil_second(value: datetime) -> datetime:
    """``value`` rounded up to the second: the store keeps whole seconds, and a wait must not
    end early."""
    return value if not value.microsecond else value.replace(microsecond=0) + timedelta(seconds=1)


def _failures(count: int) -> str:
    return f"{count} failure" if count == 1 else f"{count} failures"
