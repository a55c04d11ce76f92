"""Tests for aggregator.config: feeds.yaml in, a validated Config or a ConfigError that says how
to fix the file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from aggregator import USER_AGENT
from aggregator.config import known_works, load_config, parse_config
from aggregator.errors import ConfigError
from aggregator.models import CHARACTER, FetchSettings, MatchSettings, Source

SHIPPED = Path(__file__).parent.parent / "feeds.yaml"
PATH = Path("/srv/anime/feeds.yaml")

MINIMAL = """\
output:
  title: Seasonal Anime Digest
  url: https://digest.example.org/anime/
feeds:
  - name: Hoshi Wire
    url: https://hoshi-wire.example/feed.atom
"""

FEED_BLOCK = """\
output:
  title: Seasonal Anime Digest
  url: https://digest.example.org/anime/
feeds:
{feeds}
"""


def with_feeds(*feeds: str) -> str:
    """A config whose feeds list is ``feeds``, each a YAML flow mapping."""
    return FEED_BLOCK.format(feeds="\n".join(f"  - {feed}" for feed in feeds))


def with_section(section: str) -> str:
    """The minimal config plus one more top-level section."""
    return MINIMAL + section


def config_error(text: str) -> str:
    """The message of the ConfigError that parsing ``text`` raises."""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, PATH)
    assert caught.value.path == PATH
    return str(caught.value)


def test_shipped_config_loads() -> None:
    """The feeds.yaml in the repository loads: at least 8 uniquely named https feeds."""
    config = load_config(SHIPPED)
    names = [feed.name for feed in config.feeds]
    urls = [feed.url for feed in config.feeds]
    assert len(config.feeds) >= 8
    assert len(set(names)) == len(names)
    assert len(set(urls)) == len(urls)
    assert all(urlsplit(url).scheme == "https" for url in urls)
    assert config.output.url.endswith("/")
    assert config.store_dir == SHIPPED.parent / "store"


def test_minimal_config() -> None:
    """Only output.title, output.url and one feed are required; the rest has defaults."""
    config = parse_config(MINIMAL, PATH)
    assert config.path == PATH
    assert config.feeds == (Source("Hoshi Wire", "https://hoshi-wire.example/feed.atom"),)
    assert config.output.title == "Seasonal Anime Digest"
    assert config.output.url == "https://digest.example.org/anime/"
    assert config.output.max_entries == 100
    assert config.store_dir == Path("/srv/anime/store")
    assert config.db_path == Path("/srv/anime/store/aggregator.db")


def test_defaults_for_fetch_and_match() -> None:
    """Without fetch: and match: sections (or with empty ones) the documented defaults apply."""
    for text in (MINIMAL, with_section("fetch:\nmatch:\n")):
        config = parse_config(text, PATH)
        assert config.fetch == FetchSettings(user_agent=USER_AGENT)
        assert config.fetch.timeout == 20.0
        assert config.fetch.max_bytes == 10 * 1024 * 1024
        assert config.match == MatchSettings(aliases=tuple(known_works()))
        assert config.match.window_hours == 96.0


def test_fetch_and_match_values_are_read() -> None:
    """Values given in fetch: and match: replace the defaults, with the declared types."""
    text = with_section(
        "fetch:\n  timeout: 5\n  deadline: 30.5\n  per_host: 1\n"
        "match:\n  window_hours: 48\n  aliases:\n"
        '    - [Sousou no Frieren, "Frieren: Beyond Journey\'s End", 葬送のフリーレン]\n'
    )
    config = parse_config(text, PATH)
    assert config.fetch.timeout == 5.0
    assert isinstance(config.fetch.timeout, float)
    assert config.fetch.deadline == 30.5
    assert config.fetch.per_host == 1
    assert config.match.window_hours == 48.0
    assert config.match.aliases == (
        ("Sousou no Frieren", "Frieren: Beyond Journey's End", "葬送のフリーレン"),
        *known_works(),
    )


def test_the_known_works_ship_with_aggregator_and_can_be_left_out() -> None:
    """The names of well-known works are read after the reader's own aliases; ``known_works:
    false`` leaves them out, and anything but true or false is refused."""
    known = known_works()
    assert len(known) >= 200
    assert all(len(names) >= 2 and all(names) for names in known)
    squashed = [
        name
        for names in known
        for name in {"".join(ch for ch in n.casefold() if ch.isalnum()) for n in names}
    ]
    repeated = sorted({name for name in squashed if squashed.count(name) > 1})
    assert not repeated, "a name on two lines of known_works.txt makes two works one"
    # Characters come after a work's titles, marked: a headline naming only Denji names the work.
    assert not [names for names in known if names[0].startswith(CHARACTER)]
    (chainsaw,) = [names for names in known if names[0] == "Chainsaw Man"]
    assert f"{CHARACTER}Denji" in chainsaw
    assert "Denji" not in chainsaw
    mine = (
        "match:\n  known_works: false\n  aliases:\n    - [Kaminari no Kajiya, Thunderclap Smith]\n"
    )
    assert parse_config(with_section(mine), PATH).match.aliases == (
        ("Kaminari no Kajiya", "Thunderclap Smith"),
    )
    message = config_error(with_section("match:\n  known_works: yes please\n"))
    assert "match.known_works must be true or false" in message


def test_store_is_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative store: is resolved against the config file's directory, not the cwd."""
    config_dir = tmp_path / "etc" / "aggregator"
    config_dir.mkdir(parents=True)
    path = config_dir / "feeds.yaml"
    path.write_text("store: data/anime\n" + MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config(path)
    assert config.store_dir == config_dir / "data" / "anime"


def test_absolute_store_is_kept(tmp_path: Path) -> None:
    """An absolute store: is used as given."""
    store = tmp_path / "var" / "anime-store"
    config = parse_config(f"store: {store}\n" + MINIMAL, PATH)
    assert config.store_dir == store


def test_output_url_gets_a_trailing_slash() -> None:
    """output.url is a base URL: a missing trailing slash is added, not reported."""
    text = MINIMAL.replace("https://digest.example.org/anime/", "https://digest.example.org/anime")
    assert parse_config(text, PATH).output.url == "https://digest.example.org/anime/"


def test_missing_file(tmp_path: Path) -> None:
    """A missing config file names the path and says how to point at another one."""
    path = tmp_path / "nowhere" / "feeds.yaml"
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message
    assert "no such file" in message
    assert "--config" in message
    assert "AGGREGATOR_CONFIG" in message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    """A YAML syntax error reports the file, the line and a hint about what to check."""
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "output:\n  title: Digest\n  url: https://digest.example.org/\nfeeds:\n"
        "  - name: Hoshi Wire\n   url: https://hoshi-wire.example/feed.atom\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid YAML: line 6,")
    assert "indentation" in message


@pytest.mark.parametrize("text", ["", "- name: Hoshi Wire\n- name: Frame Rate\n", "just words\n"])
def test_not_a_mapping(text: str) -> None:
    """A document that is not a mapping says which top-level keys are expected."""
    message = config_error(text)
    assert message.startswith(f"{PATH}: expected a mapping")
    assert '"output"' in message
    assert '"feeds"' in message


@pytest.mark.parametrize(
    ("text", "key", "known"),
    [
        pytest.param(with_section("feed:\n  - name: x\n"), '"feed"', "feeds", id="top-level"),
        pytest.param(
            MINIMAL.replace("  url: https://digest", "  link: https://digest"),
            '"output.link"',
            "title, url",
            id="output",
        ),
        pytest.param(
            with_feeds("{name: Hoshi Wire, url: 'https://hoshi-wire.example/', title: Hoshi}"),
            '"feeds[0].title"',
            "name, url",
            id="feed",
        ),
        pytest.param(
            with_section("fetch:\n  timout: 10\n"), '"fetch.timout"', "timeout", id="fetch"
        ),
        pytest.param(
            with_section("match:\n  window: 48\n"), '"match.window"', "window_hours", id="match"
        ),
    ],
)
def test_unknown_key(text: str, key: str, known: str) -> None:
    """An unknown key (a typo) is an error naming the key and listing the known ones."""
    message = config_error(text)
    assert f"unknown key {key}" in message
    assert "known keys here:" in message
    assert known in message


def test_missing_feeds() -> None:
    """No feeds: key says to add one and shows how."""
    message = config_error("output:\n  title: Digest\n  url: https://digest.example.org/\n")
    assert '"feeds"' in message
    assert "add one, e.g." in message
    assert "- name:" in message


def test_empty_feeds() -> None:
    """An empty feeds: list is the same error as a missing one."""
    message = config_error(FEED_BLOCK.format(feeds="  []"))
    assert 'no "feeds" list; add one' in message


def test_feed_without_name() -> None:
    """A feed without a name names its index and shows a name to add."""
    message = config_error(
        with_feeds(
            "{name: Hoshi Wire, url: 'https://hoshi-wire.example/feed.atom'}",
            "{url: 'https://framerate.example/feed.xml'}",
        )
    )
    assert 'feeds[1] has no "name"; add one, e.g. name:' in message


def test_feed_without_url() -> None:
    """A feed without a url names its index and shows a url to add."""
    message = config_error(with_feeds("{name: Hoshi Wire}"))
    assert 'feeds[0] has no "url"; add one, e.g. url: https://' in message


@pytest.mark.parametrize("url", ["ftp://hoshi-wire.example/feed.atom", "not a url", "https://"])
def test_feed_url_must_be_http(url: str) -> None:
    """A feed URL must be a full http(s) URL; the message repeats it and shows one."""
    message = config_error(with_feeds(f"{{name: Hoshi Wire, url: '{url}'}}"))
    assert f'feeds[0].url is not an http(s) URL: "{url}"' in message
    assert "write it in full, e.g." in message


def test_duplicate_feed_name() -> None:
    """Two feeds with one name are reported with both indexes."""
    message = config_error(
        with_feeds(
            "{name: Hoshi Wire, url: 'https://hoshi-wire.example/feed.atom'}",
            "{name: Hoshi Wire, url: 'https://hoshi-wire.example/features.atom'}",
        )
    )
    assert 'feeds[1]: duplicate feed name "Hoshi Wire" (also feeds[0])' in message
    assert "rename one" in message


def test_duplicate_feed_url() -> None:
    """Two feeds with one URL are reported with both indexes."""
    message = config_error(
        with_feeds(
            "{name: Hoshi Wire, url: 'https://hoshi-wire.example/feed.atom'}",
            "{name: Hoshi Wire News, url: 'https://hoshi-wire.example/feed.atom'}",
        )
    )
    assert "feeds[1]: duplicate feed url https://hoshi-wire.example/feed.atom" in message
    assert "(also feeds[0]); remove one" in message


def test_missing_output() -> None:
    """No output: section says to add one and shows title and url."""
    message = config_error("feeds:\n  - {name: Hoshi Wire, url: 'https://hoshi-wire.example/'}\n")
    assert 'no "output" section; add one' in message
    assert "title:" in message
    assert "url: https://" in message


def test_missing_output_title() -> None:
    """output without title names output.title and shows one."""
    message = config_error(MINIMAL.replace("  title: Seasonal Anime Digest\n", ""))
    assert "output.title is missing; add one, e.g. title:" in message


def test_missing_output_url() -> None:
    """output without url names output's url and shows a base URL ending in '/'."""
    message = config_error(MINIMAL.replace("  url: https://digest.example.org/anime/\n", ""))
    assert 'output has no "url"; add one, e.g. url: https://example.org/anime/' in message


@pytest.mark.parametrize("value", ["0", "-5", "ten", "true", "2.5"])
def test_bad_max_entries(value: str) -> None:
    """output.max_entries must be a whole number >= 1 (not 0, text, a bool or a fraction)."""
    message = config_error(MINIMAL.replace("  title:", f"  max_entries: {value}\n  title:"))
    assert "output.max_entries must be a whole number >= 1, e.g. 100" in message


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("timeout: -1", "fetch.timeout must be a number >= 0.1, e.g. timeout: 20"),
        ("timeout: true", "fetch.timeout must be a number >= 0.1"),
        ("timeout: soon", "fetch.timeout must be a number >= 0.1"),
        ("max_bytes: 100", "fetch.max_bytes must be a whole number >= 1024"),
        ("per_host: 1.5", "fetch.per_host must be a whole number >= 1, e.g. per_host: 2"),
        ("max_connections: false", "fetch.max_connections must be a whole number >= 1"),
    ],
)
def test_bad_fetch_values(setting: str, expected: str) -> None:
    """Each fetch setting is range- and type-checked, and bools are not numbers."""
    assert expected in config_error(with_section(f"fetch:\n  {setting}\n"))


@pytest.mark.parametrize("section", ["fetch: 0", "fetch: [timeout]", "match: false"])
def test_section_must_be_a_mapping(section: str) -> None:
    """fetch: and match: must be mappings; a falsy scalar is not silently taken as empty."""
    message = config_error(with_section(section + "\n"))
    assert "must be a mapping, e.g." in message


@pytest.mark.parametrize("value", ["0", "-12", "two days", "true"])
def test_bad_window_hours(value: str) -> None:
    """match.window_hours must be a positive number."""
    message = config_error(with_section(f"match:\n  window_hours: {value}\n"))
    assert "match.window_hours must be a positive number of hours, e.g. 96" in message


def test_aliases_not_a_list() -> None:
    """match.aliases must be a list; the message shows the expected shape."""
    message = config_error(with_section("match:\n  aliases: Sousou no Frieren\n"))
    assert "match.aliases must be a list of lists of names, e.g." in message
    assert "- [Sousou no Frieren" in message


@pytest.mark.parametrize(
    "group",
    ["[Sousou no Frieren]", "Sousou no Frieren", "[Sousou no Frieren, 42]", "[Frieren, '']"],
)
def test_bad_alias_group(group: str) -> None:
    """Each alias group lists two or more names; the message names the group's index."""
    message = config_error(
        with_section(
            f"match:\n  aliases:\n    - [Kusuriya no Hitorigoto, The Apothecary Diaries]\n"
            f"    - {group}\n"
        )
    )
    assert "match.aliases[1] must list two or more names of one work, e.g." in message


def test_priority_lists_feed_names() -> None:
    """priority: names the outlets preferred as a story's lead, best first; repeats collapse."""
    config = parse_config(with_section("priority: [Hoshi Wire, Hoshi Wire]\n"), PATH)
    assert config.priority == ("Hoshi Wire",)
    assert parse_config(MINIMAL, PATH).priority == ()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[Moon Wire]", 'priority[0]: no feed is named "Moon Wire"; feed names: Hoshi Wire'),
        ("Hoshi Wire", '"priority" must be a list of feed names, e.g.'),
        ("[1]", '"priority" must be a list of feed names, e.g.'),
    ],
)
def test_bad_priority(value: str, expected: str) -> None:
    """Each priority entry must name a configured feed; the message lists the names."""
    assert expected in config_error(with_section(f"priority: {value}\n"))
