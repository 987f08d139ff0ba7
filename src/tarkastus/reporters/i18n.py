"""The reports' own words in Finnish, Swedish and English (rules carry theirs).

The words are the message catalogue's (``messages.CATALOGUE``: ``severity.*``,
``count.*``, ``report.*``); this is how the reporters ask for them.
"""

from __future__ import annotations

from ..diagnostics import Severity
from ..messages import LANGUAGES, template as _template, text

__all__ = ["LANGUAGES", "count", "phrase", "severity", "template", "word"]


def _key(key) -> str:
    return f"severity.{key.label}" if isinstance(key, Severity) else f"report.{key}"


def word(lang: str, key) -> str:
    """A severity's word ("virhe", "fel", "error") or a report word ("peruste")."""
    return text(_key(key), lang)


def severity(lang: str, level: Severity) -> str:
    return text(f"severity.{level.label}", lang)


def count(lang: str, key, n: int) -> str:
    """``n`` of a severity or of files, with the noun in its number: "1 virhe", "2 virhettä"."""
    name = key.label if isinstance(key, Severity) else key
    return text(f"count.{name}.{'one' if n == 1 else 'many'}", lang, n=n)


def template(lang: str, key: str) -> str:
    """A phrase with its ``{placeholders}`` (``phrase`` fills them)."""
    return _template(f"report.{key}", lang)


def phrase(lang: str, key: str, **values) -> str:
    return text(f"report.{key}", lang, **values)
