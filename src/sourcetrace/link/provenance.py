"""The provenance graph of one claim cluster: who cited whom, and the independent origins.

Nodes are sources (people, bodies, channels) and outlets; an edge ``a -> b`` means
``b`` cited ``a`` (the direction the claim travelled), dated by the citing document.
Edges come from attribution chains (source -> via[0] -> via[1] -> publishing outlet),
Telegram forwards, near-duplicate copies, links between ingested documents, and
outlets that name an earlier member outlet as their source. The origins are the roots:
fourteen outlets relaying one colonel's words make one origin, not fourteen.

Everything here is a pure function of :class:`Member` and :class:`DocInfo` records, so
it is tested without a store and recomputed cheaply when a cluster grows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sourcetrace.link.features import norm_name

#: Words that mark a named party as the source of what a sentence says.
CUES = re.compile(
    r"(?<!\w)(?:said|says|say|told|claim(?:s|ed)?|report(?:s|ed)?|announc(?:ed|es)|stat(?:ed|es)|"
    r"according to|citing|cited|quot(?:ed|ing)|wrote|writes|posted|published|insist(?:s|ed)|"
    r"den(?:ied|ies)|confirm(?:s|ed)|alleg(?:es|ed)|assert(?:s|ed)|maintain(?:s|ed)|"
    r"bericht\w*|meldet\w*|unter Berufung|zufolge|laut|sagte|erklärte|"
    r"сообщ\w*|заяв\w*|со ссылкой|по данным|по словам|переда\w*|повідом\w*|за даними)(?!\w)",
    re.IGNORECASE)
SOURCE_KINDS = frozenset({"person", "government", "military_unit", "organization", "outlet", "group"})
_SYNONYMS = (("defense", "defence"), ("russia s", "russian"), ("ukraine s", "ukrainian"),
             ("russias", "russian"), ("ukraines", "ukrainian"), ("ministry of defence", "defence ministry"))


@dataclass
class SourceInfo:
    """A named party a claim is attributed to."""

    name: str
    kind: str = "person"
    side: str = "unknown"
    aliases: list[str] = field(default_factory=list)  # surface forms to match instead of the name


@dataclass
class Member:
    """One claim of the cluster with what its document says of where it came from."""

    doc_id: str
    claim_id: str
    text: str
    status: str
    event_type: str = "other"
    source: SourceInfo | None = None
    via: list[SourceInfo] = field(default_factory=list)  # nearest to the source first
    signals: list[str] = field(default_factory=list)  # signal kinds of the claim and its attribution
    mentioned: list[SourceInfo] = field(default_factory=list)  # named parties of the document, for cue matching


@dataclass
class DocInfo:
    """A member claim's document: who published it, when, and what it points to."""

    id: str
    outlet: str | None
    published: str | None
    ingested: str | None = None
    url: str | None = None
    language: str = "en"
    relays: list[str] = field(default_factory=list)  # forwarded from (Telegram)
    links: list[str] = field(default_factory=list)  # URLs found in its text or metadata
    copy_of: str | None = None  # the document it near-duplicates
    text: str = ""

    @property
    def when(self) -> str:
        return self.published or self.ingested or ""

    @property
    def publisher(self) -> str:
        return self.outlet or f"document {self.id[:12]}"


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # attribution | via | forward | copy | link | cites | publishes
    date: str | None
    doc_id: str


@dataclass
class Node:
    name: str
    kind: str  # outlet | source
    side: str = "unknown"
    first_seen: str | None = None


@dataclass
class Provenance:
    nodes: dict[str, Node]
    edges: list[Edge]
    origins: list[str]
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None
    first_doc_id: str | None
    spread: list[tuple[str, int]]  # (day, documents first seen that day)

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [vars(n) for n in self.nodes.values()],
            "edges": [vars(e) for e in self.edges],
            "origins": self.origins, "outlets": self.outlets, "first_seen": self.first_seen,
            "last_seen": self.last_seen, "first_doc_id": self.first_doc_id,
            "spread": [list(s) for s in self.spread],
        }


def canonical(name: str) -> str:
    """The key two spellings of one party share ("Russia's Defense Ministry" = "Russian Defence Ministry")."""
    key = f" {norm_name(name)} "
    for a, b in _SYNONYMS:
        key = key.replace(f" {a} ", f" {b} ")
    return key.strip()


class _Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str], Edge] = {}

    def node(self, name: str, kind: str, side: str = "unknown", when: str | None = None) -> str:
        key = canonical(name) or name
        n = self.nodes.get(key)
        if n is None:
            n = self.nodes[key] = Node(name, kind, side, when)
        else:
            if kind == "outlet":
                n.kind = "outlet"
            if n.side == "unknown":
                n.side = side
            if when and (not n.first_seen or when < n.first_seen):
                n.first_seen = when
        return key

    def edge(self, a: str, b: str, kind: str, date: str | None, doc_id: str) -> None:
        if a == b:
            return
        old = self.edges.get((a, b))
        if old is None or (date and (not old.date or date < old.date)):
            self.edges[(a, b)] = Edge(a, b, kind, date, doc_id)


def _merge_aliases(g: _Graph) -> None:
    """Folds a shorter name into a longer one that contains all its words ("Defence Ministry")."""
    keys = sorted(g.nodes, key=lambda k: (-len(k.split()), k))
    target: dict[str, str] = {}
    for short in keys:
        words = set(short.split())
        if len(words) < 2:
            continue
        for long in keys:
            sides = {g.nodes[long].side, g.nodes[short].side} - {"unknown"}
            if long != short and len(long.split()) > len(words) and words <= set(long.split()) and len(sides) <= 1:
                target[short] = long
                break
    if not target:
        return

    def final(k: str) -> str:
        while k in target:
            k = target[k]
        return k

    for short in target:
        long = final(short)
        n, m = g.nodes[long], g.nodes[short]
        if m.kind == "outlet":
            n.kind = "outlet"
        if m.first_seen and (not n.first_seen or m.first_seen < n.first_seen):
            n.first_seen = m.first_seen
    edges: dict[tuple[str, str], Edge] = {}
    for e in g.edges.values():
        a, b = final(e.source), final(e.target)
        if a != b and ((a, b) not in edges or (e.date and (edges[(a, b)].date or "~") > e.date)):
            edges[(a, b)] = Edge(a, b, e.kind, e.date, e.doc_id)
    g.edges = edges
    for short in target:
        g.nodes.pop(short, None)


def cited_in_text(text: str, parties: list[SourceInfo]) -> list[SourceInfo]:
    """Named parties a sentence presents as its source, in order of mention.

    A party counts when the sentence carries a reporting cue ("said", "according to",
    "citing"...). In "CPA reported, citing KFD, which quoted Colonel M" the order of
    mention runs from the last relay to the source.
    """
    if not CUES.search(text):
        return []
    found: list[tuple[int, SourceInfo]] = []
    low = text.casefold()
    for p in parties:
        if p.kind not in SOURCE_KINDS or len(p.name) < 3:
            continue
        hits = [low.find(form.casefold()) for form in (p.aliases or [p.name])]
        hits = [h for h in hits if h >= 0]
        if hits:
            found.append((min(hits), SourceInfo(p.name, p.kind, p.side)))
    found.sort(key=lambda x: x[0])
    out: list[SourceInfo] = []
    for _, p in found:
        if all(canonical(p.name) != canonical(q.name) for q in out):
            out.append(p)
    return out


def _outlet_mentions(doc: DocInfo, pattern: re.Pattern[str] | None) -> list[str]:
    """Canonical names of member outlets this document names next to a reporting cue."""
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(doc.text):
        key = canonical(m.group(0))
        if key not in out and CUES.search(doc.text[max(0, m.start() - 120): m.end() + 120]):
            out.append(key)
    return out


def _names_pattern(names: set[str]) -> re.Pattern[str] | None:
    names = {n for n in names if len(n) >= 3}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def build_provenance(members: list[Member], docs: dict[str, DocInfo]) -> Provenance:
    """The provenance graph, origins and spread of one cluster."""
    g = _Graph()
    by_url = {d.url.split("?")[0].rstrip("/"): d for d in docs.values() if d.url}
    member_docs = sorted({m.doc_id for m in members if m.doc_id in docs}, key=lambda i: (docs[i].when, i))
    for doc_id in member_docs:
        d = docs[doc_id]
        g.node(d.publisher, "outlet", when=d.when or None)
    for m in members:
        d = docs.get(m.doc_id)
        if d is None:
            continue
        outlet = g.node(d.publisher, "outlet", when=d.when or None)
        date = d.when[:10] or None
        chain: list[SourceInfo] = []
        if m.source is not None:
            chain = [m.source, *m.via]
        else:
            cited = cited_in_text(m.text, m.mentioned)
            chain = list(reversed(cited))
        keys = [g.node(s.name, "outlet" if s.kind == "outlet" else "source", s.side, date) for s in chain]
        keys = [k for i, k in enumerate(keys) if k != outlet and k not in keys[:i]]
        path = [*keys, outlet]
        for a, b in zip(path, path[1:]):
            g.edge(a, b, "attribution" if a == path[0] and m.source is not None else "via" if m.source else "cites",
                   date, d.id)
    # document-level relations: forwards, copies, links, cited earlier outlets
    first_when: dict[str, str] = {}
    for doc_id in member_docs:
        first_when.setdefault(canonical(docs[doc_id].publisher), docs[doc_id].when)
    pattern = _names_pattern({docs[i].publisher for i in member_docs})
    for doc_id in member_docs:
        d = docs[doc_id]
        outlet = canonical(d.publisher)
        date = d.when[:10] or None
        for relay in d.relays:
            g.edge(g.node(relay, "outlet", when=date), outlet, "forward", date, d.id)
        if d.copy_of and d.copy_of in docs:
            g.edge(canonical(docs[d.copy_of].publisher), outlet, "copy", date, d.id)
        for url in d.links:
            other = by_url.get(url.split("?")[0].rstrip("/"))
            if other is not None and other.id != d.id and other.when <= d.when:
                g.edge(canonical(other.publisher), outlet, "link", date, d.id)
        for key in _outlet_mentions(d, pattern):
            if key != outlet and first_when.get(key, "~") < d.when:
                g.edge(key, outlet, "cites", date, d.id)
    _merge_aliases(g)
    _break_cycles(g)
    has_parent = {e.target for e in g.edges.values()}
    cited = {e.source for e in g.edges.values()}
    roots = [k for k in g.nodes if k not in has_parent]
    # An outlet that names no source and that nobody cites is an unattributed repeat, not
    # an origin, as long as the cluster has a named origin; alone, it is its own reporting.
    named = [k for k in roots if g.nodes[k].kind == "source" or k in cited]
    roots = named or roots
    roots.sort(key=lambda k: (g.nodes[k].first_seen or "~", k))
    outlets = sorted({docs[i].publisher for i in member_docs})
    whens = [docs[i].when for i in member_docs if docs[i].when]
    days: dict[str, int] = defaultdict(int)
    for i in member_docs:
        days[docs[i].when[:10] or "unknown"] += 1
    return Provenance(
        nodes={k: g.nodes[k] for k in sorted(g.nodes)}, edges=sorted(g.edges.values(), key=lambda e: (e.date or "", e.source, e.target)),
        origins=[g.nodes[k].name for k in roots], outlets=outlets,
        first_seen=min(whens) if whens else None, last_seen=max(whens) if whens else None,
        first_doc_id=member_docs[0] if member_docs else None, spread=sorted(days.items()),
    )


def _break_cycles(g: _Graph) -> None:
    """Drops the later-dated edge of any cycle, so every node traces back to a root."""
    while True:
        cycle = _find_cycle(g)
        if not cycle:
            return
        latest = max(cycle, key=lambda e: (e.date or "", e.source, e.target))
        g.edges.pop((latest.source, latest.target), None)


def _find_cycle(g: _Graph) -> list[Edge]:
    out: dict[str, list[Edge]] = defaultdict(list)
    for e in g.edges.values():
        out[e.source].append(e)
    state: dict[str, int] = {}
    stack: list[Edge] = []

    def visit(n: str) -> list[Edge] | None:
        state[n] = 1
        for e in out.get(n, []):
            if state.get(e.target) == 1:
                start = next((i for i, s in enumerate(stack) if s.source == e.target), len(stack))
                return [*stack[start:], e]
            if e.target not in state:
                stack.append(e)
                found = visit(e.target)
                if found:
                    return found
                stack.pop()
        state[n] = 2
        return None

    for n in sorted(g.nodes):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return []
