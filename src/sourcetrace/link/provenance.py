"""The provenance graph of one claim cluster: who cited whom, and the independent origins.

Nodes are sources (people, bodies, channels) and outlets; an edge ``a -> b`` means
``b`` cited ``a`` (the direction the claim travelled), dated by the citing document.
Edges come from attribution chains (source -> via[0] -> via[1] -> publishing outlet),
Telegram forwards, sightings (the same text reposted or forwarded by another outlet),
near-duplicate copies, links between ingested documents, and outlets that name an
earlier member outlet or a named party next to a reporting cue ("citing", "laut",
"со ссылкой на").

Counting origins. An origin is a root of the graph drawn by the members that assert
or confirm the claim: fourteen outlets relaying one colonel's words make one origin.
Members that deny or doubt it (their status, or a denial/doubt signal) are drawn but
never make an origin: a ministry denying a surrender is part of the claim's life, not
a source of it. An outlet that names no source and that nothing ties to another
member counts as an origin (its own reporting) only when the cluster has no named
origin; otherwise it is an unattributed repeat of what was already circulating.

Everything here is a pure function of :class:`Member` and :class:`DocInfo` records, so
it is tested without a store and recomputed cheaply when a cluster grows.
"""

from __future__ import annotations

import itertools
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
class Sighting:
    """The document's text seen again from another outlet (a repost, a Telegram forward)."""

    outlet: str | None
    published: str | None = None
    url: str | None = None
    relays: list[str] = field(default_factory=list)


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
    sightings: list[Sighting] = field(default_factory=list)  # the same text from other outlets

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
    kind: str  # attribution | via | forward | repost | copy | link | cites
    date: str | None
    doc_id: str
    asserts: bool = True  # drawn by a member that asserts the claim (not one denying it)


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

    def edge(self, a: str, b: str, kind: str, date: str | None, doc_id: str, asserts: bool = True) -> None:
        if a == b:
            return
        old = self.edges.get((a, b))
        if old is None or (date and (not old.date or date < old.date)):
            self.edges[(a, b)] = Edge(a, b, kind, date, doc_id, asserts or bool(old and old.asserts))
        elif asserts:
            old.asserts = True


def _merge_aliases(g: _Graph) -> None:
    """Folds names into a longer one that contains all their words ("Defence Ministry" into
    "Russian Defence Ministry"); two descriptions around one name ("Sevastopol's governor,
    Anatoly Dronov" and "the Russian-installed governor ... Anatoly Dronov") become one party;
    a single word folds into the only name it ends ("Hrytsenko", "Oleh Hrytsenko"). Never
    across sides."""
    keys = sorted(g.nodes, key=lambda k: (-len(k.split()), k))
    words_of = {k: set(k.split()) for k in keys}
    having: dict[str, list[str]] = defaultdict(list)
    for k in keys:
        for w in words_of[k]:
            having[w].append(k)
    target: dict[str, str] = {}

    def final(k: str) -> str:
        while k in target:
            k = target[k]
        return k

    for short in keys:
        words = words_of[short]
        rarest = min(words, key=lambda w: len(having[w]))
        longs = [long for long in having[rarest]
                 if long != short and len(words_of[long]) > len(words) and words <= words_of[long]
                 and len({g.nodes[long].side, g.nodes[short].side} - {"unknown"}) <= 1]
        if len(words) < 2:
            # one word ("Hrytsenko", "police") folds only into the one name it ends
            longs = [long for long in longs if long.split()[-1] == short]
            if len(longs) != 1:
                continue
        if not longs:
            continue
        head = final(longs[0])
        if head != short:
            target[short] = head
        for other in longs[1:]:
            if other not in target and final(head) != other and other != head \
                    and len({g.nodes[other].side, g.nodes[head].side} - {"unknown"}) <= 1:
                target[other] = head
    if not target:
        return

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
        if a == b:
            continue
        prev = edges.get((a, b))
        if prev is None or (e.date and (prev.date or "~") > e.date):
            edges[(a, b)] = Edge(a, b, e.kind, e.date, e.doc_id, e.asserts or bool(prev and prev.asserts))
        elif e.asserts:
            prev.asserts = True
    g.edges = edges
    for short in target:
        g.nodes.pop(short, None)


#: How far (in characters) a party's mention may sit from a reporting cue to be its source.
CUE_REACH = 40
#: Words the attribution extractor sometimes returns as a source that name no party.
NOT_PARTIES = frozenset({"who", "which", "that", "it", "they", "he", "she", "we", "i", "you", "all", "this", "these",
                         "those", "some", "others", "one", "one of them", "both", "each", "everyone", "nobody"})


def is_party(name: str) -> bool:
    """Whether a source name can name a party at all (not punctuation or a pronoun)."""
    return any(ch.isalpha() for ch in name) and name.strip().casefold() not in NOT_PARTIES


def cited_in_text(text: str, parties: list[SourceInfo]) -> list[SourceInfo]:
    """Named parties a sentence presents as its source, in order of mention.

    A party counts when a reporting cue ("said", "according to", "citing", "laut",
    "со ссылкой на"...) stands within ``CUE_REACH`` characters of its mention: a name
    elsewhere in the sentence is what the claim is about, not who says it. In "CPA
    reported, citing KFD, which quoted Colonel M" the order of mention runs from the
    last relay to the source.
    """
    cues = [(m.start(), m.end()) for m in CUES.finditer(text)]
    if not cues:
        return []
    found: list[tuple[int, SourceInfo]] = []
    low = text.casefold()
    for p in parties:
        if p.kind not in SOURCE_KINDS or len(p.name) < 3 or not is_party(p.name):
            continue
        hits = []
        for form in (p.aliases or [p.name]):
            f = form.casefold()
            at = low.find(f)
            while at >= 0:
                end = at + len(f)
                if any(cs - CUE_REACH <= end and ce + CUE_REACH >= at for cs, ce in cues):
                    hits.append(at)
                    break
                at = low.find(f, at + 1)
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


#: Member statuses and signals that take a stance against the claim.
_AGAINST_STATUS = frozenset({"denied", "disputed"})
_AGAINST_SIGNALS = frozenset({"denial", "doubt"})


def asserts(m: Member) -> bool:
    """Whether a member puts the claim forward (or confirms it) rather than denying or doubting it."""
    return m.status not in _AGAINST_STATUS and not (_AGAINST_SIGNALS & set(m.signals))


def build_provenance(members: list[Member], docs: dict[str, DocInfo],
                     core: set[tuple[str, str]] | None = None) -> Provenance:
    """The provenance graph, origins and spread of one cluster.

    Args:
        members: The cluster's claims.
        docs: Their documents (others are ignored: a link to a document outside the
            cluster is not provenance of this claim).
        core: Keys (doc id, claim id) of the members that state the claim itself; only
            they can make origins (all members when None). Others are drawn all the same.
    """
    g = _Graph()
    member_docs = sorted({m.doc_id for m in members if m.doc_id in docs}, key=lambda i: (docs[i].when, i))
    mdocs = {i: docs[i] for i in member_docs}
    by_url = {d.url.split("?")[0].rstrip("/"): d for d in mdocs.values() if d.url}
    for doc_id in member_docs:
        d = docs[doc_id]
        g.node(d.publisher, "outlet", when=d.when or None)
    asserting_docs: set[str] = set()
    for m in members:
        if m.doc_id not in mdocs:
            continue
        d = mdocs[m.doc_id]
        pro = asserts(m) and (core is None or (m.doc_id, m.claim_id) in core)
        if pro:
            asserting_docs.add(d.id)
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
        for a, b in itertools.pairwise(path):
            g.edge(a, b, "attribution" if a == path[0] and m.source is not None else "via" if m.source else "cites",
                   date, d.id, pro)
    # document-level relations: forwards, sightings, copies, links, cited earlier outlets
    first_when: dict[str, str] = {}
    for doc_id in member_docs:
        first_when.setdefault(canonical(docs[doc_id].publisher), docs[doc_id].when)
    publishers = {docs[i].publisher for i in member_docs}
    pattern = _names_pattern(publishers) if len(publishers) > 1 else None
    extra_outlets: set[str] = set()
    for doc_id in member_docs:
        d = docs[doc_id]
        pro = doc_id in asserting_docs
        outlet = canonical(d.publisher)
        date = d.when[:10] or None
        for relay in d.relays:
            g.edge(g.node(relay, "outlet", when=date), outlet, "forward", date, d.id, pro)
        for s in d.sightings:
            if not s.outlet:
                continue
            when = (s.published or "")[:10] or None
            seen = g.node(s.outlet, "outlet", when=s.published or None)
            previous = outlet
            for relay in s.relays:  # a forward of a forward: the chain runs through each relay
                r = g.node(relay, "outlet", when=when)
                g.edge(previous, r, "repost", when, d.id, pro)
                previous = r
            g.edge(previous, seen, "repost", when, d.id, pro)
            extra_outlets.add(s.outlet)
        if d.copy_of and d.copy_of in mdocs:
            g.edge(canonical(docs[d.copy_of].publisher), outlet, "copy", date, d.id, pro)
        for url in d.links:
            other = by_url.get(url.split("?")[0].rstrip("/"))
            if other is not None and other.id != d.id and other.when <= d.when:
                g.edge(canonical(other.publisher), outlet, "link", date, d.id, pro)
        for key in _outlet_mentions(d, pattern):
            if key != outlet and first_when.get(key, "~") < d.when:
                g.edge(key, outlet, "cites", date, d.id, pro)
    _merge_aliases(g)
    _break_cycles(g)
    # a cluster of nothing but denials still has a provenance: count it as drawn
    roots = _origins(g, {canonical(docs[i].publisher) for i in asserting_docs or member_docs},
                     every_edge=not asserting_docs)
    roots.sort(key=lambda k: (g.nodes[k].first_seen or "~", k))
    outlets = sorted(publishers | extra_outlets)
    whens = [docs[i].when for i in member_docs if docs[i].when]
    days: dict[str, int] = defaultdict(int)
    for i in member_docs:
        days[docs[i].when[:10] or "unknown"] += 1
    return Provenance(
        nodes={k: g.nodes[k] for k in sorted(g.nodes)},
        edges=sorted(g.edges.values(), key=lambda e: (e.date or "", e.source, e.target)),
        origins=[g.nodes[k].name for k in roots], outlets=outlets,
        first_seen=min(whens) if whens else None, last_seen=max(whens) if whens else None,
        first_doc_id=member_docs[0] if member_docs else None, spread=sorted(days.items()),
    )


def _origins(g: _Graph, asserting_outlets: set[str], every_edge: bool = False) -> list[str]:
    """Roots of the graph the asserting members drew (see the module docstring)."""
    edges = [e for e in g.edges.values() if e.asserts or every_edge]
    has_parent = {e.target for e in edges}
    cited = {e.source for e in edges}
    drawn = cited | has_parent | {k for k in asserting_outlets if k in g.nodes}
    roots = [k for k in sorted(drawn) if k not in has_parent]
    # An outlet that names no source and that nobody cites is an unattributed repeat, not
    # an origin, as long as the cluster has a named origin; alone, it is its own reporting.
    named = [k for k in roots if g.nodes[k].kind == "source" or k in cited]
    return named or roots


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
