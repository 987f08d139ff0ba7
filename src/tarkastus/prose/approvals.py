"""Approval stamps: "Hyväksytty: Kaupunginvaltuusto 23.10.2023, 63 §", above or below the title.

Each stamp line (a label from the lexicon's ``hyvaksynta``) gives the
municipality (named in the body's name, "Turun kaupunginhallitus", or in
the stamp), the body, the date and the minutes' section.
"""

from __future__ import annotations

import re

from ..text import norm
from .dates import find_dates
from .parties import find_names

_SECTION = re.compile(r"(\d{1,4})[ \t]*§|§[ \t]*(\d{1,4})")


def read(reader) -> None:
    stamp = reader.words("hyvaksynta")
    organs = reader.words("toimielin")
    items = []
    for unit in reader.body.units:
        colon = unit.text.find(":")
        if colon < 0 or colon > 30 or not stamp.match_index(" " + " ".join(norm(unit.text[:colon]).split()) + " "):
            continue
        rest_at = colon + 1
        rest = unit.text[rest_at:]
        fields = {}
        found = find_names(reader, rest)
        if found:
            fields["kunta"] = (found[0][0].name, unit.pos(rest_at + found[0][1]))
        for word in re.finditer(r"[^\W\d_]+", rest):
            name = norm(word.group())
            if organs.match_index(f" {name} "):
                fields["toimielin"] = (word.group().lower(), unit.pos(rest_at + word.start()))
                break
        dates = find_dates(rest)
        if dates:
            fields["päivämäärä"] = (dates[0].value, unit.pos(rest_at + dates[0].start))
        section = _SECTION.search(rest)
        if section is not None:
            fields["pykälä"] = (section.group(1) or section.group(2), unit.pos(rest_at + section.start()))
        if len(fields) >= 2:
            items.append((fields, unit.pos(0), unit.text))
    reader.put_list("hyväksytty", items)
