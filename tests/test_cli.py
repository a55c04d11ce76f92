"""The CLI's contract: help everywhere, exit codes documented, the shipped config loads."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from aggregator.cli import EXIT_FEEDS_FAILED, EXIT_LOCKED, EXIT_USAGE, cli, exit_status
from aggregator.errors import ConfigError, LockedError, StoreError

COMMANDS = sorted(cli.commands) if isinstance(cli, click.Group) else []


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    """Each command answers --help with a summary and an Example block; every option has help."""
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    command = cli.commands[name]  # type: ignore[attr-defined]
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"


def test_main_help_lists_exit_codes() -> None:
    """`aggregator --help` documents the exit statuses 0, 1, 2, 3 and 75."""
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for code in ("0", "1", "2", "3", "75"):
        assert f"  {code} " in result.stdout
    assert {"run", "stories", "story", "search", "feeds", "serve", "demo"} <= set(COMMANDS)


def test_exit_status_mapping() -> None:
    """Errors map to the documented statuses."""
    assert exit_status(LockedError(Path("x"), 1)) == EXIT_LOCKED == 75
    assert exit_status(ConfigError(Path("x"), "bad")) == EXIT_USAGE == 2
    assert exit_status(StoreError(Path("x"), "bad")) == 1
    assert EXIT_FEEDS_FAILED == 3


def test_missing_config_is_a_usage_error(tmp_path: Path) -> None:
    """Without a config file every command says how to point at one and exits 2."""
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "nope.yaml"), "run"])
    assert result.exit_code == 2
    assert "--config" in result.stderr


def test_query_before_first_run_explains(tmp_path: Path) -> None:
    """Query commands on a store that does not exist yet ask for a first run, exit 2."""
    config = tmp_path / "feeds.yaml"
    config.write_text(
        "output:\n  title: T\n  url: https://e.org/\nfeeds:\n  - name: A\n    url: https://e.org/f\n"
    )
    result = CliRunner().invoke(cli, ["--config", str(config), "stories"])
    assert result.exit_code == 2
    assert "aggregator run" in result.stderr
    assert not (tmp_path / "store").exists()
