"""The command line: click parses options, the engine checks, a reporter renders.

Exit codes follow ruff: 0 when nothing is at or above the failing severity,
1 when something is, 2 for usage errors and input errors (unreadable or
malformed files, broken rule files, a broken configuration file). Heavy
modules are imported inside the commands so that ``tarkastus check`` of one
file starts fast. The commands leave the interpreter as they found it (they
are called as a library too, by click's test runner); only the console entry
point ``run`` changes it.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path

import click

from . import __version__

SEVERITIES = ("error", "warning", "info")
FORMATS = ("text", "json", "sarif", "github", "junit", "concise")  # see reporters/
LANGUAGES = ("fi", "sv", "en")
# Paths click does not check (its Path type would refuse an unreadable file
# as a usage error and stop the run): what cannot be read is an input error
# of that file (TARK-LUKU), reported with the others; what cannot be written
# is refused by output.check_target before the run.
ANY_PATH = click.Path(readable=False)


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        from .values import to_date, InvalidDate
        try:
            parsed = to_date(value)
            if not isinstance(parsed, InvalidDate):
                return parsed
        except ValueError:
            pass
        raise click.BadParameter("anna päivämäärä muodossa 2025-01-01 tai 1.1.2025") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tarkastus")
def main() -> None:
    """tarkastus: kuntien yhteistoimintasopimusten lainmukaisuuden tarkastin (TE24)."""


def _codes(ctx, param, value):
    """--select / --ignore: ids or prefixes, repeated or comma-separated (as in ruff: KL54-,KL8-).

    An empty one would silently match nothing; one that names no rule is
    refused once the rules are loaded (``_unknown_codes``).
    """
    codes = tuple(code.strip().upper() for item in value for code in (item.split(",") if item.strip() else [item]))
    if any(not code for code in codes):
        raise click.BadParameter("tyhjä tunnus ei vastaa yhtään sääntöä; anna tunnus tai etuliite, esimerkiksi KL54-.")
    return codes


def _run_options(command):
    """The options of the commands that check documents (check, audit): same names, same meaning."""
    options = [
        click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
                     help="Vakavuus, josta alkaen poistumiskoodi on 1 (oletus: asetuksista, muuten error)."),
        click.option("--as-of", callback=_date, metavar="PÄIVÄ",
                     help="Minkä päivän lakia sovelletaan (oletus: asetuksista, muuten tänään)."),
        click.option("--select", multiple=True, metavar="TUNNUS", callback=_codes,
                     help="Vain nämä säännöt (tunnus tai etuliite, esim. KL54-)."),
        click.option("--ignore", multiple=True, metavar="TUNNUS", callback=_codes,
                     help="Ohita nämä säännöt (tunnus tai etuliite)."),
        click.option("--kieli", "language", type=click.Choice(LANGUAGES), default=None,
                     help="Raportin ja sääntöjen viestien kieli: fi, sv tai en (oletus: asetuksista, muuten fi)."),
        click.option("--config", "config_file", type=click.Path(exists=True, readable=False),
                     metavar="TIEDOSTO",
                     help="Käytä tätä asetustiedostoa (tarkastus.toml tai pyproject.toml) kaikille tiedostoille."),
        click.option("--isolated", is_flag=True, help="Älä lue asetustiedostoja."),
        click.option("--no-cache", is_flag=True,
                     help="Älä käytä välimuistia (käännetyt säännöt ja muuttumattomien tiedostojen tulokset)."),
        click.option("-j", "--jobs", type=click.IntRange(0), default=0, metavar="N",
                     help="Rinnakkaisten prosessien määrä suurissa ajoissa (oletus 0: yksi ydintä kohden)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@click.argument("paths", nargs=-1, required=True, type=ANY_PATH)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Raportin muoto: text, json, sarif, github, junit tai concise.")
@click.option("-o", "--output", type=ANY_PATH, metavar="TIEDOSTO",
              help="Kirjoita raportti tiedostoon (oletus: vakiotuloste).")
@click.option("--statistics", is_flag=True, help="Vain havaintojen määrät säännöittäin.")
@click.option("--show-suppressed", is_flag=True, help="Näytä myös poikkeuksina ohitetut havainnot perusteluineen.")
@click.option("--agreements-only", is_flag=True,
              help="Tarkasta nimetyistäkin tiedostoista vain sopimukset (tyyppi-avain); muut ohitetaan "
                   "(pre-commit-koukku).")
@click.option("--show-settings", is_flag=True, help="Näytä ensimmäiseen polkuun sovellettavat asetukset ja lopeta.")
@click.option("--color/--no-color", "colour", default=None, help="Värit (oletus: vain päätteellä).")
@_run_options
def check(paths, output_format, output, statistics, fail_on, as_of, select, ignore, language, show_suppressed,
          config_file, isolated, agreements_only, show_settings, no_cache, colour, jobs) -> None:
    """Tarkasta sopimukset (tiedostot ja hakemistot)."""
    import io

    from .output import OutputError, check_target, safe_text, write_report
    from .reporters import render

    if show_settings:
        _show_settings(paths[0], config_file, isolated)
        return
    if output:
        try:
            check_target(output)  # a FIFO or a directory is refused before anything is checked
        except OutputError as exc:
            click.echo(f"Virhe: {exc}", err=True)
            sys.exit(2)
    run = _run(paths, config_file, isolated, agreements_only, no_cache,
               as_of=as_of, select=select, ignore=ignore, jobs=jobs, language=language)
    report, last_book = run.report, run.book
    if colour is None and not output:
        from .reporters.text import use_colour

        colour = use_colour(sys.stdout, None)
    stream = io.StringIO()
    if statistics:
        render("statistics", report, stream, book=last_book)
    else:
        render(output_format, report, stream, colour=False if output else colour,
               show_suppressed=show_suppressed, book=last_book)
    text = safe_text(stream.getvalue())
    if output:
        try:
            for note in write_report(output, text):
                click.echo(note, err=True)
        except OutputError as exc:
            click.echo(f"Virhe: {exc}", err=True)
            sys.exit(2)
    else:
        sys.stdout.write(text)
    sys.exit(report.exit_code(run.fail_level(fail_on)))


class _Run:
    """A check of paths in groups of files with the same settings, merged into one report."""

    def __init__(self, report, book, groups) -> None:
        self.report, self.book = report, book
        self.groups = groups  # [(settings, options, book, files)]

    def fail_level(self, fail_on):
        from .diagnostics import Severity

        levels = [fail_on or settings.fail_on for settings, *_ in self.groups]
        return min(Severity.parse(level) for level in levels) if levels else Severity.ERROR


def _show_settings(path, config_file, isolated) -> None:
    import json

    from .config import ConfigError, Resolver
    from .output import shown_path

    try:
        settings = Resolver(Path(config_file) if config_file else None, isolated).for_path(path)
    except ConfigError as exc:
        raise click.UsageError(f"asetukset: {exc}") from None
    click.echo(json.dumps({"tiedosto": shown_path(path), **settings.describe()}, ensure_ascii=False, indent=2))


def _run(paths, config_file, isolated, agreements_only, no_cache, *, as_of, select, ignore, jobs, language,
         facts=None, progress=None) -> _Run:
    """Collect ``paths``, group the files by their settings and check each group.

    ``facts(book)`` names the document keys to keep (``Options.facts``);
    ``progress`` is a callable ``(total)`` returning the per-file callback.
    """
    from .config import ConfigError, Resolver, Settings
    from .engine import collect, merge_reports, options_for, check as run_check, configuration
    from .rulebook import cache_dir, load_rulebook

    # A broken configuration file is one TARK-ASETUS diagnostic; the files it
    # governs are not checked (under other settings their findings would be
    # wrong), every other file is.
    broken: dict[str, list] = {}  # configuration file -> [error, files left unchecked]

    def unchecked(exc: ConfigError, n: int = 1) -> None:
        broken.setdefault(str(exc.path), [exc, 0])[1] += n

    try:
        resolver = Resolver(Path(config_file) if config_file else None, isolated)
    except ConfigError as exc:  # --config names a broken file: it governs every file
        resolver = _Broken(exc)
        unchecked(exc, 0)
    files, problems = collect(paths, named_must_be_agreements=agreements_only)
    by_settings: dict[int, tuple] = {}
    for path, shown in files:
        try:
            settings = resolver.for_path(path)
        except ConfigError as exc:
            unchecked(exc)
            continue
        by_settings.setdefault(id(settings), (settings, []))[1].append((path, shown))
    problems = list(problems) + [exc.diagnostic(n) for exc, n in broken.values()]
    files = [item for _, group in by_settings.values() for item in group]
    try:
        default = resolver.for_path(".") if not by_settings else None
    except ConfigError:
        default = Settings()
    cli = {"as_of": as_of, "select": tuple(x.upper() for x in select), "ignore": tuple(x.upper() for x in ignore),
           "jobs": jobs, "language": language}
    advance = progress(len(files)) if progress is not None else None
    reports, groups = [], []
    directory = None if no_cache else cache_dir()
    book = None
    for settings, group in by_settings.values() or [(default, [])]:
        book = load_rulebook(list(settings.rule_dirs), use_cache=not no_cache, examples=False)
        unknown = _unknown_code(book, cli["select"] + cli["ignore"])
        if unknown:
            raise click.UsageError(unknown)
        unknown = _unknown_code(book, (() if cli["select"] else settings.select)
                                + (() if cli["ignore"] else settings.ignore))
        if unknown and settings.source is not None:  # the configuration's own list: its files are not checked
            problems.append(ConfigError(settings.source, unknown).diagnostic(len(group)))
            continue
        options = options_for(settings, **cli)
        if facts is not None:
            options.facts = facts(book)
        results = None
        if directory is not None:
            from .results import ResultCache

            results = ResultCache(directory, configuration(book, options, options.as_of))
        if group:
            report = run_check([], book, options, cache=results, files=group, progress=advance)
            report.diagnostics = [d for d in report.diagnostics if not _ignored(d, settings)]
            reports.append(report)
        groups.append((settings, options, book, group))
    return _Run(merge_reports(reports, problems, language or "fi"), book, groups)


def _unknown_code(book, codes) -> str | None:
    """Why one of ``codes`` (--select/--ignore, or the configuration's) names no rule, with the closest id.

    Otherwise a typo ("KL45-") or a list written as one word would check
    nothing and pass. Input codes (TARK-…) are not rules and always allowed.
    """
    import difflib

    from .engine import matches_code

    names = [(rule.id, *rule.aliases) for rule in book.rules]
    for code in codes:
        if code.startswith("TARK") or any(matches_code(n, (code,)) for n in names):
            continue
        close = difflib.get_close_matches(code, sorted({n for group in names for n in group}), n=1, cutoff=0.6)
        return f"Tunnus '{code}' ei vastaa yhtään sääntöä." + (f" Tarkoititko {close[0]}?" if close
                                                               else " Katso tarkastus rules.")
    return None


class _Broken:
    """The resolver when ``--config`` names a broken file: every file gets its error."""

    def __init__(self, error) -> None:
        self.error = error

    def for_path(self, path):
        raise self.error


@main.command()
@click.argument("paths", nargs=-1, required=True, type=ANY_PATH)
@click.option("--html", "html_file", type=click.Path(readable=False, allow_dash=True), metavar="TIEDOSTO",
              help="Kirjoita raportti itsenäisenä HTML-sivuna (- = vakiotuloste).")
@click.option("--markdown", "markdown_file", type=click.Path(readable=False, allow_dash=True), metavar="TIEDOSTO",
              help="Kirjoita raportti Markdownina, esim. pull request -kommentiksi (- = vakiotuloste).")
@click.option("--exit-zero", is_flag=True, help="Poistumiskoodi 0, vaikka havaintoja on (syöttövirheissä yhä 2).")
@click.option("--progress/--no-progress", default=None,
              help="Edistymispalkki (oletus: päätteellä, kun tiedostoja on monta).")
@_run_options
def audit(paths, html_file, markdown_file, fail_on, exit_zero, as_of, select, ignore, language, config_file,
          isolated, no_cache, progress, jobs) -> None:
    """Ohjausauditoinnin raportti: alueet, tarkistuslistat ja havainnot yhdellä sivulla."""
    from .audit import AuditError, run_audit

    if not html_file and not markdown_file:
        raise click.UsageError("Anna raportin tiedosto: --html RAPORTTI.html ja/tai --markdown RAPORTTI.md.")
    if html_file == "-" and markdown_file == "-":
        raise click.UsageError("Vain toinen raporteista voi mennä vakiotulosteeseen (-).")
    from .output import OutputError, check_target

    try:
        for target in (html_file, markdown_file):
            if target:
                check_target(target)
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    bar = _ProgressBar(progress)
    try:
        run = _run(paths, config_file, isolated, False, no_cache, as_of=as_of, select=select, ignore=ignore,
                   jobs=jobs, language=language, facts=_audit_facts, progress=bar)
    finally:
        bar.close()
    try:
        written = run_audit(run, html_file, markdown_file)
    except AuditError as exc:
        raise click.UsageError(str(exc)) from None
    for note in written:
        click.echo(note, err=True)
    code = run.report.exit_code(run.fail_level(fail_on))
    sys.exit(code if code == 2 or not exit_zero else 0)


def _audit_facts(book):
    from .audit.model import facts_for

    return facts_for(book)


class _ProgressBar:
    """Per-file callbacks drawing a rich progress bar on stderr: on a terminal, for many files."""

    MIN_FILES = 50  # below this an audit is over before a bar would help

    def __init__(self, wanted) -> None:
        self.wanted = wanted  # True, False, or None: on a terminal
        self.bar = None

    def __call__(self, total):
        if self.wanted is False or (self.wanted is None and (total < self.MIN_FILES or not sys.stderr.isatty())):
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("Tarkastetaan"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True, force_terminal=self.wanted or None), transient=True)
        task = self.bar.add_task("", total=total)
        self.bar.start()
        done = [0]

        def advance(n):
            done[0] += n
            self.bar.update(task, completed=done[0])
        return advance

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--tyyppi", "doc_type", type=click.Choice(["kl54", "yhteistoimintasopimus", "järjestämissuunnitelma"]),
              required=True, help="Asiakirjan tyyppi.")
@click.option("--alue", metavar="NIMI", help="Työllisyysalueen nimi.")
@click.option("--vastuukunta", metavar="KUNTA", help="Vastuukunta (järjestäjä).")
@click.option("--kunta", "members", multiple=True, metavar="KUNTA", help="Jäsenkunta; toistettavissa.")
def init(path, doc_type, alue, vastuukunta, members) -> None:
    """Kirjoita uuden sopimuksen runko (ei koskaan korvaa olemassa olevaa tiedostoa)."""
    from .output import safe_text, shown_path
    from .skeleton import render as render_skeleton

    target = Path(path)
    shown = shown_path(path)
    if target.suffix.lower() not in (".md", ".markdown"):
        raise click.UsageError("Rungon tiedostonimen pitää päättyä .md.")
    try:
        # "x": never overwrite anything, not even a FIFO or a dangling link (and never open one).
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(safe_text(render_skeleton(doc_type, alue, vastuukunta, list(members))))
    except FileExistsError:
        raise click.UsageError(f"{shown} on jo olemassa; tarkastus ei korvaa tiedostoja.") from None
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"{shown}: {getattr(exc, 'strerror', None) or exc}") from None
    click.echo(f"Kirjoitettiin {shown}. Korvaa kohdat [täydennä] sopimuksen teksteillä ja tarkasta: "
               f"tarkastus check {shown}")


@main.command()
@click.option("-o", "--output", type=ANY_PATH, metavar="TIEDOSTO",
              help="Kirjoita skeema tiedostoon (oletus: vakiotuloste; muu kuin tarkastuksen tiedosto "
                   "tallennetaan ensin nimellä TIEDOSTO.bak).")
def schema(output) -> None:
    """Tulosta asiakirjamuodon JSON Schema (editorien YAML-tuki)."""
    import json

    from .documents.model import json_schema
    from .output import OutputError, write_report

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    try:
        for note in write_report(output or "-", text):  # the same protection as check -o
            click.echo(note, err=True)
    except OutputError as exc:
        click.echo(f"Virhe: {exc}", err=True)
        sys.exit(2)


def _ignored(diagnostic, settings) -> bool:
    """Whether per-file-ignores drop this finding (never input errors)."""
    if diagnostic.is_input_error:
        return False
    from .engine import matches_code

    return matches_code((diagnostic.code,), settings.ignored_for(diagnostic.path))


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(output_format) -> None:
    """Luettele säännöt: tunnus, vakavuus, otsikko ja lainkohta."""
    from .explain import rules_table
    from .rulebook import load_rulebook

    book = load_rulebook()
    rules_table(book, output_format, sys.stdout)
    sys.exit(2 if book.errors else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=ANY_PATH)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "yaml"]), default="text",
              show_default=True, help="yaml: tiedot sopimuksen tietotiedoston muodossa (sopimus.yaml "
                                      "sopimus.docx:n viereen), lähteet kommentteina.")
@click.option("--as-of", callback=_date, metavar="PÄIVÄ", help="Minkä päivän lakia sovelletaan (oletus: tänään).")
@click.option("--kieli", "language", type=click.Choice(LANGUAGES), default="fi", show_default=True,
              help="Otsikoiden kieli: fi, sv tai en.")
@click.option("--isolated", is_flag=True, help="Älä lue asetustiedostoja (omat sääntöhakemistot, rule-dirs).")
def facts(paths, output_format, as_of, language, isolated) -> None:
    """Näytä, mitä sopimuksista luettiin: tiedot lähteineen, määräykset ja ristiriidat."""
    import datetime as _dt

    from .config import ConfigError, Resolver
    from .engine import collect
    from .factsview import document_facts, render_json, render_text, render_yaml
    from .rulebook import load_rulebook

    files, problems = collect(paths)
    try:
        resolver = Resolver(None, isolated)
    except ConfigError as exc:
        problems.append(exc.diagnostic(0))
        resolver = Resolver(None, True)
    books: dict[tuple, object] = {}  # one rule pack per set of rule directories (a user's words count)
    documents = []
    for path, shown in files:
        try:
            settings = resolver.for_path(path)
        except ConfigError as exc:
            problems.append(exc.diagnostic(1))
            continue
        dirs = tuple(settings.rule_dirs)
        if dirs not in books:
            books[dirs] = load_rulebook(list(dirs), examples=False)
        day = as_of or settings.as_of or _dt.date.today()
        documents.append(document_facts(path, shown, books[dirs], day))
    book = next(iter(books.values()), None) or load_rulebook(examples=False)
    if output_format == "json":
        render_json(documents, sys.stdout)
    elif output_format == "yaml":
        render_yaml(documents, sys.stdout, language)
    else:
        render_text(documents, sys.stdout, language)
    for problem in problems + list(book.errors):
        click.echo(f"{problem.path}:{problem.position.line}:{problem.position.column}: {problem.code} "
                   f"{problem.message}", err=True)
    failed = [p for p in problems if p.severity.label == "error"] or book.errors or any(d["errors"] for d in documents)
    sys.exit(2 if failed else 0)


@main.command()
@click.argument("rule_id")
def explain(rule_id) -> None:
    """Näytä säännön lainkohta, perustelu ja esimerkit."""
    from .explain import explain_rule
    from .rulebook import load_rulebook

    book = load_rulebook()
    rule = book.rule(rule_id)
    if rule is None:
        import difflib
        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in book.rules], n=1)
        hint = f" Tarkoititko {close[0]}?" if close else ""
        raise click.UsageError(f"Tuntematon sääntö {rule_id}.{hint}")
    explain_rule(rule, sys.stdout, book)


def run() -> None:
    """The console entry point: ``main`` without the interpreter's tear-down.

    A short-lived process does not need Python to free every object and
    module on exit (a few hundredths of a second on a small machine, which a
    pre-commit hook pays on every commit). Output is flushed first; the exit
    code is click's. For the same reason the cycle collector is off: a short
    run allocates many small objects and frees them at exit, so it would only
    spend time finding nothing. (Here, not in the commands: a library caller,
    click's test runner included, keeps its interpreter as it was.)
    """
    import gc

    gc.disable()
    for stream in (sys.stdout, sys.stderr):
        try:  # a terminal that cannot show a character gets \xNN, not a traceback
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    try:
        main()
        code = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `tarkastus check . | head`
        pass
    except OSError:
        code = code or 2
    os._exit(code)
