"""Why a rule fired or did not on a document (``check --explain-rule ID FILE…``).

A trace has two halves. What the rule reads: the document keys its
expressions and the definitions they use reach (``keys_used``, from the
rule's syntax tree, a ``for`` variable standing for its list's items), each
with its values and where they were read (the front matter or the text, at
line:col with the words, as ``tarkastus facts`` shows them), the
provisions it asks about with how each was found, and the definitions'
values. Then how it ran: the rule's compiled closures are run once more by
``evaluator.trace`` (the same closures, budget and bounds as ``check``;
check's own loop is untouched), which keeps, for every round of its ``for``
bindings, each ``when`` case's condition value and the finding a true one
made, at the place ``check`` reports it.

A rule over the set of documents (``applies-to asiakirjat``) is traced
once for each group of files checked together, over the documents' views
as ``check`` made them. The trace is plain data (``render_json``), and
``render_text`` says it with the catalogue's words in fi, sv or en.
"""

from __future__ import annotations

import json
import re

from .messages import text

__all__ = ["keys_used", "render_json", "render_text", "trace_run"]

_SPECIAL = {"today"}  # names that read no document
_INDEX = re.compile(r"\[\d*\]")
_SHORT = 60  # characters of a value shown in the text trace
_WHEN = 160  # characters of a case's condition shown


def keys_used(rule, book) -> list[str]:
    """The document keys ``rule`` reads, most specific only (``tehtävät.viranhaltija``, not ``tehtävät``).

    Paths through lists are written without indexes; the keys its
    definitions read are included. For a rule over the set of documents
    they start with ``asiakirjat.`` (each document's keys).
    """
    from .lang import ast

    definitions = {d.name: d.expr for d in getattr(book, "definition_asts", ())}
    found: dict[str, None] = {}
    visiting: set = set()

    def definition(name: str, root: str) -> None:
        if (name, root) in visiting:
            return
        visiting.add((name, root))
        path(definitions[name], {}, root)

    def path(node, scope: dict, root: str):
        """The key path ``node`` denotes (None if it is not one), recording every path met."""
        kind = type(node)
        if kind is ast.Name:
            if node.name in scope:
                return scope[node.name]
            if node.name in definitions:
                definition(node.name, root)
                return None
            if node.name in _SPECIAL:
                return None
            return _record(found, root + node.name)
        if kind is ast.Attr:
            base = path(node.obj, scope, root)
            if base is None:
                return None
            if node.name in definitions:  # d.järjestäjä: the definition on a document of the set
                definition(node.name, base + ".")
                return None
            return _record(found, f"{base}.{node.name}")
        if kind is ast.Flatten:
            return path(node.obj, scope, root)
        if kind is ast.Index:
            base = path(node.obj, scope, root)
            path(node.index, scope, root)
            if base is not None and isinstance(node.index, ast.Lit) and isinstance(node.index.value, str):
                return _record(found, f"{base}.{node.index.value}")
            return base
        if kind is ast.Comprehension:  # [t.alue for t in tehtävät if …]: the path of its items
            inner = {**scope, node.var: path(node.coll, scope, root)}
            if node.cond is not None:
                path(node.cond, inner, root)
            return path(node.expr, inner, root)
        if kind is ast.Quant:
            path(node.body, {**scope, node.var: path(node.coll, scope, root)}, root)
            return None
        if kind is ast.Call and node.func in ("first", "unique") and len(node.args) == 1:
            return path(node.args[0], scope, root)
        if kind is ast.Call and node.func in ("provided", "section", "deferred"):
            return None  # a provision, shown with its evidence
        for child in ast.children(node):
            path(child, scope, root)
        return None

    scope: dict = {}
    for _, name, expr in rule.bindings:
        scope[name] = path(expr, scope, "")
    for expr in ast.rule_expressions(rule, bindings=False):
        path(expr, scope, "")
    keys = sorted(found)
    return [k for k in keys if not any(other.startswith(k + ".") for other in keys)]


def _record(found: dict, key: str) -> str:
    found[key] = None
    return key


def definitions_used(rule, book) -> list[str]:
    """The definitions (``_määritelmät.tark``) a rule names directly, in order of name."""
    from .lang import ast

    names = {d.name for d in getattr(book, "definition_asts", ())}
    found = set()
    stack = list(ast.rule_expressions(rule))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and node.name in names:
            found.add(node.name)
        stack.extend(ast.children(node))
    return sorted(found)


# ---- the trace of a check run -------------------------------------------------------------------

def trace_run(run, rule) -> list[dict]:
    """The trace of ``rule`` (an ``ast.Rule``) on every file of ``run`` (a ``workspace.Run``).

    A path that could not be checked at all (missing, unreadable, under a
    broken configuration) is shown with its input errors, as check shows them.
    """
    out = _unchecked(run)
    for _, options, book, files in run.groups:
        compiled = next((c for c in book.compiled if c.rule.id == rule.id), None)
        if compiled is None:
            continue
        if compiled.corpus:
            shown = {s for _, s in files}
            views = [v for v in run.report.documents if v.origin in shown]
            out.append(_trace_set(compiled, book, files, views, options))
        else:
            out.extend(_trace_document(compiled, book, path, shown, options) for path, shown in files)
    return out


def _unchecked(run) -> list[dict]:
    """The errors of paths that were not checked, and of rule files that did not load (with their caret)."""
    checked = {shown for *_, files in run.groups for _, shown in files}
    errors: dict[tuple, list] = {}
    for d in run.report.diagnostics:
        if d.is_input_error and d.severity.label == "error" and d.path not in checked:
            status = "rule_errors" if d.code == "TARK-SAANTO" else "input_errors"
            errors.setdefault((d.path, status), []).append({"code": d.code, "line": d.position.line,
                                                            "column": d.position.column, "message": d.message,
                                                            "context": d.context})
    return [{"path": path, "rule": None, "as_of": run.report.as_of.isoformat(), "status": status,
             "words": run.report.language, "errors": found} for (path, status), found in errors.items()]


def _head(compiled, book, options, path) -> dict:
    from .engine import report_language

    rule = compiled.rule
    return {"path": path, "rule": rule.id, "as_of": options.as_of.isoformat(), "applies_to": list(rule.applies),
            "in_force": {"from": rule.in_force_from.isoformat() if rule.in_force_from else None,
                         "until": rule.in_force_until.isoformat() if rule.in_force_until else None},
            "status": "ran", "words": report_language(options.language), "facts": [], "missing": [], "provisions": [],
            "definitions": [], "rounds": [], "more_rounds": 0, "error": None}


def _trace_document(compiled, book, path, shown: str, options) -> dict:
    from . import prose
    from .documents.loader import load
    from .engine import AUTO, document_language
    from .factsview import document_facts, provisions_used
    from .lang.evaluator import Context

    rule = compiled.rule
    out = _head(compiled, book, options, shown)
    doc = load(path, book.shapes, shown, prose=True)
    prose.apply(doc, book)
    if options.language == AUTO:  # the trace in the document's own language, as its findings
        out["words"] = document_language(doc)
    lang = out["words"]
    out["tyyppi"] = doc.doc_type
    facts = document_facts(path, shown, book, options.as_of, lang)
    out["errors"] = facts["errors"]
    if not doc.ok or facts["errors"]:
        out["status"] = "input_errors"
        return out
    if not compiled.applies_to(doc.doc_type):
        out["status"] = "not_applicable"
        return out
    if not rule.in_force(options.as_of):
        out["status"] = "not_in_force"
        return out
    out["facts"], missing = _facts(keys_used(rule, book), facts, doc.data)
    out["missing"] = [{"key": key} for key in missing]
    used = set(provisions_used(rule))
    out["provisions"] = [item for item in facts["provisions"] if item["name"] in used]
    ctx = Context(doc, book, options.as_of, lang)
    _run(compiled, book, ctx, out, lambda where: _place(where, doc))
    for name in definitions_used(rule, book):
        try:
            value = book.definitions[name](Context(doc, book, options.as_of, lang))
        except Exception as exc:  # noqa: BLE001 (a failing definition is shown, as the rule's failure is)
            value = f"{type(exc).__name__}: {exc}"
        out["definitions"].append({"name": name, "value": _plain(value)})
    return out


def _trace_set(compiled, book, files, views, options) -> dict:
    """A rule over the set of documents, once over the views of ``files`` (``views``, as check made them)."""
    from .engine import corpus_context
    from .factsview import document_facts

    out = _head(compiled, book, options, None)
    out["documents"] = [shown for _, shown in files]
    keys = [k.removeprefix("asiakirjat.") for k in keys_used(compiled.rule, book) if k.startswith("asiakirjat.")]
    for path, shown in files:
        facts = document_facts(path, shown, book, options.as_of, out["words"])
        view = next((v for v in views if v.origin == shown), None)
        found, missing = _facts(keys, facts, view if view is not None else {})
        out["facts"].extend({"document": shown, **item} for item in found)
        out["missing"].extend({"document": shown, "key": key} for key in missing)
    ctx = corpus_context(sorted(views, key=lambda v: v.origin), book, options.as_of, out["words"])
    _run(compiled, book, ctx, out, lambda where: _place(where[1], None, where[0]) if where else None)
    return out


def _run(compiled, book, ctx, out: dict, place) -> None:
    """The rounds of ``compiled`` on ``ctx`` into ``out``: each case's condition value and its finding."""
    from .lang.evaluator import NOT_COMPUTED, DocumentView, locations_of, position_of

    rule = compiled.rule
    lines = _rule_lines(rule, book)
    try:
        traced = compiled.trace(ctx)
    except Exception as exc:  # noqa: BLE001 (check reports it as TARK-SAANTO; here it ends the trace)
        out["error"] = f"{type(exc).__name__}: {exc}"
        return
    if traced.error is not None:
        error = traced.error
        said = error.text.render(out["words"]) if error.text is not None else error.message
        out["error"] = f"{error.path}:{error.pos.line}:{error.pos.column}: {said}"
    out["more_rounds"] = traced.more
    for round_ in traced.rounds:
        bound = []
        for kind, name, value in round_.bound:
            item = {"kind": kind, "name": name, "value": None if value is NOT_COMPUTED else _plain(value),
                    "computed": value is not NOT_COMPUTED}
            if kind == "for" and not isinstance(value, DocumentView):  # the item the round is about, where it is
                found = locations_of(value, 1) if ctx.doc.path == "" else []
                at = found[0][1] if found else position_of(value)
                if found:
                    item["path"] = found[0][0]
                if at is not None:
                    item.update(line=at.line, column=at.column)
            bound.append(item)
        cases = []
        for case_value in round_.cases:
            case = rule.cases[case_value.case]
            value = case_value.value
            item = {"case": case_value.case + 1, "line": case.pos.line, "when": lines.get(case.pos.line, ""),
                    "value": value if value is None or isinstance(value, bool) else bool(value)}
            if value is not None and not isinstance(value, bool):
                item["shown"] = _short(_plain(value))
            if case_value.finding is not None:
                where, message, _, severity = case_value.finding
                item["finding"] = {**(place(where) or {}), "severity": severity.label, "message": message}
            cases.append(item)
        out["rounds"].append({"bound": bound, "cases": cases})


def _place(where, doc, path: str | None = None) -> dict:
    """Where check reports a finding: a finding of the whole document at its title (else its tyyppi key)."""
    from .diagnostics import START

    if where is None:
        return {}
    if doc is not None and where == START:
        from .engine import whole_document_position

        where = whole_document_position(doc)
    return {**({"path": path} if path is not None else {}), "line": where.line, "column": where.column}


def _rule_lines(rule, book) -> dict[int, str]:
    """The lines of the rule file where its cases start (``when …``), to show with their values."""
    from .lang.sources import read_source

    wanted = {case.pos.line for case in rule.cases}
    for directory in getattr(book, "dirs", ()) or ():
        path = directory / f"{rule.id}.tark"
        if path.is_file():
            try:
                source = read_source(path, str(path)).split("\n")
            except Exception:  # noqa: BLE001 (changed since it loaded: the values are shown without the text)
                return {}
            return {n: _short(source[n - 1].strip(), _WHEN) for n in wanted if 0 < n <= len(source)}
    return {}


def _facts(keys: list[str], facts: dict, data) -> tuple[list[dict], list[str]]:
    """The facts that give the keys the rule reads their values, in the document's order; and the keys none gives.

    A fact of the text that the front matter overrides is left out, as the
    rules never see it (``tarkastus facts`` shows it, marked unused).
    """
    found, filled = [], set()
    for fact in facts["facts"]:
        key = next((k for k in keys if _covers(k, fact["key"])), None)
        if key is None or not fact.get("used", True):
            continue
        filled.add(key)
        found.append({"reads": key, **{k: fact[k] for k in ("key", "value", "source", "line", "column", "quote",
                                                            "locator", "file") if k in fact}})
    missing = []
    for key in keys:
        if key in filled:
            continue
        value = _resolve(data, key)  # no fact: what the document holds there (a citation, a conflict), if anything
        if value in (None, "", [], {}):
            missing.append(key)
        else:
            found.append({"reads": key, "key": key, "value": _plain(value), "source": "teksti"})
    return found, missing


def _covers(key: str, fact_key: str) -> bool:
    plain = _INDEX.sub("", fact_key)
    return plain == key or plain.startswith(key + ".")


def _resolve(data, key: str):
    from .lang.evaluator import _get

    value = data
    for part in key.split("."):
        value = _get(value, part) if value is not None else None
    return value


def _plain(value):
    """A value as JSON has it: a section by its title, a document of the set by its path."""
    from .documents.loader import Section
    from .lang.evaluator import DocumentView
    from .prose.facts import _plain as plain

    if isinstance(value, Section):
        return value.title
    if isinstance(value, DocumentView):
        return value.origin
    if isinstance(value, list) and any(isinstance(v, (Section, DocumentView)) for v in value):
        return [_plain(v) for v in value]
    return plain(value)


def _short(value, limit: int = _SHORT) -> str:
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    shown = " ".join(str(shown).split())
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


# ---- rendering ----------------------------------------------------------------------------------

def render_json(traces: list[dict], stream) -> None:
    json.dump({"version": 1, "traces": [{k: v for k, v in t.items() if k != "words"} for t in traces]}, stream,
              ensure_ascii=False, indent=2, default=str)
    stream.write("\n")


def render_text(traces: list[dict], stream) -> None:
    out: list[str] = []
    for t in traces:
        out.extend(_text_trace(t))
        out.append("")
    stream.write("\n".join(out))


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = iso.split("-")
    return f"{int(day)}.{int(month)}.{int(year)}"


_HOW = {"avain": "trace.how.avain", "otsikko": "trace.how.otsikko", "lause": "trace.how.lause",
        "lykätty": "trace.how.lykätty", "tieto": "trace.how.tieto"}  # factsview's ways a provision is found


def _text_trace(t: dict) -> list[str]:
    lang = t["words"]

    def say(key: str, **values) -> str:
        return text(key, lang, **values)

    where = t["path"] if t["path"] is not None else say("trace.set", n=len(t.get("documents", [])))
    rule = f" {t['rule']}" if t["rule"] else ""
    out = [f"{where}:{rule} ({say('trace.law', date=_day(t['as_of']))})"]
    status = t["status"]
    if status in ("input_errors", "rule_errors"):
        out.append("  " + say("trace.rule_errors" if status == "rule_errors" else "trace.input_errors"))
        for e in t["errors"]:
            out.append(f"    {e['line']}:{e['column']}  {e['code']}  {e['message']}")
            out.extend("      " + line for line in (e.get("context") or "").splitlines())
        return out
    if status == "not_applicable":
        out.append("  " + say("trace.not_applicable", types=", ".join(t["applies_to"]), type=t.get("tyyppi") or "?"))
        return out
    if status == "not_in_force":
        out.append("  " + say("trace.not_in_force", date=_day(t["as_of"]), start=_day(t["in_force"]["from"]) or "–",
                              until=_day(t["in_force"]["until"])))
        return out
    if t.get("documents"):
        out.append(f"  {say('trace.documents')}: " + ", ".join(t["documents"]))
    out.append(f"  {say('trace.facts')}:")
    if not t["facts"] and not t["missing"]:
        out.append(f"    {say('trace.none')}")
    documents = list(dict.fromkeys(item.get("document") for item in t["facts"] + t["missing"]))
    for document in documents:
        indent = "    "
        if document is not None:  # a rule over the set: each document's keys under its path
            out.append(f"    {document}:")
            indent = "      "
        for fact in (f for f in t["facts"] if f.get("document") == document):
            source = say("trace.front") if fact["source"] == "etusivu" else say("trace.text")
            place = f" {fact['line']}:{fact['column']}" if "line" in fact else ""
            quote = f"  “{_short(fact['quote'])}”" if fact.get("quote") else ""
            out.append(f"{indent}{fact['key']} = {_short(fact['value'])}  ({source}{place}){quote}")
        out.extend(f"{indent}{m['key']}: {say('trace.missing')}" for m in t["missing"] if m.get("document") == document)
    if t["provisions"]:
        out.append(f"  {say('trace.provisions')}:")
        for item in t["provisions"]:
            label = f"{item['name']} ({item['description']})" if item.get("description") else item["name"]
            if item["how"] is None:
                out.append(f"    {label}: {say('trace.missing')}")
            else:
                out.append(f"    {label}: {say(_HOW[item['how']])} {item['line']}:{item['column']}  "
                           f"“{_short(item['words'])}”")
    if t["definitions"]:
        out.append(f"  {say('trace.definitions')}:")
        out.extend(f"    {d['name']} = {_short(d['value']) if d['value'] is not None else 'null'}"
                   for d in t["definitions"])
    out.append(f"  {say('trace.cases')}:")
    if not t["rounds"] and t["error"] is None:
        out.append(f"    {say('trace.no_rounds')}")
    with_rounds = any(b["kind"] == "for" for r in t["rounds"] for b in r["bound"])
    for n, round_ in enumerate(t["rounds"], start=1):
        indent = "    "
        if with_rounds or any(b["kind"] == "let" for b in round_["bound"]):
            if with_rounds:
                out.append(f"    {say('trace.round', n=n)}:")
                indent = "      "
            for b in round_["bound"]:
                if not b["computed"]:
                    continue  # a let no case read: it changes nothing
                shown = _short(b["value"]) if b["value"] is not None else "null"
                place = ":".join(str(b[k]) for k in ("path", "line", "column") if k in b)
                out.append(f"{indent}{b['kind']} {b['name']} = {shown}" + (f" ({place})" if place else ""))
        for case in round_["cases"]:
            value = {True: "true", False: "false", None: "null"}[case["value"]]
            shown = f" ({case['shown']})" if "shown" in case else ""
            out.append(f"{indent}{case['case']}. {say('trace.line', n=case['line'])}  {case['when']}  → {value}{shown}")
            finding = case.get("finding")
            if finding is not None:
                place = ":".join(str(finding[k]) for k in ("path", "line", "column") if k in finding)
                severity = text(f"severity.{finding['severity']}", lang)
                out.append(f"{indent}   {say('trace.finding')}: {place} [{severity}] {finding['message']}")
    if t["more_rounds"]:
        out.append(f"    {say('trace.more_rounds', n=t['more_rounds'])}")
    if t["error"] is not None:
        out.append(f"  {say('trace.failed', message=t['error'])}")
    return out
