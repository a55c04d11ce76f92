"""The ``aggregator`` command line. Parses arguments, calls the pipeline or the store, prints.

The only module that prints or imports click. Exit statuses come from one place,
``exit_status``: 0 ok, 1 fatal error, 2 usage or config error, 3 the run finished but some
feeds failed, 75 another run holds the store's lock.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click

from aggregator import __version__, store
from aggregator.cli_render import entry_json, render_entry_line, render_report
from aggregator.config import load_config
from aggregator.errors import AggregatorError, ConfigError, LockedError
from aggregator.models import Config
from aggregator.text import iso_utc

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_FEEDS_FAILED, EXIT_LOCKED = 0, 1, 2, 3, 75

EXIT_HELP = """\b
Exit status:
  0   ok
  1   fatal error (store, publishing)
  2   usage or configuration error
  3   the run finished but at least one feed failed
  75  another run holds the store's lock (try again later)
"""


def exit_status(error: BaseException) -> int:
    """The exit status for an error that ended a command."""
    if isinstance(error, LockedError):
        return EXIT_LOCKED
    if isinstance(error, ConfigError):
        return EXIT_USAGE
    return EXIT_FATAL


def fail(error: AggregatorError) -> NoReturn:
    click.echo(f"aggregator: {error}", err=True)
    sys.exit(exit_status(error))


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_HELP)
@click.version_option(__version__, "--version", prog_name="aggregator")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default="feeds.yaml",
    envvar="AGGREGATOR_CONFIG",
    show_default=True,
    help="The feeds.yaml to use (or set AGGREGATOR_CONFIG).",
)
@click.option(
    "-v", "--verbose", count=True, help="Print a line per feed and a summary (-vv: also the log)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path, verbose: int, quiet: bool) -> None:
    """Merge anime news from many feeds into one clean feed, one entry per story.

    \b
    Example:
      aggregator --config feeds.yaml run -v
    """
    # -v prints the run report; -vv adds the log (a line per fetch), -vvv debug detail.
    level = {0: logging.WARNING, 1: logging.WARNING, 2: logging.INFO}.get(verbose, logging.DEBUG)
    if quiet:
        level = logging.ERROR
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    ctx.obj = {"config_path": config_path, "verbose": 0 if quiet else verbose}


def _config(ctx: click.Context) -> Config:
    try:
        return load_config(ctx.obj["config_path"])
    except ConfigError as error:
        fail(error)


def _open(config: Config) -> store.Database:
    if not config.db_path.exists():
        fail(
            ConfigError(
                config.path, f"no store at {config.db_path} yet; run `aggregator run` first"
            )
        )
    try:
        return store.open_db(config.db_path)
    except AggregatorError as error:
        fail(error)


@cli.command()
@click.option("-v", "--verbose", count=True, help="Print a line per feed and a summary.")
@click.pass_context
def run(ctx: click.Context, verbose: int) -> None:
    """Poll every feed once, group new articles into stories and republish. Silent on success.

    \b
    Example (crontab, every 15 minutes):
      */15 * * * * cd /srv/anime && .venv/bin/aggregator run
    """
    from aggregator.pipeline import run as run_pipeline

    config = _config(ctx)
    try:
        report = run_pipeline(config, now=datetime.now(UTC))
    except AggregatorError as error:
        fail(error)
    for outcome in report.failed:
        click.echo(f"aggregator: feed failed: {outcome.source}: {outcome.error}", err=True)
    if ctx.obj["verbose"] or verbose:
        click.echo(render_report(report))
    sys.exit(EXIT_FEEDS_FAILED if report.failed else EXIT_OK)


@cli.command()
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many stories."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.pass_context
def stories(ctx: click.Context, limit: int, as_json: bool) -> None:
    """List the most recently updated stories.

    \b
    Example:
      aggregator stories --limit 5
    """
    db = _open(_config(ctx))
    entries = store.load_entries(db, store.load_latest_story_ids(db, limit))
    if as_json:
        click.echo(
            json.dumps([entry_json(e, full=False) for e in entries], indent=2, ensure_ascii=False)
        )
        return
    for entry in entries:
        click.echo(render_entry_line(entry))


@cli.command()
@click.argument("story_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.pass_context
def story(ctx: click.Context, story_id: str, as_json: bool) -> None:
    """Show one story: its reports, why each is there, and its update notes.

    \b
    Example:
      aggregator story 3f2a9c0d1e4b5a67
    """
    db = _open(_config(ctx))
    entries = store.load_entries(db, [story_id])
    if not entries:
        click.echo(f"aggregator: no story {story_id!r}; see `aggregator stories`", err=True)
        sys.exit(EXIT_USAGE)
    entry = entries[0]
    why = store.load_memberships(db, story_id)
    if as_json:
        data = entry_json(entry, full=True)
        for source in data["sources"]:
            member = why.get(source["article_id"])
            source["score"], source["reason"] = (
                (member.score, member.reason) if member else (None, None)
            )
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    first, updated = iso_utc(entry.story.first_seen), iso_utc(entry.story.updated)
    click.echo(f"{entry.story.title}\n  id {story_id}, first seen {first}, updated {updated}")
    for item in entry.items:
        member = why.get(item.item_id)
        click.echo(f"\n  {item.source}  {iso_utc(item.date)}\n    {item.title}\n    {item.url}")
        if member:
            click.echo(f"    why: {member.reason} (score {member.score:.2f})")
    for note in entry.notes:
        click.echo(f"\n  note {iso_utc(note.at)} [{note.kind}] {note.text}")


@cli.command()
@click.argument("query")
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many stories."
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over articles; prints the stories they belong to, best match first.

    \b
    Example:
      aggregator search "crimson lightning"
    """
    db = _open(_config(ctx))
    entries = store.load_entries(db, store.search_story_ids(db, query, limit))
    if as_json:
        click.echo(
            json.dumps([entry_json(e, full=False) for e in entries], indent=2, ensure_ascii=False)
        )
        return
    for entry in entries:
        click.echo(render_entry_line(entry))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.pass_context
def feeds(ctx: click.Context, as_json: bool) -> None:
    """Show each feed: last fetch, HTTP status, error and number of articles.

    \b
    Example:
      aggregator feeds --json
    """
    db = _open(_config(ctx))
    states = store.load_feed_states(db)
    if as_json:
        rows = [{f: getattr(s, f) for f in s.__dataclass_fields__} for s in states]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for s in states:
        status = s.last_status or "never fetched"
        http = f" HTTP {s.http_status}" if s.http_status else ""
        click.echo(
            f"{s.name}: {status}{http}, {s.articles} articles, last fetch {s.last_fetched or '-'}"
        )
        click.echo(f"    {s.final_url or s.url}")
        if s.last_error:
            click.echo(f"    error: {s.last_error} ({s.failures} failure(s) in a row)")


@cli.command()
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="TCP port."
)
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for all)."
)
@click.pass_context
def serve(ctx: click.Context, port: int, host: str) -> None:
    """Serve the published files over HTTP, with ETag (304) and gzip.

    \b
    Example:
      aggregator serve --port 8080
    """
    from aggregator.serve import serve_forever

    config = _config(ctx)
    click.echo(f"Serving {config.store_dir} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    serve_forever(config.store_dir, host, port)


@cli.command()
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory for the demo's store and feeds (default: a new temporary directory).",
)
def demo(store_dir: Path | None) -> None:
    """Run a cycle on bundled sample feeds served on loopback: no network needed.

    \b
    Example:
      aggregator demo
    """
    from aggregator.demo import run_demo

    try:
        entries, directory = run_demo(store_dir, now=datetime.now(UTC))
    except AggregatorError as error:
        fail(error)
    click.echo(f"{len(entries)} stories from the sample feeds:\n")
    for entry in entries:
        click.echo(render_entry_line(entry))
    click.echo(f"\nPublished: {directory / 'feed.atom'}, feed.rss, feed.json, index.html")
    click.echo(f"Try: aggregator --config {directory / 'feeds.yaml'} stories")
