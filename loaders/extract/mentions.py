"""Find entity mentions in a parsed document: fixed-up NER spans, missed names, state bodies, descriptions,
pronouns and unnamed reports. Pure function of the spaCy `Doc` and the lexicon; one pass over tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from graph.model import name_key
from loaders.extract.lexicon import Lexicon

# The schema's organisation types (graph/schema.yaml `groups.organisation`), for the rules' type checks.
ORG_TYPES = frozenset({"Company", "Organization", "NGO", "GovernmentBody", "MediaOutlet"})
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
_EXTEND_HEADS = {
    "commission",
    "committee",
    "council",
    "ministry",
    "department",
    "institute",
    "university",
    "centre",
    "center",
    "office",
    "bureau",
    "court",
    "association",
    "league",
    "federation",
    "union",
    "party",
    "foundation",
    "agency",
    "board",
    "school",
    "academy",
    "society",
    "college",
}
_EXTEND_PREPS = {"on", "of", "for"}
_PRONOUNS = {
    "it": "it",
    "its": "it",
    "their": "it",
    "they": "it",
    "he": "he",
    "his": "he",
    "she": "he",
    "her": "he",
    "him": "he",
}
_QUOTES = "\"'\u2018\u2019\u201c\u201d"


@dataclass
class Mention:
    """A stretch of tokens naming or pointing at an entity.

    `kind` is name, description, pronoun, report, body (state body from a common noun) or derived (an
    entity implied by a title, with no tokens of its own). `ref` links a report to its publisher's mention
    or a body to its place's mention; `role` is a title written before a person's name; `kind_noun` is the
    type noun the name modifies ("the Minox company"), whose form names the entity but never becomes its name.
    """

    start: int
    end: int
    head: int
    text: str
    label: str
    kind: str = "name"
    type: str = ""
    role: str = ""
    role_start: int = -1
    ref: int = -1
    noun: str = ""
    entity: int = -1
    aliases: list[str] = field(default_factory=list)
    anchor: int = -1
    kind_noun: int = -1


def _strip_edges(span: Span, lex: Lexicon, label: str) -> tuple[int, int, str]:
    """Token bounds of a name without determiners, possessives, quotes, titles and '-based' prefixes."""
    start, end = span.start, span.end
    doc = span.doc
    role_start = -1
    while start < end:
        tok = doc[start]
        low = tok.lower_.rstrip(".")
        if tok.dep_ == "det" or tok.lower_ in ("the", "a", "an") or tok.text in _QUOTES or tok.is_punct:
            start += 1
        elif label == "PERSON" and end - start > 1 and (low in lex.honorifics or low in lex.roles):
            role_start = start if role_start < 0 else role_start
            start += 1
        elif (
            end - start > 2
            and doc[start + 1].text in ("-", "\u2010")
            and doc[start + 2].lemma_ in (lex.located_participles)
        ):
            start += 3
        else:
            break
    while (
        label in ("ORG", "GPE", "NORP")
        and end - start > 1
        and len(doc[end - 1].lower_.rstrip(".")) <= 4
        and doc[end - 1].lower_.rstrip(".") in lex.honorifics
    ):
        end -= 1  # "Coast Guard Lt." -> "Coast Guard": an abbreviated title written after the body it belongs to
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or (doc[end - 1].is_punct and doc[end - 1].text != ".")
        or doc[end - 1].text in _QUOTES
        or doc[end - 1].is_space
        or (doc[end - 1].pos_ in ("ADP", "CCONJ") and doc[end - 1].is_lower)  # "The Citizen Lab in [Toronto]"
    ):
        end -= 1
    return start, end, ("" if role_start < 0 else doc[role_start:start].text)


def _extend_tail(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> int:
    """Words the model left off the end of a name: a company suffix after an organisation ('Clearview [AI]',
    'Acme [Technologies]') and one or two capitalised proper nouns after a person ('Sara Aleksandra [Fayssal
    Hamou]'), when no entity of the model holds them."""
    n = len(doc)
    if label == "ORG":
        nxt = doc[end] if end < n else None
        if nxt is not None and not nxt.ent_type_ and (nxt.is_title or nxt.is_upper):
            return end + 1 if nxt.lower_.rstrip(".") in lex.company_suffixes else end
        return end
    if label != "PERSON":
        return end
    j = end
    while (
        j < n
        and j - end < 2
        and not doc[j].ent_type_
        and doc[j].pos_ == "PROPN"
        and doc[j].is_title
        and doc[j].is_alpha
        and doc[j].lower_ not in lex.roles
        and doc[j].lower_ not in lex.honorifics
        and doc[j].lower_ not in lex.company_suffixes
    ):
        j += 1
    return j


def _extend(doc: Doc, start: int, end: int) -> int:
    """Extend an organisation name over 'on/of/for Capitalised Words' when its head is a body noun."""
    if doc[end - 1].lower_ not in _EXTEND_HEADS or end + 1 >= len(doc):
        return end
    if doc[end].lower_ not in _EXTEND_PREPS:
        return end
    j = end + 1
    while (
        j < len(doc)
        and (
            doc[j].pos_ == "PROPN"
            or (doc[j].lower_ in ("and", "of", "the") and j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN")
        )
        and not doc[j].is_punct
        and doc[j].ent_type_ not in ("DATE", "TIME")  # "the Commission on Friday fined ..."
    ):
        j += 1
    if j == end + 1 or doc[j - 1].pos_ != "PROPN":
        return end
    return j


def span_text(doc: Doc, start: int, end: int) -> str:
    """Span text with curly apostrophes straightened and white space squeezed."""
    return " ".join(doc[start:end].text.replace("\u2019", "'").split())


def _parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at parentheses and line breaks: 'PRD (Party of the Democratic Revolution)' is two names."""
    parts: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end):
        if doc[i].text in ("(", ")") or (doc[i].is_space and "\n" in doc[i].text):  # no name spans a line break
            if i > begin:
                parts.append((begin, i))
            begin = i + 1
    if end > begin:
        parts.append((begin, end))
    return parts


def _home_split(doc: Doc, start: int, end: int, label: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """'Acme Corp. of Pittsburgh', 'Acme Co. of McCook, Ill.': a company name the model ran on over 'of' and
    its home town is the company and one place per comma-separated part. Only after a corporate suffix
    ('Corp.', 'Co.', 'Inc.'), so 'Bank of America' and 'University of California, Berkeley' stay one name."""
    whole = [(start, end, label)]
    if label != "ORG":
        return whole
    for k in range(start + 1, end - 1):
        if doc[k].lower_ != "of":
            continue
        words = doc[k + 1 : end]
        if not all(t.is_title or t.text == "," or t.text.endswith(".") for t in words):
            return whole
        if doc[k - 1].lower_.rstrip(".") not in lex.corporate_suffixes:
            return whole
        commas = [t.i for t in words if t.text == ","]
        places: list[tuple[int, int, str]] = []
        begin = k + 1
        for c in [*commas, end]:
            if c > begin:
                places.append((begin, c, "GPE"))
            begin = c + 1
        return [(start, k, "ORG"), *places]
    return whole


def language_at(doc: Doc, k: int, lex: Lexicon) -> bool:
    """Whether a language's name starts at token `k` ('Russian', 'Serbo-Croatian')."""
    if k >= len(doc):
        return False
    if doc[k].lower_ in lex.languages:
        return True
    return k + 2 < len(doc) and doc[k + 1].text == "-" and doc[k : k + 3].text.lower() in lex.languages


def _language_named(doc: Doc, start: int, lex: Lexicon) -> bool:
    """Whether the words from `start` name a language after 'in' ('in Russian', 'in Serbo-Croatian')."""
    return start > 0 and doc[start - 1].lower_ == "in" and language_at(doc, start, lex)


def _ner_mentions(doc: Doc, lex: Lexicon, taken: list[int], offset: int = 0) -> list[Mention]:
    """The model's named entities as mentions, edges stripped; `offset` is the number of mentions before."""
    out: list[Mention] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in NAME_LABELS:
            continue
        pieces = [
            piece
            for part_start, part_end in _parts(doc, ent.start, ent.end)
            for piece in _home_split(doc, part_start, part_end, label, lex)
        ]
        for part_start, part_end, label in pieces:
            start, end, role = _strip_edges(doc[part_start:part_end], lex, label)
            if start >= end:
                continue
            if label == "ORG" and len(pieces) == 1:
                end = _extend(doc, start, end)
            if part_end == ent.end:
                end = _extend_tail(doc, start, end, label, lex)
            if label in ("GPE", "NORP") and end - start == 1 and doc[start].tag_ == "NNPS":
                continue
            if label in ("GPE", "NORP", "LOC") and _language_named(doc, start, lex):
                continue  # "in Russian", "in Serbo-Croatian 2000 GMT": a language, not a place
            if end - start == 1 and doc[start].is_alpha and doc[start].is_lower:
                continue  # "Ethiopia's capitol": one lower-case word is not a name ("netzpolitik.org" may be)
            if end - start == 1 and doc[start].lower_ in lex.roles:
                continue  # "David Murphy, COO and president of ...": a title, not an organisation
            if any(taken[i] >= 0 for i in range(start, end)):
                continue
            head = doc[start:end].root.i
            titled = label in ("WORK_OF_ART", "PRODUCT")
            if titled and lex.gazetteer.get(name_key(span_text(doc, start, end))) in ORG_TYPES:
                label = "ORG"  # "The Citizen Lab's report": the model took a known organisation for a title
            m = Mention(
                start,
                end,
                head,
                span_text(doc, start, end),
                label,
                role=role,
                role_start=part_start if role else -1,
            )
            if role and label == "PERSON" and role.split()[-1].lower().rstrip(".") in lex.courtesy_titles:
                m.aliases.append(f"{role.split()[-1]} {m.text}")  # "Mrs. Higgins" names her as well as "Higgins"
            for i in range(start, end):
                taken[i] = offset + len(out)
            out.append(m)
    return out


def _is_name_token(tok: Token, lex: Lexicon) -> bool:
    """A capitalised proper noun that is not a title or role word."""
    return (
        tok.tag_ == "NNP"
        and tok.is_title
        and tok.is_alpha
        and len(tok) > 1
        and tok.lower_ not in lex.roles
        and tok.lower_ not in lex.honorifics
        and tok.lower_ not in lex.role_modifiers
    )


def claim(taken: list[int], mentions: list[Mention], mention: Mention) -> None:
    """Add a mention and mark its tokens as held by it, so no later step takes them again."""
    for k in range(mention.start, mention.end):
        taken[k] = len(mentions)
    mentions.append(mention)


def free_runs(doc: Doc, taken: list[int], accept: Callable[[Token], bool], longest: int | None = None
              ) -> Iterator[tuple[int, int]]:
    """Maximal runs [i, j) of tokens no mention holds that `accept` admits (at most `longest` long), left to right."""
    i, n = 0, len(doc)
    while i < n:
        if taken[i] >= 0 or not accept(doc[i]):
            i += 1
            continue
        j = i
        while j < n and (longest is None or j - i < longest) and taken[j] < 0 and accept(doc[j]):
            j += 1
        yield i, j
        i = j


def _missed_people(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """Add runs of 2-3 capitalised proper nouns that the model left out, when they stand where people do."""
    for i, j in free_runs(doc, taken, lambda tok: _is_name_token(tok, lex)):
        if 2 <= j - i <= 3:
            last = doc[j - 1]
            near_role = last.dep_ == "appos" and (last.head.lower_ in lex.roles or last.head.ent_type_ != "")
            role_child = any(c.dep_ == "appos" and c.lower_ in lex.roles for c in last.children)
            titled = i > 0 and (
                doc[i - 1].lower_.rstrip(".") in lex.honorifics or doc[i - 1].lower_ in lex.roles
            )
            speaker = last.dep_ == "nsubj" and last.head.lemma_ in ("say", "tell", "add", "state", "write")
            if near_role or role_child or titled or speaker:
                role = doc[i - 1].text if titled and doc[i - 1].lower_ in lex.roles else ""
                claim(taken, mentions, Mention(
                    i, j, j - 1, span_text(doc, i, j), "PERSON", role=role, role_start=i - 1 if role else -1
                ))


def _preps(tok: Token, words: frozenset[str] | set[str]) -> list[Token]:
    """Prepositions among `words` attached to `tok`, or standing right after it (the parser often attaches
    'police in X' or 'findings by X' to the verb)."""
    out = [c for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in words]
    nxt = tok.i + 1
    if (
        not out
        and nxt < len(tok.doc)
        and tok.doc[nxt].lower_ in words
        and tok.doc[nxt].dep_ in ("prep", "agent")
    ):
        out.append(tok.doc[nxt])
    return out


_ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj"}


def _verb_of(tok: Token) -> Token:
    """The verb an argument hangs from (through a preposition for a pobj)."""
    head = tok.head
    if tok.dep_ in ("pobj",) and head.dep_ in ("prep", "agent", "dative"):
        head = head.head
    return head


def _capitalised_name(tok: Token, lex: Lexicon) -> bool:
    """A capitalised word that may be part of a name the model missed (the small model often tags an unknown
    company name opening a sentence as a common noun)."""
    if not tok.is_alpha or not (tok.is_title or tok.is_upper) or tok.ent_type_:
        return False
    if tok.pos_ == "PROPN":
        return True
    low = tok.lower_
    return (
        tok.tag_ == "NN"
        and low not in lex.government_nouns
        and low not in lex.descriptions
        and low not in lex.report_nouns
        and low not in lex.roles
    )


def _missed_names(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """Add proper-noun runs the model did not tag that stand as arguments of a relation verb (ORG)."""
    for i, j in free_runs(doc, taken, lambda tok: _capitalised_name(tok, lex), longest=5):
        run = doc[i:j]
        root = run.root
        verb = _verb_of(root)
        low = {t.lower_.rstrip(".") for t in run}
        relational = verb.lemma_.lower() in lex.verb_frames or any(
            c.dep_ in ("xcomp", "ccomp", "pcomp") and c.lemma_.lower() in lex.verb_frames
            for c in verb.children
        )
        if root.dep_ in _ARG_DEPS and relational and not low & lex.honorifics and not low & lex.roles:
            claim(taken, mentions, Mention(i, j, root.i, span_text(doc, i, j), "ORG"))


def _names_by_kind_nouns(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """'the Varnox company', 'the Brela meteorological institute', 'tech company SMSICT': an untagged proper-noun
    run that modifies an organisation's type noun (at most one word before it) or follows it as its name is
    that organisation's name."""

    def kind_of(noun: Token) -> str | None:
        """The organisation type a common noun names, if any."""
        kind = lex.type_nouns.get(noun.lemma_.lower()) if noun.pos_ == "NOUN" else None
        return kind if kind in ORG_TYPES - {"Organization"} else None

    def accept(tok: Token) -> bool:
        """A capitalised proper noun, or any all-capitals word ('SMSICT', which the model may take for a verb)."""
        return tok.is_alpha and ((tok.pos_ == "PROPN" and tok.is_title) or (tok.is_upper and len(tok) > 1))

    for i, j in free_runs(doc, taken, accept, longest=4):
        root = doc[i:j].root
        words = {t.lower_.rstrip(".") for t in doc[i:j]}
        if words & (lex.honorifics | lex.roles):
            continue
        before = root.dep_ in ("compound", "nmod") and 0 <= root.head.i - j <= 1 and kind_of(root.head)
        after = i > 0 and kind_of(doc[i - 1]) and (doc[i - 1].head.i == root.i or root.head.i == i - 1)
        if before or after:
            claim(taken, mentions, Mention(i, j, root.i, span_text(doc, i, j), "ORG"))


def _place_of(tok: Token, taken: list[int], mentions: list[Mention], demonyms: tuple[str, ...] = ()) -> int:
    """The mention of the place a state-body noun belongs to: 'Chinese police', 'police in X's Y region'."""
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "poss", "nmod") and taken[child.i] >= 0:
            m = mentions[taken[child.i]]
            demonym = m.end - m.start == 1 and m.text.lower().endswith(demonyms)  # "the Emirati government"
            if m.label in ("GPE", "NORP", "LOC") or demonym:
                return taken[child.i]
    if tok.dep_ == "compound" and tok.head.dep_ != "compound":
        for child in tok.head.children:
            if (
                child.i < tok.i
                and child.dep_ in ("amod", "compound")
                and taken[child.i] >= 0
                and mentions[taken[child.i]].label in ("GPE", "NORP", "LOC")
            ):
                return taken[child.i]
    heads = [tok, tok.head] if tok.dep_ == "compound" else [tok]
    for prep in (p for h in heads for p in _preps(h, {"in", "of"})):
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            if taken[pobj.i] >= 0 and mentions[taken[pobj.i]].label in ("GPE", "LOC"):
                return taken[pobj.i]
            found = -1
            for child in pobj.children:
                if (
                    child.dep_ in ("compound", "amod", "poss")
                    and taken[child.i] >= 0
                    and mentions[taken[child.i]].label in ("GPE", "LOC")
                ):
                    found = taken[child.i]
            if found >= 0:
                return found
    return -1


def _named_by(tok: Token, taken: list[int], mentions: list[Mention], lex: Lexicon) -> int:
    """The name mention a token is, or that a people noun stands for ('researchers from Kaspersky'), or -1."""
    if taken[tok.i] >= 0:
        return taken[tok.i]
    if tok.lower_ in lex.group_nouns:
        named = [c for c in tok.children if c.dep_ == "appos"]  # "researchers from cybersecurity giant X"
        for prep in _preps(tok, {"at", "of", "from", "with"}):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                named += [pobj, *(c for c in pobj.children if c.dep_ in ("appos", "compound"))]
        for t in named:
            if taken[t.i] >= 0 and mentions[taken[t.i]].label in ("ORG", "PERSON"):
                return taken[t.i]
    return -1


def _publisher_of(tok: Token, taken: list[int], mentions: list[Mention], lex: Lexicon) -> int:
    """The mention of who wrote a report noun: 'HRW report', 'HRW (X) report', 'X's report', 'report by X', 'an
    investigation published by X', 'researchers from X published a report'."""
    doc = tok.doc
    i = tok.i - 1
    while i >= 0 and doc[i].dep_ in ("amod", "compound", "nmod") and taken[i] < 0 and doc[i].pos_ != "PROPN":
        i -= 1
    if i >= 2 and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3
    if i >= 0 and taken[i] >= 0 and mentions[taken[i]].label in ("ORG", "PERSON"):
        return taken[i]
    for child in tok.children:
        if (
            child.dep_ == "poss"
            and taken[child.i] >= 0
            and mentions[taken[child.i]].label in ("ORG", "PERSON", "DESC", "PRON")
        ):
            return taken[child.i]
    for prep in _preps(tok, {"by", "from", "of"}):
        for pobj in prep.children:
            if pobj.dep_ != "pobj" or (prep.lower_ == "of" and taken[pobj.i] >= 0):
                continue  # "the analysis of experts from X", but a report "of X" is about X
            named = _named_by(pobj, taken, mentions, lex)
            if named >= 0 and mentions[named].label in ("ORG", "PERSON"):
                return named
    for verb in (c for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in lex.publish_verbs):
        for agent in (c for c in verb.children if c.dep_ == "agent"):  # "an investigation published by X"
            for pobj in agent.children:
                if pobj.dep_ == "pobj" and taken[pobj.i] >= 0 and mentions[taken[pobj.i]].label in ("ORG", "PERSON"):
                    return taken[pobj.i]
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ in ("VERB", "AUX"):
        for child in head.head.children:  # "In a 2014 report, the lab showed ..."
            if child.dep_ == "nsubj" and taken[child.i] >= 0 and mentions[taken[child.i]].label != "PRON":
                return taken[child.i]
    if tok.dep_ in ("dobj",) and head.lemma_ in ("publish", "release", "issue", "produce"):
        for child in head.children:
            named = _named_by(child, taken, mentions, lex) if child.dep_ == "nsubj" else -1
            if named >= 0:
                return named
            if child.dep_ == "nsubj":  # "Google's Project Zero team published an analysis"
                named = [c for c in child.children if c.dep_ in ("compound", "nmod") and taken[c.i] >= 0]
                if named and mentions[taken[named[-1].i]].label in ("ORG", "PERSON"):
                    return taken[named[-1].i]
    return -1


def place_of_description(tok: Token, lex: Lexicon) -> Token | None:
    """'the Waltham, Massachusetts-based company': the model often makes the city the noun phrase's head and the
    described noun its apposition. Returns that appositive noun (with a '-based' modifier) or None."""
    for c in tok.children:
        if c.dep_ != "appos" or c.pos_ != "NOUN" or c.i <= tok.i:
            continue
        if any(a.lemma_.lower() in lex.located_participles and a.i < c.i for a in c.children if a.dep_ == "amod"):
            return c
        doc = tok.doc
        if (  # "the Waltham, Massachusetts, company"
            c.lemma_.lower() in lex.descriptions
            and c.i - tok.i <= 5
            and doc[c.i - 1].text == ","
            and any(doc[k].ent_type_ in ("GPE", "LOC") for k in range(tok.i + 1, c.i))
            and not any(a.dep_ == "det" for a in c.children)
        ):
            return c
    return None


def _common_noun_mentions(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """State bodies, definite descriptions, pronouns and unnamed reports, in one pass over tokens."""
    for tok in doc:
        if taken[tok.i] >= 0:
            continue
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in _PRONOUNS and tok.dep_ not in ("expl",):
                taken[tok.i] = len(mentions)
                mentions.append(
                    Mention(tok.i, tok.i + 1, tok.i, tok.text, "PRON", kind="pronoun", noun=_PRONOUNS[low])
                )
            continue
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = tok.lemma_.lower()
        if low in lex.government_nouns or lemma in lex.government_nouns:
            place = _place_of(tok, taken, mentions, lex.demonym_endings)
            if place >= 0:
                ptext = mentions[place].text
                taken[tok.i] = len(mentions)
                mentions.append(
                    Mention(
                        tok.i,
                        tok.i + 1,
                        tok.i,
                        f"{ptext} {low}",
                        "GOV",
                        kind="body",
                        type="GovernmentBody",
                        ref=place,
                        noun=low,
                    )
                )
                continue
        if lemma in lex.report_nouns or low in lex.report_nouns:
            continue
        if (
            lemma in lex.descriptions
            and (
                any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)
                or (
                    tok.dep_ == "appos"
                    and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.head.children)
                    and getattr(place_of_description(tok.head, lex), "i", -1) == tok.i
                )
            )
            and not any(c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in tok.children)
            and not (tok.dep_ == "compound" and taken[tok.head.i] >= 0)  # "the Israel-based company NSO Group"
        ):
            taken[tok.i] = len(mentions)
            mentions.append(
                Mention(tok.i, tok.i + 1, tok.i, tok.text, "DESC", kind="description", noun=lemma)
            )


def _coordinated(tok: Token, taken: list[int], mentions: list[Mention]) -> list[int]:
    """Name mentions coordinated with the one at `tok` ('Microsoft and Citizen Lab'), that one left out."""
    own = taken[tok.i]
    out: list[int] = []
    for conj in tok.conjuncts:
        k = taken[conj.i]
        if k >= 0 and k != own and k not in out and mentions[k].label in ("ORG", "PERSON"):
            out.append(k)
    return out


def _report_mentions(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """Unnamed reports with a known publisher ('a Human Rights Watch report', 'its report', 'In a 2014 report,
    the lab showed'), after descriptions and pronouns so those can be publishers too."""
    for tok in doc:
        if taken[tok.i] >= 0 or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        low = tok.lower_
        if tok.lemma_.lower() not in lex.report_nouns and low not in lex.report_nouns:
            continue
        if any(m.anchor == tok.i for m in mentions):
            continue  # 'its report "For Their Eyes Only"': the title names the report
        publisher = _publisher_of(tok, taken, mentions, lex)
        if publisher < 0:
            continue
        noun = tok.lemma_.lower() if low not in lex.report_nouns else low  # "reports by X" is a report of X's
        taken[tok.i] = len(mentions)
        mentions.append(
            Mention(tok.i, tok.i + 1, tok.i, low, "REPORT", kind="report", type="Report", ref=publisher, noun=noun)
        )
        for other in _coordinated(doc[mentions[publisher].head], taken, mentions):
            mentions.append(  # "the reports by Microsoft and Citizen Lab": one report each, on the same words
                Mention(-1, -1, tok.i, low, "REPORT", kind="report", type="Report", ref=other, noun=noun)
            )


def _title_bodies(doc: Doc, lex: Lexicon, mentions: list[Mention]) -> None:
    """'U.S. Senator X': a derived body mention ('U.S. Senate') the person holds the title at."""
    for idx in range(len(mentions)):
        m = mentions[idx]
        if m.label != "PERSON":
            continue
        i = m.start - 1
        if m.role:
            i = m.role_start - 1 if m.role_start > 0 else -1
        elif i >= 0 and doc[i].lower_.rstrip(".") in lex.title_bodies:
            m.role, m.role_start = doc[i].text, i
            i -= 1
        else:
            continue
        title = m.role.split()[-1].lower().rstrip(".") if m.role else ""
        if title not in lex.title_bodies or i < 0:
            continue
        for j, other in enumerate(mentions):
            national = (other.label == "NORP" and other.text.lower() not in lex.parties) or "." in other.text
            national = national or other.text.isupper()
            if other.end == i + 1 and other.label in ("GPE", "NORP") and national:
                body = f"{other.text} {lex.title_bodies[title]}"
                mentions.append(
                    Mention(-1, -1, m.head, body, "GOV", kind="derived", type="GovernmentBody", ref=j)
                )
                m.ref = len(mentions) - 1
                break


def _dateline_names(doc: Doc, taken: list[int], mentions: list[Mention]) -> None:
    """'Moscow XINHUA', 'Johannesburg SAPA in English': an all-capitals name right after a place opening a
    sentence is the news organisation of a dateline."""
    n = len(doc)
    for idx in range(len(mentions)):
        m = mentions[idx]
        if m.label != "GPE" or not (
            m.start == 0
            or doc[m.start].is_sent_start
            or doc[m.start - 1].is_space
            or (m.start == 1 and any(c.isdigit() for c in doc[0].text))
        ):
            continue
        j = m.end
        k = j
        while (
            k < n and k - j < 4 and taken[k] < 0 and doc[k].is_upper and doc[k].is_alpha and len(doc[k]) > 1
        ):
            k += 1
        if k > j and (k == n or doc[k].lower_ == "in" or doc[k].is_space or doc[k].is_punct):
            for t in range(j, k):
                taken[t] = len(mentions)
            mentions.append(Mention(j, k, k - 1, span_text(doc, j, k), "ORG"))


def _departments(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """'Secretary of Commerce X', 'Commerce Secretary X': the word with the title names the department the
    secretary heads ('Commerce Department'), a government body, whether or not the model tagged the word."""
    n = len(doc)
    for tok in doc:
        if tok.lower_ != "secretary":
            continue
        spans = []
        if tok.i + 2 < n and doc[tok.i + 1].lower_ == "of":
            spans += [(tok.i + 2, tok.i + 4), (tok.i + 2, tok.i + 3)]
        spans += [(tok.i - 2, tok.i), (tok.i - 1, tok.i)]
        for start, end in spans:
            if start < 0 or end > n or not all(t.is_title for t in doc[start:end]):
                continue
            body = lex.secretary_departments.get(doc[start:end].text.lower())
            held = {taken[k] for k in range(start, end)}
            if body is None or len(held) > 1:
                continue
            old = held.pop()
            if old >= 0 and (mentions[old].start, mentions[old].end) != (start, end):
                continue
            department = Mention(start, end, end - 1, body, "ORG", type="GovernmentBody")
            if old >= 0:
                mentions[old] = department
            else:
                claim(taken, mentions, department)
            break


def _extend_to_head(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """ "Petah [Tikva]": a model name whose last word modifies the capitalised proper noun right after it, which
    the model left untagged, is cut short; extend it over that head."""
    for idx, m in enumerate(mentions):
        if m.kind != "name" or m.start < 0 or m.end >= len(doc) or m.label not in ("GPE", "LOC", "FAC"):
            continue
        last, nxt = doc[m.end - 1], doc[m.end]
        if (
            last.dep_ == "compound"
            and last.head.i == nxt.i
            and taken[nxt.i] < 0
            and nxt.pos_ == "PROPN"
            and nxt.is_title
            and not nxt.ent_type_
            and nxt.lower_ not in lex.roles
            and nxt.lower_.rstrip(".") not in lex.title_bodies
            and nxt.lower_ not in lex.honorifics
        ):
            taken[nxt.i] = idx
            m.end, m.head = m.end + 1, nxt.i
            m.text = span_text(doc, m.start, m.end)


def find_mentions(doc: Doc, lex: Lexicon) -> tuple[list[Mention], list[int]]:
    """All mentions in the document, and for each token the index of the mention covering it (or -1)."""
    from loaders.extract.names import (  # they build on Mention: import late
        acronyms,
        age_marked,
        gazetteer_names,
        product_names,
        repeated_names,
        report_titles,
    )
    from loaders.extract.source_lines import source_line_mentions

    taken = [-1] * len(doc)
    mentions: list[Mention] = []
    source_line_mentions(doc, lex, taken, mentions)
    report_titles(doc, lex, taken, mentions)
    mentions += _ner_mentions(doc, lex, taken, len(mentions))
    _departments(doc, lex, taken, mentions)
    _extend_to_head(doc, lex, taken, mentions)
    _missed_people(doc, lex, taken, mentions)
    product_names(doc, lex, taken, mentions)
    gazetteer_names(doc, lex, taken, mentions)
    acronyms(doc, taken, mentions)
    for m in mentions:
        if m.label in ("GPE", "ORG", "NORP") and m.kind == "name" and m.end - m.start <= 3 and age_marked(doc, m):
            m.label = "PERSON"
    repeated_names(doc, lex, taken, mentions)
    _dateline_names(doc, taken, mentions)
    _missed_names(doc, lex, taken, mentions)
    _names_by_kind_nouns(doc, lex, taken, mentions)
    repeated_names(doc, lex, taken, mentions)  # again, for the names the two steps above just found
    _common_noun_mentions(doc, lex, taken, mentions)
    _report_mentions(doc, lex, taken, mentions)
    _title_bodies(doc, lex, mentions)
    return mentions, taken
