"""Read the demo corpus's source of truth: one Markdown file per article.

Each file under ``demo/articles/`` starts with a front-matter block of ``key: value``
lines between ``---`` fences; ``claims:`` is followed by ``  - CLUSTER | short text``
lines. The body is paragraphs separated by blank lines. Writing articles as prose files
(rather than JSON strings) keeps them readable and easy to edit; the generator turns
them into every input format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = DEMO_DIR / "articles"
STORIES_PATH = DEMO_DIR / "stories.json"

FORMATS = ("txt", "html", "rss", "atom", "warc", "jsonl", "telegram")


@dataclass
class Claim:
    cluster: str
    text: str


@dataclass
class Article:
    """One demo article as written, plus where the generator should put it."""

    id: str
    format: str
    outlet: str
    published: str
    url: str
    title: str
    language: str = "en"
    authors: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    duplicate_of: str | None = None

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def plain_text(self) -> str:
        """Headline, blank line, body: the plain-text file's exact content."""
        return f"{self.title}\n\n{self.body}\n"


def parse_article(text: str, name: str = "?") -> Article:
    """Parse one front-matter Markdown file into an :class:`Article`."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{name}: missing front matter")
    end = lines.index("---", 1)
    meta: dict[str, str] = {}
    claims: list[Claim] = []
    in_claims = False
    for line in lines[1:end]:
        if in_claims and line.startswith("  - "):
            cluster, _, short = line[4:].partition("|")
            claims.append(Claim(cluster.strip(), short.strip()))
            continue
        in_claims = False
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{name}: bad front-matter line {line!r}")
        key, value = key.strip(), value.strip()
        if key == "claims":
            in_claims = True
        else:
            meta[key] = value
    body = "\n".join(lines[end + 1:]).strip("\n")
    paragraphs = [p.strip("\n") for p in body.split("\n\n") if p.strip()]
    known = {"id", "format", "outlet", "published", "url", "title", "language", "authors", "duplicate_of"}
    missing = [k for k in ("id", "format", "outlet", "published", "url") if k not in meta]
    if missing:
        raise ValueError(f"{name}: missing {', '.join(missing)}")
    if meta["format"] not in FORMATS:
        raise ValueError(f"{name}: unknown format {meta['format']!r}")
    authors = [a.strip() for a in meta.get("authors", "").split(";") if a.strip()]
    return Article(
        id=meta["id"], format=meta["format"], outlet=meta["outlet"], published=meta["published"],
        url=meta["url"], title=meta.get("title", ""), language=meta.get("language", "en"),
        authors=authors, paragraphs=paragraphs, claims=claims,
        extra={k: v for k, v in meta.items() if k not in known},
        duplicate_of=meta.get("duplicate_of") or None,
    )


def load_articles(directory: Path = ARTICLES_DIR) -> list[Article]:
    """All articles, sorted by id, with duplicates filled from their originals."""
    articles = [parse_article(p.read_text(encoding="utf-8"), p.name) for p in sorted(directory.glob("*.md"))]
    by_id = {a.id: a for a in articles}
    if len(by_id) != len(articles):
        raise ValueError("duplicate article ids in the demo sources")
    for art in articles:
        if art.duplicate_of:
            orig = by_id[art.duplicate_of]
            art.title = art.title or orig.title
            art.paragraphs = list(orig.paragraphs)
            art.claims = list(orig.claims)
    return sorted(articles, key=lambda a: a.id)


def load_stories(path: Path = STORIES_PATH) -> dict[str, dict[str, object]]:
    """The claim clusters: summary, event type, and the true independent origins."""
    data: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return data
