"""Commands for linked claims: ``link``, ``claims``, ``trace``, ``sources``.

Thin wrappers: each parses options, calls one library function and prints. The lead's
``cli.py`` adds them with ``cli.add_command``.
"""

from __future__ import annotations

from typing import Any

import click

from sourcetrace.link.query import DEFAULT_SORT, SORTS, ClusterFilter


def _store(ctx: click.Context) -> Any:
    from sourcetrace.cli import _store as open_from_context

    return open_from_context(ctx)


def _echo_json(data: Any) -> None:
    from sourcetrace.cli import _echo_json as echo

    echo(data)


@click.command()
@click.option("--rebuild", is_flag=True, help="Recompute every cluster from scratch instead of linking new claims.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def link(ctx: click.Context, rebuild: bool, as_json: bool) -> None:
    """Link claims across documents into clusters of the same claim."""
    from sourcetrace.link.linker import link_new
    from sourcetrace.link.linker import rebuild as rebuild_all

    summary = rebuild_all(_store(ctx)) if rebuild else link_new(_store(ctx))
    if as_json:
        _echo_json(summary.to_json())
    else:
        click.echo(summary.line())


def claim_json(row: Any) -> dict[str, Any]:
    """The exact shape of one ``claims --json`` line."""
    return {"id": row.id, "text": row.text, "event_type": row.event_type, "status": row.status,
            "origins": row.origins, "origin_sources": row.origin_sources, "outlets": row.outlets,
            "documents": row.member_documents, "first_seen": row.first_seen}


@click.command()
@click.argument("text", required=False)
@click.option("--event-type", default=None, help="Only this event type.")
@click.option("--status", default=None, help="Only this cluster status (confirmed, denied, disputed...).")
@click.option("--source", default=None, help="Only clusters citing this source.")
@click.option("--side", default=None, help="Only clusters with a source of this side (ukraine, russia, third_party).")
@click.option("--place", default=None, help="Only clusters about this place.")
@click.option("--outlet", default=None, help="Only clusters this outlet carried.")
@click.option("--from", "--since", "date_from", default=None, help="First seen on or after this date (YYYY-MM-DD).")
@click.option("--to", "--until", "date_to", default=None, help="First seen on or before this date (YYYY-MM-DD).")
@click.option("--sort", type=click.Choice(list(SORTS)), default=DEFAULT_SORT, show_default=True, help="Sort order.")
@click.option("--limit", default=50, show_default=True, help="How many to list.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line per cluster.")
@click.pass_context
def claims(ctx: click.Context, text: str | None, event_type: str | None, status: str | None, source: str | None,
           side: str | None, place: str | None, outlet: str | None, date_from: str | None, date_to: str | None,
           sort: str, limit: int, as_json: bool) -> None:
    """List claim clusters: how many outlets repeated a claim, and how many independent origins it has."""
    from sourcetrace.link.query import query_clusters

    f = ClusterFilter(text=text, event_type=event_type, status=status, source=source, side=side, place=place,
                      outlet=outlet, date_from=date_from, date_to=date_to)
    page = query_clusters(_store(ctx), f, sort=sort, limit=limit, with_documents=as_json)
    for row in page.rows:
        if as_json:
            _echo_json(claim_json(row))
        else:
            click.echo(f"{row.id:>6}  {(row.first_seen or '----------')[:10]}  {row.origins:>2} origin"
                       f"{'s' if row.origins != 1 else ' '} {row.outlets:>3} outlets  {row.status:14} "
                       f"{row.event_type:26} {row.text[:90]}")
    if not page.rows and not as_json:
        click.echo("no claim clusters match" + ("" if f.active() else "; run `sourcetrace link` first"), err=True)


@click.command()
@click.argument("claim")
@click.option("--json", "as_json", is_flag=True, help="Print the graph and timeline as JSON.")
@click.pass_context
def trace(ctx: click.Context, claim: str, as_json: bool) -> None:
    """Show where a claim came from: CLAIM is a cluster id or words of its text."""
    from sourcetrace.link.trace import render_tree
    from sourcetrace.link.trace import trace as run_trace

    t = run_trace(_store(ctx), claim)
    if as_json:
        _echo_json(t.to_json())
        return
    c = t.cluster
    click.echo(f"cluster {c.id}: {c.text}")
    click.echo(f"{c.event_type}, {c.status}; {c.origins} independent origin{'s' if c.origins != 1 else ''} "
               f"({', '.join(c.origin_sources) or '-'}), {c.outlets} outlets, {c.documents} documents, "
               f"first seen {c.first_seen or '?'}\n")
    for line in render_tree(t.provenance):
        click.echo(line)
    click.echo("\nstances:")
    for s in t.timeline:
        who = s.who if s.who == s.outlet else f"{s.who} (in {s.outlet})"
        click.echo(f"  {s.date or '?':10}  {s.stance:8}  {who}")
    if t.provenance.spread:
        click.echo("\nspread: " + ", ".join(f"{day} {n}" for day, n in t.provenance.spread))


@click.command()
@click.argument("name", required=False)
@click.option("--kind", type=click.Choice(["source", "outlet"]), default=None, help="Only sources or only outlets.")
@click.option("--sort", type=click.Choice(["claims", "origin_of", "disputed", "denied", "confirmed"]),
              default="claims", show_default=True)
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def sources(ctx: click.Context, name: str | None, kind: str | None, sort: str, limit: int, as_json: bool) -> None:
    """How each source's and outlet's claims fared elsewhere: counts, not a verdict."""
    from sourcetrace.link.sources import get_source, list_sources

    store = _store(ctx)
    records = [get_source(store, name)] if name else list_sources(store, kind=kind, limit=limit, sort=sort)
    for r in records:
        if as_json:
            _echo_json(r.to_json())
        else:
            click.echo(f"{r.name[:40]:40} {r.kind:6} {r.claims:>5} claims  origin of {r.origin_of:>3}  "
                       f"disputed {r.disputed:>3}  denied {r.denied:>3}  confirmed {r.confirmed:>3}")
            if name:
                click.echo("clusters: " + " ".join(map(str, r.clusters)))
    if not records and not as_json:
        click.echo("no sources yet; run `sourcetrace link` first", err=True)


COMMANDS = (link, claims, trace, sources)
