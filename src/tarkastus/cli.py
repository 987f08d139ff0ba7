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

import click

from . import __version__

SEVERITIES = ("error", "warning", "info")


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
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Raportin muoto.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True,
              help="Vakavuus, josta alkaen poistumiskoodi on 1.")
@click.option("--as-of", callback=_date, metavar="PÄIVÄ",
              help="Minkä päivän lakia sovelletaan (oletus: tänään).")
@click.option("--select", multiple=True, metavar="TUNNUS", help="Vain nämä säännöt (tunnus tai etuliite, esim. KL54-).")
@click.option("--ignore", multiple=True, metavar="TUNNUS", help="Ohita nämä säännöt (tunnus tai etuliite).")
@click.option("--no-cache", is_flag=True,
              help="Älä käytä välimuistia (käännetyt säännöt ja muuttumattomien tiedostojen tulokset).")
@click.option("--color/--no-color", "colour", default=None, help="Värit (oletus: vain päätteellä).")
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, metavar="N",
              help="Rinnakkaisten prosessien määrä suurissa ajoissa (oletus 0: yksi ydintä kohden).")
def check(paths, output_format, fail_on, as_of, select, ignore, no_cache, colour, jobs) -> None:
    """Tarkasta sopimukset (tiedostot ja hakemistot)."""
    import gc

    # A short run allocates many small objects and frees them at exit:
    # the cycle collector would only spend time finding nothing.
    gc.disable()
    from .diagnostics import Severity
    from .engine import Options, check as run_check, configuration
    from .reporters import render
    from .rulebook import cache_dir, load_rulebook

    book = load_rulebook(use_cache=not no_cache)
    options = Options(as_of=as_of or _dt.date.today(), select=tuple(s.upper() for s in select),
                      ignore=tuple(s.upper() for s in ignore), jobs=jobs)
    results = None
    directory = None if no_cache else cache_dir()
    if directory is not None:
        from .results import ResultCache

        results = ResultCache(directory, configuration(book, options, options.as_of))
    report = run_check(paths, book, options, cache=results)
    render(output_format, report, sys.stdout, colour=colour)
    sys.exit(report.exit_code(Severity.parse(fail_on)))


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
