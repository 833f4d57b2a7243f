"""Stance across a cluster: who asserts, doubts, denies or confirms the claim, and when.

A claim's life shows in the order of these stances (claimed on the 25th, denied on
the 26th, confirmed by geolocation on the 29th); the cluster's ``status`` sums it up.
A speaker's stance is what its attribution does (a denial, doubt or confirmation signal
on it): a claim the other side denied is still asserted by whoever made it. An outlet's
own sentence takes its stance from the claim's status and signals.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sourcetrace.link.provenance import DocInfo, Member, canonical

STANCE_OF_STATUS = {
    "reported": "asserts", "unverified": "asserts", "video_claimed": "asserts", "official_claim": "asserts",
    "disputed": "doubts", "denied": "denies", "confirmed": "confirms",
}
STANCE_OF_SIGNAL = {"denial": "denies", "doubt": "doubts", "confirmation": "confirms"}
#: When no one denies, doubts or confirms, the strongest assertion names the status.
_ASSERTION_RANK = ("official_claim", "video_claimed", "unverified", "reported")


@dataclass
class Stance:
    date: str | None
    who: str  # the source, else the outlet
    outlet: str
    stance: str  # asserts | doubts | denies | confirms
    doc_id: str
    claim_id: str

    def to_json(self) -> dict[str, str | None]:
        return vars(self)


def stances(members: list[Member], docs: dict[str, DocInfo]) -> list[Stance]:
    """Every member's stance, oldest first."""
    out = []
    for m in members:
        d = docs.get(m.doc_id)
        if d is None:
            continue
        if m.source is not None or m.cue is not None:
            # the speaker's own act: a claim someone else denied is still asserted by it
            own = [STANCE_OF_SIGNAL[k] for k in m.source_signals if k in STANCE_OF_SIGNAL]
            stance = next((s for s in ("denies", "doubts", "confirms") if s in own), "asserts")
        else:
            stance = STANCE_OF_STATUS.get(m.status, "asserts")
            for kind in m.signals:
                if kind in STANCE_OF_SIGNAL and stance == "asserts":
                    stance = STANCE_OF_SIGNAL[kind]
        who = m.source.name if m.source else d.publisher
        out.append(Stance(d.when[:10] or None, who, d.publisher, stance, m.doc_id, m.claim_id))
    out.sort(key=lambda s: (s.date or "~", s.doc_id, s.claim_id))
    return out


def summary_status(members: list[Member], timeline: list[Stance], origins: Collection[str] = ()) -> str:
    """One status for the cluster, read from the order of stances.

    A confirmation after the last denial makes it ``confirmed``. A denial makes it
    ``denied`` when someone also doubts the claim (evidence that contradicts it, a second
    party's scepticism) and nothing supports it after the denial; one side's word against
    the other's is ``disputed``, as is a claim that someone other than its ``origins``
    still asserts or confirms after the denial without flagging it as unverified. Doubts
    alone make it ``disputed``; otherwise the strongest assertion's status. A report that
    denies or doubts the claim as well as confirming something of it ("that confirms the
    location; it does not confirm the date") confirms it only in part, and a report that
    doubts the claim is no later support for it.
    """
    contested = {s.doc_id for s in timeline if s.stance in ("denies", "doubts")}
    full = [s.date or "" for s in timeline if s.stance == "confirms" and s.doc_id not in contested]
    partial = [s.date or "" for s in timeline if s.stance == "confirms" and s.doc_id in contested]
    last_denial = max((s.date or "" for s in timeline if s.stance == "denies"), default=None)
    if full and (last_denial is None or max(full) >= last_denial):
        return "confirmed"
    if last_denial is not None:
        # support after the denial: not the origins' own claim quoted again, and not a
        # statement flagged as unverified ("we see no evidence that ...")
        flagged = {(m.doc_id, m.claim_id) for m in members if m.status == "unverified"}
        first_voices = {canonical(o) for o in origins}
        later = any(s.stance in ("asserts", "confirms") and (s.date or "") > last_denial
                    and s.doc_id not in contested and (s.doc_id, s.claim_id) not in flagged
                    and canonical(s.who) not in first_voices for s in timeline)
        in_part = bool(partial) and max(partial) >= last_denial
        doubted = any(s.stance == "doubts" for s in timeline)
        return "denied" if doubted and not (later or full or in_part) else "disputed"
    if contested:
        return "disputed"
    statuses = {m.status for m in members}
    return next((s for s in _ASSERTION_RANK if s in statuses), "reported")
