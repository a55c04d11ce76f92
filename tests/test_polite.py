"""Polite polling end to end: the real CLI and pipeline against a loopback server, a real store.

Redirects, 410 Gone, Retry-After, backoff, Cache-Control and RSS ttl as a server really sends
them (``tests/hostile_server.py`` serves any status and headers and records every request).
What only a clock can show (a hold ending) runs ``pipeline.run`` with a chosen ``now``; the
rest runs ``aggregator run`` and ``aggregator feeds`` through click.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator import HOME_PAGE, __version__
from aggregator.cli import cli
from aggregator.config import load_config
from aggregator.models import RunReport
from aggregator.pipeline import run
from aggregator.text import parse_iso
from tests.conftest import write_config
from tests.hostile_server import CaseServer, Reply, serving_case

T0 = datetime.now(UTC).replace(microsecond=0)
HTML = [("Content-Type", "text/html")]
NOTHING_NEW = "0 ok, 1 not modified, 0 failed; stories: 0 new, 0 updated\n"


def rss(ttl: int | None = None, title: str = "Starlight Courier Gets a Second Season") -> bytes:
    """A one-item RSS 2.0 feed, with a channel <ttl> when given."""
    head = f"<ttl>{ttl}</ttl>" if ttl is not None else ""
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Polite Outlet</title>'
        f"<link>https://polite.example/</link><description>News</description>{head}"
        f"<item><title>{title}</title><link>https://polite.example/news/1</link>"
        "<guid>https://polite.example/?p=1</guid>"
        "<pubDate>Fri, 20 Nov 2026 09:00:00 GMT</pubDate>"
        "<description>The studio confirmed a second season.</description></item>"
        "</channel></rss>"
    ).encode()


def feed(*headers: tuple[str, str], body: bytes | None = None) -> Reply:
    return Reply(200, [("Content-Type", "application/rss+xml"), *headers], body or rss())


@pytest.fixture
def web() -> Iterator[CaseServer]:
    with serving_case() as server:
        yield server


def cli_run(config: Path, *args: str) -> tuple[int, str, str]:
    """``aggregator --config CONFIG ARGS…``: exit status, stdout, stderr."""
    result = CliRunner().invoke(cli, ["--config", str(config), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def feeds_json(config: Path) -> dict[str, dict[str, object]]:
    status, out, _ = cli_run(config, "feeds", "--json")
    assert status == 0
    return {row["name"]: row for row in json.loads(out)}


def asked(web: CaseServer, path: str) -> int:
    return len(web.requests_for(path))


def run_at(config: Path, now: datetime) -> RunReport:
    """One real cycle whose clock reads ``now``."""
    return run(load_config(config), now=now)


@pytest.mark.parametrize("code", [301, 308])
def test_permanent_redirect_moves_the_feed_until_its_url_is_edited(
    web: CaseServer, tmp_path: Path, code: int, caplog: pytest.LogCaptureFixture
) -> None:
    """After a 301/308 later polls go straight to the new URL; the move is logged once and
    `feeds` shows it; editing the URL in feeds.yaml forgets it."""
    web.routes["/old"] = Reply(code, [("Location", web.url("/new"))])
    web.routes["/new"] = web.routes["/other"] = feed()
    config = write_config(tmp_path, {"Moving": web.url("/old")})
    assert cli_run(config, "run")[0] == 0
    assert caplog.text.count(f"Moving moved permanently to {web.url('/new')}") == 1
    assert feeds_json(config)["Moving"]["moved_to"] == web.url("/new")
    assert f"moved to {web.url('/new')}" in cli_run(config, "feeds")[1]
    assert cli_run(config, "run")[0] == 0
    assert (asked(web, "/old"), asked(web, "/new")) == (1, 2)
    assert caplog.text.count("moved permanently") == 1
    config = write_config(tmp_path, {"Moving": web.url("/other")})
    assert cli_run(config, "run")[0] == 0
    assert (asked(web, "/old"), asked(web, "/new"), asked(web, "/other")) == (1, 2, 1)
    assert feeds_json(config)["Moving"]["moved_to"] is None


@pytest.mark.parametrize("codes", [[302], [303], [307], [301, 302], [302, 301]])
def test_a_redirect_chain_with_a_temporary_hop_moves_nothing(
    web: CaseServer, tmp_path: Path, codes: list[int]
) -> None:
    """302, 303 and 307 leave the stored URL alone, even beside a 301 in the same chain."""
    paths = [f"/hop{n}" for n in range(len(codes))] + ["/feed"]
    for code, path, target in zip(codes, paths, paths[1:], strict=False):
        web.routes[path] = Reply(code, [("Location", web.url(target))])
    web.routes["/feed"] = feed()
    config = write_config(tmp_path, {"Hopping": web.url("/hop0")})
    assert cli_run(config, "run")[0] == cli_run(config, "run")[0] == 0
    assert asked(web, "/hop0") == 2
    assert feeds_json(config)["Hopping"]["moved_to"] is None


def test_410_disables_the_feed_until_forced_or_its_url_changes(
    web: CaseServer, tmp_path: Path
) -> None:
    """The run that gets 410 fails (3); later runs skip the feed without a request and exit 0
    with a warning (-q silences it); --force asks once more; a new URL re-enables it."""
    web.routes["/gone"] = Reply(410)
    web.routes["/good"] = web.routes["/back"] = feed()
    config = write_config(tmp_path, {"Good": web.url("/good"), "Old": web.url("/gone")})
    status, _, err = cli_run(config, "run")
    assert status == 3
    assert "aggregator: feed failed: Old: HTTP 410 Gone; gone (HTTP 410) since " in err
    status, out, err = cli_run(config, "run", "-v")
    assert status == 0
    assert asked(web, "/gone") == 1
    assert "aggregator: feed skipped: Old: gone (HTTP 410) since " in err
    assert "; remove it from feeds.yaml or change its URL" in err
    assert "1 ok, 0 not modified, 0 failed, 1 skipped;" in out
    assert cli_run(config, "-q", "run") == (0, "", "")
    assert "gone (HTTP 410) since" in cli_run(config, "feeds")[1]
    assert cli_run(config, "run", "--force")[0] == 3
    assert asked(web, "/gone") == 2
    config = write_config(tmp_path, {"Good": web.url("/good"), "Old": web.url("/back")})
    assert cli_run(config, "run") == (0, "", "")
    assert asked(web, "/back") == 1
    assert feeds_json(config)["Old"]["gone_since"] is None


def test_retry_after_defers_the_feed_and_v_says_until_when(web: CaseServer, tmp_path: Path) -> None:
    """A 429 with Retry-After: 7200 is a failure; the next runs skip the feed, with no request
    and no failure, until two hours have passed."""
    web.routes["/busy"] = Reply(429, [("Retry-After", "7200")])
    config = write_config(tmp_path, {"Busy": web.url("/busy")})
    started = datetime.now(UTC)
    status, _, err = cli_run(config, "run")
    assert status == 3
    assert "feed failed: Busy: HTTP 429 Too Many Requests; deferred until " in err
    row = feeds_json(config)["Busy"]
    assert (row["failures"], row["hold_reason"], row["http_status"]) == (1, "Retry-After", 429)
    until = parse_iso(str(row["next_poll"]))
    assert (
        started + timedelta(seconds=7199)
        <= until
        <= datetime.now(UTC) + timedelta(hours=2, seconds=1)
    )
    status, out, err = cli_run(config, "run", "-v")
    assert (status, err) == (0, "")
    assert f"Busy: skipped: deferred until {row['next_poll']} (Retry-After)" in out
    assert "0 ok, 0 not modified, 0 failed, 1 skipped;" in out
    assert asked(web, "/busy") == 1
    assert feeds_json(config)["Busy"]["failures"] == 1
    assert f"next poll not before {row['next_poll']} (Retry-After)" in cli_run(config, "feeds")[1]
    assert run_at(config, until - timedelta(seconds=1)).outcomes[0].status == "deferred"
    web.routes["/busy"] = feed()
    assert run_at(config, until).outcomes[0].status == "ok"
    assert asked(web, "/busy") == 2


@pytest.mark.parametrize(
    "failure",
    [Reply(500, HTML, b"<h1>oops</h1>"), Reply(404), Reply(200, HTML, b"<html>Home</html>")],
    ids=["http-500", "http-404", "not-a-feed"],
)
def test_failures_back_off_exponentially_and_a_success_resets(
    web: CaseServer, tmp_path: Path, failure: Reply
) -> None:
    """Fetch and parse failures hold the feed 10, 20, 40 minutes; skipped runs change nothing;
    a success clears the count and the hold."""
    web.routes["/flaky"] = failure
    config = write_config(tmp_path, {"Flaky": web.url("/flaky")})
    polled = []
    for minutes in (0, 5, 10, 20, 30, 60, 70):
        report = run_at(config, T0 + timedelta(minutes=minutes))
        polled.append(report.outcomes[0].status == "error")
    assert polled == [True, False, True, False, True, False, True]
    row = feeds_json(config)["Flaky"]
    assert row["failures"] == 4
    assert row["hold_reason"] == "backoff after 4 failures in a row"
    assert parse_iso(str(row["next_poll"])) == T0 + timedelta(minutes=70 + 80)
    assert row["last_fetched"] == (T0 + timedelta(minutes=70)).strftime("%Y-%m-%dT%H:%M:%SZ")
    web.routes["/flaky"] = feed()
    assert run_at(config, T0 + timedelta(minutes=150)).outcomes[0].status == "ok"
    row = feeds_json(config)["Flaky"]
    assert (row["failures"], row["next_poll"], row["hold_reason"]) == (0, None, None)


def test_rss_ttl_is_a_minimum_interval_and_a_304_keeps_it(web: CaseServer, tmp_path: Path) -> None:
    """<ttl>30</ttl> holds the feed 30 minutes; the conditional GET after it gets a 304, which
    costs no parsing and keeps the ttl."""
    web.routes["/ttl"] = feed(("ETag", '"v1"'), body=rss(ttl=30))
    config = write_config(tmp_path, {"Slow": web.url("/ttl")})
    assert run_at(config, T0).outcomes[0].items == 1
    assert run_at(config, T0 + timedelta(minutes=15)).outcomes[0].note == (
        f"deferred until {(T0 + timedelta(minutes=30)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        " (RSS ttl 30 min)"
    )
    web.routes["/ttl"] = Reply(304, [("ETag", '"v1"')])
    assert run_at(config, T0 + timedelta(minutes=30)).outcomes[0].status == "not_modified"
    assert web.requests_for("/ttl")[-1].headers["if-none-match"] == '"v1"'
    assert asked(web, "/ttl") == 2
    row = feeds_json(config)["Slow"]
    assert (row["ttl"], row["hold_reason"]) == (30, "RSS ttl 30 min")
    assert parse_iso(str(row["next_poll"])) == T0 + timedelta(minutes=60)


@pytest.mark.parametrize(
    ("control", "wait"),
    [("max-age=600", timedelta(minutes=10)), ("max-age=315360000", timedelta(days=1))],
    ids=["ten-minutes", "ten-years-capped"],
)
def test_cache_control_max_age_is_a_capped_minimum_interval(
    web: CaseServer, tmp_path: Path, control: str, wait: timedelta
) -> None:
    """max-age holds the feed that long, but never more than a day."""
    web.routes["/fresh"] = feed(("Cache-Control", control))
    config = write_config(tmp_path, {"Fresh": web.url("/fresh")})
    run_at(config, T0)
    assert run_at(config, T0 + wait - timedelta(minutes=2)).outcomes[0].status == "deferred"
    assert run_at(config, T0 + wait).outcomes[0].status == "ok"
    assert asked(web, "/fresh") == 2


def test_force_polls_every_feed_now(web: CaseServer, tmp_path: Path) -> None:
    """run --force ignores Retry-After, backoff and minimum intervals alike."""
    web.routes["/busy"] = Reply(503, [("Retry-After", "3600")])
    web.routes["/broken"] = Reply(500)
    web.routes["/ttl"] = feed(body=rss(ttl=60))
    paths = ["/busy", "/broken", "/ttl"]
    config = write_config(tmp_path, {p.strip("/"): web.url(p) for p in paths})
    assert cli_run(config, "run")[0] == 3
    status, out, _ = cli_run(config, "run", "-v")
    assert status == 0
    assert "0 failed, 3 skipped;" in out
    assert [asked(web, p) for p in paths] == [1, 1, 1]
    assert cli_run(config, "run", "--force")[0] == 3
    assert [asked(web, p) for p in paths] == [2, 2, 2]


def test_requests_name_the_tool_and_send_validators(web: CaseServer, tmp_path: Path) -> None:
    """The User-Agent names aggregator, its version and home page; the second run sends the
    ETag back and a 304 is "not modified", with nothing parsed or stored again."""
    web.routes["/feed"] = feed(
        ("ETag", '"abc"'), ("Last-Modified", "Fri, 20 Nov 2026 09:00:00 GMT")
    )
    config = write_config(tmp_path, {"Plain": web.url("/feed")})
    assert cli_run(config, "run") == (0, "", "")
    web.routes["/feed"] = Reply(304, [("ETag", '"abc"')])
    assert cli_run(config, "run", "-v") == (0, "Plain: not modified\n" + NOTHING_NEW, "")
    first, second = web.requests_for("/feed")
    assert first.headers["user-agent"] == f"aggregator/{__version__} (+{HOME_PAGE})"
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == '"abc"'
    assert second.headers["if-modified-since"] == "Fri, 20 Nov 2026 09:00:00 GMT"
