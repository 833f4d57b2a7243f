"""Reads PolNeAR (brat standoff) and evaluates sourcetrace's attribution extractor on it.

Reading follows ``/work/shared/data/README.md``: the first annotator listed in
``metadata.tsv`` per article, ``Content`` and ``Content2`` merged into one content,
``Discuss`` and ``Discard`` ignored, discontinuous spans kept as fragments (scored by their
outer boundary), and ``.ann`` entries whose span text holds a newline rejoined.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sourcetrace.eval.attribution import Offsets, Scores, Triple, score_document

if TYPE_CHECKING:
    from spacy.language import Language

_ENTRY = re.compile(r"^[TERAMN#]\d*\t")
ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


@dataclass
class GoldAttribution:
    """One annotated attribution: per role the list of fragments (empty when absent)."""

    source: list[Offsets] = field(default_factory=list)
    cue: list[Offsets] = field(default_factory=list)
    content: list[Offsets] = field(default_factory=list)

    def triple(self) -> Triple:
        """Outer boundary per role, as the scorer compares them."""
        return (_outer(self.source), _outer(self.cue), _outer(self.content))


@dataclass
class PolnearDoc:
    name: str
    text: str
    attributions: list[GoldAttribution]


def _outer(frags: list[Offsets]) -> Offsets | None:
    if not frags:
        return None
    return (min(s for s, _ in frags), max(e for _, e in frags))


def _entries(ann: str) -> list[str]:
    """Splits an .ann file into entries, rejoining span texts that contain a newline."""
    out: list[str] = []
    for line in ann.split("\n"):
        if _ENTRY.match(line) or not out:
            out.append(line)
        else:
            out[-1] += "\n" + line
    return [e for e in out if e.strip()]


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Parses one brat .ann text into attributions, in the order of their events."""
    spans: dict[str, list[Offsets]] = {}
    events: list[list[tuple[str, str]]] = []
    for entry in _entries(ann):
        ident, _, rest = entry.partition("\t")
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            _, _, offsets = head.partition(" ")
            frags = []
            for part in offsets.split(";"):
                a, b = part.split()
                frags.append((int(a), int(b)))
            spans[ident] = frags
        elif ident.startswith("E"):
            events.append([(arg.partition(":")[0], arg.partition(":")[2]) for arg in rest.split()])
    out = []
    for roles in events:
        attr = GoldAttribution()
        for role, target in roles:
            key = ROLE_OF.get(role)  # the trigger roles (Attribution, Attribution-no-source) map to None
            if key and target in spans:
                getattr(attr, key).extend(spans[target])
        if attr.content or attr.cue or attr.source:
            out.append(attr)
    return out


def read_polnear(data_dir: str | Path, split: str, limit: int | None = None) -> list[PolnearDoc]:
    """Reads the articles of one split with their first annotator's attributions."""
    if split == "test":
        raise ValueError("the PolNeAR test split is not used for development")
    root = Path(data_dir)
    docs = []
    with open(root / "metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] != split:
                continue
            annotator = row["annotators"].split("|")[0]
            ann_path = root / split / "attributions" / f"{row['filename']}_{annotator}.ann"
            text_path = root / split / "text" / f"{row['filename']}.txt"
            if not ann_path.exists() or not text_path.exists():
                continue
            text = text_path.read_text(encoding="utf-8")
            docs.append(PolnearDoc(row["filename"], text, parse_ann(ann_path.read_text(encoding="utf-8"))))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def evaluate_polnear(
    data_dir: str | Path, split: str = "dev", limit: int | None = None, nlp: Language | None = None
) -> dict[str, Any]:
    """Runs the attribution extractor over a PolNeAR split and scores it.

    Args:
        data_dir: the ``polnear`` folder (holding ``metadata.tsv``).
        split: ``dev`` or ``train``.
        limit: score only the first ``limit`` articles (for quick checks and CI).
        nlp: a pipeline with the attribution components; loaded when not given.
    """
    from sourcetrace.extract import attribution
    from sourcetrace.extract.pipeline import load_pipeline

    docs = read_polnear(data_dir, split, limit)
    nlp = nlp or load_pipeline("en")
    total = Scores()
    words = sum(len(d.text.split()) for d in docs)
    start = time.perf_counter()
    predicted = [attribution.get_attributions(doc) for doc in nlp.pipe(d.text for d in docs)]
    elapsed = time.perf_counter() - start
    for gold_doc, attrs in zip(docs, predicted, strict=True):
        pred = [
            (
                (a.source.start, a.source.end) if a.source else None,
                (a.cue.start, a.cue.end) if a.cue else None,
                (a.content.start, a.content.end),
            )
            for a in attrs
        ]
        total.add(score_document(gold_doc.text, [g.triple() for g in gold_doc.attributions], pred))
    out = total.to_json()
    out["words_per_second"] = round(words / elapsed) if elapsed else 0
    return out


def main(argv: list[str] | None = None) -> None:
    """``python -m sourcetrace.eval.brat_corpus DATA_DIR [SPLIT] [LIMIT]`` prints the JSON scores."""
    args = argv if argv is not None else sys.argv[1:]
    data = args[0] if args else "../shared/data/polnear"
    split = args[1] if len(args) > 1 else "dev"
    limit = int(args[2]) if len(args) > 2 else None
    print(json.dumps(evaluate_polnear(data, split, limit), indent=2))


if __name__ == "__main__":
    main()
