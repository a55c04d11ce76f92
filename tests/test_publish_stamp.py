"""Tests for aggregator.publish_stamp through publish.write_all: a publish of the entries the
files already hold renders nothing, and anything else renders again."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from aggregator.publish import render_atom, render_html, write_all
from tests.publish_fixtures import ENTRIES, OUTPUT


def _edit_keeping_size_and_time(path: Path) -> None:
    """Change one byte of ``path`` and put its size and modification time back."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[-2] = ord("#") if data[-2] != ord("#") else ord("%")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_publishing_the_same_entries_again_renders_nothing(tmp_path: Path) -> None:
    """A cycle that brings nothing new leaves the files as they are without rendering them: a
    byte changed behind the stamp's back (same size and time) is still there afterwards."""
    store = tmp_path / "store"
    paths = write_all(store, ENTRIES, OUTPUT)
    _edit_keeping_size_and_time(paths[0])
    edited = paths[0].read_bytes()

    assert write_all(store, ENTRIES, OUTPUT) == paths
    assert paths[0].read_bytes() == edited


@pytest.mark.parametrize(
    "change",
    ["new entries", "other settings", "file touched", "file deleted", "stamp deleted"],
)
def test_anything_else_renders_again(tmp_path: Path, change: str) -> None:
    """New entries, other output settings, a published file touched or deleted, or a lost
    stamp: the files are rendered and written again."""
    store = tmp_path / "store"
    paths = write_all(store, ENTRIES, OUTPUT)
    _edit_keeping_size_and_time(paths[0])
    entries, output = ENTRIES, OUTPUT
    if change == "new entries":
        entries = ENTRIES[:2]
    elif change == "other settings":
        output = replace(OUTPUT, title="Another title")
    elif change == "file touched":
        os.utime(paths[0])
    elif change == "file deleted":
        paths[3].unlink()
    else:
        (store / ".published").unlink()

    write_all(store, entries, output)

    assert paths[0].read_bytes() == render_atom(entries, output)
    assert paths[3].read_bytes() == render_html(entries, output)
