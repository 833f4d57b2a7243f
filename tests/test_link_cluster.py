"""Claim clustering on real sentences in a store: paraphrases meet, unrelated claims do not."""

from __future__ import annotations

import json
from typing import Any

import click
import numpy as np
import pytest
from click.testing import CliRunner
from link_store import partition, together
from sqlalchemy import select

from sourcetrace.link.features import ClaimFeatures, points_back, read_in_report
from sourcetrace.link.lexical import terms
from sourcetrace.link.linker import _representative, link_new, reads_alone, rebuild
from sourcetrace.model import Claim, Document, Extraction, Place, RawItem
from sourcetrace.store import schema
from sourcetrace.store.documents import add_document
from sourcetrace.store.extractions import save_extraction

DEPOT_EN = ("Russian artillery destroyed the railway station in Kupiansk on Tuesday, killing two civilians.",
            "Kupiansk")
DEPOT_EN2 = ("Two civilians died when Russian shells hit Kupiansk's railway station on Tuesday.", "Kupiansk")
DEPOT_DE = ("Russische Artillerie hat am Dienstag den Bahnhof von Kupjansk zerstört, zwei Zivilisten wurden getötet.",
            "Kupiansk")
TANKS = ("Germany delivered a further batch of Leopard tanks to Ukraine's army this week.", None)


def _add(store: Any, outlet: str, published: str, claims: list[tuple[str, str | None]], lang: str = "en",
         event_type: str = "shelling_or_missile_strike") -> str:
    text = " ".join(c for c, _ in claims) + f" ({outlet})"
    doc = Document(text=text, outlet=outlet, published=published, language=lang,
                   url=f"https://{outlet.lower().replace(' ', '')}.example/{published}")
    places, found = [], []
    for i, (sentence, place) in enumerate(claims, start=1):
        ids = []
        if place:
            places.append(Place(f"P{len(places) + 1}", place, place, "UA", precision="city"))
            ids = [places[-1].id]
        found.append(Claim(f"C{i}", sentence, event_type if "Leopard" not in sentence else "weapons_supply",
                           places=ids))
    with store.engine.begin() as conn:
        add_document(conn, RawItem(origin=outlet, data=text.encode(), media_type="text/plain"), doc)
        save_extraction(conn, Extraction(doc, claims=found, places=places), "test")
    return doc.id


def test_paraphrases_in_two_outlets_cluster_and_unrelated_claim_does_not(store: Any) -> None:
    _add(store, "Harbour Gazette", "2024-02-06", [DEPOT_EN])
    _add(store, "Northern Wire", "2024-02-06", [DEPOT_EN2, TANKS])
    summary = link_new(store)
    assert summary.claims == 3
    part = partition(store)
    assert together(part, DEPOT_EN[0], DEPOT_EN2[0])
    assert not together(part, DEPOT_EN[0], TANKS[0])
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.clusters).where(schema.clusters.c.claims == 2)).one()
    assert row.outlets == 2 and row.documents == 2 and row.first_seen == "2024-02-06"


def test_english_and_german_versions_cluster(sqlite_store: Any) -> None:
    _add(sqlite_store, "Harbour Gazette", "2024-02-06", [DEPOT_EN])
    _add(sqlite_store, "Weser Bote", "2024-02-07", [DEPOT_DE], lang="de")
    _add(sqlite_store, "Northern Wire", "2024-02-07", [TANKS])
    link_new(sqlite_store)
    part = partition(sqlite_store)
    assert together(part, DEPOT_EN[0], DEPOT_DE[0])
    assert not together(part, DEPOT_DE[0], TANKS[0])


def test_incremental_linking_equals_rebuild(sqlite_store: Any) -> None:
    _add(sqlite_store, "Harbour Gazette", "2024-02-06", [DEPOT_EN])
    _add(sqlite_store, "Northern Wire", "2024-02-06", [TANKS])
    link_new(sqlite_store)
    _add(sqlite_store, "Valley Times", "2024-02-07", [DEPOT_EN2])
    _add(sqlite_store, "Weser Bote", "2024-02-08", [DEPOT_DE], lang="de")
    second = link_new(sqlite_store)
    assert second.claims == 2
    incremental = partition(sqlite_store)
    rebuild(sqlite_store)
    assert partition(sqlite_store) == incremental
    assert link_new(sqlite_store).claims == 0


def _group(db_url: str) -> click.Group:
    from sourcetrace.cli import cli
    from sourcetrace.link.cli import COMMANDS

    # the real root's settings (-h): click caches a command's help option on first use,
    # so a bare root here would change the help the docs test renders later
    @click.group(context_settings=cli.context_settings)
    @click.pass_context
    def root(ctx: click.Context) -> None:
        ctx.obj = {"db": db_url}

    for command in COMMANDS:
        root.add_command(command)
    return root


def test_claims_json_shape_is_exact(sqlite_store: Any) -> None:
    _add(sqlite_store, "Harbour Gazette", "2024-02-06", [DEPOT_EN])
    _add(sqlite_store, "Northern Wire", "2024-02-07", [DEPOT_EN2])
    root = _group(sqlite_store.url)
    runner = CliRunner()
    assert runner.invoke(root, ["link"]).exit_code == 0
    result = runner.invoke(root, ["claims", "--json", "--sort", "outlets"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert lines and list(lines[0]) == ["id", "text", "event_type", "status", "origins", "origin_sources",
                                        "outlets", "documents", "first_seen"]
    top = lines[0]
    assert top["outlets"] == 2 and top["origins"] == 2
    assert sorted(top["documents"]) == ["https://harbourgazette.example/2024-02-06",
                                        "https://northernwire.example/2024-02-07"]
    traced = runner.invoke(root, ["trace", str(top["id"])])
    assert traced.exit_code == 0 and "Harbour Gazette" in traced.output


@pytest.mark.parametrize("text", ["Northern Wire"])
def test_sources_lists_outlets_with_counts(sqlite_store: Any, text: str) -> None:
    from sourcetrace.link.sources import get_source, list_sources

    _add(sqlite_store, "Harbour Gazette", "2024-02-06", [DEPOT_EN])
    _add(sqlite_store, "Northern Wire", "2024-02-07", [DEPOT_EN2, TANKS])
    link_new(sqlite_store)
    names = {r.name: r for r in list_sources(sqlite_store)}
    assert names[text].claims == 2 and names["Harbour Gazette"].claims == 1
    assert len(get_source(sqlite_store, text).clusters) == 2


def test_a_subject_taken_for_a_speaker_is_read_as_part_of_the_claim(sqlite_store: Any) -> None:
    """"Drone destroys" with "destroys" as the cue: the linker reads the whole statement."""
    from sourcetrace.link.features import load_features
    from sourcetrace.model import Attribution, SourceRef, Span

    head, rest = "Glide bomb wrecks", "grain terminal in Izmail port"
    text = f"{head} {rest}. The mayor said the grain terminal in Izmail burned for hours."
    doc = Document(text=text, outlet="Harbour Gazette", published="2024-02-01", language="en")
    said = text.index("said")
    attributions = [
        Attribution("A1", Span(rest, len(head) + 1, len(head) + 1 + len(rest)), "direct",
                    source=SourceRef("Glide bomb", 0, 10), cue=Span("wrecks", 11, 17)),
        Attribution("A2", Span(text[said + 5:-1], said + 5, len(text) - 1), "indirect",
                    source=SourceRef("The mayor", said - 10, said - 1), cue=Span("said", said, said + 4)),
    ]
    claims = [Claim("C1", rest, "shelling_or_missile_strike", attribution="A1"),
              Claim("C2", text[said + 5:-1], "shelling_or_missile_strike", attribution="A2")]
    with sqlite_store.engine.begin() as conn:
        add_document(conn, RawItem(origin="t", data=text.encode(), media_type="text/plain"), doc)
        save_extraction(conn, Extraction(doc, claims=claims, attributions=attributions), "test")
        feats = {f.claim_id: f for f in load_features(conn)}
    assert feats["C1"].text == f"Glide bomb wrecks {rest}"
    assert feats["C2"].text == text[said + 5:-1]


def test_a_cluster_headline_must_read_without_its_neighbours() -> None:
    assert reads_alone("Russian marines surrendered near Krynky.")
    assert reads_alone("Hackers took over the broadcaster's website for two hours.")
    assert not reads_alone("They were mobilised in the Sverdlovsk region.")
    assert not reads_alone("In exchange, 212 prisoners of war were handed over.")
    assert not reads_alone("To have destroyed Patriot systems in Ukraine.")
    assert not reads_alone('Repelling Russian attacks "near Robotyne.')


def test_a_cluster_headline_is_a_member_that_puts_the_claim_forward() -> None:
    denial, claim = ("d1", "C1"), ("d2", "C1")
    texts = {denial: "Russia's assertion that the strike killed dozens of fighters is false.",
             claim: "A Russian missile struck the Hotel Sumska in the centre of Kharkiv on Friday."}
    centroid = np.array([1.0, 0.0], dtype=np.float32)
    vectors = {denial: np.array([1.0, 0.0], dtype=np.float32), claim: np.array([0.8, 0.6], dtype=np.float32)}
    langs = dict.fromkeys(texts, "en")
    assert _representative([denial, claim], texts, langs, centroid, vectors) == denial
    assert _representative([denial, claim], texts, langs, centroid, vectors, {claim}) == claim


def test_a_denial_pointing_back_is_read_with_its_report_terms() -> None:
    def claim(cid: str, text: str, status: str) -> ClaimFeatures:
        return ClaimFeatures("d1", cid, text, "other", status, None, terms=terms(text))

    told = claim("C1", "All sea drones attacking Sevastopol were destroyed.", "official_claim")
    denial = claim("C2", "These as «a traditional New Year's fake from Kiev».", "denied")
    own = claim("C3", "The navy's account of a hit ship is false.", "denied")
    read_in_report([told, denial, own])
    assert points_back(denial.text) and not points_back(own.text)
    assert told.terms <= denial.terms and denial.claim_terms == terms(denial.text)
    assert own.terms == terms(own.text) and own.sentence_terms is None


def test_core_members_are_those_stating_the_shared_claim() -> None:
    """Three reports of one exchange share a claim: all state it. A homecoming feature's
    mixed statements share none: the most central one stands for the cluster, so its
    speakers do not all become origins."""
    from sourcetrace.link import encoder
    from sourcetrace.link.cluster import core_keys

    def keys_and_vectors(texts: list[str]) -> tuple[list[tuple[str, str]], dict[tuple[str, str], Any]]:
        keys = [("d", f"C{i}") for i in range(len(texts))]
        return keys, dict(zip(keys, encoder.encode(texts), strict=True))

    shared, vectors = keys_and_vectors([
        "Russia and Ukraine exchanged 230 Russian and 212 Ukrainian prisoners of war on Sunday.",
        "Ukraine brought home 212 prisoners of war in an exchange with Russia on Sunday.",
        "230 Russian servicemen were returned from Ukrainian captivity in Sunday's prisoner exchange.",
    ])
    assert core_keys(shared, vectors) == set(shared)
    mixed, vectors = keys_and_vectors([  # the demo's homecoming feature, as its claims read
        "I did not recognise him at first. He was so thin, and his hair had gone grey.",
        "It had received 230 of its servicemen in return.",
        "Seventeen of the 212 Ukrainian prisoners of war freed in yesterday's exchange come from the Kharkiv region.",
        "Her surname not be published because other relatives are still in Russian-occupied territory.",
        "It would pay each returning soldier from the Kharkiv region a one-off allowance of 50,000 hryvnias.",
        "Many describe beatings, hunger and no medical care at all. We are documenting every case.",
        "Most of the freed men needed long medical treatment.",
    ])
    assert len(core_keys(mixed, vectors)) == 1


def test_in_a_diffuse_cluster_members_near_the_most_central_state_the_claim() -> None:
    """A story told in parts (the letter, the video, the refusal) makes a cluster with no
    member far above ``CORE_SIM``: a member just under it, but close to the most central
    one, states the claim as well (an origin is not lost for a hundredth of cosine); one
    far out does not."""
    import numpy as np

    from sourcetrace.link.cluster import CORE_MARGIN, CORE_SIM, core_keys

    def vector(spread: float, axis: int) -> Any:
        v = np.zeros(8, dtype=np.float32)
        v[0], v[axis] = 1.0, spread
        return v / np.linalg.norm(v)

    keys = [("d", f"C{i}") for i in range(5)]
    vectors = {k: vector(s, i + 1) for i, (k, s) in enumerate(zip(keys, (1.7, 2.0, 2.6, 3.2, 6.0), strict=True))}
    matrix = np.vstack(list(vectors.values()))
    centroid = matrix.sum(axis=0) / np.linalg.norm(matrix.sum(axis=0))
    sims = matrix @ centroid
    # the shape this test needs: the most central member under CORE_SIM + CORE_MARGIN, one
    # member between the margin and CORE_SIM, one beyond the margin
    assert CORE_SIM <= sims[0] < CORE_SIM + CORE_MARGIN and sims[0] - CORE_MARGIN <= sims[3] < CORE_SIM
    assert sims[4] < sims[0] - CORE_MARGIN
    assert core_keys(keys, vectors) == set(keys[:4])


def test_the_headline_names_the_cluster_s_place_unless_only_a_side_remark_does() -> None:
    centroid = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    vectors = {("d1", "C1"): np.array([0.95, 0.31, 0.0], dtype=np.float32),   # the most central
               ("d2", "C1"): np.array([0.90, 0.0, 0.44], dtype=np.float32),   # close to it, names the place
               ("d3", "C1"): np.array([0.60, 0.80, 0.0], dtype=np.float32)}   # far out, names it too
    texts = {("d1", "C1"): "The drone video purports to show Russian marines surrendering.",
             ("d2", "C1"): "Russian marines surrendered in a group near Krynky on Christmas Day.",
             ("d3", "C1"): "Krynky lies on the left bank of the Dnipro river, in the Kherson region."}
    langs = dict.fromkeys(texts, "en")
    keys = list(texts)
    assert _representative(keys, texts, langs, centroid, vectors) == ("d1", "C1")
    assert _representative(keys, texts, langs, centroid, vectors, place="Krynky") == ("d2", "C1")
    del texts[("d2", "C1")], vectors[("d2", "C1")]
    assert _representative(list(texts), texts, langs, centroid, vectors, place="Krynky") == ("d1", "C1")


def test_claims_list_opens_with_the_claim_most_outlets_carried(sqlite_store: Any) -> None:
    import datetime as dt

    rows = [("Side remarks grouped together", 3, 2), ("The bridge was destroyed", 1, 9)]
    with sqlite_store.engine.begin() as conn:
        for text, origins, outlets in rows:
            conn.execute(schema.clusters.insert().values(
                text=text, event_type="other", status="reported", origins=origins, origin_sources=[],
                outlets=outlets, documents=outlets, claims=outlets, updated_at=dt.datetime.now(dt.UTC)))
    result = CliRunner().invoke(_group(sqlite_store.url), ["claims", "--json"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["text"] for line in result.output.splitlines()] == [
        "The bridge was destroyed", "Side remarks grouped together"]
