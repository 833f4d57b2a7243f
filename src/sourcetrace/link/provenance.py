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
The rule, applied the same way to every cluster:

1. Who speaks. A member's chain (source, via..., outlet) comes from its attribution,
   else from parties its sentence names next to a reporting cue. An attribution whose cue
   is no act of saying, publishing or checking ("Fog grounds the drones") names the
   claim's subject, not its speaker: the sentence is read instead (``speech_cue``). A published thing
   ("the drone video", "the Defence Ministry's briefing") is its owner when the name
   says so, else whoever the chain says posted it. An unnamed voice ("a source in the
   command", "officials in the region") can be matched to nothing in another report:
   the outlet (or relay) quoting it speaks for it, and is a root when nothing ties it
   to an earlier member (an outlet that also relays a named origin of the cluster, in
   any of its sentences, is that origin's relay: its unnamed voices add no origin). An unnamed voice of one side ("a Ukrainian
   army spokesman", "Russia's governor in Sevastopol") is that side's voice (rule 3).
2. Who asserts. Members that deny or doubt the claim (status, or a denial or doubt
   signal, or a sentence calling the claim's evidence forged: ``FORGED``) or whose speaker
   only comments on it (an ``unverified`` signal on the attribution) are drawn but make
   no origin. So do members whose sentence opens by
   saying none of the claim's things happened ("No Patriot launcher was hit", sharing
   content words with what the others assert; ``contradicts``), and every member of a
   speaker who says so anywhere in the cluster: that speaker is the claim's
   contradictor whatever side extraction gave it, and its other sentences there are its
   own version ("air defences shot the missile down"), and, within one report, the other
   members of a speaker whose own words there deny or doubt it ("rejecting the claim",
   then "our forces remain in control"). Nor do members whose report says
   the speaker left the claim's thing out ("... but did not mention Sevastopol"), or that
   share no content word with what other documents in their language say of the claim
   (a report's background: "NATO brigades would reach Melitopol" beside "troops took
   Robotyne"; a member with no other document in its language is kept). When someone
   contests the claim, its claimant is the side opposed to the one that denies it (unless
   the denier's own side asserts more of the cluster: it then answers the other side's
   version mixed in), else the side that first put it forward; voices of the opposing
   side in the cluster deny or counter it and make no origin either. An uncontested
   claim (an exchange of prisoners both sides announce) may have origins on both sides.
3. Who is the same party. Spellings and partial names fold into the fullest name
   ("Defence Ministry" into "Russian Defence Ministry"); an appositive is the party it
   names ("Rabotino, Defence Ministry"); a body folds into the named person who is its
   spokesman ("Yurii Bondar, spokesman for the Ukrainian Navy"); a reference to a state as a whole ("Moscow",
   "Russia", "Ukrainian forces") or an unnamed voice of one side is the earliest named
   voice of that side in the cluster (with none, the unnamed voice is its quoter's).
   A named party with no side takes the side the cluster's documents give that name, or
   every fuller name containing it ("Defence Ministry" where another report names only
   the "Russian Defence Ministry"), read from all members, so growth order does not matter.
4. Who cited whom. Besides the chains: Telegram forwards, sightings, near-duplicate
   copies, links between member documents, a member outlet named next to a reporting
   cue by a later one, and parties a report links by a citing word ("Melnychuk cited a
   video posted by Left Bank Recon", "unter Berufung auf", "со ссылкой на"); names are
   read in the paragraphs that hold the cluster's claims, so a round-up's other stories
   lend this one no sources. Such a citation holds whoever reports it: a report that
   doubts the claim still makes the party it says cited another that party's relay.
5. Roots. The roots of the asserting graph are the origins. An outlet that names no
   source, speaks for no unnamed voice and that nothing ties to an earlier member counts
   as an origin (its own reporting) only when the cluster has no other origin;
   otherwise it is an unattributed repeat of what was already circulating.

Everything here is a pure function of :class:`Member` and :class:`DocInfo` records, so
it is tested without a store and recomputed cheaply when a cluster grows.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sourcetrace.link.features import norm_name
from sourcetrace.link.lexical import terms
from sourcetrace.link.speech import speech_cue

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
    description: str | None = None  # the apposition or title the text gives ("spokesman for the Navy")


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
    source_signals: list[str] = field(default_factory=list)  # of the attribution alone: the speaker's own act
    mentioned: list[SourceInfo] = field(default_factory=list)  # named parties of the document, for cue matching
    cue: str | None = None  # the attribution's cue ("said", "according to"); None when unknown


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


@lru_cache(maxsize=65536)
def canonical(name: str) -> str:
    """The key two spellings of one party share ("Russia's Defense Ministry" = "Russian Defence Ministry").

    Cached: a large cluster names the same few parties thousands of times."""
    key = f" {norm_name(name)} "
    for a, b in _SYNONYMS:
        key = key.replace(f" {a} ", f" {b} ")
    return key.strip()


class _Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str], Edge] = {}
        self.sourced: set[str] = set()  # nodes that speak for unnamed voices of their own
        self.generic: set[str] = set()  # unnamed voices of one side, to fold like "Moscow"
        self.speaks_for: dict[str, str] = {}  # a body -> the named person who is its spokesman

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
            # one word ("Hrytsenko", "police") folds only into the one party it ends: one
            # name, or names nested in the longest ("cyber police", "Ukrainian cyber police")
            longs = [long for long in longs if long.split()[-1] == short]
            if not longs or any(not words_of[long] <= words_of[longs[0]] for long in longs[1:]):
                continue
            longs = longs[:1]
        if not longs:
            continue
        head = final(longs[0])
        if head != short:
            target[short] = head
        for other in longs[1:]:
            if other not in target and final(head) != other and other != head \
                    and len({g.nodes[other].side, g.nodes[head].side} - {"unknown"}) <= 1:
                target[other] = head
    _remap(g, {k: final(k) for k in target})


def _remap(g: _Graph, target: dict[str, str]) -> None:
    """Folds each node of ``target`` into the node it maps to, redrawing the edges."""
    target = {a: b for a, b in target.items() if a != b and a in g.nodes and b in g.nodes}
    if not target:
        return

    def final(k: str) -> str:
        seen = set()
        while k in target and k not in seen:
            seen.add(k)
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
    g.sourced = {final(k) for k in g.sourced}
    g.generic = {final(k) for k in g.generic} & set(g.nodes)


#: How far (in characters) a party's mention may sit from a reporting cue to be its source.
CUE_REACH = 40
#: Words the attribution extractor sometimes returns as a source that name no party.
NOT_PARTIES = frozenset({"who", "which", "that", "it", "they", "he", "she", "we", "i", "you", "all", "this", "these",
                         "those", "some", "others", "one", "one of them", "both", "each", "everyone", "nobody"})


#: A news dateline ("KYIV, Jan 7 (CPA) -") the attribution extractor sometimes returns as
#: the source of an agency report's first sentence: the agency speaks, not a party.
DATELINE = re.compile(
    r"(?<!\w)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\s*\([^)]+\)\s*[-\u2013\u2014]*\s*$",
    re.IGNORECASE)


def is_party(name: str) -> bool:
    """Whether a source name can name a party at all (not punctuation, a pronoun or a dateline)."""
    name = name.strip()
    return any(ch.isalpha() for ch in name) and name.casefold() not in NOT_PARTIES \
        and not name.casefold().startswith(("http://", "https://", "www.")) and not DATELINE.search(name)


def cited_in_text(text: str, parties: list[SourceInfo]) -> list[SourceInfo]:
    """Named parties a sentence presents as its source, in order of mention.

    A party counts when a reporting cue ("said", "according to", "citing", "laut",
    "со ссылкой на"...) stands within ``CUE_REACH`` characters of its mention: a name
    elsewhere in the sentence is what the claim is about, not who says it. In "CPA
    reported, citing KFD, which quoted Colonel M" the order of mention runs from the
    last relay to the source.
    """
    found: list[tuple[int, SourceInfo]] = []
    low = text.casefold()
    cues: list[tuple[int, int]] | None = None  # read once a party is named: most sentences name none
    for p in parties:
        forms = [f for f in (form.casefold() for form in (p.aliases or [p.name])) if f in low]
        if not forms or p.kind not in SOURCE_KINDS or len(p.name) < 3 or not is_party(p.name):
            continue
        if cues is None:
            cues = [(m.start(), m.end()) for m in CUES.finditer(text)]
        if not cues:
            return []
        hits = []
        for f in forms:
            for hit in re.finditer(rf"(?<!\w){re.escape(f)}(?!\w)", low):  # "POW" is not in "POWs"
                at, end = hit.span()
                if any(cs - CUE_REACH <= end and ce + CUE_REACH >= at for cs, ce in cues):
                    hits.append(at)
                    break
        if hits:
            found.append((min(hits), SourceInfo(p.name, p.kind, p.side)))
    found.sort(key=lambda x: x[0])
    out: list[SourceInfo] = []
    for _, p in found:
        if all(canonical(p.name) != canonical(q.name) for q in out):
            out.append(p)
    return out


def _outlet_mentions(text: str, pattern: re.Pattern[str] | None) -> list[str]:
    """Canonical names of member outlets a document's text names next to a reporting cue."""
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        key = canonical(m.group(0))
        if key not in out and CUES.search(text[max(0, m.start() - 120): m.end() + 120]):
            out.append(key)
    return out


def _local_text(text: str, claims: list[str]) -> str:
    """The paragraphs of a document that hold the cluster's claims, where they can be found:
    a weekly round-up that traces the Krynky video to Left Bank Recon in one section does
    not make that channel a source of the Sevastopol story in the next."""
    keys = [" ".join(words[1:7]) for c in claims if len(words := c.rstrip(".").split()) >= 5]
    if not text or not keys:
        return text
    lines = [line for line in text.splitlines() if line.strip()]
    kept = [line for line in lines if any(k in " ".join(line.split()) for k in keys)]
    return "\n".join(kept) if kept else text


def _party_forms(g: _Graph) -> dict[str, str]:
    """{surface form (case-folded): node key} for the graph's parties: each name, and the
    surname of a person named in full when no other party shares it ("Melnychuk")."""
    forms: dict[str, str] = {}
    last: dict[str, list[str]] = defaultdict(list)
    for key, n in g.nodes.items():
        name = n.name.strip().rstrip(",")
        if is_state_reference(name):  # "the exiled Russian outlet": a word of description
            continue
        if len(name) >= 3 and is_party(name):
            forms[name.casefold()] = key
        words = name.split()
        if n.kind == "source" and 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            tail = words[-1].casefold()
            if len(tail) >= 5 and tail not in _ORG_WORDS:
                last[tail].append(key)
    for tail, keys in last.items():
        if len(keys) == 1:
            forms.setdefault(tail, keys[0])
    return forms


def _party_citations(text: str, g: _Graph,
                     names: tuple[dict[str, str], re.Pattern[str] | None] | None = None) -> list[tuple[str, str]]:
    """(cited, citer) pairs of parties the text links by a citing word: "CPA reported,
    citing KFD, which quoted Colonel M, who cited a video posted by LBR" gives
    (KFD, CPA), (Colonel M, KFD) and (LBR, Colonel M). ``names`` is the graph's
    (forms, pattern), computed once per graph by the caller."""
    if not text or not PARTY_CITES.search(text):
        return []
    forms, pattern = names if names is not None else _party_names(g)
    if pattern is None:
        return []
    out: list[tuple[str, str]] = []
    for sent in _SENTENCE.finditer(text):
        sentence = sent.group(0)
        cues = list(PARTY_CITES.finditer(sentence))
        if not cues:
            continue
        mentions = [(m.start(), forms[m.group(0).casefold()]) for m in pattern.finditer(sentence)
                    if m.group(0).casefold() in forms]
        for i, cue in enumerate(cues):
            lo = cues[i - 1].end() if i else 0
            hi = cues[i + 1].start() if i + 1 < len(cues) else len(sentence)
            before = [k for at, k in mentions if lo <= at < cue.start()]
            # "quoted unnamed sources in the Kremlin" cites unnamed people, not the Kremlin
            after = [k for at, k in mentions if cue.end() <= at < hi
                     and not _WHERE_UNNAMED.search(sentence[max(cue.end(), at - 60):at])]
            if before and after and before[-1] != after[0]:
                out.append((after[0], before[-1]))
    return out


def _party_names(g: _Graph) -> tuple[dict[str, str], re.Pattern[str] | None]:
    forms = _party_forms(g)
    return forms, _names_pattern(set(forms)) if len(forms) >= 2 else None


def _names_pattern(names: set[str]) -> re.Pattern[str] | None:
    names = {n for n in names if len(n) >= 3}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


#: Nouns naming a thing a party published or said (a video, a letter, a briefing), not a party.
_ARTIFACT = re.compile(
    r"^(?:(?:the|a|an|this|that|its|their|his|her)\s+)?(?:(?P<owner>.+?)['\u2019]s?\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>video|footage|clip|recording|photo|photograph|picture|image|imagery|letter|document|order|post|"
    r"message|briefing|statement|appeal|page|notice|story)s?\b", re.IGNORECASE)
#: Heads of a description that names no one ("a source in the command", "officials in the region").
_UNNAMED_HEAD = frozenset({"a", "an", "some", "several", "two", "three", "four", "five", "many", "unnamed",
                           "anonymous", "one", "other", "another", "sources", "source", "officials", "people",
                           "analysts", "residents", "witnesses", "reports", "experts", "observers", "relatives",
                           "its", "his", "her", "their", "our"})  # "its editor": a role of someone unnamed
#: Words of a reference to a state as a whole ("Moscow", "Russia's forces", "Ukrainian officials").
_STATE_WORDS = frozenset({"russia", "russian", "russians", "ukraine", "ukrainian", "ukrainians", "moscow", "kyiv",
                          "kiev", "forces", "army", "military", "troops", "authorities", "officials", "government",
                          "side", "federation", "armed", "s", "russland", "россия", "украина", "москва"})
_OPPOSITE = {"ukraine": "russia", "russia": "ukraine"}
#: Lower-case roles of a person: a name with one of these and no personal name describes a role
#: ("the Russian governor"); a body named by common nouns ("the cyber police") is a party.
_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "governor", "commander", "official", "minister",
                    "head", "chief", "president", "mayor"})
#: Words by which one party says it took what it says from another ("Melnychuk cited a video
#: posted by Left Bank Recon"): the party named before cites the one named after.
PARTY_CITES = re.compile(
    r"(?<!\w)(?:cited|citing|cites|quoted|quoting|quotes|referred to|refers to|relying on|zitierte|zitiert|"
    r"unter Berufung auf|bezog sich auf|со ссылкой на|ссылаясь на|процитировал\w*)(?!\w)", re.IGNORECASE)
_WHERE_UNNAMED = re.compile(
    r"\b(?:sources?|officials?|people|insiders?|someone|person|staff|employees?)\s+"
    r"(?:in|at|from|within|inside|close to|near|familiar with)\s+(?:the\s+)?$", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_ORG_WORDS = frozenset({"ministry", "agency", "council", "command", "staff", "headquarters", "police", "service",
                        "office", "group", "channel", "army", "navy", "forces", "administration", "recon", "news",
                        "independent", "daily", "times", "press", "watch", "notes", "post", "gazette"})


_MEDIA_NOUNS = frozenset({"video", "footage", "clip", "recording", "photo", "photograph", "picture", "image", "imagery"})


def _artifact(s: SourceInfo) -> re.Match[str] | None:
    """The match when a source names a thing published rather than who published it; the
    thing is a common noun ("the drone video"), never part of a name ("Kyiv Post")."""
    if s.kind == "outlet":
        return None
    name = s.name.strip()
    m = _ARTIFACT.match(name)
    if m and m.group("noun").islower():
        return m
    # a medium opening the sentence ("Images show ..."), capitalised as its first word
    m = _ARTIFACT.match(name[:1].lower() + name[1:])
    return m if m and m.start("noun") == 0 and m.group("noun") in _MEDIA_NOUNS else None


def is_artifact(name: str) -> bool:
    """Whether a source names a thing published (a video, a letter) rather than who published it."""
    return _artifact(SourceInfo(name)) is not None


def is_unnamed(s: SourceInfo) -> bool:
    """Whether a source is a description no other document can be matched to ("a Ukrainian
    army spokesman", "sources", "officials in the region")."""
    words = s.name.strip().split()
    if s.kind == "anonymous" or not words or words[0].casefold() in _UNNAMED_HEAD:
        return True
    # a collective with no proper name in it: "Independent military analysts", "guests"
    if words[-1].endswith("s") and all(w[:1].islower() for w in words[1:]) \
            and (len(words) >= 2 or words[0].islower()):
        return True
    # a role with no name to it: "Ukraine's navy", "Russia's governor in Sevastopol"
    capital = [w[:1].isupper() for w in words
               if w.casefold() not in ("the", "a", "an") and norm_name(w) not in _STATE_WORDS]
    return any(w in _ROLES for w in words) and not any(a and b for a, b in itertools.pairwise(capital))


def _named_part(name: str) -> str:
    """The party an appositive names: "Sevastopol's governor, Anatoly Dronov" is Anatoly
    Dronov, "Rabotino, Defence Ministry" the ministry; the last part written as a proper
    name wins, else the first part."""
    parts = [p.strip() for p in name.split(",") if p.strip()]
    if len(parts) < 2:
        return name.strip().rstrip(",")
    proper = [p for p in parts if all(w[:1].isupper() for w in p.split() if w.isalpha())]
    return proper[-1] if proper else parts[0]


_SPOKESPERSON_FOR = re.compile(r"\b(?:spokes(?:man|woman|person)|press (?:secretary|officer))\s+(?:for|of)\s+"
                               r"(?:the\s+)?([^,;()]+)", re.IGNORECASE)


def _spoken_for(s: SourceInfo) -> list[str]:
    """The bodies a named person is the spokesman of, read from his description ("Captain,
    spokesman for the Ukrainian Navy"): he and the body are one voice, so the body folds
    into him (rule 3)."""
    if s.kind != "person" or not s.description:
        return []
    return [m.group(1).strip() for m in _SPOKESPERSON_FOR.finditer(s.description)]


def is_state_reference(name: str) -> bool:
    """Whether a name refers to a state as a whole ("Russia", "Moscow", "Ukrainian forces")."""
    words = norm_name(name).split()
    return bool(words) and all(w in _STATE_WORDS for w in words)


def _parties(chain: list[SourceInfo]) -> tuple[list[SourceInfo], SourceInfo | None]:
    """The chain reduced to parties, nearest to the claim's source first, and the unnamed
    voice that stood at its head, if any.

    A published thing ("the drone video", "the Defence Ministry's briefing") is its owner
    when the name says it, else the next relay (who posted it); with no relay it is like
    an unnamed voice. An unnamed voice is dropped: the party that quotes it speaks for it.
    """
    out: list[SourceInfo] = []
    unnamed: SourceInfo | None = None
    for i, s in enumerate(chain):
        if not is_party(s.name):
            continue
        if "," in s.name:
            s = SourceInfo(_named_part(s.name), s.kind, s.side, s.aliases, s.description)
        m = _artifact(s)
        if m:
            owner = (m.group("owner") or "").strip()
            if owner and is_party(owner):
                s = SourceInfo(owner, "organization", s.side)
            elif i + 1 < len(chain) or out:
                continue
            else:  # published by no one the text names: like an unnamed voice
                s = SourceInfo(s.name, "anonymous", s.side)
        if is_unnamed(s):
            if not out and unnamed is None:
                unnamed = s
            continue
        out.append(s)
    return out, unnamed


#: Member statuses and signals that take a stance against the claim.
_AGAINST_STATUS = frozenset({"denied", "disputed"})
_AGAINST_SIGNALS = frozenset({"denial", "doubt"})
#: Signals on an attribution by which its speaker comments on a claim rather than makes it
#: ("analysts said there was no evidence").
_COMMENT_SIGNALS = frozenset({"unverified"})


#: A report saying its speaker left the claim's thing out ("but did not mention Sevastopol"):
#: the reporter separates that statement from the claim.
NOT_ABOUT = re.compile(r"(?<!\w)(?:did not|didn't|does not|doesn't) mention|made no mention|without mentioning(?!\w)",
                       re.IGNORECASE)


#: A sentence calling the claim's evidence a fabrication ("the so-called leaked order ... is a
#: forgery", "dismissed the video as staged"): its speaker denies the claim, whatever
#: signal extraction gave it.
FORGED = re.compile(
    r"(?<!\w)(?:is|was|are|were|as|be|been)\s+(?:a\s+|an\s+)?(?:[\w-]+\s+)?"
    r"(?:forgery|forgeries|forged|fake|fakes|fabricat\w*|staged|doctored|hoax|montage)"
    r"(?=\s*(?:[.,;:!?\u00bb\u201d\")]|$|and\s|but\s))|"  # the verdict ends the clause: not "a fake order"
    r"(?<!\w)(?:ist|sei|war)\s+(?:eine?\s+)?(?:Fälschung|gefälscht|inszeniert|Fake)(?!\w)|"
    r"(?<!\w)(?:подделк\w*|фальшивк\w*|фейк\w*|постановк\w*)(?!\w)",
    re.IGNORECASE)


def asserts(m: Member) -> bool:
    """Whether a member puts the claim forward (or confirms it) rather than denying,
    doubting or only commenting on it (or calling its evidence forged: ``FORGED``)."""
    return m.status not in _AGAINST_STATUS and not (_AGAINST_SIGNALS & set(m.signals)) \
        and not (_COMMENT_SIGNALS & set(m.source_signals)) and not FORGED.search(m.text)


#: A sentence that opens by saying none of something was or did ("No Patriot launcher was
#: hit", "Not one foreign soldier was staying there", "Kein einziger Werfer", "Ни одна
#: установка"): its speaker says the thing did not happen.
NEGATED = re.compile(
    r"^\W*(?:no|not\s+(?:one|a\s+single|a)|none\s+of|nobody|no\s+one|nothing|neither|"
    r"kein\w*|nicht\s+ein\w*|ни\s+(?:один|одна|одно|одного|одной)|никак\w*|жод\w*|жоден)(?!\w)",
    re.IGNORECASE)


def contradicts(m: Member, claim_terms: Collection[str]) -> bool:
    """Whether a member says the cluster's claim did not happen: its sentence opens with a
    negation (``NEGATED``) and shares content words with what the other members assert
    ("No Patriot launcher was hit" against "a Kinzhal destroyed a Patriot launcher"; not
    "Nobody was killed" against "a missile hit a hotel, injuring eleven")."""
    return bool(NEGATED.match(m.text)) and any(t in claim_terms for t in terms(m.text))


class _Read:
    """What a member's sentence says that provenance asks several times (whether it
    asserts the claim, its content terms), read once per member per cluster: a large
    cluster is rebuilt whole on every refresh."""

    __slots__ = ("_asserts", "_known", "_terms")

    def __init__(self, known_terms: dict[tuple[str, str], frozenset[str]] | None = None) -> None:
        self._asserts: dict[int, bool] = {}
        self._terms: dict[int, frozenset[str]] = {}
        self._known = known_terms or {}

    def asserts(self, m: Member) -> bool:
        got = self._asserts.get(id(m))
        if got is None:
            got = self._asserts[id(m)] = asserts(m)
        return got

    def terms(self, m: Member) -> frozenset[str]:
        got = self._terms.get(id(m))
        if got is None:
            got = self._known.get((m.doc_id, m.claim_id))
            if got is None:
                got = terms(m.text)
            self._terms[id(m)] = got
        return got


def _contradictors(members: list[Member], chains: dict[tuple[str, str], tuple[list[SourceInfo], SourceInfo | None]],
                   core: set[tuple[str, str]] | None,
                   read: _Read | None = None) -> tuple[set[tuple[str, str]], set[str]]:
    """The members that say the claim did not happen, and their named speakers.

    A speaker who says so anywhere in the cluster is the claim's contradictor, whatever
    side extraction gave it: the rest of what it says there ("air defences shot down the
    missile") is its own version, not the claim, and makes no origin (rule 2). What the
    claim says is read from the other documents' asserting members (terms counted once
    per document, so a large cluster costs one pass).
    """
    negated = [m for m in members if NEGATED.match(m.text)]
    if not negated:
        return set(), set()
    read = read or _Read()
    doc_terms: dict[str, set[str]] = defaultdict(set)
    for o in members:
        if read.asserts(o) and not NEGATED.match(o.text) and (core is None or (o.doc_id, o.claim_id) in core):
            doc_terms[o.doc_id].update(read.terms(o))
    docs_with: Counter[str] = Counter(t for ts in doc_terms.values() for t in ts)
    keys: set[tuple[str, str]] = set()
    speakers: set[str] = set()
    for m in negated:
        key = (m.doc_id, m.claim_id)
        own = doc_terms.get(m.doc_id, set())
        others = {t for t in read.terms(m) if docs_with[t] - (t in own) > 0}
        if key in chains and contradicts(m, others):
            keys.add(key)
            chain, _ = chains[key]
            if chain:
                speakers.add(canonical(chain[0].name))
    return keys, speakers


def build_provenance(members: list[Member], docs: dict[str, DocInfo], core: set[tuple[str, str]] | None = None,
                     claim_terms: dict[tuple[str, str], frozenset[str]] | None = None) -> Provenance:
    """The provenance graph, origins and spread of one cluster.

    Args:
        members: The cluster's claims.
        docs: Their documents (others are ignored: a link to a document outside the
            cluster is not provenance of this claim).
        core: Keys (doc id, claim id) of the members that state the claim itself; only
            they can make origins (all members when None). Others are drawn all the same.
        claim_terms: ``lexical.terms`` of members' sentences already derived (the linker's
            features), by key; the others are derived here.
    """
    g = _Graph()
    read = _Read(claim_terms)
    core = _on_topic(members, docs, core, read)
    member_docs = sorted({m.doc_id for m in members if m.doc_id in docs}, key=lambda i: (docs[i].when, i))
    mdocs = {i: docs[i] for i in member_docs}
    by_url = {d.url.split("?")[0].rstrip("/"): d for d in mdocs.values() if d.url}
    for doc_id in member_docs:
        d = docs[doc_id]
        g.node(d.publisher, "outlet", when=d.when or None)
    # each member's chain as parties
    chains: dict[tuple[str, str], tuple[list[SourceInfo], SourceInfo | None]] = {}
    for m in members:
        if m.doc_id not in mdocs:
            continue
        source = m.source if m.source is not None and speech_cue(m.cue, docs[m.doc_id].language) else None
        raw = [source, *m.via] if source is not None else m.via if m.source is not None and m.via \
            else list(reversed(cited_in_text(m.text, m.mentioned)))
        chain, unnamed = _parties(raw)
        chains[(m.doc_id, m.claim_id)] = (chain, unnamed)
    _give_sides(chains, _known_sides([m for m in members if m.doc_id in mdocs], chains))
    denied_by, contradictors = _contradictors([m for m in members if m.doc_id in mdocs], chains, core, read)
    # what a speaker asserts in a report where it denies the claim is its own version
    # ("rejecting the claim ... our forces remain in control"); the denial itself stays a
    # denial. Unnamed speakers ("a military spokesman") are told apart per report.
    deniers = {(m.doc_id, canonical(m.source.name)) for m in members
               if m.source is not None and _AGAINST_SIGNALS & set(m.source_signals)}

    def says_not(m: Member) -> bool:
        chain, _ = chains[(m.doc_id, m.claim_id)]
        return (m.doc_id, m.claim_id) in denied_by or bool(chain and canonical(chain[0].name) in contradictors) \
            or (m.source is not None and read.asserts(m) and (m.doc_id, canonical(m.source.name)) in deniers)

    claimant = _claimant_side([m for m in members if m.doc_id not in mdocs or not says_not(m)], mdocs, chains, core,
                              read)
    asserting_docs: set[str] = set()
    for m in members:
        if m.doc_id not in mdocs:
            continue
        d = mdocs[m.doc_id]
        chain, unnamed = chains[(m.doc_id, m.claim_id)]
        head_side = chain[0].side if chain else unnamed.side if unnamed is not None else "unknown"
        pro = read.asserts(m) and not says_not(m) and (core is None or (m.doc_id, m.claim_id) in core) \
            and not NOT_ABOUT.search(m.text) \
            and not (claimant and head_side == _OPPOSITE[claimant])
        if pro:
            asserting_docs.add(d.id)
        outlet = g.node(d.publisher, "outlet", when=d.when or None)
        date = d.when[:10] or None
        keys = [g.node(s.name, "outlet" if s.kind == "outlet" else "source", s.side, date) for s in chain]
        for party, key in zip(chain, keys, strict=True):
            for body in _spoken_for(party):
                g.speaks_for.setdefault(canonical(body), key)
        keys = [k for i, k in enumerate(keys) if k != outlet and k not in keys[:i]]
        path = [*keys, outlet]
        if unnamed is not None and unnamed.side in _OPPOSITE:
            # an unnamed voice of one side ("a Ukrainian army spokesman") is that side's voice
            voice = g.node(unnamed.name, "source", unnamed.side, date)
            g.generic.add(voice)
            if voice not in path:
                path.insert(0, voice)
        elif unnamed is not None and pro:
            # an unnamed voice no other report can name: the party quoting it speaks for it
            g.sourced.add(path[0])
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
    party_names: tuple[dict[str, str], re.Pattern[str] | None] | None = None
    texts_of: dict[str, list[str]] = defaultdict(list)
    for m in members:
        texts_of[m.doc_id].append(m.text)
    for doc_id in member_docs:
        d = docs[doc_id]
        pro = doc_id in asserting_docs
        outlet = canonical(d.publisher)
        local = _local_text(d.text, texts_of[doc_id])
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
        if local and PARTY_CITES.search(local):
            party_names = party_names or _party_names(g)
            for cited, citer in _party_citations(local, g, party_names):
                g.edge(cited, citer, "cites", date, d.id, pro)
        for key in _outlet_mentions(local, pattern):
            if key != outlet and first_when.get(key, "~") < d.when:
                g.edge(key, outlet, "cites", date, d.id, pro)
    _merge_aliases(g)
    _remap(g, {body: person for body, person in g.speaks_for.items() if body in g.nodes and person in g.nodes
               and len({g.nodes[body].side, g.nodes[person].side} - {"unknown"}) <= 1})
    _fold_state_references(g)
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


def _on_topic(members: list[Member], docs: dict[str, DocInfo], core: set[tuple[str, str]] | None,
              read: _Read | None = None) -> set[tuple[str, str]] | None:
    """The core members that say something another document of their language says too.

    A member close in meaning to the cluster but sharing no content word with what other
    documents in its language say of it ("NATO-trained brigades would reach Melitopol",
    beside "Russian troops took Robotyne") is the report's background, not the claim
    (rule 2). Members with no other document in their language to compare with are kept:
    translations share no words. Terms are counted once per document: one pass.
    """
    read = read or _Read()
    pool = [m for m in members
            if m.doc_id in docs and read.asserts(m) and (core is None or (m.doc_id, m.claim_id) in core)]
    doc_terms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in members:
        if m.doc_id in docs:
            doc_terms[(docs[m.doc_id].language, m.doc_id)].update(read.terms(m))
    docs_with: Counter[tuple[str, str]] = Counter((lang, t) for (lang, _), ts in doc_terms.items() for t in ts)
    docs_in: Counter[str] = Counter(lang for lang, _ in doc_terms)
    off = set()
    for m in pool:
        lang = docs[m.doc_id].language
        if docs_in[lang] < 2:
            continue
        own = doc_terms[(lang, m.doc_id)]
        if not any(docs_with[(lang, t)] - (t in own) > 0 for t in read.terms(m)):
            off.add((m.doc_id, m.claim_id))
    if not off or len(off) == len(pool):
        return core
    return {(m.doc_id, m.claim_id) for m in members if core is None or (m.doc_id, m.claim_id) in core} - off


def _known_sides(members: list[Member],
                 chains: dict[tuple[str, str], tuple[list[SourceInfo], SourceInfo | None]]) -> dict[str, str]:
    """{canonical name: side} for the named parties some member document gives a side,
    and that no document gives the other (one pass over the members' mentions)."""
    sides: dict[str, set[str]] = defaultdict(set)
    seen: set[int] = set()  # a document's members share one list of mentions: read it once
    for m in members:
        if id(m.mentioned) not in seen:
            seen.add(id(m.mentioned))
            for p in m.mentioned:
                if p.side in _OPPOSITE and p.kind != "anonymous" and not is_unnamed(p):
                    sides[canonical(_named_part(p.name) if "," in p.name else p.name)].add(p.side)
        for s in chains.get((m.doc_id, m.claim_id), ([], None))[0]:
            if s.side in _OPPOSITE:
                sides[canonical(s.name)].add(s.side)
    return {k: next(iter(v)) for k, v in sides.items() if len(v) == 1 and k}


def _give_sides(chains: dict[tuple[str, str], tuple[list[SourceInfo], SourceInfo | None]],
                known: dict[str, str]) -> None:
    """Gives an unsided party of a chain the side the cluster's documents give the same
    name, or, for a partial name ("Defence Ministry"), every fuller name containing it
    ("Russian Defence Ministry"): rule 3, read across all members."""
    if not known:
        return
    words_of = {k: set(k.split()) for k in known}
    for chain, _ in chains.values():
        for i, s in enumerate(chain):
            if s.side in _OPPOSITE:
                continue
            key = canonical(s.name)
            side = known.get(key)
            if side is None and key:
                words = set(key.split())
                fuller = {known[k] for k, w in words_of.items() if len(w) > len(words) and words <= w}
                side = next(iter(fuller)) if len(fuller) == 1 else None
            if side is not None:
                chain[i] = SourceInfo(s.name, s.kind, side, s.aliases)


def _contested(m: Member) -> bool:
    return m.status in _AGAINST_STATUS or bool(_AGAINST_SIGNALS & set(m.signals))


def _claimant_side(members: list[Member], docs: dict[str, DocInfo],
                   chains: dict[tuple[str, str], tuple[list[SourceInfo], SourceInfo | None]],
                   core: set[tuple[str, str]] | None, read: _Read | None = None) -> str | None:
    """The side that put a contested claim forward: the side opposed to the one that denies
    it (unless that side asserts most of the cluster), else that of the earliest asserting
    member whose source has a side (a denier's own version may be published first). None
    when no one contests the claim (both sides may then report it, as with an exchange of
    prisoners) or no side is known."""
    if not any(_contested(m) for m in members if m.doc_id in docs):
        return None
    denier_sides = set()
    for m in members:
        if m.doc_id in docs and "denial" in m.source_signals:
            side = _head_side(chains[(m.doc_id, m.claim_id)])
            if side in _OPPOSITE:
                denier_sides.add(side)
    read = read or _Read()
    if len(denier_sides) == 1:
        denier = denier_sides.pop()
        # most of what the cluster asserts comes from the denier's own side: its denial
        # answers the other side's version mixed in ("Kyiv rejected Russia's assertion that
        # the strike killed foreign fighters" beside Kyiv's account of the strike)
        asserted = Counter(_head_side(chains[(m.doc_id, m.claim_id)]) for m in members
                           if m.doc_id in docs and read.asserts(m) and not _contested(m)
                           and (core is None or (m.doc_id, m.claim_id) in core))
        return denier if asserted[denier] > asserted[_OPPOSITE[denier]] else _OPPOSITE[denier]
    ordered = sorted((m for m in members if m.doc_id in docs and read.asserts(m)
                      and (core is None or (m.doc_id, m.claim_id) in core)),
                     key=lambda m: (docs[m.doc_id].when, m.doc_id, len(m.claim_id), m.claim_id))
    for m in ordered:
        side = _head_side(chains[(m.doc_id, m.claim_id)])
        if side in _OPPOSITE:
            return side
    return None


def _head_side(chain: tuple[list[SourceInfo], SourceInfo | None]) -> str:
    """The side of a member's speaker: its chain's head, else its unnamed voice."""
    parties, unnamed = chain
    return parties[0].side if parties else unnamed.side if unnamed is not None else "unknown"


def _fold_state_references(g: _Graph) -> None:
    """Folds a reference to a state as a whole ("Moscow", "Russia", "Ukrainian forces") or
    an unnamed voice of one side ("Russia's governor in Sevastopol") into the earliest-seen
    named source of that side in the cluster: it names that side's voice, which the
    cluster already has, not an independent one. An unnamed voice of a side the cluster
    names no one of is spoken for by whoever quotes it."""
    def generic(k: str) -> bool:
        return k in g.generic or is_state_reference(g.nodes[k].name)

    named = sorted((k for k, n in g.nodes.items() if n.kind == "source" and n.side in _OPPOSITE and not generic(k)),
                   key=lambda k: (g.nodes[k].first_seen or "~", k))
    target = {}
    for k, n in g.nodes.items():
        if n.kind != "source" or not generic(k):
            continue
        same = [c for c in named if g.nodes[c].side == n.side] if n.side in _OPPOSITE else []
        if same:
            target[k] = same[0]
        elif k in g.generic:
            quoting = sorted((e for e in g.edges.values() if e.source == k), key=lambda e: (e.date or "~", e.target))
            if quoting:
                target[k] = quoting[0].target
                if any(e.asserts for e in quoting):
                    g.sourced.add(quoting[0].target)
    _remap(g, target)


def _origins(g: _Graph, asserting_outlets: set[str], every_edge: bool = False) -> list[str]:
    """Roots of the graph the asserting members drew (see the module docstring)."""
    edges = [e for e in g.edges.values() if e.asserts or every_edge]
    has_parent = {e.target for e in edges}
    cited = {e.source for e in edges}
    drawn = cited | has_parent | {k for k in asserting_outlets if k in g.nodes}
    # who cited whom is a fact whoever reports it: a report that doubts the claim but says
    # "Melnychuk cited a video posted by Left Bank Recon" still makes the colonel a relay
    has_parent |= {e.target for e in g.edges.values() if e.kind == "cites" and e.source in drawn and e.target in drawn}
    roots = [k for k in sorted(drawn) if k not in has_parent]
    # An outlet that names no source and that nobody cites is an unattributed repeat, not
    # an origin, as long as the cluster has a named origin; alone, it is its own reporting.
    # Its unnamed voices make it an origin unless it also relays, in any of its sentences, a
    # named origin ("Crimean residents post videos ... the channel Krymsky Veter says ...").
    named = [k for k in roots if g.nodes[k].kind == "source" or k in cited]
    relays = {e.target for e in g.edges.values() if e.source in named}
    named += [k for k in roots if k in g.sourced and k not in named and k not in relays]
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
