"""Provenance graphs on hand-built clusters: relays collapse to one origin, witnesses do not."""

from __future__ import annotations

from sourcetrace.link.provenance import DocInfo, Member, Sighting, SourceInfo, build_provenance, cited_in_text
from sourcetrace.link.stance import stances, summary_status

COLONEL = SourceInfo("Colonel Andriy Kovalenko", "person", "ukraine")


def _doc(doc_id: str, outlet: str, published: str, **kw: object) -> DocInfo:
    return DocInfo(id=doc_id, outlet=outlet, published=published, **kw)  # type: ignore[arg-type]


def test_three_outlets_relaying_one_colonel_make_one_origin() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-02-01T12:00:00"),
        "d3": _doc("d3", "Valley Times", "2024-02-02T09:00:00"),
    }
    gazette = SourceInfo("Harbour Gazette", "outlet")
    members = [
        Member("d1", "C1", "The colonel said an enemy depot near the river burned overnight.", "reported",
               source=COLONEL),
        Member("d2", "C1", "An ammunition depot by the river was destroyed, the colonel told the Gazette.",
               "reported", source=COLONEL, via=[gazette]),
        Member("d3", "C2", "A depot blew up near the river, according to the colonel quoted by the Gazette.",
               "reported", source=COLONEL, via=[gazette]),
    ]
    p = build_provenance(members, docs)
    assert p.origins == ["Colonel Andriy Kovalenko"]
    assert sorted(p.outlets) == ["Harbour Gazette", "Northern Wire", "Valley Times"]
    assert p.first_doc_id == "d1"
    edges = {(p.nodes[e.source].name, p.nodes[e.target].name) for e in p.edges}
    assert ("Harbour Gazette", "Northern Wire") in edges and ("Colonel Andriy Kovalenko", "Harbour Gazette") in edges


def test_two_independent_eyewitnesses_make_two_origins() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-02-01T09:30:00"),
    }
    members = [
        Member("d1", "C1", "A shopkeeper said the blast shattered every window on the square.", "reported",
               source=SourceInfo("Olena Marchuk", "person")),
        Member("d2", "C1", "The explosion blew out the windows around the square, a bus driver said.", "reported",
               source=SourceInfo("Petro Savchuk", "person")),
    ]
    p = build_provenance(members, docs)
    assert sorted(p.origins) == ["Olena Marchuk", "Petro Savchuk"]


def test_telegram_forward_and_copy_are_not_new_origins() -> None:
    docs = {
        "d1": _doc("d1", "Steppe Watch", "2024-03-01T10:00:00"),
        "d2": _doc("d2", "Border Notes", "2024-03-01T11:00:00", relays=["Steppe Watch"]),
        "d3": _doc("d3", "Evening Echo", "2024-03-01T15:00:00", copy_of="d1"),
    }
    text = "Our drone team filmed a column of trucks leaving the town at dawn."
    members = [Member(d, "C1", text, "video_claimed") for d in docs]
    p = build_provenance(members, docs)
    assert p.origins == ["Steppe Watch"]


def test_an_outlet_citing_an_earlier_member_by_name_is_a_relay() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-02-01T12:00:00",
                   text="The depot burned overnight, the Harbour Gazette reported, citing a local colonel."),
    }
    members = [Member("d1", "C1", "A depot burned overnight near the river.", "reported"),
               Member("d2", "C1", "The depot burned overnight.", "reported")]
    assert build_provenance(members, docs).origins == ["Harbour Gazette"]


def test_cited_in_text_orders_relays_from_last_to_source() -> None:
    parties = [SourceInfo("Northern Wire", "outlet"), SourceInfo("Harbour Gazette", "outlet"), COLONEL]
    text = ("Northern Wire reported, citing the Harbour Gazette, which quoted Colonel Andriy Kovalenko, "
            "that the depot burned.")
    assert [p.name for p in cited_in_text(text, parties)] == ["Northern Wire", "Harbour Gazette",
                                                             "Colonel Andriy Kovalenko"]
    assert cited_in_text("Northern Wire and the Harbour Gazette ran photographs.", parties) == []


def test_claimed_then_denied_then_confirmed_reads_confirmed() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01"),
        "d2": _doc("d2", "Capital Herald", "2024-02-02"),
        "d3": _doc("d3", "Open Maps Lab", "2024-02-05"),
    }
    members = [Member("d1", "C1", "x", "official_claim"), Member("d2", "C1", "x", "denied"),
               Member("d3", "C1", "x", "confirmed")]
    timeline = stances(members, docs)
    assert [s.stance for s in timeline] == ["asserts", "denies", "confirms"]
    assert summary_status(members, timeline) == "confirmed"
    assert summary_status(members[:2], stances(members[:2], docs)) == "denied"


def test_a_denial_is_drawn_but_is_no_origin() -> None:
    docs = {
        "d1": _doc("d1", "Steppe Watch", "2024-03-01T10:00:00"),
        "d2": _doc("d2", "Capital Herald", "2024-03-02T09:00:00"),
    }
    ministry = SourceInfo("Defence Ministry of Ruritania", "government", "russia")
    members = [
        Member("d1", "C1", "Marines surrendered near the bridgehead, our drone team filmed it.", "video_claimed",
               source=SourceInfo("Steppe Watch", "outlet")),
        Member("d2", "C1", "The ministry called the surrender video a fake.", "denied", source=ministry),
    ]
    p = build_provenance(members, docs)
    assert p.origins == ["Steppe Watch"]
    assert "defence ministry of ruritania" in p.nodes  # the denier stays in the graph


def test_a_sighting_makes_the_reposting_outlet_a_relay_not_an_origin() -> None:
    docs = {"d1": _doc("d1", "Steppe Watch", "2024-03-01T10:00:00",
                       sightings=[Sighting("Border Notes", "2024-03-01T10:20:00", None, ["Steppe Watch"]),
                                  Sighting("Evening Echo", "2024-03-01T12:00:00")])}
    members = [Member("d1", "C1", "Our drone team filmed a column of trucks leaving the town at dawn.",
                      "video_claimed")]
    p = build_provenance(members, docs)
    assert p.origins == ["Steppe Watch"]
    assert p.outlets == ["Border Notes", "Evening Echo", "Steppe Watch"]
    assert {(e.source, e.target, e.kind) for e in p.edges} >= {("steppe watch", "border notes", "repost"),
                                                             ("steppe watch", "evening echo", "repost")}


def test_only_members_stating_the_claim_make_origins() -> None:
    docs = {"d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00")}
    members = [
        Member("d1", "C1", "The depot burned overnight, the colonel said.", "reported", source=COLONEL),
        Member("d1", "C2", "Nearby shops stayed shut, a shopkeeper said.", "reported",
               source=SourceInfo("Olena Marchuk", "person")),
    ]
    assert sorted(build_provenance(members, docs).origins) == ["Colonel Andriy Kovalenko", "Olena Marchuk"]
    p = build_provenance(members, docs, core={("d1", "C1")})
    assert p.origins == ["Colonel Andriy Kovalenko"]


def test_pronouns_and_far_names_are_not_cited_sources() -> None:
    parties = [SourceInfo("who", "person"), COLONEL]
    text = ("Colonel Andriy Kovalenko visited the front on Monday, and the next day a depot far away "
            "near the river burned down completely overnight, who said.")
    assert cited_in_text(text, parties) == []


def test_a_surname_and_a_full_name_are_one_origin() -> None:
    docs = {"d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
            "d2": _doc("d2", "Northern Wire", "2024-02-01T09:00:00")}
    members = [
        Member("d1", "C1", "Eleven people were hurt, Oleh Hrytsenko said.", "reported",
               source=SourceInfo("Oleh Hrytsenko", "person", "ukraine")),
        Member("d2", "C1", "Eleven were injured, according to Hrytsenko.", "reported",
               source=SourceInfo("Hrytsenko", "person")),
    ]
    assert build_provenance(members, docs).origins == ["Oleh Hrytsenko"]
