"""Scalar values of agreement documents: text, dates, durations, percentages.

These converters are the single definition of what a value may look like.
The pydantic models (``documents.model``) call them as ``BeforeValidator``s
and the fast loader (``documents.loader``) calls the same functions, so the
two can never disagree about a scalar. Each raises ``ValueError`` with a
Finnish message that the loader turns into a ``TARK-SCHEMA`` diagnostic.
"""

from __future__ import annotations

import datetime as _dt
import re

from .record import Record
from .text import norm

INDEFINITE = "toistaiseksi"


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

    def _cmp(self, other):
        if isinstance(other, Duration):
            return self.total_days, other.total_days
        return NotImplemented

    def __lt__(self, other):
        a, b = self._cmp(other)
        return a < b

    def __le__(self, other):
        a, b = self._cmp(other)
        return a <= b

    def __gt__(self, other):
        a, b = self._cmp(other)
        return a > b

    def __ge__(self, other):
        a, b = self._cmp(other)
        return a >= b

    def __str__(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months} kk")
        if self.days or not parts:
            parts.append(f"{self.days} pv")
        return " ".join(parts)


_UNITS = {
    # Finnish, Swedish and English unit words, by normalised prefix.
    "kk": (1, 0), "kuuk": (1, 0), "manad": (1, 0), "month": (1, 0),
    "v": (12, 0), "vuo": (12, 0), "ar": (12, 0), "year": (12, 0),
    "pv": (0, 1), "paiv": (0, 1), "vrk": (0, 1), "dag": (0, 1), "day": (0, 1),
    "vk": (0, 7), "viik": (0, 7), "veck": (0, 7), "week": (0, 7),
}
_DURATION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)\.?\s*$")
_FI_DATE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*\.?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_PERCENT = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(%|prosenttia|pros\.?)?\s*$")


def to_text(value):
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise ValueError("odotettiin tekstiä")
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, (int, float)):
        return str(value)
    raise ValueError("odotettiin tekstiä")


def to_int(value):
    if isinstance(value, bool):
        raise ValueError("odotettiin kokonaislukua")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        digits = value.replace(" ", "").replace("\u00a0", "")
        if re.fullmatch(r"-?\d+", digits):
            return int(digits)
    raise ValueError("odotettiin kokonaislukua")


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


def to_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, (_dt.date, InvalidDate)):
        return value
    if isinstance(value, str):
        m = _FI_DATE.match(value)
        if m:
            day, month, year = (int(g) for g in m.groups())
        else:
            m = _ISO_DATE.match(value)
            if not m:
                raise ValueError("odotettiin päivämäärää (2025-01-01 tai 1.1.2025)")
            year, month, day = (int(g) for g in m.groups())
        try:
            return _dt.date(year, month, day)
        except ValueError:
            return InvalidDate(value.strip())
    raise ValueError("odotettiin päivämäärää (2025-01-01 tai 1.1.2025)")


def to_end_date(value):
    """An end date, or ``toistaiseksi`` (until further notice)."""
    if isinstance(value, str) and norm(value).startswith(INDEFINITE):
        return INDEFINITE
    try:
        return to_date(value)
    except ValueError:
        raise ValueError("odotettiin päivämäärää tai sanaa 'toistaiseksi'") from None


def to_duration(value):
    if isinstance(value, Duration):
        return value
    if isinstance(value, str):
        m = _DURATION.match(norm(value))
        if m:
            amount = float(m.group(1).replace(",", "."))
            unit = m.group(2)
            for prefix in sorted(_UNITS, key=len, reverse=True):
                if unit.startswith(prefix):
                    months, days = _UNITS[prefix]
                    return Duration(round(amount * months), round(amount * days))
    raise ValueError("odotettiin kestoa, esimerkiksi '6 kk', '12 kuukautta' tai '1 vuosi'")


def to_percent(value):
    if isinstance(value, bool):
        raise ValueError("odotettiin prosenttiosuutta, esimerkiksi 40 tai '40 %'")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = _PERCENT.match(value)
        if m:
            return float(m.group(1).replace(",", "."))
    raise ValueError("odotettiin prosenttiosuutta, esimerkiksi 40 tai '40 %'")


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


def render(value) -> str:
    """Render a value for a Finnish message (dates as d.m.yyyy, decimal comma)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "kyllä" if value else "ei"
    if isinstance(value, _dt.date):
        return f"{value.day}.{value.month}.{value.year}"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")).replace(".", ",")
    if isinstance(value, (list, tuple)):
        return ", ".join(render(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {render(v)}" for k, v in value.items())
    return str(value)
