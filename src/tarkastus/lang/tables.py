"""The data tables of a rule directory, read with the position of every value.

``provisions.yaml`` (what shows that an agreement has a provision),
``statutes.yaml`` (the acts rules cite) and ``kunnat.yaml`` (the
municipality registry) are the rules' data, and a rule directory of a
user's may bring its own. Each is checked against its shape here, entry by
entry: a YAML syntax error, a list where a mapping belongs, a number where
a list of texts belongs, a missing ``nimi``, an unknown key (with the
closest known one) — each is a ``TableError`` at the line and column of
the offending value (the composed YAML node's mark), and only that entry
is left out; the other entries, tables and rules still load. Every message
is a catalogue message (``lang.table.*``), so that it is said in the
report's language; what a value is ("luku '5'") and which entry it is in
("Määräys 'oma'") are messages inside it.

The text is read as rule files are (``sources``: regular files, at most
``MAX_SOURCE_BYTES``, UTF-8). Nesting is measured on libyaml's event stream
before the tree is composed (composing recurses), and walking the tree
stops after ``MAX_TABLE_NODES`` nodes (aliases can make a small file a huge
tree).
"""

from __future__ import annotations

import datetime as _dt
import difflib
from pathlib import Path

import yaml
import yaml.constructor

from ..diagnostics import START, Position
from ..messages import Message, say
from .errors import RuleError, TableError
from .limits import MAX_NESTING, MAX_TABLE_ERRORS, MAX_TABLE_NODES, finnish_number
from .sources import read_source

try:  # the C parser is about ten times faster
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"

# Per table: the keys of an entry, each with its kind and whether it is required.
# kuvaus is Finnish; kuvaus_sv and kuvaus_en say it in Swedish and English (tarkastus facts, explain).
PROVISION_KEYS = {"kuvaus": ("text", False), "kuvaus_sv": ("text", False), "kuvaus_en": ("text", False),
                  "avaimet": ("texts", False), "otsikot": ("texts", False), "teksti": ("texts", False)}
LEXICON_KEYS = {"kuvaus": ("text", False), "kuvaus_sv": ("text", False), "kuvaus_en": ("text", False),
                "sanat": ("texts", False), "päätteet": ("texts", False)}
# ohjeet.yaml: the guidance rules cite by key (cite guidance KEY); lainaukset.yaml: passages they quote (quote from KEY).
GUIDANCE_KEYS = {"nimi": ("text", True), "url": ("text", False)}
QUOTE_KEYS = {"lähde": ("text", False), "teksti": ("text", True)}
STATUTE_KEYS = {"nimi": ("text", True), "numero": ("code", False), "näyttö": ("text", False),
                "url": ("text", False), "nimet": ("texts", False), "muutokset": ("codes", False),
                "kumottu": ("code", False), "kumottu_alkaen": ("date", False)}
REGISTRY_KEYS = {"lähde": ("text", False), "voimassa": ("date", False), "kunnat": ("list", True)}
MUNICIPALITY_KEYS = {"nimi": ("text", True), "ruotsiksi": ("text", False), "nimi_sv": ("text", False),
                     "kunnanumero": ("code", False), "maakunta": ("text", False), "aiemmat": ("texts", False)}

# What a value of each kind is, in the catalogue ("luettelo tekstejä, esimerkiksi [...]").
_KIND_WORDS = {
    "text": "lang.table.kind.text", "code": "lang.table.kind.code", "date": "lang.table.kind.date",
    "texts": "lang.table.kind.texts", "codes": "lang.table.kind.codes", "list": "lang.table.kind.list",
    "mapping": "lang.table.kind.mapping",
}


def _kind(kind: str) -> Message:
    return Message(_KIND_WORDS[kind])


class Located:
    """A value from a table and where it is (1-based line and column)."""

    __slots__ = ("value", "pos")

    def __init__(self, value, pos: Position) -> None:
        self.value = value
        self.pos = pos

    def __repr__(self) -> str:
        return f"Located({self.value!r}, {self.pos})"


EMPTY = Located((), START)  # a list field that is not given
_TOO_MANY_NODES = say("lang.table.too_many_nodes", n=finnish_number(MAX_TABLE_NODES))
_TOO_DEEP = say("lang.table.too_deep", n=MAX_NESTING)


class _TooLarge(Exception):
    pass


class TableReader:
    """One table: its text, its errors, and typed access to its composed nodes."""

    def __init__(self, path: Path, shown: str) -> None:
        self.path = path
        self.shown = shown
        self.text = ""
        self.errors: list[TableError] = []
        self.nodes = 0
        self._hidden = 0
        self._constructor = yaml.constructor.SafeConstructor()  # it remembers what it made: one per table
        self._widths = None  # (text, the length of each of its lines)

    # ---- errors
    def error(self, pos: Position, message: Message) -> None:
        pos = self._inside(pos)
        if len(self.errors) < MAX_TABLE_ERRORS:
            self.errors.append(TableError(self.shown, pos, message, self.text))
        else:
            self._hidden += 1

    def pos(self, node) -> Position:
        return self._inside(_pos(node))

    def _inside(self, pos: Position) -> Position:
        """``pos`` within the text as caret contexts count it (lines end at "\\n" only).

        libyaml also ends lines at "\\r", "\\x85" and U+2028, and marks an
        unclosed bracket one line past the end.
        """
        if self._widths is None or self._widths[0] is not self.text:
            self._widths = (self.text, [len(line) for line in self.text.split("\n")])
        widths = self._widths[1]
        line = min(max(pos.line, 1), len(widths))
        column = min(max(pos.column, 1), widths[line - 1] + 1)
        return pos if (line, column) == pos else Position(line, column)

    def finish(self) -> list[TableError]:
        if self._hidden:
            self.errors.append(TableError(self.shown, START, say(
                "lang.table.more_errors", n=finnish_number(self._hidden), max=MAX_TABLE_ERRORS)))
            self._hidden = 0
        return self.errors

    # ---- the tree
    def root(self):
        """The composed root node, or None (with the error recorded)."""
        try:
            self.text = read_source(self.path, self.shown, "Taulukko")
        except RuleError as exc:
            error = TableError(exc.path, exc.pos, exc.text or exc.message)
            error.context = exc.context
            self.errors.append(error)
            return None
        try:
            depth, mark, events = 0, None, 0
            for event in yaml.parse(self.text, Loader=_Loader):
                events += 1
                if events > MAX_TABLE_NODES * 2:
                    raise _TooLarge
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_NESTING:
                        mark = event.start_mark
                        break
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
            if mark is not None:
                self.error(_mark(mark), _TOO_DEEP)
                return None
            return yaml.compose(self.text, Loader=_Loader)
        except _TooLarge:
            self.error(START, _TOO_MANY_NODES)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or ""
            if "nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
                message = _TOO_DEEP
            else:  # the parser's own words (English), as a value
                message = say("lang.table.yaml", problem=problem)
            self.error(_mark(mark) if mark else START, message)
        except yaml.YAMLError as exc:
            self.error(START, say("lang.table.yaml", problem=str(exc)))
        except RecursionError:
            self.error(START, _TOO_DEEP)
        return None

    def count(self, n: int = 1) -> None:
        self.nodes += n
        if self.nodes > MAX_TABLE_NODES:
            raise _TooLarge

    def mapping(self, node, what: Message, top: bool = False) -> dict[str, tuple] | None:
        """A mapping node's entries as {key: (key node, value node)}; None (reported) if it is not one.

        ``what`` names the entry in messages ("Määräys 'oma'"); ``top``: the node is the table's top level.
        """
        self.count()
        if not isinstance(node, yaml.MappingNode):
            self.error(self.pos(node), say("lang.table.top_kind" if top else "lang.table.entry_kind", what=what,
                                           kind=_kind("mapping"), found=_describe(node)))
            return None
        entries: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            self.count()
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:
                self.error(self.pos(key_node), say("lang.table.key_kind", what=what, found=_describe(key_node)))
                continue
            key = key_node.value
            if key in entries:
                self.error(self.pos(key_node), say("lang.table.key_twice", what=what, key=key,
                                                   line=self.pos(entries[key][0]).line))
                continue
            entries[key] = (key_node, value_node)
        return entries

    def fields(self, node, keys: dict, what: Message) -> dict | None:
        """An entry checked against ``keys``: {key: Located value}; None if anything in it is wrong."""
        entries = self.mapping(node, what)
        if entries is None:
            return None
        before = self._reported()
        found: dict = {}
        for key, (key_node, value_node) in entries.items():
            if key not in keys:
                close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
                hint = say("hint.did_you_mean_quoted", name=close[0]) if close else ""
                self.error(self.pos(key_node), say("lang.table.unknown_field", what=what, key=key,
                                                   known=tuple(keys), hint=hint))
                continue
            kind, required = keys[key]
            reported = self._reported()
            value = self.value(value_node, kind, what, key)
            if value is not None:
                found[key] = value
            if required and self._reported() == reported and (
                    value is None or (isinstance(value.value, str) and not value.value.strip())):
                self.error(self.pos(value_node), say("lang.table.required_empty", what=what, key=key))
        for key, (_, required) in keys.items():
            if required and key not in entries:
                self.error(self.pos(node), say("lang.table.required_missing", what=what, key=key))
        return found if self._reported() == before else None

    def _reported(self) -> int:
        return len(self.errors) + self._hidden

    def value(self, node, kind: str, what: Message, key: str, item: int | None = None) -> Located | None:
        """The field ``key`` of the entry ``what`` (its ``item``-th list item, if given) as a value of ``kind``.

        ``kind`` is one of ``_KIND_WORDS``; None for null, or when wrong (reported).
        """
        self.count()
        pos = self.pos(node)
        if kind == "list":
            if isinstance(node, yaml.SequenceNode):
                return Located(node, pos)
        elif kind in ("texts", "codes"):
            if isinstance(node, yaml.SequenceNode):
                items = []
                for i, item_node in enumerate(node.value, start=1):
                    found = self.value(item_node, kind[:-1], what, key, i)
                    if found is None:
                        return None
                    items.append(found)
                return Located(items, pos)
            if _is_null(node):
                return Located([], pos)
        elif isinstance(node, yaml.ScalarNode):
            if _is_null(node):
                return None
            scalar = self.scalar(node, what, key, item)
            if scalar is _WRONG:
                return None
            if kind == "text" and isinstance(scalar, str):
                return Located(scalar, pos)
            if kind == "code" and isinstance(scalar, (str, int)) and not isinstance(scalar, bool):
                return Located(str(scalar), pos)
            if kind == "date" and isinstance(scalar, _dt.date) and not isinstance(scalar, _dt.datetime):
                return Located(scalar, pos)
        found = _describe(node)
        if item is None:
            self.error(pos, say("lang.table.field_kind", what=what, key=key, kind=_kind(kind), found=found))
        else:
            self.error(pos, say("lang.table.item_kind", what=what, key=key, n=item, kind=_kind(kind), found=found))
        return None

    def scalar(self, node, what: Message, key: str, item: int | None = None):
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)  # PyYAML's or Python's words, as a value
            if item is None:
                self.error(self.pos(node), say("lang.table.field_invalid", what=what, key=key, problem=problem))
            else:
                self.error(self.pos(node), say("lang.table.item_invalid", what=what, key=key, n=item,
                                               problem=problem))
            return _WRONG


_WRONG = object()


def _mark(mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _pos(node) -> Position:
    return _mark(node.start_mark)


def _is_null(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


# What a scalar found where another value belongs is, by its YAML tag ("luku '5'").
_SCALARS = {"str": "lang.table.found.text", "int": "lang.table.found.number", "float": "lang.table.found.number",
            "bool": "lang.table.found.truth", "timestamp": "lang.table.found.date"}


def _describe(node) -> Message:
    """What a node is, for the end of a message: "luettelo", "luku '5'"."""
    if isinstance(node, yaml.MappingNode):
        return Message("lang.table.found.mapping")
    if isinstance(node, yaml.SequenceNode):
        return Message("lang.table.found.list")
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null":
        return Message("lang.table.found.empty")
    value = node.value if len(node.value) <= 40 else node.value[:40] + "…"
    return say(_SCALARS.get(tag, "lang.table.found.value"), value=repr(value))


def read_entries(path: Path, shown: str, keys: dict, what):
    """A table of named entries (provisions, statutes): ([(name, Located fields, position)], errors, text).

    ``what(name)`` names an entry in messages (a ``Message``: "Määräys 'oma'");
    ``text`` is for the caret contexts of errors the caller finds in the values.
    """
    reader = TableReader(path, shown)
    entries = []
    try:
        root = reader.root()
        if root is not None and not _is_null(root):
            top = reader.mapping(root, Message("lang.what.table"), top=True)
            for name, (key_node, node) in (top or {}).items():
                found = reader.fields(node, keys, what(name))
                if found is not None:
                    if keys is STATUTE_KEYS and "nimet" in found:
                        _inflect_names(found["nimet"])
                    entries.append((name, found, reader.pos(key_node)))
    except _TooLarge:
        reader.error(START, _TOO_MANY_NODES)
    return entries, reader.finish(), reader.text


def _inflect_names(names: Located) -> None:
    """A statute name written "kuntalaki~" becomes the pattern of all its inflected forms.

    Done here, when the rule pack is built, so the compiled patterns (and the
    cache) hold the forms and checking never loads the morphology library.
    """
    if any(isinstance(item.value, str) and "~" in item.value for item in names.value):
        from ..citations import inflect_pattern

        for item in names.value:
            if isinstance(item.value, str) and "~" in item.value:
                item.value = inflect_pattern(item.value)


def read_registry(path: Path, shown: str):
    """kunnat.yaml: (source, [(Located fields of a municipality)], errors); source None if unusable."""
    reader = TableReader(path, shown)
    municipalities = []
    source = None
    try:
        root = reader.root()
        if root is None and not reader.errors:
            reader.error(START, say("lang.table.registry_empty"))
        if root is not None:
            top = reader.fields(root, REGISTRY_KEYS, Message("lang.table.registry"))
            if top is not None and "kunnat" in top:
                source = top["lähde"].value if "lähde" in top else ""
                for i, node in enumerate(top["kunnat"].value.value, start=1):
                    found = reader.fields(node, MUNICIPALITY_KEYS, say("lang.table.municipality", n=i))
                    if found is not None:
                        municipalities.append(found)
    except _TooLarge:
        reader.error(START, _TOO_MANY_NODES)
        source = None
    return source, municipalities, reader.finish()
