"""Export formats as pluggy plugins: the built-ins registered as a third party's would be.

Third-party packages add formats through the ``sourcetrace.exporters`` entry point group.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

import pluggy

from sourcetrace.errors import NotFound
from sourcetrace.export.base import Exporter
from sourcetrace.export.hookspecs import PROJECT, ExporterSpec

ENTRY_POINT_GROUP = "sourcetrace.exporters"
DEFAULT_PLUGINS = (
    "sourcetrace.export.jsonl",
    "sourcetrace.export.csv_claims",
    "sourcetrace.export.acled",
    "sourcetrace.export.geojson",
    "sourcetrace.export.claimreview",
    "sourcetrace.export.graphs",
    "sourcetrace.export.sqlite",
)


@lru_cache(maxsize=1)
def plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(ExporterSpec)
    for name in DEFAULT_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    return pm


def exporters(pm: pluggy.PluginManager | None = None) -> dict[str, Exporter]:
    """Every format by name, built-ins in their documented order."""
    found: dict[str, Exporter] = {}
    for batch in reversed((pm or plugin_manager()).hook.sourcetrace_exporters()):
        for e in batch:
            found.setdefault(e.name, e)
    return found


def get_exporter(name: str, pm: pluggy.PluginManager | None = None) -> Exporter:
    """The format called ``name``.

    Raises:
        NotFound: no format has that name.
    """
    found = exporters(pm)
    if name not in found:
        raise NotFound(f"unknown export format {name!r}; choose one of: {', '.join(found)}")
    return found[name]
