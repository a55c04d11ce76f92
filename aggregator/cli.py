"""The ``aggregator`` command line. Parses arguments, calls the pipeline, store or corrections.

The only module that prints or imports click; ``cli_render`` and ``feeds_view`` build what it
prints. Exit statuses come from one place, ``exit_status``: 0 ok, 1 fatal error, 2 usage or
config error (or a correction naming an unknown story or article), 3 the run finished but some
feeds failed, 75 another run holds the store's lock.
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from aggregator import __version__, store
from aggregator.cli_render import (
    render_entries,
    render_entry_line,
    render_explanation,
    render_story,
)
from aggregator.config import load_config
from aggregator.errors import AggregatorError, ConfigError, CorrectionError, LockedError
from aggregator.feeds_view import render_feed_states, render_problems, render_report
from aggregator.models import Config

EXIT_OK, EXIT_FATAL, EXIT_USAGE, EXIT_FEEDS_FAILED, EXIT_LOCKED = 0, 1, 2, 3, 75

EXIT_HELP = """\b
Exit status:
  0   ok (feeds skipped as not due or gone are no failure)
  1   fatal error (store, publishing)
  2   usage or configuration error
  3   the run finished but at least one feed failed
  75  another run holds the store's lock (try again later)
"""
LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"


def exit_status(error: BaseException) -> int:
    """The exit status for an error that ended a command."""
    if isinstance(error, LockedError):
        return EXIT_LOCKED
    if isinstance(error, ConfigError | CorrectionError):
        return EXIT_USAGE
    return EXIT_FATAL


def fail(error: AggregatorError) -> NoReturn:
    click.echo(f"aggregator: {error}", err=True)
    sys.exit(exit_status(error))


class _Group(click.Group):
    """Ends a command that raises an ``AggregatorError`` with ``fail`` (pypa/build's way)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AggregatorError as error:
            fail(error)


json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
limit_option = click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many stories."
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_HELP)
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
    logging.basicConfig(level=level, format=LOG_FORMAT, stream=sys.stderr)
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    ctx.obj = {"config_path": config_path, "verbose": 0 if quiet else verbose, "quiet": quiet}


def _config(ctx: click.Context) -> Config:
    return load_config(ctx.obj["config_path"])


def _open(config: Config) -> store.Database:
    if not config.db_path.exists():
        message = f"no store at {config.db_path} yet; run `aggregator run` first"
        raise ConfigError(config.path, message)
    return store.open_db(config.db_path)


def _echo(text: str) -> None:
    if text:  # an empty listing prints nothing, not an empty line
        click.echo(text)


@cli.command()
@click.option("-v", "--verbose", count=True, help="Print a line per feed and a summary.")
@click.option("--force", is_flag=True, help="Poll every feed now, even deferred or gone ones.")
@click.pass_context
def run(ctx: click.Context, verbose: int, force: bool) -> None:
    """Poll feeds that are due, group new articles into stories, republish. Silent on success.

    \b
    Example (crontab, every 15 minutes):
      */15 * * * * cd /srv/anime && .venv/bin/aggregator run
    """
    from aggregator.pipeline import run as run_pipeline

    report = run_pipeline(_config(ctx), now=datetime.now(UTC), force=force)
    if problems := render_problems(report, quiet=ctx.obj["quiet"]):
        click.echo(problems, err=True)
    if ctx.obj["verbose"] or verbose:
        click.echo(render_report(report))
    sys.exit(EXIT_FEEDS_FAILED if report.failed else EXIT_OK)


@cli.command()
@limit_option
@json_option
@click.pass_context
def stories(ctx: click.Context, limit: int, as_json: bool) -> None:
    """List the most recently updated stories.

    \b
    Example:
      aggregator stories --limit 5
    """
    db = _open(_config(ctx))
    _echo(render_entries(store.load_listing(db, store.load_latest_story_ids(db, limit)), as_json))


@cli.command()
@click.argument("story_id")
@json_option
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
    click.echo(render_story(entries[0], store.load_memberships(db, story_id), as_json))


@cli.command()
@click.argument("query")
@limit_option
@json_option
@click.pass_context
def search(ctx: click.Context, query: str, limit: int, as_json: bool) -> None:
    """Full-text search over articles; prints the stories they belong to, best match first.

    \b
    Example:
      aggregator search "crimson lightning"
    """
    db = _open(_config(ctx))
    _echo(render_entries(store.load_listing(db, store.search_story_ids(db, query, limit)), as_json))


@cli.command()
@json_option
@click.pass_context
def feeds(ctx: click.Context, as_json: bool) -> None:
    """Show each feed: last fetch, HTTP status, error, where it moved, next poll, articles.

    \b
    Example:
      aggregator feeds --json
    """
    db = _open(_config(ctx))
    _echo(render_feed_states(store.load_feed_states(db), as_json))


@cli.command()
@click.argument("first")
@click.argument("second")
@json_option
@click.pass_context
def explain(ctx: click.Context, first: str, second: str, as_json: bool) -> None:
    """Show why two articles (ids or links) are or are not one story: each signal, the verdict.

    \b
    Example:
      aggregator explain 3f2a9c0d1e4b5a67 https://example.org/news/starlight-courier
    """
    from aggregator import corrections

    config = _config(ctx)
    db = _open(config)
    click.echo(render_explanation(corrections.explain(db, config.match, first, second), as_json))


@cli.command()
@click.argument("story_id")
@click.argument("article")
@json_option
@click.pass_context
def split(ctx: click.Context, story_id: str, article: str, as_json: bool) -> None:
    """Move ARTICLE (id or link) out of STORY_ID into a story of its own; no run undoes it.

    \b
    Example:
      aggregator split 3f2a9c0d1e4b5a67 9a8b7c6d5e4f3a21
    """
    from aggregator import corrections

    now = datetime.now(UTC)
    click.echo(render_entries(corrections.split(_config(ctx), story_id, article, now), as_json))


@cli.command()
@click.argument("story_id")
@click.argument("other_id")
@json_option
@click.pass_context
def join(ctx: click.Context, story_id: str, other_id: str, as_json: bool) -> None:
    """Move every report of story OTHER_ID into STORY_ID (which keeps its id); no run undoes it.

    \b
    Example:
      aggregator join 3f2a9c0d1e4b5a67 77c1e0b5d9a2f348
    """
    from aggregator import corrections

    now = datetime.now(UTC)
    click.echo(render_entries(corrections.join(_config(ctx), story_id, other_id, now), as_json))


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

    entries, directory = run_demo(store_dir, now=datetime.now(UTC))
    click.echo(f"{len(entries)} stories from the sample feeds:\n")
    for entry in entries:
        click.echo(render_entry_line(entry))
    click.echo(f"\nPublished: {directory / 'feed.atom'}, feed.rss, feed.json, index.html")
    click.echo(f"Try: aggregator --config {directory / 'feeds.yaml'} stories")
