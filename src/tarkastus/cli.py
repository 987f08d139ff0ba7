"""The command line: click parses options, the engine checks, a reporter renders.

Exit codes follow ruff: 0 when nothing is at or above the failing severity,
1 when something is, 2 for usage errors and input errors (unreadable or
malformed files, broken rule files). Heavy modules are imported inside the
commands so that ``tarkastus check`` of one file starts fast.
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


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Raportin muoto: text, json, sarif, github, junit tai concise.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="TIEDOSTO",
              help="Kirjoita raportti tiedostoon (oletus: vakiotuloste).")
@click.option("--statistics", is_flag=True, help="Vain havaintojen määrät säännöittäin.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Vakavuus, josta alkaen poistumiskoodi on 1 (oletus: asetuksista, muuten error).")
@click.option("--as-of", callback=_date, metavar="PÄIVÄ",
              help="Minkä päivän lakia sovelletaan (oletus: asetuksista, muuten tänään).")
@click.option("--select", multiple=True, metavar="TUNNUS", help="Vain nämä säännöt (tunnus tai etuliite, esim. KL54-).")
@click.option("--ignore", multiple=True, metavar="TUNNUS", help="Ohita nämä säännöt (tunnus tai etuliite).")
@click.option("--kieli", "language", type=click.Choice(LANGUAGES), default=None,
              help="Sääntöjen viestien kieli: fi, sv tai en (oletus: asetuksista, muuten fi).")
@click.option("--show-suppressed", is_flag=True, help="Näytä myös poikkeuksina ohitetut havainnot perusteluineen.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), metavar="TIEDOSTO",
              help="Käytä tätä asetustiedostoa (tarkastus.toml tai pyproject.toml) kaikille tiedostoille.")
@click.option("--isolated", is_flag=True, help="Älä lue asetustiedostoja.")
@click.option("--agreements-only", is_flag=True,
              help="Tarkasta nimetyistäkin tiedostoista vain sopimukset (tyyppi-avain); muut ohitetaan "
                   "(pre-commit-koukku).")
@click.option("--show-settings", is_flag=True, help="Näytä ensimmäiseen polkuun sovellettavat asetukset ja lopeta.")
@click.option("--no-cache", is_flag=True,
              help="Älä käytä välimuistia (käännetyt säännöt ja muuttumattomien tiedostojen tulokset).")
@click.option("--color/--no-color", "colour", default=None, help="Värit (oletus: vain päätteellä).")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, metavar="N",
              help="Rinnakkaisten prosessien määrä suurissa ajoissa (oletus 0: yksi ydintä kohden).")
def check(paths, output_format, output, statistics, fail_on, as_of, select, ignore, language, show_suppressed,
          config_file, isolated, agreements_only, show_settings, no_cache, colour, jobs) -> None:
    """Tarkasta sopimukset (tiedostot ja hakemistot)."""
    import gc

    # A short run allocates many small objects and frees them at exit:
    # the cycle collector would only spend time finding nothing.
    gc.disable()
    from .config import ConfigError, Resolver
    from .diagnostics import Severity
    from .engine import collect, merge_reports, options_for, check as run_check, configuration
    from .reporters import render
    from .rulebook import cache_dir, load_rulebook

    try:
        resolver = Resolver(Path(config_file) if config_file else None, isolated)
        if show_settings:
            import json

            settings = resolver.for_path(paths[0])
            click.echo(json.dumps({"tiedosto": paths[0], **settings.describe()}, ensure_ascii=False, indent=2))
            return
        files, problems = collect(paths, named_must_be_agreements=agreements_only)
        groups: dict[int, tuple] = {}
        for path, shown in files:
            settings = resolver.for_path(shown)
            groups.setdefault(id(settings), (settings, []))[1].append((path, shown))
    except ConfigError as exc:
        raise click.UsageError(f"asetukset: {exc}") from None
    cli = {"as_of": as_of, "select": tuple(x.upper() for x in select), "ignore": tuple(x.upper() for x in ignore),
           "jobs": jobs, "language": language}
    reports, fail_levels = [], []
    directory = None if no_cache else cache_dir()
    for settings, group in groups.values() or [(resolver.for_path("."), [])]:
        book = load_rulebook(list(settings.rule_dirs), use_cache=not no_cache, examples=False)
        options = options_for(settings, **cli)
        results = None
        if directory is not None:
            from .results import ResultCache

            results = ResultCache(directory, configuration(book, options, options.as_of))
        report = run_check([], book, options, cache=results, files=group) if group else None
        if report is not None:
            report.diagnostics = [d for d in report.diagnostics if not _ignored(d, settings)]
            reports.append(report)
        fail_levels.append(fail_on or settings.fail_on)
        last_book = book
    report = merge_reports(reports, problems, language or "fi")
    stream = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if statistics:
            render("statistics", report, stream, book=last_book)
        else:
            render(output_format, report, stream, colour=False if output else colour,
                   show_suppressed=show_suppressed, book=last_book)
    finally:
        if output:
            stream.close()
    level = min(Severity.parse(f) for f in fail_levels) if fail_levels else Severity.ERROR
    sys.exit(report.exit_code(level))


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--tyyppi", "doc_type", type=click.Choice(["kl54", "yhteistoimintasopimus", "järjestämissuunnitelma"]),
              required=True, help="Asiakirjan tyyppi.")
@click.option("--alue", metavar="NIMI", help="Työllisyysalueen nimi.")
@click.option("--vastuukunta", metavar="KUNTA", help="Vastuukunta (järjestäjä).")
@click.option("--kunta", "members", multiple=True, metavar="KUNTA", help="Jäsenkunta; toistettavissa.")
def init(path, doc_type, alue, vastuukunta, members) -> None:
    """Kirjoita uuden sopimuksen runko (ei koskaan korvaa olemassa olevaa tiedostoa)."""
    from .skeleton import render as render_skeleton

    target = Path(path)
    if target.suffix.lower() not in (".md", ".markdown"):
        raise click.UsageError("Rungon tiedostonimen pitää päättyä .md.")
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(render_skeleton(doc_type, alue, vastuukunta, list(members)))
    except FileExistsError:
        raise click.UsageError(f"{target} on jo olemassa; tarkastus ei korvaa tiedostoja.") from None
    except OSError as exc:
        raise click.UsageError(f"{target}: {exc.strerror or exc}") from None
    click.echo(f"Kirjoitettiin {target}. Korvaa kohdat [täydennä] sopimuksen teksteillä ja tarkasta: "
               f"tarkastus check {target}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="TIEDOSTO",
              help="Kirjoita skeema tiedostoon (oletus: vakiotuloste).")
def schema(output) -> None:
    """Tulosta asiakirjamuodon JSON Schema (editorien YAML-tuki)."""
    import json

    from .documents.model import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


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
    explain_rule(rule, sys.stdout)


def run() -> None:
    """The console entry point: ``main`` without the interpreter's tear-down.

    A short-lived process does not need Python to free every object and
    module on exit (a few hundredths of a second on a small machine, which a
    pre-commit hook pays on every commit). Output is flushed first; the exit
    code is click's.
    """
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
