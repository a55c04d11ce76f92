"""Tests for aggregator.schedule: when a feed may be polled again. Pure: values in, values out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aggregator.models import CacheInfo, FeedOutcome, Fetched, NextPoll, PollState, Source
from aggregator.schedule import (
    BACKOFF_BASE,
    DUE_SLACK,
    MAX_WAIT,
    backoff,
    freshness,
    plan,
    read_ttl,
    report_order,
    retry_after,
    split_due,
    why_held,
)

NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
FEED = Source("Anime Corner", "https://animecorner.example/feed/")
HTTP_DATE = "Fri, 20 Nov 2026 14:00:00 GMT"  # NOW as an HTTP date
RSS_TTL = (
    b"<rss><channel><title>t</title><ttl>%s</ttl><item><title>a</title></item></channel></rss>"
)


def answer(status: int, *headers: tuple[str, str], body: bytes = b"") -> Fetched:
    """What fetch makes of an answer with this status, headers and body at NOW."""
    kind = "ok" if status == 200 else "not_modified" if status == 304 else "error"
    lowered = tuple((name.lower(), value) for name, value in headers)
    return Fetched(FEED, kind, NOW, body=body, headers=lowered, http_status=status)


def after(fetched: Fetched, poll: PollState = PollState()) -> NextPoll:  # noqa: B008 (frozen)
    return plan(fetched, poll, failed=fetched.status == "error")


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(1, 10), (2, 20), (3, 40), (4, 80), (5, 160), (8, 1280), (9, 1440), (500, 1440)],
)
def test_backoff_doubles_per_failure_in_a_row_up_to_a_day(failures: int, minutes: int) -> None:
    """10 minutes after one failure, doubling with each further one, never more than a day."""
    assert backoff(failures) == timedelta(minutes=minutes)


def test_a_failure_holds_the_feed_for_its_backoff() -> None:
    """A 404 after two earlier failures is the third in a row: 40 minutes."""
    result = after(answer(404), PollState(failures=2))
    assert result == NextPoll(NOW + timedelta(minutes=40), "backoff after 3 failures in a row")


@pytest.mark.parametrize(
    ("value", "wait"),
    [
        ("7200", timedelta(hours=2)),  # hostile corpus http_429_retry_after_seconds
        ("999999999", MAX_WAIT),  # http_429_retry_after_huge: clamped
        (" 3600 ", timedelta(hours=1)),
        ("Fri, 20 Nov 2026 16:00:00 GMT", timedelta(hours=2)),
    ],
)
def test_retry_after_as_seconds_or_date_is_a_wait_of_at_most_a_day(
    value: str, wait: timedelta
) -> None:
    """Delta seconds and HTTP dates both give the wait, clamped to MAX_WAIT."""
    assert retry_after(answer(429, ("Retry-After", value))) == wait


def test_retry_after_date_is_read_against_the_servers_date_header() -> None:
    """A server whose clock is years off still means "two hours from now" (hostile corpus
    http_429_retry_after_date)."""
    headers = [
        ("Date", "Mon, 01 Jan 2024 00:00:00 GMT"),
        ("Retry-After", "Mon, 01 Jan 2024 02:00:00 GMT"),
    ]
    assert retry_after(answer(429, *headers)) == timedelta(hours=2)
    result = after(answer(429, *headers))
    assert result == NextPoll(NOW + timedelta(hours=2), "Retry-After")


@pytest.mark.parametrize("value", ["soon", "", "-5", "0", "Thu, 19 Nov 2026 14:00:00 GMT"])
def test_unreadable_or_past_retry_after_falls_back_to_the_backoff(value: str) -> None:
    """Garbage, zero, negative or a date in the past: the normal backoff, no crash."""
    fetched = answer(429, ("Retry-After", value), ("Date", HTTP_DATE))
    assert retry_after(fetched) is None
    assert after(fetched).reason == "backoff after 1 failure in a row"
    assert after(fetched).at == NOW + BACKOFF_BASE


def test_retry_after_shorter_than_the_backoff_leaves_the_backoff() -> None:
    """A 503 asking for two minutes on a feed that failed four times before waits 160 min."""
    result = after(answer(503, ("Retry-After", "120")), PollState(failures=4))
    assert result.at == NOW + timedelta(minutes=160)
    assert result.reason == "backoff after 5 failures in a row"


def test_retry_after_counts_only_on_429_and_503() -> None:
    """A 500 that sends Retry-After is backed off like any failure."""
    assert after(answer(500, ("Retry-After", "7200"))).at == NOW + BACKOFF_BASE


def test_410_marks_the_feed_gone_and_keeps_the_first_date() -> None:
    """The first 410 sets gone_since; a forced poll that gets 410 again keeps that date."""
    assert after(answer(410)).gone_since == NOW
    earlier = NOW - timedelta(days=3)
    assert after(answer(410), PollState(gone_since=earlier, failures=1)).gone_since == earlier


def test_success_without_caching_hints_is_due_at_the_next_run() -> None:
    """A plain 200 resets everything: no next_poll, no reason."""
    assert after(answer(200, body=b"<rss/>"), PollState(failures=6)) == NextPoll(None, None)


def test_max_age_less_age_is_a_minimum_interval() -> None:
    """Cache-Control max-age=900 with Age 300: fresh for ten more minutes."""
    fetched = answer(200, ("Cache-Control", "public, max-age=900"), ("Age", "300"))
    assert freshness(fetched) == (timedelta(minutes=10), "Cache-Control max-age=900")
    assert after(fetched).at == NOW + timedelta(minutes=10)


@pytest.mark.parametrize(
    "headers",
    [
        [("Cache-Control", "no-cache, max-age=900")],
        [("Cache-Control", "max-age=60"), ("Age", "120")],
        [("Expires", "Thu, 19 Nov 2026 14:00:00 GMT"), ("Date", HTTP_DATE)],
        [("Expires", "0")],
    ],
    ids=["no-cache", "already-stale", "expired", "expires-garbage"],
)
def test_stale_or_uncachable_responses_set_no_interval(headers: list[tuple[str, str]]) -> None:
    """no-cache, an Age past max-age, a past or unreadable Expires: no minimum interval."""
    assert freshness(answer(200, *headers)) is None


def test_expires_counts_from_the_date_header() -> None:
    """Without max-age, Expires less Date is the interval."""
    fetched = answer(200, ("Expires", "Fri, 20 Nov 2026 14:30:00 GMT"), ("Date", HTTP_DATE))
    assert freshness(fetched) == (timedelta(minutes=30), "Expires")


def test_rss_ttl_is_a_minimum_interval_and_the_longer_hold_wins() -> None:
    """<ttl>60</ttl> beats max-age=600; the ttl is kept for later 304s."""
    fetched = answer(200, ("Cache-Control", "max-age=600"), body=RSS_TTL % b"60")
    assert after(fetched) == NextPoll(NOW + timedelta(hours=1), "RSS ttl 60 min", ttl=60)


def test_a_304_keeps_the_ttl_of_the_last_document() -> None:
    """A 304 has no body; the stored ttl still holds the feed."""
    result = after(answer(304), PollState(ttl=30))
    assert result == NextPoll(NOW + timedelta(minutes=30), "RSS ttl 30 min", ttl=30)


@pytest.mark.parametrize(
    "headers",
    [[("Cache-Control", "max-age=99999999999")], [("Expires", "Fri, 01 Jan 2100 00:00:00 GMT")]],
)
def test_a_huge_interval_is_capped_at_a_day(headers: list[tuple[str, str]]) -> None:
    """No max-age, Expires or ttl stops polling for more than MAX_WAIT."""
    assert after(answer(200, *headers)).at == NOW + MAX_WAIT
    assert after(answer(200, body=RSS_TTL % b"525600")).at == NOW + MAX_WAIT


@pytest.mark.parametrize(
    ("body", "ttl"),
    [
        (RSS_TTL % b" 15 ", 15),
        (RSS_TTL % b"0", None),
        (RSS_TTL % b"soon", None),
        (
            b"<rss><channel><item><description><ttl>5</ttl></description></item></channel></rss>",
            None,
        ),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', None),
    ],
    ids=["spaces", "zero", "garbage", "inside-an-item", "atom"],
)
def test_read_ttl_takes_only_the_channels_own_ttl(body: bytes, ttl: int | None) -> None:
    """The channel's <ttl> before the first item counts; an item's text never does."""
    assert read_ttl(body) == ttl


def test_a_wait_never_ends_early_at_a_fraction_of_a_second() -> None:
    """The store keeps whole seconds, so next_poll is rounded up."""
    fetched = answer(429, ("Retry-After", "7200"))
    late = Fetched(
        FEED, "error", NOW + timedelta(microseconds=1), headers=fetched.headers, http_status=429
    )
    assert after(late).at == NOW + timedelta(seconds=7201)


def test_a_feed_is_due_a_minute_early_except_under_retry_after() -> None:
    """cron's few seconds of jitter never cost a whole period; a server's Retry-After does."""
    next_poll = NOW + DUE_SLACK
    assert why_held(PollState(next_poll=next_poll, hold_reason="RSS ttl 15 min"), NOW) is None
    held = why_held(PollState(next_poll=next_poll, hold_reason="Retry-After"), NOW)
    assert held == "deferred until 2026-11-20T14:01:00Z (Retry-After)"
    assert why_held(PollState(next_poll=next_poll, hold_reason="Retry-After"), next_poll) is None


def test_split_due_holds_deferred_and_gone_feeds_unless_forced() -> None:
    """A held feed becomes an outcome saying why; a moved feed is polled at its new URL with
    its validators; force polls everything."""
    moved = Source("Moved", "https://old.example/feed")
    feeds = [FEED, moved, Source("Gone", "https://gone.example/feed")]
    polls = {
        FEED.name: PollState(next_poll=NOW + timedelta(hours=1), hold_reason="Retry-After"),
        "Moved": PollState(moved_to="https://new.example/feed", cache=CacheInfo(etag='"x"')),
        "Gone": PollState(gone_since=NOW - timedelta(days=1)),
    }
    due, held = split_due(feeds, polls, NOW, force=False)
    assert due == [(Source("Moved", "https://new.example/feed"), CacheInfo(etag='"x"'))]
    assert [(o.source, o.status) for o in held] == [(FEED.name, "deferred"), ("Gone", "gone")]
    assert held[0].note == "deferred until 2026-11-20T15:00:00Z (Retry-After)"
    assert held[1].note is not None
    assert held[1].note.startswith("gone (HTTP 410) since 2026-11-19T14:00:00Z; remove it")
    due, held = split_due(feeds, polls, NOW, force=True)
    assert [s.name for s, _ in due] == [FEED.name, "Moved", "Gone"]
    assert held == []


def test_report_order_follows_feeds_yaml_and_notes_the_next_poll_of_failures() -> None:
    """Polled and held feeds come back in config order; a failure says when it is tried next."""
    feeds = [Source("A", "https://a.example/"), Source("B", "https://b.example/")]
    failed = FeedOutcome("B", "error", 500, error="HTTP 500 Internal Server Error")
    plans = [("B", NextPoll(NOW + BACKOFF_BASE, "backoff after 1 failure in a row"))]
    held = [FeedOutcome("A", "deferred", note="deferred until …")]
    reported = report_order(feeds, [failed], plans, held)
    assert [o.source for o in reported] == ["A", "B"]
    assert (
        reported[1].note == "deferred until 2026-11-20T14:10:00Z (backoff after 1 failure in a row)"
    )
