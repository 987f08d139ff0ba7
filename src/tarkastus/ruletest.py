"""A rule's pass/fail examples run as its tests: the harness of ``tarkastus test`` and of the test suite.

An example is one or more documents (fenced in the rule file) and what the
rule must find in them: nothing (``pass``), or the codes of ``expect``
lines, each at its line and column if it names one (``fail``). Running one
writes its documents to a directory and checks them with the engine, as
``check`` would, with only the rule and the codes it expects selected, on a
day the rule is in force (``law_date``). No subprocess, no result cache:
the whole shipped pack runs in about a second.

The example's documents must themselves be well-formed: an input error (a
misspelt key) would make a pass example pass for the wrong reason, so it
fails the example. What is wrong with an example is a list of catalogue
messages (``Outcome.problems``), said in any language; ``describe`` says
it with the findings, as the test suite's assertion and the command line
show it.
"""

from __future__ import annotations

import datetime as _dt
import json
import tempfile
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity
from .messages import Message, say, text
from .record import Factory, Record

__all__ = ["Outcome", "Summary", "describe", "example_problems", "law_date", "run_example", "run_examples"]


def law_date(rule, day: _dt.date | None = None) -> _dt.date:
    """A date on which ``rule`` is in force: ``day`` (default today) if it is, else the nearest end of its validity."""
    day = day or _dt.date.today()
    if rule.in_force(day):
        return day
    if rule.in_force_until and day > rule.in_force_until:
        return rule.in_force_until
    return rule.in_force_from


class Outcome(Record):
    """One example run: what was wrong with it (nothing when it holds) and what was found."""

    rule: object  # lang.ast.Rule
    example: object  # lang.ast.Example
    problems: list  # [Message]
    found: list  # [(document number, Diagnostic)]: every diagnostic at the example's documents
    documents: int = 1
    path: str = ""  # the rule file, as shown (default: the rule's own path)

    @property
    def passed(self) -> bool:
        return not self.problems


class Summary(Record):
    """Every example run, and the rule pack's load errors (TARK-SAANTO)."""

    outcomes: list = Factory(list)
    errors: list = Factory(list)  # [Diagnostic]

    @property
    def failed(self) -> list:
        return [o for o in self.outcomes if not o.passed]

    @property
    def exit_code(self) -> int:
        """2 when a rule file did not load, else 1 when an example failed, else 0."""
        return 2 if self.errors else 1 if self.failed else 0


def _codes(codes) -> str:
    return "[" + ", ".join(sorted(codes)) + "]"


def run_example(rule, example, book, directory: Path, as_of: _dt.date | None = None,
                language: str = "fi") -> Outcome:
    """Check ``example`` of ``rule`` (its documents written to ``directory``) and say what does not hold."""
    from .engine import Options, check

    documents = [(example.content, example.suffix), *example.more]
    paths = []
    for number, (content, suffix) in enumerate(documents, start=1):
        name = f"esimerkki{suffix}" if len(documents) == 1 else f"esimerkki-{number}{suffix}"
        paths.append(directory / name)
        paths[-1].write_text(content, encoding="utf-8")
    expected = {e.code for e in example.expectations}
    wanted = {rule.id} | expected
    shown = [str(path) for path in paths]
    report = check(paths, book, Options(as_of=law_date(rule, as_of), select=tuple(sorted(wanted)), jobs=1,
                                        language=language), files=[(path, str(path)) for path in paths])
    number = {path: n for n, path in enumerate(shown, start=1)}
    mine = [d for d in report.diagnostics if d.path in number]
    found = [d for d in mine if d.code in wanted]
    problems: list[Message] = []
    if any(d.is_input_error and d.severity >= Severity.WARNING for d in mine):
        problems.append(say("ruletest.input_error"))
    if example.kind == "pass":
        if expected:
            problems.append(say("ruletest.pass_expects"))
        if any(d.code == rule.id for d in found):
            problems.append(say("ruletest.pass_found", rule=rule.id))
    else:
        if not expected:
            problems.append(say("ruletest.fail_no_expect"))
        if {d.code for d in found} != expected:
            problems.append(say("ruletest.codes", expected=_codes(expected), found=_codes({d.code for d in found})))
        for expectation in example.expectations:
            if expectation.position is None:
                continue
            if not 1 <= expectation.document <= len(shown):
                problems.append(say("ruletest.no_document", document=expectation.document))
                continue
            at = Position(expectation.position.line, expectation.position.column)
            path = shown[expectation.document - 1]
            if not any(d.code == expectation.code and d.position == at and d.path == path for d in found):
                problems.append(say("ruletest.expected_at", code=expectation.code, line=at.line, column=at.column,
                                    document=expectation.document))
    return Outcome(rule, example, problems, [(number[d.path], d) for d in mine], len(documents))


def run_examples(book, rules=None, as_of: _dt.date | None = None, language: str = "fi",
                 files: dict | None = None) -> Summary:
    """Run the examples of ``rules`` (default: every rule of ``book``) in a temporary directory.

    ``files`` ({rule id: its file as shown}) names the rule files in what is said.
    """
    summary = Summary([], [d.in_language(language) for d in book.errors])
    with tempfile.TemporaryDirectory(prefix="tarkastus-esimerkit-") as name:
        directory = Path(name)
        for rule in book.rules if rules is None else rules:
            for example in rule.examples:
                for old in directory.iterdir():  # the same names again: an earlier example's extra documents go
                    old.unlink()
                outcome = run_example(rule, example, book, directory, as_of, language)
                outcome.path = (files or {}).get(rule.id, "")
                summary.outcomes.append(outcome)
    return summary


def _where(outcome: Outcome, lang: str) -> str:
    example = outcome.example
    return (f"{outcome.path or outcome.rule.path}:{example.pos.line}:{example.pos.column}: {outcome.rule.id}: "
            + text("ruletest.example", lang, kind=example.kind, name=example.name))


def _finding(outcome: Outcome, number: int, d: Diagnostic, lang: str) -> str:
    place = f"{d.position.line}:{d.position.column}"
    if outcome.documents > 1:
        place = text("ruletest.in_document", lang, n=number) + " " + place
    return f"{place} {d.code} [{text(f'severity.{d.severity.label}', lang)}] {d.message}"


def describe(outcome: Outcome, lang: str = "fi") -> str:
    """What is wrong with the example, on one line, and then what was found (one finding a line)."""
    problems = "; ".join(p.render(lang) for p in outcome.problems)
    found = [_finding(outcome, n, d, lang) for n, d in outcome.found] or [text("ruletest.none_found", lang)]
    return "\n".join([f"{_where(outcome, lang)}: {problems}", f"    {text('ruletest.found', lang)}:",
                      *(f"      {line}" for line in found)])


def example_problems(rule, example, book, directory: Path, as_of: _dt.date | None = None) -> list[str]:
    """Why ``example`` does not behave as it says (empty when it does), in Finnish with what was found."""
    outcome = run_example(rule, example, book, directory, as_of)
    return [describe(outcome)] if outcome.problems else []


def _summary_line(summary: Summary, lang: str) -> str:
    n = len(summary.outcomes)
    line = text("ruletest.summary", lang, examples=text(f"count.example.{'one' if n == 1 else 'many'}", lang, n=n),
                failed=len(summary.failed))
    if summary.errors:
        errors = len(summary.errors)
        line += "; " + text("ruletest.load_errors", lang,
                            errors=text(f"count.error.{'one' if errors == 1 else 'many'}", lang, n=errors))
    return line + "."


def render_text(summary: Summary, stream, lang: str = "fi") -> None:
    """The rule files' load errors (with caret) and the failing examples, then the summary line."""
    out = []
    for error in summary.errors:
        out.append(f"{error.path}:{error.position.line}:{error.position.column}: {error.code} "
                   f"[{text(f'severity.{error.severity.label}', lang)}] {error.message}")
        out.extend("    " + line for line in error.context.splitlines())
    for outcome in summary.failed:
        out.append(describe(outcome, lang))
    out.append(_summary_line(summary, lang))
    stream.write("\n".join(out) + "\n")


def render_json(summary: Summary, stream, lang: str = "fi") -> None:
    """Every example with whether it held, what it expected and what was found; the load errors as check's JSON."""
    results = []
    for outcome in summary.outcomes:
        example = outcome.example
        results.append({
            "rule": outcome.rule.id, "path": outcome.path or outcome.rule.path, "line": example.pos.line,
            "column": example.pos.column, "kind": example.kind, "name": example.name, "passed": outcome.passed,
            "problems": [p.render(lang) for p in outcome.problems],
            "expected": [{"code": e.code, "line": e.position.line if e.position else None,
                          "column": e.position.column if e.position else None, "document": e.document}
                         for e in example.expectations],
            "found": [{"document": n, "code": d.code, "severity": d.severity.label, "line": d.position.line,
                       "column": d.position.column, "message": d.message} for n, d in outcome.found],
        })
    data = {"version": 1, "examples": len(summary.outcomes), "failed": len(summary.failed),
            "summary": _summary_line(summary, lang), "errors": [e.to_dict() for e in summary.errors],
            "results": results}
    json.dump(data, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def load_pack(dirs=(), config_dirs=()):
    """The rule pack ``tarkastus test`` runs, the rules whose examples it runs, and their files.

    Without ``dirs``: the shipped rules and ``config_dirs`` (the
    configuration's rule-dirs), every rule's examples. With ``dirs``: the
    shipped rules and those, the examples of the rules in ``dirs`` only.
    The shipped directory named among ``dirs`` (``tarkastus test rules/``
    in a source checkout) is loaded once. A rule's file is the one named by
    its id in the directories (the loader checks that the names match), so
    that a pack from the cache, made in another directory, names it right.
    """
    from .output import shown_path
    from .resources import data_dir
    from .rulebook import load_rulebook

    shipped = data_dir("rules")
    named = list(dict.fromkeys(Path(d) for d in (dirs or config_dirs)))
    extra = [d for d in named if _real(d) != _real(shipped)]
    book = load_rulebook(extra, examples=True)
    files: dict[str, str] = {}
    owner: dict[str, Path] = {}
    for directory in (shipped, *extra):
        for rule in book.rules:
            if rule.id not in files and (directory / f"{rule.id}.tark").is_file():
                files[rule.id] = shown_path(_relative(directory / f"{rule.id}.tark"))
                owner[rule.id] = directory
    if not dirs:
        return book, book.rules, files
    wanted = {_real(d) for d in named}
    return book, [rule for rule in book.rules if rule.id in owner and _real(owner[rule.id]) in wanted], files


def _real(path: Path) -> str:
    import os

    return os.path.realpath(path)


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (OSError, ValueError):
        return path
