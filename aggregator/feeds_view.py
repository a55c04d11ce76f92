"""What ``run`` and ``feeds`` print about each feed, as text or JSON. Pure.

``run -v`` prints a line per feed and a summary (``render_report``); ``run`` itself prints only
``render_problems`` on stderr: each failed feed with when it is polled next, and each gone one.
``feeds`` shows each feed's last fetch and HTTP status, its configured URL and where it moved
(a permanent redirect, polled from then on), its last error with the failures in a row, and
what holds its next poll back (backoff, Retry-After, Cache-Control, RSS ttl, 410 Gone);
``--json`` gives every column of the ``feeds`` table plus the article count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from aggregator.cli_render import render_json
from aggregator.models import NextPoll, RunReport
from aggregator.schedule import describe
from aggregator.text import parse_iso

if TYPE_CHECKING:  # annotations only: rendering needs no store at run time
    from aggregator.store import FeedState


def render_report(report: RunReport) -> str:
    """One line per feed, then a summary line (what ``run -v`` prints)."""
    lines = []
    for o in report.outcomes:
        if o.status == "ok":
            detail = f"{o.items} items, {o.new} new, {o.changed} revised"
        elif o.status == "not_modified":
            detail = "not modified"
        elif o.status == "error":
            detail = f"FAILED: {o.error}" + (f"; {o.note}" if o.note else "")
        else:  # not polled: "deferred" or "gone"
            detail = f"skipped: {o.note}"
        lines.append(f"{o.source}: {detail}")
    counts = {
        s: sum(1 for o in report.outcomes if o.status == s) for s in ("ok", "not_modified", "error")
    }
    skipped = len(report.outcomes) - sum(counts.values())
    lines.append(
        f"{counts['ok']} ok, {counts['not_modified']} not modified, {counts['error']} failed"
        + (f", {skipped} skipped" if skipped else "")
        + f"; stories: {report.stories_new} new, {report.stories_updated} updated"
    )
    return "\n".join(lines)


def render_problems(report: RunReport, *, quiet: bool) -> str:
    """What ``run`` prints on stderr: each failed feed, and (unless ``quiet``) each gone one."""
    lines = [
        f"aggregator: feed failed: {o.source}: {o.error}" + (f"; {o.note}" if o.note else "")
        for o in report.failed
    ]
    if not quiet:
        gone = (o for o in report.outcomes if o.status == "gone")
        lines += [f"aggregator: feed skipped: {o.source}: {o.note}" for o in gone]
    return "\n".join(lines)


def render_feed_states(states: Sequence[FeedState], as_json: bool) -> str:
    """Each feed's fetch state and schedule (what ``feeds`` prints)."""
    if as_json:
        return render_json([asdict(s) for s in states])
    return "\n".join(render_feed_state(s) for s in states)


def render_feed_state(state: FeedState) -> str:
    """A feed's fetch state in two to five lines."""
    status = state.last_status or "never fetched"
    http = f" HTTP {state.http_status}" if state.http_status else ""
    lines = [
        f"{state.name}: {status}{http}, {state.articles} articles,"
        f" last fetch {state.last_fetched or '-'}",
        f"    {state.url}",
    ]
    if state.moved_to:
        lines.append(f"    moved to {state.moved_to} (permanent redirect; polled there now)")
    elif state.final_url and state.final_url != state.url:
        lines.append(f"    last redirected to {state.final_url}")
    if state.last_error:
        failures = "1 failure" if state.failures == 1 else f"{state.failures} failures"
        lines.append(f"    error: {state.last_error} ({failures} in a row)")
    if state.gone_since:
        lines.append(
            f"    {describe(NextPoll(None, None, gone_since=parse_iso(state.gone_since)))}"
        )
    elif state.next_poll:
        lines.append(f"    next poll not before {state.next_poll} ({state.hold_reason})")
    return "\n".join(lines)
