"""The exception tree of aggregator. Touches nothing outside this process.

    AggregatorError            anything aggregator itself reports (exit status 1 unless below)
     +-- ConfigError           feeds.yaml is missing, malformed or wrong (exit status 2)
     +-- FetchError            one feed could not be fetched (recorded, never stops the run)
     +-- ParseError            one feed could not be parsed (recorded, never stops the run)
     +-- StoreError            the SQLite store cannot be opened, migrated or written
     +-- PublishError          a published file cannot be written
     +-- LockedError           another run holds the store's lock (exit status 75)

Each error names its subject (a file, a feed) and ``str()`` reads "what: which: cause".
"""

from __future__ import annotations

from pathlib import Path


class AggregatorError(Exception):
    """Base class of every error aggregator reports on purpose."""


class ConfigError(AggregatorError):
    """feeds.yaml cannot be used; the message says which key and how to fix it."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class FetchError(AggregatorError):
    """A feed could not be fetched."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"fetch failed: {source}: {message}")


class ParseError(AggregatorError):
    """A feed's body is not a feed we can read."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"parse failed: {source}: {message}")


class StoreError(AggregatorError):
    """The SQLite store cannot be opened, migrated or written."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"store: {self.path}: {message}")


class PublishError(AggregatorError):
    """A published file cannot be written."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"publish: {self.path}: {message}")


class LockedError(AggregatorError):
    """Another run holds the store's lock."""

    def __init__(self, path: Path | str, waited: float) -> None:
        self.path = Path(path)
        self.waited = waited
        super().__init__(
            f"locked: {self.path}: another aggregator run holds the lock "
            f"(waited {waited:g} s); this run did nothing"
        )


class CorrectionError(AggregatorError):
    """A correction names a story or article the store does not hold, or asks for something
    that cannot be done (exit status 2). A usage error: nothing was changed."""

    def __init__(self, subject: str, message: str) -> None:
        self.subject = subject
        self.message = message
        super().__init__(f"{subject}: {message}")
