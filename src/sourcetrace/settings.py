"""Settings declared once: name, default, environment variable and help.

The CLI builds its options from these, the API reads the same values, and the README's
table is generated from them, so the three cannot drift.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return "SOURCETRACE_" + self.name.upper()

    def value(self, given: Any = None) -> Any:
        """The value given on the command line, else the environment, else the default."""
        if given is not None:
            return given
        raw = os.environ.get(self.env)
        if raw is None:
            return self.default
        return type(self.default)(raw) if self.default is not None else raw


DB = Setting("db", "sqlite:///sourcetrace.db", "Database URL (a SQLite path or postgresql+psycopg://...).")
MAX_BYTES = Setting("max_bytes", 20_000_000, "Largest input file or download accepted, in bytes.")
FETCH_TIMEOUT = Setting("fetch_timeout", 20.0, "Seconds before a URL fetch gives up.")
MAX_REDIRECTS = Setting("max_redirects", 5, "Redirects followed per URL.")
TOKEN = Setting("token", None, "Token that write requests to the API must carry (Bearer).")

SETTINGS = (DB, MAX_BYTES, FETCH_TIMEOUT, MAX_REDIRECTS, TOKEN)


def database_url(given: str | None = None) -> str:
    """Turns ``--db`` (a URL or a plain SQLite path) into a SQLAlchemy URL."""
    url = str(DB.value(given))
    if "://" not in url:
        url = "sqlite:///" + url
    return url
