"""aggregator: one clean feed out of many anime news feeds."""

from __future__ import annotations

__version__ = "0.1.0"  # the package version (pyproject.toml reads it from here)

HOME_PAGE = "https://github.com/aggregator-anime/aggregator"
USER_AGENT = f"aggregator/{__version__} (+{HOME_PAGE})"
