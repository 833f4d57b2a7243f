"""Templates and the helpers they use: query-string links, status and side labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from sourcetrace import __version__
from sourcetrace.model import EVENT_TYPES, SIDES, STATUSES
from sourcetrace.web.ids import source_slug

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
FILTER_KEYS = ("text", "event_type", "status", "source", "side", "place", "outlet", "date_from", "date_to")


@pass_context
def url_with(context: Any, path: str | None = None, **changes: Any) -> str:
    """The current URL's query string with ``changes`` applied (None removes a key).

    Changing a filter or the sort drops the cursor, so the user starts at page one.
    """
    request: Request = context["request"]
    params = {k: v for k, v in request.query_params.items() if v}
    if any(k != "cursor" for k in changes):
        params.pop("cursor", None)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    query = urlencode(params)
    return (path or request.url.path) + (f"?{query}" if query else "")


def label(value: str | None) -> str:
    return (value or "").replace("_", " ")


templates.env.globals.update(url_with=url_with, version=__version__, STATUSES=STATUSES, SIDES=SIDES,
                             EVENT_TYPES=EVENT_TYPES, FILTER_KEYS=FILTER_KEYS)
templates.env.filters.update(label=label, slug=source_slug)
