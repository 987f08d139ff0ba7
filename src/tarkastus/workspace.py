"""The one entry point for checking documents, for every front-end.

The command line (``check``, ``audit``, ``facts``), the web page and the
language server all do the same thing: collect the paths, give each file
the settings of its closest configuration, load the rule pack of those
settings (once per set of rule directories), check each group of files
with its options and its result cache, drop what per-file-ignores drop,
and merge the groups into one report. ``Workspace`` does it; a front-end
keeps only its options and its printing::

    workspace = Workspace(config_file=None, isolated=False)
    run = workspace.check(["sopimukset/"], language="sv")
    run.report.diagnostics, run.exit_code(fail_on=None)

A workspace remembers the rule packs it has loaded, so a long-lived
front-end (``serve``, ``lsp``) pays for a pack once; the command line
makes one per command.

A broken configuration file is one TARK-ASETUS diagnostic and the files it
governs are not checked (under other settings their findings would be
wrong); every other file is. A ``--select``/``--ignore`` code that names no
rule raises ``UnknownCode`` (a usage error: the run would check nothing and
pass); the same in a configuration file is a TARK-ASETUS finding for the
files it governs.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from pathlib import Path

from .diagnostics import Severity, TarkastusError

__all__ = ["Run", "UnknownCode", "Workspace"]


class UnknownCode(TarkastusError):
    """A --select or --ignore code that names no rule (``text``: the message, with the closest id)."""

    def __init__(self, text) -> None:
        self.text = text
        super().__init__(str(text))


class Run:
    """A check of paths in groups of files with the same settings, merged into one report."""

    def __init__(self, report, book, groups) -> None:
        self.report, self.book = report, book
        self.groups = groups  # [(settings, options, book, files)]

    def fail_level(self, fail_on: str | None = None) -> Severity:
        """The lowest severity that fails: ``fail_on``, else each group's configured one."""
        levels = [fail_on or settings.fail_on for settings, *_ in self.groups]
        return min(Severity.parse(level) for level in levels) if levels else Severity.ERROR

    def exit_code(self, fail_on: str | None = None) -> int:
        return self.report.exit_code(self.fail_level(fail_on))


class Workspace:
    """Configuration, rule packs and caches for checking documents (see the module docstring)."""

    def __init__(self, config_file: str | Path | None = None, isolated: bool = False,
                 use_cache: bool = True) -> None:
        from .config import ConfigError, Resolver

        self.use_cache = use_cache
        self._books: dict[tuple, object] = {}
        self.error: ConfigError | None = None  # --config names a broken file: it governs every file
        try:
            self.resolver = Resolver(Path(config_file) if config_file else None, isolated)
        except ConfigError as exc:
            self.resolver = _Broken(exc)
            self.error = exc

    def settings_for(self, path):
        """The settings of ``path`` (raises ``ConfigError`` for a broken configuration, --config's too)."""
        if self.error is not None:
            raise self.error
        return self.resolver.for_path(path)

    def book(self, rule_dirs: Iterable = (), examples: bool = False):
        """The rule pack of the shipped rules and ``rule_dirs``, loaded once per workspace (with the
        rules' examples if asked: ``explain`` shows them; checking does not need them)."""
        from .rulebook import load_rulebook

        key = (tuple(rule_dirs), examples)
        if key not in self._books:
            self._books[key] = load_rulebook(list(key[0]), use_cache=self.use_cache, examples=examples)
        return self._books[key]

    def check(self, paths, *, as_of: _dt.date | None = None, select=(), ignore=(), jobs: int = 0,
              language: str | None = None, agreements_only: bool = False,
              facts: Callable | None = None, progress: Callable | None = None,
              said_in: str = "fi", context=(), fixes: bool = False) -> Run:
        """Collect ``paths``, group the files by their settings and check each group.

        ``facts(book)`` names the document keys to keep (``Options.facts``);
        ``progress(total)`` returns the per-file callback; ``said_in`` is the
        language of the problems when nothing could be checked (the command
        line's own).

        ``context`` (the pre-commit hook's ``--context .``): directories whose
        agreements are checked together with the agreements of ``paths``,
        so that the rules across documents see an area's other documents;
        only findings at a file of ``paths``, or pointing at one ("katso
        myös"), are reported, and only the files of ``paths`` are counted.
        Nothing is added when no file of ``paths`` is an agreement.
        """
        from .config import ConfigError, Settings
        from .engine import check as run_check, collect, configuration, merge_reports, options_for

        broken: dict[str, list] = {}  # configuration file -> [error, files left unchecked]

        def unchecked(exc: ConfigError, n: int = 1) -> None:
            broken.setdefault(str(exc.path), [exc, 0])[1] += n

        if self.error is not None:
            unchecked(self.error, 0)
        files, problems = collect(paths, named_must_be_agreements=agreements_only)
        primary = None
        if context and files:
            primary = {shown for _, shown in files}
            files = files + _context_files(files, context)
        by_settings: dict[int, tuple] = {}
        for path, shown in files:
            try:
                settings = self.resolver.for_path(path)
            except ConfigError as exc:
                unchecked(exc)
                continue
            by_settings.setdefault(id(settings), (settings, []))[1].append((path, shown))
        problems = list(problems) + [exc.diagnostic(n) for exc, n in broken.values()]
        try:
            default = self.resolver.for_path(".") if not by_settings else None
        except ConfigError:
            default = Settings()
        given = {"as_of": as_of, "select": tuple(x.upper() for x in select),
                 "ignore": tuple(x.upper() for x in ignore), "jobs": jobs, "language": language, "fixes": fixes}
        advance = progress(sum(len(group) for _, group in by_settings.values())) if progress is not None else None
        reports, groups = [], []
        directory = None
        if self.use_cache:
            from .rulebook import cache_dir

            directory = cache_dir()
        book = None
        for settings, group in by_settings.values() or [(default, [])]:
            book = self.book(settings.rule_dirs)
            unknown = unknown_code(book, given["select"] + given["ignore"])
            if unknown:
                raise UnknownCode(unknown)
            unknown = unknown_code(book, (() if given["select"] else settings.select)
                                   + (() if given["ignore"] else settings.ignore))
            if unknown and settings.source is not None:  # the configuration's own list: its files are not checked
                problems.append(ConfigError(settings.source, unknown).diagnostic(len(group)))
                continue
            options = options_for(settings, **given)
            if facts is not None:
                options.facts = facts(book)
            results = None
            if directory is not None:
                from .results import ResultCache

                results = ResultCache(directory, configuration(book, options, options.as_of))
            if group:
                report = run_check([], book, options, cache=results, files=group, progress=advance)
                report.diagnostics = [d for d in report.diagnostics if not ignored(d, settings)]
                reports.append(report)
            groups.append((settings, options, book, group))
        # Without a report (nothing could be read) the problems are said in ``said_in``.
        report = merge_reports(reports, problems, language or ("fi" if reports else said_in))
        if primary is not None:
            _keep_involving(report, primary)
        return Run(report, book, groups)

    def check_uploads(self, files, *, as_of: _dt.date | None = None, language: str | None = None,
                      doc_type: str | None = None, facts: Callable | None = None) -> Run:
        """Check files a front-end was sent (the web page's uploads), each shown by the name it came with.

        ``files`` is [(path, name)]: the files in a private temporary
        directory that the caller made and removes afterwards. Unlike
        ``check``, nothing of them outlives the call: the result cache is not
        used (its entries would keep the findings, and the words they quote,
        of documents that are gone), and the check runs in this process (a
        server's threads must not fork). The rule pack is the workspace's,
        loaded once.

        ``doc_type`` is the type of a Word, OpenDocument or PDF file whose
        text does not say which document it is (the page's choice): such a
        file gets a sidecar stating it (``name.yaml``, as a user would write
        one) and the files are checked again. A Markdown file states its type
        in its front matter, so it is left as it is.
        """
        from .documents.loader import DOCUMENT_SUFFIXES, sidecar_of
        from .engine import check as run_check, merge_reports, options_for

        files = [(Path(path), name) for path, name in files]
        settings = self.resolver.for_path(files[0][0].parent if files else ".")
        book = self.book(settings.rule_dirs)
        options = options_for(settings, as_of=as_of, language=language, jobs=1)
        if facts is not None:
            options.facts = facts(book)

        def run() -> Run:
            report = run_check([], book, options, cache=None, files=files)
            report.diagnostics = [d for d in report.diagnostics if not ignored(d, settings)]
            return Run(merge_reports([report], [], language or "fi"), book, [(settings, options, book, files)])

        result = run()
        if doc_type is None:
            return result
        untyped = {d.path for d in result.report.diagnostics
                   if d.text is not None and d.text.key.startswith("untyped.")}
        added = False
        for path, name in files:
            if name in untyped and path.suffix.lower() in DOCUMENT_SUFFIXES and sidecar_of(path) is None:
                path.with_suffix(".yaml").write_text(f"tarkastus: 1\ntyyppi: {doc_type}\n", encoding="utf-8")
                added = True
        return run() if added else result

    def facts(self, paths, *, as_of: _dt.date | None = None, language: str | None = None):
        """The facts of every document in ``paths`` (``factsview.document_facts``), each read with
        the rule pack of its settings; returns (documents, problems, a rule pack)."""
        from .config import ConfigError
        from .engine import collect
        from .factsview import document_facts

        files, problems = collect(paths)
        if self.error is not None:
            problems.append(self.error.diagnostic(0))
        documents = []
        for path, shown in files:
            try:
                settings = self.resolver.for_path(path) if self.error is None else None
            except ConfigError as exc:
                problems.append(exc.diagnostic(1))
                continue
            dirs = tuple(settings.rule_dirs) if settings is not None else ()
            day = as_of or (settings.as_of if settings is not None else None) or _dt.date.today()
            lang = language or (settings.language if settings is not None else None)
            documents.append(document_facts(path, shown, self.book(dirs), day, lang))
        book = next(iter(self._books.values()), None) or self.book()
        return documents, problems, book

    def check_text(self, path, text: str, *, context=(), as_of: _dt.date | None = None,
                   language: str | None = None, fixes: bool = False) -> Run:
        """Check ``text`` as if it were the file at ``path`` (an editor's unsaved buffer).

        ``path``'s configuration applies, and findings are at ``path`` as
        ``output.shown_path`` shows it (give an absolute path to get absolute
        paths back). The text is written to a private temporary file with
        the same name for the time of the check; nothing of it is kept (no
        result cache). Like a file found in a directory, and unlike one named
        on the command line, a text that is not an agreement is not checked
        (a README open in the editor gets no findings; one that looks meant
        as an agreement gets its TARK-OHITETTU warning).

        ``context``: directories whose agreements (read from disk, ``path``
        itself left out) are checked with the text, so that the rules over
        the set of documents see the area's other documents; only findings
        at ``path`` or pointing at it are kept. Their results are remembered
        in memory by size and modification time (``_MemoryResults``), so a
        long-lived front-end checks each unchanged document once.

        ``fixes``: give the findings their checked fixes (``Diagnostic.autofix``,
        ``Options.fixes``), which costs a check of the fixed text per fix.
        """
        import os
        import tempfile

        from .config import ConfigError
        from .engine import check as run_check, collect, looks_like_agreement, merge_reports, options_for
        from .output import shown_path

        path = Path(path)
        shown = shown_path(path)
        try:
            settings = self.settings_for(path)
        except ConfigError as exc:
            return Run(merge_reports([], [exc.diagnostic(1)], language or "fi"), None, [])
        book = self.book(settings.rule_dirs)
        unknown = unknown_code(book, settings.select + settings.ignore)
        if unknown and settings.source is not None:
            return Run(merge_reports([], [ConfigError(settings.source, unknown).diagnostic(1)], language or "fi"),
                       book, [])
        options = options_for(settings, as_of=as_of, language=language, jobs=1, fixes=fixes)
        memory = self.__dict__.setdefault("_memory", {}).setdefault((id(settings), fixes), _MemoryResults())
        memory.configure(book, options)
        with tempfile.TemporaryDirectory(prefix="tarkastus-") as directory:
            buffer = Path(directory) / path.name
            buffer.write_bytes(text.encode("utf-8", "surrogatepass"))
            found, problems = collect([buffer], named_must_be_agreements=True)
            for problem in problems:  # about the buffer: at ``path``
                problem.path = shown
            files = [(buffer, shown)] if found else []
            if files and context and any(compiled.corpus for compiled in book.compiled):
                real = os.path.realpath(path)
                others, _ = collect([c for c in context if os.path.isdir(c)],
                                    lambda p: memory.is_agreement(p, looks_like_agreement))
                for other, other_shown in others:
                    if os.path.realpath(other) == real or other_shown == shown:
                        continue
                    try:
                        if self.resolver.for_path(other) is settings:  # as ``check`` groups them
                            files.append((other, other_shown))
                    except ConfigError:
                        continue
            reports = []
            if files:
                report = run_check([], book, options, cache=memory.without(buffer), files=files)
                report.diagnostics = [d for d in report.diagnostics if not ignored(d, settings)]
                reports.append(report)
            report = merge_reports(reports, problems, language or settings.language or "fi")
        _keep_involving(report, {shown})
        return Run(report, book, [(settings, options, book, files)])

    def reload_configuration(self) -> None:
        """Read the configuration files again (one changed); the rule packs loaded are kept."""
        from .config import ConfigError, Resolver

        resolver = self.resolver
        if isinstance(resolver, _Broken):
            explicit, isolated = resolver.error.path, False
        else:
            explicit = resolver.explicit.source if resolver.explicit is not None else None
            isolated = resolver.isolated
        self.__dict__.pop("_memory", None)
        try:
            self.resolver = Resolver(explicit, isolated)
            self.error = None
        except ConfigError as exc:
            self.resolver = _Broken(exc)
            self.error = exc


def _context_files(files, context) -> list:
    """The agreements below the ``context`` directories that are not among ``files`` (by real path)."""
    import os

    from .engine import collect

    seen = {os.path.realpath(path) for path, _ in files}
    found, _ = collect([c for c in context if os.path.isdir(c)])  # a context's own problems are not the commit's
    return [(path, shown) for path, shown in found if os.path.realpath(path) not in seen]


def _keep_involving(report, primary: set) -> None:
    """Only the findings at a file of ``primary`` or pointing at one; only those files counted."""
    from .engine import SKIPPED

    report.diagnostics = [d for d in report.diagnostics
                          if d.path in primary or any(path in primary for path, _ in d.related)]
    passed_over = {d.path for d in report.diagnostics if d.code == SKIPPED}
    report.paths = [p for p in report.paths if p in primary]
    report.files = sum(1 for p in report.paths if p not in passed_over)
    report.documents = [v for v in report.documents if v.origin in primary]


def unknown_code(book, codes):
    """Why one of ``codes`` (--select/--ignore, or the configuration's) names no rule, with the closest id.

    Otherwise a typo ("KL45-") or a list written as one word would check
    nothing and pass. Input codes (TARK-…) are not rules and always allowed.
    """
    import difflib

    from .engine import matches_code
    from .messages import say

    names = [(rule.id, *rule.aliases) for rule in book.rules]
    for code in codes:
        if code.startswith("TARK") or any(matches_code(n, (code,)) for n in names):
            continue
        close = difflib.get_close_matches(code, sorted({n for group in names for n in group}), n=1, cutoff=0.6)
        hint = say("hint.did_you_mean", name=close[0]) if close else say("hint.see_rules")
        return say("code.unknown", code=code, hint=hint)
    return None


def ignored(diagnostic, settings) -> bool:
    """Whether per-file-ignores drop this finding (never input errors)."""
    if diagnostic.is_input_error:
        return False
    from .engine import matches_code

    return matches_code((diagnostic.code,), settings.ignored_for(diagnostic.path))


class _Broken:
    """The resolver when ``--config`` names a broken file: every file gets its error."""

    def __init__(self, error) -> None:
        self.error = error

    def for_path(self, path):
        raise self.error


class _MemoryResults:
    """The results of the documents ``check_text`` reads from disk, kept in memory (a ``ResultCache``'s
    interface, never saved): an unchanged file (size and modification time; its checksum when it was
    modified just before it was checked) is not checked again while the configuration stays the same."""

    def __init__(self) -> None:
        self.configuration = ""
        self.entries: dict[str, tuple] = {}  # real path -> (size, mtime_ns, checksum, written, agreement, found, facts)
        self.skip: Path | None = None

    def configure(self, book, options) -> None:
        from .engine import configuration

        current = configuration(book, options, options.as_of)
        if current != self.configuration:
            self.configuration, self.entries = current, {}

    def without(self, buffer: Path) -> "_MemoryResults":
        """This store for one run in which ``buffer`` (the text being checked) is neither looked up nor kept."""
        self.skip = buffer
        return self

    def _valid(self, path):
        import os
        import time

        from .results import RACY_SECONDS, _digest

        key = os.path.abspath(path)
        entry = self.entries.get(key)
        if entry is None:
            return key, None
        try:
            info = os.stat(key)
        except OSError:
            return key, None
        size, mtime_ns, digest, written = entry[:4]
        if (info.st_size, info.st_mtime_ns) != (size, mtime_ns):
            return key, None
        if written - mtime_ns / 1e9 < RACY_SECONDS and _digest(key, size) != digest:
            return key, None
        if written - mtime_ns / 1e9 < RACY_SECONDS and time.time() - mtime_ns / 1e9 >= RACY_SECONDS:
            self.entries[key] = (size, mtime_ns, digest, time.time(), *entry[4:])  # no longer racy
        return key, entry

    def is_agreement(self, path: Path, decide) -> bool:
        from .results import MAX_DIGEST_BYTES, _digest

        key, entry = self._valid(path)
        if entry is not None:
            return entry[4]
        answer = decide(path)
        if not answer:
            self._store(key, _digest(key, MAX_DIGEST_BYTES), False, [], None)
        return answer

    def lookup(self, path: Path, shown: str):
        if path == self.skip:
            return None
        _, entry = self._valid(path)
        if entry is None or not entry[4]:
            return None
        return list(entry[5]), entry[6]

    def store(self, path: Path, shown: str, diagnostics, digest, facts=None) -> None:
        import os

        if path != self.skip and digest is not None:
            self._store(os.path.abspath(path), digest, True, list(diagnostics), facts)

    def _store(self, key: str, digest, agreement: bool, found, facts) -> None:
        import os
        import time

        if digest is None:
            return
        try:
            info = os.stat(key)
        except OSError:
            return
        self.entries[key] = (info.st_size, info.st_mtime_ns, digest, time.time(), agreement, found, facts)

    def save(self) -> None:
        self.skip = None  # the end of a run
