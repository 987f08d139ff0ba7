"""Rendering of rule documentation (``tarkastus rules`` and ``tarkastus explain``).

Everything shown comes from the rule file itself: the quoted provision, the
why, the fix and the very examples that the test suite runs. The words
around them, the title, the why, the fix, the note and the citations are in
the language asked for (``--kieli``); the quoted provision is the statute's
Finnish text, and is marked so in the other languages (a translation would
not be the law's wording).
"""

from __future__ import annotations

import json

from .messages import text


def rule_data(rule, lang: str = "fi") -> dict:
    return {
        "id": rule.id,
        "severity": rule.severity.label,
        "title": rule.title_in(lang),
        "applies_to": list(rule.applies),
        "aliases": list(rule.aliases),
        "citation": rule.citation_in(lang),
        "citations": [{"label": c.label_in(lang), "url": c.url} for c in rule.citations],
        "in_force": {"from": rule.in_force_from.isoformat() if rule.in_force_from else None,
                     "until": rule.in_force_until.isoformat() if rule.in_force_until else None},
    }


def rules_table(book, output_format: str, stream, lang: str = "fi") -> None:
    if output_format == "json":
        json.dump({"rules": [rule_data(r, lang) for r in book.rules]}, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    width = max((len(r.id) for r in book.rules), default=10)
    severities = {rule.severity: text(f"severity.{rule.severity.label}", lang) for rule in book.rules}
    level = max([len(text("rules.severity", lang)), *map(len, severities.values())])
    stream.write(f"{text('rules.header', lang):<{width}}  {text('rules.severity', lang):<{level}}  "
                 f"{text('rules.title', lang)}  [{text('rules.citation', lang)}]\n")
    for rule in book.rules:
        stream.write(f"{rule.id:<{width}}  {severities[rule.severity]:<{level}}  {rule.title_in(lang)}  "
                     f"[{rule.citation_in(lang)}]\n")
    for error in book.errors:
        error = error.in_language(lang)
        stream.write(f"{error.path}:{error.position.line}:{error.position.column}: {error.code} {error.message}\n")


def provision_lines(rule, book, lang: str = "fi") -> list[str]:
    """What the rule's provisions accept in a text: keys, heading words and sentence words (provisions.yaml)."""
    from .factsview import provisions_used

    out = []
    for name in provisions_used(rule):
        entry = book.provisions.get(name)
        if entry is None:
            continue
        description = entry.description_in(lang)
        out.append(f"  {name}: {description}" if description else f"  {name}")
        if entry.keys:
            out.append(f"    {text('explain.keys', lang)}: " + ", ".join(".".join(k) for k in entry.keys))
        if entry.patterns:
            out.append(f"    {text('explain.headings', lang)}: " + " | ".join(p.source for p in entry.patterns))
        if entry.text_patterns:
            out.append(f"    {text('explain.sentences', lang)}: " + " | ".join(p.source for p in entry.text_patterns))
    if out:
        deferral = [p.source for n, e in book.provisions.items() if n == "lykkays" or n.startswith("lykkays_")
                    for p in e.text_patterns]
        out.append(f"  {text('explain.deferral', lang)}: " + " | ".join(deferral))
    return out


def explain_rule(rule, stream, book=None, lang: str = "fi") -> None:
    def heading(key: str, translations: dict | None = None) -> str:
        """A heading; for text the rule file has in Finnish only, one that says so."""
        finnish = lang != "fi" and not (translations or {}).get(lang)
        return text(f"{key}_language" if finnish else key, lang)

    severity = text(f"severity.{rule.severity.label}", lang)
    out = [f"{rule.id}: {rule.title_in(lang)}", f"{text('explain.severity', lang)}: {severity}",
           f"{text('explain.applies', lang)}: {', '.join(rule.applies)}"]
    if rule.aliases:
        out.append(f"{text('explain.aliases', lang)}: {', '.join(rule.aliases)}")
    start = rule.in_force_from.strftime("%-d.%-m.%Y") if rule.in_force_from else "–"
    until = rule.in_force_until.strftime("%-d.%-m.%Y") if rule.in_force_until else ""
    out.append(f"{text('explain.in_force', lang)}: {start}–{until}")
    out.append("")
    out.append(text("explain.basis", lang))
    for c in rule.citations:
        out.append(f"  {c.label_in(lang)}" + (f"  <{c.url}>" if c.url else ""))
    out.append("")
    out.append(heading("explain.quote"))
    out.extend("  > " + line for line in rule.quote.splitlines())
    out += ["", heading("explain.why", rule.whys), *("  " + line for line in rule.why_in(lang).splitlines())]
    out += ["", text("explain.fix", lang), *("  " + line for line in rule.fix_in(lang).splitlines())]
    if rule.note:
        out += ["", heading("explain.note", rule.notes), *("  " + line for line in rule.note_in(lang).splitlines())]
    found = provision_lines(rule, book, lang) if book is not None else []
    if found:
        out += ["", text("explain.words", lang), *found]
    for example in rule.examples:
        if example.kind == "pass":
            title = text("explain.example_pass", lang, name=example.name)
        else:
            title = text("explain.example_fail", lang, name=example.name,
                         codes=", ".join(e.code for e in example.expectations))
        out += ["", title]
        documents = [(example.content, example.suffix), *example.more]
        for number, (content, _) in enumerate(documents, start=1):
            if len(documents) > 1:
                out.append(f"  {text('explain.document', lang, n=number)}")
            out.extend("    " + line for line in content.rstrip("\n").splitlines())
    stream.write("\n".join(out) + "\n")
