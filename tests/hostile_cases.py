"""The hostile-feed corpus and how one of its cases is played against the real CLI.

Touches files, the loopback network and child processes. The corpus comes from
``../shared/tools/make_hostile.py`` beside the repository. A case gets its own loopback
server and directory; its hostile feed sits between two healthy ones (tests/feeds/hostile/)
for one ``python -m aggregator --config CONFIG run`` cycle per poll the case needs, and
``run_case`` returns what ``hostile_checks.judge`` needs to check the manifest's promises.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.hostile_checks import Case, Evidence
from tests.hostile_run import ROOT, Measured, Running, run_aggregator, write_config
from tests.hostile_server import CanaryServer, CaseServer, Reply, serving_case

GENERATOR = ROOT.parent / "shared" / "tools" / "make_hostile.py"
HEALTHY = ROOT / "tests" / "feeds" / "hostile"
HEALTHY_FEEDS = {"paper-crane": "paper-crane.xml", "moon-gate": "moon-gate.atom"}
CANARY_PORT = 1  # the corpus's canary, http://127.0.0.1:1, that nothing may ever connect to
CANARY = f"http://127.0.0.1:{CANARY_PORT}"
DEADLINE = 8.0  # fetch.deadline of the runs: inside the corpus's 10 s per-feed budget
LOCK_WAIT = 10.0  # how long a second run waits for the store's lock (pipeline.LOCK_WAIT)
REDIRECTS = {301, 302, 303, 307, 308}
_TYPES = {".json": "application/json", ".html": "text/html; charset=utf-8"}

# A case that is the second poll of a feed: the first poll serves this other case's body.
PRIOR_BODY = {"churn_v2": "churn_v1", "update_v2": "update_v1"}
# A case served beside another case's feed, from a different URL.
COMPANION = {"guid_scope_feed_b": "guid_scope_feed_a"}
# After these answers the next cycle must not poll the feed again (aggregator/schedule.py);
# each says which rule holds it back.
NOT_POLLED_AGAIN = {
    "http_410_gone": "410 Gone disables the feed",
    "http_429_retry_after_seconds": "Retry-After",
    "http_429_retry_after_date": "Retry-After, read against the Date header",
    "http_429_retry_after_garbage": "the default backoff for a bad Retry-After",
    "http_429_retry_after_huge": "Retry-After, clamped",
    "http_503_retry_after": "Retry-After",
    "http_404": "backoff",
    "http_500": "backoff",
    "html_challenge_page": "backoff",
}
# Cases that fail for a cause outside parse, fetch, sanitize and text; each says which.
OUTSIDE: dict[str, str] = {}
XFAIL = dict(OUTSIDE)
# Its server delays every answer 30 s; a second run started meanwhile must find the lock held.
OVERLAPPING = "http_overlapping_runs"


@dataclass(frozen=True)
class Setting:
    """What every case run shares: the corpus, the baseline run, the canary."""

    corpus: Path
    cases: dict[str, Case]
    baseline: Measured
    slack: float
    canary: CanaryServer | None


def list_cases() -> list[tuple[str, str]]:
    """(id, category) of every case the generator knows, without generating anything."""
    listing = subprocess.run(
        [sys.executable, str(GENERATOR), "--list"], capture_output=True, text=True, check=True
    )
    rows = [line.split() for line in listing.stdout.splitlines() if line.strip()]
    return [(row[0], row[1]) for row in rows]


def generate(outdir: Path, profile: str = "ci") -> dict[str, Case]:
    """Write the corpus into ``outdir``; its cases by id."""
    command = [sys.executable, str(GENERATOR), str(outdir), "--profile", profile, "--force"]
    subprocess.run(command, capture_output=True, check=True)
    lines = (outdir / "manifest.jsonl").read_text(encoding="utf-8").split("\n")
    records = [json.loads(line) for line in lines if line.strip()]
    return {r["id"]: Case.from_record(r) for r in records}


def healthy_routes(server: CaseServer) -> dict[str, str]:
    """Serve the two healthy feeds; their names and URLs."""
    feeds = {}
    for name, file in HEALTHY_FEEDS.items():
        kind = "application/atom+xml" if file.endswith(".atom") else "application/rss+xml"
        body = (HEALTHY / file).read_bytes()
        server.routes[f"/{file}"] = Reply(200, [("Content-Type", kind)], body)
        feeds[name] = server.url(f"/{file}")
    return feeds


def measure_baseline(workdir: Path) -> Measured:
    """A run of the healthy feeds alone: what every case's run costs anyway."""
    workdir.mkdir(parents=True)
    with serving_case() as server:
        config = write_config(workdir / "feeds.yaml", healthy_routes(server), deadline=DEADLINE)
        return run_aggregator(config, workdir / "run.log")


def body_reply(case: Case, corpus: Path) -> Reply:
    """A body case served as its serve hints say (default: 200 and a type by extension)."""
    serve = case.serve
    kind = serve.get("content_type") or _TYPES.get(Path(case.file).suffix, "application/rss+xml")
    headers = [("Content-Type", kind), *serve.get("headers", {}).items()]
    if serve.get("content_encoding"):
        headers.append(("Content-Encoding", serve["content_encoding"]))
    return Reply(
        status=serve.get("status", 200),
        headers=headers,
        body=(corpus / case.file).read_bytes(),
        send_content_length=serve.get("send_content_length", True),
    )


def scenario_steps(case: Case, setting: Setting, base: str) -> list[Reply]:
    """The scenario's steps with {base}, {canary} and {body:ID} filled in."""
    scenario = json.loads((setting.corpus / case.file).read_text(encoding="utf-8"))

    def fill(text: str) -> str:
        return text.replace("{base}", base).replace("{canary}", CANARY)

    def body(text: str) -> bytes:
        named = re.fullmatch(r"\{body:(\w+)\}", text)
        if named:
            return Path(setting.corpus, setting.cases[named.group(1)].file).read_bytes()
        return fill(text).encode()

    return [
        Reply(
            status=step["status"],
            headers=[(k, fill(v)) for k, v in step.get("headers", {}).items()],
            body=body(step.get("body", "")),
            send_content_length=step.get("send_content_length", True),
            repeat_body_forever=step.get("repeat_body_forever", False),
            close_early=step.get("close_early", False),
            drip_bytes_per_second=step.get("drip", {}).get("bytes_per_second", 0.0),
            stall_seconds=step.get("stall_seconds", 0.0),
            delay_seconds=step.get("delay_seconds", 0.0),
            extra_header_lines=step.get("extra_header_lines", 0),
            expect_request_headers=step.get("expect_request_headers", {}),
            repeat=step.get("repeat", False),
        )
        for step in scenario["steps"]
    ]


def run_case(case: Case, setting: Setting, workdir: Path) -> Evidence:
    """Serve ``case``, run as many cycles as it needs, and collect the evidence."""
    with serving_case() as server:
        feeds = healthy_routes(server)
        path, polls, hostile = _serve_hostile(case, setting, server, feeds)
        feeds["moon-gate"] = feeds.pop("moon-gate")  # the hostile feeds sit in the middle
        if case.id == OVERLAPPING:  # its first run must hold the lock longer than one waits
            limits = {"deadline": LOCK_WAIT * 2, "timeout": LOCK_WAIT * 3}
        else:
            limits = {"deadline": DEADLINE}
        config = write_config(workdir / "feeds.yaml", feeds, **limits)
        seen = Evidence(
            workdir / "store" / "aggregator.db",
            workdir / "store",
            runs=[],
            budgeted=[],
            baseline=setting.baseline,
            slack=setting.slack,
            hostile=hostile,
        )
        if case.id == OVERLAPPING:
            _overlapping_runs(config, server, path, seen)
        else:
            for poll in range(1, polls + 1):
                server.run = poll
                if case.id in PRIOR_BODY:
                    prior = setting.cases[PRIOR_BODY[case.id]] if poll == 1 else case
                    server.routes[path] = body_reply(prior, setting.corpus)
                seen.runs.append(run_aggregator(config, workdir / f"run{poll}.log"))
            seen.budgeted += seen.runs
        if case.id in NOT_POLLED_AGAIN:
            server.run = polls + 1
            seen.runs.append(run_aggregator(config, workdir / "next-cycle.log"))
            if server.requests_for(path, polls + 1):
                held = NOT_POLLED_AGAIN[case.id]
                seen.failures.append(f"the next cycle polled the feed again (despite {held})")
        seen.failures += server.problems
    seen.failures += _canary_hits(case, setting)
    return seen


def _serve_hostile(
    case: Case, setting: Setting, server: CaseServer, feeds: dict[str, str]
) -> tuple[str, int, tuple[str, ...]]:
    """Route the hostile feed(s); (path, polls needed, feed names)."""
    if case.kind == "http_scenario":
        path = f"/feed/{case.id}"
        server.steps = scenario_steps(case, setting, server.base)
        polls = max(1, sum(1 for step in server.steps if step.status not in REDIRECTS))
    else:
        path = f"/sub/{case.file}"  # a directory, for relative links to resolve against
        server.routes[path] = body_reply(case, setting.corpus)
        polls = 2 if case.id in PRIOR_BODY else 1
    feeds["hostile"] = server.url(path)
    if case.id not in COMPANION:
        return path, polls, ("hostile",)
    companion = setting.cases[COMPANION[case.id]]
    server.routes[f"/other/{companion.file}"] = body_reply(companion, setting.corpus)
    feeds["hostile-companion"] = server.url(f"/other/{companion.file}")
    return path, polls, ("hostile", "hostile-companion")


def _overlapping_runs(config: Path, server: CaseServer, path: str, seen: Evidence) -> None:
    """Start a run, and a second one once the first is waiting for the slow feed."""
    server.run = 1
    first = Running(config, config.parent / "run1.log")
    end = time.monotonic() + 15
    while not server.requests_for(path) and time.monotonic() < end:
        time.sleep(0.05)
    second = Running(config, config.parent / "run2.log").wait()
    seen.runs.append(first.wait())  # its deadline is the point here, so no budget applies
    if second.exit_code != 75 or "lock" not in second.stderr.lower():
        seen.failures.append(f"a second run did not stop on the held lock: {second.summary()}")
    if second.wall > LOCK_WAIT + 5:
        seen.failures.append(f"the second run took {second.wall:.1f} s to give up")


def _canary_hits(case: Case, setting: Setting) -> list[str]:
    """Requests the canary received for the paths this case points at it."""
    file = setting.corpus / case.file
    if setting.canary is None or file.stat().st_size > 1 << 20:
        return []
    text = file.read_text(errors="replace").replace("{canary}", CANARY)
    paths = set(re.findall(re.escape(CANARY) + r"(/[\w.\-]*)", text))
    hits = [p for p in setting.canary.paths if p in paths]
    return [f"the canary {CANARY} was contacted: {hits}"] if hits else []
