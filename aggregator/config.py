"""Loads and validates feeds.yaml into a ``Config``. Reads one file; writes nothing.

Every mistake becomes a ``ConfigError`` naming the file, the key and the fix, so that
``aggregator`` can exit with status 2 before touching the store. The keys ``store``,
``output.title``, ``output.url`` and ``feeds[].name``/``feeds[].url`` are a contract that
other tools rely on: extend them, never break them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from aggregator import USER_AGENT
from aggregator.errors import ConfigError
from aggregator.models import (
    CHARACTER,
    Config,
    FetchSettings,
    MatchSettings,
    OutputSettings,
    Source,
)

_TOP_KEYS = {"store", "output", "feeds", "fetch", "match", "priority"}
_OUTPUT_KEYS = {"title", "url", "max_entries", "author", "description"}
_FEED_KEYS = {"name", "url"}
# name -> (type, smallest allowed value)
_FETCH_KEYS: dict[str, tuple[type, float]] = {
    "timeout": (float, 0.1),
    "deadline": (float, 0.1),
    "max_bytes": (int, 1024),
    "max_connections": (int, 1),
    "per_host": (int, 1),
    "parse_workers": (int, 0),
    "parse_memory": (int, 16 * 1024 * 1024),
    "parse_timeout": (float, 0.1),
}
_MATCH_KEYS = {"window_hours", "aliases", "known_works"}


def load_config(path: Path | str) -> Config:
    """Read and validate feeds.yaml at ``path``.

    Raises:
        ConfigError: the file is missing, is not YAML, or a key is missing or wrong.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            path, "no such file; pass --config FILE or set AGGREGATOR_CONFIG"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read it: {exc}") from None
    return parse_config(text, path)


# libyaml's safe loader where PyYAML was built with it: ten times faster (a 200-feed config,
# read by every command, 30 -> 3 ms), the same documents and errors with lines and columns.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_config(text: str, path: Path) -> Config:
    """Validate the YAML ``text`` of the config file at ``path``."""
    try:
        raw = yaml.load(text, Loader=_LOADER)  # a safe loader, C or Python
    except yaml.YAMLError as exc:
        raise ConfigError(
            path,
            f"not valid YAML: {_yaml_reason(exc)}; check the indentation (spaces, not tabs), "
            "colons and quotes on that line and the one before",
        ) from None
    if not isinstance(raw, dict):
        raise ConfigError(path, 'expected a mapping with "store", "output" and "feeds" keys')
    _check_keys(path, raw, _TOP_KEYS, "")
    store = raw.get("store", "store")
    if not isinstance(store, str) or not store.strip():
        raise ConfigError(path, '"store" must be a directory path, e.g. store: store')
    store_dir = Path(store).expanduser()
    if not store_dir.is_absolute():
        store_dir = path.parent / store_dir
    feeds = _parse_feeds(path, raw.get("feeds"))
    return Config(
        path=path,
        store_dir=store_dir,
        feeds=feeds,
        output=_parse_output(path, raw.get("output")),
        # Only an empty section means "defaults": "fetch: 0" is a mistake, not an empty mapping.
        fetch=_parse_fetch(path, {} if raw.get("fetch") is None else raw["fetch"]),
        match=_parse_match(path, {} if raw.get("match") is None else raw["match"]),
        priority=_parse_priority(path, raw.get("priority") or [], feeds),
    )


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)


def _check_keys(path: Path, section: Mapping[Any, Any], allowed: set[str], where: str) -> None:
    for key in section:
        if key not in allowed:
            name = f"{where}.{key}" if where else str(key)
            known = ", ".join(sorted(allowed))
            raise ConfigError(path, f'unknown key "{name}"; known keys here: {known}')


def _check_url(path: Path, url: object, where: str, example: str) -> str:
    if url is None:
        section, _, key = where.rpartition(".")
        raise ConfigError(path, f'{section} has no "{key}"; add one, e.g. {key}: {example}')
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(path, f'{where} must be a URL, e.g. "{example}"')
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            path, f'{where} is not an http(s) URL: "{url}"; write it in full, e.g. "{example}"'
        )
    return url.strip()


def _parse_feeds(path: Path, feeds: object) -> tuple[Source, ...]:
    if not isinstance(feeds, list) or not feeds:
        raise ConfigError(
            path, 'no "feeds" list; add one, e.g.\nfeeds:\n  - name: Example\n    url: https://…'
        )
    sources: list[Source] = []
    names: dict[str, int] = {}
    urls: dict[str, int] = {}
    for index, feed in enumerate(feeds):
        where = f"feeds[{index}]"
        if not isinstance(feed, dict):
            raise ConfigError(path, f"{where} must be a mapping with name and url")
        _check_keys(path, feed, _FEED_KEYS, where)
        name = feed.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(
                path, f'{where} has no "name"; add one, e.g. name: Anime News Network'
            )
        url = _check_url(path, feed.get("url"), f"{where}.url", "https://example.org/feed.xml")
        name = name.strip()
        if name in names:
            raise ConfigError(
                path,
                f'{where}: duplicate feed name "{name}" (also feeds[{names[name]}]); '
                "names must be unique, so rename one",
            )
        if url in urls:
            raise ConfigError(
                path, f"{where}: duplicate feed url {url} (also feeds[{urls[url]}]); remove one"
            )
        names[name], urls[url] = index, index
        sources.append(Source(name=name, url=url))
    return tuple(sources)


def _parse_output(path: Path, output: object) -> OutputSettings:
    if not isinstance(output, dict):
        raise ConfigError(
            path,
            'no "output" section; add one, e.g.\noutput:\n  title: Anime News, merged\n'
            "  url: https://example.org/anime/",
        )
    _check_keys(path, output, _OUTPUT_KEYS, "output")
    title = output.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ConfigError(path, "output.title is missing; add one, e.g. title: Anime News, merged")
    url = _check_url(path, output.get("url"), "output.url", "https://example.org/anime/")
    if not url.endswith("/"):
        url += "/"  # a base URL: feed.atom is published at url + "feed.atom"
    max_entries = output.get("max_entries", 100)
    if not isinstance(max_entries, int) or isinstance(max_entries, bool) or max_entries < 1:
        raise ConfigError(path, "output.max_entries must be a whole number >= 1, e.g. 100")
    extra = {k: _text(path, output, k) for k in ("author", "description") if k in output}
    return OutputSettings(title=title.strip(), url=url, max_entries=max_entries, **extra)


def _text(path: Path, section: Mapping[str, Any], key: str) -> str:
    value = section[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, f"output.{key} must be non-empty text")
    return value.strip()


def _parse_fetch(path: Path, fetch: object) -> FetchSettings:
    if not isinstance(fetch, dict):
        raise ConfigError(path, '"fetch" must be a mapping, e.g. fetch: {timeout: 20}')
    _check_keys(path, fetch, set(_FETCH_KEYS), "fetch")
    values: dict[str, Any] = {}
    for key, (kind, smallest) in _FETCH_KEYS.items():
        if key not in fetch:
            continue
        value = fetch[key]
        ok_type = isinstance(value, int | float) if kind is float else isinstance(value, int)
        if isinstance(value, bool) or not ok_type or value < smallest:
            kind_name = "a number" if kind is float else "a whole number"
            default = getattr(FetchSettings(user_agent=USER_AGENT), key)
            raise ConfigError(
                path, f"fetch.{key} must be {kind_name} >= {smallest:g}, e.g. {key}: {default:g}"
            )
        values[key] = kind(value)
    return FetchSettings(user_agent=USER_AGENT, **values)


def _parse_match(path: Path, match: object) -> MatchSettings:
    if not isinstance(match, dict):
        raise ConfigError(path, '"match" must be a mapping, e.g. match: {window_hours: 96}')
    _check_keys(path, match, _MATCH_KEYS, "match")
    window = match.get("window_hours", MatchSettings().window_hours)
    if isinstance(window, bool) or not isinstance(window, int | float) or window <= 0:
        raise ConfigError(path, "match.window_hours must be a positive number of hours, e.g. 96")
    aliases = match.get("aliases") or []
    groups: list[tuple[str, ...]] = []
    if not isinstance(aliases, list):
        raise ConfigError(
            path,
            "match.aliases must be a list of lists of names, e.g.\n"
            '  aliases:\n    - [Sousou no Frieren, "Frieren: Beyond Journey\'s End"]',
        )
    for index, group in enumerate(aliases):
        if (
            not isinstance(group, list)
            or len(group) < 2
            or not all(isinstance(name, str) and name.strip() for name in group)
        ):
            raise ConfigError(
                path,
                f"match.aliases[{index}] must list two or more names of one work, "
                'e.g. [Sousou no Frieren, "Frieren: Beyond Journey\'s End"]',
            )
        groups.append(tuple(name.strip() for name in group))
    known = match.get("known_works", True)
    if not isinstance(known, bool):
        raise ConfigError(path, "match.known_works must be true or false, e.g. known_works: false")
    if known:
        groups += known_works()
    return MatchSettings(window_hours=float(window), aliases=tuple(groups))


def known_works() -> list[tuple[str, ...]]:
    """The names of well-known works that ship with aggregator (``known_works.txt``: one work a
    line, its names separated by " | ", then after " || " its best-known characters' names, each
    marked ``CHARACTER``), read after the reader's own ``match.aliases``."""
    text = (Path(__file__).parent / "known_works.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    works = []
    for line in lines:
        if line and not line.startswith("#"):
            titles, _, characters = line.partition(" || ")
            names = [n.strip() for n in titles.split(" | ")]
            names += [CHARACTER + n.strip() for n in characters.split(" | ") if n.strip()]
            works.append(tuple(names))
    return works


def _parse_priority(path: Path, priority: object, feeds: tuple[Source, ...]) -> tuple[str, ...]:
    """The outlets preferred as a story's lead: names of configured feeds, best first."""
    example = "e.g.\npriority:\n  - Anime News Network\n  - Crunchyroll News"
    if not isinstance(priority, list) or not all(isinstance(n, str) for n in priority):
        raise ConfigError(path, f'"priority" must be a list of feed names, {example}')
    names = {feed.name for feed in feeds}
    for index, name in enumerate(priority):
        if name.strip() not in names:
            known = ", ".join(sorted(names))
            raise ConfigError(
                path, f'priority[{index}]: no feed is named "{name}"; feed names: {known}'
            )
    return tuple(dict.fromkeys(name.strip() for name in priority))
