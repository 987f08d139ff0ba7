"""The reports' own words in Finnish, Swedish and English (rules carry theirs)."""

from __future__ import annotations

from ..diagnostics import Severity

LANGUAGES = ("fi", "sv", "en")

_WORDS = {
    "fi": {Severity.ERROR: ("virhe", "virhettä"), Severity.WARNING: ("varoitus", "varoitusta"),
           Severity.INFO: ("huomio", "huomiota"), "file": ("tiedosto", "tiedostoa"),
           "basis": "peruste", "fix": "korjaus", "see": "katso myös", "suppressed": "ohitettu",
           "found": "Löytyi {errors}, {warnings} ja {infos}", "none": "Ei havaintoja",
           "checked": "{files} tarkastettu; laki {date} mukaan", "hidden": "{n} ohitettu poikkeuksena",
           "skipped": "{n} ohitettu (TARK-OHITETTU)",
           "statistics": "Havainnot säännöittäin"},
    "sv": {Severity.ERROR: ("fel", "fel"), Severity.WARNING: ("varning", "varningar"),
           Severity.INFO: ("anmärkning", "anmärkningar"), "file": ("fil", "filer"),
           "basis": "grund", "fix": "åtgärd", "see": "se även", "suppressed": "undantag",
           "found": "Hittade {errors}, {warnings} och {infos}", "none": "Inga fynd",
           "checked": "{files} granskade; lagen per {date}", "hidden": "{n} undantagna med motivering",
           "skipped": "{n} överhoppade (TARK-OHITETTU)",
           "statistics": "Fynd per regel"},
    "en": {Severity.ERROR: ("error", "errors"), Severity.WARNING: ("warning", "warnings"),
           Severity.INFO: ("note", "notes"), "file": ("file", "files"),
           "basis": "basis", "fix": "fix", "see": "see also", "suppressed": "suppressed",
           "found": "Found {errors}, {warnings} and {infos}", "none": "No findings",
           "checked": "{files} checked; law as of {date}", "hidden": "{n} suppressed as deviations",
           "skipped": "{n} skipped (TARK-OHITETTU)",
           "statistics": "Findings per rule"},
}


def word(lang: str, key) -> str:
    value = _WORDS.get(lang, _WORDS["fi"])[key]
    return value[0] if isinstance(value, tuple) else value


def count(lang: str, key, n: int) -> str:
    one, many = _WORDS.get(lang, _WORDS["fi"])[key]
    return f"{n} {one if n == 1 else many}"


def template(lang: str, key: str) -> str:
    """A phrase with its ``{placeholders}`` (``phrase`` fills them)."""
    return _WORDS.get(lang, _WORDS["fi"])[key]


def phrase(lang: str, key: str, **values) -> str:
    return _WORDS.get(lang, _WORDS["fi"])[key].format(**values)
