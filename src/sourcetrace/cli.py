"""The command line: thin commands that parse arguments, call the library, print.

Errors a user can cause are ``SourcetraceError``s; ``main`` turns them into one line on
standard error and the error's exit code, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from sourcetrace import __version__
from sourcetrace.errors import SourcetraceError, UsageError
from sourcetrace.settings import DB, FETCH_TIMEOUT, MAX_BYTES, MAX_REDIRECTS

DEMO_CORPUS = Path(__file__).parent / "demo" / "corpus"


def _store(ctx: click.Context) -> Any:
    from sourcetrace.store.db import open_store

    obj = ctx.find_root().obj
    if "store" not in obj:
        obj["store"] = open_store(obj["db"])
    return obj["store"]


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, default=str))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="sourcetrace")
@click.option("--db", envvar=DB.env, default=None, metavar="URL",
              help=f"{DB.help} Default: {DB.default} (env {DB.env}).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.pass_context
def cli(ctx: click.Context, db: str | None, verbose: int) -> None:
    """sourcetrace: where did a war claim come from?

    Ingest reporting, extract who said what through whom, and link the same claim across
    outlets to count its independent origins.
    """
    logging.basicConfig(level=[logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)],
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"db": db}


def _limits(max_bytes: int | None, allow_private: bool) -> Any:
    from sourcetrace.ingest.base import Limits

    return Limits(max_bytes=int(MAX_BYTES.value(max_bytes)), fetch_timeout=float(FETCH_TIMEOUT.value()),
                  max_redirects=int(MAX_REDIRECTS.value()), allow_private=allow_private)


def _run_ingest(ctx: click.Context, targets: list[str], fmt: str | None, extract: bool,
                max_bytes: int | None, allow_private: bool, as_json: bool) -> int:
    from tqdm import tqdm

    from sourcetrace.ingest.batch import ingest

    store = _store(ctx)
    bar = tqdm(desc="ingest", unit=" item", file=sys.stderr, disable=as_json or not sys.stderr.isatty(),
               dynamic_ncols=True)

    def progress(summary: Any, origin: str) -> None:
        bar.update(1)
        bar.set_postfix(new=summary.new, dup=summary.duplicates, rej=summary.rejected, refresh=False)

    try:
        summary = ingest(store, targets, _limits(max_bytes, allow_private), fmt=fmt, extract=extract,
                         progress=progress)
    finally:
        bar.close()
    if as_json:
        _echo_json(summary.to_json())
    else:
        for r in summary.rejects:
            click.echo(f"rejected {r.origin}: {r.reason}", err=True)
        if summary.new == 0 and summary.duplicates and not summary.rejected:
            click.echo("nothing new: every item is already stored")
        click.echo(summary.line())
    return summary.exit_code


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--format", "fmt", default=None, help="Force a reader (text, html, feed, warc, jsonl, telegram).")
@click.option("--no-extract", is_flag=True, help="Store documents only; run `sourcetrace analyze` later.")
@click.option("--max-bytes", type=int, default=None, help=f"{MAX_BYTES.help} Default {MAX_BYTES.default:,}.")
@click.option("--allow-private", is_flag=True, help="Allow fetching URLs on private, loopback or link-local addresses.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest(ctx: click.Context, targets: tuple[str, ...], fmt: str | None, no_extract: bool,
           max_bytes: int | None, allow_private: bool, as_json: bool) -> None:
    """Ingest files, directories (recursively), http(s) URLs or - (stdin).

    Formats: plain text, HTML, RSS/Atom, WARC(.gz), JSONL, Telegram Desktop exports
    (result.json). The same content twice is stored once. Bad items are kept aside with
    their reason (see `sourcetrace rejects`) and the batch goes on. Exit status 0 when the
    batch ran, 1 when nothing could be ingested.
    """
    ctx.exit(_run_ingest(ctx, list(targets), fmt, not no_extract, max_bytes, allow_private, as_json))


@cli.command()
@click.option("--all", "all_documents", is_flag=True, help="Re-extract every document (after a pipeline upgrade).")
@click.pass_context
def analyze(ctx: click.Context, all_documents: bool) -> None:
    """Run extraction on stored documents that lack it (or on all with --all)."""
    from sourcetrace.analyze import analyze_pending

    done = analyze_pending(_store(ctx), all_documents=all_documents)
    click.echo(f"{done} document{'s' if done != 1 else ''} extracted")


@cli.command()
@click.argument("query", required=False)
@click.option("--limit", default=50, show_default=True, help="How many to list.")
@click.option("--outlet", default=None, help="Only this outlet.")
@click.option("--lang", default=None, help="Only this language (ISO 639-1).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def docs(ctx: click.Context, query: str | None, limit: int, outlet: str | None, lang: str | None,
         as_json: bool) -> None:
    """List stored documents, or search their text with QUERY (full-text)."""
    from sourcetrace.store.documents import list_documents

    rows = list_documents(_store(ctx), query=query, limit=limit, outlet=outlet, language=lang)
    for r in rows:
        if as_json:
            _echo_json(r.to_json())
        else:
            click.echo(f"{r.id[:12]}  {r.published or '----------':10.10}  {r.language}  "
                       f"{(r.outlet or '-')[:24]:24}  {r.title or '(untitled)'}")
    if not rows and not as_json:
        click.echo("no documents" + (f" match {query!r}" if query else ""), err=True)


@cli.command()
@click.argument("doc")
@click.option("--json", "as_json", is_flag=True, help="Print the stored analysis in the extraction contract's shape.")
@click.pass_context
def show(ctx: click.Context, doc: str, as_json: bool) -> None:
    """Show one stored document (by id or id prefix) and its analysis."""
    from sourcetrace.store.documents import get_document, resolve_document_id
    from sourcetrace.store.extractions import load_extraction

    store = _store(ctx)
    document, info = get_document(store, doc)
    with store.engine.connect() as conn:
        extraction = load_extraction(conn, resolve_document_id(conn, doc))
    if as_json:
        _echo_json(extraction.to_json() if extraction else {"document": document.to_json(), "analysis": None})
        return
    click.echo(f"id        {info['id']}\norigin    {info['origin']}\noutlet    {document.outlet or '-'}\n"
               f"title     {document.title or '-'}\npublished {document.published or '-'}\n"
               f"language  {document.language}\nurl       {document.url or '-'}\n")
    click.echo(document.text)
    if extraction:
        click.echo(f"\n{len(extraction.attributions)} attributions, {len(extraction.claims)} claims, "
                   f"{len(extraction.signals)} signals, {len(extraction.places)} places, "
                   f"{len(extraction.times)} times")
        names = {e.id: e.name for e in extraction.entities}
        for a in extraction.attributions:
            who = names.get(a.source.entity or "", a.source.text) if a.source else "(unnamed)"
            via = " via " + " <- ".join(names.get(v, v) for v in a.via) if a.via else ""
            click.echo(f"  {a.id} [{a.kind}] {who}{via}: {a.content.text[:100]}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def rejects(ctx: click.Context, as_json: bool) -> None:
    """List items kept aside at ingest, each with its reason."""
    from sourcetrace.store.documents import list_rejects

    rows = list_rejects(_store(ctx))
    for r in rows:
        if as_json:
            _echo_json(r)
        else:
            click.echo(f"{r['id']:>4}  {r['code']:10}  {r['origin']}: {r['reason']}")
    if not rows and not as_json:
        click.echo("no rejects")


@cli.command()
@click.option("--no-extract", is_flag=True, help="Store documents only.")
@click.pass_context
def demo(ctx: click.Context, no_extract: bool) -> None:
    """Ingest the bundled demo corpus (every input format, a few broken files) and summarise."""
    from sourcetrace.store.documents import count_documents

    if not DEMO_CORPUS.is_dir():
        raise UsageError(f"the demo corpus is missing at {DEMO_CORPUS}; reinstall sourcetrace")
    _run_ingest(ctx, [str(DEMO_CORPUS)], None, not no_extract, None, False, False)
    click.echo(f"{count_documents(_store(ctx))} documents in {_store(ctx).url}")


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, default=True, help="Print JSON (the default and only form).")
@click.option("--published", default=None, help="Publication date (ISO), overriding the one found.")
@click.option("--outlet", default=None, help="Publishing outlet.")
@click.option("--url", default=None, help="The article's URL.")
@click.option("--lang", default=None, help="Language code, overriding detection.")
def extract(files: tuple[str, ...], as_json: bool, published: str | None, outlet: str | None,
            url: str | None, lang: str | None) -> None:
    """Extract one or more articles (text, HTML or - for stdin) to JSON on stdout.

    One file prints one object; several print one object per line, with
    document.source_file set; a file that fails prints {"error", "source_file"}.
    The shape is the public contract in spec/extraction.md.
    """
    from sourcetrace.extract.pipeline import extract as run_extract
    from sourcetrace.extract.pipeline import load_pipeline
    from sourcetrace.extract.single import read_one

    several = len(files) > 1
    nlp = None
    for name in files:
        try:
            document = read_one(name, published=published, outlet=outlet, url=url, lang=lang)
            if several:
                document.source_file = name
            nlp = nlp or load_pipeline("en")
            _echo_json(run_extract(document, nlp).to_json())
        except Exception as exc:
            if not several:
                raise
            message = str(exc) if isinstance(exc, SourcetraceError) else f"internal error: {exc!r}"
            _echo_json({"error": message, "source_file": name})


def _add_subcommands() -> None:
    """Commands that live beside the library part they drive."""
    from sourcetrace.eval.cli import eval_group
    from sourcetrace.link.cli import COMMANDS as LINK_COMMANDS
    from sourcetrace.web.cli import export, serve

    for command in (eval_group, *LINK_COMMANDS, serve, export):
        cli.add_command(command)


_add_subcommands()


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the CLI, turning sourcetrace errors into one line and an exit code."""
    try:
        code = cli.main(args=argv, prog_name="sourcetrace", standalone_mode=False)
    except SourcetraceError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not a user's mistake: one line, the trace in the log
        logging.getLogger("sourcetrace").debug("internal error", exc_info=True)
        click.echo(f"internal error: {exc.__class__.__name__}: {exc} (run with -vv for the traceback; "
                   "please report it)", err=True)
        return 1
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
