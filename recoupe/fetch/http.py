"""A polite HTTP client on the standard library (urllib): robots.txt, a per-host rate limit,
conditional GET, retries with exponential backoff (Retry-After honoured), timeouts, a size
cap, bounded redirects (a loop is an error) and a clear User-Agent.

Every failure is a :class:`FetchError` whose message is the reason a person reads in the
store's rejected list ("HTTP 404 Not Found", "redirect loop: … → …", "timed out after 20 s").
"""

from __future__ import annotations

import codecs
import email.utils
import errno
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
import urllib.robotparser
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

from recoupe.fetch.settings import FetchSettings
from recoupe.fetch.urls import BadUrl, host_key, normalise_url

#: answers worth another try (after a pause)
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_READ_CHUNK = 65_536
_TEXTUAL = re.compile(r"^(text/.*|.*/(.*\+)?(xml|json)|application/(javascript|ecmascript))$")
_GZIP_TYPES = {"application/gzip", "application/x-gzip", "application/octet-stream"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


class FetchError(Exception):
    """A URL that could not be fetched: ``reason`` for the rejected list, ``status`` the last
    HTTP status (0 when no answer came), ``transient`` when trying again later may work,
    ``retry_after`` the pause the server asked for (seconds), if it asked."""

    def __init__(self, reason: str, status: int = 0, transient: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


@dataclass(slots=True)
class Response:
    """What a fetch got: ``url`` as requested (normalised), ``final_url`` after redirects,
    ``status`` (304: not modified, ``body`` empty), the headers, and the body (decompressed,
    at most ``fetch.max_bytes``)."""

    url: str
    final_url: str
    status: int
    headers: Message
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")

    @property
    def content_type(self) -> str:
        """The declared media type, lowercased, without parameters ("" when undeclared)."""
        return (self.headers.get_content_type() if self.headers.get("Content-Type") else "").lower()

    @property
    def charset(self) -> str | None:
        return self.headers.get_content_charset() if self.headers.get("Content-Type") else None

    def max_age(self) -> float | None:
        """Cache-Control max-age (or s-maxage), seconds; None when not given."""
        cc = self.headers.get("Cache-Control") or ""
        m = re.search(r"(?:s-)?max-age\s*=\s*(\d+)", cc, re.I)
        return float(m.group(1)) if m else None


@dataclass(slots=True)
class Decoded:
    """A body as text, with the encoding used and whether it was guessed (the declared one
    failed, or none was declared and the bytes are not UTF-8)."""

    text: str
    encoding: str
    guessed: bool = False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects come back as errors: the fetcher follows them itself (counted, checked
    against robots.txt and the rate limit, a loop detected)."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Fetcher:
    """Fetches URLs one at a time, politely. ``sleep`` and ``clock`` are injectable (tests)."""

    def __init__(self, settings: FetchSettings | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings or FetchSettings()
        self.sleep = sleep
        self.clock = clock
        self._opener = urllib.request.build_opener(_NoRedirect())
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None, str | None]] = {}
        self._host_interval: dict[str, float] = {}  # a robots.txt Crawl-delay, by host
        self.requests = 0  # HTTP requests made (robots.txt included)

    # ------------------------------------------------------------------ public

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            robots: bool = True) -> Response:
        """GET ``url`` (normalised first), following at most ``max_redirects`` redirects.

        ``etag`` / ``last_modified`` make it conditional: a 304 comes back as a Response
        with ``not_modified``. Raises :class:`FetchError` for everything else that is not
        a 2xx with a body within the size cap and not binary. ``robots=False`` skips the
        robots.txt check (for robots.txt itself)."""
        try:
            start = normalise_url(url)
        except BadUrl as exc:
            raise FetchError(str(exc)) from None
        current, chain = start, [start]
        for _hop in range(self.settings.max_redirects + 1):
            if robots:
                self._check_robots(current)
            headers = {}
            if etag and current == start:
                headers["If-None-Match"] = etag
            if last_modified and current == start:
                headers["If-Modified-Since"] = last_modified
            status, head, body = self._request_with_retries(current, headers)
            if status in (301, 302, 303, 307, 308):
                location = head.get("Location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location", status)
                try:
                    target = normalise_url(location, base=current)
                except BadUrl as exc:
                    raise FetchError(f"redirect to {location!r}: {exc}", status) from None
                if target in chain:
                    raise FetchError("redirect loop: " + " → ".join([*chain[chain.index(target):], target]), status)
                chain.append(target)
                current = target
                continue
            if status != 304 and not 200 <= status < 300:
                reason = f"HTTP {status} {http.client.responses.get(status, '')}".rstrip()
                raise FetchError(reason, status, transient=status in RETRY_STATUSES)
            return Response(start, current, status, head, body, chain[1:])
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects}): "
                         + " → ".join(chain[:3] + ["…", chain[-1]]), 0)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch ``url`` (network errors count as allowed here)."""
        try:
            self._check_robots(url)
        except FetchError as exc:
            return "robots.txt" not in exc.reason
        return True

    # ------------------------------------------------------------------ robots.txt

    def _check_robots(self, url: str) -> None:
        if not self.settings.robots:
            return
        host = host_key(url)
        now = self.clock()
        cached = self._robots.get(host)
        if cached is None or cached[0] <= now:
            cached = self._load_robots(host)
            self._robots[host] = cached
        _until, parser, why = cached
        if parser is None:
            raise FetchError(f"disallowed by robots.txt ({why})")
        if not parser.can_fetch(self.settings.user_agent, url):
            raise FetchError("disallowed by robots.txt")
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            self._host_interval[host] = min(float(delay), self.settings.max_crawl_delay)

    def _load_robots(self, host: str) -> tuple[float, urllib.robotparser.RobotFileParser | None, str | None]:
        """(valid until, parser or None when the host forbids everything for now, why).

        RFC 9309: a 4xx means no rules (everything allowed); a 5xx or an unreachable
        robots.txt means nothing may be fetched until it answers (checked again in 10
        minutes). A host that cannot be reached at all fails the page with that cause."""
        now = self.clock()
        url = host + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(url)
        try:
            resp = self.get(url, robots=False)
        except FetchError as exc:
            if exc.status == 0:  # DNS, refused, timeout: the page fails the same way
                raise
            if exc.status and 400 <= exc.status < 500:
                parser.parse([])
                return now + self.settings.robots_ttl, parser, None
            return now + 600, None, f"robots.txt unavailable: {exc.reason}"
        text = resp.body.decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return now + self.settings.robots_ttl, parser, None

    # ------------------------------------------------------------------ rate limit, retries

    def _wait_turn(self, url: str) -> None:
        host = host_key(url)
        base = 1.0 / self.settings.rate if self.settings.rate > 0 else 0.0
        interval = max(base, self._host_interval.get(host, 0.0))
        now = self.clock()
        slot = self._next_slot.get(host, now)
        if slot > now:
            self.sleep(slot - now)
            now = self.clock()
        self._next_slot[host] = now + interval

    def _request_with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
        s = self.settings
        attempts = max(0, s.retries) + 1
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            try:
                status, head, body = self._request(url, headers)
            except FetchError as exc:
                if not exc.transient or last:
                    if exc.transient and attempts > 1:
                        exc.reason += f" ({attempts} attempts)"
                        exc.args = (exc.reason,)
                    raise
                self.sleep(min(s.backoff * 2 ** (attempt - 1), s.max_backoff))
                continue
            if status not in RETRY_STATUSES:
                return status, head, body
            reason = f"HTTP {status} {http.client.responses.get(status, '')}".rstrip()
            wait = _retry_after(head.get("Retry-After"))
            if wait is not None and wait > s.max_backoff:
                raise FetchError(f"{reason} (Retry-After {wait:.0f} s is beyond fetch.max_backoff "
                                 f"{s.max_backoff:.0f} s)", status, transient=True, retry_after=wait)
            if last:
                raise FetchError(f"{reason} ({attempts} attempts)" if attempts > 1 else reason, status,
                                 transient=True, retry_after=wait)
            self.sleep(wait if wait is not None else min(s.backoff * 2 ** (attempt - 1), s.max_backoff))
        raise AssertionError("unreachable")

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
        """One request: (status, headers, body). Error statuses come back as statuses (the
        caller decides); 2xx bodies are read within the cap."""
        self._wait_turn(url)
        self.requests += 1
        s = self.settings
        req = urllib.request.Request(url, headers={
            "User-Agent": s.user_agent, "Accept-Encoding": "gzip",
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                      "application/xml;q=0.9,text/*;q=0.8,*/*;q=0.5",
            "Accept-Language": "fr,en;q=0.5", **headers})
        try:
            resp = self._opener.open(req, timeout=s.timeout)
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.headers, b""
        except urllib.error.URLError as exc:
            raise _network_error(url, exc.reason, s.timeout) from None
        except TimeoutError as exc:
            raise _network_error(url, exc, s.timeout) from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise _network_error(url, exc, s.timeout) from None
        with resp:
            status, head = resp.status, resp.headers
            body = self._read_body(url, resp, head)
        return status, head, body

    def _read_body(self, url: str, resp: Any, head: Message) -> bytes:
        s = self.settings
        ctype = head.get_content_type().lower() if head.get("Content-Type") else ""
        if ctype and not _TEXTUAL.match(ctype) and ctype not in _GZIP_TYPES:
            raise FetchError(f"binary content ({ctype}), not a page or a feed", resp.status)
        length = head.get("Content-Length")
        if length and length.isdigit() and int(length) > s.max_bytes:
            raise FetchError(f"too large ({int(length) / 1e6:.1f} MB > fetch.max_bytes "
                             f"{s.max_bytes / 1e6:.1f} MB)", resp.status)
        deadline = time.monotonic() + max(3 * s.timeout, 10.0)
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                chunk = resp.read(_READ_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > s.max_bytes:
                    raise FetchError(f"too large (more than fetch.max_bytes {s.max_bytes / 1e6:.1f} MB; "
                                     "stopped reading)", resp.status)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise FetchError(f"too slow (body not read within {3 * s.timeout:.0f} s)",
                                     resp.status, transient=True)
        except TimeoutError:
            raise FetchError(f"timed out reading the body after {s.timeout:g} s", resp.status,
                             transient=True) from None
        except (http.client.HTTPException, OSError) as exc:
            raise FetchError(f"connection broken while reading: {exc}", resp.status, transient=True) from None
        body = b"".join(chunks)
        if (head.get("Content-Encoding") or "").lower() in ("gzip", "x-gzip") or body[:2] == b"\x1f\x8b":
            body = _gunzip(body, s.max_bytes, resp.status)
        elif ctype in _GZIP_TYPES and ctype != "application/octet-stream":
            raise FetchError(f"binary content ({ctype}) that is not gzip", resp.status)
        if b"\x00" in body[:8192] and not body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FetchError(f"binary content (NUL bytes{', declared ' + ctype if ctype else ''}), "
                             "not a page or a feed", resp.status)
        return body


def _gunzip(body: bytes, cap: int, status: int) -> bytes:
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(body, cap + 1)
    except zlib.error as exc:
        raise FetchError(f"broken gzip body: {exc}", status) from None
    if len(out) > cap or d.unconsumed_tail:
        raise FetchError(f"too large once decompressed (more than fetch.max_bytes {cap / 1e6:.1f} MB)", status)
    return out


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (a number of seconds or an HTTP date), None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _network_error(url: str, cause: Any, timeout: float) -> FetchError:
    """A FetchError naming what went wrong below HTTP (DNS, refused, timeout, TLS)."""
    host = urlsplit(url).netloc
    if isinstance(cause, socket.gaierror):
        return FetchError(f"cannot resolve host {urlsplit(url).hostname} (DNS: {cause.strerror or cause})")
    if isinstance(cause, TimeoutError):
        return FetchError(f"timed out after {timeout:g} s", transient=True)
    if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == errno.ECONNREFUSED:
        return FetchError(f"connection refused by {host}", transient=True)
    if isinstance(cause, ConnectionResetError | ConnectionAbortedError | http.client.RemoteDisconnected):
        return FetchError(f"connection reset by {host}", transient=True)
    if isinstance(cause, ssl.SSLError | ssl.CertificateError):
        return FetchError(f"TLS error with {host}: {cause}")
    if isinstance(cause, str):
        return FetchError(f"cannot fetch: {cause}")
    return FetchError(f"cannot fetch: {type(cause).__name__}: {cause}", transient=True)


def decode_body(body: bytes, declared: str | None, ctype: str = "") -> Decoded:
    """``body`` as text: the declared charset, else a byte-order mark, the document's own
    ``<meta charset>`` / ``<?xml encoding?>``, UTF-8; when that fails (a cp1252 page
    declared as UTF-8, or nothing declared), charset-normalizer's best guess.

    Raises:
        FetchError: binary content, or no plausible encoding.
    """
    decoded = _decode_body(body, declared, ctype)
    sample = decoded.text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    if sample and controls / len(sample) > 0.02:
        raise FetchError("binary content (control characters), not a page or a feed")
    return decoded


def _decode_body(body: bytes, declared: str | None, ctype: str = "") -> Decoded:
    """:func:`decode_body` before the check for control characters."""
    candidates: list[str] = []
    if declared:
        candidates.append(declared)
    else:
        for pat in (_META_CHARSET, _XML_ENCODING):
            m = pat.search(body[:4096])
            if m:
                candidates.append(m.group(1).decode("ascii", "replace"))
                break
    for enc in candidates:
        try:
            codecs.lookup(enc)
            text = body.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
        return Decoded(text.removeprefix("\ufeff"), codecs.lookup(enc).name, False)
    if body.startswith(codecs.BOM_UTF8):
        return Decoded(body[3:].decode("utf-8", errors="replace"), "utf-8", bool(candidates))
    try:
        return Decoded(body.decode("utf-8"), "utf-8", bool(candidates))
    except UnicodeDecodeError:
        pass
    guess = _guess_encoding(body)
    if guess is None:
        said = f"declared {declared}" if declared else "no charset declared"
        raise FetchError(f"undecodable text ({said}; not UTF-8, no plausible charset)")
    return Decoded(body.decode(guess, errors="replace"), guess, True)


#: what a mislabelled page in French (or any Western language) is nearly always in: the
#: first of these among charset-normalizer's equally good guesses wins (cp1250 and cp1252
#: read "grève" equally well for it, as "grčve" and "grève")
_WESTERN = ("cp1252", "iso8859_15", "latin_1")


def _guess_encoding(body: bytes) -> str | None:
    """charset-normalizer's best guess for ``body``, preferring a Western encoding among
    equally plausible ones; None when nothing fits."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(body[:1_000_000]))
    if not results:
        return None
    best = min(m.chaos for m in results)
    ties = [m.encoding for m in results if m.chaos <= best + 0.01]
    return next((enc for enc in _WESTERN if enc in ties), ties[0])
