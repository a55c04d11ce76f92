"""Whether the published files are up to date, so that a cycle bringing nothing new renders
nothing. Reads file metadata; ``publish.write_all`` writes the stamp.

After writing the feeds, ``write_all`` records a stamp (``.published`` in the store directory):
a digest of what was rendered (the aggregator version, the code that renders, the output
settings and the entries) and the size and modification time of each published file. Publishing
the same entries again finds the same digest and untouched files and skips rendering; any
difference (a new or changed entry, an edited setting, another version of the code, a file
deleted or edited by hand) renders again. Rendering is a pure function of exactly these inputs
(no date comes from the clock), so a skipped publish leaves what a full one would.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from aggregator import __version__, jsonfeed, publish_html
from aggregator.models import OutputSettings, StoryEntry
from aggregator.text import stable_hash

STAMP = ".published"


def digest(entries: Sequence[StoryEntry], output: OutputSettings, renderer: str) -> str:
    """What a publish of ``entries`` with ``output`` renders, as a digest; ``renderer`` is the
    path of the module that renders (its own code counts too)."""
    code = [_mtime(Path(p)) for p in (renderer, publish_html.__file__, jsonfeed.__file__)]
    return stable_hash(__version__, *code, repr(output), repr(tuple(entries)), length=32)


def record(paths: Sequence[Path], rendered: str) -> str | None:
    """The stamp of ``paths`` as published from ``rendered`` (a ``digest``); None when one of
    them is missing."""
    lines = [rendered]
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            return None
        lines.append(f"{path.name} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(lines) + "\n"


def up_to_date(store_dir: Path, paths: Sequence[Path], rendered: str) -> bool:
    """Whether ``paths`` are what publishing ``rendered`` wrote last, untouched since."""
    try:
        recorded = (store_dir / STAMP).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return recorded == record(paths, rendered)


def _mtime(path: Path) -> str:
    try:
        return str(path.stat().st_mtime_ns)
    except OSError:
        return ""
