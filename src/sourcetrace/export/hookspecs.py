"""The plugin interface for export formats (the same pluggy project as the readers)."""

from __future__ import annotations

import pluggy

from sourcetrace.export.base import Exporter

PROJECT = "sourcetrace"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class ExporterSpec:
    """Hook specifications for export formats."""

    @hookspec
    def sourcetrace_exporters(self) -> list[Exporter]:  # type: ignore[empty-body]
        """Returns the export formats this plugin provides."""
