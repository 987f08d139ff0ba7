"""Facts from an agreement's text, each with where it is and the words that show it.

``read_facts(text, book)`` reads the body of a Markdown agreement into the
facts the front matter gives (the same keys, ``documents.model``), as a
``Map`` whose every key and item has the position of the words that state
it, so that rules run on text facts unchanged and their findings point at
the words. One module per kind of fact does the reading (``doctype``,
``parties``, ``organiser``, ``validity``, ``costs``, ``area``, ``disputes``,
``monitoring``, ``tasks``, ``approvals``); the words each looks for are data
(``rules/tekstitiedot.yaml``, ``Rulebook.lexicon``).

When two places of the text state one fact differently (two notice periods,
a start date in section 2 and another in section 11), the first is the
fact and the pair is a ``Conflict``; ``merge`` compares the text with the
front matter the same way.

Nothing here raises on any text: each reader works on bounded pieces
(a unit of text, a table), with linear patterns, and what it cannot read it
leaves unread.
"""

from __future__ import annotations

from ..diagnostics import START, Position
from ..documents.loader import Map, Seq, split_front_matter
from ..record import Factory, Record
from .body import Body, read_body

MAX_FACTS = 2_000  # per document: a generated file of 10 000 table rows is not read row by row


class Fact(Record, frozen=True):
    """One fact read from the text: its key (``voimassaolo.alkaa``, ``osapuolet[1].rooli``), value, place, words."""

    key: str
    value: object
    pos: Position
    quote: str


class Conflict(Record, frozen=True):
    """One fact stated differently in two places: ``first`` is the one kept, ``second`` the other."""

    fact: str  # the RISTIRIITA-<FACT> suffix: VOIMASSAOLO, IRTISANOMISAIKA, OSAPUOLET …
    key: str
    first: Fact
    second: Fact
    first_source: str = "teksti"  # "etusivu" or "teksti"


class TextFacts(Record):
    doc_type: str | None = None
    items: list = Factory(list)  # of Fact, in reading order
    data: Map = Factory(lambda: Map(START))
    conflicts: list = Factory(list)  # of Conflict
    aliases: dict = Factory(dict)  # short names defined in the text, "(jäljempänä Kuopio)"

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.items if f.key == key), None)

    def plain(self) -> dict:
        """The facts as plain JSON-able data (dates as ISO strings, durations as "6 kk")."""
        return _plain(self.data)


class Reader:
    """What every fact reader is handed: the body, the rule pack's words and registry, and the facts so far."""

    def __init__(self, body: Body, book, doc_type: str | None = None) -> None:
        self.body = body
        self.book = book
        self.registry = book.registry if _swedish(body) else book.registry.without_exonyms()
        self.facts = TextFacts()
        self.declared = doc_type  # the front matter's type, for readers of one type's facts
        self._defers: dict[int, bool] = {}
        self._facts: dict[str, Fact] = {}  # key -> the fact recorded for it
        self._conflicted: set[str] = set()  # keys with a conflict already reported
        self._provisions: dict = {}
        self._missing: dict = {}  # lexicon entries a user's rule pack leaves out: empty ones, for this reading
        from ..rulebook import deferral_patterns
        from ..text import pattern_set

        self.deferral = pattern_set(deferral_patterns(book))

    def kind(self) -> str | None:
        """The document's type: as the text says it, else as the front matter does."""
        return self.facts.data.get("tyyppi") or self.declared

    def words(self, name: str):
        """The lexicon entry ``name`` (an empty one if a user's rule pack leaves it out)."""
        found = self.book.lexicon.get(name) or self._missing.get(name)
        if found is None:
            from ..rulebook import Lexeme

            found = self._missing[name] = Lexeme(name, "")
        return found

    def defers(self, unit) -> bool:
        """Whether a unit only puts a provision off ("Sovitaan myöhemmin.", "[täydennä]", "…")."""
        found = self._defers.get(id(unit))
        if found is None:
            from ..documents.loader import _is_placeholder

            found = self._defers[id(unit)] = _is_placeholder(unit.text) or self.deferral.match_index(unit.index)
        return found

    def provision(self, name: str, headings: bool = False):
        """A provision's sentence patterns (or heading patterns) as one ``PatternSet``; empty if unknown."""
        from ..text import PatternSet

        key = (name, headings)
        if key not in self._provisions:
            entry = self.book.provisions.get(name)
            patterns = () if entry is None else (entry.patterns if headings else entry.text_patterns)
            self._provisions[key] = PatternSet(patterns)
        return self._provisions[key]

    def has(self, name: str, unit) -> bool:
        return self.words(name).match_index(unit.index)

    def get(self, key: str):
        value = self.facts.data
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    def excerpt(self, pos: Position, limit: int = 80) -> str:
        """The words of the file from ``pos`` on, to the end of its line (at most ``limit`` characters)."""
        lines = self.body.lines
        if not 1 <= pos.line <= len(lines):
            return ""
        text = lines[pos.line - 1].rstrip("\r")[pos.column - 1:]
        if len(text) > limit:
            cut = text.rfind(" ", 0, limit)
            text = text[:cut if cut > 0 else limit]
        return text.strip()

    def put(self, key: str, value, pos: Position, quote: str | None, conflict: str | None = None,
            same=None) -> bool:
        """Record the fact ``key`` (a dotted path of map keys) unless it is known; True if recorded.

        A second, different statement of a known fact is a ``Conflict``
        named ``conflict`` (if given); ``same(a, b)`` compares values.
        """
        if len(self.facts.items) >= MAX_FACTS:
            return False
        fact = Fact(key, value, pos, _quote(quote) if quote else self.excerpt(pos))
        parts = key.split(".")
        target = self.facts.data
        for part in parts[:-1]:
            child = target.get(part)
            if not isinstance(child, Map):
                child = Map(pos)
                target[part] = child
                target.key_pos[part] = pos
            target = child
        last = parts[-1]
        if last in target:
            if conflict and key not in self._conflicted:
                known = self._facts.get(key)
                equal = same(target[last], value) if same is not None else target[last] == value
                if known is not None and not equal:  # the first disagreement is the finding; one per fact
                    self._conflicted.add(key)
                    self.facts.conflicts.append(Conflict(conflict, key, known, fact))
            return False
        target[last] = value
        target.key_pos[last] = pos
        self.facts.items.append(fact)
        self._facts[key] = fact
        return True

    def put_values(self, key: str, items: list[tuple[object, Position, str]]) -> Seq | None:
        """Record a list of scalars (``siirretään``, ``seuranta.keinot``), each with its position."""
        if not items or self.get(key) is not None:
            return None
        seq = Seq(items[0][1])
        for value, pos, _ in items:
            seq.append(value)
            seq.item_pos.append(pos)
        if self.put(key, seq, items[0][1], items[0][2]):
            for i, (value, pos, quote) in enumerate(items):
                self.facts.items.append(Fact(f"{key}[{i}]", value, pos, _quote(quote)))
            return seq
        return None

    def put_list(self, key: str, items: list[tuple[dict, Position, str]]) -> Seq | None:
        """Record a list of mappings (parties, shares): each item's fields with their positions.

        ``items`` holds (fields, position, quote) where fields maps a field
        name to (value, position); facts are listed as ``key[i].field``.
        """
        if not items or self.get(key) is not None or len(self.facts.items) >= MAX_FACTS:
            return None
        parts = key.split(".")
        target = self.facts.data
        for part in parts[:-1]:
            child = target.get(part)
            if not isinstance(child, Map):
                child = Map(items[0][1])
                target[part] = child
                target.key_pos[part] = items[0][1]
            target = child
        seq = Seq(items[0][1])
        for i, (fields, pos, quote) in enumerate(items):
            item = Map(pos)
            for name, (value, at) in fields.items():
                item[name] = value
                item.key_pos[name] = at
                self.facts.items.append(Fact(f"{key}[{i}].{name}", value, at, self.excerpt(at)))
            seq.append(item)
            seq.item_pos.append(pos)
        target[parts[-1]] = seq
        target.key_pos[parts[-1]] = items[0][1]
        return seq


def _swedish(body: Body) -> bool:
    """Whether the text is Swedish or bilingual, so that unofficial Swedish names (Ilmola) count as names."""
    from ..language import detect_and_bilingual

    language, both = detect_and_bilingual("\n".join(body.lines))
    return language == "sv" or both


def read_facts(text: str, book, doc_type: str | None = None) -> TextFacts:
    """The facts of an agreement's text (its front matter, if any, is skipped)."""
    if not isinstance(text, str):
        return TextFacts()
    text = text.removeprefix("\ufeff")
    first = 0
    if text.startswith("---"):
        split = split_front_matter(text)
        if split is not None:
            first = split[2]
    body = read_body(text, first)
    reader = Reader(body, book, doc_type)
    from . import approvals, area, costs, disputes, doctype, monitoring, organiser, parties, tasks, validity

    for module in (doctype, parties, organiser, validity, costs, area, disputes, monitoring, tasks, approvals):
        module.read(reader)
    facts = reader.facts
    facts.doc_type = facts.data.get("tyyppi")
    return facts


def _quote(text: str, limit: int = 200) -> str:
    """The words as written (spaces collapsed), cut at a word within ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[:cut if cut > 0 else limit]


def _plain(value):
    import datetime as _dt

    from ..values import Duration, InvalidDate

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, InvalidDate):
        return value.raw
    return value
