"""The command line: click parses options, the engine checks, a reporter renders.

Exit codes follow ruff: 0 when nothing is at or above the failing severity,
1 when something is, 2 for usage errors and input errors (unreadable or
malformed files, broken rule files, a broken configuration file). Heavy
modules are imported inside the commands so that ``tarkastus check`` of one
file starts fast. The commands leave the interpreter as they found it (they
are called as a library too, by click's test runner); only the console entry
point ``run`` changes it. (Importing this module hands the gettext calls of
click's modules to ``_click_gettext``, which says click's words in the
command line's language while a command of tarkastus runs and passes them on
to gettext otherwise: see "the command line's own words" below.)
"""

from __future__ import annotations

import datetime as _dt
import gettext as _gettext
import os
import sys
from pathlib import Path

import click

from . import __version__

from .vocabulary import DOCUMENT_TYPES, FORMATS, LANGUAGES, RUN_LANGUAGES, SEVERITIES

LANGUAGE_ENV = "TARKASTUS_KIELI"  # the default of --kieli; the configuration's kieli comes after it
# Paths click does not check (its Path type would refuse an unreadable file
# as a usage error and stop the run): what cannot be read is an input error
# of that file (TARK-LUKU), reported with the others; what cannot be written
# is refused by output.check_target before the run.
ANY_PATH = click.Path(readable=False)


# ---- the command line's own words in the chosen language -------------------------------------------
#
# Click words its usage, help and errors through gettext ("Usage:", "Error:
# Missing argument 'PATHS...'"). While a command of tarkastus runs (and only
# then: click in the same process otherwise speaks as it always does), the
# `_` and `ngettext` that click's modules call say those words in the
# language of the command line, from the catalogue (messages.CLICK). Our own
# help texts and metavars are catalogue keys, said when help is shown.
# The language: --kieli on the command line (looked for before click parses
# it, since --help is answered first), else TARKASTUS_KIELI, else the
# configuration of the current directory, else Finnish; auto is Finnish.

class _Chrome:
    active = False
    args: list = []
    language: str | None = None


def _chrome_language() -> str:
    if _Chrome.language is None:
        _Chrome.language = _language_of(_Chrome.args)
    return _Chrome.language


def _language_of(args) -> str:
    from .messages import known

    config, isolated = None, False
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if i + 1 < len(args) else None
        if arg.startswith("--kieli="):
            return known(arg.partition("=")[2])
        if arg == "--kieli" and value is not None:
            return known(value)
        if arg == "--config" and value is not None:
            config = value
        elif arg.startswith("--config="):
            config = arg.partition("=")[2]
        isolated = isolated or arg == "--isolated"
    if os.environ.get(LANGUAGE_ENV):
        return known(os.environ[LANGUAGE_ENV])
    try:
        from .config import Resolver

        return known(Resolver(Path(config) if config else None, isolated).for_path(".").language)
    except Exception:  # noqa: BLE001 (a broken configuration is reported by the command, not here)
        return "fi"


def _said(text: str) -> str:
    """``text`` said in the command line's language if it is a catalogue key (help texts, metavars)."""
    from .messages import CATALOGUE, text as say_text

    return say_text(text, _chrome_language()) if isinstance(text, str) and text in CATALOGUE else text


def _click_gettext(message: str) -> str:
    if not _Chrome.active:
        return _gettext.gettext(message)
    from .messages import click_text

    return click_text(message, _chrome_language())


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    if not _Chrome.active:
        return _gettext.ngettext(singular, plural, n)
    from .messages import click_plural

    return click_plural(singular, plural, n, _chrome_language())


for _name, _module in list(sys.modules.items()):  # the modules `import click` loaded
    if _name.startswith("click.") and getattr(_module, "_", None) is _gettext.gettext:
        _module._ = _click_gettext
    if _name.startswith("click.") and getattr(_module, "ngettext", None) is _gettext.ngettext:
        _module.ngettext = _click_ngettext


class _Said:
    """A click attribute held as written (a catalogue key) and read in the command line's language."""

    def __set_name__(self, owner, name) -> None:
        self.slot = f"_said_{name}"

    def __get__(self, obj, owner=None):
        return self if obj is None else _said(obj.__dict__.get(self.slot))

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.slot] = value


class _Option(click.Option):
    help = _Said()
    metavar = _Said()


class _Argument(click.Argument):
    def make_metavar(self, ctx) -> str:
        shown = super().make_metavar(ctx)
        key = f"metavar.{self.name}"
        return shown.replace(self.name.upper(), _said(key)) if self.name else shown


class _Words:
    """What commands and the group share: help texts and metavars said when shown."""

    help = _Said()
    short_help = _Said()
    options_metavar = _Said()

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "metavar.options")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx):
        """Click's --help, made here so that its help text is said only when shown (click words it when made)."""
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._help_option is None:
            def show_help(ctx, param, value) -> None:
                if value and not ctx.resilient_parsing:
                    click.echo(ctx.get_help(), color=ctx.color)
                    ctx.exit()

            self._help_option = _Option(names, is_flag=True, expose_value=False, is_eager=True, callback=show_help,
                                        help="help.help")
        return self._help_option


class _Command(_Words, click.Command):
    pass


class _Group(_Words, click.Group):
    subcommand_metavar = _Said()
    command_class = _Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("subcommand_metavar", "metavar.command")
        super().__init__(*args, **kwargs)

    def main(self, args=None, *rest, **kwargs):
        """Click's ``main``, with click's own words in the command line's language while it runs."""
        saved = (_Chrome.active, _Chrome.args, _Chrome.language)
        _Chrome.active, _Chrome.language = True, None
        _Chrome.args = list(sys.argv[1:] if args is None else args)
        try:
            return super().main(args, *rest, **kwargs)
        finally:
            _Chrome.active, _Chrome.args, _Chrome.language = saved


def _option(*decls, **kwargs):
    return click.option(*decls, cls=_Option, **kwargs)


def _argument(*decls, **kwargs):
    return click.argument(*decls, cls=_Argument, **kwargs)


def _language_option(choices=LANGUAGES, help_key: str = "help.kieli_words"):
    return _option("--kieli", "language", type=click.Choice(choices), default=None, envvar=LANGUAGE_ENV,
                   show_envvar=False, help=help_key)


class _FoldedChoice(click.Choice):
    """A choice whose values match without diacritics or case ("jarjestamissuunnitelma"), as values do in documents."""

    def convert(self, value, param, ctx):
        from .text import norm

        if isinstance(value, str):
            for choice in self.choices:
                if norm(value) == norm(choice):
                    return choice
        return super().convert(value, param, ctx)


def _text(key: str, **values) -> str:
    """A catalogue message in the command line's language."""
    from .messages import text

    return text(key, _chrome_language(), **values)


def _date(ctx, param, value):
    if value is None:
        return None
    from .values import parse_day

    day = parse_day(value)
    if day is None:
        raise click.BadParameter(_text("cli.date"))
    return day


def _version(ctx, param, value) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_text("cli.version", version=__version__))
        ctx.exit()


@click.group(cls=_Group, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
@_option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_version, help="help.version")
def main() -> None:
    """The command group; its help is the catalogue's help.main."""


def _codes(ctx, param, value):
    """--select / --ignore: ids or prefixes, repeated or comma-separated (as in ruff: KL54-,KL8-).

    An empty one would silently match nothing; one that names no rule is
    refused once the rules are loaded (``_unknown_codes``).
    """
    codes = tuple(code.strip().upper() for item in value for code in (item.split(",") if item.strip() else [item]))
    if any(not code for code in codes):
        raise click.BadParameter(_text("cli.empty_code"))
    return codes


def _run_options(command):
    """The options of the commands that check documents (check, audit): same names, same meaning."""
    options = [
        _option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="help.fail_on"),
        _option("--as-of", callback=_date, metavar="metavar.day", help="help.as_of"),
        _option("--select", multiple=True, metavar="metavar.code", callback=_codes, help="help.select"),
        _option("--ignore", multiple=True, metavar="metavar.code", callback=_codes, help="help.ignore"),
        _language_option(RUN_LANGUAGES, "help.kieli"),
        _option("--config", "config_file", type=click.Path(exists=True, readable=False), metavar="metavar.file",
                help="help.config"),
        _option("--isolated", is_flag=True, help="help.isolated"),
        _option("--no-cache", is_flag=True, help="help.no_cache"),
        _option("-j", "--jobs", type=click.IntRange(0), default=0, metavar="N", help="help.jobs"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command(help="help.check")
@_argument("paths", nargs=-1, type=ANY_PATH)
@_option("--format", "--output-format", "output_format", type=click.Choice(FORMATS), default="text",
         show_default=True, help="help.format")
@_option("-o", "--output", type=ANY_PATH, metavar="metavar.file", help="help.output")
@_option("--statistics", is_flag=True, help="help.statistics")
@_option("--show-suppressed", is_flag=True, help="help.show_suppressed")
@_option("--agreements-only", is_flag=True, help="help.agreements_only")
@_option("--show-settings", is_flag=True, help="help.show_settings")
@_option("--color/--no-color", "colour", default=None, help="help.color")
@_option("--exit-zero", is_flag=True, help="help.exit_zero")
@_option("-q", "--quiet", is_flag=True, help="help.quiet")
@_option("--context", multiple=True, type=click.Path(file_okay=False), metavar="metavar.directory",
         help="help.context")
@_option("--explain-rule", metavar="metavar.rule_id", help="help.explain_rule")
@_option("--fix", is_flag=True, help="help.fix")
@_option("--diff", is_flag=True, help="help.diff")
@_option("--unsafe-fixes", is_flag=True, help="help.unsafe_fixes")
@_option("--show-fixes", is_flag=True, help="help.show_fixes")
@_option("--watch", is_flag=True, help="help.watch")
@_run_options
def check(paths, output_format, output, statistics, fail_on, as_of, select, ignore, language, show_suppressed,
          config_file, isolated, agreements_only, show_settings, no_cache, colour, jobs, exit_zero, quiet,
          context, explain_rule, fix, diff, unsafe_fixes, watch, show_fixes) -> None:
    import io

    from .output import OutputError, check_target, safe_text, write_report
    from .reporters import render

    paths = paths or (".",)  # as ruff: no path is the current directory

    if show_settings:
        _show_settings(paths[0], config_file, isolated)
        return
    if diff and output:
        raise click.UsageError(_text("cli.fix_with", option="--output"))
    if (fix or diff) and explain_rule is not None:
        raise click.UsageError(_text("cli.fix_with", option="--explain-rule"))
    if output:
        try:
            check_target(output)  # a FIFO or a directory is refused before anything is checked
        except OutputError as exc:
            _fail(exc)
    # Fixes are made (and each checked by checking the fixed text again) only when they are wanted.
    options = dict(as_of=as_of, select=select, ignore=ignore, jobs=jobs, language=language, context=context,
                   fixes=fix or diff or unsafe_fixes or show_fixes)

    def once() -> int:
        """One check of ``paths`` (fixing first with --fix, or only the diff with --diff): its exit code."""
        nonlocal colour
        stream = io.StringIO()
        if explain_rule is not None:
            run = _explain_rule(explain_rule, paths, output_format, stream, config_file, isolated, agreements_only,
                                no_cache, as_of=as_of, jobs=jobs, language=language)
        else:
            run = _run(paths, config_file, isolated, agreements_only, no_cache, **options)
            if fix or diff:
                run, changed = _fixed(run, diff, unsafe_fixes, quiet,
                                      lambda: _run(paths, config_file, isolated, agreements_only, no_cache, **options))
                if diff:
                    if not quiet:
                        sys.stdout.write(safe_text(changed))
                    return 2 if run.report.input_errors else (1 if changed else 0)
            if colour is None and not output:
                from .reporters.text import use_colour

                colour = use_colour(sys.stdout, None)
            if statistics:
                render("statistics", run.report, stream, book=run.book)
            else:
                render(output_format, run.report, stream, colour=False if output else colour,
                       show_suppressed=show_suppressed, book=run.book, width=None if output else _terminal_width())
        text = safe_text(stream.getvalue())
        if output:
            try:
                for note in write_report(output, text):
                    if not quiet:
                        click.echo(note.render(_chrome_language()), err=True)
            except OutputError as exc:
                _fail(exc)
        elif not quiet:
            sys.stdout.write(text)
        return _exit_code(run.exit_code(fail_on), exit_zero)

    if watch:
        sys.exit(_watching(paths, once, [output] if output else []))
    sys.exit(once())


def _fixed(run, diff_only, unsafe, quiet, again):
    """check --fix / --diff: ``(run, diff)``. With --diff the run as it was and the diff of the fixes;
    with --fix the fixes written (the originals kept as NAME.bak) and the run checked ``again``."""
    from .fixes import fix_run, counted, wanted, write_fixes
    from .output import OutputError

    lang = _chrome_language()
    outcome = fix_run(run, unsafe)
    notes = []
    if outcome.documents:
        notes.append(_text("fix.not_text"))
    if diff_only:
        for change in outcome.changes:
            notes.append(_text("fix.would_apply", path=change.shown, fixes=counted(change.count)))
        result = run, outcome.diff()
    else:
        try:
            notes += [note.render(lang) for note in write_fixes(outcome)]
        except OutputError as exc:
            _fail(exc)
        if outcome.changes:
            run = again()  # the report shows what is left
        result = run, ""
    if not unsafe:
        hidden = sum(1 for d in result[0].report.diagnostics if wanted(d, True) and not wanted(d, False))
        if hidden:
            notes.append(_text("fix.unsafe_hidden", fixes=counted(hidden)))
    if not quiet:
        for note in notes:
            click.echo(note, err=True)
    return result


def _watching(paths, once, ignore) -> int:
    """check --watch: ``once()`` now and after every change below ``paths``, the screen cleared first on a
    terminal (as ruff); Ctrl-C ends it with exit code 0."""
    import datetime

    from .watch import CLEAR, WatchUnavailable, watch

    def again(changed) -> None:
        if sys.stdout.isatty():
            sys.stdout.write(CLEAR)
        now = datetime.datetime.now().strftime("%H:%M:%S")
        from .output import shown_path

        shown = [shown_path(os.path.relpath(p)) for p in changed]
        click.echo(_text("watch.changed", time=now, paths=tuple(shown)) if changed
                   else _text("watch.start", time=now), err=True)
        try:
            once()
        except SystemExit:  # an unwritable report ends one check, not the watch
            pass
        sys.stdout.flush()

    try:
        watch(list(paths), again, ignore)
    except WatchUnavailable as exc:
        raise click.UsageError(exc.text.render(_chrome_language())) from None
    except KeyboardInterrupt:
        pass
    return 0


def _explain_rule(rule_id, paths, output_format, stream, config_file, isolated, agreements_only, no_cache,
                  **options):
    """check --explain-rule: the check of ``paths`` with that rule only, and its trace on each file."""
    from .ruletrace import render_json, render_text, trace_run
    from .workspace import Workspace

    if output_format not in ("text", "json"):
        raise click.UsageError(_text("cli.explain_rule_format"))
    workspace = Workspace(config_file, isolated, use_cache=not no_cache)
    try:
        dirs = workspace.settings_for(paths[0]).rule_dirs
    except Exception:  # noqa: BLE001 (a broken configuration is reported by the check)
        dirs = ()
    rule = _known_rule(workspace.book(dirs), rule_id)
    run = workspace.check(paths, agreements_only=agreements_only, said_in=_chrome_language(), select=(rule.id,),
                          facts=lambda book: ("tyyppi",), **options)  # facts: the views a rule over the set reads
    (render_json if output_format == "json" else render_text)(trace_run(run, rule), stream)
    return run


def _known_rule(book, rule_id):
    """The rule ``rule_id`` names (an id or alias, in any case), or a usage error with the closest id."""
    rule = book.rule(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), [r.id for r in book.rules], n=1)
        hint = _text("hint.did_you_mean", name=close[0]) if close else ""
        raise click.UsageError(_text("cli.unknown_rule", rule=rule_id, hint=hint))
    return rule


def _terminal_width() -> int | None:
    """The terminal's width when standard output is one (the text report wraps to it), else None."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return max(40, shutil.get_terminal_size().columns)


def _exit_code(code: int, exit_zero: bool) -> int:
    """--exit-zero: 0 even with findings; an input or usage error is still 2."""
    return code if code == 2 or not exit_zero else 0


def _fail(exc) -> None:
    """An error that stops the command before or after the check (exit 2): an unwritable report."""
    message = exc.text.render(_chrome_language()) if getattr(exc, "text", None) is not None else str(exc)
    click.echo(_text("report.error", message=message), err=True)
    sys.exit(2)


def _show_settings(path, config_file, isolated) -> None:
    import json

    from .config import ConfigError
    from .output import shown_path
    from .workspace import Workspace

    try:
        settings = Workspace(config_file, isolated).settings_for(path)
    except ConfigError as exc:
        raise click.UsageError(_text("cli.settings", error=exc.said_in(_chrome_language()))) from None
    click.echo(json.dumps({"tiedosto": shown_path(path), **settings.describe(_chrome_language())},
                          ensure_ascii=False, indent=2))


def _run(paths, config_file, isolated, agreements_only, no_cache, **options):
    """The check of ``paths`` (``workspace.Workspace.check``); an unknown --select/--ignore code is a usage error."""
    from .workspace import UnknownCode, Workspace

    try:
        return Workspace(config_file, isolated, use_cache=not no_cache).check(
            paths, agreements_only=agreements_only, said_in=_chrome_language(), **options)
    except UnknownCode as exc:
        raise click.UsageError(exc.text.render(_chrome_language())) from None


@main.command(help="help.audit")
@_argument("paths", nargs=-1, required=True, type=ANY_PATH)
@_option("--html", "html_file", type=click.Path(readable=False, allow_dash=True), metavar="metavar.file",
         help="help.html")
@_option("--markdown", "markdown_file", type=click.Path(readable=False, allow_dash=True), metavar="metavar.file",
         help="help.markdown")
@_option("--exit-zero", is_flag=True, help="help.exit_zero")
@_option("--progress/--no-progress", default=None, help="help.progress")
@_run_options
def audit(paths, html_file, markdown_file, fail_on, exit_zero, as_of, select, ignore, language, config_file,
          isolated, no_cache, progress, jobs) -> None:
    from .audit import AuditError, run_audit

    if not html_file and not markdown_file:
        raise click.UsageError(_text("cli.audit_target"))
    if html_file == "-" and markdown_file == "-":
        raise click.UsageError(_text("cli.audit_stdout"))
    from .output import OutputError, check_target

    try:
        for target in (html_file, markdown_file):
            if target:
                check_target(target)
    except OutputError as exc:
        raise click.UsageError(exc.text.render(_chrome_language())) from None
    bar = _ProgressBar(progress, _text("report.progress"))
    try:
        run = _run(paths, config_file, isolated, False, no_cache, as_of=as_of, select=select, ignore=ignore,
                   jobs=jobs, language=language, facts=_audit_facts, progress=bar)
    finally:
        bar.close()
    try:
        written = run_audit(run, html_file, markdown_file)
    except AuditError as exc:
        raise click.UsageError(exc.text.render(_chrome_language()) if exc.text is not None else str(exc)) from None
    for note in written:
        click.echo(note.render(_chrome_language()), err=True)
    sys.exit(_exit_code(run.exit_code(fail_on), exit_zero))


def _audit_facts(book):
    from .audit.model import facts_for

    return facts_for(book)


class _ProgressBar:
    """Per-file callbacks drawing a rich progress bar on stderr: on a terminal, for many files."""

    MIN_FILES = 50  # below this an audit is over before a bar would help

    def __init__(self, wanted, label: str) -> None:
        self.wanted = wanted  # True, False, or None: on a terminal
        self.label = label  # "Tarkastetaan", in the command line's language
        self.bar = None

    def __call__(self, total):
        if self.wanted is False or (self.wanted is None and (total < self.MIN_FILES or not sys.stderr.isatty())):
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
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


@main.command(help="help.init")
@_argument("path", type=click.Path(dir_okay=False))
@_option("--tyyppi", "doc_type", type=_FoldedChoice(DOCUMENT_TYPES),
         required=True, help="help.tyyppi")
@_option("--alue", metavar="metavar.name", help="help.alue")
@_option("--vastuukunta", metavar="metavar.municipality", help="help.vastuukunta")
@_option("--kunta", "members", multiple=True, metavar="metavar.municipality", help="help.kunta")
@_language_option(LANGUAGES, "help.kieli_init")
def init(path, doc_type, alue, vastuukunta, members, language) -> None:
    from .output import safe_text, shown_path
    from .skeleton import placeholder, render as render_skeleton

    lang = language or _chrome_language()
    target = Path(path)
    shown = shown_path(path)
    if target.suffix.lower() not in (".md", ".markdown"):
        raise click.UsageError(_text("cli.init_suffix"))
    try:
        # "x": never overwrite anything, not even a FIFO or a dangling link (and never open one).
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(safe_text(render_skeleton(doc_type, alue, vastuukunta, list(members), lang)))
    except FileExistsError:
        raise click.UsageError(_text("cli.init_exists", path=shown)) from None
    except (OSError, ValueError) as exc:
        raise click.UsageError(f"{shown}: {getattr(exc, 'strerror', None) or exc}") from None
    click.echo(_text("cli.init_written", path=shown, placeholder=placeholder(lang)))


@main.command(help="help.schema")
@_option("-o", "--output", type=ANY_PATH, metavar="metavar.file", help="help.schema_output")
def schema(output) -> None:
    import json

    from .documents.model import json_schema
    from .output import OutputError, write_report

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    try:
        for note in write_report(output or "-", text):  # the same protection as check -o
            click.echo(note.render(_chrome_language()), err=True)
    except OutputError as exc:
        _fail(exc)


@main.command(help="help.rules")
@_option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
         help="help.rules_format")
@_language_option()
def rules(output_format, language) -> None:
    from .explain import rules_table

    book = _configured_book()
    rules_table(book, output_format, sys.stdout, language or _chrome_language())
    sys.exit(2 if book.errors else 0)


@main.command(help="help.facts")
@_argument("paths", nargs=-1, required=True, type=ANY_PATH)
@_option("--format", "output_format", type=click.Choice(["text", "json", "yaml"]), default="text",
         show_default=True, help="help.facts_format")
@_option("--as-of", callback=_date, metavar="metavar.day", help="help.facts_as_of")
@_language_option(RUN_LANGUAGES, "help.kieli")
@_option("--isolated", is_flag=True, help="help.facts_isolated")
def facts(paths, output_format, as_of, language, isolated) -> None:
    from .factsview import render_json, render_text, render_yaml
    from .workspace import Workspace

    documents, problems, book = Workspace(None, isolated).facts(paths, as_of=as_of, language=language)
    if output_format == "json":
        render_json(documents, sys.stdout)
    elif output_format == "yaml":
        render_yaml(documents, sys.stdout)
    else:
        render_text(documents, sys.stdout)
    lang = _chrome_language()
    for problem in problems + list(book.errors):
        problem = problem.in_language(lang)
        click.echo(f"{problem.path}:{problem.position.line}:{problem.position.column}: {problem.code} "
                   f"{problem.message}", err=True)
    failed = [p for p in problems if p.severity.label == "error"] or book.errors or any(d["errors"] for d in documents)
    sys.exit(2 if failed else 0)


@main.command(help="help.explain")
@_argument("rule_id")
@_language_option()
def explain(rule_id, language) -> None:
    from .explain import explain_rule

    book = _configured_book()
    explain_rule(_known_rule(book, rule_id), sys.stdout, book, language or _chrome_language())


def _configured_book():
    """The shipped rules and the current directory's configured rule-dirs, examples included (rules,
    explain): a rule author's own rules are listed and explained too; a broken configuration, the shipped."""
    from .config import ConfigError
    from .workspace import Workspace

    workspace = Workspace()
    try:
        dirs = workspace.settings_for(".").rule_dirs
    except ConfigError:
        dirs = ()
    return workspace.book(dirs, examples=True)


@main.command("test", help="help.test")
@_argument("rule_dirs", nargs=-1, type=ANY_PATH)
@_option("-k", "select", multiple=True, metavar="metavar.code", callback=_codes, help="help.test_select")
@_option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
         help="help.test_format")
@_option("--as-of", callback=_date, metavar="metavar.day", help="help.test_as_of")
@_language_option()
@_option("--config", "config_file", type=click.Path(exists=True, readable=False), metavar="metavar.file",
         help="help.config")
@_option("--isolated", is_flag=True, help="help.isolated")
def rule_examples(rule_dirs, select, output_format, as_of, language, config_file, isolated) -> None:
    from .config import ConfigError
    from .engine import matches_code
    from .ruletest import load_pack, render_json, render_text, run_examples
    from .workspace import Workspace, unknown_code

    lang = language or _chrome_language()
    configured = ()
    if not rule_dirs:
        try:
            configured = Workspace(config_file, isolated).settings_for(".").rule_dirs
        except ConfigError as exc:
            raise click.UsageError(_text("cli.settings", error=exc.said_in(lang))) from None
    book, rules, files = load_pack(rule_dirs, configured)
    codes = tuple(code.upper() for code in select)
    unknown = unknown_code(book, codes)
    if unknown is not None:
        raise click.UsageError(unknown.render(lang))
    if codes:
        rules = [rule for rule in rules if matches_code((rule.id, *rule.aliases), codes)]
    summary = run_examples(book, rules, as_of, lang, files)
    (render_json if output_format == "json" else render_text)(summary, sys.stdout, lang)
    sys.exit(summary.exit_code)


@main.command(help="help.serve")
@_option("--host", default="127.0.0.1", show_default=True, metavar="metavar.host", help="help.host")
@_option("--port", type=click.IntRange(0, 65535), default=8754, show_default=True, metavar="N", help="help.port")
@_option("--open", "open_browser", is_flag=True, help="help.open")
@_option("--max-upload", type=click.FloatRange(min=0, min_open=True), default=20, show_default=True,
         metavar="metavar.megabytes", help="help.max_upload")
def serve(host, port, open_browser, max_upload) -> None:
    from .serve import serve as run_server

    sys.exit(run_server(host, port, open_browser, int(max_upload * 1024 * 1024), _chrome_language()))


@main.command(help="help.lsp")
@_language_option(RUN_LANGUAGES, "help.kieli")
def lsp(language) -> None:
    from .lsp import serve

    serve(language)


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
