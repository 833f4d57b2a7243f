"""Request-level helpers shared by the API, the pages and the exports.

The filter dependency declares the same query parameters everywhere (so the claims
page, ``/api/claims`` and ``/export/{format}`` accept one URL's query string), and the
auth helpers check the Bearer token the server was started with.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import Query, Request

from sourcetrace.errors import AuthError
from sourcetrace.link.query import ClusterFilter
from sourcetrace.store.db import Store

DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
Sort = Literal["origins", "outlets", "first_seen", "newest", "documents"]
TOKEN_COOKIE = "sourcetrace_token"


def get_store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _clean(value: str | None) -> str | None:
    value = (value or "").replace("\x00", "").strip()
    return value or None


def cluster_filter(
    text: Annotated[str | None, Query(max_length=200, description="Full-text search over the claim statement.")] = None,
    event_type: Annotated[str | None, Query(max_length=40, description="An event type of the taxonomy.")] = None,
    status: Annotated[str | None, Query(max_length=20, description="reported, unverified, denied...")] = None,
    source: Annotated[str | None, Query(max_length=200, description="A source (origin) name.")] = None,
    side: Annotated[str | None, Query(max_length=20, description="ukraine, russia, third_party, unknown.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="A resolved place name.")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="A publishing outlet.")] = None,
    date_from: Annotated[str | None, Query(pattern=DATE, description="First seen on or after (ISO date).")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE, description="First seen on or before (ISO date).")] = None,
) -> ClusterFilter:
    """The claim filters of ``sourcetrace claims``, from the query string (empty means unset)."""
    return ClusterFilter(text=_clean(text), event_type=_clean(event_type), status=_clean(status),
                         source=_clean(source), side=_clean(side), place=_clean(place), outlet=_clean(outlet),
                         date_from=_clean(date_from), date_to=_clean(date_to))


def given_token(request: Request, form_token: str | None = None) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return form_token or request.cookies.get(TOKEN_COOKIE)


def check_token(request: Request, form_token: str | None = None) -> None:
    """Raises AuthError unless the request carries the server's token."""
    expected = request.app.state.token
    if not expected:
        raise AuthError("writes are disabled: start the server with --token or SOURCETRACE_TOKEN set")
    got = given_token(request, form_token)
    if not got or not hmac.compare_digest(got.encode(), str(expected).encode()):
        raise AuthError("missing or wrong token: send 'Authorization: Bearer TOKEN' (the --token the server has)")


def require_read(request: Request) -> None:
    """In private mode every read needs the token too."""
    if request.app.state.private:
        check_token(request)
