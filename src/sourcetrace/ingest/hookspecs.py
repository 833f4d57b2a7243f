"""The plugin interface for input formats.

A plugin is any module or object with a ``sourcetrace_readers`` hook implementation;
the built-in formats are registered exactly like third-party ones, which are found
through the ``sourcetrace.readers`` setuptools entry point group.
"""

from __future__ import annotations

import pluggy

from sourcetrace.ingest.base import Reader

PROJECT = "sourcetrace"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


class ReaderSpec:
    """Hook specifications for readers."""

    @hookspec
    def sourcetrace_readers(self) -> list[Reader]:  # type: ignore[empty-body]
        """Returns the readers this plugin provides, most specific first."""
