"""The ``fetch.*`` settings, with their defaults in code.

recoupe's ``settings.toml`` has no ``[fetch]`` section (yet): :func:`fetch_settings` reads
every key with ``options.get("fetch.<key>", default)``, and :func:`with_fetch_section` puts
a ``[fetch]`` table (from a ``--config`` file or a feeds file) into an :class:`Options`.
docs/fetch.md documents each key.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from recoupe import __version__
from recoupe.config import ConfigError, Options


@dataclass(slots=True)
class FetchSettings:
    #: what every request says it is (robots.txt rules for "recoupe" apply to it)
    user_agent: str = f"recoupe/{__version__} (+https://example.invalid/recoupe)"
    #: requests per second to one host (0.5 = one every two seconds)
    rate: float = 1.0
    #: seconds to connect, and to wait for each read
    timeout: float = 20.0
    #: a response body larger than this is refused (bytes)
    max_bytes: int = 5_000_000
    #: retries after a timeout, a refused or reset connection, a 429 or a 5xx
    retries: int = 3
    #: first backoff in seconds, doubled at each retry
    backoff: float = 1.0
    #: longest wait between two tries (a longer Retry-After gives up)
    max_backoff: float = 60.0
    #: redirects followed at most
    max_redirects: int = 5
    #: read and obey robots.txt
    robots: bool = True
    #: seconds a host's robots.txt is kept before being read again
    robots_ttl: float = 86_400.0
    #: robots.txt Crawl-delay is obeyed up to this many seconds
    max_crawl_delay: float = 30.0
    #: seconds between two polls of a feed when neither it nor the feeds file says
    interval: float = 900.0
    #: bounds of a feed's own pace (ttl, sy:updatePeriod, Cache-Control max-age)
    min_interval: float = 60.0
    max_interval: float = 86_400.0
    #: items (feed entries, sitemap URLs) taken from one feed or sitemap at most
    max_items: int = 500
    #: sitemap indexes followed this deep
    sitemap_depth: int = 2
    #: a page whose fetch failed for a passing cause (timeout, 5xx) is tried this many times
    page_attempts: int = 3


KEYS = tuple(f.name for f in fields(FetchSettings))


def fetch_settings(options: Options | None) -> FetchSettings:
    """The fetch settings ``options`` holds, each missing key at its default."""
    params = FetchSettings()
    if options is None:
        return params
    for name in KEYS:
        value = options.get(f"fetch.{name}", None)
        if value is None or value == "":  # "" = the default (the User-Agent names the version)
            continue
        kind = type(getattr(params, name))
        try:
            setattr(params, name, value if kind is bool and isinstance(value, bool) else kind(value))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"[F001] setting 'fetch.{name}' must be a {kind.__name__}, got {value!r}") from exc
    return params


def check_section(section: Any, where: str) -> dict[str, Any]:
    """``section`` as a dict of known fetch keys (a [fetch] table from ``where``)."""
    if not isinstance(section, dict):
        raise ConfigError(f"[F002] '{where}': [fetch] must be a table")
    unknown = sorted(set(section) - set(KEYS))
    if unknown:
        raise ConfigError(f"[F003] unknown setting 'fetch.{unknown[0]}' in {where}. Known: {', '.join(KEYS)}")
    return dict(section)


def with_fetch_section(options: Options, section: dict[str, Any]) -> Options:
    """``options`` with the keys of ``section`` set in its ``[fetch]`` table (in place)."""
    if section:
        merged = dict(options.settings.get("fetch") or {})
        merged.update(section)
        options.settings["fetch"] = merged
        fetch_settings(options)  # fail now on a value of the wrong type
    return options


def load_options(config: Any, quiet: bool = False) -> Options:
    """:meth:`Options.load` of a ``--config`` file that may hold a ``[fetch]`` table (which
    the shipped settings do not know, so it is taken out before the merge)."""
    import tomllib
    from pathlib import Path

    if config is None:
        return Options.load(None, quiet=quiet)
    path = Path(config)
    try:
        user = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return Options.load(path, quiet=quiet)  # its own, clear error
    if "fetch" not in user or "fetch" in Options.load().settings:
        return Options.load(path, quiet=quiet)
    section = check_section(user.pop("fetch"), str(path))
    return with_fetch_section(Options.load(None, overrides=user, quiet=quiet), section)
