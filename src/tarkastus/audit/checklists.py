"""The checklists of the audit report, from ``rules/checklists.yaml``.

Each checklist is for one kind of document (``kun``: tyyppi, optionally
malli) and has columns, each decided by a list of rules. The table is data
so that rule authors extend it without touching the report; a rule
directory given with ``rule-dirs`` may add checklists or replace one by
its key. A malformed file is a ``ChecklistError`` whose message is the
catalogue's (``checklist.*``), naming the file and the entry.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..diagnostics import TarkastusError
from ..messages import Message, say
from ..record import Record
from ..vocabulary import LANGUAGES

FILE = "checklists.yaml"


class ChecklistError(TarkastusError, ValueError):
    """A malformed checklists file: the message names the file and the entry.

    ``text`` is the catalogue message (to be said in any language); ``str()`` is its Finnish.
    """

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.text = message


class Column(Record, frozen=True):
    names: dict  # language -> the column's name
    citations: dict  # language -> the provision it follows
    rules: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["fi"]

    def citation(self, lang: str) -> str:
        return self.citations.get(lang) or self.citations.get("fi", "")


class Checklist(Record, frozen=True):
    key: str
    when: dict  # document keys and the values they must have (tyyppi, malli)
    titles: dict
    columns: tuple[Column, ...]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["fi"]

    def applies(self, document) -> bool:
        return all(document.get(key) == value for key, value in self.when.items())


def load(dirs: list[Path], known_rules: set[str]) -> list[Checklist]:
    """Checklists of every rule directory that has a ``checklists.yaml``, in file order."""
    files = []
    for directory in dirs:
        path = Path(directory) / FILE
        try:
            info = path.stat()
        except OSError:
            continue
        files.append((str(path), info.st_size, info.st_mtime_ns))
    return list(_read(tuple(files), frozenset(known_rules)))


# The checklists read, by what they were read from (each file's size and
# modification time, and the rule ids known): ``tarkastus serve`` draws an
# audit page for every upload, and parsing the YAML again was a sixth of
# each page (issue 17). Checklists are frozen records; a few are kept.
@lru_cache(maxsize=8)
def _read(files: tuple, known_rules: frozenset) -> tuple[Checklist, ...]:
    import yaml

    found: dict[str, Checklist] = {}
    for name, _, _ in files:
        path = Path(name)
        if not path.is_file():
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:  # the library's own words, as a value
            raise ChecklistError(say("checklist.unreadable", path=str(path), error=str(exc))) from None
        if not isinstance(data, dict):
            raise ChecklistError(say("checklist.not_mapping", path=str(path)))
        for key, entry in data.items():
            found[str(key)] = _checklist(path, str(key), entry, known_rules)
    return tuple(found.values())


def _checklist(path: Path, key: str, entry, known_rules: set[str]) -> Checklist:
    where = f"{path}: {key}"  # no words of ours: the file and the entry's key
    if not isinstance(entry, dict):
        raise ChecklistError(say("checklist.entry_keys", where=where))
    unknown = set(entry) - {"kun", "otsikko", "sarakkeet"}
    if unknown:
        raise ChecklistError(say("checklist.unknown_key", where=where, key=sorted(unknown)[0]))
    when = entry.get("kun")
    if not isinstance(when, dict) or "tyyppi" not in when:
        raise ChecklistError(say("checklist.when", where=where))
    columns = entry.get("sarakkeet")
    if not isinstance(columns, list) or not columns:
        raise ChecklistError(say("checklist.no_columns", where=where))
    return Checklist(key, {str(k): str(v) for k, v in when.items()}, _texts(where, "otsikko", entry.get("otsikko")),
                     tuple(_column(say("checklist.where_column", path=str(path), key=key, n=n), column, known_rules)
                           for n, column in enumerate(columns, 1)))


def _column(where: Message | str, entry, known_rules: set[str]) -> Column:
    if not isinstance(entry, dict):
        raise ChecklistError(say("checklist.column_keys", where=where))
    rules = entry.get("säännöt", [])
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise ChecklistError(say("checklist.rules_list", where=where))
    for rule in rules:
        if rule not in known_rules:
            import difflib

            close = difflib.get_close_matches(rule, sorted(known_rules), n=1)
            hint = say("checklist.did_you_mean", rule=close[0]) if close else ""
            raise ChecklistError(say("checklist.unknown_rule", where=where, rule=rule, hint=hint))
    citation = entry.get("lainkohta")
    citations = _texts(where, "lainkohta", citation) if citation else {}
    return Column(_texts(where, "nimi", entry.get("nimi")), citations, tuple(rules))


def _texts(where: Message | str, key: str, value) -> dict:
    if isinstance(value, str):
        return {"fi": value}
    if not isinstance(value, dict) or not isinstance(value.get("fi"), str):
        raise ChecklistError(say("checklist.finnish_needed", where=where, key=key))
    return {lang: str(value[lang]) for lang in LANGUAGES if value.get(lang)}
