"""`sourcetrace eval`: measure each extractor on annotated data, printing JSON.

Each command reads a corpus the way ../shared/data/README.md describes, so the figures
compare with published ones; the CI quality gate runs the same functions.
"""

from __future__ import annotations

import json
from typing import Any

import click

from sourcetrace.errors import UsageError


def _print(result: dict[str, Any]) -> None:
    result.pop("errors", None)  # per-item mistakes are for debugging, not the summary
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


@click.group("eval")
def eval_group() -> None:
    """Measure extraction quality on annotated corpora (prints JSON)."""


@eval_group.command("attribution")
@click.option("--format", "fmt", type=click.Choice(["polnear"]), default="polnear", show_default=True,
              help="Corpus format.")
@click.option("--data", required=True, type=click.Path(exists=True, file_okay=False), help="The PolNeAR folder.")
@click.option("--split", type=click.Choice(["train", "dev", "test"]), default="dev", show_default=True)
@click.option("--limit", type=int, default=None, help="Only the first N articles.")
def attribution_cmd(fmt: str, data: str, split: str, limit: int | None) -> None:
    """Source, cue and content spans against PolNeAR: exact and token-overlap P/R/F1."""
    from sourcetrace.eval.brat_corpus import evaluate_polnear

    _print(evaluate_polnear(data, split=split, limit=limit))


@eval_group.command("geoparse")
@click.option("--format", "fmt", type=click.Choice(["gritta"]), default="gritta", show_default=True)
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False), help="LGL or GeoVirus XML.")
@click.option("--limit", type=int, default=None, help="Only the first N articles.")
def geoparse_cmd(fmt: str, data: str, limit: int | None) -> None:
    """Toponym recognition P/R/F1, accuracy within 161 km and median error in km."""
    from sourcetrace.eval.geoparse import evaluate_gritta

    _print(evaluate_gritta(data, limit=limit))


@eval_group.command("events")
@click.option("--format", "fmt", type=click.Choice(["plover", "jsonl"]), default="plover", show_default=True)
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False))
def events_cmd(fmt: str, data: str) -> None:
    """Event-type accuracy and macro-F1 (PLOVER records that map onto the taxonomy, or JSONL)."""
    from sourcetrace.eval.events import evaluate_events

    _print(evaluate_events(data, fmt=fmt))


@eval_group.command("times")
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False),
              help="TSV of expression, publication date, expected value (see tests/data/times.tsv).")
def times_cmd(data: str) -> None:
    """Exact accuracy of resolved time expressions."""
    from sourcetrace.eval.times import evaluate_times

    _print(evaluate_times(data))


@eval_group.command("signals")
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False),
              help="TSV of sentences with expected signal kinds (see tests/data/signals.tsv).")
def signals_cmd(data: str) -> None:
    """Precision and recall of signal kinds per sentence."""
    from sourcetrace.eval.signals import evaluate_signals

    _print(evaluate_signals(data))


@eval_group.command("linking")
@click.option("--data", default=None, type=click.Path(exists=True, file_okay=False),
              help="A labelled corpus folder (default: the bundled demo corpus).")
def linking_cmd(data: str | None) -> None:
    """Cluster pairwise and B-cubed P/R/F1, and the share of exact origin counts."""
    try:
        from sourcetrace.eval.linking import evaluate_linking
    except ImportError as exc:  # pragma: no cover - until linking lands
        raise UsageError("linking evaluation is not available in this build") from exc
    _print(evaluate_linking(data))
