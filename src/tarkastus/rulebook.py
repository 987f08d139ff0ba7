"""Load the rule pack: rule files, definitions, provision and statute tables.

Parsing and checking ~40 rule files with lark, and compiling the document
shape from the pydantic models, costs far more than checking one agreement.
The result is therefore cached (``cache``: data only, never code) keyed by
every input it depends on, in ``$TARKASTUS_CACHE_DIR`` or the user cache
directory. A cached run imports neither lark nor pydantic; a corrupt or
foreign cache file is ignored and rebuilt.
"""

from __future__ import annotations

from pathlib import Path

from .cache import cache_dir
from .diagnostics import Diagnostic, Position
from .messages import Message, say
from .record import Factory, Record
from .registry import Registry
from .resources import data_dir
from .text import Pattern, PatternSet, compile_pattern

DEFINITIONS_FILE = "_määritelmät.tark"
PROVISIONS_FILE = "provisions.yaml"
STATUTES_FILE = "statutes.yaml"
LEXICON_FILE = "tekstitiedot.yaml"
MUNICIPALITIES_FILE = "kunnat.yaml"
GUIDANCE_FILE = "ohjeet.yaml"
QUOTES_FILE = "lainaukset.yaml"


class Guidance(Record):
    """A guidance document from ``ohjeet.yaml``: what ``cite guidance KEY`` names and links to."""

    key: str
    name: str
    url: str = ""


class Quote(Record):
    """A passage from ``lainaukset.yaml`` that several rules quote (``quote from KEY``): written once."""

    key: str
    source: str  # where it is from, as the quote names it ("KL 54 § 2 mom.")
    text: str


class Provision(Record):
    """What shows that an agreement has a provision: keys or a heading with text."""

    name: str
    description: str
    keys: tuple[tuple[str, ...], ...]
    patterns: tuple[Pattern, ...]
    text_patterns: tuple[Pattern, ...] = ()
    descriptions: dict = Factory(dict)  # language -> the description in it (kuvaus_sv, kuvaus_en)

    def description_in(self, lang: str) -> str:
        """The description in ``lang``; the Finnish one (``kuvaus``) where the table has none in it."""
        return self.descriptions.get(lang) or self.description


class Lexeme(Record):
    """An entry of ``tekstitiedot.yaml``: the words from which one kind of fact is read in a text."""

    name: str
    description: str
    patterns: tuple[Pattern, ...] = ()  # sanat
    endings: tuple[str, ...] = ()  # päätteet, normalised
    descriptions: dict = Factory(dict)  # language -> the description in it (kuvaus_sv, kuvaus_en)

    def description_in(self, lang: str) -> str:
        """The description in ``lang``; the Finnish one (``kuvaus``) where the table has none in it."""
        return self.descriptions.get(lang) or self.description

    def match_index(self, index: str) -> bool:
        # Speed trick (issue 17): the fact readers test a few hundred lexemes
        # a document. The first test puts the pattern set's own method on the
        # instance, so every later one is a single call (not a field: never
        # compared, copied or cached to disk).
        found = _lexeme_set(self).match_index
        object.__setattr__(self, "match_index", found)
        return found(index)

    def ends(self, word: str) -> bool:
        """Whether a normalised word ends with one of the endings."""
        return word.endswith(self.endings) if self.endings else False


# Entries of provisions.yaml whose teksti patterns are deferral phrases, one
# per language ("lykkays", "lykkays_sv", ...): data, not provisions.
DEFERRAL = "lykkays"


def deferral_patterns(book) -> tuple:
    """The patterns of every deferral entry ("Sovitaan myöhemmin", "avtalas senare"), once per pack."""
    found = book.__dict__.get("_deferrals")
    if found is None:
        found = tuple(pattern for name, entry in book.provisions.items()
                      if name == DEFERRAL or name.startswith(DEFERRAL + "_") for pattern in entry.text_patterns)
        object.__setattr__(book, "_deferrals", found)  # derived from the provisions, never a field
    return found


def _lexeme_set(lexeme: Lexeme):
    """The lexeme's patterns as one ``PatternSet``, remembered (not a field: never cached to disk)."""
    found = lexeme.__dict__.get("_set")
    if found is None:
        found = PatternSet(lexeme.patterns)
        object.__setattr__(lexeme, "_set", found)  # a derived value, not a field
    return found


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
    definition_asts: list = Factory(list)  # the plain definitions (evaluated once per document)
    functions: dict = Factory(dict)  # the parameterised ones by name: expanded into rules (lang.defined)
    provisions: dict[str, Provision] = Factory(dict)
    statutes: dict[str, Statute] = Factory(dict)
    guidance: dict[str, Guidance] = Factory(dict)  # ohjeet.yaml
    quotes: dict[str, Quote] = Factory(dict)  # lainaukset.yaml
    lexicon: dict[str, Lexeme] = Factory(dict)  # tekstitiedot.yaml: the words facts are read from
    definition_shapes: dict[str, object] = Factory(dict)
    definition_roots: dict[str, list] = Factory(dict)  # top-level keys each definition reads
    shared_keys: set = Factory(set)  # keys that rules over asiakirjat read from each document
    errors: list[Diagnostic] = Factory(list)
    signature: str = ""  # of the inputs it was built from (cache.rulebook_signature)
    registry: Registry = Factory(lambda: Registry([]))
    # Runtime only, never trusted from a file: set by load_rulebook.
    dirs: tuple = ()  # the rule directories it was built from (rebuild)
    from_cache: bool = False
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
            book.signature, book.dirs, book.from_cache = signature, tuple(dirs), True
            return book
    book = build_rulebook(dirs)
    book.signature, book.dirs = signature, tuple(dirs)
    if directory is not None:
        cache.write_rulebook(directory, signature, book)
    return book.compile()


def rebuild(book: Rulebook) -> Rulebook:
    """Replace a cached pack that failed with one built from its rule files (in place, and in the cache)."""
    from . import cache

    fresh = build_rulebook(list(book.dirs) or rule_dirs())
    fresh.signature, fresh.dirs = book.signature, book.dirs
    directory = cache_dir()
    if directory is not None and fresh.signature:
        cache.write_rulebook(directory, fresh.signature, fresh)
    fresh.compile()
    book.__dict__.update(fresh.__dict__)
    return book


def _rule_error(exc) -> Diagnostic:
    """The TARK-SAANTO diagnostic of a ``lang.errors.RuleError`` (rule file, table or evaluation)."""
    return exc.diagnostic()


def build_rulebook(dirs: list[Path]) -> Rulebook:
    """Parse and check every rule file (imports lark and pydantic).

    The directories are users' (``rule-dirs``), so nothing in them may stop
    the others loading: each file and each table entry is read, parsed and
    checked on its own (``lang.sources``, ``lang.tables``), and whatever is
    wrong with it is a TARK-SAANTO diagnostic at its file:line:col.
    """
    from .documents.shape import compile_shapes
    from .lang.checker import Checker
    from .lang.errors import RuleError
    from .lang.parser import parse_rule_source
    from .lang.sources import read_source

    import os

    book = Rulebook(shapes=compile_shapes())
    readable = []
    for directory in dirs:
        shown = _display(directory)
        if not directory.is_dir():
            problem = say("lang.dir.missing" if not directory.exists() else "lang.dir.not_directory")
            book.errors.append(_rule_error(RuleError(shown, Position(1, 1), problem)))
            continue
        try:
            names = sorted(entry.name for entry in os.scandir(directory))
        except OSError as exc:
            book.errors.append(_rule_error(RuleError(
                shown, Position(1, 1), say("lang.dir.unreadable", reason=str(exc.strerror or exc)))))
            continue
        readable.append((directory, names))
        _load_tables(book, directory, names)
    for directory, names in readable:
        if DEFINITIONS_FILE not in names:
            continue
        definitions = directory / DEFINITIONS_FILE
        shown = _display(definitions)
        try:
            source = read_source(definitions, shown)
            parsed = parse_rule_source(source, shown)
            if not isinstance(parsed, list):
                raise RuleError(shown, Position(1, 1), say("lang.definitions_only"), source)
            from .lang.defined import expand_definitions

            expand_definitions(parsed, shown, source, dict(book.functions))
            plain = [d for d in parsed if not d.params]
            Checker(book, source, shown).check_definitions(plain)
            for function in (d for d in parsed if d.params):
                Checker(book, source, shown).check_function(function)
            book.definition_asts.extend(plain)
            book.functions.update((d.name, d) for d in parsed if d.params)
        except RuleError as exc:
            book.errors.append(_rule_error(exc))
    seen: dict[str, str] = {}
    for directory, names in readable:
        for name in names:
            # Hidden names are an editor's (an Emacs lock ".#X.tark" links to nothing).
            if not name.endswith(".tark") or name == DEFINITIONS_FILE or name.startswith("."):
                continue
            path = directory / name
            shown = _display(path)
            try:
                source = read_source(path, shown)
                rule = parse_rule_source(source, shown)
                if isinstance(rule, list):
                    raise RuleError(shown, Position(1, 1), say("lang.rule_first"), source)
                if book.functions:
                    from .lang.defined import expand_rule

                    expand_rule(rule, book.functions, source)
                Checker(book, source, shown).check_rule(rule)
                if rule.id in seen:
                    raise RuleError(shown, rule.pos, say("lang.rule_twice", id=rule.id, path=seen[rule.id]), source)
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


def _load_tables(book: Rulebook, directory: Path, names=None) -> None:
    """The data tables of one rule directory; a later directory's entries replace earlier ones.

    Every entry is checked on its own (``lang.tables``): a wrong one is a
    TARK-SAANTO diagnostic at its value and is left out, the rest load. A
    kunnat.yaml replaces the registry only if it is usable as a whole.
    """
    from .lang.errors import TableError
    from .lang.tables import (EMPTY, GUIDANCE_KEYS, LEXICON_KEYS, PROVISION_KEYS, QUOTE_KEYS, STATUTE_KEYS,
                              read_entries, read_registry)
    from .text import norm
    from .registry import municipality

    import os

    names = set(os.listdir(directory)) if names is None else set(names)

    def descriptions(fields) -> tuple[str, dict]:
        """kuvaus (Finnish), and {language: kuvaus_sv / kuvaus_en} for those given."""
        translated = {lang: fields[f"kuvaus_{lang}"].value for lang in ("sv", "en") if f"kuvaus_{lang}" in fields}
        return (fields["kuvaus"].value if "kuvaus" in fields else ""), translated

    def provision(name, fields, shown, text, problems):
        keys = []
        for item in fields.get("avaimet", EMPTY).value:
            key = tuple(item.value.split("."))
            if not _path_exists(book.shapes, key):
                problems.append(TableError(shown, item.pos, say("lang.table.not_a_field", name=name, key=item.value),
                                           text))
            keys.append(key)
        compiled = {table: _patterns(fields.get(table, EMPTY), say("lang.table.provision", name=name), shown, text,
                                     problems)
                    for table in ("otsikot", "teksti")}
        if not problems:
            finnish, translated = descriptions(fields)
            book.provisions[name] = Provision(name, finnish, tuple(keys), tuple(compiled["otsikot"]),
                                              tuple(compiled["teksti"]), translated)

    def statute(abbreviation, fields, shown, text, problems):
        patterns = _patterns(fields.get("nimet", EMPTY), say("lang.table.statute", name=abbreviation), shown, text,
                             problems)

        def value_of(key, default=""):  # (not "text": that is the table's source, for carets)
            return fields[key].value if key in fields else default

        if not problems:
            book.statutes[abbreviation] = Statute(
                abbreviation, value_of("nimi"), value_of("numero"), value_of("url"), value_of("näyttö", abbreviation),
                tuple(patterns), value_of("kumottu"), value_of("kumottu_alkaen", None),
                tuple(item.value for item in fields.get("muutokset", EMPTY).value))

    def lexeme(name, fields, shown, text, problems):
        patterns = _patterns(fields.get("sanat", EMPTY), say("lang.table.lexeme", name=name), shown, text, problems)
        if not problems:
            finnish, translated = descriptions(fields)
            book.lexicon[name] = Lexeme(name, finnish, tuple(patterns),
                                        tuple(norm(item.value) for item in fields.get("päätteet", EMPTY).value),
                                        translated)

    def guidance(key, fields, shown, text, problems):
        book.guidance[key] = Guidance(key, fields["nimi"].value, fields["url"].value if "url" in fields else "")

    def quote(key, fields, shown, text, problems):
        book.quotes[key] = Quote(key, fields["lähde"].value if "lähde" in fields else "", fields["teksti"].value)

    for filename, keys, what, build in ((PROVISIONS_FILE, PROVISION_KEYS, "lang.table.provision", provision),
                                        (STATUTES_FILE, STATUTE_KEYS, "lang.table.statute", statute),
                                        (LEXICON_FILE, LEXICON_KEYS, "lang.table.lexeme", lexeme),
                                        (GUIDANCE_FILE, GUIDANCE_KEYS, "lang.table.guidance", guidance),
                                        (QUOTES_FILE, QUOTE_KEYS, "lang.table.quote", quote)):
        if filename not in names:
            continue
        path = directory / filename
        shown = _display(path)
        entries, errors, text = read_entries(path, shown, keys, lambda name, what=what: say(what, name=name))
        for name, fields, _ in entries:
            problems: list = []
            build(name, fields, shown, text, problems)  # adds the entry only if it has no problems
            errors.extend(problems)
        book.errors.extend(_rule_error(error) for error in errors)
    if MUNICIPALITIES_FILE in names:
        path = directory / MUNICIPALITIES_FILE
        source, entries, errors = read_registry(path, _display(path))
        if source is not None and not errors:
            book.registry = Registry([
                municipality(fields["nimi"].value, *(fields[key].value if key in fields else None
                                                     for key in ("ruotsiksi", "kunnanumero", "maakunta")),
                             [item.value for item in fields.get("aiemmat", EMPTY).value],
                             fields["nimi_sv"].value if "nimi_sv" in fields else None)
                for fields in entries], source)
        book.errors.extend(_rule_error(error) for error in errors)


def _patterns(items, what: Message, shown: str, text: str, problems: list) -> list:
    """The word patterns of a table's list of texts; each one that does not compile is a problem at its value.

    ``what`` names the entry ("Määräys 'oma'"). A pattern fails to compile
    only when none of its alternatives has a word to look for ("!", "!x"):
    that is the catalogue's message, not ``Pattern``'s own Finnish words.
    """
    from .lang.errors import TableError

    found = []
    for item in items.value:
        try:
            found.append(compile_pattern(item.value))
        except ValueError:
            problems.append(TableError(shown, item.pos, say("lang.table.empty_pattern", what=what,
                                                            pattern=repr(item.value)), text))
    return found


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
