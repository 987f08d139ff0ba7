"""Scalar values of agreement documents: text, dates, durations, percentages.

These converters are the single definition of what a value may look like.
The pydantic models (``documents.model``) call them as ``BeforeValidator``s
and the fast loader (``documents.loader``) calls the same functions, so the
two can never disagree about a scalar. Each raises ``ValueError`` with a
Finnish message that the loader turns into a ``TARK-SCHEMA`` diagnostic.

They run on whatever a user typed, so each is linear in its input and raises
nothing else: a value is stripped before it is matched (a pattern such as
``\\s*\\.?\\s*$`` backtracks quadratically over a run of spaces), and a
number must be finite and at most ``MAX_MAGNITUDE`` (a float of 1e309 is
``inf``, and ``round(inf)`` or ``float(10**400)`` raise ``OverflowError``).
"""

from __future__ import annotations

import datetime as _dt
import re

from .record import Record
from .text import norm

INDEFINITE = "toistaiseksi"
# The largest number a document may hold. Floats represent every integer up
# to 2**53 exactly, so sums and charts of such numbers stay exact and finite;
# no labour force, share or period comes near it.
MAX_MAGNITUDE = 10**15
_MAX_DIGITS = len(str(MAX_MAGNITUDE))
_TOO_LARGE = "luku on liian suuri"


class InvalidDate(Record, frozen=True):
    """A value written like a date that no calendar has (31.2.2025).

    Kept instead of rejected so that rule PVM-JARJESTYS can report it as a
    legal-drafting error at the right place, not as a type error.
    """

    raw: str

    def __str__(self) -> str:
        return self.raw


class Duration(Record, frozen=True):
    """A period such as ``6 kk`` or ``1 vuosi``, in months and days."""

    months: int = 0
    days: int = 0

    @property
    def total_days(self) -> float:
        return self.months * 30.4375 + self.days

    def __lt__(self, other):
        return self.total_days < other.total_days if isinstance(other, Duration) else NotImplemented

    def __le__(self, other):
        return self.total_days <= other.total_days if isinstance(other, Duration) else NotImplemented

    def __gt__(self, other):
        return self.total_days > other.total_days if isinstance(other, Duration) else NotImplemented

    def __ge__(self, other):
        return self.total_days >= other.total_days if isinstance(other, Duration) else NotImplemented

    def __str__(self) -> str:
        return self.said("fi")

    def said(self, lang: str = "fi") -> str:
        """The period as a message in ``lang`` writes it: "6 kk", "6 mån.", "6 months"."""
        units = _DURATION_UNITS.get(lang, _DURATION_UNITS["fi"])
        if self.days and not self.months and self.days % 7 == 0:
            return units["weeks"](self.days // 7)  # "kahden viikon irtisanomisaika" is 2 vk, as written
        parts = []
        if self.months:
            parts.append(units["months"](self.months))
        if self.days or not parts:
            parts.append(units["days"](self.days))
        return " ".join(parts)


def _unit(one: str, many: str):
    return lambda n: f"{n} {one if n == 1 else many}"


# The units of a period in each language of the messages (Finnish as the facts show them).
_DURATION_UNITS = {
    "fi": {"weeks": _unit("vk", "vk"), "months": _unit("kk", "kk"), "days": _unit("pv", "pv")},
    "sv": {"weeks": _unit("vecka", "veckor"), "months": _unit("mån.", "mån."), "days": _unit("dag", "dagar")},
    "en": {"weeks": _unit("week", "weeks"), "months": _unit("month", "months"), "days": _unit("day", "days")},
}


_UNITS = {
    # Finnish, Swedish and English unit words, by normalised prefix.
    "kk": (1, 0), "kuuk": (1, 0), "manad": (1, 0), "month": (1, 0),
    "v": (12, 0), "vuo": (12, 0), "ar": (12, 0), "year": (12, 0),
    "pv": (0, 1), "paiv": (0, 1), "vrk": (0, 1), "dag": (0, 1), "day": (0, 1),
    "vk": (0, 7), "viik": (0, 7), "veck": (0, 7), "week": (0, 7),
}
_UNIT_PREFIXES = sorted(_UNITS, key=len, reverse=True)
# Every pattern is matched against a stripped value with ``fullmatch``, and
# no two adjacent quantifiers can take the same characters: linear time.
_DURATION = re.compile(r"(\d+(?:[.,]\d+)?) ?([^\W\d_]+)\.?")  # on norm(value): single spaces
_FI_DATE = re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_PERCENT = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*(?:%|prosenttia|pros\.?)?")
_INTEGER = re.compile(r"-?\d+")


def _bounded(number, message: str):
    """``number`` if it is finite and at most ``MAX_MAGNITUDE``; else ``ValueError``."""
    if number != number or not -MAX_MAGNITUDE <= number <= MAX_MAGNITUDE:  # nan, inf, huge
        raise ValueError(f"{message} ({_TOO_LARGE})" if number == number else message)
    return number


def _without_final_dot(text: str) -> str:
    """``text`` stripped, with one final '.' and the spaces before it removed ('1.1.2025 .')."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def to_text(value):
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ValueError("odotettiin tekstiä")
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, _dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, (int, float)):
        try:
            return str(value)
        except ValueError:  # an int of more than 4 300 digits (sys.get_int_max_str_digits)
            raise ValueError("odotettiin tekstiä (luku on liian pitkä)") from None
    raise ValueError("odotettiin tekstiä")


_INT_EXPECTED = "odotettiin kokonaislukua"


def to_int(value):
    if isinstance(value, bool):
        raise ValueError(_INT_EXPECTED)
    if isinstance(value, int):
        return _bounded(value, _INT_EXPECTED)
    if isinstance(value, float) and value.is_integer():  # inf and nan are not integers
        return _bounded(int(value), _INT_EXPECTED)
    if isinstance(value, str):
        digits = value.replace(" ", "").replace("\u00a0", "")
        if _INTEGER.fullmatch(digits):
            # Counted before int() is called: int() of a long digit string is
            # slow, and past 4 300 digits a ValueError with an English message.
            if len(digits.lstrip("-").lstrip("0")) > _MAX_DIGITS:
                raise ValueError(f"{_INT_EXPECTED} ({_TOO_LARGE})")
            return _bounded(int(digits), _INT_EXPECTED)
    raise ValueError(_INT_EXPECTED)


def to_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = norm(value)
        if word in {"kylla", "true", "ja", "yes", "tosi"}:
            return True
        if word in {"ei", "false", "nej", "no", "epatosi"}:
            return False
    raise ValueError("odotettiin totuusarvoa (true / false)")


_DATE_EXPECTED = "odotettiin päivämäärää (2025-01-01, 1.1.2025 tai 1. tammikuuta 2025)"


def to_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, (_dt.date, InvalidDate)):
        return value
    if isinstance(value, str):
        m = _FI_DATE.fullmatch(_without_final_dot(value))
        if m:
            day, month, year = (int(g) for g in m.groups())
        else:
            m = _ISO_DATE.fullmatch(value.strip())
            if not m:
                # The forms people write ("1. tammikuuta 2025", quoted
                # '2025-01-01') are read by the prose grammar, imported only
                # here: the fast patterns above cover nearly every document.
                from .prose.dates import read_date

                found = read_date(value)
                if found is None:
                    raise ValueError(_DATE_EXPECTED)
                return found
            year, month, day = (int(g) for g in m.groups())
        try:
            return _dt.date(year, month, day)
        except ValueError:
            return InvalidDate(value.strip())
    raise ValueError(_DATE_EXPECTED)


# Dates written in a form ``to_date`` does not read, or in one that no calendar has, whose intent
# is nevertheless certain (``corrected_date``): the year first with another separator, or the
# day and the month swapped where only the swapped reading is a date.
_YEAR_FIRST = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})|(\d{4})(\d\d)(\d\d)")
_DAY_OR_MONTH_FIRST = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")


def corrected_date(written: str) -> str | None:
    """The standard form of a date written ``written`` when its intent is certain, else None.

    * year first with slashes, dots or nothing between (``2025/01/31``,
      ``2025.01.31``, ``20250131``): the ISO form ``2025-01-31``;
    * with slashes or hyphens, day or month first (``31/1/2025``,
      ``1/31/2025``): the ISO form only when one of the first two numbers is
      over 12 (or both are the same), so that only one reading is a date;
    * ISO or Finnish with the month over 12 and the day not
      (``2025-31-01``, ``1.31.2025``): the day and the month swapped, in the
      form written (``2025-01-31``, ``31.1.2025``).

    Anything else — a valid date, ``31.2.2025``, ``5/3/2025`` — is None: a
    fix must not guess.
    """
    text = written.strip()
    m = _YEAR_FIRST.fullmatch(text)
    if m:
        year, month, day = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        return _iso(int(year), int(month), int(day))
    m = _DAY_OR_MONTH_FIRST.fullmatch(text)
    if m:
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if first > 12 or first == second:
            return _iso(year, second, first)
        if second > 12:
            return _iso(year, first, second)
        return None
    m = _ISO_DATE.fullmatch(text)
    if m and int(m.group(2)) > 12 >= int(m.group(3)):
        year, month, day = m.groups()
        return f"{year}-{day}-{month}" if _iso(int(year), int(day), int(month)) else None
    m = _FI_DATE.fullmatch(_without_final_dot(text))  # a prefix of ``text``: its offsets are the same
    if m and int(m.group(2)) > 12 >= int(m.group(1)):
        day, month, year = m.groups()
        if _iso(int(year), int(day), int(month)):
            return text[:m.start(1)] + month + text[m.end(1):m.start(2)] + day + text[m.end(2):]
    return None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_INDEFINITE_WORDS = frozenset({INDEFINITE, "voimassa", "oleva", "olevana", "on"})


def _is_indefinite(words: str) -> bool:
    """'toistaiseksi', 'toistaiseksi voimassa oleva', 'voimassa toistaiseksi'."""
    if words.startswith(INDEFINITE):
        return True
    parts = words.rstrip(".").split()
    return INDEFINITE in parts and _INDEFINITE_WORDS.issuperset(parts)


def to_end_date(value):
    """An end date, or ``toistaiseksi`` (until further notice)."""
    if isinstance(value, str) and _is_indefinite(norm(value)):
        return INDEFINITE
    try:
        return to_date(value)
    except ValueError:
        raise ValueError("odotettiin päivämäärää tai sanaa 'toistaiseksi'") from None


_DURATION_EXPECTED = "odotettiin kestoa, esimerkiksi '6 kk', '12 kuukautta', '1 vuosi' tai 'kuusi (6) kuukautta'"


def to_duration(value):
    if isinstance(value, Duration):
        return value
    if isinstance(value, str):
        m = _DURATION.fullmatch(norm(value))  # norm() strips and collapses spaces
        if m:
            amount = _bounded(float(m.group(1).replace(",", ".")), _DURATION_EXPECTED)
            unit = m.group(2)
            for prefix in _UNIT_PREFIXES:
                if unit.startswith(prefix):
                    months, days = _UNITS[prefix]
                    return Duration(round(amount * months), round(amount * days))
        # "kuusi (6) kuukautta", "kuuden kuukauden", "puoli vuotta", "vuosi":
        # the prose grammar, imported only when the fast pattern fails.
        from .prose.dates import read_duration

        found = read_duration(value)  # ValueError if words and digits disagree
        if found is not None:
            return found
    raise ValueError(_DURATION_EXPECTED)


_PERCENT_EXPECTED = "odotettiin prosenttiosuutta, esimerkiksi 40 tai '40 %'"


def to_percent(value):
    if isinstance(value, bool):
        raise ValueError(_PERCENT_EXPECTED)
    if isinstance(value, (int, float)):
        # Compared before float(): float(10**400) raises OverflowError.
        return float(_bounded(value, _PERCENT_EXPECTED))
    if isinstance(value, str):
        m = _PERCENT.fullmatch(value.strip())
        if m:
            return _bounded(float(m.group(1).replace(",", ".")), _PERCENT_EXPECTED)
    raise ValueError(_PERCENT_EXPECTED)


def to_text_list(value):
    """A list of texts; a single text is accepted as a one-item list."""
    if isinstance(value, list):
        return [to_text(v) for v in value]
    return [to_text(value)]


def enum_converter(allowed: tuple[str, ...]):
    by_norm = {norm(v).replace(" ", "-").replace("_", "-"): v for v in allowed}

    def to_enum(value):
        if isinstance(value, str):
            key = norm(value).replace(" ", "-").replace("_", "-")
            if key in by_norm:
                return by_norm[key]
        raise ValueError("sallitut arvot: " + ", ".join(allowed))

    to_enum.allowed = allowed
    return to_enum


_YES_NO = {"fi": ("kyllä", "ei"), "sv": ("ja", "nej"), "en": ("yes", "no")}
_INDEFINITELY = {"fi": INDEFINITE, "sv": "tills vidare", "en": "indefinitely"}


def render(value, lang: str = "fi", registry=None) -> str:
    """Render a value for a message in ``lang`` (dates as d.m.yyyy; a decimal comma but in English).

    With a ``registry``, a municipality's Finnish name is written as Swedish
    text writes it ("Porvoo" → "Borgå", "Oulu" → "Uleåborg"): pass one for
    Swedish messages only.
    """
    if value is None:
        return "–"
    if isinstance(value, bool):
        yes, no = _YES_NO.get(lang, _YES_NO["fi"])
        return yes if value else no
    if isinstance(value, _dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, float):
        shown = str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
        return shown if lang == "en" else shown.replace(".", ",")
    if isinstance(value, Duration):
        return value.said(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(render(v, lang, registry) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {render(v, lang, registry)}" for k, v in value.items())
    if value == INDEFINITE:
        return _INDEFINITELY.get(lang, INDEFINITE)
    if registry is not None and isinstance(value, str):
        found = registry.get(value)
        if found is not None and found.name == value:
            return found.swedish_name
    return str(value)


def parse_day(text: str) -> _dt.date | None:
    """A day a user gives (``--as-of``, the web page's form): ISO (2025-01-01) or Finnish (1.1.2025); None if not one."""
    text = text.strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        parsed = to_date(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, _dt.date) and not isinstance(parsed, InvalidDate) else None
