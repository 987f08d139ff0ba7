"""Completion in the front matter (or a YAML agreement): keys, enumerated values, municipality names.

Keys come from the format's shape at the cursor's place (the keys already
written in that mapping left out); values from the shape's enumerations
(``tyyppi``, ``rooli``, ``malli``, ``siirretään``, a joint authority's
organ types); municipality names from the registry for the keys whose
value is a municipality; rule ids after ``sääntö:`` in ``poikkeukset`` and
in a ``<!-- tarkastus: ohita … -->`` comment. Where the cursor is decided
by ``Buffer.locate``, so a half-written line is understood as the key or
value it is becoming.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..messages import text
from .buffer import ITEM, SENTINEL, Buffer, document_type, shape_at

# Keys whose value names a municipality (the parties, the area's municipalities, seats, shares,
# a task's area and employer, the lead, who organises, steers and monitors).
MUNICIPALITY_KEYS = frozenset({"kunta", "vastuukunta", "järjestämisvastuu", "ohjaus", "työnantaja", "alue",
                               "vastuu", "puheenjohtaja"})
_SEPARATORS = frozenset(":{}[],#\"'")
_WORD = re.compile(r"[^\s:{}\[\],#\"']*")
_COMMENT = re.compile(r"<!--\s*tarkastus\s*:\s*ohita\s", re.IGNORECASE)


class Item(NamedTuple):
    label: str
    kind: str  # key, value, municipality, rule
    detail: str
    documentation: str
    insert: str  # the text that replaces the partial word


class Completions(NamedTuple):
    start: int  # the column where the partial word starts (it is replaced)
    items: list[Item]


def complete(buffer: Buffer, line: int, column: int, book, lang: str) -> Completions | None:
    """What may be written at (line, column), 0-based, in ``buffer``."""
    if book is None:
        return None
    before = buffer.line(line)[:column]
    start = column
    while start > 0 and not before[start - 1].isspace() and before[start - 1] not in _SEPARATORS:
        start -= 1  # by hand: a pattern anchored at the end would be quadratic on a long line
    if "<!--" in before:
        comment = _COMMENT.match(before, before.rfind("<!--"))
        if comment is not None and all(c.isalnum() or c in "-_, \t" for c in before[comment.end():]):
            return Completions(start, _rule_items(book, lang))
    if not buffer.in_yaml(line):
        return None
    doc_type = document_type(buffer, book.shapes)
    end = start + len(_WORD.match(buffer.line(line), start).group())
    attempts = [(SENTINEL + ":", True), (SENTINEL, False)]
    if _expects_value(before[:start]):
        attempts.reverse()
    for replacement, as_key in attempts:
        located = buffer.locate(line, start, end, replacement)
        if located is None:
            continue
        path, is_key, mapping = located
        items = (_key_items(book, doc_type, path[:-1], mapping) if as_key and is_key
                 else _value_items(book, doc_type, path, lang) if not as_key and not is_key else [])
        if items:
            return Completions(start, items)
    return None


def _expects_value(head: str) -> bool:
    """Whether the text before the word makes it a value: after "key:", or an item of a flow list."""
    stripped = head.rstrip()
    if stripped.endswith(":"):
        return True
    brackets = []
    for char in head:
        if char in "[{":
            brackets.append(char)
        elif char in "]}" and brackets:
            brackets.pop()
    return stripped.endswith(("[", ",")) and brackets[-1:] == ["["]


def _key_items(book, doc_type, parent: tuple, mapping) -> list[Item]:
    from ..documents.shape import ListShape, MapShape, key_norm

    shape = shape_at(book.shapes, doc_type, parent)
    if not isinstance(shape, MapShape):
        return []
    written = {key_norm(str(k.value)) for k, _ in (mapping.value if mapping is not None else ())
               if getattr(k, "value", None) != SENTINEL}
    items = []
    for alias, field in shape.fields.items():
        if key_norm(alias) in written:
            continue
        nested = isinstance(field.shape, (MapShape, ListShape))
        items.append(Item(alias, "key", "", field.description, alias + (":" if nested else ": ")))
    return items


def _value_items(book, doc_type, path: tuple, lang: str) -> list[Item]:
    from ..documents.shape import Scalar

    shape = shape_at(book.shapes, doc_type, path)
    keys = [part for part in path if part != ITEM]
    if isinstance(shape, Scalar) and shape.kind == "enum":
        key = keys[-1] if keys else ""
        return [Item(value, "value", key, "", value) for value in shape.allowed]
    if not keys:
        return []
    if keys[-1] == "sääntö" and keys[0] == "poikkeukset":
        return _rule_items(book, lang)
    if keys[-1] in MUNICIPALITY_KEYS:
        return municipality_items(book.registry, lang)
    return []


def municipality_items(registry, lang: str) -> list[Item]:
    """Every municipality by its Finnish name, and by its official Swedish one where it has one."""
    items = []
    for m in registry.municipalities:
        detail = text("lsp.completion.municipality", lang, region=m.region or "–", code=m.code or "–")
        items.append(Item(m.name, "municipality", detail, "", m.name))
        if m.swedish and m.swedish != m.name:
            items.append(Item(m.swedish, "municipality", detail, m.name, m.swedish))
    return items


def _rule_items(book, lang: str) -> list[Item]:
    return [Item(rule.id, "rule", rule.title_in(lang), "", rule.id) for rule in book.rules]
