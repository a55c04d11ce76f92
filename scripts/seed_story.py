"""Play the two seed articles of ``../shared/seeds`` through the real CLI and print the merged
story the way a subscriber's reader shows it.

The seed texts are read at run time (nothing of them is stored in the repository) and served
on loopback as two WordPress-style RSS feeds, each with three filler items of our own that end
in the same author box as the seed article, as a real feed's items do. Cycle 1 serves the
second outlet's article as first published (without its "Update:" paragraph); cycle 2 serves
its revision. After each cycle the story's Atom entry is read back with feedparser and printed
as text; with newsboat installed, newsboat's view of it (title, and the article as it renders
it) follows. Touches a temporary directory, the loopback network and child processes.

Example:
    python scripts/seed_story.py
"""

from __future__ import annotations

import html
import io
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import feedparser

from aggregator.text import html_to_text
from tests.conftest import FeedServer, serving, write_config

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# The seed files' layout: the headline, then paragraphs; the last lines are the site's author
# box and link lists (5 lines in the first file, 2 in the second).
FOOTER_LINES = (5, 2)
OUTLETS = (
    ("Anime Corner", "https://animecorner.me", datetime(2023, 11, 10, 9, 30, tzinfo=UTC)),
    ("Anime Herald", "https://www.animeherald.com", datetime(2023, 11, 10, 16, 2, tzinfo=UTC)),
)
FILLERS = (  # each outlet's other news, different stories
    (
        ("Lantern Post Office Anime Sets April Premiere", "The adaptation of the postal "
         "fantasy manga premieres in April on TBS, with Studio Kirin animating."),
        ("Gearbound Knights Season 2 Reveals Key Visual", "The second season of the mecha "
         "series shows its new key visual and returns in July, the official website announced."),
        ("Moonlit Bakery Detectives Film Delayed to Summer", "The theatrical film moves from "
         "spring to summer 2024 because of production issues, the staff said on Friday."),
    ),
    (
        ("Tidal Symphony Stage Play Casts Its Lead", "Ren Takeshita plays the conductor in the "
         "stage adaptation, which opens at Tokyo Dome City in March."),
        ("Paper Crane Academy Manga Ends in December", "The school comedy ends its five-year "
         "run in the magazine's December issue, its publisher said."),
        ("Ember Rail Game Gets English Release Date", "The railway RPG arrives on Switch and PC "
         "in the West on February 8, with the Japanese voice cast intact."),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Seed:
    title: str
    body: list[str]  # paragraphs
    footer: list[str]


def read_seed(path: Path, footer_lines: int) -> Seed:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    return Seed(lines[0], lines[1:-footer_lines], lines[-footer_lines:])


def to_html(paragraphs: list[str]) -> str:
    """Paragraphs as HTML; runs of "•" lines become one list."""
    parts: list[str] = []
    bullets: list[str] = []
    for line in [*paragraphs, ""]:
        if line.startswith("•"):
            bullets.append(f"<li>{html.escape(line.lstrip('• '))}</li>")
            continue
        if bullets:
            parts.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if line:
            parts.append(f"<p>{html.escape(line)}</p>")
    return "\n".join(parts)


def as_first_published(seed: Seed) -> Seed:
    """The article before its revision: no "Update:" paragraph, no "Original:" label."""
    body = [line for line in seed.body if not line.startswith("Update:")]
    body = [line.removeprefix("Original:").strip() for line in body]
    return Seed(seed.title, body, seed.footer)


def item(title: str, body: str, url: str, date: datetime) -> str:
    return (
        f"<item><title>{html.escape(title)}</title><link>{url}</link>"
        f'<guid isPermaLink="false">{url}</guid><pubDate>{format_datetime(date)}</pubDate>'
        f"<description>{html.escape(html_to_text(body)[:300])}</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


def feed(
    name: str, site: str, seed: Seed, date: datetime, fillers: tuple[tuple[str, str], ...]
) -> str:
    footer = to_html(seed.footer)
    items = [item(seed.title, to_html(seed.body) + footer, f"{site}/?p=1000", date)]
    for n, (title, text) in enumerate(fillers, start=1):
        body = f"<p>{html.escape(text)}</p>" + footer
        items.append(item(title, body, f"{site}/?p={1000 - n}", date - timedelta(days=n)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{name}</title><link>{site}/</link><description>Anime news</description>"
        + "".join(items)
        + "</channel></rss>"
    )


def cycle(config: Path) -> None:
    command = [sys.executable, "-m", "aggregator", "--config", str(config), "run"]
    subprocess.run(command, check=True)


def print_explain(config: Path) -> None:
    """``aggregator explain`` of the two seed articles."""
    urls = [f"{site}/?p=1000" for _, site, _ in OUTLETS]
    command = [sys.executable, "-m", "aggregator", "--config", str(config), "explain", *urls]
    print(subprocess.run(command, capture_output=True, text=True, check=False).stdout)


def show(store: Path) -> None:
    """The merged story's Atom entry, as text."""
    parsed = feedparser.parse(io.BytesIO((store / "feed.atom").read_bytes()))
    for entry in parsed.entries:
        if len(entry.links) > 1:
            print(f"Title:   {entry.title}\nId:      {entry.id}\nUpdated: {entry.updated}")
            for link in entry.links:
                print(f"Link:    {link.get('rel')} {link.href}")
            print("\n" + html_to_text(entry.content[0].value) + "\n")


def show_in_newsboat(server: FeedServer, store: Path, home: Path) -> None:
    """What newsboat stores for the merged story after ``newsboat -x reload``."""
    program = shutil.which("newsboat")
    if program is None:
        print("(newsboat is not installed: skipping its view)")
        return
    url = server.add_file("/out/feed.atom", store / "feed.atom", "application/atom+xml")
    home.mkdir(exist_ok=True)
    (home / "urls").write_text(url + "\n")
    (home / "config").write_text("")
    cache = home / "cache.db"
    args = ["-u", str(home / "urls"), "-C", str(home / "config"), "-c", str(cache)]
    subprocess.run([program, *args, "-x", "reload"], check=True, timeout=60)
    import sqlite3

    with sqlite3.connect(cache) as conn:
        rows = conn.execute("SELECT title, content FROM rss_item ORDER BY pubDate DESC").fetchall()
    print(f"newsboat lists {len(rows)} stories:")
    for title, _ in rows:
        print(f"  - {title}")
    merged = [content for title, content in rows if "Metallic Rouge" in title]
    if merged:
        print("\nnewsboat's stored article of the merged story (as text):\n")
        print(html_to_text(merged[0]))


def main() -> int:
    files = sorted(SEEDS.glob("*.txt"))
    if len(files) != len(FOOTER_LINES):
        print(f"seed_story: the two seed files are not in {SEEDS}; nothing to do", file=sys.stderr)
        return 0
    seeds = [read_seed(path, lines) for path, lines in zip(files, FOOTER_LINES, strict=True)]
    with tempfile.TemporaryDirectory(prefix="seed-story-") as scratch, serving() as server:
        root = Path(scratch)
        versions = {"a": seeds[0], "b": as_first_published(seeds[1]), "b2": seeds[1]}
        for key, seed in versions.items():
            outlet = 0 if key == "a" else 1
            name, site, date = OUTLETS[outlet]
            body = feed(name, site, seed, date, FILLERS[outlet])
            (root / f"{key}.xml").write_text(body, encoding="utf-8")
        urls = {
            "Anime Corner": server.add_file("/a.xml", root / "a.xml"),
            "Anime Herald": server.add_file("/b.xml", root / "b.xml"),
        }
        config = write_config(root, urls)
        cycle(config)
        print("=== After cycle 1: both outlets' first versions ===\n")
        show(root / "store")
        server.add_file("/b.xml", root / "b2.xml")
        cycle(config)
        print_explain(config)
        print("=== After cycle 2: the second outlet revised its article ===\n")
        show(root / "store")
        show_in_newsboat(server, root / "store", root / "newsboat")
    return 0


if __name__ == "__main__":
    sys.exit(main())
