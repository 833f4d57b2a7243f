"""Evaluating claim linking on a labelled corpus (the demo's ``linking_labels.json``).

The labels say, per article, which stories (gold clusters) it carries, each with a
short statement of how that article puts it, and per story how many independent
origins it has. Each (article, story) pair is one item; its predicted cluster is the
cluster of the article's claim closest in meaning to that statement. The matching is
one-to-one within an article: two stories an article carries (a claim and the other
side's counter-claim) are two claims, so they never share one extracted claim; when
the extractor found fewer claims than stories, the leftover items match the next
closest claims (a miss shows as a linking error, it is not hidden). ``weak_matches``
counts items whose matched claim is far from the statement (extraction coverage, not
linking). Clusters are scored with pairwise precision/recall/F1 and B-cubed over
these items, cross-language pairs are counted apart, and a story's origin count is
exact when the cluster holding most of its items has exactly the labelled number and
is that story's cluster: a cluster stands for the story with most items in it, so a
counter-claim merged into the claim it answers is not credited with the claim's origins.
Origins are compared by count; their names are reported (``origin_sources``) and
matched loosely against the labels' descriptive ``origin_names`` (``names_matched``,
``origin_names_recall``) as a reading aid.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sourcetrace.store import schema
from sourcetrace.store.db import Store, open_store


def _paths(data_dir: Path) -> tuple[Path, Path]:
    labels = data_dir / "linking_labels.json"
    corpus = data_dir / "corpus" if (data_dir / "corpus").is_dir() else data_dir
    return labels, corpus


def _doc_index(store: Store) -> dict[str, Any]:
    """Ways to find a stored document from a label: demo id, url, Telegram file and message."""
    d = schema.documents
    by_key: dict[str, str] = {}
    lang: dict[str, str] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(select(d.c.id, d.c.url, d.c.meta, d.c.origin, d.c.language)):
            meta = r.meta or {}
            lang[r.id] = r.language
            for k in ("demo_id", "guid"):
                if meta.get(k):
                    by_key[f"id:{meta[k]}"] = r.id
            if r.url:
                by_key[f"url:{r.url}"] = r.id
            if "#" in r.origin and "telegram" in r.origin:
                path, _, message = r.origin.rpartition("#")
                by_key[f"tg:{Path(path).parent.name}/{message}"] = r.id
    return {"by_key": by_key, "lang": lang}


def _find(article: dict[str, Any], index: dict[str, str]) -> str | None:
    if article.get("message_id") is not None:
        found = index.get(f"tg:{Path(article['file']).parent.name}/{article['message_id']}")
        if found:
            return found
    return index.get(f"id:{article['demo_id']}") or index.get(f"url:{article.get('url')}")


def _items(store: Store, labels: dict[str, Any]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(doc id, story, statement) per labelled pair; and the articles no document matched."""
    index = _doc_index(store)["by_key"]
    articles = {a["demo_id"]: a for a in labels["articles"]}
    items: dict[tuple[str, str], str] = {}
    missing = []
    for a in labels["articles"]:
        doc = _find(a, index)
        if doc is None and a.get("duplicate_of") in articles:
            doc = _find(articles[a["duplicate_of"]], index)
        for other in labels["articles"]:  # an exact repeat stored first holds the original's text
            if doc is None and other.get("duplicate_of") == a["demo_id"]:
                doc = _find(other, index)
        if doc is None:
            missing.append(a["demo_id"])
            continue
        for claim in a["claims"]:
            items.setdefault((doc, claim["cluster"]), claim["text"])
    return [(doc, story, text) for (doc, story), text in sorted(items.items())], missing


#: Cosine below which an item's matched claim hardly says the labelled statement.
WEAK_MATCH = 0.35


def _predict(store: Store, items: list[tuple[str, str, str]]) -> tuple[list[int | None], int]:
    """The cluster of each item's matched claim, and how many matches are weak.

    Within a document, (item, claim) pairs are taken greedily by decreasing cosine, each
    claim serving one item; items left without a claim get their closest claim.
    """
    import numpy as np

    from sourcetrace.link import encoder

    cc, v = schema.cluster_claims, schema.claim_vectors
    claims_of: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    with store.engine.connect() as conn:
        rows = conn.execute(select(cc.c.doc_id, cc.c.claim_id, cc.c.cluster_id, v.c.vector)
                            .join(v, (v.c.doc_id == cc.c.doc_id) & (v.c.claim_id == cc.c.claim_id))
                            .order_by(cc.c.doc_id, cc.c.claim_id))
        for r in rows:
            claims_of[r.doc_id].append((r.cluster_id, encoder.from_bytes(r.vector)))
    gold_vectors = encoder.encode([text for _, _, text in items])
    out: list[int | None] = [None] * len(items)
    weak = 0
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, (doc, _, _) in enumerate(items):
        by_doc[doc].append(i)
    for doc, idx in by_doc.items():
        cands = claims_of.get(doc, [])
        if not cands:
            continue
        sims = np.array([[float(vec @ gold_vectors[i]) for _, vec in cands] for i in idx])
        taken: set[int] = set()
        best: dict[int, float] = {}
        for flat in np.argsort(-sims, axis=None, kind="stable"):
            row, col = divmod(int(flat), len(cands))
            if idx[row] in best or col in taken:
                continue
            best[idx[row]] = float(sims[row, col])
            out[idx[row]] = cands[col][0]
            taken.add(col)
        for row, i in enumerate(idx):
            if i not in best:
                best[i] = float(sims[row].max())
                out[i] = cands[int(sims[row].argmax())][0]
        weak += sum(1 for i in idx if best[i] < WEAK_MATCH)
    return out, weak


def _pairwise(gold: list[str], pred: list[Any]) -> dict[str, float]:
    tp = same_gold = same_pred = 0
    for i, j in combinations(range(len(gold)), 2):
        g, p = gold[i] == gold[j], pred[i] is not None and pred[i] == pred[j]
        tp += g and p
        same_gold += g
        same_pred += p
    precision = tp / same_pred if same_pred else 1.0
    recall = tp / same_gold if same_gold else 1.0
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def _bcubed(gold: list[str], pred: list[Any]) -> dict[str, float]:
    n = len(gold)
    pred = [p if p is not None else f"none-{i}" for i, p in enumerate(pred)]
    ps, rs = [], []
    for i in range(n):
        same_pred = [j for j in range(n) if pred[j] == pred[i]]
        same_gold = [j for j in range(n) if gold[j] == gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        ps.append(both / len(same_pred))
        rs.append(both / len(same_gold))
    precision, recall = sum(ps) / n, sum(rs) / n
    return {"precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0}


def _owners(gold: list[str], pred: list[Any]) -> dict[Any, str]:
    """The story each predicted cluster stands for: the one with most items in it (ties to
    the story with fewer items in all, whose cluster it more likely is, then by name)."""
    size = Counter(gold)
    inside: dict[Any, Counter[str]] = defaultdict(Counter)
    for g, p in zip(gold, pred, strict=True):
        if p is not None:
            inside[p][g] += 1
    return {cid: min(counts, key=lambda st: (-counts[st], size[st], st)) for cid, counts in inside.items()}


_NAME_STOPWORDS = frozenset({"the", "of", "by", "s", "in", "a", "an"})


def _stems(name: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[^\W_]+", name.casefold()) if w not in _NAME_STOPWORDS}


def names_matched(found: list[str], labelled: list[str]) -> int:
    """How many labelled origins a found origin names: every word of the found name (cut
    to five letters, "Ukraine's" meets "Ukrainian") is in the labelled description."""
    left = [_stems(name) for name in labelled]
    hits = 0
    for name in found:
        words = _stems(name)
        match = next((i for i, label in enumerate(left) if words and words <= label), None)
        if match is not None:
            hits += 1
            left.pop(match)
    return hits


def score(store: Store, labels: dict[str, Any]) -> dict[str, Any]:
    """Compares the linked ``store`` with ``labels``."""
    items, missing = _items(store, labels)
    pred, weak = _predict(store, items)
    gold = [story for _, story, _ in items]
    lang = _doc_index(store)["lang"]
    cross = [(i, j) for i, j in combinations(range(len(items)), 2)
             if gold[i] == gold[j] and lang.get(items[i][0]) != lang.get(items[j][0])]
    cross_hit = sum(1 for i, j in cross if pred[i] is not None and pred[i] == pred[j])
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.clusters.c.id, schema.clusters.c.origins,
                                   schema.clusters.c.origin_sources, schema.clusters.c.status)).all()
        origins = {r.id: (r.origins, list(r.origin_sources or [])) for r in rows}
        status_of = {r.id: r.status for r in rows}
    owner = _owners(gold, pred)
    stories = []
    for story, info in labels["clusters"].items():
        members = [p for g, p in zip(gold, pred, strict=True) if g == story]
        cluster = Counter(p for p in members if p is not None).most_common(1)
        cid = cluster[0][0] if cluster else None
        # a cluster is one story's: the other stories whose items sit in it found no
        # cluster of their own, so they have no origin count to be exact about
        got, names = origins.get(cid, (None, [])) if cid is not None and owner.get(cid) == story else (None, [])
        stories.append({"story": story, "items": len(members), "cluster": cid,
                        "in_cluster": cluster[0][1] if cluster else 0,
                        "origins_true": info["origins"], "origins_found": got, "origin_sources": names,
                        "exact": got == info["origins"],
                        "names_matched": names_matched(names, info.get("origin_names", [])),
                        "status_true": info.get("final_status"), "status": status_of.get(cid)})
    return {
        "items": len(items), "stories": len(labels["clusters"]), "unmatched_articles": missing,
        "weak_matches": weak,
        "pairwise": _pairwise(gold, pred), "bcubed": _bcubed(gold, pred),
        "cross_language_pairs": len(cross),
        "cross_language_recall": cross_hit / len(cross) if cross else None,
        "origins_exact": sum(s["exact"] for s in stories) / len(stories) if stories else 0.0,
        # the cluster's summary status against the story's final status (not a target)
        "status_agreement": sum(s["status"] == s["status_true"] for s in stories) / len(stories) if stories else 0.0,
        # names are a reading aid, not the target: the share of labelled origins named
        "origin_names_recall": (sum(s["names_matched"] for s in stories)
                                / max(1, sum(len(i.get("origin_names", [])) for i in labels["clusters"].values()))),
        "per_story": stories,
    }


def evaluate_linking(data_dir: str | Path | None = None, db_url: str | None = None) -> dict[str, Any]:
    """Ingests a labelled corpus into a fresh store, links it and scores it against its labels.

    Args:
        data_dir: A folder with ``linking_labels.json`` and the corpus (in ``corpus/`` or
            beside it); None for the bundled demo corpus.
        db_url: Use this store instead of a temporary one (ingest skips what it already holds).
    """
    from sourcetrace.ingest.batch import ingest
    from sourcetrace.link.linker import link_new

    if data_dir is None:
        import sourcetrace.demo

        data_dir = Path(sourcetrace.demo.__file__).parent
    labels_path, corpus = _paths(Path(data_dir))
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(db_url or f"sqlite:///{Path(tmp) / 'eval.db'}")
        try:
            ingest(store, [str(corpus)])
            link_new(store)
            return score(store, labels)
        finally:
            store.close()
