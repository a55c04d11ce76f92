"""aggregator: one clean feed out of many anime news feeds."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aggregator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

HOME_PAGE = "https://github.com/aggregator-anime/aggregator"
USER_AGENT = f"aggregator/{__version__} (+{HOME_PAGE})"
