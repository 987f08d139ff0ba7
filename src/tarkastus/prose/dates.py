"""Dates and durations as people write them in agreements.

"1.1.2025", "1. tammikuuta 2025", "1 päivästä tammikuuta 2025";
"6 kk", "kuusi (6) kuukautta", "kuuden kuukauden", "puoli vuotta". One
grammar serves two readers: ``read_date`` / ``read_duration`` take a whole
front-matter value (called by ``values.to_date`` and ``values.to_duration``
when their fast patterns do not match), ``find_dates`` / ``find_durations``
scan running text and return each match with its offsets.

The text is split into tokens by one ``finditer`` over three simple
alternatives (a run of digits, a run of letters, any other single
non-space character), and each form is matched on a bounded window of
tokens. There is no backtracking over the text, so every reader is linear
in its input whatever it holds (README, "Reliability"). Words are compared
after ``norm`` (case and diacritics dropped), so "Päivästä" and "paivasta"
are the same word.
"""

from __future__ import annotations

import datetime as _dt
import re

from ..record import Record
from ..text import norm
from ..values import MAX_MAGNITUDE, Duration, InvalidDate

# A word may hold combining marks (a decomposed "ä" is "a" + U+0308, and
# U+0308 is not a word character): they stay inside the word.
_TOKEN = re.compile(r"([0-9]+)|((?:[^\W\d_]|[\u0300-\u036f])+)|(\S)")
_NUM, _WORD, _MARK = 1, 2, 3
_MAX_DIGITS = len(str(MAX_MAGNITUDE))

_MONTHS = {}
for _number, _stem in enumerate(("tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesakuu",
                                 "heinakuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"), 1):
    # nominative, partitive ("1. tammikuuta"), genitive ("tammikuun 1. päivänä")
    for _ending in ("", "ta", "n"):
        _MONTHS[_stem + _ending] = _number
# Swedish: "1 januari 2025", "den 1 januari 2025".
for _number, _name in enumerate(("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                 "september", "oktober", "november", "december"), 1):
    _MONTHS[_name] = _number
# "1 päivä(nä|stä) tammikuuta 2025"; "pnä" is the usual abbreviation.
_DAY_WORDS = frozenset({"paiva", "paivana", "paivasta", "paivaan", "paivaksi", "pna"})

_NUMBER_WORDS = {}
for _number, _forms in enumerate((
        ("yksi", "yhden"), ("kaksi", "kahden"), ("kolme", "kolmen"), ("nelja", "neljan"), ("viisi", "viiden"),
        ("kuusi", "kuuden"), ("seitseman", "seitsemän"), ("kahdeksan",), ("yhdeksan",), ("kymmenen",),
        ("yksitoista", "yhdentoista"), ("kaksitoista", "kahdentoista")), 1):
    for _form in _forms:
        _NUMBER_WORDS[norm(_form)] = _number
for _number, _forms in enumerate((  # Swedish
        ("en", "ett"), ("två",), ("tre",), ("fyra",), ("fem",), ("sex",), ("sju",), ("åtta",), ("nio",),
        ("tio",), ("elva",), ("tolv",)), 1):
    for _form in _forms:
        _NUMBER_WORDS.setdefault(norm(_form), _number)
_HALF = frozenset({"puoli", "puolen", "halvt"})  # only of a year: "puoli vuotta" is six months

# unit word -> (months, days, may stand alone as "one": "vuoden irtisanomisaika")
_UNITS = {}
for _forms, _months, _days in (
        (("kk", "kuukausi", "kuukautta", "kuukauden", "kuukaudeksi", "kuukaudessa"), 1, 0),
        (("vuosi", "vuotta", "vuoden", "vuodeksi", "vuodessa"), 12, 0),
        (("vk", "viikko", "viikkoa", "viikon", "viikoksi", "viikossa"), 0, 7),
        (("pv", "vrk", "paiva", "paivaa", "paivan", "paivaksi", "paivassa"), 0, 1),
        (("manad", "manader", "manaders", "manaden", "manads"), 1, 0),  # Swedish
        (("ar", "ars", "aret"), 12, 0),
        (("vecka", "veckor", "veckors", "veckan"), 0, 7),
        (("dag", "dagar", "dagars"), 0, 1)):
    for _form in _forms:
        _UNITS[_form] = (_months, _days)
_ALONE = frozenset({"kuukausi", "kuukauden", "kuukaudeksi", "vuosi", "vuoden", "vuodeksi",
                    "viikko", "viikon", "viikoksi", "paiva", "paivan", "paivaksi"})
_YEAR_UNITS = frozenset(form for form, unit in _UNITS.items() if unit == (12, 0))
# In running text a bare "vuoden" is a duration only before words like
# these ("vuoden irtisanomisajalla", "kuukauden kuluessa"); "vuoden 2025
# alusta" and "kuluvan vuoden aikana" are not durations.
_AFTER_ALONE = ("irtisanomisa", "maaraa", "ajan", "ajaksi", "kuluessa", "kuluttua", "mittai", "pitui")

_QUOTES = {'"': '"', "'": "'", "\u201c": "\u201d", "\u201d": "\u201d", "\u2018": "\u2019", "\u2019": "\u2019",
           "\u00bb": "\u00bb", "\u00ab": "\u00bb", "\u201e": "\u201d"}


class Found(Record, frozen=True):
    """A date or duration found in a text: its value, offsets and the words as written."""

    value: object  # datetime.date, InvalidDate or Duration
    start: int     # text[start:end] == words
    end: int
    words: str


class _Mismatch(Exception):
    """'kuusi (12) kuukautta': the number in words and in digits disagree."""


def _tokens(text: str) -> list[tuple[int, str, int, int]]:
    """(kind, normalised text, start, end) of every token of ``text``."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastindex
        word = m.group(kind)
        out.append((kind, norm(word) if kind == _WORD else word, m.start(), m.end()))
    return out


def _is(toks, i, kind, text=None) -> bool:
    return i < len(toks) and toks[i][0] == kind and (text is None or toks[i][1] == text)


def _adjacent(toks, i) -> bool:
    """Token ``i`` starts where token ``i - 1`` ends."""
    return 0 < i < len(toks) and toks[i - 1][3] == toks[i][2]


def _digits(toks, i, low, high) -> int | None:
    """The number of token ``i`` if it is ``low``..``high`` digits long."""
    if _is(toks, i, _NUM) and low <= len(toks[i][1]) <= high:
        return int(toks[i][1])
    return None


def _make_date(year, month, day, raw):
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return InvalidDate(raw)


def _date_at(toks, i):
    """(value, end token) of a date starting at token ``i``, else ``None``."""
    first = _digits(toks, i, 1, 4)
    if first is None:
        return None
    if len(toks[i][1]) == 4:
        # 2025-01-01: no spaces inside
        if (_is(toks, i + 1, _MARK, "-") and _adjacent(toks, i + 1) and _adjacent(toks, i + 2)
                and _is(toks, i + 3, _MARK, "-") and _adjacent(toks, i + 3) and _adjacent(toks, i + 4)):
            month, day = _digits(toks, i + 2, 1, 2), _digits(toks, i + 4, 1, 2)
            if month is not None and day is not None:
                return (first, month, day), i + 5
        return None
    if len(toks[i][1]) > 2:
        return None
    j = i + 1
    dot = _is(toks, j, _MARK, ".") and _adjacent(toks, j)
    if dot:
        j += 1
        # 1.1.2025, 01.01.2025, 1. 1. 2025 (a space after a dot, never before)
        month = _digits(toks, j, 1, 2)
        if (month is not None and _is(toks, j + 1, _MARK, ".") and _adjacent(toks, j + 1)):
            year = _digits(toks, j + 2, 4, 4)
            if year is not None:
                return (year, month, first), j + 3
            return None
    if _is(toks, j, _WORD) and toks[j][1] in _DAY_WORDS:
        j += 1
    if _is(toks, j, _WORD) and toks[j][1] in _MONTHS:
        year = _digits(toks, j + 1, 4, 4)
        if year is not None:
            return (year, _MONTHS[toks[j][1]], first), j + 2
    return None


def _month_first_at(toks, i):
    """'tammikuun 1. päivänä 2025': (value, end token) or ``None``."""
    if not (_is(toks, i, _WORD) and toks[i][1] in _MONTHS and toks[i][1].endswith("n")):
        return None
    day = _digits(toks, i + 1, 1, 2)
    if day is None:
        return None
    j = i + 2
    if _is(toks, j, _MARK, ".") and _adjacent(toks, j):
        j += 1
    if not (_is(toks, j, _WORD) and toks[j][1] in _DAY_WORDS):
        return None
    year = _digits(toks, j + 1, 4, 4)
    return ((year, _MONTHS[toks[i][1]], day), j + 2) if year is not None else None


def _number_at(toks, i):
    """(amount, end token) of a number in digits (6, 1,5) or words (kuusi, kuuden), else ``None``."""
    if _is(toks, i, _NUM):
        whole = toks[i][1]
        if len(whole.lstrip("0")) > _MAX_DIGITS:
            return None
        # 1,5 vuotta
        if (_is(toks, i + 1, _MARK) and toks[i + 1][1] in ".," and _adjacent(toks, i + 1)
                and _is(toks, i + 2, _NUM) and _adjacent(toks, i + 2) and len(toks[i + 2][1]) <= _MAX_DIGITS):
            amount = float(f"{whole}.{toks[i + 2][1]}")
            return (amount, i + 3) if amount <= MAX_MAGNITUDE else None
        amount = int(whole)
        return (amount, i + 1) if amount <= MAX_MAGNITUDE else None
    if _is(toks, i, _WORD) and toks[i][1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[toks[i][1]], i + 1
    return None


def _duration_at(toks, i):
    """(Duration, end token) of a duration starting at token ``i``, else ``None``.

    Raises ``_Mismatch`` for 'kuusi (12) kuukautta'.
    """
    if _is(toks, i, _WORD) and toks[i][1] in _HALF:
        if _is(toks, i + 1, _WORD) and toks[i + 1][1] in _YEAR_UNITS:
            return Duration(6, 0), i + 2
        return None
    if _is(toks, i, _WORD) and toks[i][1] in _ALONE:
        months, days = _UNITS[toks[i][1]]
        return Duration(months, days), i + 1
    number = _number_at(toks, i)
    if number is None:
        return None
    amount, j = number
    # kuusi (6) kuukautta, 6 (kuusi) kuukautta
    if _is(toks, j, _MARK, "("):
        other = _number_at(toks, j + 1)
        if other is None or not _is(toks, other[1], _MARK, ")"):
            return None
        if other[0] != amount:
            raise _Mismatch
        j = other[1] + 1
    if not (_is(toks, j, _WORD) and toks[j][1] in _UNITS):
        return None
    months, days = _UNITS[toks[j][1]]
    return Duration(round(amount * months), round(amount * days)), j + 1


# No date or duration is longer ("1. päivästä marraskuuta 2025": 28): a
# longer value is refused before it is split into tokens.
_LONGEST_VALUE = 100


def _whole(value: str):
    """The tokens of a front-matter value: stripped, one pair of quotes and one final '.' removed."""
    value = value.strip()
    if len(value) > _LONGEST_VALUE:
        return []
    if len(value) >= 2 and _QUOTES.get(value[0]) == value[-1]:
        value = value[1:-1].strip()
    toks = _tokens(value)
    if toks and toks[-1][0] == _MARK and toks[-1][1] == ".":
        toks.pop()
    return toks


def read_date(value: str):
    """A whole value as a date (``datetime.date``, or ``InvalidDate`` for 31.2.2025), else ``None``."""
    toks = _whole(value)
    found = _date_at(toks, 0) or _month_first_at(toks, 0) if toks else None
    if found is None or found[1] != len(toks):
        return None
    return _make_date(*found[0], value.strip())


def read_duration(value: str):
    """A whole value as a ``Duration``, else ``None``.

    Raises ``ValueError`` when the number in words and in digits disagree.
    """
    toks = _whole(value)
    if not toks:
        return None
    try:
        found = _duration_at(toks, 0)
    except _Mismatch:
        raise ValueError("luku sanoin ja numeroin eivät täsmää, esimerkiksi 'kuusi (12) kuukautta'") from None
    if found is None:
        return None
    end = found[1]
    # "12 kuukauden irtisanomisajalla" as the value of irtisanomisaika
    if end == len(toks) - 1 and toks[end][0] == _WORD and toks[end][1].startswith("irtisanomisa"):
        end += 1
    return found[0] if end == len(toks) else None


def _bounded_left(toks, i) -> bool:
    """Token ``i`` does not continue a word or number ('x1.1.2025', '11.1,5 kk')."""
    if not _adjacent(toks, i):
        return True
    kind, word = toks[i - 1][0], toks[i - 1][1]
    if kind != _MARK:
        return False
    # "1.1.5 kk": a number right after "<digits>." is a part of something else
    return not (word in ".,-" and _adjacent(toks, i - 1) and toks[i - 2][0] == _NUM)


def _bounded_right(toks, j) -> bool:
    """The match ending before token ``j`` is not followed by more of a word or number."""
    return not (_adjacent(toks, j) and toks[j][0] != _MARK)


def find_dates(text: str) -> list[Found]:
    """Every date in running text, in order, with its character offsets."""
    toks = _tokens(text)
    found: list[Found] = []
    i = 0
    while i < len(toks):
        hit = (_date_at(toks, i) or _month_first_at(toks, i)) if _bounded_left(toks, i) else None
        if hit is not None and _bounded_right(toks, hit[1]):
            start, end = toks[i][2], toks[hit[1] - 1][3]
            found.append(Found(_make_date(*hit[0], text[start:end]), start, end, text[start:end]))
            i = hit[1]
        else:
            i += 1
    return found


def find_durations(text: str) -> list[Found]:
    """Every duration in running text, in order, with its character offsets.

    A bare unit ("vuoden") counts only before words such as
    "irtisanomisajalla" or "kuluessa"; a number in words and digits that
    disagree ("kuusi (12) kuukautta") is not a duration.
    """
    toks = _tokens(text)
    found: list[Found] = []
    i = 0
    while i < len(toks):
        hit = None
        if _bounded_left(toks, i):
            try:
                hit = _duration_at(toks, i)
            except _Mismatch:
                hit = None
        if hit is not None and toks[hit[1] - 1][1] in _ALONE and hit[1] == i + 1:
            after = toks[hit[1]][1] if _is(toks, hit[1], _WORD) else ""
            if not after.startswith(_AFTER_ALONE):
                hit = None
        if hit is not None and _bounded_right(toks, hit[1]):
            start, end = toks[i][2], toks[hit[1] - 1][3]
            found.append(Found(hit[0], start, end, text[start:end]))
            i = hit[1]
        else:
            i += 1
    return found


def number_at(text: str):
    """(number, offset) of the first number in ``text``, in digits or words ("neljä (4)", "yhden"), or None."""
    toks = _tokens(text)
    for i in range(len(toks)):
        found = _number_at(toks, i)
        if found is not None:
            return found[0], toks[i][2]
    return None
