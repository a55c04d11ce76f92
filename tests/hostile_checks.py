"""What the hostile corpus's manifest says a run must leave behind, checked against one run.

Reads the store and the published files (``hostile_scan``); touches nothing else. ``judge``
returns one line per broken promise, empty when the case passes. Outcomes: "reject" means
the feed's error is recorded with a reason in the spirit of ``error_hint`` and nothing is
stored for it; "accept", "parse_partial" and "ignore_item" mean its items are stored, with
each ``items`` marker kept or dropped as listed; "no_change" means no error and nothing new.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.hostile_run import Measured
from tests.hostile_scan import (
    Field,
    HtmlRules,
    published_fields,
    published_problems,
    published_texts,
    stored_fields,
)

HEALTHY_GUIDS = {
    "paper-crane": {f"https://papercrane.example/?p={n}" for n in (30411, 30398, 30385)},
    "moon-gate": {f"tag:moongate.example,2026:entry-{n}" for n in (5120, 5117, 5109)},
}
# Legitimate text that must round-trip exactly (after NFC) from these cases' feeds to the store.
EXACT_TITLES = {
    "invalid_utf8": ["UTF8-OK 葬送のフリーレン 第2期"],
    "sjis_http_charset": ["SJISHDR 呪術廻戦 第3期"],
    "utf16le_bom": ["UTF16 ぼっち・ざ・ろっく！"],
    "unicode_titles": [
        "UNI-JA 進撃の巨人 The Final Season 完結編 放送決定",
        "UNI-EMOJI 🔥 New trailer 👩\u200d👩\u200d👧 🇯🇵 ✨",
        "UNI-ARABIC أنمي جديد Anime عربي",
        "UNI-ASTRAL 𠮷野家 collab 𝕬𝖓𝖎𝖒𝖊",
    ],
}
MAX_ITEMS_PER_POLL = 200  # the corpus's default cap on items kept per feed per poll
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)  # older dates are placeholders, never news

_NOT_A_FEED = r"not (an? )?(rss|atom|json|xml|feed)|no feed|unknown feed|empty"
# The spirit of each error_hint: what the recorded error must mention (case-insensitive).
HINTS = {
    "DTD/entity declarations not allowed": r"dtd|doctype|entit",
    "not a feed (no XML root element)": _NOT_A_FEED,
    "response body too large (limit N bytes)": r"too large|exceeds|limit",
    "response body too large after decompression": r"too large|exceeds|limit",
    "response body too large": r"too large|exceeds|limit",
    "parse exceeded time budget": r"time|budget|too (long|slow|many)",
    "invalid character reference": r"character reference|invalid char",
    "not a feed (HTML page; maybe the feed moved: see alternate link)": r"html",
    "blocked by bot challenge (403)": r"403|challenge|blocked|forbidden",
    "empty response body": r"empty",
    "empty response body / not a feed": _NOT_A_FEED,
    "not a feed / truncated": _NOT_A_FEED + r"|truncat",
    "not a feed": _NOT_A_FEED,
    "unknown feed type": _NOT_A_FEED + r"|feed type",
    "too many redirects": r"redirect",
    "refusing to fetch private network address": r"private|loopback|refus",
    "unsupported redirect scheme": r"scheme|unsupported",
    "feed gone (410)": r"410|gone",
    "not found (404)": r"404|not found",
    "server error (500)": r"500|server error",
    "rate limited (429), retry after 7200 s": r"429|rate limit|too many requests",
    "rate limited (429)": r"429|rate limit|too many requests",
    "service unavailable (503)": r"503|unavailable",
    "download exceeded time budget": r"time|deadline|within",
    "read timeout": r"time",
    "incomplete body": r"incomplete|closed|protocol",
    "content decoding failed": r"decod",
    "protocol error": r"protocol|header",
    # The first run's own error is its deadline; the harness checks the second run's message.
    "another run is in progress": r".",
}


@dataclass(frozen=True)
class Case:
    """One manifest record: what a case is and what the aggregator must do with it."""

    id: str
    kind: str  # "body" or "http_scenario"
    category: str
    file: str  # relative to the corpus directory
    expected: str
    also_acceptable: tuple[str, ...]
    error_hint: str
    must_not_contain: tuple[str, ...]
    items: tuple[dict[str, Any], ...]  # {"marker", "expected", "why", "also"?}
    serve: dict[str, Any]
    budget: dict[str, float]  # {"seconds", "rss_mb"}
    max_field_chars: int | None
    html_checks: dict[str, Any] | None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Case:
        return cls(
            id=record["id"],
            kind=record["kind"],
            category=record["category"],
            file=record["file"],
            expected=record["expected"],
            also_acceptable=tuple(record.get("also_acceptable") or ()),
            error_hint=record.get("error_hint") or "",
            must_not_contain=tuple(record.get("must_not_contain") or ()),
            items=tuple(record.get("items") or ()),
            serve=record.get("serve") or {},
            budget=record["budget"],
            max_field_chars=record.get("max_field_chars"),
            html_checks=record.get("html_checks"),
        )

    @property
    def allowed(self) -> set[str]:
        """The outcomes the manifest accepts for the whole feed."""
        return {self.expected, *self.also_acceptable}


@dataclass
class Evidence:
    """What the harness saw while running one case."""

    db: Path
    store: Path
    runs: list[Measured]
    budgeted: list[Measured]  # the runs the case's budget applies to
    baseline: Measured
    slack: float  # wall-time factor for runs sharing the CPUs with other cases
    hostile: tuple[str, ...] = ("hostile",)
    failures: list[str] = field(default_factory=list)  # found by the harness itself


def judge(case: Case, seen: Evidence) -> list[str]:
    """Every way this run broke the manifest's promises for ``case``."""
    failures = list(seen.failures)
    for n, run in enumerate(seen.runs, 1):
        if run.killed or run.exit_code not in (0, 3):
            failures.append(f"run {n} did not complete: {run.summary()}; {_tail(run.stderr)}")
    if not seen.db.is_file():
        return [*failures, "no store was written"]
    failures += published_problems(seen.store)
    failures += _check_healthy(seen.db)
    for feed in seen.hostile:  # the first is the case's own; a companion has no item list
        items = case.items if feed == seen.hostile[0] else ()
        failures += _check_outcome(case, seen.db, feed, len(seen.runs), items)
    failures += _check_dates(seen.db)
    failures += _check_exact_titles(case, seen.db)
    if not any("not published" in f or "well-formed" in f for f in failures):
        failures += _check_fields(case, seen)
    failures += _check_budget(case, seen)
    return failures


def _rows(db: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _check_healthy(db: Path) -> list[str]:
    failures = []
    for feed, guids in HEALTHY_GUIDS.items():
        stored = {r[0] for r in _rows(db, "SELECT guid FROM articles WHERE feed = ?", feed)}
        error = _rows(db, "SELECT last_error FROM feeds WHERE name = ?", feed)
        if guids - stored or not error or error[0][0]:
            missing = sorted(guids - stored)
            failures.append(f"healthy feed {feed}: missing {missing}, error {error}")
    return failures


def _check_outcome(
    case: Case, db: Path, feed: str, polls: int, items: Sequence[dict[str, Any]]
) -> list[str]:
    state = _rows(
        db, "SELECT last_status, last_error, etag, last_modified FROM feeds WHERE name = ?", feed
    )
    if not state:
        return [f"feed {feed} has no row in the feeds table"]
    status, error, etag, modified = state[0]
    articles = _rows(db, "SELECT guid, title, summary, content FROM articles WHERE feed = ?", feed)
    if error is not None and not articles:
        if "reject" not in case.allowed:
            return [f"rejected ({error}) but the manifest expects {sorted(case.allowed)}"]
        hint = HINTS.get(case.error_hint, r".")
        failures = (
            []
            if re.search(hint, error, re.I)
            else [f"error {error!r} does not say {case.error_hint!r}"]
        )
        if etag or modified:
            failures.append(f"validators saved for a rejected response: {etag!r} {modified!r}")
        return failures
    if error is not None:
        return [f"feed error {error!r} although {len(articles)} articles are stored"]
    if status == "not_modified" and "no_change" in case.allowed:
        return []
    if not articles and not {"accept", "parse_partial"} & case.allowed:
        return [f"nothing stored and no error (last status {status!r})"]
    if len(articles) > MAX_ITEMS_PER_POLL * polls:
        return [f"{len(articles)} articles stored; at most {MAX_ITEMS_PER_POLL} per poll"]
    if not {"accept", "parse_partial", "ignore_item"} & case.allowed:
        return [f"{len(articles)} articles stored but the manifest expects {sorted(case.allowed)}"]
    return _check_items(items, articles)


def _check_items(items: Sequence[dict[str, Any]], articles: Sequence[tuple[Any, ...]]) -> list[str]:
    failures = []
    for expectation in items or ():
        marker = expectation["marker"]
        kept = sum(1 for row in articles if any(marker in (value or "") for value in row))
        allowed = {expectation["expected"], *expectation.get("also", ())}
        if kept and not {"accept", "parse_partial"} & allowed:
            failures.append(f"item {marker!r} was stored; expected dropped ({expectation['why']})")
        if not kept and "ignore_item" not in allowed:
            failures.append(f"item {marker!r} was dropped; expected kept ({expectation['why']})")
    return failures


def _check_exact_titles(case: Case, db: Path) -> list[str]:
    stored = {unicodedata.normalize("NFC", r[0]) for r in _rows(db, "SELECT title FROM articles")}
    wanted = [unicodedata.normalize("NFC", title) for title in EXACT_TITLES.get(case.id, ())]
    return [f"title {title!r} did not round-trip" for title in wanted if title not in stored]


def _check_dates(db: Path) -> list[str]:
    latest = datetime.now(UTC) + timedelta(days=1)
    failures = []
    for article_id, *dates in _rows(db, "SELECT id, published, updated, date FROM articles"):
        for text in filter(None, dates):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None or not EARLIEST <= moment <= latest:
                failures.append(f"article {article_id} has an implausible date {text}")
    return failures[:5]


def _check_fields(case: Case, seen: Evidence) -> list[str]:
    failures: list[str] = []
    banned = [s.lower() for s in case.must_not_contain]
    limit = case.max_field_chars
    rules = HtmlRules(case.html_checks) if case.html_checks else None
    fields: list[Field] = [*stored_fields(seen.db), *published_fields(seen.store)]
    for f in fields:
        lowered = f.value.lower()
        failures += [f"{f.where} contains {s!r}" for s in banned if s in lowered]
        if limit and len(f.value) > limit:
            failures.append(f"{f.where} has {len(f.value)} characters (limit {limit})")
        if rules and f.is_html:
            failures += [f"{f.where}: {v}" for v in rules.check(f.value)]
    for name, text in published_texts(seen.store):
        lowered = text.lower()
        failures += [f"{name} contains {s!r}" for s in banned if s in lowered]
    return sorted(set(failures))


def _check_budget(case: Case, seen: Evidence) -> list[str]:
    seconds, rss_mb = case.budget["seconds"], case.budget["rss_mb"]
    base = seen.baseline
    failures = []
    for run in seen.budgeted:
        over = []
        if run.wall > (seconds + base.wall) * seen.slack:
            over.append(f"wall {run.wall:.1f} s > {seconds} s + {base.wall:.1f} s baseline")
        if run.cpu > seconds + base.cpu:
            over.append(f"CPU {run.cpu:.1f} s > {seconds} s + {base.cpu:.1f} s baseline")
        if run.peak_rss_mb > rss_mb + base.peak_rss_mb:
            base_mb = base.peak_rss_mb
            over.append(
                f"peak RSS {run.peak_rss_mb:.0f} MiB > {rss_mb} + {base_mb:.0f} MiB baseline"
            )
        failures += [f"over budget: {', '.join(over)}"] if over else []
    return failures


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])
