"""Incremental claim clustering: each claim joins the best-scoring cluster or starts one.

The score of a claim against a cluster is the cosine to the cluster's centroid,
nudged by agreement of event type, place, actors and date: two outlets' versions of
one claim share the event and the place; two claims that merely sound alike (Russia
says X about Krynky / Ukraine says Y about Krynky) often differ in event type.

Claims are taken one by one in a fixed order (document date, document, claim number)
and centroids update as members join, so linking new claims into a linked store gives
the same clusters as relinking everything in that order. Work is batched: one matrix
product scores a batch against all centroids, and clusters changed inside the batch
are rescored exactly, so batching changes speed, never the result.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from sourcetrace.link.features import ClaimFeatures

#: A claim joins a cluster scoring at least this; tuned on the demo labels (see eval/linking.py).
THRESHOLD = 0.62
EVENT_AGREE, EVENT_CLASH = 0.06, 0.08
PLACE_AGREE, PLACE_CLASH = 0.15, 0.15
ACTOR_AGREE = 0.03
DATE_CLASH, DATE_WINDOW_DAYS = 0.2, 12
SIDE_CLASH = 0.15
CANDIDATES = 24
#: Statuses that take a stance on someone else's claim rather than make one.
_STANCES = frozenset({"denied", "disputed", "confirmed"})
_OPPOSED = {"ukraine": "russia", "russia": "ukraine"}
BATCH = 256
_VAGUE_EVENTS = frozenset({"other", "statement"})


@dataclass
class ClusterState:
    """What scoring needs of one cluster, kept in memory."""

    event_types: Counter[str] = field(default_factory=Counter)
    sides: Counter[str] = field(default_factory=Counter)  # sides of asserting sources
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    size: int = 0

    def add(self, f: ClaimFeatures) -> None:
        self.event_types[f.event_type] += 1
        if f.side in _OPPOSED and f.status not in _STANCES:
            self.sides[f.side] += 1
        self.places.update(f.places)
        self.actors.update(f.actors)
        if f.date:
            self.first = min(self.first or f.date, f.date)
            self.last = max(self.last or f.date, f.date)
        self.size += 1

    def main_event(self) -> str | None:
        specific = [(n, e) for e, n in self.event_types.items() if e not in _VAGUE_EVENTS]
        return max(specific)[1] if specific else None


def _days_apart(day: str, first: str, last: str) -> int:
    d = dt.date.fromisoformat(day)
    lo, hi = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if lo <= d <= hi:
        return 0
    return min(abs((d - lo).days), abs((d - hi).days))


def adjustment(f: ClaimFeatures, s: ClusterState) -> float:
    """How facet agreement moves the cosine of claim ``f`` to cluster ``s``."""
    delta = 0.0
    main = s.main_event()
    if f.event_type not in _VAGUE_EVENTS and main:
        delta += EVENT_AGREE if s.event_types.get(f.event_type) else -EVENT_CLASH
    if f.places and s.places:
        delta += PLACE_AGREE if f.places & s.places else -PLACE_CLASH
    if f.side in _OPPOSED and f.status not in _STANCES and s.sides:
        main_side = s.sides.most_common(1)[0][0]
        if main_side == _OPPOSED[f.side]:
            delta -= SIDE_CLASH
    if f.actors and f.actors & s.actors:
        delta += ACTOR_AGREE
    if f.date and s.first and s.last:
        try:
            if _days_apart(f.date, s.first, s.last) > DATE_WINDOW_DAYS:
                delta -= DATE_CLASH
        except ValueError:
            pass
    return delta


class Clusterer:
    """Centroids and facet states of all clusters; ``assign`` places new claims.

    Cluster indices are positions (0..n-1); the caller maps them to stored cluster ids.
    """

    def __init__(self, dim: int = 512, threshold: float = THRESHOLD) -> None:
        self.dim = dim
        self.threshold = threshold
        self._sums = np.zeros((0, dim), dtype=np.float32)
        self._count = 0
        self.states: list[ClusterState] = []

    def __len__(self) -> int:
        return self._count

    def _grow(self) -> int:
        if self._count == len(self._sums):
            extra = np.zeros((max(64, self._count), self.dim), dtype=np.float32)
            self._sums = np.vstack([self._sums, extra])
        self._count += 1
        self.states.append(ClusterState())
        return self._count - 1

    def add_member(self, index: int | None, f: ClaimFeatures, vector: np.ndarray) -> int:
        """Adds a claim to cluster ``index`` (a new cluster when None); returns the index."""
        if index is None:
            index = self._grow()
        self._sums[index] += vector
        self.states[index].add(f)
        return index

    def centroids(self) -> np.ndarray:
        sums = self._sums[:self._count]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return sums / np.maximum(norms, 1e-9)

    def _unit(self, index: int) -> np.ndarray:
        row = self._sums[index]
        return row / max(float(np.linalg.norm(row)), 1e-9)

    def assign(self, features: list[ClaimFeatures], vectors: np.ndarray) -> list[tuple[int, float]]:
        """Places each claim, in order; returns (cluster index, similarity) per claim."""
        out: list[tuple[int, float]] = []
        for first in range(0, len(features), BATCH):
            batch_f = features[first:first + BATCH]
            batch_v = vectors[first:first + BATCH]
            known = self._count
            stale = batch_v @ self.centroids().T if known else np.zeros((len(batch_f), 0), dtype=np.float32)
            dirty: set[int] = set()
            for i, f in enumerate(batch_f):
                v = batch_v[i]
                row = stale[i]
                if row.size > CANDIDATES:
                    top = np.argpartition(-row, CANDIDATES)[:CANDIDATES]
                else:
                    top = np.arange(row.size)
                candidates = {int(j) for j in top} | dirty
                best, best_score, best_cos = None, -1.0, 0.0
                for j in sorted(candidates):
                    cos = float(self._unit(j) @ v) if j in dirty or j >= known else float(row[j])
                    score = cos + adjustment(f, self.states[j])
                    if score > best_score:
                        best, best_score, best_cos = j, score, cos
                if best is None or best_score < self.threshold:
                    index = self.add_member(None, f, v)
                    out.append((index, 1.0))
                else:
                    index = self.add_member(best, f, v)
                    out.append((index, round(best_cos, 4)))
                dirty.add(index)
        return out
