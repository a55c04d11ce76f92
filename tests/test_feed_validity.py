"""The published feeds pass the checks of the W3C Feed Validation Service, one rule per test.

Each rule is checked on hand-built stories through the renderers and on the files a real CLI
run publishes from every fixture feed served on loopback HTTP, in the raw XML or JSON as the
validator reads it; feedparser must read the XML with no bozo. tests/test_reader.py has a reader.
"""

from __future__ import annotations

import email.utils
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.models import OutputSettings
from aggregator.publish import render_atom, render_html, render_json, render_rss
from tests.conftest import FEEDS, serving, write_config
from tests.test_publish import DELAY, ENTRIES, OUTPUT, at, make_entry, make_item, read_feed

A = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
# The validator's preferred RFC 822 form: day name, 4-digit year, numeric zone.
RFC822 = re.compile(
    r"(?P<day>Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov"
    r"|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d\d[03]0"
)
URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
WEB_URL = re.compile(r"https?://[^/\s]+/?\S*")
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# The validator's nonhtml check: a plain-text element must not hold end tags or entities.
LOOKS_LIKE_HTML = re.compile(r"</[a-zA-Z][a-zA-Z0-9]*>|&#?\w+;")
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
UNSAFE = frozenset("script style iframe frame object embed meta noscript form".split())
JSON_FEED_KEYS = frozenset("version title home_page_url feed_url description user_comment next_url"
                           " icon favicon authors language expired hubs items".split())  # fmt: skip
JSON_ITEM_KEYS = frozenset("id url external_url title content_html content_text summary image"
                           " banner_image date_published date_modified authors tags language"
                           " attachments".split())  # fmt: skip

FIXTURES = ("seed/outlet-a.xml", "seed/outlet-b.xml", "formats/atom10.xml",
            "formats/jsonfeed11.json", "formats/rss090.rdf", "formats/rss091.xml",
            "formats/rss10.rdf", "formats/rss20.xml", "reader/lantern-post.xml",
            "reader/crystal-signal-later.atom")  # fmt: skip
PIPELINE_OUTPUT = OutputSettings(title="Test Feed", url="https://example.org/anime/")
# A lead without a web URL: its entry links to the story's anchor on index.html.
STAGE = make_entry("jp-stage", "舞台『星屑ラジオ』上演決定", (make_item(
    "jp-1", "Tokyo Screen", "javascript:void(0)", "舞台化", at(21, 3)),))  # fmt: skip
RENDERERS = {"feed.atom": render_atom, "feed.rss": render_rss, "feed.json": render_json,
             "index.html": render_html}  # fmt: skip

Published = tuple[OutputSettings, dict[str, bytes]]


def run_cli(config: Path) -> int:
    result = CliRunner().invoke(cli, ["--config", str(config), "run"])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of one real run over every fixture feed: the database and published files."""
    directory = tmp_path_factory.mktemp("pipeline")
    with serving() as server:
        feeds = {Path(name).stem: server.add_file("/" + name, FEEDS / name) for name in FIXTURES}
        assert run_cli(write_config(directory, feeds)) == 0
    return directory / "store"


@pytest.fixture(params=["rendered", "pipeline"])
def published(request: pytest.FixtureRequest, store_dir: Path) -> Published:
    """(output settings, file name -> bytes) of hand-built stories or of the real run."""
    if request.param == "rendered":
        return OUTPUT, {
            name: render((*ENTRIES, STAGE), OUTPUT) for name, render in RENDERERS.items()
        }
    return PIPELINE_OUTPUT, {name: (store_dir / name).read_bytes() for name in RENDERERS}


def rfc3339(text: str | None) -> datetime:
    assert RFC3339.fullmatch(text or ""), text
    return datetime.fromisoformat((text or "").replace("Z", "+00:00"))


def rfc822(text: str | None) -> datetime:
    match = RFC822.fullmatch(text or "")
    assert match, text
    moment = email.utils.parsedate_to_datetime(match[0])
    assert moment.strftime("%a") == match["day"], f"{text}: wrong day of the week"
    return moment


class HtmlCheck(HTMLParser):
    """Collects what an HTML checker reports: unbalanced tags; also every tag with attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.problems: list[str] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_startendtag(tag, attrs)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


def check_html(text: str) -> HtmlCheck:
    check = HtmlCheck()
    check.feed(text)
    check.close()
    check.problems += [f"unclosed <{tag}>" for tag in check.open]
    return check


def fragment_problems(fragment: str) -> list[str]:
    """The validator's NotHtml, SecurityRisk and ContainsRelRef findings in entry HTML."""
    check = check_html(fragment)
    for tag, attrs in check.tags:
        bad = [name for name in attrs if name.startswith("on") or name == "style"]
        bad += [n for n in ("href", "src") if n in attrs and not SCHEME.match(attrs[n])]
        check.problems += [f"<{tag}>"] * (tag in UNSAFE) + [f"{tag} {n}={attrs[n]!r}" for n in bad]
    return check.problems


def atom_entries(files: dict[str, bytes]) -> list[ET.Element]:
    return ET.fromstring(files["feed.atom"]).findall(f"{A}entry")


def rss_items(files: dict[str, bytes]) -> list[ET.Element]:
    return ET.fromstring(files["feed.rss"]).findall("channel/item")


def all_dates(files: dict[str, bytes]) -> list[datetime]:
    atom = ET.fromstring(files["feed.atom"])
    rss = ET.fromstring(files["feed.rss"])
    items = json.loads(files["feed.json"])["items"]
    return [
        *(rfc3339(e.text) for e in (*atom.iter(f"{A}updated"), *atom.iter(f"{A}published"))),
        *(rfc822(e.text) for e in (*rss.iter("lastBuildDate"), *rss.iter("pubDate"))),
        *(rfc3339(i[key]) for i in items for key in ("date_published", "date_modified")),
    ]


def test_atom_feed_has_id_title_updated_author_and_self_link(published: Published) -> None:
    """Atom feed: id, title, RFC 3339 updated, an author, rel=self (typed, our URL), alternate."""
    output, files = published
    read_feed(files["feed.atom"])
    feed = ET.fromstring(files["feed.atom"])
    assert feed.findtext(f"{A}id") == output.url
    assert feed.findtext(f"{A}title") == output.title
    rfc3339(feed.findtext(f"{A}updated"))
    assert feed.findtext(f"{A}author/{A}name") == output.author
    links = {
        (link.get("rel"), link.get("type"), link.get("href")) for link in feed.findall(f"{A}link")
    }
    assert links == {
        ("self", "application/atom+xml", output.url + "feed.atom"),
        ("alternate", "text/html", output.url),
    }


def test_atom_entries_have_id_title_dates_one_alternate_and_author(published: Published) -> None:
    """Atom entry: urn:uuid id, plain-text title, RFC 3339 dates, one alternate link, author."""
    for entry in atom_entries(published[1]):
        assert URN_UUID.fullmatch(entry.findtext(f"{A}id", ""))
        title = entry.findtext(f"{A}title", "")
        assert title.strip(), "empty title"
        assert not LOOKS_LIKE_HTML.search(title), title
        assert rfc3339(entry.findtext(f"{A}updated")) >= rfc3339(entry.findtext(f"{A}published"))
        links = [link for link in entry.iter(f"{A}link") if link.get("rel") == "alternate"]
        assert len(links) == 1, title
        assert links[0].get("type") == "text/html"
        assert WEB_URL.fullmatch(links[0].get("href", ""))
        assert entry.findtext(f"{A}author/{A}name", "").strip()


def test_entry_html_is_balanced_safe_and_absolute(published: Published) -> None:
    """Entry HTML has balanced tags, no script-like markup or handlers, and no relative links."""
    for entry in atom_entries(published[1]):
        content = entry.find(f"{A}content")
        assert content is not None
        assert content.get("type") == "html"
        assert fragment_problems(content.text or "") == []


def test_each_story_has_one_unique_id_in_every_format(published: Published) -> None:
    """Ids are unique, and a story has the same id as Atom id, RSS guid and JSON Feed id."""
    atom_ids = [entry.findtext(f"{A}id") for entry in atom_entries(published[1])]
    rss_ids = [item.findtext("guid") for item in rss_items(published[1])]
    json_ids = [item["id"] for item in json.loads(published[1]["feed.json"])["items"]]
    assert len(set(atom_ids)) == len(atom_ids) > 1
    assert atom_ids == rss_ids == json_ids


def test_no_date_is_implausible(published: Published) -> None:
    """Every date in every format is from 1990 on, the empty feed's too (validator: Implausible)."""
    empty = {name: render([], published[0]) for name, render in RENDERERS.items()}
    dates = all_dates(published[1]) + all_dates(empty)
    assert min(dates).year >= 1990  # the validator's floor


def test_rss_channel_has_title_link_description_self_link_and_author(published: Published) -> None:
    """RSS channel: title, link, description, atom:link rel=self, dc:creator, RFC 822 date."""
    output, files = published
    read_feed(files["feed.rss"])
    channel = ET.fromstring(files["feed.rss"])[0]
    assert channel.findtext("title") == output.title
    assert channel.findtext("link") == output.url
    assert channel.findtext("description") == output.description
    (link,) = channel.findall(f"{A}link")
    assert (link.get("rel"), link.get("type")) == ("self", "application/rss+xml")
    assert link.get("href") == output.url + "feed.rss"
    assert channel.findtext(f"{DC}creator") == output.author
    rfc822(channel.findtext("lastBuildDate"))


def test_rss_items_have_guid_rfc822_date_title_link_and_creator(published: Published) -> None:
    """RSS item: a non-permalink guid, an RFC 822 pubDate, a title, a web link, dc:creator."""
    items = rss_items(published[1])
    assert items
    for item in items:
        assert item.find("guid[@isPermaLink='false']") is not None
        assert item.findtext("title", "").strip() or item.findtext("description", "").strip()
        assert WEB_URL.fullmatch(item.findtext("link", ""))
        rfc822(item.findtext("pubDate"))
        assert item.findtext(f"{DC}creator", "").strip()


def test_json_feed_is_valid_json_feed_1_1(published: Published) -> None:
    """JSON Feed 1.1: version, title, home_page_url, feed_url, authors; items fully dated."""
    output, files = published
    feed: dict[str, Any] = json.loads(files["feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert (feed["title"], feed["home_page_url"]) == (output.title, output.url)
    assert feed["feed_url"] == output.url + "feed.json"
    assert feed["authors"] == [{"name": output.author}]
    assert set(feed) <= JSON_FEED_KEYS  # "author" is JSON Feed 1.0's, deprecated in 1.1
    for item in feed["items"]:
        assert {key for key in item if not key.startswith("_")} <= JSON_ITEM_KEYS
        assert isinstance(item["id"], str)
        assert WEB_URL.fullmatch(item["url"])
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert rfc3339(item["date_modified"]) >= rfc3339(item["date_published"])
        assert item["authors"]
        assert all(author["name"].strip() for author in item["authors"])


def test_index_html_is_a_well_formed_page(published: Published) -> None:
    """index.html: doctype, lang, charset, title; balanced tags; unique ids; anchors resolve."""
    output, files = published
    text = files["index.html"].decode("utf-8")
    page = check_html(text)
    assert page.problems == []
    assert text.startswith("<!DOCTYPE html>\n")
    assert page.tags[0] == ("html", {"lang": "en"})
    assert ("meta", {"charset": "utf-8"}) in page.tags
    assert f"<title>{output.title}</title>" in text
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    anchors = re.findall(rf'href="{re.escape(output.url)}#([^"]+)"', text)
    assert set(anchors) <= set(ids)
    assert ("story-jp-stage" in anchors) == (output is OUTPUT)


def test_distinct_update_times_stay_distinct_and_equal_ones_equal() -> None:
    """Update times are never rounded together nor split; RFC 822 (RSS) has whole seconds only."""
    base = at(21, 12)
    times = [base + timedelta(seconds=1), base + timedelta(seconds=1)]
    times += [base + timedelta(milliseconds=250), base]
    entries = [make_entry(f"s{n}", "Story", DELAY.items, updated=t) for n, t in enumerate(times)]
    atom = atom_entries({"feed.atom": render_atom(entries, OUTPUT)})
    rss = rss_items({"feed.rss": render_rss(entries, OUTPUT)})
    items = json.loads(render_json(entries, OUTPUT))["items"]
    assert [rfc3339(entry.findtext(f"{A}updated")) for entry in atom] == times
    assert [rfc3339(item["date_modified"]) for item in items] == times
    assert [rfc822(item.findtext("pubDate")) for item in rss] == [
        moment.replace(microsecond=0) for moment in times
    ]
