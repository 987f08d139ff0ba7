"""A person named in a text: what a task's office title must not be (KL 54 § 1 mom.: "viranhaltija").

Two adjacent capitalised words ("Matti Meikäläinen") of which neither is a
municipality's name in any form, nor a company's suffix ("Savo Oy"). In
running text the pair may not start a sentence, where any word is
capitalised; a front-matter value ("viranhaltija: Matti Meikäläinen") may.
"""

from __future__ import annotations

import re

from ..text import norm

_WORD = re.compile(r"[^\W\d_][\w-]*")
_COMPANY_WORDS = frozenset(("oy", "oyj", "ab", "ky", "ay", "ry", "ltd", "inc", "gmbh"))
MAX_TEXT = 5_000  # characters looked at: a name is in the first sentences of a value


def person_in(text: str, registry, sentence_start_too: bool = False):
    """(start offset, "First Last") of the first person named in ``text``, or None."""
    if not isinstance(text, str):
        return None
    text = text[:MAX_TEXT]
    words = list(_WORD.finditer(text))
    for a, b in zip(words, words[1:]):
        if not (a.group()[:1].isupper() and b.group()[:1].isupper()):
            continue
        if text[a.end():b.start()] != " " or norm(b.group()) in _COMPANY_WORDS:
            continue
        before = text[:a.start()].rstrip()
        if not sentence_start_too and (not before or before.endswith((".", ":", "!", "?"))):
            continue
        if a.group().isupper() or b.group().isupper():  # "TE-palvelut", an abbreviation
            continue
        if registry.get(a.group()) is not None or registry.get(b.group()) is not None:
            continue
        return a.start(), f"{a.group()} {b.group()}"
    return None
