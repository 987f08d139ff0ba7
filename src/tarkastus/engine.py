"""check(paths, rules, options) -> Report. Pure: no terminal I/O.

Files are collected (directories walked to any depth, in sorted order,
hidden entries skipped, only regular files read), loaded, and every rule that applies to the document's
type and is in force on the law's date (``as_of``) is run. Input problems
and findings are both ``Diagnostic``s; one bad file never hides the others.
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
import sys
import re
import threading
from pathlib import Path, PurePath
from typing import NamedTuple

from . import suppressions
from .record import Factory, Record
from .diagnostics import START, Diagnostic, Position, Severity
from .documents.loader import (DOCUMENT_SUFFIXES, MARKDOWN_SUFFIXES, SIDECAR_LINE, UNREADABLE_SUFFIXES,
                               YAML_SUFFIXES, Document, Map, NotRegularFile, Seq, document_of, load,
                               looks_like_agreement, read_regular)
from .documents.converted import locator_at
from .documents.shape import key_norm
from .files import kind_message
from .lang.errors import EvaluationError
from .lang.functions import CORPUS
from .lang.evaluator import BareDocument, Compiler, Context, DocumentView, Lazy, compile_template, locations_of, trace
from .messages import Message, say


from .vocabulary import AUTO  # noqa: E402  (Options.language: each document's findings in its own language)


class Options(Record):
    as_of: _dt.date | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    jobs: int = 0  # worker processes; 0 = one per available core
    language: str = "fi"  # of rule titles, messages and fixes: fi, sv, en, or auto (each document's own)
    facts: tuple[str, ...] = ()  # top-level keys to keep of every document (Report.documents)
    # Give findings their formal fixes (Diagnostic.autofix), each checked by checking the fixed text
    # again: --fix, --diff, --show-fixes, the language server and the web page. Off, a check is one pass.
    fixes: bool = False


class Report(Record):
    diagnostics: list[Diagnostic]
    files: int
    as_of: _dt.date = Factory(_dt.date.today)

    paths: list[str] = Factory(list)  # the files checked, as shown
    # Of the report's own words, and of every finding whose ``language`` does
    # not say otherwise (--kieli auto: a Swedish agreement's findings).
    language: str = "fi"
    # What rules over the set of documents and Options.facts read of each
    # readable document, sorted by path (empty when nothing asked for it).
    documents: list = Factory(list)

    @property
    def input_errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_input_error and d.severity is Severity.ERROR]

    @property
    def active(self) -> list[Diagnostic]:
        """The findings that count: not covered by a deliberate deviation."""
        return [d for d in self.diagnostics if d.suppression is None]

    @property
    def suppressed(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.suppression is not None]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity and d.suppression is None)

    def exit_code(self, fail_on: Severity) -> int:
        if self.input_errors:
            return 2
        return 1 if any(d.severity >= fail_on for d in self.active) else 0


class CompiledCase(NamedTuple):
    """One ``when`` case of a rule, compiled: closures of the document's context."""

    when: object  # ctx -> the condition's value
    at: object  # ctx -> where the finding points (None: the whole document)
    messages: dict  # language -> ctx -> the message
    also: object  # ctx -> the other places it concerns (or None)
    severity: Severity


class Finding(NamedTuple):
    """What a rule reports, before it is a ``Diagnostic``: ``where`` is a position in the document, or
    (path, position) for a rule over the set of documents; ``related`` the other places."""

    where: object
    message: str
    related: list
    severity: Severity


class CompiledRule:
    """A rule's clauses as closures, ready to run against documents.

    Speed trick (issue 17): the closures are made when the rule first runs
    (``bindings``, ``cases``), so a one-file check compiles only the rules
    that apply to its type; a run over many files compiles its rules
    before it forks its workers (``prepare``), so that they share them.
    """

    _lock = threading.Lock()

    def __init__(self, rule, compiler: Compiler) -> None:
        self.rule = rule
        # A rule over the set of documents (applies-to asiakirjat) points at
        # (path, position) pairs; a rule on one document at positions in it.
        self.corpus = CORPUS in rule.applies
        self._compiler = compiler
        self._compiled = None

    @property
    def bindings(self) -> list:
        return (self._compiled or self.prepare())[0]

    @property
    def cases(self) -> list:
        return (self._compiled or self.prepare())[1]

    def prepare(self) -> tuple[list, list]:
        """The rule's (bindings, cases) as closures, made once."""
        with self._lock:
            if self._compiled is None:
                rule, compiler = self.rule, self._compiler
                scope: frozenset = frozenset()
                bindings = []
                for kind, name, expr in rule.bindings:
                    bindings.append((kind, name, compiler.compile(expr, scope)))
                    scope = scope | {name}
                locate = compiler.compile_location if self.corpus else compiler.compile_position
                cases = [CompiledCase(compiler.compile(case.when, scope),
                                      locate(case.at, scope) if case.at is not None else None,
                                      Messages(compiler, rule, {"fi": case.message, **case.messages}, scope),
                                      compiler.compile(case.also, scope) if case.also is not None else None,
                                      case.severity or rule.severity)
                         for case in rule.cases]
                self._compiled = bindings, cases
        return self._compiled

    def applies_to(self, doc_type: str | None) -> bool:
        return "all" in self.rule.applies or doc_type in self.rule.applies

    def run(self, ctx: Context, language_of=None):
        """Yield a ``Finding`` (position, message, related, severity) for every finding.

        For a rule over the set of documents the position is (path,
        position) and related the other places [(path, position)].
        ``language_of(position)``, if given, says in which language each
        finding's message is worded (the document it is reported at).
        """
        yield from self._bind(ctx, 0, language_of)

    def trace(self, ctx: Context):
        """The rule run on ``ctx`` keeping each case's condition value and finding (``evaluator.trace``).

        For ``check --explain-rule``; a finding is (position, message,
        related, severity), as ``run`` yields it. ``run`` stays the fast path.
        """
        def fire(i: int, ctx: Context):
            _, at, message, also, severity = self.cases[i]
            where = at(ctx) if at is not None else (None if self.corpus else START)
            related = locations_of(also(ctx)) if also is not None else []
            return Finding(where, message.get(ctx.lang, message["fi"])(ctx), related, severity)

        return trace(self.bindings, [case[0] for case in self.cases], ctx, fire)

    def _bind(self, ctx: Context, i: int, language_of=None):
        bindings, cases = self._compiled or self.prepare()
        if i == len(bindings):
            for when, at, message, also, severity in cases:
                if when(ctx):
                    where = at(ctx) if at is not None else (None if self.corpus else START)
                    related = locations_of(also(ctx)) if also is not None else []
                    if language_of is None:
                        yield Finding(where, message.get(ctx.lang, message["fi"])(ctx), related, severity)
                        continue
                    lang, ctx.lang = ctx.lang, language_of(where)
                    try:
                        worded = message.get(ctx.lang, message["fi"])(ctx)
                    finally:
                        ctx.lang = lang
                    yield Finding(where, worded, related, severity)
            return
        kind, name, fn = bindings[i]
        if kind == "let":
            ctx.vars[name] = Lazy(fn, ctx)
            yield from self._bind(ctx, i + 1, language_of)
            return
        value = fn(ctx)
        items = value if isinstance(value, list) else ([] if value is None else [value])
        for item in items:
            ctx.vars[name] = item
            yield from self._bind(ctx, i + 1, language_of)
        ctx.vars.pop(name, None)


class Messages:
    """A case's message templates by language (``get`` as of a dict), each compiled when first said.

    Speed trick (issue 17): most cases never fire on a document, and a
    finding is said in one language, so compiling the templates of every
    language of every case when the rule pack is loaded was a fifth of the
    start-up of a one-file check. Compiling is pure; the lock keeps two
    threads (the web page, the language server) from compiling at once.
    """

    __slots__ = ("_compiler", "_rule", "_templates", "_scope", "_compiled")
    _lock = threading.Lock()

    def __init__(self, compiler, rule, templates: dict, scope: frozenset) -> None:
        self._compiler, self._rule, self._templates, self._scope = compiler, rule, templates, scope
        self._compiled: dict = {}

    def get(self, lang: str, default=None):
        found = self._compiled.get(lang)
        if found is None:
            if lang not in self._templates:
                return default
            with self._lock:
                found = self._compiled[lang] = compile_template(
                    self._compiler, _cited(self._templates[lang], self._rule, lang), self._scope)
        return found

    def __getitem__(self, lang: str):
        found = self.get(lang)
        if found is None:
            raise KeyError(lang)
        return found

    def __contains__(self, lang: str) -> bool:
        return lang in self._templates


def _cited(template, rule, lang: str):
    """``template`` with its ``{cite}`` placeholders said in ``lang``: "KL 54 § 2 mom.", "54 § 2 mom. KomL" …"""
    from .lang.ast import Cite, Template

    if not any(isinstance(part, Cite) for part in template.parts):
        return template
    first = next((c for c in rule.citations if c.statute), None)
    parts = [(part.citation or first).label_in(lang) if isinstance(part, Cite) else part for part in template.parts]
    return Template(template.source, parts, template.pos)


SKIPPED = "TARK-OHITETTU"  # a file that looks like an agreement but is not checked (a warning)
_SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES + DOCUMENT_SUFFIXES + tuple(UNREADABLE_SUFFIXES)
_SNIFF_BYTES = 64 * 1024


def collect(paths, is_agreement=looks_like_agreement,
            named_must_be_agreements: bool = False) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """The files to check, each with the path shown in reports, and the problems found on the way.

    Files named directly are always checked (unless ``named_must_be_agreements``,
    as in the pre-commit hook, which is handed every Markdown and YAML file);
    files found in directories only when ``is_agreement`` says so (by default:
    ``tyyppi`` in the front matter, a Word, OpenDocument or PDF file (whose
    text decides: one that holds no agreement gets an info finding saying so),
    or a Markdown text that names the section
    of law or has an agreement's title: ``prose.doctype.prose_candidate``) or
    when their front matter has a key that reads as ``tyyppi`` however it is
    written (``Tyyppi:``, ``"tyyppi":``), as the loader reads keys.

    Only regular files are handed on: a FIFO, a device or a socket named on
    the command line is a TARK-LUKU error without being opened (reading one
    would block or never end). Directories are walked without recursion
    (any depth), in sorted order, skipping hidden entries and not following
    links to directories (so there are no loops; a directory reached twice,
    through a bind mount, is walked once). An unreadable directory is a
    TARK-LUKU error; the rest is still collected. A Markdown or YAML name in
    a walk that is passed over although it looks meant as an agreement gets
    a TARK-OHITETTU warning with the reason: a FIFO, socket or device, a
    link to nothing, a front matter that does not start on the first line
    or is missing its ``---``, or a ``tarkastus:`` version key without
    ``tyyppi``. Other names (``notes.txt``, a FIFO ``ajo.pipe``) are passed
    over silently, as are files without these signs (a README).

    Shown paths are ``output.shown_path``: valid UTF-8 without control
    characters, whatever bytes the file name has.
    """
    from .output import shown_path

    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        shown = shown_path(raw)
        try:
            info = os.stat(raw)
        except (OSError, ValueError) as exc:
            problems.append(_unreachable(raw, shown, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            for child in _walk(Path(raw), problems):
                if document_of(child) is not None:
                    continue  # a document's sidecar YAML: checked with the document
                verdict = _verdict(child, is_agreement)
                if verdict is True:
                    found.append((child, shown_path(child)))
                elif verdict:
                    problems.append(_skipped(shown_path(child), *verdict))
        elif not stat.S_ISREG(info.st_mode):
            kind = kind_message(info.st_mode, "kind.file")
            problems.append(Diagnostic.said("TARK-LUKU", Severity.ERROR, shown, START,
                                            say("path.not_regular", kind=kind), say("path.agreement.fix")))
        else:
            path = Path(raw)
            document = document_of(path)
            if document is not None:  # a sidecar named (as the hook names a changed file): check its document
                path, shown = document, shown_path(document)
            if named_must_be_agreements:
                verdict = _verdict(path, is_agreement) if path.suffix.lower() in _SUFFIXES else None
                if verdict is not True:
                    if verdict:
                        problems.append(_skipped(shown, *verdict))
                    continue
            found.append((path, shown))
    unique = list(dict.fromkeys(found))
    return unique, problems


def _unreachable(raw, shown: str, exc: Exception) -> Diagnostic:
    if isinstance(exc, FileNotFoundError) and not os.path.lexists(raw):
        message, fix = say("path.missing"), say("path.check.fix")
    elif isinstance(exc, FileNotFoundError):
        message, fix = say("path.dangling"), say("path.dangling.fix")
    elif isinstance(exc, ValueError):
        message, fix = say("path.nul"), say("path.check.fix")
    else:
        message, fix = say("path.unreadable", reason=str(exc.strerror or exc)), say("path.unreadable.fix")
    return Diagnostic.said("TARK-LUKU", Severity.ERROR, shown, START, message, fix)


def _skipped(shown: str, message: Message, fix: Message) -> Diagnostic:
    return Diagnostic.said(SKIPPED, Severity.WARNING, shown, START, message, fix)


def _walk(root: Path, problems: list[Diagnostic]) -> list[Path]:
    """The Markdown and YAML files below ``root`` (not hidden), sorted; iterative, so any depth is fine."""
    from .output import shown_path

    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as scan:
                entries = list(scan)
        except (OSError, ValueError) as exc:
            reason = str(getattr(exc, "strerror", None) or exc)
            problems.append(Diagnostic.said("TARK-LUKU", Severity.ERROR, shown_path(directory), START,
                                            say("dir.unreadable", reason=reason), say("dir.unreadable.fix")))
            continue
        subdirectories = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    subdirectories.append(directory / name)
                    continue
            except OSError:
                pass
            if os.path.splitext(name)[1].lower() in _SUFFIXES:
                files.append(directory / name)
        stack.extend(sorted(subdirectories, reverse=True))
    return sorted(files)


def _verdict(path: Path, is_agreement):
    """True to check ``path``; (message, fix) for a TARK-OHITETTU warning; None to pass it over."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        if os.path.lexists(path) and os.path.islink(path):
            return say("skip.link"), say("skip.link.fix")
        return None  # gone since the directory was read
    if not stat.S_ISREG(info.st_mode):
        kind = kind_message(info.st_mode, "kind.file")
        return say("skip.special", kind=kind), say("skip.special.fix")
    if is_agreement(path):
        return True
    return _sniff(path)


def _key(line: str) -> str | None:
    """The key of a ``key: value`` line (``"key":`` and ``'key':`` too), or None.

    By hand, not a regular expression: the pattern it replaces let a lazy key
    and the spaces before the colon compete, quadratic on a line of spaces.
    """
    if not line:
        return None
    if line[0] in "\"'":
        close = line.find(line[0], 1)
        if close < 0:
            return None
        key, rest = line[1:close], line[close + 1:].lstrip(" \t")
        if not rest.startswith(":"):
            return None
    else:
        if line[0].isspace() or line[0] in "#:?-":
            return None
        colon = line.find(":")
        if colon < 0:
            return None
        key, rest = line[:colon].rstrip(" \t"), line[colon:]
    return key if rest[1:2] in ("", " ", "\t") else None


def _sniff(path: Path):
    """Whether a file that ``is_agreement`` passed over was meant as an agreement (see ``collect``)."""
    try:
        raw = read_regular(path, _SNIFF_BYTES)
    except (OSError, NotRegularFile):
        return True  # load() reports why it cannot be read
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", "replace")  # the loader then says what is wrong with it
    else:
        text = raw.decode("utf-8", "replace")
    lines = text.lstrip("\ufeff").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    placement = "ok"
    if path.suffix.lower() in YAML_SUFFIXES:
        block = lines
    elif lines[first].rstrip() == "---":
        end = next((i for i in range(first + 1, len(lines)) if lines[i].rstrip() in ("---", "...")), len(lines))
        block = lines[first + 1:end]
        placement = "ok" if first == 0 else "late"
    else:
        end = next((i for i in range(first, len(lines)) if not lines[i].strip()), len(lines))
        block = lines[first:end]
        placement = "missing"
        if _key(block[0]) is None:
            return None  # prose that names no agreement (looks_like_agreement took the ones that do)
    keys = set()
    for line in block:
        key = _key(line)
        if key is not None:
            keys.add(key_norm(key))
    if "tyyppi" in keys:
        if placement == "ok":
            return True
        if placement == "late":
            return say("skip.late_front"), say("skip.late_front.fix")
        return say("skip.no_fences"), say("skip.no_fences.fix")
    if "tarkastus" in keys:
        return say("skip.version_only"), say("skip.version_only.fix")
    return None


def matches_code(names, patterns) -> bool:
    """Whether any of ``names`` (a rule id and aliases) is one of ``patterns``: an id or a prefix (``OHJE-``)."""
    return any(n == p or (p.endswith("-") and n.startswith(p)) or n.startswith(p + "-")
               for p in patterns for n in names)


def _selected(rule, options: Options) -> bool:
    names = (rule.id, *rule.aliases)
    if options.select and not matches_code(names, options.select):
        return False
    return not matches_code(names, options.ignore)


def _active(compiled: "CompiledRule", options: Options, as_of: _dt.date) -> bool:
    """In force on the law's date and selected: a rule ``check`` runs where it applies."""
    return compiled.rule.in_force(as_of) and _selected(compiled.rule, options)


def rule_runs(compiled: "CompiledRule", options: Options, doc_type) -> bool:
    """Whether ``check`` with ``options`` runs ``compiled`` on a document of ``doc_type``.

    A rule over the set of documents runs on every document of the set.
    """
    return (_active(compiled, options, options.as_of or _dt.date.today())
            and (compiled.corpus or compiled.applies_to(doc_type)))


def check(paths, book, options: Options | None = None, cache=None, files=None, progress=None) -> Report:
    """Check ``paths``; ``cache`` (a ``results.ResultCache``) skips unchanged files.

    ``files``, a list of (path, shown) already collected (by the command line,
    which groups them by configuration), replaces collecting ``paths``.
    ``progress(n)``, if given, is called as files are done (n files each time).

    A rule pack from the cache that fails while checking is not trusted:
    ``book`` is rebuilt from its rule files in place (the caller's object
    becomes the fresh pack) and the check starts again.
    """
    try:
        return _check(paths, book, options, cache, files, progress)
    except StaleCache:
        from .rulebook import rebuild

        rebuild(book)
        return _check(paths, book, options, cache, files, progress)


def _check(paths, book, options, cache, files, progress) -> Report:
    options = options or Options()
    as_of = options.as_of or _dt.date.today()
    if files is not None:
        diagnostics = []
    elif cache is not None:
        files, diagnostics = collect(paths, lambda path: cache.is_agreement(path, looks_like_agreement))
    else:
        files, diagnostics = collect(paths)
    # Found before any document was read (and the rule pack's own, shared by
    # every run): said in the report's language, the pack's as copies.
    language = report_language(options.language)
    diagnostics = [d.in_language(language) for d in diagnostics] + [_copy(d).in_language(language)
                                                                   for d in book.errors]
    selected = [r for r in book.compiled if _active(r, options, as_of)]
    rules = [r for r in selected if not r.corpus]
    corpus_rules = [r for r in selected if r.corpus]
    shared = set(options.facts)
    if corpus_rules:
        shared |= book.shared_keys | {"tyyppi", "työllisyysalue", "poikkeukset"}
    shared = tuple(sorted(shared))
    views: list[DocumentView] = []
    todo = []
    for path, shown in files:
        hit = cache.lookup(path, shown) if cache is not None else None
        if hit is None:
            todo.append((path, shown))
            continue
        found, facts = hit
        diagnostics.extend(found)
        if facts is not None:
            if facts.origin != shown:
                _set_origin(facts, shown)
                facts["polku"] = shown
            views.append(facts)
    if progress is not None and len(todo) < len(files):
        progress(len(files) - len(todo))
    checked = _check_files(todo, book, rules, as_of, options.jobs, shared, options.language, progress,
                           options.fixes)
    for (path, shown), (found, digest, facts) in zip(todo, checked):
        diagnostics.extend(found)
        if facts is not None:
            views.append(facts)
        if cache is not None:
            cache.store(path, shown, found, digest, facts)
    if cache is not None:
        cache.save()
    if corpus_rules:
        diagnostics.extend(check_corpus(views, book, corpus_rules, as_of, options.language))
    diagnostics.sort(key=Diagnostic.sort_key)
    documents = sorted(views, key=lambda v: v.origin) if options.facts else []
    # A file read but found not to be an agreement it can check (untyped prose) is not counted as checked.
    passed_over = {d.path for d in diagnostics if d.code == SKIPPED}
    checked = sum(1 for _, shown in files if shown not in passed_over)
    if options.language == AUTO:
        language = auto_language(views, language)
    return Report(diagnostics, checked, as_of, [shown for _, shown in files], language, documents)


def auto_language(views, fallback: str) -> str:
    """--kieli auto: the report's own words (summary, headings) in the documents' language when
    they are all in one, else in ``fallback`` (Finnish)."""
    found = {v.get(LANGUAGE_KEY) for v in views if isinstance(v.get(LANGUAGE_KEY), str)}
    return found.pop() if len(found) == 1 else fallback


def _copy(d: Diagnostic) -> Diagnostic:
    return Diagnostic(**{name: getattr(d, name) for name in Diagnostic._fields})


def check_corpus(views: list[DocumentView], book, rules, as_of: _dt.date, language: str = "fi") -> list[Diagnostic]:
    """Run the rules over the set of documents (applies-to asiakirjat)."""
    views = sorted(views, key=lambda v: v.origin)
    if not views:
        return []
    by_path = {view.origin: view for view in views}
    language_of = None
    if language == AUTO:  # each finding in the language of the document it is reported at
        def language_of(where) -> str:
            view = by_path.get(where[0] if where is not None else views[0].origin)
            return view.get(LANGUAGE_KEY, "fi") if view is not None else "fi"
    ctx = corpus_context(views, book, as_of, report_language(language))
    found = []
    for compiled in rules:
        rule = compiled.rule
        try:
            for where, message, related, severity in compiled.run(ctx, language_of):
                path, position = where if where is not None else (views[0].origin, START)
                others = sorted({place for place in related if place != (path, position)})
                lang = language_of(where) if language_of is not None else ctx.lang
                finding = Diagnostic(rule.id, severity, path, position, message,
                                     rule.citation_in(lang), rule.fix_in(lang), rule.title_in(lang), related=others,
                                     language=lang)
                finding.suppression = suppressions.front_matter_reason(by_path.get(path), rule.id)
                _place_in_views(finding, by_path)
                found.append(finding)
        except EvaluationError as exc:  # a bound the rule itself exceeded: rebuilding cannot change it
            found.append(rule_failure(rule, "asiakirjat", exc).in_language(ctx.lang))
        except Exception as exc:  # noqa: BLE001 (as in check_file)
            if getattr(book, "from_cache", False):
                raise StaleCache(rule.id) from exc
            found.append(rule_failure(rule, "asiakirjat", exc).in_language(ctx.lang))
        ctx.vars.clear()
    return found


def _place_in_views(finding: Diagnostic, by_path: dict) -> None:
    """A finding over the set of documents, with the locators of the documents it points into."""
    def place(path: str, pos: Position) -> tuple[str, Position, str]:
        view = by_path.get(path)
        if view is None or not view.locators:
            return path, pos, ""
        found = view.locators.get(pos.line) or view.locators.get(min(view.locators), "")
        if found.startswith(SIDECAR_MARK):
            if pos.line > SIDECAR_LINE and len(found) > 1:
                return found[1:], Position(pos.line - SIDECAR_LINE, pos.column), ""
            found = ""
        return path, pos, found

    finding.path, finding.position, finding.locator = place(finding.path, finding.position)
    if finding.related:
        places = [place(path, pos) for path, pos in finding.related]
        finding.related = [(path, pos) for path, pos, _ in places]
        finding.related_locators = [p[2] for p in places] if any(p[2] for p in places) else []


def corpus_context(views: list[DocumentView], book, as_of: _dt.date, lang: str = "fi") -> Context:
    """What a rule over the set of documents sees: ``asiakirjat``, the documents' views (sorted by path)."""
    root = Map(START)
    root["asiakirjat"] = views
    return Context(BareDocument(root, ""), book, as_of, lang)


LANGUAGE_KEY = "kieli"  # a view's key for the document's language (--kieli auto), beside "polku"


def share(doc: Document, keys: tuple[str, ...], shown: str, language: str | None = None) -> DocumentView | None:
    """The part of a document that rules over the set of documents read (and its ``language``, if given).

    None if there is nothing to share; with a ``language`` (``--kieli auto``)
    there always is, for the report to say its own words in the documents'
    language (``auto_language``).
    """
    if not doc.ok or not keys and language is None:
        return None
    view = DocumentView(doc.data.pos, shown)
    for key in keys:
        if key in doc.data:
            view[key] = doc.data[key]
            view.key_pos[key] = doc.data.key_pos[key]
    _set_origin(view, shown)
    view["polku"] = shown
    view.key_pos["polku"] = doc.data.pos
    if language is not None:
        view[LANGUAGE_KEY] = language
        view.key_pos[LANGUAGE_KEY] = doc.data.pos
    if doc.locators is not None:
        # A line of the sidecar is marked with its path (SIDECAR_MARK), to be placed back there.
        sidecar = SIDECAR_MARK + doc.sidecar[0] if doc.sidecar is not None else ""
        view.locators = {line: locator_at(doc.locators, line) if line <= SIDECAR_LINE else sidecar
                         for line in _lines_of(view)}
    return view


SIDECAR_MARK = "\x00"  # a view's locator that names the sidecar file instead (never a real locator)


def _lines_of(value) -> set[int]:
    """The lines of every position in a Map/Seq tree (iterative: any depth)."""
    lines: set[int] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, Map):
            lines.add(node.pos.line)
            lines.update(pos.line for pos in node.key_pos.values())
            stack.extend(node.values())
        elif isinstance(node, Seq):
            lines.add(node.pos.line)
            lines.update(pos.line for pos in node.item_pos)
            stack.extend(node)
    return lines


def _set_origin(value, origin: str) -> None:
    if isinstance(value, (Map, Seq)):
        value.origin = origin
        for item in (value.values() if isinstance(value, Map) else value):
            _set_origin(item, origin)


def options_for(settings, as_of=None, select=(), ignore=(), jobs=0, language=None, fixes=False) -> Options:
    """Options from configuration ``settings``; the command line's values win."""
    return Options(as_of=as_of or settings.as_of or _dt.date.today(),
                   select=tuple(select) or settings.select, ignore=tuple(ignore) or settings.ignore,
                   jobs=jobs, language=language or settings.language, fixes=fixes)


def merge_reports(reports: list[Report], problems: list[Diagnostic], language: str) -> Report:
    """One report from the reports of groups of files with different settings.

    ``problems`` (found before any settings applied: a path that does not
    exist, a broken configuration) are said in the report's language.
    """
    language = reports[0].language if reports else report_language(language)
    diagnostics = [d.in_language(language) for d in problems] + [d for report in reports for d in report.diagnostics]
    diagnostics.sort(key=Diagnostic.sort_key)
    as_of = reports[0].as_of if reports else _dt.date.today()
    return Report(diagnostics, sum(r.files for r in reports), as_of,
                  sorted(p for r in reports for p in r.paths), language,
                  sorted((v for r in reports for v in r.documents), key=lambda v: v.origin))


def configuration(book, options: Options, as_of: _dt.date) -> str:
    """What a result cache depends on besides the file: rules, law's date, selection, kept keys."""
    return "\n".join([book.signature, as_of.isoformat(), ",".join(options.select), ",".join(options.ignore),
                      options.language, ",".join(sorted(options.facts)), "fixes" if options.fixes else ""])


def report_language(language: str | None) -> str:
    """The language of a report's own words: ``language``, Finnish for ``auto`` (or none)."""
    from .messages import known

    return known(language)


def document_language(doc) -> str:
    """The language an agreement is written in (``language.detect``); Finnish when it cannot be told."""
    from .language import detect

    return detect(doc.text) or "fi" if doc.text else "fi"


class StaleCache(Exception):
    """A rule pack read from the cache failed while checking: ``check`` rebuilds it and starts again."""


def check_file(path: Path, shown: str, book, rules, as_of: _dt.date, shared: tuple[str, ...] = (),
               language: str = "fi", fixes: bool = False):
    """Load one file and run the rules on it.

    Returns its diagnostics, the checksum of its content, and what rules over
    the set of documents need from it (``share``). Nothing in one file ends
    the run: an error inside a rule is a TARK-SAANTO finding at the rule, an
    error outside the rules a TARK-SISAINEN finding at the file, and both are
    reported with this file's other findings — unless the pack came from the
    cache, which is then not trusted (``StaleCache``). A finding in a
    Markdown or YAML file that has a formal fix carries it (``autofix``),
    once the fix has been checked not to add a finding (``fixes.surviving``).
    """
    lang = report_language(language)
    try:
        doc = load(path, book.shapes, shown, prose=True)
        found, lang = _check_document(doc, book, rules, as_of, language, fixes=fixes)
        return found, doc.digest, share(doc, shared, shown, lang if language == AUTO else None)
    except StaleCache:
        raise
    except Exception as exc:  # noqa: BLE001
        if getattr(book, "from_cache", False):
            raise StaleCache(shown) from exc
        return [internal_failure(shown, exc).in_language(lang)], None, None


def document_rules(book, options: Options | None = None) -> list[CompiledRule]:
    """The rules ``check`` runs on each document with ``options`` (in force and selected, not over the set)."""
    options = options or Options()
    as_of = options.as_of or _dt.date.today()
    return [r for r in book.compiled if _active(r, options, as_of) and not r.corpus]


def check_text(text: str, shown: str, book, options: Options | None = None, path: str | Path | None = None,
               fixes: bool = True):
    """Check a Markdown or YAML document held in memory (an editor's unsaved buffer): ``(diagnostics, doc)``.

    ``path`` (default ``shown``) tells YAML from Markdown by its suffix;
    nothing is read from disk, and the rules over the set of documents are
    not run (they need the other documents). With ``fixes``, findings carry
    their checked fixes as ``check_file`` gives them; without, none (a
    front-end in a hurry asks ``fixes.surviving`` later).
    """
    from .documents.loader import load_text

    options = options or Options()
    as_of = options.as_of or _dt.date.today()
    doc = load_text(text, path if path is not None else shown, book.shapes, shown, prose=True)
    try:
        found, _ = _check_document(doc, book, document_rules(book, options), as_of, options.language, fixes)
    except Exception as exc:  # noqa: BLE001 (as check_file: one document's failure is its finding)
        found = [internal_failure(shown, exc).in_language(report_language(options.language))]
    return found, doc


def _check_document(doc: Document, book, rules, as_of: _dt.date, language: str, fixes: bool):
    """The findings of a loaded document, in their language (returned with it)."""
    shown = doc.path
    lang = report_language(language)
    from . import prose

    prose.apply(doc, book)
    if language == AUTO:
        lang = document_language(doc)
    if doc.data is None and not doc.front_matter:
        doc.diagnostics.append(untyped(doc))
    if doc.converted is not None and doc.ok:
        doc.diagnostics.extend(draft_notes(doc))
    found = list(doc.diagnostics)
    if doc.ok:
        ctx = Context(doc, book, as_of, lang)
        ran = set()
        for compiled in rules:
            if not compiled.applies_to(doc.doc_type):
                continue
            rule = compiled.rule
            ran.add(rule.id)
            try:
                for position, message, related, severity in compiled.run(ctx):
                    others = sorted({place for place in related if place != (shown, position)})
                    found.append(Diagnostic(rule.id, severity, shown, position, message,
                                            rule.citation_in(lang), rule.fix_in(lang), rule.title_in(lang),
                                            related=others, language=lang))
            except EvaluationError as exc:  # the rule's own bound: a rebuilt pack would fail the same
                found.append(rule_failure(rule, shown, exc))
            except Exception as exc:  # noqa: BLE001 (any failure of a rule is reported, not raised)
                if getattr(book, "from_cache", False):
                    raise StaleCache(rule.id) from exc
                found.append(rule_failure(rule, shown, exc))
            ctx.vars.clear()
        deviations, problems = suppressions.collect(doc, book)
        found = suppressions.apply(found + problems, deviations, ran, shown, book.aliases)
    if doc.locators is not None or doc.sidecar is not None:
        found = _placed(found, doc)
    if doc.ok:
        _framed(found, doc, book, lang)
    if fixes:
        from .fixes import attach

        attach(doc, found, book, as_of,
               lambda fixed: _check_document(_reloaded(doc, fixed, book), book, rules, as_of, language, False)[0])
    return [d.in_language(lang) for d in found], lang


def _reloaded(doc: Document, text: str, book) -> Document:
    """``doc``'s file read again from ``text`` (a fixed version of it), in memory."""
    from .documents.loader import load_text

    return load_text(text, f"fixed{doc.suffix}", book.shapes, doc.path, prose=True)


def _framed(found: list[Diagnostic], doc: Document, book, lang: str) -> None:
    """Rule findings of a document at the words concerned, shown as a code frame.

    A finding of the whole document (a missing provision, at ``START``)
    points at the document's title heading, else at its ``tyyppi`` key
    (which is what makes the provision required). A finding gets the line
    it points at with the words from its column underlined; one at a
    placeholder or a deferral ("[täydennä]", "Sovitaan myöhemmin.") says
    in its fix to replace that text, before the rule's own hint.
    """
    from .diagnostics import SourceLines, caret_context

    lines = SourceLines(doc.text)
    whole = None
    sidecar = None
    if doc.converted is not None:
        # A Word, OpenDocument or PDF file has no front matter: its facts go in the YAML file beside it.
        sidecar = PurePath(doc.sidecar[0] if doc.sidecar is not None else PurePath(doc.path).with_suffix(".yaml")).name
    for d in found:
        if d.path != doc.path or d.is_input_error or d.context or d.code.startswith("TARK-"):
            continue
        if sidecar is not None and _FRONT_MATTER_BLOCK.search(d.fix):
            from .messages import text

            d.fix += "\n\n" + text("fix.sidecar", lang, sidecar=sidecar)
        if d.position == START:
            if whole is None:
                whole = whole_document_position(doc)
            d.position = whole
        line = lines.line(d.position.line)
        if line is None or not line.strip():
            continue
        words = line[d.position.column - 1:].rstrip()
        d.context = caret_context(lines, d.position, len(words))
        if _defers(words, book):
            from .documents.converted import locator_in
            from .messages import text

            where = locator_in(d.locator, lang) if d.locator else text("fix.on_line", lang, line=d.position.line)
            d.fix = text("fix.replace_deferral", lang, text=_short(words), where=where) + (
                "\n\n" + d.fix if d.fix else "")


# A fix hint's block of front matter ("    seuranta:"): a Word file's reader is told where such facts go.
_FRONT_MATTER_BLOCK = re.compile(r"(?m)^    [\wäöåÄÖÅ-]+:(?:\s|$)")


def whole_document_position(doc: Document) -> Position:
    """Where a finding of the whole document points: the title heading, else ``tyyppi``, else 1:1."""
    title = next((s.pos for s in doc.sections if s.level == 1), None)
    if title is not None:
        return title
    if doc.data is not None and "tyyppi" in doc.data.key_pos:
        return doc.data.key_pos["tyyppi"]
    return START


def _short(words: str, limit: int = 60) -> str:
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"


def _defers(words: str, book) -> bool:
    """Whether a line's words only stand for missing text or put the provision off."""
    from .documents.loader import _is_placeholder

    if _is_placeholder(words):
        return True
    from .text import word_index, words as split

    return _deferrals(book).match_index(word_index(split(words)))


_DEFERRALS: dict = {}


def _deferrals(book):
    """The rule pack's deferral phrases as one pattern set, made once per pack."""
    key = id(book)
    if key not in _DEFERRALS:
        from .rulebook import deferral_patterns
        from .text import pattern_set

        _DEFERRALS.clear()
        _DEFERRALS[key] = pattern_set(deferral_patterns(book))
    return _DEFERRALS[key]


def _placed(found: list[Diagnostic], doc: Document) -> list[Diagnostic]:
    """Findings in a Word, OpenDocument or PDF file with their locators, and a sidecar's back in its own file.

    A sidecar's positions are its lines lifted by ``SIDECAR_LINE``, so a rule
    that points at a sidecar key lands there; a missing provision points at
    the first line, whose locator is the title.
    """
    sidecar = doc.sidecar[0] if doc.sidecar is not None else None
    locators = doc.locators or []
    title = next((i + 1 for i, line in enumerate(doc.text.split("\n", 200)[:200]) if line.startswith("# ")), 1)

    def where(path: str, pos: Position) -> tuple[str, Position, str]:
        if pos.line > SIDECAR_LINE and sidecar is not None:
            return sidecar, Position(pos.line - SIDECAR_LINE, pos.column), ""
        if path != doc.path:
            return path, pos, ""
        return path, pos, locator_at(locators, title if pos == START else pos.line)

    for d in found:
        d.path, d.position, d.locator = where(d.path, d.position)
        if d.related:
            places = [where(path, pos) for path, pos in d.related]
            d.related = [(path, pos) for path, pos, _ in places]
            d.related_locators = [locator for _, _, locator in places] if any(p[2] for p in places) else []
    return found


def draft_notes(doc: Document) -> list[Diagnostic]:
    """An info finding for a draft's tracked changes and comments: the check read it as if they were accepted."""
    converted = doc.converted
    changes = say("draft.changes", n=converted.tracked_changes) if converted.tracked_changes else None
    comments = say("draft.comments", n=converted.comments) if converted.comments else None
    if changes is None and comments is None:
        return []
    parts = say("draft.both", changes=changes, comments=comments) if changes and comments else changes or comments
    return [Diagnostic.said("TARK-LUONNOS", Severity.INFO, doc.path, START, say("draft.note", parts=parts),
                            say("draft.note.fix"))]


def untyped(doc) -> Diagnostic:
    """A Markdown file without front matter whose text does not say which document it is.

    A warning (TARK-OHITETTU) if its title names an agreement, so that a
    draft is never passed over in silence; otherwise an input error, as the
    file was named to be checked.
    """
    from .prose.doctype import prose_candidate

    if prose_candidate(os.path.basename(doc.path), doc.text[:_SNIFF_BYTES]):
        return Diagnostic.said(SKIPPED, Severity.WARNING, doc.path, START, say("untyped.prose"), say("untyped.fix"))
    if doc.converted is not None:  # a .docx or PDF found in a folder need not be an agreement: say so, quietly
        return Diagnostic.said(SKIPPED, Severity.INFO, doc.path, START, say("untyped.no_agreement"),
                               say("untyped.no_agreement.fix", more=say("untyped.fix")))
    return Diagnostic.said("TARK-ETUSIVU", Severity.ERROR, doc.path, START, say("untyped.no_front"),
                           say("untyped.fix"))


def rule_failure(rule, shown: str, exc: Exception) -> Diagnostic:
    """A rule that could not be evaluated on a document: reported at the rule, naming the document."""
    where = getattr(exc, "pos", None) or rule.pos
    path = getattr(exc, "path", None) or rule.path
    reason = getattr(exc, "text", None)
    if not isinstance(reason, Message):  # a rule's own bound is a catalogue message; anything else is as it says
        reason = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        reason = reason if isinstance(reason, str) else str(reason)
    return Diagnostic.said("TARK-SAANTO", Severity.ERROR, path, where,
                           say("rule.failed", rule=rule.id, path=shown, reason=reason), say("rule.failed.fix"),
                           related=[(shown, START)], context=getattr(exc, "context", "") or "")


def internal_failure(shown: str, exc: Exception) -> Diagnostic:
    """An error of tarkastus itself on one file: that file's only finding, the others are still checked."""
    return Diagnostic.said("TARK-SISAINEN", Severity.ERROR, shown, START,
                           say("internal", error=f"{type(exc).__name__}: {exc}"), say("internal.fix"))


# Below this many files one process is faster than forking workers.
PARALLEL_MIN_FILES = 48


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _check_files(files, book, rules, as_of, jobs, shared=(), language="fi", progress=None, fixes=False):
    """``check_file`` over ``files``, in order; forked workers for large runs.

    Workers are forked (Linux only: elsewhere fork after imports is unsafe or
    missing), so they share the loaded rules without pickling them. The files
    are dealt out in batches as the workers ask for them (``_Dealer``): a
    worker that runs slower, on a busy or shared machine, simply gets fewer.
    Each batch's results come back pickled through a pipe, so that
    ``progress`` can follow; the parent only deals, waits and reads. A worker
    that fails for any reason is not trusted: every batch it was given is
    checked again in this process.
    """
    def one(path, shown):
        result = check_file(path, shown, book, rules, as_of, shared, language, fixes)
        if progress is not None:
            progress(1)
        return result

    jobs = default_jobs() if not jobs else jobs
    jobs = min(jobs, len(files) // (PARALLEL_MIN_FILES // 2) or 1)
    if jobs <= 1 or len(files) < PARALLEL_MIN_FILES or not sys.platform.startswith("linux"):
        return [one(path, shown) for path, shown in files]
    for compiled in rules:  # compiled once here, shared by the forked workers
        for case in compiled.prepare()[1]:
            case.messages.get(report_language(language))
    batches = [files[start:start + _BATCH_FILES] for start in range(0, len(files), _BATCH_FILES)]
    workers: list[_Worker] = []
    for _ in range(jobs):
        workers.append(_fork_worker(batches, book, rules, as_of, shared, language, fixes, workers))
    received = _Dealer(workers, len(batches), progress).run()
    results: list = []
    for number, batch in enumerate(batches):
        found = received.get(number)
        results.extend(found if found is not None and len(found) == len(batch)
                       else [one(path, shown) for path, shown in batch])
    return results


# Files a worker checks per batch. Small enough that the last batches even out
# the workers' ends (a batch is about 20 ms of work), large enough that
# dealing and pickling cost nothing next to checking.
_BATCH_FILES = 12
_AHEAD = 2  # batches a worker holds at once, so that it never waits for the next
_LENGTH = 8  # bytes of a frame's length prefix
_NUMBER = 4  # bytes of a batch number sent to a worker


class _Worker(NamedTuple):
    pid: int
    results: int  # read end: the worker's frames
    tasks: int  # write end: the numbers of the batches it is to check


def _fork_worker(batches, book, rules, as_of, shared, language, fixes=False, earlier=()) -> _Worker:
    """A forked worker; ``earlier`` are the workers forked before it, whose pipes it must not hold open."""
    import pickle

    results_read, results_write = os.pipe()
    tasks_read, tasks_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: check each batch it is dealt until the dealer closes its pipe
        status = 1
        try:
            os.close(results_read)
            os.close(tasks_write)
            for other in earlier:  # an inherited task pipe would keep that worker from ever seeing its end
                os.close(other.results)
                os.close(other.tasks)
            with os.fdopen(results_write, "wb") as out, os.fdopen(tasks_read, "rb") as tasks:
                while True:
                    raw = tasks.read(_NUMBER)
                    if len(raw) < _NUMBER:
                        break
                    frame = [check_file(path, shown, book, rules, as_of, shared, language, fixes)
                             for path, shown in batches[int.from_bytes(raw, "little")]]
                    payload = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
                    out.write(len(payload).to_bytes(_LENGTH, "little") + payload)
                    out.flush()
            status = 0
        finally:
            os._exit(status)
    os.close(results_write)
    os.close(tasks_read)
    return _Worker(pid, results_read, tasks_write)


class _Dealer:
    """Deals batch numbers to the workers as they answer and gathers their results (work sharing).

    Each worker holds ``_AHEAD`` batches; each frame it sends answers the
    oldest of them and earns it the next undealt one. ``run`` returns the
    results by batch number; a batch missing from it (its worker died, sent a
    damaged frame or exited with an error) is for the caller to check again.
    """

    def __init__(self, workers: list[_Worker], batches: int, progress=None) -> None:
        self.workers = workers
        self.next = 0  # the first batch not dealt yet
        self.total = batches
        self.progress = progress
        self.held: dict[int, list[int]] = {w.results: [] for w in workers}  # dealt, not answered, oldest first
        self.answered: dict[int, list[int]] = {w.results: [] for w in workers}
        self.received: dict[int, list] = {}
        self.tasks = {w.results: w.tasks for w in workers}  # open task pipes
        self.distrusted: set[int] = set()

    def _deal(self, worker: int) -> None:
        """Top the worker up to ``_AHEAD`` batches, or tell it there are no more (close its pipe)."""
        tasks = self.tasks.get(worker)
        if tasks is None:
            return
        while len(self.held[worker]) < _AHEAD and self.next < self.total:
            try:
                os.write(tasks, self.next.to_bytes(_NUMBER, "little"))
            except OSError:  # the worker is gone: what it held is checked again
                self._drop(worker)
                return
            self.held[worker].append(self.next)
            self.next += 1
        if self.next >= self.total:
            self._close(worker)

    def _close(self, worker: int) -> None:
        tasks = self.tasks.pop(worker, None)
        if tasks is not None:
            os.close(tasks)

    def _drop(self, worker: int) -> None:
        """Distrust a worker: forget its answers, deal it nothing more."""
        self.distrusted.add(worker)
        self._close(worker)
        for number in self.answered[worker]:
            self.received.pop(number, None)
        self.answered[worker] = []
        self.held[worker] = []

    def run(self) -> dict[int, list]:
        import pickle
        import selectors

        buffers = {w.results: bytearray() for w in self.workers}
        for worker in self.held:
            self._deal(worker)
        with selectors.DefaultSelector() as selector:
            for worker in self.held:
                selector.register(worker, selectors.EVENT_READ)
            while selector.get_map():
                for key, _ in selector.select():
                    fd = key.fd
                    chunk = os.read(fd, 1 << 20)
                    if not chunk:
                        selector.unregister(fd)
                        os.close(fd)
                        if self.held[fd] or buffers[fd]:  # ended without answering all it held
                            self._drop(fd)
                        continue
                    buffer = buffers[fd]
                    buffer += chunk
                    while len(buffer) >= _LENGTH and fd not in self.distrusted:
                        size = int.from_bytes(buffer[:_LENGTH], "little")
                        if len(buffer) < _LENGTH + size:
                            break
                        try:
                            frame = pickle.loads(bytes(buffer[_LENGTH:_LENGTH + size]))
                        except Exception:  # a damaged frame: distrust the worker
                            frame = None
                        del buffer[:_LENGTH + size]
                        if frame is None or not self.held[fd]:
                            self._drop(fd)
                            buffer.clear()
                            break
                        number = self.held[fd].pop(0)
                        self.received[number] = frame
                        self.answered[fd].append(number)
                        if self.progress is not None:
                            self.progress(len(frame))
                        self._deal(fd)
        for worker in self.workers:
            _, status = os.waitpid(worker.pid, 0)
            if status != 0:
                self._drop(worker.results)
            self._close(worker.results)
        return self.received
