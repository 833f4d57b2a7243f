"""Fetching against a real HTTP server on 127.0.0.1, started per test module."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sourcetrace.errors import FetchError, TooLarge
from sourcetrace.ingest.base import Limits, Rejected
from sourcetrace.ingest.collect import read_all
from sourcetrace.ingest.fetch import check_url, fetch

ARTICLE = (
    b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Port report</title>"
    b"<meta property='og:site_name' content='Local Wire'></head><body><article><h1>Port report</h1>"
    b"<p>Two cargo ships left the port on Tuesday after a week of delays, the harbour master said, "
    b"while insurers declined to comment on the rising premiums.</p></article></body></html>"
)
FEED = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Local Feed</title>"
    b"<item><title>Ships leave</title><link>http://127.0.0.1/x</link>"
    b"<description>Two cargo ships left the port on Tuesday after a week of delays.</description></item>"
    b"</channel></rss>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE)
        elif path == "/feed":
            self._send(200, FEED, "application/rss+xml")
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            target = "/article" if n == 0 else f"/hop/{n - 1}"
            self._send(302, b"", headers={"Location": target})
        elif path == "/loop":
            self._send(301, b"", headers={"Location": "/loop"})
        elif path == "/big":
            self._send(200, b"x" * 50_000, "text/plain")
        elif path == "/big-chunked":
            # No Content-Length: the cap must stop the stream itself.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 1000)
        elif path == "/slow":
            time.sleep(2)
            self._send(200, ARTICLE)
        elif path == "/missing":
            self._send(404, b"gone")
        elif path == "/to-ftp":
            self._send(302, b"", headers={"Location": "ftp://127.0.0.1/file"})
        else:
            self._send(404, b"")


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hanging up on a capped or timed-out body is the point of those tests


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = Limits(allow_private=True, fetch_timeout=5.0)


def test_loopback_refused_by_default(server: str) -> None:
    with pytest.raises(FetchError, match=r"loopback address 127\.0\.0\.1") as exc:
        fetch(f"{server}/article", Limits())
    assert "\n" not in str(exc.value)


def test_loopback_allowed_with_allow_private(server: str) -> None:
    final, ctype, body = fetch(f"{server}/article", LOCAL)
    assert final == f"{server}/article"
    assert ctype.startswith("text/html")
    assert body == ARTICLE


@pytest.mark.parametrize(("url", "kind"), [
    ("http://10.1.2.3/", "private"), ("http://169.254.169.254/latest", "link-local"),
    ("http://[::1]/", "loopback"), ("http://224.0.0.1/", "multicast"),
    ("http://[::ffff:192.168.1.1]/", "private"), ("http://0.0.0.0/", "unspecified"),
])
def test_non_public_addresses_refused(url: str, kind: str) -> None:
    with pytest.raises(FetchError, match=kind):
        check_url(url, Limits())


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x/"])
def test_only_http_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        check_url(url, Limits(allow_private=True))


def test_redirects_followed_within_limit(server: str) -> None:
    final, _, body = fetch(f"{server}/hop/3", Limits(allow_private=True, max_redirects=5))
    assert final == f"{server}/article" and body == ARTICLE


def test_redirect_limit(server: str) -> None:
    with pytest.raises(FetchError, match="too many redirects: more than 2"):
        fetch(f"{server}/hop/3", Limits(allow_private=True, max_redirects=2))
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(f"{server}/loop", LOCAL)


def test_each_redirect_hop_is_checked(server: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(f"{server}/to-ftp", LOCAL)


def test_size_cap_by_header_and_by_stream(server: str) -> None:
    small = Limits(allow_private=True, max_bytes=10_000)
    with pytest.raises(TooLarge, match="50000 bytes"):
        fetch(f"{server}/big", small)
    with pytest.raises(TooLarge, match="more than 10000 bytes"):
        fetch(f"{server}/big-chunked", small)


def test_timeout(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch(f"{server}/slow", Limits(allow_private=True, fetch_timeout=0.5))
    assert time.monotonic() - start < 1.8


def test_http_error_status(server: str) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing", LOCAL)


def test_read_all_urls_by_content(server: str) -> None:
    out = list(read_all([f"{server}/article", f"{server}/feed", f"{server}/missing", f"{server}/hop/0"], LOCAL))
    (item_a, doc_a), (item_f, doc_f), rejected, (_, doc_r) = out
    assert item_a.media_type == "text/html" and doc_a.outlet == "Local Wire"
    assert doc_a.url == f"{server}/article"
    assert item_f.media_type == "application/rss+xml" and doc_f.outlet == "Local Feed"
    assert isinstance(rejected, Rejected) and rejected.code == "fetch"
    assert doc_r.url == f"{server}/article"  # the final URL after the redirect


def test_read_all_refuses_loopback_by_default(server: str) -> None:
    (rejected,) = list(read_all([f"{server}/article"], Limits()))
    assert isinstance(rejected, Rejected) and rejected.code == "fetch"
    assert "loopback" in rejected.reason
