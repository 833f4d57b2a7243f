"""Input formats as pluggy plugins, and choosing the reader for a source.

Built-in formats are registered the way a third party's are (datasette's
``DEFAULT_PLUGINS``); third-party packages add readers through the
``sourcetrace.readers`` entry point group. Readers are asked in hook order, so a
plugin installed later is asked before the built-ins and can claim a format first.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import pluggy

from sourcetrace.errors import UsageError
from sourcetrace.ingest.base import Reader
from sourcetrace.ingest.hookspecs import PROJECT, ReaderSpec

ENTRY_POINT_GROUP = "sourcetrace.readers"
#: Built-in format modules, most specific sniffing last (pluggy calls LIFO): the text
#: reader is the fallback and is asked last.
DEFAULT_PLUGINS = (
    "sourcetrace.ingest.text",
    "sourcetrace.ingest.html",
    "sourcetrace.ingest.jsonl",
    "sourcetrace.ingest.feed",
    "sourcetrace.ingest.telegram",
    "sourcetrace.ingest.warc",
)
FALLBACK = "text"


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    """The process's plugin manager, with built-ins and installed plugins loaded once."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(ReaderSpec)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm


def readers(pm: pluggy.PluginManager | None = None) -> list[Reader]:
    """Every registered reader, in the order they are asked to sniff a source."""
    pm = pm or plugin_manager()
    found: list[Reader] = []
    for batch in pm.hook.sourcetrace_readers():
        found.extend(batch)
    return found


def reader_names(pm: pluggy.PluginManager | None = None) -> list[str]:
    return [r.name for r in readers(pm)]


def get_reader(name: str, pm: pluggy.PluginManager | None = None) -> Reader:
    """The reader called ``name`` (``ingest --format NAME``).

    Raises:
        UsageError: no reader has that name.
    """
    for reader in readers(pm):
        if reader.name == name.strip().lower():
            return reader
    raise UsageError(f"unknown input format {name!r}; choose one of: {', '.join(sorted(reader_names(pm)))}")


def reader_for(origin: str, head: bytes, fmt: str | None = None,
               pm: pluggy.PluginManager | None = None) -> Reader:
    """The reader for a source, by ``fmt`` when given, else by sniffing name and first bytes."""
    if fmt:
        return get_reader(fmt, pm)
    all_readers = readers(pm)
    for reader in all_readers:
        if reader.name != FALLBACK and reader.sniff(origin, head):
            return reader
    return get_reader(FALLBACK, pm)
