"""Rendering of rule documentation (``tarkastus rules`` and ``tarkastus explain``).

Everything shown comes from the rule file itself: the quoted provision, the
why, the fix and the very examples that the test suite runs.
"""

from __future__ import annotations

import json


def rule_data(rule) -> dict:
    return {
        "id": rule.id,
        "severity": rule.severity.label,
        "title": rule.title,
        "applies_to": list(rule.applies),
        "aliases": list(rule.aliases),
        "citation": rule.citation,
        "citations": [{"label": c.label, "url": c.url} for c in rule.citations],
        "in_force": {"from": rule.in_force_from.isoformat() if rule.in_force_from else None,
                     "until": rule.in_force_until.isoformat() if rule.in_force_until else None},
    }


def rules_table(book, output_format: str, stream) -> None:
    if output_format == "json":
        json.dump({"rules": [rule_data(r) for r in book.rules]}, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
        return
    width = max((len(r.id) for r in book.rules), default=10)
    for rule in book.rules:
        stream.write(f"{rule.id:<{width}}  {rule.severity.label:<7}  {rule.title}  [{rule.citation}]\n")
    for error in book.errors:
        stream.write(f"{error.path}:{error.position.line}:{error.position.column}: {error.code} {error.message}\n")


def provision_lines(rule, book) -> list[str]:
    """What the rule's provisions accept in a text: keys, heading words and sentence words (provisions.yaml)."""
    from .factsview import provisions_used

    out = []
    for name in provisions_used(rule):
        entry = book.provisions.get(name)
        if entry is None:
            continue
        out.append(f"  {name}: {entry.description}" if entry.description else f"  {name}")
        if entry.keys:
            out.append("    avaimet: " + ", ".join(".".join(k) for k in entry.keys))
        if entry.patterns:
            out.append("    otsikot: " + " | ".join(p.source for p in entry.patterns))
        if entry.text_patterns:
            out.append("    lauseet: " + " | ".join(p.source for p in entry.text_patterns))
    if out:
        deferral = [p.source for n, e in book.provisions.items() if n == "lykkays" or n.startswith("lykkays_")
                    for p in e.text_patterns]
        out.append("  Ei lueta määräykseksi (lykkäys): " + " | ".join(deferral))
    return out


def explain_rule(rule, stream, book=None) -> None:
    out = [f"{rule.id}: {rule.title}", f"vakavuus: {rule.severity.label}",
           f"koskee: {', '.join(rule.applies)}"]
    if rule.aliases:
        out.append(f"aiemmat tunnukset: {', '.join(rule.aliases)}")
    start = rule.in_force_from.strftime("%-d.%-m.%Y") if rule.in_force_from else "–"
    until = rule.in_force_until.strftime("%-d.%-m.%Y") if rule.in_force_until else ""
    out.append(f"voimassa: {start}–{until}")
    out.append("")
    out.append("Peruste:")
    for c in rule.citations:
        out.append(f"  {c.label}" + (f"  <{c.url}>" if c.url else ""))
    out.append("")
    out.append("Lainkohta:")
    out.extend("  > " + line for line in rule.quote.splitlines())
    out += ["", "Miksi:", *("  " + line for line in rule.why.splitlines())]
    out += ["", "Korjaus:", *("  " + line for line in rule.fix.splitlines())]
    if rule.note:
        out += ["", "Huomautus:", *("  " + line for line in rule.note.splitlines())]
    found = provision_lines(rule, book) if book is not None else []
    if found:
        out += ["", "Tekstistä tunnistetaan (sanat missä tahansa järjestyksessä, sana* = alkuosa, !sana = ei saa "
                    "esiintyä; rules/provisions.yaml):", *found]
    for example in rule.examples:
        verdict = "hyväksytään" if example.kind == "pass" else "havainto " + ", ".join(e.code for e in example.expectations)
        out += ["", f"Esimerkki ({verdict}): {example.name}"]
        documents = [(example.content, example.suffix), *example.more]
        for number, (content, _) in enumerate(documents, start=1):
            if len(documents) > 1:
                out.append(f"  Asiakirja {number}:")
            out.extend("    " + line for line in content.rstrip("\n").splitlines())
    stream.write("\n".join(out) + "\n")
