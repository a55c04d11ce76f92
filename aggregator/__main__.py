"""Lets ``python -m aggregator`` run the command-line interface."""

from aggregator.cli import cli

cli()
