"""Incremental claim clustering: each claim joins the best-scoring cluster or starts one.

A claim is first read in its document's context (:func:`in_context`): its vector is
pulled towards the mean of the document's claims that may be about the same thing, so
"All targets were destroyed" in a report from Sevastopol lands with the Sevastopol
story, and the pieces of one story (212 returned, 230 returned, the UAE mediated) meet.
The score of a claim against a cluster then mixes two similarities and the agreement of
facets. The sentence encoder's cosine to the cluster's centroid carries meaning across
languages; the lexical cosine to the cluster's summed terms (:mod:`lexical`) carries
the names and numbers outlets share. Facets then move the score: one event type, one
place, one date window agree; two specific event types that differ (extraction types
pieces of one incident differently) or two asserting sides that oppose each cost a
little; both at once (a surrender asserted by one side against losses inflicted
asserted by the other) mark a counter-claim, which costs ``COUNTER_CLAIM`` and stays
apart from the claim it answers. A claim told in one side's partisan names for the
other's fighters (``framing.py``: "a base of foreign mercenaries") is that side's
version even when no source is named: it costs ``FRAME_CLASH`` against a cluster none of
whose members is told so (the neutral "a missile hit a hotel"), gains ``FRAME_AGREE``
with one that is, and lends or takes no document context across that line; a claim told
in no side's words costs ``FRAME_CLASH`` against a cluster most of whose members are
told in one side's words (that side's version is no home for a neutral report). A denial or
doubt of a claim is no counter-claim: it is part of that claim's life, so its side never
counts against it.

Claims are taken one by one in a fixed order (document date, document, claim number)
and centroids update as members join, so linking new claims into a linked store gives
the same clusters as relinking everything in that order. Work is batched: one matrix
product scores a batch against all centroids, clusters changed inside the batch are
rescored exactly, and the candidates are the exact top few by cosine, so batching
changes speed, never the result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from sourcetrace.link.features import STANCES, ClaimFeatures
from sourcetrace.link.lexical import Profile

#: A claim joins a cluster scoring at least this (see eval/linking.py for the measurement).
THRESHOLD = 0.30
#: Weights of the encoder cosine and of the lexical cosine in the score.
W_SEMANTIC, W_LEXICAL = 0.7, 0.6
EVENT_AGREE, EVENT_CLASH = 0.05, 0.15
#: The share of a cluster's specific event types a claim's type needs to agree with it.
EVENT_SHARE = 0.2
PLACE_AGREE, PLACE_CLASH = 0.10, 0.15
ACTOR_AGREE = 0.03
#: A claim dated more than DATE_BEFORE_DAYS before a cluster's first report, or more than
#: DATE_WINDOW_DAYS after it, is unlikely to be the same claim.
DATE_CLASH, DATE_BEFORE_DAYS, DATE_WINDOW_DAYS = 0.25, 3, 7
SIDE_CLASH = 0.15
#: Added when both clash: another event type asserted by the opposing side is a counter-claim.
COUNTER_CLAIM = 0.5
#: A claim told in one side's partisan vocabulary ("a strike on a mercenaries' base") is
#: that side's version; it does not join a cluster none of whose members is told so (the
#: neutral account "a missile hit a hotel"): see ``framing.py``.
FRAME_CLASH = 0.5
#: Two versions told in one side's words share a version-specific term across languages
#: ("mercenaries", "наёмники", "Söldner"), as a place name does.
FRAME_AGREE = 0.05
#: Clusters scored per claim: the closest by encoder cosine.
CANDIDATES = 16
#: Statuses that take a stance on someone else's claim rather than make one.
_STANCES = STANCES
_OPPOSED = {"ukraine": "russia", "russia": "ukraine"}
#: Weight of the document's mean claim vector mixed into each claim's vector (its context).
W_CONTEXT = 2.0
#: Claims scored against one snapshot of the centroids (clusters changed since are rescored).
BATCH = 64
_VAGUE_EVENTS = frozenset({"other", "statement"})
#: Content terms up to which a claim is a fragment, read in its report whatever its type.
FRAGMENT_TERMS = 4


@dataclass
class ClusterState:
    """What scoring needs of one cluster, kept in memory."""

    event_types: Counter[str] = field(default_factory=Counter)
    sides: Counter[str] = field(default_factory=Counter)  # sides of asserting sources
    framings: Counter[str] = field(default_factory=Counter)  # sides whose vocabulary members use
    places: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    profile: Profile = field(default_factory=Profile)
    first_day: int | None = None  # proleptic ordinal of the earliest member's date
    specific: int = 0  # members with a specific event type
    size: int = 0

    def add(self, f: ClaimFeatures) -> None:
        self.event_types[f.event_type] += 1
        if f.event_type not in _VAGUE_EVENTS:
            self.specific += 1
        if f.side in _OPPOSED and f.status not in _STANCES:
            self.sides[f.side] += 1
        if f.framing:
            self.framings[f.framing] += 1
        self.places.update(f.places)
        self.actors.update(f.actors)
        self.profile.add(f.terms)
        if f.day is not None:
            self.first_day = f.day if self.first_day is None else min(self.first_day, f.day)
        self.size += 1

    def main_event(self) -> str | None:
        specific = [(n, e) for e, n in self.event_types.items() if e not in _VAGUE_EVENTS]
        return max(specific)[1] if specific else None


def asserting_side(f: ClaimFeatures) -> str | None:
    """The side that puts the claim forward, when its source has one and takes no stance."""
    return f.side if f.side in _OPPOSED and f.status not in _STANCES else None


def adjustment(f: ClaimFeatures, s: ClusterState) -> float:
    """How facet agreement moves the similarity of claim ``f`` to cluster ``s``."""
    delta = 0.0
    main = s.main_event()
    event_clash = side_clash = False
    if f.event_type not in _VAGUE_EVENTS and main:
        # agreement needs the type to be a real part of the cluster, so that one stray
        # member does not open the cluster to every claim of its type
        share = s.event_types.get(f.event_type, 0) / max(1, s.specific)
        event_clash = share < EVENT_SHARE
        delta += -EVENT_CLASH if event_clash else EVENT_AGREE
    if f.places and s.places:
        delta += PLACE_AGREE if f.places & s.places else -PLACE_CLASH
    if f.side in _OPPOSED and f.status not in _STANCES and s.sides:
        main_side = s.sides.most_common(1)[0][0]
        if main_side == _OPPOSED[f.side]:
            side_clash = True
            delta -= SIDE_CLASH
    if event_clash and side_clash:
        # the other side's version of the incident: a counter-claim, never the same claim
        delta -= COUNTER_CLAIM
    if f.framing and s.size:
        delta += FRAME_AGREE if s.framings[f.framing] else -FRAME_CLASH
    elif s.size and 2 * max(s.framings.values(), default=0) > s.size:
        # and the other way round: a cluster most of whose members are told in one side's
        # words is that side's version, not the neutral account of the incident
        delta -= FRAME_CLASH
    if f.actors and f.actors & s.actors:
        delta += ACTOR_AGREE
    # anchored at the cluster's first report, so a long-running cluster does not drift
    # into accepting anything
    day, first = f.day, s.first_day
    if day is not None and first is not None and not first - DATE_BEFORE_DAYS <= day <= first + DATE_WINDOW_DAYS:
        delta -= DATE_CLASH
    return delta


def score(f: ClaimFeatures, cosine: float, s: ClusterState) -> float:
    """The claim's score against a cluster whose centroid is at ``cosine``."""
    return W_SEMANTIC * cosine + W_LEXICAL * s.profile.cosine(f.terms) + adjustment(f, s)


def in_context(features: list[ClaimFeatures], vectors: np.ndarray) -> np.ndarray:
    """Each claim's vector pulled towards the mean of its document's claims that could be
    about the same thing: a fragment such as "All targets were destroyed" is read as part
    of the report it sits in. Claims asserted by opposed sides (a counter-claim) lend each
    other no context, nor do a round-up's separate stories (see ``_compatible``). Pass every claim of the documents concerned, so the result
    does not depend on batching."""
    if not W_CONTEXT or not len(features):
        return vectors
    rows: dict[str, list[int]] = {}
    for i, f in enumerate(features):
        rows.setdefault(f.doc_id, []).append(i)
    out = np.array(vectors, dtype=np.float32, copy=True)
    for idx in rows.values():
        block = vectors[idx]
        fs = [features[i] for i in idx]
        mask = np.array([[_compatible(a, b) for b in fs] for a in fs], dtype=np.float32)
        context = (mask @ block) / mask.sum(axis=1, keepdims=True)
        out[idx] += W_CONTEXT * context
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
    return out


def _compatible(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Whether two claims of one document may be about the same thing (for context).

    Claims asserted by opposed sides are the two sides' versions: no; nor are a claim told
    in one side's partisan vocabulary and one that is not (see ``framing.py``). Two specific event
    types may be one incident told in pieces (one prisoner exchange comes typed as a
    capture, a return and a negotiation) or a round-up's separate stories. A fragment
    ("It mediated.") says too little for its type to count: it is read in its report.
    Two full statements typed differently are pieces of one incident when they name a
    common place, or when neither names one; when only one does, or they name
    different places, they are separate stories.
    """
    sa, sb = asserting_side(a), asserting_side(b)
    if sa and sb and sa != sb:
        return False
    if a.framing != b.framing:
        return False
    if a.event_type == b.event_type or a.event_type in _VAGUE_EVENTS or b.event_type in _VAGUE_EVENTS:
        return True
    if min(len(a.terms), len(b.terms)) <= FRAGMENT_TERMS:
        return True
    pa, pb = a.own_places, b.own_places
    return bool(pa & pb) if pa and pb else not pa and not pb


#: Cosine to the cluster's centroid (of the claims' own vectors) from which a member states
#: the cluster's claim itself, rather than sitting in it through its document's context.
CORE_SIM = 0.55
#: In a diffuse cluster (its most central member under ``CORE_SIM + CORE_MARGIN``), the
#: members within this of the most central one state the claim as well.
CORE_MARGIN = 0.1


def core_keys(keys: list[tuple[str, str]], vectors: dict[tuple[str, str], np.ndarray]) -> set[tuple[str, str]]:
    """The members that state the cluster's claim (see ``CORE_SIM``, and ``CORE_MARGIN``
    for a diffuse cluster); the most central one when none does.

    A report's background sentences and side quotes join its story through the document
    context; they belong to the claim's life, but the claim's origins are read from the
    members that say the claim itself.
    """
    known = [k for k in keys if k in vectors]
    if not known or not CORE_SIM:
        return set(keys)
    matrix = np.vstack([vectors[k] for k in known])
    centroid = matrix.sum(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
    sims = matrix @ centroid
    top = float(sims.max())
    if top < CORE_SIM:
        # no member states a claim the others share (a report's mixed statements held
        # together by its context): the most central one stands for the cluster
        return {known[int(np.argmax(sims))]}
    # in a diffuse cluster (the letter, the video and the refusal of one story) the members
    # close to the most central one state the claim too
    floor = min(CORE_SIM, top - CORE_MARGIN)
    return {k for k, sim in zip(known, sims.tolist(), strict=True) if sim >= floor}


class Clusterer:
    """Centroids and facet states of all clusters; ``assign`` places new claims."""

    def __init__(self, dim: int = 512, threshold: float | None = None) -> None:
        self.dim = dim
        self.threshold = THRESHOLD if threshold is None else threshold
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
        return np.asarray(sums / np.maximum(norms, 1e-9), dtype=np.float32)

    def _candidates(self, row: np.ndarray, dirty: list[int], is_dirty: np.ndarray,
                    v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The exact top clusters by cosine: stale scores for clusters unchanged since the
        batch began, fresh ones for clusters changed (or made) inside it."""
        known = row.size
        k = CANDIDATES + len(dirty)
        top = np.argpartition(-row, k - 1)[:k] if known > k else np.arange(known)
        top = top[~is_dirty[top]]
        cos = row[top]
        if dirty:
            d = np.asarray(dirty, dtype=np.int64)
            sums = self._sums[d]
            fresh = (sums @ v) / np.maximum(np.linalg.norm(sums, axis=1), 1e-9)
            top = np.concatenate([top, d])
            cos = np.concatenate([cos, fresh])
        if top.size > CANDIDATES:
            order = np.lexsort((top, -cos))[:CANDIDATES]
            top, cos = top[order], cos[order]
        return top, cos

    def assign(self, features: list[ClaimFeatures], vectors: np.ndarray) -> list[tuple[int, float]]:
        """Places each claim, in order; returns (cluster index, similarity) per claim."""
        out: list[tuple[int, float]] = []
        rest = W_LEXICAL + EVENT_AGREE + PLACE_AGREE + ACTOR_AGREE + FRAME_AGREE  # the most a score adds to the cosine part
        for first in range(0, len(features), BATCH):
            batch_f = features[first:first + BATCH]
            batch_v = vectors[first:first + BATCH]
            known = self._count
            stale = batch_v @ self.centroids().T if known else np.zeros((len(batch_f), 0), dtype=np.float32)
            is_dirty = np.zeros(known, dtype=bool)
            dirty: list[int] = []
            for i, f in enumerate(batch_f):
                v = batch_v[i]
                top, cos = self._candidates(stale[i], dirty, is_dirty, v)
                best, best_score, best_cos = None, -1.0, 0.0
                for c, j in sorted(zip(cos.tolist(), top.tolist(), strict=True), key=lambda x: (-x[0], x[1])):
                    if W_SEMANTIC * c + rest < max(best_score, self.threshold):
                        break  # no later (less similar) candidate can win: exact pruning
                    s = score(f, c, self.states[j])
                    if s > best_score:
                        best, best_score, best_cos = j, s, c
                if best is None or best_score < self.threshold:
                    index = self.add_member(None, f, v)
                    out.append((index, 1.0))
                else:
                    index = self.add_member(best, f, v)
                    out.append((index, round(best_cos, 4)))
                if index >= known or not is_dirty[index]:
                    if index < known:
                        is_dirty[index] = True
                    if index not in dirty:
                        dirty.append(index)
        return out
