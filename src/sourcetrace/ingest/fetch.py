"""Safe HTTP(S) fetching of articles and feeds given by URL.

A URL from a user may point anywhere, so every hop of a redirect chain is checked
again: the scheme must be http or https and every address the host resolves to must be
public (no loopback, private, link-local, multicast or reserved ranges) unless the
limits allow private addresses. Bodies are streamed and cut off at the size cap.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import httpx

from sourcetrace.errors import FetchError, TooLarge
from sourcetrace.ingest.base import Limits

USER_AGENT = "sourcetrace/0.1 (+https://github.com/sourcetrace)"
REDIRECTS = (301, 302, 303, 307, 308)
ACCEPT = "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"


def _address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` must not be fetched from, or None when it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "non-public"
    return None


def check_url(url: str, limits: Limits) -> None:
    """Refuses a URL whose scheme is not http(s) or whose host resolves to a private address.

    Raises:
        FetchError: the URL must not be fetched.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"refusing {url}: only http and https URLs can be fetched, not {parts.scheme or 'no scheme'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(f"refusing {url}: the URL has no host name")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchError(f"refusing {url}: the port is not a number in 1-65535") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r} of {url} ({exc.args[-1] if exc.args else exc})") from None
    if limits.allow_private:
        return
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        kind = _address_kind(ip)
        if kind:
            raise FetchError(
                f"refusing {url}: host {host} resolves to the {kind} address {ip}; "
                f"allow private addresses in the settings to fetch from your own network"
            )


def _read_body(response: httpx.Response, url: str, limits: Limits, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise TooLarge(f"{url} is {declared} bytes, over the {limits.max_bytes}-byte limit; raise max_bytes to fetch it")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise TooLarge(f"{url} sent more than {limits.max_bytes} bytes; stopped reading; raise max_bytes to fetch it")
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {limits.fetch_timeout:g} s reading {url}")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, limits: Limits, client: httpx.Client | None = None) -> tuple[str, str, bytes]:
    """Fetches ``url``, following redirects by hand and checking every hop.

    Returns:
        The final URL, its Content-Type (may be empty) and the body.

    Raises:
        FetchError: refused, unreachable, timed out, an HTTP error or too many redirects.
        TooLarge: the body is over ``limits.max_bytes``.
    """
    own = client is None
    client = client or httpx.Client(
        follow_redirects=False, timeout=httpx.Timeout(limits.fetch_timeout),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT}, trust_env=False,
    )
    deadline = time.monotonic() + limits.fetch_timeout
    current = url
    try:
        for _hop in range(limits.max_redirects + 1):
            check_url(current, limits)
            try:
                with client.stream("GET", current) as response:
                    if response.status_code in REDIRECTS and response.headers.get("location"):
                        current = urljoin(current, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase} from {current}")
                    body = _read_body(response, current, limits, deadline)
                    return current, response.headers.get("content-type", ""), body
            except httpx.TimeoutException:
                raise FetchError(f"timed out after {limits.fetch_timeout:g} s fetching {current}") from None
            except httpx.HTTPError as exc:
                reason = " ".join(str(exc).split()) or type(exc).__name__
                raise FetchError(f"cannot fetch {current}: {reason}") from None
        raise FetchError(
            f"too many redirects: more than {limits.max_redirects} starting at {url}; fetch the final URL directly"
        )
    finally:
        if own:
            client.close()
