"""A small rule-based resolver for pronouns, role nouns and surnames.

No coreference model runs offline here (see DEPENDENCIES.md), and sources need only a
narrow kind of coreference: "he said" after a named colonel, "the spokesman" after
"Dmitry Peskov, the Kremlin spokesman", "Shtupun" after "Oleksandr Shtupun". The rule:
the nearest preceding cluster that agrees in kind, gender and number (pronouns), or whose
name, description or known roles contain the role noun (nominals). News often announces a
speaker before naming him ("a spokesman said ...", then "Colonel X, spokesman for ...");
a role noun with no antecedent is the one person named later who carries it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sourcetrace.extract import known_sources
from sourcetrace.extract.known_sources import KnownSource

_PERSONAL = frozenset({"person"})
GENDER_BONUS = 150
SALIENCE_BONUS = 300
_COLLECTIVE = frozenset({"outlet", "organization", "government", "military_unit", "group", "anonymous"})


@dataclass
class Cluster:
    """An entity being built: every mention found to refer to one speaker or actor."""

    name: str
    kind: str
    side: str = "unknown"
    descriptions: list[str] = field(default_factory=list)
    gender: str | None = None
    plural: bool = False
    known: KnownSource | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    named: bool = False
    salient: set[int] = field(default_factory=set)  # ends of mentions as subject or source

    @property
    def first(self) -> int:
        return min(s for s, _ in self.mentions)

    def add(self, start: int, end: int, alias: str, salient: bool = False) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))
        if salient:
            self.salient.add(end)
        if alias and alias not in self.aliases:
            self.aliases.append(alias)

    def describe(self, text: str | None) -> None:
        if text and not any(text.lower() in d.lower() for d in self.descriptions):
            self.descriptions = [d for d in self.descriptions if d.lower() not in text.lower()] + [text]

    @property
    def description(self) -> str | None:
        return ", ".join(self.descriptions) or None

    def role_text(self) -> str:
        """The words a role noun may match: name, descriptions, known roles, kind."""
        parts = [self.name, *self.descriptions, *self.aliases]
        if self.known is not None:
            parts += list(self.known.roles)
        return " " + " ".join(parts).lower().replace("-", " ") + " "


def pronoun_features(word: str) -> str | None:
    """male | female | plural | neuter for a third-person pronoun, else None."""
    pronouns: dict[str, str] = known_sources.lexicon()["pronouns"]
    return pronouns.get(word.lower())


def name_gender(name: str, descriptions: list[str]) -> str | None:
    """A gender from titles and roles ("Mrs", "spokeswoman") or a first name; None if unsure."""
    lex = known_sources.lexicon()
    words = " ".join([name, *descriptions]).lower().replace(",", " ").split()
    for gender in ("male", "female"):
        if any(w.rstrip(".") in lex["gendered_roles"][gender] for w in words):
            return gender
    tokens = name.split()
    if len(tokens) >= 2:
        first = tokens[0].lower()
        if first in lex["female_first_names"]:
            return "female"
        if first in lex["male_names_ending_in_a"] or first in lex["male_first_names"]:
            return "male"
    return None


def _pronoun_fits(cluster: Cluster, feature: str) -> bool:
    if feature in ("male", "female"):
        return cluster.kind in _PERSONAL and not cluster.plural and cluster.gender in (None, feature)
    if feature == "plural":
        return cluster.plural or cluster.kind in _COLLECTIVE
    return cluster.kind in _COLLECTIVE and not cluster.plural  # "it"


def resolve_pronoun(word: str, before: int, clusters: list[Cluster], window: int = 600) -> Cluster | None:
    """The cluster mentioned before char ``before`` that ``word`` most likely refers to.

    Nearest wins, with head starts: a cluster whose gender is known to agree counts as
    ``GENDER_BONUS`` characters nearer, one last seen as a subject or source within
    ``window`` characters as ``SALIENCE_BONUS`` nearer.
    """
    feature = pronoun_features(word)
    if feature is None:
        return None
    best, best_score = None, None
    for cluster in clusters:
        ends = [e for s, e in cluster.mentions if e <= before]
        if not ends or not _pronoun_fits(cluster, feature):
            continue
        score = max(ends)
        if cluster.gender == feature:
            score += GENDER_BONUS
        if any(e <= before and before - e <= window for e in cluster.salient):
            score += SALIENCE_BONUS
        if best_score is None or score > best_score:
            best, best_score = cluster, score
    if best is not None and feature in ("male", "female") and best.gender is None:
        best.gender = feature  # the pronoun history fixes the gender for later pronouns
    return best


def role_words(head: str) -> list[str]:
    """The role noun and its synonyms ("spokesman" -> spokesperson, press secretary, ...)."""
    syn = known_sources.lexicon()["role_synonyms"]
    base = head.lower()
    singular = base[:-1] if base.endswith("s") and base[:-1] in syn else base
    return [singular, *syn.get(singular, [])]


def resolve_role(head: str, kind: str, side: str, plural: bool, before: int,
                 clusters: list[Cluster]) -> Cluster | None:
    """The nearest earlier cluster whose name or description carries the role noun.

    "the spokesman" -> the entity described as "Kremlin spokesman"; "the ministry" ->
    "Russian Defence Ministry". A stated side that conflicts blocks the match.
    """
    words = role_words(head)
    best, best_end = None, -1
    for cluster in clusters:
        ends = [e for s, e in cluster.mentions if e <= before]
        if not ends or max(ends) <= best_end or cluster.plural != plural:
            continue
        if side != "unknown" and cluster.side not in ("unknown", side):
            continue
        if kind not in ("anonymous", "group") and cluster.kind != kind and not (
                {kind, cluster.kind} <= {"government", "organization", "military_unit"}):
            continue
        if carries_role(cluster, words):
            best, best_end = cluster, max(ends)
    return best


def carries_role(cluster: Cluster, words: list[str]) -> bool:
    """Whether the cluster's name, descriptions or known roles hold one of ``words``."""
    text = cluster.role_text()
    return any(f" {w} " in text or f" {w}s " in text for w in words)


def named_later(nominal: Cluster, head: str, clusters: list[Cluster]) -> Cluster | None:
    """The person a role noun announces before naming him: "a Ukrainian army spokesman
    said ...", then "Colonel Taras Melnychuk, spokesman for the Southern Shield group".
    Only when exactly one named person first mentioned after it carries the role noun,
    on no other side."""
    words = role_words(head)
    later = [c for c in clusters if c.named and c.kind == "person" and not c.plural and c.first > nominal.first
             and (nominal.side == "unknown" or c.side in ("unknown", nominal.side)) and carries_role(c, words)]
    return later[0] if len(later) == 1 else None


def same_person(cluster: Cluster, name: str) -> bool:
    """Whether ``name`` is this person's full name or a part of it ("Shtupun")."""
    if cluster.kind != "person":
        return False
    mine = [t.lower() for t in cluster.name.replace("-", " ").split()]
    theirs = [t.lower() for t in name.replace("-", " ").split()]
    if not mine or not theirs:
        return False
    if mine == theirs:
        return True
    if len(theirs) == 1:
        return theirs[0] == mine[-1]
    if len(mine) == 1:
        return mine[0] == theirs[-1]
    # "Vladimir Putin" vs "Vladimir Vladimirovich Putin"
    return mine[-1] == theirs[-1] and mine[0] == theirs[0]
