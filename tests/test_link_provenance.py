"""Provenance graphs on hand-built clusters: relays collapse to one origin, witnesses do not."""

from __future__ import annotations

from sourcetrace.link.provenance import (
    DocInfo,
    Member,
    Sighting,
    SourceInfo,
    build_provenance,
    canonical,
    cited_in_text,
)
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


def test_a_round_up_names_a_source_for_the_story_of_the_paragraph_it_sits_in() -> None:
    """The weekly traces another story to the Gazette in its first section; its own depot
    report in the second is not the Gazette's for that (two reports of their own)."""
    weekly = ("The bridge story reached readers through relays, the wire citing the Harbour Gazette.\n\n"
              "A fuel depot burned overnight near the river. Our reporter saw the smoke.")
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Weekly Review", "2024-02-03T12:00:00", text=weekly),
    }
    members = [Member("d1", "C1", "A depot burned overnight near the river.", "reported"),
               Member("d2", "C2", "A fuel depot burned overnight near the river.", "reported")]
    assert build_provenance(members, docs).origins == ["Harbour Gazette", "Weekly Review"]
    cited = _doc("d2", "Weekly Review", "2024-02-03T12:00:00",
                 text="A fuel depot burned overnight near the river, the Harbour Gazette reported.")
    assert build_provenance(members, {"d1": docs["d1"], "d2": cited}).origins == ["Harbour Gazette"]


def test_cited_in_text_orders_relays_from_last_to_source() -> None:
    parties = [SourceInfo("Northern Wire", "outlet"), SourceInfo("Harbour Gazette", "outlet"), COLONEL]
    text = ("Northern Wire reported, citing the Harbour Gazette, which quoted Colonel Andriy Kovalenko, "
            "that the depot burned.")
    assert [p.name for p in cited_in_text(text, parties)] == ["Northern Wire", "Harbour Gazette",
                                                             "Colonel Andriy Kovalenko"]
    assert cited_in_text("Northern Wire and the Harbour Gazette ran photographs.", parties) == []


def _claim_denial_and_lab(first: str = "Harbour Gazette") -> dict[str, DocInfo]:
    """A claim on the 1st, a denial on the 2nd, an open-source lab's report on the 5th."""
    return {
        "d1": _doc("d1", first, "2024-02-01"),
        "d2": _doc("d2", "Capital Herald", "2024-02-02"),
        "d3": _doc("d3", "Open Maps Lab", "2024-02-05"),
    }


def test_claimed_then_denied_then_confirmed_reads_confirmed() -> None:
    docs = _claim_denial_and_lab()
    members = [Member("d1", "C1", "x", "official_claim"), Member("d2", "C1", "x", "denied"),
               Member("d3", "C1", "x", "confirmed")]
    timeline = stances(members, docs)
    assert [s.stance for s in timeline] == ["asserts", "denies", "confirms"]
    assert summary_status(members, timeline) == "confirmed"
    # one side's word against the other's
    assert summary_status(members[:2], stances(members[:2], docs)) == "disputed"
    # the denial with a doubt beside it (the lab's images show no launcher)
    doubted = [*members[:2], Member("d3", "C1", "x", "disputed")]
    assert summary_status(doubted, stances(doubted, docs)) == "denied"


def test_a_confirmation_in_part_after_a_denial_leaves_the_claim_disputed() -> None:
    docs = _claim_denial_and_lab()
    # the lab confirms where the video was filmed and doubts when
    members = [Member("d1", "C1", "x", "official_claim"), Member("d2", "C1", "x", "denied"),
               Member("d3", "C1", "x", "confirmed"), Member("d3", "C2", "y", "disputed")]
    assert summary_status(members, stances(members, docs)) == "disputed"


def test_a_later_report_that_doubts_the_claim_is_no_support_for_it() -> None:
    docs = _claim_denial_and_lab()
    # the lab repeats the ministry's claim only to say satellite images do not bear it out
    members = [Member("d1", "C1", "x", "official_claim"), Member("d2", "C1", "x", "denied"),
               Member("d3", "C1", "x", "official_claim"), Member("d3", "C2", "y", "disputed")]
    assert summary_status(members, stances(members, docs)) == "denied"
    relayed = members[:3]  # without the doubt, the later report keeps the claim alive
    assert summary_status(relayed, stances(relayed, docs)) == "disputed"


def test_the_origin_quoted_again_or_an_unverified_mention_is_no_support_after_a_denial() -> None:
    docs = _claim_denial_and_lab("Steppe Watch")
    ministry = SourceInfo("Defence Ministry of Ruritania", "government", "russia")
    army = SourceInfo("General Staff of Valdonia", "government", "ukraine")
    members = [
        Member("d1", "C1", "Our forces took the village.", "official_claim", source=ministry, cue="said"),
        Member("d2", "C1", "The claim is false.", "denied", source=army, cue="said", source_signals=["denial"]),
        Member("d2", "C2", "Footage contradicts it.", "disputed"),
        # the lab quotes the ministry's claim again, and sees no evidence for it
        Member("d3", "C1", "The ministry said its forces took the village.", "official_claim", source=ministry,
               cue="said"),
        Member("d3", "C2", "We see no evidence that the ministry's forces hold the village.", "unverified", cue="see"),
    ]
    timeline = stances(members, docs)
    assert summary_status(members, timeline, ["Defence Ministry of Ruritania"]) == "denied"
    assert summary_status(members, timeline) == "disputed"  # the ministry's repeat, if it were someone else's
    asserted = [*members[:4], Member("d3", "C2", "The ministry's forces hold the village.", "reported")]
    assert summary_status(asserted, stances(asserted, docs), ["Defence Ministry of Ruritania"]) == "disputed"


def test_a_speaker_whose_claim_the_other_side_denied_still_asserts_it() -> None:
    docs = {"d1": _doc("d1", "Harbour Gazette", "2024-02-01")}
    kyiv = SourceInfo("Ukrainian General Staff", "government", "ukraine")
    moscow = SourceInfo("Russian Defence Ministry", "government", "russia")
    members = [
        # denied as a claim (Moscow called it fake in the same report), but asserted by Kyiv
        Member("d1", "C1", "Russian marines surrendered near Krynky.", "denied", source=kyiv, cue="said"),
        Member("d1", "C2", "It is fake.", "denied", source=moscow, cue="calls", source_signals=["denial"],
               signals=["denial"]),
    ]
    assert [(s.who, s.stance) for s in stances(members, docs)] == [
        ("Ukrainian General Staff", "asserts"), ("Russian Defence Ministry", "denies")]


def test_a_body_and_its_named_spokesman_are_one_origin() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-02-02T09:00:00"),
    }
    captain = SourceInfo("Yurii Bondar", "person", "ukraine", description="Captain, spokesman for the Ukrainian Navy")
    members = [
        Member("d1", "C1", "Sea drones hit a patrol ship off Sevastopol, the captain said.", "reported",
               source=captain, cue="said"),
        Member("d2", "C1", "Ukraine's navy said its sea drones had hit a patrol ship.", "reported",
               source=SourceInfo("Ukraine's navy", "military_unit", "ukraine"), cue="said"),
    ]
    assert build_provenance(members, docs).origins == ["Yurii Bondar"]


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


def test_state_references_and_unnamed_voices_add_no_origins_issue_5() -> None:
    """Issue #5: "Moscow" and "Russia" are the Defence Ministry's voice, not two more origins."""
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-01-07T10:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-01-07T12:00:00"),
        "d3": _doc("d3", "Valley Times", "2024-01-08T09:00:00"),
    }
    ministry = SourceInfo("Russian Defence Ministry", "government", "russia")
    members = [
        Member("d1", "C1", "The ministry said 230 servicemen had come home.", "official_claim", source=ministry),
        Member("d2", "C1", "Moscow said it got 230 of its men back.", "official_claim",
               source=SourceInfo("Moscow", "government", "russia")),
        Member("d3", "C1", "Russia said it had received 230 soldiers.", "official_claim",
               source=SourceInfo("Russia", "government", "russia")),
        Member("d2", "C2", "Two hundred and twelve men returned, a source in the headquarters said.", "reported",
               source=SourceInfo("a source in the headquarters", "anonymous", "ukraine")),
    ]
    p = build_provenance(members, docs)
    assert p.origins == ["Russian Defence Ministry"]
    # alone, the unnamed voice makes its outlet an origin
    p = build_provenance(members[3:], docs)
    assert p.origins == ["Northern Wire"]


def test_a_party_citing_another_in_the_text_is_a_relay_issue_5() -> None:
    """The colonel cited a channel's video: the channel is the one origin, not the colonel too."""
    text = ("The Gazette quoted Colonel Andriy Kovalenko, who said whole units gave up. "
            "Kovalenko cited a drone video posted by the channel Steppe Watch.")
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00", text=text),
        "d2": _doc("d2", "Geo Desk", "2024-02-03T08:00:00"),
    }
    members = [
        Member("d1", "C1", "Whole units gave up, the colonel said.", "reported", source=COLONEL),
        Member("d2", "C1", "The drone video shows men surrendering.", "confirmed",
               source=SourceInfo("the drone video", "person"), via=[SourceInfo("Steppe Watch", "outlet")]),
    ]
    p = build_provenance(members, docs)
    assert p.origins == ["Steppe Watch"]
    edges = {(p.nodes[e.source].name, p.nodes[e.target].name) for e in p.edges}
    assert ("Steppe Watch", "Colonel Andriy Kovalenko") in edges


def test_the_other_side_of_a_contested_claim_is_no_origin_issue_5() -> None:
    """A Ukrainian spokesman quoted on a contested Russian claim (not marked as a denial) counts nothing."""
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2023-11-17T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2023-11-18T08:00:00"),
    }
    ministry = SourceInfo("Russian Defence Ministry", "government", "russia")
    members = [
        Member("d1", "C1", "Russian troops took the village, the ministry said.", "official_claim", source=ministry),
        Member("d2", "C1", "Russia's claim that it took the village is false.", "denied", signals=["denial"]),
        Member("d2", "C2", "The flag-raising video was filmed somewhere else, the spokesman said.",
               "official_claim", source=SourceInfo("Nazar Voitenko", "person", "ukraine")),
    ]
    assert build_provenance(members, docs).origins == ["Russian Defence Ministry"]


def test_the_claimant_is_the_side_the_denier_answers_not_the_first_to_publish() -> None:
    """The governor's own version (all drones destroyed) is out first; he calls the navy's
    claim a fake: the claim is the navy's, and the governor's side makes no origin."""
    docs = {
        "d1": _doc("d1", "Peninsula Today", "2024-01-01T01:00:00"),
        "d2": _doc("d2", "Harbour Gazette", "2024-01-01T11:00:00"),
    }
    governor = SourceInfo("Anatoly Dronov", "person", "russia")
    members = [
        Member("d1", "C1", "All attacking boats were destroyed, the governor wrote.", "official_claim", source=governor),
        Member("d1", "C2", "These reports are a fake from Kiev, the governor said.", "denied", source=governor,
               signals=["denial"], source_signals=["denial"]),
        Member("d2", "C1", "Naval drones hit a patrol ship off Sevastopol, the navy spokesman said.", "official_claim",
               source=SourceInfo("Yurii Bondar", "person", "ukraine")),
    ]
    assert build_provenance(members, docs).origins == ["Yurii Bondar"]


def test_a_denial_of_the_other_side_s_version_mixed_in_leaves_the_claimant_alone() -> None:
    """Kyiv's own people assert the strike on the hotel; Russia's version (a base of foreign
    fighters) sits in the cluster too, and Kyiv rejects it. The claim is Kyiv's account:
    its governor is the origin, not the ministry whose version Kyiv rejected."""
    docs = {
        "d1": _doc("d1", "Slobidskyi Kurier", "2024-01-06T08:00:00"),
        "d2": _doc("d2", "Meridian Broadcasting", "2024-01-06T12:00:00"),
        "d3": _doc("d3", "Continental Press Agency", "2024-01-07T09:00:00"),
    }
    governor = SourceInfo("Oleh Hrytsenko", "person", "ukraine")
    ministry = SourceInfo("Russian Defence Ministry", "government", "russia")
    members = [
        Member("d1", "C1", "A missile struck the hotel in central Kharkiv, injuring eleven people.", "official_claim",
               source=governor),
        Member("d1", "C2", "Two foreign journalists were among the injured at the hotel.", "official_claim",
               source=governor),
        Member("d2", "C1", "The strike hit a base of foreign fighters in Kharkiv, the ministry said.",
               "official_claim", source=ministry),
        Member("d3", "C1", "A missile strike on the hotel had killed dozens of foreign fighters.", "denied",
               source=SourceInfo("Ukraine", "government", "ukraine"), signals=["denial"], source_signals=["denial"]),
    ]
    assert build_provenance(members, docs).origins == ["Oleh Hrytsenko"]


def test_unnamed_voice_and_role_descriptions() -> None:
    from sourcetrace.link.provenance import is_artifact, is_state_reference, is_unnamed

    assert is_unnamed(SourceInfo("a Ukrainian army spokesman", "person"))
    assert is_unnamed(SourceInfo("Independent military analysts", "group"))
    assert is_unnamed(SourceInfo("The Russian governor", "person"))
    assert not is_unnamed(SourceInfo("the cyber police", "government"))
    assert not is_unnamed(SourceInfo("Anatoly Dronov", "person"))
    assert is_artifact("the drone video") and is_artifact("the Defence Ministry's briefing this morning")
    assert not is_artifact("Voenkomat Leaks")
    assert is_state_reference("Moscow") and is_state_reference("Russia's forces")
    assert not is_state_reference("Russian Defence Ministry")


def test_appositives_artifacts_and_side_roles_resolve_to_parties_issue_5() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-01-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-01-01T12:00:00"),
        "d3": _doc("d3", "Valley Times", "2024-01-02T09:00:00"),
    }
    members = [
        Member("d1", "C1", "All drones were destroyed, the governor said.", "official_claim",
               source=SourceInfo("The Russian-installed governor of the city, Anatoly Dronov,", "person", "russia")),
        Member("d2", "C1", "All the attacking drones were destroyed.", "official_claim",
               source=SourceInfo("Russia's governor in the city", "person", "russia")),
        Member("d3", "C1", "A video shows the drones burning.", "video_claimed",
               source=SourceInfo("the video", "person"), via=[SourceInfo("https://t.me/somechannel", "outlet")]),
    ]
    p = build_provenance(members, docs)
    # the appositive is Dronov, the unnamed governor is Russia's named voice, a URL is no
    # party, and an outlet showing a video no named party posted adds no origin beside them
    assert p.origins == ["Anatoly Dronov"]
    assert not any("http" in n.name for n in p.nodes.values())


def test_unnamed_people_in_a_body_are_not_the_body_issue_5() -> None:
    from sourcetrace.link.provenance import _Graph, _party_citations

    g = _Graph()
    for name in ("Kama Independent", "Kremlin", "Oleksii Marusyn"):
        g.node(name, "source")
    text = ("Marusyn referred to a report by Kama Independent, which quoted unnamed sources in the Kremlin "
            "as saying 300,000 men could be called up.")
    assert _party_citations(text, g) == [("kama independent", "oleksii marusyn")]


def test_a_newspaper_named_post_is_a_party_not_a_published_thing() -> None:
    from sourcetrace.link.provenance import is_artifact

    assert not is_artifact("Kyiv Post") and not is_artifact("The Washington Post")
    assert is_artifact("a Telegram post") and is_artifact("The letter, signed by 37 relatives")
    # a medium that opens its sentence is one too; a name is not
    assert is_artifact("Images") and is_artifact("Footage") and not is_artifact("Post")


def test_a_speaker_saying_it_did_not_happen_is_no_origin_whatever_its_side() -> None:
    # regression (S5, S2b of the demo): an unsided spokesman's "No ... was hit" and his
    # own version in the same cluster made him a second origin of the claim he rejects
    ministry = SourceInfo("Russian Defence Ministry", "government", "russia")
    spokesman = SourceInfo("Taras Hnatiuk", "person")  # extraction found no side
    docs = {
        "d1": _doc("d1", "Steppe Herald", "2024-04-01T08:00:00"),
        "d2": _doc("d2", "Harbour Gazette", "2024-04-01T12:00:00"),
        "d3": _doc("d3", "Northern Wire", "2024-04-01T15:00:00"),
    }
    members = [
        Member("d1", "C1", "A Kinzhal missile destroyed an IRIS-T launcher near Mykolaiv.", "official_statement",
               source=ministry),
        Member("d2", "C1", "The ministry said its missile had destroyed an IRIS-T launcher near Mykolaiv.",
               "reported", source=ministry),
        Member("d3", "C1", "No IRIS-T launcher was hit near Mykolaiv or anywhere else.", "official_statement",
               source=spokesman),
        Member("d3", "C2", "Air defences shot down the Kinzhal over the Mykolaiv region.", "official_statement",
               source=spokesman),
    ]
    assert build_provenance(members, docs).origins == ["Russian Defence Ministry"]


def test_a_negated_detail_that_shares_nothing_with_the_claim_is_no_contradiction() -> None:
    governor = SourceInfo("Oleh Marchenko", "person")
    docs = {"d1": _doc("d1", "Harbour Gazette", "2024-04-02T08:00:00"),
            "d2": _doc("d2", "Northern Wire", "2024-04-02T10:00:00")}
    members = [
        Member("d1", "C1", "A missile struck the Hotel Lastivka in Sumy, injuring nine guests.", "reported",
               source=governor),
        Member("d2", "C1", "Nobody was killed.", "reported", source=governor),
        Member("d2", "C2", "The missile hit the Hotel Lastivka in central Sumy, the governor said.", "reported",
               source=governor),
    ]
    assert build_provenance(members, docs).origins == ["Oleh Marchenko"]


def test_a_news_dateline_is_no_party() -> None:
    # regression (S2 of the demo): "KYIV, Jan 7 (CPA) -" came back as an origin's name
    from sourcetrace.link.provenance import is_party

    assert not is_party("KYIV, Jan 7 (CPA) -")
    assert not is_party("MOSCOW, Dec. 26 (Reuters) \u2014")
    assert is_party("Oleh Hrytsenko") and is_party("Jan Kowalski")


def test_background_sharing_no_word_with_other_reports_is_no_origin() -> None:
    """A core member that shares no content word with other reports in its language is background."""
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2023-11-17T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2023-11-17T12:00:00"),
    }
    ministry = SourceInfo("Russian Defence Ministry", "government", "russia")
    members = [
        Member("d1", "C1", "Russian troops captured the village of Robotyne.", "official_claim", source=ministry),
        Member("d2", "C1", "The village of Robotyne was captured by Russian troops.", "official_claim",
               source=ministry),
        Member("d2", "C2", "NATO-trained brigades would reach Melitopol by autumn.", "reported",
               source=SourceInfo("Western media", "group", "third_party")),
    ]
    assert build_provenance(members, docs).origins == ["Russian Defence Ministry"]


def test_statement_the_reporter_says_left_the_claim_out_is_no_origin() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-01-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-01-02T08:00:00"),
    }
    dronov = SourceInfo("Anatoly Dronov", "person", "russia")
    members = [
        Member("d1", "C1", "All drones attacking the city were destroyed.", "official_claim", source=dronov),
        Member("d2", "C1", "All attacking drones over the city were destroyed.", "official_claim", source=dronov),
        Member("d2", "C2", "Four drones were destroyed over the sea but did not mention the city.", "official_claim",
               source=SourceInfo("Russian Defence Ministry", "government", "russia")),
    ]
    assert build_provenance(members, docs).origins == ["Anatoly Dronov"]


def test_a_party_takes_the_side_other_member_documents_give_its_name() -> None:
    """An unsided "Defence Ministry" is the Russian one when another report names only that one,
    so on a contested Ukrainian claim it counts no origin."""
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-01-05T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-01-05T12:00:00"),
        "d3": _doc("d3", "Valley Times", "2024-01-06T09:00:00"),
    }
    governor = SourceInfo("Oleh Hrytsenko", "person", "ukraine")
    members = [
        Member("d1", "C1", "A missile hit the hotel, injuring eleven.", "official_claim", source=governor),
        Member("d2", "C1", "The strike on the hotel hit a base, injuring none.", "official_claim",
               source=SourceInfo("Defence Ministry", "government", "unknown")),
        Member("d3", "C1", "A missile hit the hotel and injured eleven people.", "official_claim", source=governor),
        Member("d3", "C2", "The hotel housed no base, as Moscow claims.", "denied", signals=["denial"],
               mentioned=[SourceInfo("Russian Defence Ministry", "government", "russia")]),
    ]
    assert build_provenance(members, docs).origins == ["Oleh Hrytsenko"]


def test_a_subject_the_tagger_took_for_a_speaker_is_no_origin() -> None:
    """A cue that is the claim's own verb ("Frost closes the roads") names no speaker."""
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-02-01T12:00:00"),
    }
    members = [
        Member("d1", "C1", "A glide bomb hit the grain terminal in the port overnight.", "official_claim",
               source=COLONEL, cue="said"),
        Member("d2", "C1", "The grain terminal in the port.", "reported",
               source=SourceInfo("Glide bomb", "person"), cue="wrecks"),
    ]
    p = build_provenance(members, docs)
    assert p.origins == ["Colonel Andriy Kovalenko"]
    members[1].cue = "told reporters"
    assert sorted(build_provenance(members, docs).origins) == ["Colonel Andriy Kovalenko", "Glide bomb"]


def test_speech_cue_reads_saying_checking_and_foreign_cues() -> None:
    from sourcetrace.link.provenance import speech_cue

    assert speech_cue("has not commented on") and speech_cue("according to") and speech_cue(":")
    assert speech_cue("has since geolocated the footage to") and speech_cue(None)
    assert speech_cue("erklärte", "de")
    assert not speech_cue("grounds") and not speech_cue("has made everything slower")


def test_calling_the_evidence_forged_is_no_origin() -> None:
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Steppe Courier", "2024-02-02T08:00:00"),
    }
    members = [
        Member("d1", "C1", "A leaked call-up list shows reservists in three districts are being summoned.",
               "video_claimed", source=COLONEL),
        Member("d2", "C1", "The so-called call-up list the Gazette circulated is a clumsy forgery.", "video_claimed",
               source=SourceInfo("a source in the district office", "anonymous")),
    ]
    assert build_provenance(members, docs).origins == ["Colonel Andriy Kovalenko"]
    members[1].text = "The call-up list was a forged document, but the summonses are real, the source said."
    assert len(build_provenance(members, docs).origins) == 2


def test_a_role_named_by_a_possessive_is_unnamed_and_nested_names_fold() -> None:
    """"its editor" names no one; "the police" is the one body both longer names describe."""
    docs = {
        "d1": _doc("d1", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d2": _doc("d2", "Northern Wire", "2024-02-01T12:00:00"),
    }
    members = [
        Member("d1", "C1", "Intruders defaced the city council website with a fake evacuation notice.",
               "official_claim", source=SourceInfo("Ukraine's cyber police", "group", "ukraine")),
        Member("d1", "C2", "The evacuation notice stayed online for an hour.", "official_claim",
               source=SourceInfo("the police", "person")),
        Member("d2", "C1", "The council website was defaced with a fake evacuation notice.", "official_claim",
               source=SourceInfo("the cyber police", "person")),
        Member("d2", "C2", "The fake notice carried a misspelt seal of the city council.", "reported",
               source=SourceInfo("its editor", "person")),
    ]
    assert [canonical(o) for o in build_provenance(members, docs).origins] == ["ukrainian cyber police"]


def test_what_a_denier_asserts_in_its_denial_report_is_its_own_version() -> None:
    """An unnamed spokesman rejects the ministry's claim and says Ukrainian forces hold
    the village: that sentence sits in the cluster but is the denier's version, no origin."""
    docs = {
        "d1": _doc("d1", "Steppe Herald", "2023-11-17T08:00:00"),
        "d2": _doc("d2", "Harbour Gazette", "2023-11-18T08:00:00"),
    }
    ministry = SourceInfo("Russian Defence Ministry", "government", "russia")
    spokesman = SourceInfo("a military spokesman", "person")
    members = [
        Member("d1", "C1", "Russian troops captured the village of Robotyne.", "official_claim", source=ministry),
        Member("d2", "C1", "Ukrainian forces remain in control of the village of Robotyne.", "reported",
               source=spokesman),
        Member("d2", "C2", "A ministry claim that its troops had captured the village of Robotyne.", "denied",
               source=spokesman, signals=["denial"], source_signals=["denial"]),
    ]
    assert build_provenance(members, docs).origins == ["Russian Defence Ministry"]
    # the same sentence from a speaker who denies nothing there is an origin of its own
    assert build_provenance(members[:2], docs).origins == ["Russian Defence Ministry", "Harbour Gazette"]


def test_an_outlet_relaying_a_named_origin_speaks_for_no_unnamed_voice_of_its_own() -> None:
    """A channel posts what residents film and what the channel Krymsky Veter says; the
    residents are no origin beside Krymsky Veter. An outlet that relays someone who is no
    origin still speaks for its unnamed voices."""
    docs = {
        "d1": _doc("d1", "Left Bank Recon", "2024-01-01T01:20:00"),
        "d2": _doc("d2", "Continental Press Agency", "2024-01-02T09:00:00"),
    }
    veter = SourceInfo("Krymsky Veter", "organization")
    members = [
        Member("d1", "C1", "Crimean residents are posting videos of explosions at the mouth of Sevastopol bay.",
               "video_claimed", source=SourceInfo("Crimean residents", "group")),
        Member("d1", "C2", "A ship at the outer roadstead is burning.", "reported", source=veter),
        Member("d2", "C1", "Videos posted by Krymsky Veter show explosions at the mouth of Sevastopol bay.",
               "video_claimed", source=veter),
    ]
    core = {("d1", "C1"), ("d2", "C1")}
    assert build_provenance(members, docs, core).origins == ["Krymsky Veter"]
    members[1].source = SourceInfo("Oleh Patrushev", "person")
    assert sorted(build_provenance(members, docs, core).origins) == ["Krymsky Veter", "Left Bank Recon"]


def test_who_cited_whom_holds_whoever_reports_it() -> None:
    """A later report doubts the surrender but says the colonel cited the channel's video:
    the colonel is the channel's relay, not a second origin, though that report asserts nothing."""
    doubt = ("Kovalenko cited a drone video posted by the channel Steppe Watch. "
             "Whole units gave up, the colonel said, but the footage may be old.")
    docs = {
        "d1": _doc("d1", "Steppe Watch", "2024-02-01T06:00:00"),
        "d2": _doc("d2", "Harbour Gazette", "2024-02-01T08:00:00"),
        "d3": _doc("d3", "Geo Desk", "2024-02-03T08:00:00", text=doubt),
    }
    members = [
        Member("d1", "C1", "Whole units of the enemy gave up today.", "video_claimed"),
        Member("d2", "C1", "Whole units gave up, the colonel said.", "reported", source=COLONEL),
        Member("d3", "C1", "Whole units gave up, the colonel said, but the footage may be old.", "disputed",
               source=COLONEL, signals=["doubt"]),
    ]
    assert build_provenance(members, docs).origins == ["Steppe Watch"]
