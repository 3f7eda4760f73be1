"""Load the extraction data files under loaders/data once, as one frozen `Lexicon` of plain sets and dicts.

Every cue word, pattern and gazetteer the extractor uses lives in those files, so adding a verb for
SUPPLIED_TO or a known NGO is a data change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.model import name_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Frame:
    """How one verb or noun states one relation: where its source and target come from."""

    type: str
    subject: str
    object: tuple[str, ...]
    product: tuple[str, ...] = ()
    object_types: frozenset[str] = frozenset()
    subject_types: frozenset[str] = frozenset()
    requires_prep: dict[str, frozenset[str]] | None = None
    requires_particle: str = ""
    requires_object: frozenset[str] = frozenset()
    role: str = ""


@dataclass(frozen=True)
class Lexicon:
    """All cue words and gazetteers, as sets and dicts keyed by lower-case lemma or folded name."""

    gazetteer: dict[str, str]
    cue_words: tuple[tuple[str, frozenset[str]], ...]
    cue_suffixes: tuple[tuple[str, frozenset[str]], ...]
    corporate_suffixes: frozenset[str]
    company_suffixes: frozenset[str]
    parties: frozenset[str]
    not_surnames: frozenset[str]
    secretary_departments: dict[str, str]
    descriptions: dict[str, tuple[str, ...]]
    type_nouns: dict[str, str]
    government_nouns: frozenset[str]
    honorifics: frozenset[str]
    title_bodies: dict[str, str]
    roles: frozenset[str]
    member_roles: frozenset[str]
    role_modifiers: frozenset[str]
    verb_frames: dict[str, tuple[Frame, ...]]
    noun_frames: dict[str, Frame]
    adjective_frames: dict[str, Frame]
    response_verbs: frozenset[str]
    response_nouns: frozenset[str]
    messages: frozenset[str]
    located_participles: frozenset[str]
    located_nouns: frozenset[str]
    founding_verbs: frozenset[str]
    report_nouns: frozenset[str]
    state_probes: frozenset[str]
    about_preps: frozenset[str]
    report_verbs_that: frozenset[str]
    status: dict[str, frozenset[str]]
    wire_agencies: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    place_prefixes: frozenset[str] = frozenset()
    media_cues: frozenset[str] = frozenset()
    publish_verbs: frozenset[str] = frozenset()
    report_verbs: frozenset[str] = frozenset()
    relational_nouns: dict[str, tuple[str, str]] | None = None
    not_name_heads: frozenset[str] = frozenset()
    attack_verbs: frozenset[str] = frozenset()
    author_verbs: frozenset[str] = frozenset()
    company_roles: frozenset[str] = frozenset()
    penalty_verbs: frozenset[str] = frozenset()
    penalty_nouns: frozenset[str] = frozenset()
    title_body_words: dict[str, str] | None = None
    offer_verbs: frozenset[str] = frozenset()
    list_verbs: frozenset[str] = frozenset()
    bare_list_verbs: frozenset[str] = frozenset()
    list_nouns: frozenset[str] = frozenset()
    org_evidence: dict[str, frozenset[str]] | None = None
    product_heads: frozenset[str] = frozenset()
    weak_product_heads: frozenset[str] = frozenset()
    courtesy_titles: frozenset[str] = frozenset()
    gazetteer_heads: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    demonym_endings: tuple[str, ...] = ()
    title_leads: frozenset[str] = frozenset()
    copulas: frozenset[str] = frozenset()
    place_preps: frozenset[str] = frozenset()
    companion_preps: frozenset[str] = frozenset()
    name_connectors: frozenset[str] = frozenset()


def _read(name: str) -> dict[str, Any]:
    """Parse one YAML data file."""
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _low(items: list[str] | None) -> frozenset[str]:
    """A frozen set of the lower-cased items; a YAML boolean among them (an unquoted on, no, yes) is refused."""
    for x in items or ():
        if isinstance(x, bool):
            raise ValueError(f"loaders/data: {x!r} in {items!r} is a YAML boolean, not a word; quote it")
    return frozenset(str(x).lower() for x in items or ())


def _frame(spec: dict[str, Any], role: str = "") -> Frame:
    """A `Frame` from its YAML spec."""
    requires = spec.get("requires_prep")
    return Frame(
        type=spec["type"],
        subject=spec.get("subject", spec.get("holder", "source")),
        object=tuple(spec.get("object") or ()),
        product=tuple(spec.get("product") or ()),
        object_types=frozenset(spec.get("object_types") or ()),
        subject_types=frozenset(spec.get("subject_types") or ()),
        requires_prep={k: _low(v) for k, v in requires.items()} if requires else None,
        requires_particle=spec.get("requires_particle", ""),
        requires_object=_low(spec.get("requires_object")),
        role=role,
    )


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the data files once per process."""
    ents = _read("entities.yaml")
    roles = _read("roles.yaml")
    rels = _read("relations.yaml")
    status = _read("status.yaml")
    domain = _read("gazetteer.yaml")  # the trade's well-known names; entities.yaml's short list wins a clash
    gazetteer = {name_key(str(n)): t for source in (domain, ents["gazetteer"]) for t, names in source.items()
                 for n in names}
    cue_words = tuple((t, _low(c.get("word"))) for t, c in ents["type_cues"].items() if c.get("word"))
    cue_suffixes = tuple((t, _low(c.get("suffix"))) for t, c in ents["type_cues"].items() if c.get("suffix"))
    type_nouns: dict[str, str] = {}
    for etype, nouns in ents["type_nouns"].items():
        for noun in nouns:
            type_nouns.setdefault(noun.lower(), etype)
    verb_frames: dict[str, tuple[Frame, ...]] = {
        lemma: tuple(_frame(f) for f in frames) for lemma, frames in rels["verbs"].items()
    }
    for lemma, role in roles["role_verbs"].items():
        frame = Frame("HAS_ROLE_AT", "source", ("dobj",), subject_types=frozenset({"Person"}), role=role)
        verb_frames[lemma] = (*verb_frames.get(lemma, ()), frame)
    for lemma, preps in roles["work_verbs"].items():
        frame = Frame(
            "HAS_ROLE_AT", "source", tuple(f"prep:{p}" for p in preps), subject_types=frozenset({"Person"})
        )
        verb_frames[lemma] = (*verb_frames.get(lemma, ()), frame)
    for lemma in roles["employment_passives"]:
        frame = Frame("HAS_ROLE_AT", "target", ("dobj",), object_types=frozenset({"Person"}))
        verb_frames[lemma] = (*verb_frames.get(lemma, ()), frame)
    return Lexicon(
        gazetteer=gazetteer,
        cue_words=cue_words,
        cue_suffixes=cue_suffixes,
        corporate_suffixes=_low(ents["corporate_suffixes"]),
        company_suffixes=_low(ents["type_cues"]["Company"]["suffix"]),
        parties=_low(ents.get("parties")),
        not_surnames=_low(ents.get("not_surnames")),
        secretary_departments={str(k).lower(): str(v) for k, v in (roles.get("secretary_departments") or {}).items()},
        descriptions={k.lower(): tuple(v) for k, v in ents["descriptions"].items()},
        type_nouns=type_nouns,
        government_nouns=_low(ents["government_nouns"]),
        honorifics=_low(ents["honorifics"]),
        title_bodies={k.lower(): v for k, v in ents["title_bodies"].items()},
        roles=_low(roles["roles"]),
        member_roles=_low(roles["member_roles"]),
        company_roles=_low(roles.get("company_roles")),
        penalty_verbs=_low(rels["sanction_lists"].get("penalty_verbs")),
        penalty_nouns=_low(rels["sanction_lists"].get("penalty_nouns")),
        title_body_words={str(k).lower(): str(v).lower() for k, v in (roles.get("title_body_words") or {}).items()},
        role_modifiers=_low(roles["role_modifiers"]),
        verb_frames=verb_frames,
        noun_frames={k: _frame(v) for k, v in rels["nouns"].items()},
        adjective_frames={k: _frame(v) for k, v in (rels.get("adjectives") or {}).items()},
        response_verbs=_low(rels["responses"]["verbs"]),
        response_nouns=_low(rels["responses"]["nouns"]),
        messages=_low(rels["responses"]["messages"]),
        located_participles=_low(rels["located"]["participles"]),
        located_nouns=_low(rels["located"]["nouns"]),
        founding_verbs=_low(rels["located"].get("founding")),
        report_nouns=_low(rels["reports"]["nouns"]),
        state_probes=_low(rels["reports"].get("state_probes")),
        about_preps=_low(rels["reports"]["about_preps"]),
        report_verbs_that=_low(rels["reports"]["verbs_that"]),
        publish_verbs=_low(rels["reports"]["publish_verbs"]),
        author_verbs=_low(rels["reports"].get("author_verbs")),
        report_verbs=_low(rels["reports"]["verbs_that"]) | _low(rels["reports"]["verbs_about"]),
        relational_nouns={k.lower(): (v["type"], v["possessor"]) for k, v in rels["relational_nouns"].items()},
        status={k: _low(v) for k, v in status.items()},
        wire_agencies=frozenset(name_key(n) for n in ents.get("wire_agencies") or ()),
        languages=_low(ents.get("languages")),
        place_prefixes=_low(ents.get("place_prefixes")),
        not_name_heads=_low(ents.get("not_name_heads")),
        list_verbs=_low(rels["sanction_lists"]["verbs"]),
        bare_list_verbs=_low(rels["sanction_lists"]["bare_verbs"]),
        list_nouns=_low(rels["sanction_lists"]["nouns"]),
        org_evidence={k: _low(v) for k, v in ents["org_evidence"].items()},
        product_heads=_low(ents.get("product_heads")),
        weak_product_heads=_low(ents.get("weak_product_heads")),
        attack_verbs=_low((ents.get("product_uses") or {}).get("attacked_with")),
        offer_verbs=_low((ents.get("product_uses") or {}).get("offers_its")),
        courtesy_titles=_low(ents.get("courtesy_titles")),
        gazetteer_heads=_low(ents.get("name_tail_words")),
        group_nouns=_low(rels.get("group_nouns")),
        org_heads=_low(rels.get("org_heads")),
        demonym_endings=tuple(str(x).lower() for x in ents.get("demonym_endings") or ()),
        title_leads=_low(rels["reports"].get("title_leads")),
        copulas=_low(rels.get("copulas")),
        place_preps=_low(ents.get("place_preps")),
        companion_preps=_low(rels["sanction_lists"].get("companion_preps")),
        name_connectors=_low(ents.get("name_connectors")),
        media_cues=_low(ents["type_cues"]["MediaOutlet"]["word"]) | _low(ents.get("media_name_cues")),
    )
