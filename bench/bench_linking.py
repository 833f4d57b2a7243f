"""Benchmark: link N synthetic claims, then add 1,000 more to the linked store.

Claims are paraphrases of the demo corpus's labelled statements made by templates
(source, outlet, day and wording vary; each document's claims come from one story, as
an article's do), inserted straight into the store tables so no spaCy runs. Prints wall
time per phase and peak memory.

    nice python bench/bench_linking.py --claims 100000 --db /tmp/bench_linking.db

With ``--base /tmp/bench_linking_base.db`` the linked 100,000 are saved after the first
phase, and a later run with the same ``--base`` times only the +1,000 phase on a copy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import resource
import shutil
import time
from pathlib import Path

from sourcetrace.store import schema
from sourcetrace.store.db import open_store

LABELS = Path(__file__).resolve().parents[1] / "src" / "sourcetrace" / "demo" / "linking_labels.json"
TEMPLATES = (
    "{s} said that {c}.", "According to {s}, {c}.", "{c}, {s} told reporters.", "{s} claimed on {d} that {c}.",
    "Reports citing {s} say {c}.", "{c}, according to a statement from {s}.", "{s} insisted that {c}.",
    "It was reported by {s} that {c}.", "{c}, {s} wrote on Telegram.", "In a briefing, {s} said {c}.",
)
SOURCES = [f"{r} {n}" for r in ("Colonel", "spokesman", "governor", "analyst", "officer")
           for n in ("Petrenko", "Ivanov", "Kovalenko", "Smirnov", "Bondar", "Melnyk", "Orlov", "Tkachenko",
                     "Sokolov", "Hnatiuk")]
EVENTS = ("surrender_or_capture", "shelling_or_missile_strike", "territory_change", "mobilization",
          "negotiation_or_ceasefire", "air_or_drone_strike", "casualties_or_losses", "other")


def statements() -> dict[str, list[tuple[str, str]]]:
    """The labelled statements of each demo story, with the story's event type."""
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    out: dict[str, set[tuple[str, str]]] = {}
    for a in labels["articles"]:
        for c in a["claims"]:
            event = labels["clusters"][c["cluster"]]["event_type"]
            out.setdefault(c["cluster"], set()).add((c["text"].rstrip("."), event))
    for story, v in labels["clusters"].items():
        out.setdefault(story, set()).add((v["summary"], v["event_type"]))
    return {story: sorted(items) for story, items in sorted(out.items())}


def generate(store, n_claims: int, per_doc: int, seed: int, tag: str) -> int:
    rng = random.Random(seed)
    by_story = statements()
    stories = sorted(by_story)
    start = dt.date(2023, 10, 1)
    docs, claims, ents = [], [], []
    now = dt.datetime.now(dt.UTC)
    n_docs = (n_claims + per_doc - 1) // per_doc
    made = 0
    for i in range(n_docs):
        day = start + dt.timedelta(days=rng.randrange(120))
        outlet = f"Outlet {rng.randrange(400)}"
        texts = []
        base = by_story[rng.choice(stories)]  # an article covers one story, in several claims
        for j in range(min(per_doc, n_claims - made)):
            stmt, event = rng.choice(base)
            source = rng.choice(SOURCES)
            c = stmt[0].lower() + stmt[1:]
            text = rng.choice(TEMPLATES).format(s=source, c=c, d=day.strftime("%A"))
            text = text[0].upper() + text[1:]
            texts.append(text)
            claims.append({"doc_id": None, "id": f"C{j + 1}", "attribution": None, "text": text,
                           "event_type": event, "status": rng.choice(("reported", "official_claim", "denied")),
                           "actors": [], "places": [], "times": [], "signals": []})
            made += 1
        body = " ".join(texts) + f"\n\n[{tag} document {i}]"  # unique documents; claims may repeat, as copies do
        doc_id = hashlib.sha256(body.encode()).hexdigest()
        for c in claims[-len(texts):]:
            c["doc_id"] = doc_id
        docs.append({"id": doc_id, "raw_sha256": doc_id, "raw": b"", "media_type": "text/plain", "origin": "bench",
                     "text": body, "url": f"https://bench.example/{tag}/{i}", "outlet": outlet, "title": None,
                     "authors": [], "published": day.isoformat(), "language": "en", "relays": [], "meta": {},
                     "ingested_at": now, "extracted_at": now, "pipeline": "bench"})
        ents.append({"doc_id": doc_id, "id": "E1", "name": outlet, "kind": "outlet", "description": None,
                     "side": "unknown", "aliases": [], "mentions": []})
    with store.engine.begin() as conn:
        for k in range(0, len(docs), 1000):
            conn.execute(schema.documents.insert(), docs[k:k + 1000])
        for k in range(0, len(claims), 2000):
            conn.execute(schema.claims.insert(), claims[k:k + 2000])
        for k in range(0, len(ents), 2000):
            conn.execute(schema.entities.insert(), ents[k:k + 2000])
    return made


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from sourcetrace.link import encoder
    from sourcetrace.link.linker import link_new

    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--more", type=int, default=1_000)
    ap.add_argument("--per-doc", type=int, default=4)
    ap.add_argument("--db", default="/tmp/bench_linking.db")
    ap.add_argument("--base", help="a copy of the store linked with --claims: reused when it exists (only the "
                                   "+more phase runs, on a copy), saved after the first phase otherwise")
    args = ap.parse_args()
    Path(args.db).unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)
    reuse = bool(args.base) and Path(args.base).exists()
    if reuse:
        shutil.copyfile(args.base, args.db)
    store = open_store(f"sqlite:///{args.db}")
    t = time.perf_counter()
    encoder.encode(["warm up the encoder"])
    print(f"encoder load {time.perf_counter() - t:.1f} s")
    if not reuse:
        t = time.perf_counter()
        n = generate(store, args.claims, args.per_doc, 1, "base")
        print(f"generated {n} claims in {time.perf_counter() - t:.1f} s")
        t, cpu = time.perf_counter(), time.process_time()
        s = link_new(store)
        print(f"link {n} claims: {time.perf_counter() - t:.1f} s, CPU {time.process_time() - cpu:.1f} s "
              f"({s.line()}); peak RSS {peak_mb():.0f} MB")
        if args.base:
            store.close()  # checkpoints the WAL, so the copy is whole
            shutil.copyfile(args.db, args.base)
            store = open_store(f"sqlite:///{args.db}")
    generate(store, args.more, args.per_doc, 2, "more")
    t, cpu = time.perf_counter(), time.process_time()
    s = link_new(store)
    print(f"add {args.more} claims: {time.perf_counter() - t:.1f} s, CPU {time.process_time() - cpu:.1f} s "
          f"({s.line()}); peak RSS {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
