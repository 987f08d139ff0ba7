"""Load the rule pack: rule files, definitions, provision and statute tables.

Parsing and checking ~40 rule files with lark, and compiling the document
shape from the pydantic models, costs far more than checking one agreement.
The result is therefore cached (``cache``: data only, never code) keyed by
every input it depends on, in ``$TARKASTUS_CACHE_DIR`` or the user cache
directory. A cached run imports neither lark nor pydantic; a corrupt or
foreign cache file is ignored and rebuilt.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import yaml

from .cache import cache_dir
from .diagnostics import Diagnostic, Position, Severity
from .record import Factory, Record
from .registry import Registry, load_registry
from .resources import data_dir
from .text import Pattern, compile_pattern

DEFINITIONS_FILE = "_määritelmät.tark"
PROVISIONS_FILE = "provisions.yaml"
STATUTES_FILE = "statutes.yaml"
MUNICIPALITIES_FILE = "kunnat.yaml"


class Provision(Record):
    """What shows that an agreement has a provision: keys or a heading with text."""

    name: str
    description: str
    keys: tuple[tuple[str, ...], ...]
    patterns: tuple[Pattern, ...]
    text_patterns: tuple[Pattern, ...] = ()


class Statute(Record):
    """An act from ``statutes.yaml``: what rules cite and what citations are checked against."""

    abbreviation: str
    name: str
    number: str
    url: str
    display: str = ""
    patterns: tuple[Pattern, ...] = ()  # how its name is written in agreements (nimet)
    repealed_by: str = ""  # number of the act that replaced it (kumottu)
    repealed_from: object = None  # date from which it is repealed (kumottu_alkaen)
    amendments: tuple[str, ...] = ()  # numbers of amending acts (muutokset)

    def repealed_on(self, day) -> bool:
        if not self.repealed_by:
            return False
        return self.repealed_from is None or day is None or day >= self.repealed_from


class Rulebook(Record):
    shapes: object
    rules: list = Factory(list)
    definition_asts: list = Factory(list)
    provisions: dict[str, Provision] = Factory(dict)
    statutes: dict[str, Statute] = Factory(dict)
    definition_shapes: dict[str, object] = Factory(dict)
    definition_roots: dict[str, list] = Factory(dict)  # top-level keys each definition reads
    shared_keys: set = Factory(set)  # keys that rules over asiakirjat read from each document
    errors: list[Diagnostic] = Factory(list)
    signature: str = ""  # of the inputs it was built from (cache.rulebook_signature)
    registry: Registry = Factory(lambda: Registry([]))
    # Runtime only (closures, not cached): filled by compile().
    definitions: dict = Factory(dict)
    compiled: list = Factory(list)
    aliases: dict = Factory(dict)  # alias -> rule id

    def rule(self, rule_id: str):
        wanted = rule_id.upper()
        for rule in self.rules:
            if rule.id == wanted or wanted in rule.aliases:
                return rule
        return None

    def compile(self) -> "Rulebook":
        from .engine import CompiledRule
        from .lang.evaluator import Compiler

        compiler = Compiler(self)
        for definition in self.definition_asts:
            self.definitions[definition.name] = compiler.compile(definition.expr, frozenset())
        self.compiled = [CompiledRule(rule, compiler) for rule in self.rules]
        self.aliases = {alias: rule.id for rule in self.rules for alias in rule.aliases}
        return self


def rule_dirs(extra: list[Path] | None = None) -> list[Path]:
    return [data_dir("rules"), *(extra or [])]


def load_rulebook(extra_dirs: list[Path] | None = None, use_cache: bool = True,
                  examples: bool = True) -> Rulebook:
    """The compiled rule pack, from the cache when its inputs are unchanged.

    The rules' examples (documentation and tests, a fifth of the pack) are
    cached in a file of their own; ``examples=False``, as in ``check``,
    does not read it, so a pre-commit run reads less. The cache holds data
    only (see ``cache``): a corrupt or foreign file is ignored and rebuilt.
    """
    from . import cache

    dirs = rule_dirs(extra_dirs)
    directory = cache_dir() if use_cache else None
    signature = cache.rulebook_signature(dirs)
    if directory is not None:
        book = cache.read_rulebook(directory, signature, examples)
        if book is not None:
            book.signature = signature
            return book.compile()
    book = build_rulebook(dirs)
    if directory is not None:
        cache.write_rulebook(directory, signature, book)
    book.signature = signature
    return book.compile()


def _rule_error(exc) -> Diagnostic:
    return Diagnostic("TARK-SAANTO", Severity.ERROR, exc.path, exc.pos, exc.message,
                      fix="Korjaa sääntötiedosto; muut säännöt tarkastettiin.", context=exc.context)


def build_rulebook(dirs: list[Path]) -> Rulebook:
    """Parse and check every rule file (imports lark and pydantic)."""
    from .documents.shape import compile_shapes
    from .lang.checker import Checker
    from .lang.parser import RuleError, parse_rule_source

    book = Rulebook(shapes=compile_shapes())
    for directory in dirs:
        _load_tables(book, directory)
    for directory in dirs:
        definitions = directory / DEFINITIONS_FILE
        if definitions.is_file():
            source = definitions.read_text(encoding="utf-8")
            try:
                parsed = parse_rule_source(source, _display(definitions))
                if not isinstance(parsed, list):
                    raise RuleError(_display(definitions), Position(1, 1),
                                    "Määritelmätiedostossa saa olla vain define-lauseita.", source)
                Checker(book, source, _display(definitions)).check_definitions(parsed)
                book.definition_asts.extend(parsed)
            except RuleError as exc:
                book.errors.append(_rule_error(exc))
    seen: dict[str, str] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.tark")):
            if path.name == DEFINITIONS_FILE:
                continue
            shown = _display(path)
            source = path.read_text(encoding="utf-8")
            try:
                rule = parse_rule_source(source, shown)
                if isinstance(rule, list):
                    raise RuleError(shown, Position(1, 1), "Sääntötiedosto alkaa sanalla 'rule'.", source)
                Checker(book, source, shown).check_rule(rule)
                if rule.id in seen:
                    raise RuleError(shown, rule.pos, f"Sääntö {rule.id} on jo määritelty: {seen[rule.id]}.", source)
                seen[rule.id] = shown
                book.rules.append(rule)
            except RuleError as exc:
                book.errors.append(_rule_error(exc))
    book.rules.sort(key=lambda r: r.id)
    return book


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _load_tables(book: Rulebook, directory: Path) -> None:
    provisions = directory / PROVISIONS_FILE
    if provisions.is_file():
        for name, entry in (yaml.safe_load(provisions.read_text(encoding="utf-8")) or {}).items():
            keys = tuple(tuple(k.split(".")) for k in entry.get("avaimet", []))
            for key in keys:
                if not _path_exists(book.shapes, key):
                    book.errors.append(Diagnostic(
                        "TARK-SAANTO", Severity.ERROR, _display(provisions), Position(1, 1),
                        f"Määräyksen '{name}' avain '{'.'.join(key)}' ei ole sopimuksen kenttä."))
            compiled = {}
            for table in ("otsikot", "teksti"):
                compiled[table] = []
                for source in entry.get(table, []):
                    try:
                        compiled[table].append(compile_pattern(source))
                    except ValueError as exc:
                        book.errors.append(Diagnostic("TARK-SAANTO", Severity.ERROR, _display(provisions),
                                                      Position(1, 1), f"Määräys '{name}': {exc}"))
            book.provisions[name] = Provision(name, entry.get("kuvaus", ""), keys,
                                              tuple(compiled["otsikot"]), tuple(compiled["teksti"]))
    statutes = directory / STATUTES_FILE
    if statutes.is_file():
        for abbreviation, entry in (yaml.safe_load(statutes.read_text(encoding="utf-8")) or {}).items():
            try:
                patterns = tuple(compile_pattern(source) for source in entry.get("nimet", []))
                repealed_from = entry.get("kumottu_alkaen")
                if repealed_from is not None and not isinstance(repealed_from, _dt.date):
                    raise ValueError(f"kumottu_alkaen ei ole päivämäärä: {repealed_from!r}")
            except ValueError as exc:
                book.errors.append(Diagnostic("TARK-SAANTO", Severity.ERROR, _display(statutes),
                                              Position(1, 1), f"Säädös '{abbreviation}': {exc}"))
                continue
            book.statutes[abbreviation] = Statute(
                abbreviation, entry["nimi"], str(entry.get("numero", "")), entry.get("url", ""),
                entry.get("näyttö", abbreviation), patterns, str(entry.get("kumottu", "") or ""),
                repealed_from, tuple(str(n) for n in entry.get("muutokset", [])))
    municipalities = directory / MUNICIPALITIES_FILE
    if municipalities.is_file():
        try:
            book.registry = load_registry(yaml.safe_load(municipalities.read_text(encoding="utf-8")))
        except (ValueError, yaml.YAMLError) as exc:
            book.errors.append(Diagnostic("TARK-SAANTO", Severity.ERROR, _display(municipalities),
                                          Position(1, 1), f"Kuntarekisteri: {exc}"))


def _path_exists(shapes, path: tuple[str, ...]) -> bool:
    from .documents.shape import ListShape, MapShape

    for root in shapes.roots.values():
        shape = root
        for key in path:
            if isinstance(shape, ListShape):
                shape = shape.item
            if not isinstance(shape, MapShape) or key not in shape.fields:
                break
            shape = shape.fields[key].shape
        else:
            return True
    return False
