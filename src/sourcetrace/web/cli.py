"""Click commands ``serve`` and ``export``; the lead adds them with ``cli.add_command``.

Both read the store from the root group's ``--db`` option, like every other command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sourcetrace.link.query import DEFAULT_SORT, SORTS
from sourcetrace.settings import TOKEN

FILTERS = ("text", "event_type", "status", "source", "side", "place", "outlet", "date_from", "date_to")


def _db(ctx: click.Context) -> str | None:
    obj = ctx.find_root().obj or {}
    return obj.get("db") if isinstance(obj, dict) else None


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (keep 127.0.0.1 unless behind a proxy).")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--token", envvar=TOKEN.env, default=None,
              help=f"{TOKEN.help} (env {TOKEN.env}); without it writes are refused.")
@click.option("--private", is_flag=True, help="Require the token for reads too (pages, API and exports).")
@click.option("--no-extract", is_flag=True, help="Store what the ingest form adds without analysing it.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, private: bool, no_extract: bool) -> None:
    """Serve the dashboard, the REST API (/api/, /openapi.json) and exports (/export/FORMAT)."""
    import uvicorn

    from sourcetrace.errors import UsageError
    from sourcetrace.web.app import create_app

    if private and not token:
        raise UsageError("--private needs --token (or SOURCETRACE_TOKEN): readers must have something to send")
    app = create_app(_db(ctx), token=token, private=private, extract=not no_extract)
    click.echo(f"sourcetrace on http://{host}:{port}/  (API: /api/, OpenAPI: /openapi.json)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")


def _format_names() -> list[str]:
    from sourcetrace.export.registry import exporters

    return list(exporters())


@click.command()
@click.argument("fmt", metavar="FORMAT")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output; required for sqlite).")
@click.option("--text", default=None, help="Full-text search over the claim statement.")
@click.option("--event-type", default=None, help="Only this event type.")
@click.option("--status", default=None, help="Only this status (reported, denied, confirmed...).")
@click.option("--source", default=None, help="Only claims with this origin source.")
@click.option("--side", default=None, help="Only claims whose origin is on this side.")
@click.option("--place", default=None, help="Only claims at this place.")
@click.option("--outlet", default=None, help="Only claims this outlet carried.")
@click.option("--from", "date_from", default=None, help="First seen on or after (ISO date).")
@click.option("--to", "date_to", default=None, help="First seen on or before (ISO date).")
@click.option("--sort", default=DEFAULT_SORT, show_default=True, type=click.Choice(list(SORTS)))
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.pass_context
def export(ctx: click.Context, /, fmt: str, output: Path | None, sort: str, limit: int | None, **filters: Any) -> None:
    """Export the claims (the rows `sourcetrace claims` and /claims show) as FORMAT.

    Formats: jsonl, csv, acled, geojson, claimreview, graphml, gexf, sqlite. Every file
    ends with its row count (a last line, record, attribute or table).
    """
    from sourcetrace.errors import UsageError
    from sourcetrace.export.base import ExportRequest, write_export
    from sourcetrace.export.registry import get_exporter
    from sourcetrace.link.query import ClusterFilter
    from sourcetrace.store.db import open_store

    exporter = get_exporter(fmt)
    if fmt == "sqlite" and output is None:
        raise UsageError("the sqlite export needs -o FILE")
    request = ExportRequest(open_store(_db(ctx), create=False), ClusterFilter(**filters), sort, limit)
    if output is None:
        write_export(exporter, request, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as f:
        write_export(exporter, request, f)
    tmp.replace(output)
    click.echo(f"wrote {output}", err=True)
