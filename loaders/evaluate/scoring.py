"""Score an `Extraction` against a gold graph: per relation type and micro precision, recall and F1.

Rules (see ../shared/gold/README.md): an entity matches by name or alias, ignoring case, punctuation,
leading articles and corporate suffixes; an unnamed report matches the gold report its publisher PUBLISHED;
optional gold relations count when found and are not missed when absent; MENTIONS and relations whose
status is not factual are not predictions; forbidden names must not be entities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model import Extraction, name_key
from graph.schema import load_schema

CORPORATE_SUFFIXES = frozenset(
    {
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "co",
        "gmbh",
        "ag",
        "sa",
        "nv",
        "bv",
        "spa",
        "srl",
        "pty",
        "pte",
    }
)


def match_key(name: str) -> str:
    """The form names are compared in: folded, no leading article, no trailing corporate suffix."""
    words = name_key(name).split()
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()

    def keys(self) -> set[str]:
        """Comparison keys of the name and every alias."""
        return {match_key(n) for n in (self.name, *self.aliases)}


@dataclass(frozen=True)
class GoldRelation:
    source: str
    type: str
    target: str
    optional: bool = False


@dataclass(frozen=True)
class GoldGraph:
    """One document's gold: its entities, relations and forbidden names."""

    document: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    forbidden: tuple[str, ...] = ()


@dataclass
class Counts:
    """True positives, predictions and gold for one relation type."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        """Add another count to this one."""
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        """True positives over predictions (0 when nothing was predicted)."""
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        """True positives over gold relations (0 when there is no gold)."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Counts per relation type, plus the relations got wrong or missed and forbidden entities found."""

    by_type: dict[str, Counts] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)

    def counts(self, rtype: str) -> Counts:
        """The counts of one relation type, created on first use."""
        return self.by_type.setdefault(rtype, Counts())

    @property
    def micro(self) -> Counts:
        """Counts summed over every relation type."""
        total = Counts()
        for c in self.by_type.values():
            total.add(c)
        return total

    def merge(self, other: Score) -> None:
        """Add another score (counts, errors, forbidden names) to this one."""
        for rtype, c in other.by_type.items():
            self.counts(rtype).add(c)
        self.wrong += other.wrong
        self.missed += other.missed
        self.forbidden += other.forbidden


def _gold_index(gold: GoldGraph) -> dict[str, str]:
    """Every comparison key of every gold entity -> that entity's canonical name (names win over aliases)."""
    index: dict[str, str] = {}
    for ent in gold.entities:
        for key in sorted(ent.keys(), key=lambda k: k != match_key(ent.name)):
            index.setdefault(key, ent.name)
    for ent in gold.entities:
        index[match_key(ent.name)] = ent.name
    return index


def predicted_relations(extraction: Extraction) -> list[tuple[str, str, str, str]]:
    """Factual, non-MENTIONS relations as (type, source id, target id, evidence)."""
    schema = load_schema()
    return [
        (r.type, r.source, r.target, r.evidence)
        for r in extraction.relations
        if r.type != schema.mention_relation and schema.statuses.get(r.status, False)
    ]


def map_entities(extraction: Extraction, gold: GoldGraph) -> dict[str, str]:
    """Predicted entity id -> gold entity name, by name or alias, then unnamed reports by their publisher."""
    index = _gold_index(gold)
    mapping: dict[str, str] = {}
    for ent in extraction.entities:
        for form in (ent.name, *ent.aliases):
            key = match_key(form)
            if key in index:
                mapping[ent.id] = index[key]
                break
    types = {e.id: e.type for e in extraction.entities}
    published = {(g.source, g.target) for g in gold.relations if g.type == "PUBLISHED"}
    gold_reports = {e.name for e in gold.entities if e.type == "Report"}
    for rtype, src, tgt, _ in predicted_relations(extraction):
        if rtype == "PUBLISHED" and types.get(tgt) == "Report" and tgt not in mapping and src in mapping:
            reports = sorted(r for (p, r) in published if p == mapping[src] and r in gold_reports)
            if reports:
                mapping[tgt] = reports[0]
    return mapping


def score_extraction(extraction: Extraction, gold: GoldGraph) -> Score:
    """Score one document's extraction against its gold graph."""
    score = Score()
    mapping = map_entities(extraction, gold)
    names = {e.id: e.name for e in extraction.entities}
    forbidden = {match_key(f): f for f in gold.forbidden}
    for ent in extraction.entities:
        for form in (ent.name, *ent.aliases):
            if match_key(form) in forbidden:
                score.forbidden.append(f"{gold.document}: {ent.name} ({ent.type})")
                break
    gold_set = {(g.type, g.source, g.target): g for g in gold.relations}
    seen: set[tuple[str, str, str]] = set()
    for rtype, src, tgt, evidence in predicted_relations(extraction):
        key = (
            rtype,
            mapping.get(src, "?" + names.get(src, src)),
            mapping.get(tgt, "?" + names.get(tgt, tgt)),
        )
        if key in seen:
            continue
        seen.add(key)
        counts = score.counts(rtype)
        counts.pred += 1
        if key in gold_set:
            counts.tp += 1
            if gold_set[key].optional:
                counts.gold += 1
        else:
            score.wrong.append(f"{gold.document}: {key[1]} -{rtype}-> {key[2]}  | {evidence[:140]}")
    for key, g in gold_set.items():
        if not g.optional:
            score.counts(g.type).gold += 1
            if key not in seen:
                score.missed.append(f"{gold.document}: {g.source} -{g.type}-> {g.target}")
    return score


def total(scores: Iterable[Score]) -> Score:
    """Merge per-document scores into one."""
    out = Score()
    for s in scores:
        out.merge(s)
    return out


def format_table(score: Score, title: str) -> str:
    """A plain-text table of P/R/F1 per relation type and micro-averaged."""
    rows = [f"{title}", f"{'type':<14}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for rtype in sorted(score.by_type):
        c = score.by_type[rtype]
        rows.append(
            f"{rtype:<14}{c.gold:>6}{c.pred:>6}{c.tp:>6}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}"
        )
    m = score.micro
    rows.append(
        f"{'micro':<14}{m.gold:>6}{m.pred:>6}{m.tp:>6}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}"
    )
    return "\n".join(rows)
