"""URL normalisation: one spelling per page, so that each fetched URL is stored once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: query parameters that only say where a click came from (campaign trackers, click ids)
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "xtor", "xts", "xtref", "at_medium", "at_campaign",
    "at_creation", "at_format", "at_variant", "at_platform", "at_send_date", "at_link",
    "at_recipient_id", "at_recipient_list", "at_ptr_name", "ocid", "cmpid", "spm", "oly_enc_id",
    "oly_anon_id", "vero_id", "mkt_tok", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
    "ns_fee", "sr_share", "ito", "s_cid", "guccounter", "_hsenc", "_hsmi", "hsctatracking",
})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class BadUrl(ValueError):
    """Not an http(s) URL we can fetch."""


def is_tracking(name: str) -> bool:
    n = name.lower()
    return n.startswith(("utm_", "pk_", "mtm_")) or n in TRACKING_PARAMS


def normalise_url(url: str, base: str | None = None) -> str:
    """The one spelling of ``url`` the store keeps (relative URLs resolved against ``base``).

    Scheme and host lowercased, the default port dropped, an empty path made "/", the
    fragment dropped, tracking parameters (``utm_*``, ``fbclid``, ``xtor``…) dropped, the other
    parameters kept in their order. ``https://Ville.example:443/a?utm_source=x&id=3#top`` →
    ``https://ville.example/a?id=3``.

    Raises:
        BadUrl: not an http(s) URL with a host.
    """
    from urllib.parse import urljoin

    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise BadUrl(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadUrl(f"URL without a host: {url!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise BadUrl(f"bad port in {url!r}") from exc
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    path = parts.path or "/"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not is_tracking(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_key(url: str) -> str:
    """``scheme://host[:port]`` of a URL: what robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"
