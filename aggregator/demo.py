"""``aggregator demo``: the real pipeline on bundled sample feeds, with no network.

Serves the files in ``aggregator/samples/`` (fictional outlets and shows, written for this
purpose) from a loopback HTTP server, writes a feeds.yaml for them in the demo directory and
runs one real cycle into it. Touches loopback networking and the demo directory.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path

from aggregator import store
from aggregator.config import load_config
from aggregator.models import StoryEntry
from aggregator.pipeline import run

SAMPLE_SUFFIXES = (".xml", ".atom", ".rdf", ".json")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_samples(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1; yield its base URL."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def sample_files() -> list[Path]:
    """The bundled sample feeds."""
    root = Path(str(files("aggregator") / "samples"))
    return sorted(p for p in root.iterdir() if p.suffix in SAMPLE_SUFFIXES)


def outlet_name(path: Path) -> str:
    """ "sakura-signal.xml" -> "Sakura Signal"."""
    return path.stem.replace("-", " ").replace("_", " ").title()


def write_demo_config(directory: Path, base_url: str) -> Path:
    """A feeds.yaml in ``directory`` listing the samples at ``base_url``."""
    lines = [
        "store: .",
        "output:",
        "  title: Anime News, merged (demo)",
        f"  url: {base_url}out/",
        "feeds:",
    ]
    for path in sample_files():
        lines += [f'  - name: "{outlet_name(path)}"', f"    url: {base_url}{path.name}"]
    config = directory / "feeds.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def run_demo(directory: Path | None, *, now: datetime) -> tuple[list[StoryEntry], Path]:
    """Run one cycle on the samples into ``directory`` (a new temporary one if None)."""
    directory = directory or Path(tempfile.mkdtemp(prefix="aggregator-demo-"))
    directory.mkdir(parents=True, exist_ok=True)
    samples = sample_files()[0].parent
    with serve_samples(samples) as base_url:
        config = load_config(write_demo_config(directory, base_url))
        run(config, now=now)
    db = store.open_db(config.db_path)
    try:
        entries = store.load_entries(db, store.load_latest_story_ids(db, 100))
    finally:
        db.close()
    return entries, directory
