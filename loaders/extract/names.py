"""More ways to find names the small model misses or mislabels, run by `mentions.find_mentions`: quoted report
titles, product names ("Pegasus spyware"), gazetteer names, bracketed acronyms, repeated names, and the age
mark that shows a name is a person's ("Albrecht, 54, said").
"""

from __future__ import annotations

from spacy.tokens import Doc

from graph.model import name_key
from loaders.extract.lexicon import Lexicon
from loaders.extract.mentions import Mention, claim, span_text

_OPEN_QUOTES = {'"', "\u201c", "\u2018", "'"}


_CLOSE_QUOTES = {'"', "\u201d", "\u2019", "'"}




def _quoted_title(doc: Doc, i: int, leads: frozenset[str]) -> tuple[int, int]:
    """Bounds of a quoted title opening at or just after token `i` ('titled "A Digital Prison"'), or (-1, -1)."""
    k = i
    while k < len(doc) and k - i < 3 and doc[k].text not in _OPEN_QUOTES and doc[k].lower_ in leads:
        k += 1
    if k >= len(doc) or doc[k].text not in _OPEN_QUOTES:
        return -1, -1
    end = k + 1
    while end < len(doc) and end - k <= 12 and doc[end].text not in _CLOSE_QUOTES and not doc[end].is_space:
        end += 1
    if end >= len(doc) or doc[end].text not in _CLOSE_QUOTES or end == k + 1 or not doc[k + 1].text[:1].isupper():
        return -1, -1
    return k + 1, end


def report_titles(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """A quoted title after a report noun or a publishing verb ('its report "For Their Eyes Only"', 'published
    "Hooking Candiru"') is a named Report; `anchor` keeps the noun or verb it hangs from."""
    for tok in doc:
        lemma = tok.lemma_.lower()
        is_noun = tok.pos_ == "NOUN" and (lemma in lex.report_nouns or tok.lower_ in lex.report_nouns)
        is_verb = tok.pos_ == "VERB" and lemma in lex.publish_verbs
        if not (is_noun or is_verb):
            continue
        start, end = _quoted_title(doc, tok.i + 1, lex.title_leads)
        if start < 0 or any(taken[k] >= 0 for k in range(start, end)):
            continue
        while end > start and doc[end - 1].is_punct:
            end -= 1
        m = Mention(start, end, doc[start:end].root.i, span_text(doc, start, end), "WORK_OF_ART", type="Report")
        m.anchor = tok.i
        claim(taken, mentions, m)


def acronyms(doc: Doc, taken: list[int], mentions: list[Mention]) -> None:
    """'Security Information Agency (BIA)': an untagged capitals word in brackets right after a name is its
    acronym, a name of its own that resolution pairs with the long form."""
    for idx in range(len(mentions)):
        m = mentions[idx]
        k = m.end
        if m.start < 0 or m.label not in ("ORG", "GPE", "FAC", "PRODUCT") or k + 2 >= len(doc):
            continue
        j = k
        while j < len(doc) - 2 and j - k < 3 and taken[j] < 0 and doc[j].is_alpha:
            j += 1  # "Gesellschaft [für Freiheitsrechte] (GFF)": the model cut the name before its acronym
        if k < j and doc[j].text == "(" and doc[j + 2].text == ")" and doc[j + 1].text.isupper():
            longer = doc[m.start : j]
            if "".join(t.text[0] for t in longer).upper() == doc[j + 1].text.replace(".", "") and (
                doc[j - 1].text[:1].isupper()
            ):
                for t in range(k, j):
                    taken[t] = idx
                m.end, k = j, j
                m.text = span_text(doc, m.start, j)
        if doc[k].text == "(" and doc[k + 2].text == ")" and taken[k + 1] < 0:
            word = doc[k + 1].text.replace(".", "")
            if 2 <= len(word) <= 7 and word.isalpha() and word.isupper():
                taken[k + 1] = len(mentions)
                mentions.append(Mention(k + 1, k + 2, k + 1, doc[k + 1].text, m.label))


def product_names(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """'Pegasus spyware', 'FinSpy surveillance software': a capitalised proper noun run modifying a product noun
    is a product's name, tagged or not."""
    for tok in doc:
        if tok.dep_ != "compound" or tok.pos_ != "PROPN" or taken[tok.i] >= 0 or not tok.text[:1].isupper():
            continue
        head = tok.head
        while head.dep_ == "compound" and head.head.i != head.i and head.pos_ == "NOUN":
            head = head.head
        if head.lemma_.lower() not in lex.product_heads or head.pos_ != "NOUN":
            continue
        start = tok.i
        while start > 0 and taken[start - 1] < 0 and doc[start - 1].pos_ == "PROPN":
            if not doc[start - 1].text[:1].isupper():
                break
            start -= 1
        end = tok.i + 1
        claim(taken, mentions, Mention(start, end, tok.i, span_text(doc, start, end), "PRODUCT", type="Product"))


_GAZ_LABELS = {"GovernmentBody": "ORG", "NGO": "ORG", "MediaOutlet": "ORG", "Company": "ORG", "Organization": "ORG",
               "Product": "PRODUCT"}


def _named_elsewhere(doc: Doc, i: int, lex: Lexicon, mid_sentence: set[str]) -> bool:
    """Whether the word at `i` is tagged a proper noun, heads a title ('Acme CEO X') or is written the same way
    mid-sentence elsewhere in the text (`mid_sentence`: every word written there, gathered once per text)."""
    if doc[i].tag_ == "NNP" or (i + 1 < len(doc) and doc[i + 1].lower_ in lex.roles):
        return True
    return doc[i].text in mid_sentence


def gazetteer_names(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """Well-known names from the gazetteer ('ITAR-TASS', 'Citizen Lab') that the model did not tag."""
    n = len(doc)
    mid_sentence = {t.text for t in doc if not t.is_sent_start}  # one pass, not one per sentence-initial word
    i = 0
    while i < n:
        if taken[i] >= 0 or not doc[i].text[:1].isupper():
            i += 1
            continue
        for size in range(min(5, n - i), 0, -1):
            if any(doc[k].is_space for k in range(i, i + size)):
                continue
            inside = {taken[k] for k in range(i, i + size) if taken[k] >= 0}
            if inside:  # "Reporters [Without Borders]": a model name cut short inside a gazetteer name
                if size < 2 or len(inside) > 1 or taken[i] >= 0 or doc[i].pos_ == "DET":
                    continue
                old = mentions[next(iter(inside))]
                if old.kind != "name" or old.start < i or old.end > i + size or old.end - old.start >= size:
                    continue
                etype = lex.gazetteer.get(name_key(doc[i : i + size].text))
                if etype not in _GAZ_LABELS or not doc[i + size - 1].text[:1].isupper():
                    continue
                for k in range(i, i + size):
                    taken[k] = next(iter(inside))
                old.start, old.end, old.head = i, i + size, doc[i : i + size].root.i
                old.text, old.label, old.type = span_text(doc, i, i + size), _GAZ_LABELS[etype], etype
                i += size - 1
                break
            etype = lex.gazetteer.get(name_key(doc[i : i + size].text))
            nxt = doc[i + size] if i + size < n else None
            if nxt is not None and nxt.text[:1].isupper() and nxt.is_alpha and nxt.lower_ not in lex.roles:
                continue  # "Vice President", "Liberty Mutual": part of a longer name ("Acme CEO X" is not)
            if (size == 1 and doc[i].is_sent_start and not doc[i].is_upper
                    and not _named_elsewhere(doc, i, lex, mid_sentence)):
                continue  # a sentence-initial ordinary word ("Wired", "Liberty"), unless written so mid-sentence
            if etype in _GAZ_LABELS and doc[i + size - 1].text[:1].isupper():
                claim(taken, mentions,
                      Mention(i, i + size, doc[i : i + size].root.i, span_text(doc, i, i + size), _GAZ_LABELS[etype],
                              type=etype))
                i += size - 1
                break
        i += 1


def age_marked(doc: Doc, m: Mention) -> bool:
    """'Albrecht, 54, is ...': a name followed by an age between commas is a person's."""
    k = m.end
    return (
        k + 2 < len(doc)
        and doc[k].text == ","
        and doc[k + 1].like_num
        and doc[k + 1].text.isdigit()
        and 1 <= int(doc[k + 1].text) <= 110
        and doc[k + 2].text == ","
    )


_REPEATABLE = ("ORG", "PERSON", "PRODUCT", "GPE", "FAC", "LOC", "WORK_OF_ART")


def repeated_names(doc: Doc, lex: Lexicon, taken: list[int], mentions: list[Mention]) -> None:
    """Names the model tagged once but missed elsewhere ('Cellebrite customers'): every other occurrence of a
    tagged multi-letter name, token for token and case for case, or of an organisation's name without its
    corporate suffix ('Korvex Ltd.' ... 'Korvex said'), becomes a mention with the same label."""
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for m in mentions:
        if m.label in _REPEATABLE and m.kind == "name" and m.start >= 0:
            words = tuple(t.text for t in doc[m.start : m.end])
            forms = [words]
            if m.label == "ORG" and len(words) > 1 and words[-1].lower().rstrip(".") in lex.corporate_suffixes:
                forms.append(words[:-1])
            for form in forms:
                if len("".join(form)) > 2 and form[0][:1].isupper():
                    count = votes.setdefault(form, {})
                    count[m.label] = count.get(m.label, 0) + 1
    forms = {words: max(count, key=lambda k: count[k]) for words, count in votes.items()}
    if not forms:
        return
    longest = max(len(w) for w in forms)
    i = 0
    while i < len(doc):
        if taken[i] >= 0 or not doc[i].text[:1].isupper():
            i += 1
            continue
        for size in range(min(longest, len(doc) - i), 0, -1):
            words = tuple(t.text for t in doc[i : i + size])
            if words in forms and all(taken[k] < 0 for k in range(i, i + size)):
                nxt = doc[i + size] if i + size < len(doc) else None
                if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and taken[nxt.i] < 0:
                    break  # part of a longer name
                head = doc[i : i + size].root.i
                claim(taken, mentions, Mention(i, i + size, head, span_text(doc, i, i + size), forms[words]))
                i += size - 1
                break
        i += 1
