"""Generate the demo corpus in every input format, and its linking labels.

Usage::

    python -m sourcetrace.demo.build_corpus            # writes demo/corpus/ and demo/linking_labels.json
    python -m sourcetrace.demo.build_corpus --out DIR  # writes DIR/corpus/ and DIR/linking_labels.json

The source of truth is ``demo/articles/*.md`` (one article each) and ``demo/stories.json``
(the claim clusters and their true independent origins). Output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path
from typing import Any

from sourcetrace.demo.articles import DEMO_DIR, Article, load_articles, load_stories
from sourcetrace.demo.broken import GOOD_LINES, write_broken
from sourcetrace.demo.telegram import write_telegram
from sourcetrace.demo.writers import (
    write_feeds,
    write_html,
    write_jsonl,
    write_text,
    write_warcs,
)

LABELS_SCHEMA = "sourcetrace/demo-labels/v1"


def locate(art: Article) -> dict[str, Any]:
    """Where an article lands in the corpus, and the key that names it there."""
    x = art.extra
    if art.format == "txt":
        return {"file": f"text/{x.get('file', art.id)}.txt", "key": "metadata.json demo_id"}
    if art.format == "html":
        return {"file": f"html/{art.id}.html", "key": 'meta name="sourcetrace:demo-id"'}
    if art.format in ("rss", "atom"):
        return {"file": f"feeds/{x['feed']}.xml", "key": "guid" if art.format == "rss" else "id"}
    if art.format == "warc":
        return {"file": f"warc/{x['warc']}.warc.gz", "key": "WARC-Sourcetrace-Demo-Id and page meta"}
    if art.format == "jsonl":
        return {"file": f"jsonl/{x['jsonl']}.jsonl", "key": "demo_id"}
    return {"file": f"telegram/{x['channel']}/result.json", "key": "message id",
            "message_id": int(x["message_id"])}


def labels(articles: list[Article], stories: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ground truth for clustering (claims per article) and origin counting."""
    unknown = sorted({c.cluster for a in articles for c in a.claims} - set(stories))
    if unknown:
        raise ValueError(f"claims name clusters missing from stories.json: {unknown}")
    members: dict[str, list[str]] = {k: [] for k in stories}
    for art in articles:
        for cl in art.claims:
            if art.id not in members[cl.cluster]:
                members[cl.cluster].append(art.id)
    clusters = {}
    for key, story in stories.items():
        entry = dict(story)
        entry["origins"] = len(story["origin_names"])
        entry["articles"] = members[key]
        clusters[key] = entry
    rows = []
    for art in articles:
        rows.append({"demo_id": art.id, "format": art.format, **locate(art), "url": art.url,
                     "outlet": art.outlet, "published": art.published, "language": art.language,
                     "title": art.title, "duplicate_of": art.duplicate_of,
                     "claims": [{"cluster": c.cluster, "text": c.text} for c in art.claims]})
    broken_rows = [{"demo_id": g["demo_id"], "format": "jsonl", "file": "broken/one-bad-line.jsonl",
                    "url": g["url"], "claims": []} for g in GOOD_LINES]
    return {"schema": LABELS_SCHEMA,
            "note": "Join documents to labels by url (unique per article; Telegram posts by file "
                    "and message_id, since exports carry no post URL) or by demo_id. Articles with "
                    "duplicate_of repeat another article's text exactly. Cluster 'articles' lists "
                    "duplicates too.",
            "clusters": clusters, "articles": rows, "broken_but_readable": broken_rows}


def build(out_dir: Path, labels_path: Path | None = None) -> None:
    """Write ``out_dir`` (the corpus) and the labels file, replacing what was there."""
    articles = load_articles()
    stories = load_stories()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    write_text(articles, out_dir)
    write_html(articles, out_dir)
    write_feeds(articles, out_dir)
    write_warcs(articles, out_dir)
    write_jsonl(articles, out_dir)
    write_telegram(articles, out_dir)
    write_broken(articles, out_dir)
    target = labels_path or out_dir.parent / "linking_labels.json"
    target.write_text(json.dumps(labels(articles, stories), ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, help="folder to hold corpus/ and linking_labels.json")
    args = parser.parse_args(argv)
    base = args.out if args.out else DEMO_DIR
    build(base / "corpus", base / "linking_labels.json")


if __name__ == "__main__":
    main()
