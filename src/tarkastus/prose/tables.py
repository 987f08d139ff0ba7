"""Markdown tables of municipalities: which column holds what, and the rows by municipality.

A table is read when one column names municipalities (a header such as
"Kunta", else the first column) and another holds the value a lexicon
entry names ("Osuus", "Työvoima", "Jäsenet"). A total row ("Yhteensä") is
not a municipality's. Numbers are written "9 200", "9200", "35,5 %".
"""

from __future__ import annotations

import re

from ..text import index_of

_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|-?\d+(?:[.,]\d+)?")


def column(reader, table, entry: str, percent: bool = False) -> int | None:
    for i, cell in enumerate(table.header):
        if reader.words(entry).match_index(index_of(cell.text)) or (percent and "%" in cell.text):
            return i
    return None


def number(text: str):
    """The first number of a cell ("9 200" is 9200, "35,5 %" is 35.5), or None."""
    m = _NUMBER.search(text)
    if m is None:
        return None
    raw = re.sub(r"[ \u00a0\u202f]", "", m.group())
    if _THOUSANDS.fullmatch(raw):
        raw = raw.replace(".", "")
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


_THOUSANDS = re.compile(r"-?\d{1,3}(?:\.\d{3})+")


def rows(reader, table, value_column: int):
    """(municipality, name cell, value cell) of each row naming a municipality."""
    name_column = column(reader, table, "kunta_sarake")
    if name_column is None:
        name_column = 0 if value_column != 0 else 1
    total = reader.words("yhteensa")
    out = []
    for row in table.rows[:1000]:
        if len(row) <= max(name_column, value_column):
            continue
        name_cell, value_cell = row[name_column], row[value_column]
        if total.match_index(index_of(name_cell.text)):
            continue
        municipality = reader.registry.get(name_cell.text)
        if municipality is None:
            found = reader.registry.find(name_cell.text)
            municipality = found[0][0] if found else None
        if municipality is not None:
            out.append((municipality, name_cell, value_cell))
    return out


_PERCENT = re.compile(r"(\d{1,3}(?:[,.]\d+)?)[ \t\u00a0]*(?:%|prosenttia|procent)")


def shares_in(reader, unit, mentions) -> list[tuple]:
    """[(municipality, name start, value, value start)] of "Kuopio 80,5 %, Siilinjärvi 12,0 %" in a unit.

    A name directly followed by its share; or, when the names come first
    and as many shares follow ("Tuusniemen ja Kaavin kesken tasan
    (50 % / 50 %)"), the shares in the same order.
    """
    text = unit.text
    out = []
    for municipality, start, stop in mentions:
        gap = len(text[stop:]) - len(text[stop:].lstrip(" \t:("))
        m = _PERCENT.match(text, stop + gap)
        if m is not None:
            out.append((municipality, start, _value(m.group(1)), m.start()))
    if out:
        return out
    percents = list(_PERCENT.finditer(text))
    if mentions and len(percents) == len(mentions) and percents[0].start() > mentions[-1][2]:
        return [(municipality, start, _value(m.group(1)), m.start())
                for (municipality, start, _), m in zip(mentions, percents)]
    return []


def _value(raw: str):
    value = float(raw.replace(",", "."))
    return int(value) if value.is_integer() else value
