"""Turns PolNeAR attributions into token-aligned span labels for the attribution tagger.

Labels: SOURCE, CUE, CONTENT (the first fragment of a content) and CONTENT2 (a later
fragment, e.g. the part after an inserted "he said"). Spans are trimmed the way the
scorer trims them, so the model learns the boundaries it is measured on.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from spacy.tokens import Doc, Span

from sourcetrace.eval.attribution import Offsets, trim
from sourcetrace.eval.brat_corpus import GoldAttribution, PolnearDoc, parse_ann

LABELS = ("SOURCE", "CUE", "CONTENT", "CONTENT2")
_WORDY = re.compile(r"\w")
_PRIORITY = {"CUE": 0, "SOURCE": 1, "CONTENT": 2, "CONTENT2": 3}


def _merge_fragments(text: str, frags: list[Offsets]) -> list[Offsets]:
    """Joins content fragments separated only by punctuation or spaces."""
    out: list[Offsets] = []
    for s, e in sorted(frags):
        if out and not _WORDY.search(text[out[-1][1]:s]):
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def gold_spans(text: str, attrs: list[GoldAttribution]) -> list[tuple[int, int, str]]:
    """Character spans with labels for one article, before token alignment."""
    spans: list[tuple[int, int, str]] = []
    for a in attrs:
        for role, label in (("source", "SOURCE"), ("cue", "CUE")):
            frags = getattr(a, role)
            if frags:
                t = trim(text, (min(s for s, _ in frags), max(e for _, e in frags)))
                if t:
                    spans.append((t[0], t[1], label))
        for i, frag in enumerate(_merge_fragments(text, a.content)):
            t = trim(text, frag)
            if t:
                spans.append((t[0], t[1], "CONTENT" if i == 0 else "CONTENT2"))
    return spans


def to_token_spans(doc: Doc, spans: list[tuple[int, int, str]]) -> list[Span]:
    """Aligns spans to tokens and drops overlaps, keeping cues, then sources, then contents."""
    chosen: list[Span] = []
    taken = [False] * len(doc)
    for s, e, label in sorted(spans, key=lambda x: (_PRIORITY[x[2]], x[1] - x[0])):
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is None or any(taken[span.start:span.end]):
            continue
        for i in range(span.start, span.end):
            taken[i] = True
        chosen.append(span)
    return sorted(chosen, key=lambda sp: sp.start)


def other_annotators(data_dir: str | Path) -> list[PolnearDoc]:
    """The train articles again, once per annotator after the first (extra training signal).

    A few train articles were annotated by five or six people; the scorer (and
    ``read_polnear``) reads only the first annotator, so these are extra examples for
    training only. Reads the train split alone: dev stays first-annotator, test unread.
    """
    root = Path(data_dir)
    docs = []
    with open(root / "metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["compartment"] != "train":
                continue
            text_path = root / "train" / "text" / f"{row['filename']}.txt"
            for annotator in row["annotators"].split("|")[1:]:
                ann_path = root / "train" / "attributions" / f"{row['filename']}_{annotator}.ann"
                if ann_path.exists() and text_path.exists():
                    docs.append(PolnearDoc(row["filename"], text_path.read_text(encoding="utf-8"),
                                           parse_ann(ann_path.read_text(encoding="utf-8"))))
    return docs
