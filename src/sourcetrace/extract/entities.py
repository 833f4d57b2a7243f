"""Entities, and sources resolved to them.

Runs after the attribution engine. Per attribution it reads the relay chain
(:mod:`chains`), then gathers every mention worth an entity (named people and bodies,
known sources, numbered units, the sources and relays themselves), walks them in text
order merging names, surnames, pronouns and role nouns into clusters (:mod:`coref`), and
types each cluster with kind, side and the description the text gives. Entities get ids
``E1``... in order of first mention; attributions get ``source.entity``, ``via`` and
``parent`` filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from sourcetrace.extract import chains, coref, known_sources
from sourcetrace.extract.coref import Cluster
from sourcetrace.extract.doctext import doc_text, token_table
from sourcetrace.extract.known_sources import KnownSource
from sourcetrace.model import Attribution, Entity, SourceRef

_NAME_LABELS = frozenset({"PERSON", "ORG"})
_MAX_ALIAS_TOKENS = 8
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.I)
_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gen.", "col.", "lt.", "maj.",
                         "capt.", "sgt.", "rep.", "sen.", "gov."})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_POSSESSIVE = frozenset({"his", "her", "its", "their"})


@dataclass
class Mention:
    """One occurrence of a would-be entity, with what the text says about it."""

    start: int
    end: int
    text: str
    form: str  # name | pronoun | nominal
    name: str
    label: str | None = None  # spaCy label or "KNOWN" / "UNIT"
    known: KnownSource | None = None
    description: str | None = None
    head: str = ""
    definite: bool = False
    plural: bool = False
    modifiers: str = ""
    salient: bool = False  # a grammatical subject or an attribution's source


# -- named mentions ---------------------------------------------------------------------

def _char_range(span: SpacySpan) -> tuple[int, int]:
    return span.start_char, span.end_char


def _known_matches(doc: Doc) -> list[tuple[int, int, KnownSource]]:
    """Longest known aliases in the text, token-aligned and case-checked."""
    gaz = known_sources.gazetteer()
    tab = token_table(doc)
    out = []
    i, n = 0, len(doc)
    while i < n:
        found = None
        lead = int(tab.lower[i] == "the" and i + 1 < n)  # "the Kyiv Post": look at "Kyiv"
        first = tab.text[i + lead]
        longest = gaz.first_words.get(known_sources.normalise(first), 0)
        if longest and first[:1].isupper():
            for size in range(min(longest + lead, n - i), 0, -1):
                if tab.is_punct[i + size - 1]:
                    continue
                span = doc[i:i + size]
                known = gaz.by_alias.get(known_sources.normalise(span.text))
                if known is None:
                    continue
                core = span[1:] if lead and size > 1 else span
                if len(core.text) <= 3 and not core.text.isupper():
                    continue  # "ap", "Rt": only the acronym as written counts
                found = (i, i + size, known)
                break
        if found:
            out.append(found)
            i = found[1]
        else:
            i += 1
    return out


def _unit_matches(doc: Doc) -> list[tuple[int, int]]:
    """Numbered formations: "the 47th Separate Mechanised Brigade", "3rd Assault Brigade"."""
    words = known_sources.lexicon()["unit_name_words"]
    tab = token_table(doc)
    out = []
    for i, text in enumerate(tab.text):
        if not text[:1].isdigit() or not _ORDINAL.match(text):
            continue
        for j in range(i + 1, min(i + 7, len(doc))):
            if tab.lower[j] in words:
                out.append((i, j + 1))
                break
            if not (tab.text[j][:1].isupper() or tab.tag[j] == "HYPH"):
                break
    return out


def _premodifiers(doc: Doc, start: int) -> int:
    """Where the titles before a name begin: "Ukrainian Colonel" in front of a person."""
    lex = known_sources.lexicon()
    j = start
    while j - 1 >= 0:
        t = doc[j - 1]
        low = t.lower_.rstrip(".")
        if t.is_punct and t.tag_ != "POS" and t.tag_ != "HYPH":
            break
        if t.pos_ in ("DET", "VERB", "ADP", "CCONJ", "PRON", "SCONJ", "AUX"):
            break
        titled = low in lex["all_titles"] or low in lex["person_nouns"] or any(
            low in words for words in lex["side_words"].values())
        attached = t.dep_ in ("compound", "amod", "nmod", "poss", "case") and start <= t.head.i
        if not (titled or (attached and t.text[:1].isupper()) or t.tag_ in ("POS", "HYPH")):
            break
        j -= 1
    while j < start and (doc[j].tag_ in ("POS", "HYPH") or doc[j].is_punct):
        j += 1
    return j


def _appositive(doc: Doc, start: int, end: int) -> str | None:
    """The apposition after a name: ", spokesman for the Tavria military group,"."""
    if end < len(doc) and doc[end].text == ",":
        for tok in doc[start:end]:
            for child in tok.children:
                if child.dep_ == "appos" and child.i > end:
                    last = child.i
                    for t in child.subtree:
                        if t.i < child.i:
                            continue
                        if t.text in {",", ";", "(", ")", '"'} or t.dep_ == "relcl":
                            break
                        last = t.i
                    first = min(t.i for t in child.subtree if t.i > end)
                    while doc[first].pos_ == "DET":
                        first += 1
                    if first <= last:
                        return doc[first:last + 1].text
    return None


def _leading_appositive(doc: Doc, start: int) -> str | None:
    """The role before a name: "the Kremlin spokesman, Dmitry Peskov"."""
    if start >= 2 and doc[start - 1].text == ",":
        head = doc[start - 2]
        if head.pos_ == "NOUN" and head.lower_ in known_sources.lexicon()["person_nouns"]:
            first = min(t.i for t in head.subtree)
            while first < head.i and doc[first].pos_ == "DET":
                first += 1
            return doc[first:head.i + 1].text
    return None


def _name_spans(doc: Doc) -> list[tuple[int, int, str]]:
    """NER names, repaired: a span opening on a known first name is a person, and a first
    name tagged apart from its surname ("Oleksandr"/GPE + "Prokudin"/PERSON) joins it."""
    lex = known_sources.lexicon()
    first_names = lex["male_first_names"] | lex["female_first_names"]
    spans: list[list[Any]] = []  # mutable [start, end, label]: neighbours merge in place
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        label = ent.label_
        if ent[0].lower_ in first_names and ent[0].pos_ == "PROPN":
            label = "PERSON"
        prev = spans[-1] if spans else None
        if prev is not None and prev[1] == ent.start and prev[1] - prev[0] == 1 \
                and doc[prev[0]].lower_ in first_names:
            prev[1], prev[2] = ent.end, "PERSON"
            continue
        if ent.start > 0 and label == "PERSON" and doc[ent.start - 1].lower_ in first_names \
                and doc[ent.start - 1].pos_ == "PROPN" and not (prev and prev[1] > ent.start - 1):
            spans.append([ent.start - 1, ent.end, label])
            continue
        spans.append([ent.start, ent.end, label])
    # "Mr. Justice", "Mrs. Clinton", "Gen. Syrskyi": an honorific makes a name of what follows
    taken = {i for s, e, _ in spans for i in range(s, e)}
    tab = token_table(doc)
    for i, lower in enumerate(tab.lower):
        if lower in _HONORIFICS and i + 1 < len(doc) and i + 1 not in taken:
            e = i + 1
            while e < len(doc) and e not in taken and tab.pos[e] == "PROPN" and tab.text[e][:1].isupper():
                e += 1
            if e > i + 1:
                spans.append([i + 1, e, "PERSON"])
    spans.sort()
    # a lone "Trump" tagged ORG is the person named in full elsewhere in the text
    surnames = {doc[e - 1].text for s, e, label in spans if label == "PERSON" and e - s > 1}
    for span in spans:
        if span[1] - span[0] == 1 and span[2] != "PERSON" and doc[span[0]].text in surnames:
            span[2] = "PERSON"
    out = []
    for s, e, label in spans:
        if label not in _NAME_LABELS or not any(c.isupper() for c in doc[s:e].text):
            continue
        if label == "PERSON" and doc[e - 1].tag_ == "POS":
            continue
        out.append((s, e, label))
    return out


def _named_mentions(doc: Doc) -> list[Mention]:
    """People, bodies, units and known sources found by NER and the tables."""
    tab = token_table(doc)
    taken = [False] * len(doc)  # tokens already inside a mention
    out: list[Mention] = []

    def add(s: int, e: int, label: str, known: KnownSource | None) -> None:
        while s < e and tab.lower[s] == "the":
            s += 1
        while e > s and (tab.is_punct[e - 1] or tab.tag[e - 1] == "POS"):
            e -= 1
        if s >= e or any(taken[s:e]):
            return
        last = doc[e - 1]
        if e < len(doc) and last.dep_ in ("compound", "amod", "nmod") and last.head.i >= e \
                and last.head.pos_ in ("NOUN", "PROPN") and doc[e].tag_ != "POS" and label != "UNIT":
            return  # a modifier ("Kremlin spokesman", "Russian military blogger"), not an actor
        taken[s:e] = [True] * (e - s)
        core = doc[s:e]
        begin = _premodifiers(doc, s) if label in ("PERSON", "KNOWN") else s
        parts = []
        if begin < s:
            parts.append(doc[begin:s].text)
        app = _appositive(doc, s, e) or _leading_appositive(doc, begin)
        if app:
            parts.append(app)
        span = doc[begin:e]
        out.append(Mention(
            start=span.start_char, end=span.end_char, text=span.text, form="name",
            name=core.text, label=label, known=known, description=", ".join(parts) or None,
            head=core[-1].lower_, salient=core.root.dep_ in ("nsubj", "nsubjpass"),
        ))

    for s, e, known in _known_matches(doc):
        add(s, e, "KNOWN", known)
    for s, e in _unit_matches(doc):
        add(s, e, "UNIT", None)
    for s, e, label in _name_spans(doc):
        add(s, e, label, known_sources.lookup(doc[s:e].text))
    out.sort(key=lambda m: m.start)
    return out


# -- source and relay spans -------------------------------------------------------------

def _nominal(doc: Doc, start: int, end: int) -> Mention:
    """A pronoun or common-noun source: "he", "the spokesman", "a source familiar with"."""
    span = chains.char_span(doc, start, end)
    text = doc_text(doc)[start:end]
    if span is None or not len(span):
        return Mention(start, end, text, "nominal", text)
    if len(span) == 1 and coref.pronoun_features(span.text):
        return Mention(span.start_char, span.end_char, span.text, "pronoun", span.text, head=span[0].lower_)
    # the head is the last noun before a preposition, relative clause or comma
    head = span[-1]
    for tok in span:
        if tok.i > span.start and (tok.pos_ in ("ADP", "PRON", "VERB") or tok.text == ","
                                   or tok.lower_ in {"who", "which", "that", "familiar", "close"}):
            head = doc[tok.i - 1]
            break
    first = span[0].lower_
    head_low = head.lower_
    if head.pos_ == "PROPN" and head.tag_ != "NNPS" and head.text[:1].isupper() and head.lower_ not in _HONORIFICS:
        # a name the NER missed: "Ivanka Trump, the nominee's eldest daughter"
        begin = span.start + (span[0].pos_ == "DET")
        name = doc[begin:head.i + 1]
        lex = known_sources.lexicon()
        words = {t.lower_ for t in name}
        typed = words & (lex["government_nouns"] | lex["unit_name_words"] | lex["outlet_name_words"] | lex["org_nouns"])
        label = "PERSON" if 2 <= len(name) <= 4 and all(t.pos_ == "PROPN" for t in name) and not typed else "ORG"
        return Mention(span.start_char, span.end_char, span.text, "name", name.text, label=label,
                       known=known_sources.lookup(name.text), head=head_low,
                       description=_appositive(doc, name.start, name.end))
    plural = head.tag_ in ("NNS", "NNPS") or (head_low.endswith("s") and head_low in known_sources.lexicon()["group_nouns"])
    return Mention(
        start=span.start_char, end=span.end_char, text=span.text, form="nominal",
        name=span.text, head=head_low, definite=first in _DEFINITE or first in _POSSESSIVE,
        plural=plural, modifiers=doc[span.start:head.i + 1].text,
    )


_GAP = re.compile(r"^(\s|'s|\u2019s|[.,])*$")


def _attach(doc: Doc, start: int, end: int, named: list[Mention]) -> Mention:
    """The mention for a source or relay span: the named mention that heads it, or a new one.

    A name heads the span when it ends where the span (or the span's first comma, before
    an apposition) ends: "Ukrainian Colonel Oleksandr Shtupun, spokesman ..." is Shtupun,
    "a source in the Defence Ministry" is not the ministry.
    """
    span = chains.char_span(doc, start, end)
    stop = end
    if span is not None:
        for tok in span[1:]:
            if tok.text in {",", "(", ";", ":"} or tok.pos_ in ("ADP", "VERB", "AUX") \
                    or tok.lower_ in {"who", "which", "that"}:
                stop = tok.idx
                break
    for m in named:
        if start < m.end <= stop and m.start < stop and _GAP.match(doc_text(doc)[m.end:stop]):
            return m
    return _nominal(doc, start, end)


# -- typing -----------------------------------------------------------------------------

def _org_kind(name: str) -> str:
    lex = known_sources.lexicon()
    words = [w.lower() for w in re.findall(r"[\w'-]+", name)]
    if not words:
        return "organization"
    if words[-1] in lex["unit_name_words"] or _ORDINAL.match(words[0]):
        return "military_unit"
    if any(w in lex["government_nouns"] for w in words) or known_sources.metonym_side(name):
        return "government"
    if words[-1] in lex["outlet_name_words"] or words[-1] in lex["outlet_nouns"]:
        return "outlet"
    return "organization"


def _nominal_kind(m: Mention) -> str:
    lex = known_sources.lexicon()
    low = " " + m.text.lower() + " "
    if (m.head in lex["anonymous_nouns"] and (not m.definite or m.head.startswith("source"))) \
            or any(f" {w} " in low or low.strip().startswith(w) for w in lex["anonymous_modifiers"]):
        return "anonymous"
    if m.plural and (m.head in lex["group_nouns"] or m.head.rstrip("s") in lex["person_nouns"]):
        return "group"
    if known_sources.metonym_side(m.text):
        return "government"
    for kind, key in (("outlet", "outlet_nouns"), ("government", "government_nouns"),
                      ("military_unit", "unit_nouns"), ("person", "person_nouns"),
                      ("organization", "org_nouns")):
        if m.head in lex[key]:
            return kind
    return "group" if m.plural else "person"


def _side_of(m: Mention) -> str:
    if m.known is not None and m.known.side != "unknown":
        return m.known.side
    side = known_sources.infer_side(m.description)
    if side == "unknown":
        side = known_sources.infer_side(m.modifiers if m.form == "nominal" else m.text)
    if side == "unknown" and m.form == "nominal" and m.modifiers != m.text:
        side = known_sources.infer_side(m.text)  # "a source in the Russian Defence Ministry"
    if side == "unknown":
        side = known_sources.metonym_side(m.name) or "unknown"
    return side


def _cluster_of(m: Mention, owner: dict[int, Cluster | None], mentions: list[Mention]) -> Cluster | None:
    """The entity a mention was clustered into, or that of its twin (the same span reached
    by another attribution)."""
    twin = m if id(m) in owner else next(
        (x for x in mentions if x.start == m.start and x.end == m.end and id(x) in owner), None)
    return owner.get(id(twin)) if twin is not None else None


def _sides_from_speech(plans: list[tuple[Attribution, Mention | None, list[Mention]]],
                       owner: dict[int, Cluster | None], mentions: list[Mention]) -> None:
    """A speaker nothing else places takes the side whose words its own quotations use
    ("«The Kiev regime hides foreigners among journalists,» he said": Russia's)."""
    for att, src, _ in plans:
        if src is None or att.kind not in ("direct", "mixed"):
            continue
        cluster = _cluster_of(src, owner, mentions)
        if cluster is not None and cluster.side == "unknown" and cluster.kind in ("person", "group"):
            cluster.side = known_sources.speech_side(att.content.text) or "unknown"


_POSSESSIVES = frozenset({"its", "their"})


def _possessor_side(doc: Doc, start: int) -> str | None:
    """The side of the state a body belongs to by "its": "Russia has not commented, but its
    Defence Ministry said ..." is Russia's ministry (the nearest state named before it in
    the sentence)."""
    span = chains.char_span(doc, start, start + 1)
    if span is None or span.start == 0 or doc[span.start - 1].lower_ not in _POSSESSIVES:
        return None
    sent_start = doc[span.start].sent.start
    for tok in reversed(doc[sent_start:span.start - 1]):
        if tok.pos_ == "PROPN":
            side = known_sources.metonym_side(tok.text) or known_sources.infer_side(tok.text)
            if side and side != "unknown":
                return side
    return None


def _new_cluster(m: Mention) -> Cluster:
    if m.known is not None:
        cluster = Cluster(name=m.known.name, kind=m.known.kind, known=m.known, named=True,
                          gender=m.known.gender)
    elif m.form == "name":
        if m.label == "PERSON":
            kind = "person"
        elif m.label == "UNIT":
            kind = "military_unit"
        else:
            kind = _org_kind(m.name)
            # a lone title-case word speaking ("Obama said", NER-tagged ORG) is a person
            if kind == "organization" and m.salient and " " not in m.name and not m.name.isupper() \
                    and "." not in m.name:
                kind = "person"
        cluster = Cluster(name=m.name, kind=kind, named=True)
    else:
        cluster = Cluster(name=m.text, kind=_nominal_kind(m), plural=m.plural)
    cluster.side = _side_of(m)
    cluster.describe(m.description)
    if cluster.kind == "person" and cluster.gender is None:
        cluster.gender = coref.name_gender(m.name, cluster.descriptions) or (
            coref.name_gender(m.head, []) if m.form == "nominal" else None)
    return cluster


def _merge_target(m: Mention, clusters: list[Cluster]) -> Cluster | None:
    if m.form == "pronoun":
        return coref.resolve_pronoun(m.head, m.start, clusters)
    if m.form == "nominal":
        if known_sources.metonym_side(m.text):
            side = known_sources.metonym_side(m.text)
            return next((c for c in clusters if c.kind == "government" and c.side == side
                         and known_sources.normalise(c.name) in ("kremlin", known_sources.normalise(m.text))), None)
        if not m.definite:
            return None
        kind = _nominal_kind(m)
        return coref.resolve_role(m.head, kind, _side_of(m), m.plural, m.start, clusters)
    norm = known_sources.normalise(m.known.name if m.known else m.name)
    for c in clusters:
        if not c.named:
            continue
        if m.known is not None and c.known is m.known:
            return c
        if known_sources.normalise(c.name) == norm:
            return c
        if m.known is None and (m.label == "PERSON" or len(m.name.split()) == 1) \
                and coref.same_person(c, m.name):
            return c
    return None


def _cluster_mentions(mentions: list[Mention]) -> tuple[list[Cluster], dict[int, Cluster | None]]:
    """Walks mentions in text order; returns clusters and each mention's cluster (by id())."""
    clusters: list[Cluster] = []
    owner: dict[int, Cluster | None] = {}
    heads: dict[int, str] = {}  # unnamed one-person clusters -> the role noun that started them
    for m in sorted(mentions, key=lambda x: (x.start, -x.end)):
        if id(m) in owner:
            continue
        target = _merge_target(m, clusters)
        if target is None and m.form == "pronoun":
            owner[id(m)] = None  # an unresolved pronoun names nobody
            continue
        if target is None:
            target = _new_cluster(m)
            clusters.append(target)
        else:
            target.describe(m.description)
            if target.side == "unknown":
                target.side = _side_of(m)
            # a full name after a surname-only mention becomes the canonical name
            if m.form == "name" and target.kind == "person" and target.known is None \
                    and len(m.name.split()) > len(target.name.split()):
                target.name = m.name
        target.add(m.start, m.end, m.text, salient=m.salient)
        if m.form == "name" and m.name != m.text:
            target.add(m.start, m.end, m.name)
        owner[id(m)] = target
        if target.kind == "person" and not target.named and not target.plural and len(target.mentions) == 1:
            heads[id(target)] = m.head
    for nominal in reversed([c for c in clusters if id(c) in heads]):  # last first: a merge moves a name's first mention
        person = coref.named_later(nominal, heads[id(nominal)], clusters)
        if person is None:
            continue
        for start, end in nominal.mentions:
            person.add(start, end, "", salient=end in nominal.salient)
        person.aliases += [a for a in nominal.aliases if a not in person.aliases]
        owner.update({key: person for key, c in owner.items() if c is nominal})
        clusters.remove(nominal)
    return clusters, owner


# -- attributions -----------------------------------------------------------------------

def _is_outlet(cluster: Cluster, outlet: str | None) -> bool:
    if not outlet:
        return False
    norm = known_sources.normalise(outlet)
    known = known_sources.lookup(outlet)
    return known_sources.normalise(cluster.name) == norm or (known is not None and cluster.known is known) \
        or any(known_sources.normalise(a) == norm for a in cluster.aliases)


def _nest(attrs: list[Attribution], ids: dict[int, str | None], outlet_ids: set[str]) -> None:
    """Names the enclosing attribution in ``parent`` and inherits its relays in ``via``."""
    def anchor(a: Attribution) -> tuple[int, int] | None:
        if a.cue is not None:
            return a.cue.start, a.cue.end
        if a.source is not None:
            return a.source.start, a.source.end
        return None

    order = sorted(attrs, key=lambda a: -(a.content.end - a.content.start))
    for inner in order:
        pos = anchor(inner)
        if pos is None:
            continue
        best = None
        for outer in attrs:
            if outer is inner or outer.source is None:
                continue
            contains = outer.content.start <= pos[0] and pos[1] <= outer.content.end
            # "according to the Kyiv Post, he said X": the two share content
            shares = (outer.kind == "according_to" and inner.kind != "according_to"
                      and outer.content.start < inner.content.end and inner.content.start < outer.content.end
                      and outer.source.entity != (inner.source.entity if inner.source else None))
            if (contains or shares) and (best is None or
                                         outer.content.end - outer.content.start < best.content.end - best.content.start):
                best = outer
        if best is None or best.parent == inner.id:
            continue
        inner.parent = best.id
        own = inner.source.entity if inner.source else None
        extra = [best.source.entity, *best.via] if best.source else list(best.via)
        inner.via = [e for e in dict.fromkeys([*inner.via, *extra])
                     if e is not None and e != own and e not in outlet_ids]


def resolve_entities(doc: Doc, attributions: list[Attribution], outlet: str | None = None
                     ) -> tuple[list[Entity], list[Attribution]]:
    """Builds the entity list and resolves each attribution's source and relays.

    Args:
        doc: the parsed document every span refers to.
        attributions: attributions from the attribution engine (source entities unset).
        outlet: the publishing outlet, never listed as a relay.

    Returns:
        Entities with ids E1... in order of first mention, and the attributions with
        ``source`` (moved to the nearest speaker of a relay chain), ``source.entity``,
        ``via`` and ``parent`` set.
    """
    named = _named_mentions(doc)
    mentions: list[Mention] = list(named)
    plans: list[tuple[Attribution, Mention | None, list[Mention]]] = []
    chain_spans: dict[int, tuple[int, int] | None] = {}
    for att in attributions:
        chain = chains.find_chain(doc, att)
        src: Mention | None = None
        relays: list[Mention] = []
        chain_spans[id(att)] = (chain.source.start_char, chain.source.end_char) if chain else None
        if chain is not None:
            src = _attach(doc, chain.source.start_char, chain.source.end_char, named)
            relays = [_attach(doc, p.start_char, p.end_char, named) for p in chain.relays]
        elif att.source is not None and att.source.end > att.source.start:
            src = _attach(doc, att.source.start, att.source.end, named)
        if src is not None:
            src.salient = True
        for m in [src, *relays]:
            if m is not None and all(m is not x for x in mentions):
                # the same span reached by two attributions is one mention
                twin = next((x for x in mentions if x.start == m.start and x.end == m.end), None)
                if twin is None:
                    mentions.append(m)
        plans.append((att, src, relays))

    clusters, owner = _cluster_mentions(mentions)
    for c in clusters:
        if c.side == "unknown" and c.kind in ("government", "military_unit"):
            c.side = next(filter(None, (_possessor_side(doc, s) for s, _ in sorted(c.mentions))), "unknown")
    ordered = sorted(clusters, key=lambda c: c.first)
    ent_id = {id(c): f"E{i}" for i, c in enumerate(ordered, 1)}
    outlet_ids = {ent_id[id(c)] for c in ordered if _is_outlet(c, outlet)}
    for c in ordered:
        if ent_id[id(c)] in outlet_ids:
            c.kind = "outlet"  # "told Novorossiya Vestnik" in its own pages: the name is the publisher's

    def entity_of(m: Mention | None) -> str | None:
        if m is None:
            return None
        cluster = _cluster_of(m, owner, mentions)
        return ent_id[id(cluster)] if cluster is not None else None

    _sides_from_speech(plans, owner, mentions)
    out: list[Attribution] = []
    ids: dict[int, str | None] = {}
    for att, src, relays in plans:
        new = replace(att, via=list(att.via))
        if chain_spans[id(att)] is not None:
            s, e = chain_spans[id(att)]  # type: ignore[misc]
            new.source = SourceRef(text=doc_text(doc)[s:e], start=s, end=e, entity=entity_of(src))
        elif new.source is not None:
            new.source = replace(new.source, entity=entity_of(src))
        own = new.source.entity if new.source else None
        via = [entity_of(r) for r in relays]
        new.via = [e for e in dict.fromkeys([*via, *new.via]) if e and e != own and e not in outlet_ids]
        ids[id(new)] = own
        out.append(new)
    _nest(out, ids, outlet_ids)

    entities = [
        Entity(id=ent_id[id(c)], name=c.name, kind=c.kind, description=c.description, side=c.side,
               aliases=list(c.aliases), mentions=[[s, e] for s, e in sorted(c.mentions)])
        for c in ordered
    ]
    return entities, out
