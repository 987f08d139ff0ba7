"""Validity (start, end or until further notice) and the notice period.

A date in a sentence about the agreement's validity ("Sopimus tulee voimaan
1.1.2025 ja on voimassa toistaiseksi", "on voimassa 1.1.2025–31.12.2026",
"31.12.2026 asti") is its start or end by the words next to it: a word
right after it ("alkaen", "asti"), else the nearest of the words before it
("voimaan", "päättyy"), else the first date of a sentence with "voimaan"
is the start. The notice period is the duration nearest to a word of
notice ("irtisanomisaika", "irtisanoa") in its sentence. A second, different
statement of either is a conflict.
"""

from __future__ import annotations

import re

from ..text import norm, word_index, words
from ..values import INDEFINITE, Duration
from .dates import find_dates, find_durations

_WORD = re.compile(r"[^\W\d_][\w-]*")
_WINDOW = 6  # words before a date searched for what it is
_INDEFINITE = ("toistaiseksi", "tills vidare")  # as written, for the quote
_DASHES = frozenset("-–—")


def _same_date(a, b) -> bool:
    return a == b or str(a) == str(b)


def _same_duration(a, b) -> bool:
    return isinstance(a, Duration) and isinstance(b, Duration) and abs(a.total_days - b.total_days) < 1


def _about_agreement(reader, unit) -> bool:
    if not reader.has("voimassaolo", unit):
        return False
    if "sopimu" in unit.index or "avtal" in unit.index:  # "Sopimus", "Perussopimus", "Avtalet"
        return True
    return reader.words("voimassaolo").match_index(reader.body.headings[unit.section].index) \
        if 0 <= unit.section < len(reader.body.headings) else False


def _kind(reader, unit, dates, k) -> str | None:
    found = dates[k]
    text = unit.text
    if k > 0 and text[dates[k - 1].end:found.start].strip() in _DASHES:
        return "päättyy"
    if k + 1 < len(dates) and text[found.end:dates[k + 1].start].strip() in _DASHES:
        return "alkaa"
    after = words(text[found.end:found.end + 40])[:3]
    for size in range(1, len(after) + 1):
        index = word_index(after[:size])
        if reader.words("alkaa_jalkeen").match_index(index):
            return "alkaa"
        if reader.words("paattyy_jalkeen").match_index(index):
            return "päättyy"
    begin = dates[k - 1].end if k > 0 else 0
    before = words(text[begin:found.start])
    for size in range(1, min(_WINDOW, len(before)) + 1):
        index = word_index(before[-size:])
        if reader.words("paattyy_ennen").match_index(index):
            return "päättyy"
        if reader.words("alkaa_ennen").match_index(index):
            return "alkaa"
    if k == 0 and " voimaan " in unit.index:
        return "alkaa"
    return None


def read(reader) -> None:
    for unit in reader.body.units:
        if not _about_agreement(reader, unit):
            continue
        dates = find_dates(unit.text)
        ended = False
        for k, found in enumerate(dates):
            kind = _kind(reader, unit, dates, k)
            if kind is None:
                continue
            ended |= kind == "päättyy"
            reader.put(f"voimassaolo.{kind}", found.value, unit.pos(found.start), found.words,
                       conflict="VOIMASSAOLO", same=_same_date)
        if not ended and reader.has("toistaiseksi", unit):
            lowered = unit.text.lower()
            at, word = next(((lowered.find(w), w) for w in _INDEFINITE if lowered.find(w) >= 0), (0, ""))
            reader.put("voimassaolo.päättyy", INDEFINITE, unit.pos(at), unit.text[at:at + len(word)] or None,
                       conflict="VOIMASSAOLO", same=_same_date)
    notice = reader.words("irtisanomisaika")
    for unit in reader.body.units:
        if not notice.match_index(unit.index):
            continue
        durations = find_durations(unit.text)
        if not durations:
            continue
        key_at = next((m.start() for m in _WORD.finditer(unit.text)
                       if notice.match_index(f" {norm(m.group())} ")), 0)
        best = min(durations, key=lambda d: abs(d.start - key_at))
        reader.put("irtisanominen.irtisanomisaika", best.value, unit.pos(best.start), best.words,
                   conflict="IRTISANOMISAIKA", same=_same_duration)

