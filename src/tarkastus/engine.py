"""check(paths, rules, options) -> Report. Pure: no terminal I/O.

Files are collected (directories recursively, in sorted order, hidden
directories skipped), loaded, and every rule that applies to the document's
type and is in force on the law's date (``as_of``) is run. Input problems
and findings are both ``Diagnostic``s; one bad file never hides the others.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import START, Diagnostic, Severity
from .documents.loader import MARKDOWN_SUFFIXES, YAML_SUFFIXES, Document, load, looks_like_agreement
from .lang.evaluator import Compiler, Context, compile_template


@dataclass
class Options:
    as_of: _dt.date | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass
class Report:
    diagnostics: list[Diagnostic]
    files: int
    documents: list[Document] = field(repr=False, default_factory=list)
    as_of: _dt.date = field(default_factory=_dt.date.today)

    @property
    def input_errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_input_error and d.severity is Severity.ERROR]

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def exit_code(self, fail_on: Severity) -> int:
        if self.input_errors:
            return 2
        return 1 if any(d.severity >= fail_on for d in self.diagnostics) else 0


class CompiledRule:
    """A rule's clauses as closures, ready to run against documents."""

    def __init__(self, rule, compiler: Compiler) -> None:
        self.rule = rule
        scope: frozenset = frozenset()
        self.bindings = []
        for kind, name, expr in rule.bindings:
            self.bindings.append((kind, name, compiler.compile(expr, scope)))
            scope = scope | {name}
        self.cases = [(compiler.compile(case.when, scope),
                       compiler.compile_position(case.at, scope) if case.at is not None else None,
                       compile_template(compiler, case.message, scope))
                      for case in rule.cases]

    def applies_to(self, doc_type: str | None) -> bool:
        return "all" in self.rule.applies or doc_type in self.rule.applies

    def run(self, ctx: Context):
        """Yield (position, message) for every finding."""
        yield from self._bind(ctx, 0)

    def _bind(self, ctx: Context, i: int):
        if i == len(self.bindings):
            for when, at, message in self.cases:
                if when(ctx):
                    yield (at(ctx) if at is not None else START), message(ctx)
            return
        kind, name, fn = self.bindings[i]
        value = fn(ctx)
        if kind == "let":
            ctx.vars[name] = value
            yield from self._bind(ctx, i + 1)
            return
        items = value if isinstance(value, list) else ([] if value is None else [value])
        for item in items:
            ctx.vars[name] = item
            yield from self._bind(ctx, i + 1)
        ctx.vars.pop(name, None)


def collect(paths) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """The files to check, each with the path shown in reports."""
    found: list[tuple[Path, str]] = []
    problems: list[Diagnostic] = []
    suffixes = MARKDOWN_SUFFIXES + YAML_SUFFIXES
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if any(part.startswith(".") for part in relative) or child.suffix.lower() not in suffixes:
                    continue
                if child.is_file() and looks_like_agreement(child):
                    found.append((child, str(child)))
        elif path.exists():
            found.append((path, str(raw)))
        else:
            problems.append(Diagnostic("TARK-LUKU", Severity.ERROR, str(raw), START,
                                       "Tiedostoa tai hakemistoa ei ole.",
                                       fix="Tarkista polku."))
    unique = list(dict.fromkeys(found))
    return unique, problems


def _selected(rule, options: Options) -> bool:
    names = (rule.id, *rule.aliases)

    def hit(patterns):
        return any(n == p or (p.endswith("-") and n.startswith(p)) or n.startswith(p + "-")
                   for p in patterns for n in names)
    if options.select and not hit(options.select):
        return False
    return not hit(options.ignore)


def check(paths, book, options: Options | None = None) -> Report:
    options = options or Options()
    as_of = options.as_of or _dt.date.today()
    files, diagnostics = collect(paths)
    diagnostics = list(diagnostics) + list(book.errors)
    rules = [r for r in book.compiled if r.rule.in_force(as_of) and _selected(r.rule, options)]
    documents = []
    for path, shown in files:
        doc = load(path, book.shapes, shown)
        documents.append(doc)
        diagnostics.extend(doc.diagnostics)
        if not doc.ok:
            continue
        ctx = Context(doc, book, as_of)
        for compiled in rules:
            if not compiled.applies_to(doc.doc_type):
                continue
            rule = compiled.rule
            for position, message in compiled.run(ctx):
                diagnostics.append(Diagnostic(rule.id, rule.severity, shown, position, message,
                                              rule.citation, rule.fix, rule.title))
            ctx.vars.clear()
    diagnostics = _dedupe(diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    return Report(diagnostics, len(files), documents, as_of)


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen, out = set(), []
    for d in diagnostics:
        key = (d.code, d.path, d.position, d.message)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out
