"""What the language server shows on hover, as Markdown.

On a finding: its message and its rule's documentation; on a rule id (in
``poikkeukset`` or a ``<!-- tarkastus: ohita … -->`` comment, or anywhere):
the rule's documentation; on a front-matter key: what the format says of
it and the rules that read it; on a municipality's name: its registry
entry. The documentation is what ``tarkastus explain`` prints — title,
citations with their links, the quoted provision (Finnish, marked so in
other languages), why, fix and note — in the language asked for, with the
catalogue's headings.
"""

from __future__ import annotations

from ..messages import text
from .buffer import ITEM, Buffer, document_type, field_at

MAX_KEY_RULES = 3  # rules documented in full on a key's hover; the rest are named


def rule_markdown(rule, lang: str, heading_level: str = "###") -> str:
    """A rule's documentation: title, severity, citations, quote, why, fix, note."""
    def heading(key: str, translations: dict | None = None) -> str:
        finnish = lang != "fi" and not (translations or {}).get(lang)
        return f"**{text(f'{key}_language' if finnish else key, lang)}**"

    out = [f"{heading_level} {rule.id}: {_escape(rule.title_in(lang))}",
           f"*{text(f'severity.{rule.severity.label}', lang)}* · {_escape(', '.join(rule.applies))}", ""]
    citations = [f"[{_escape(c.label_in(lang))}]({c.url})" if c.url else _escape(c.label_in(lang))
                 for c in rule.citations]
    if citations:
        out += [f"**{text('explain.basis', lang)}** " + "; ".join(citations), ""]
    if rule.quote:
        out += [heading("explain.quote"), "", *("> " + line if line.strip() else ">" for line in rule.quote.splitlines()),
                ""]
    if rule.why:
        out += [heading("explain.why", rule.whys), "", rule.why_in(lang), ""]
    if rule.fix:
        out += [f"**{text('explain.fix', lang)}**", "", rule.fix_in(lang), ""]
    if rule.note:
        out += [heading("explain.note", rule.notes), "", rule.note_in(lang), ""]
    return "\n".join(out).rstrip() + "\n"


def finding_markdown(finding, book, lang: str) -> str:
    """A finding: its code and message, then its rule's documentation (an input error: its fix)."""
    rule = book.rule(finding.code) if book is not None and not finding.code.startswith("TARK-") else None
    out = [f"**{finding.code}** {_escape(finding.message)}", ""]
    if rule is not None:
        out.append(rule_markdown(rule, lang))
    elif finding.fix:
        out += [f"**{text('explain.fix', lang)}**", "", finding.fix]
    return "\n".join(out).rstrip() + "\n"


def hover(buffer: Buffer, line: int, column: int, findings, book, lang: str) -> str | None:
    """The hover text at (line, column), 0-based: ``findings`` are [(Diagnostic, (start, end))] of the buffer.

    The findings there, then what the word under the cursor is: a rule id,
    a municipality; a front-matter key where no finding is.
    """
    here = [d for d, (start, end) in findings if start <= (line, column) <= end]
    parts = [finding_markdown(d, book, lang) for d in here]
    word = buffer.word_at(line, column) if book is not None else None
    rule = book.rule(word[0]) if word is not None else None
    if rule is not None and rule.id not in {d.code for d in here}:
        parts.append(rule_markdown(rule, lang))  # a rule id under the cursor, beside a finding about it
    if book is not None and not parts and buffer.in_yaml(line):
        found = buffer.key_at(line, column)
        if found is not None:
            parts.append(key_markdown(buffer, found[0], book, lang) or "")
    if book is not None:
        parts.append(municipality_markdown(buffer, line, column, book, lang) or "")
    parts = [part for part in parts if part]
    return "\n---\n\n".join(parts) if parts else None


def key_markdown(buffer: Buffer, path: tuple, book, lang: str) -> str | None:
    """A front-matter key: its description in the format and the documentation of the rules that read it."""
    doc_type = document_type(buffer, book.shapes)
    field = field_at(book.shapes, doc_type, path)
    if field is None:
        return None
    shown = ".".join(part if part != ITEM else "[]" for part in path).replace(".[]", "[]")
    out = [f"**{_escape(shown)}**" + (f": {_escape(field.description)}" if field.description else ""), ""]
    rules = rules_reading(book, path, doc_type)
    if rules:
        out += [f"**{text('lsp.hover.key_rules', lang)}**", ""]
        for rule in rules[:MAX_KEY_RULES]:
            out += [rule_markdown(rule, lang, "####"), ""]
        if len(rules) > MAX_KEY_RULES:
            out += [text("lsp.hover.more_rules", lang, rules=", ".join(
                f"{rule.id} ({rule.title_in(lang)})" for rule in rules[MAX_KEY_RULES:]))]
    return "\n".join(out).rstrip() + "\n"


def rules_reading(book, path: tuple, doc_type: str | None) -> list:
    """The rules that apply to ``doc_type`` and read the key at ``path``: by name, through a definition,
    or through a provision whose keys hold it. Those naming the whole path come first."""
    from ..documents.shape import key_norm
    from ..factsview import provisions_used
    from ..lang import ast

    keys = tuple(key_norm(part) for part in path if part != ITEM)
    if not keys:
        return []
    top, last = keys[0], keys[-1]
    through_definitions = {name for name, roots in book.definition_roots.items()
                           if top in {key_norm(r) for r in roots}}
    exact, loose = [], []
    for rule in book.rules:
        if doc_type is not None and "all" not in rule.applies and doc_type not in rule.applies \
                and "asiakirjat" not in rule.applies:
            continue
        provisions = [book.provisions[name] for name in provisions_used(rule) if name in book.provisions]
        provision_keys = {tuple(key_norm(k) for k in key) for p in provisions for key in p.keys}
        if keys in provision_keys or any(key[:len(keys)] == keys for key in provision_keys):
            exact.append(rule)
            continue
        names = _names(rule, ast)
        if top in names or names & through_definitions or any(key[:1] == (top,) for key in provision_keys):
            (exact if len(keys) > 1 and last in names else loose).append(rule)
    return exact + loose


def _names(rule, ast) -> set[str]:
    from ..documents.shape import key_norm

    return {key_norm(node.name) for node in ast.rule_nodes(rule) if isinstance(node, (ast.Name, ast.Attr))}


def municipality_markdown(buffer: Buffer, line: int, column: int, book, lang: str) -> str | None:
    """The registry entry of the municipality named at (line, column): names, code, region, merged ones."""
    registry = book.registry
    for municipality, start, end in registry.find(buffer.line(line)):
        if start <= column <= end:
            return registry_entry(municipality, lang)
    return None


def registry_entry(municipality, lang: str) -> str:
    out = [f"**{_escape(municipality.name)}** · {text('lsp.hover.registry', lang)}", ""]
    if municipality.swedish:
        out.append(f"- {text('lsp.hover.swedish', lang)}: {_escape(municipality.swedish)}")
    elif municipality.name_sv and municipality.name_sv != municipality.name:
        out.append(f"- {text('lsp.hover.swedish_unofficial', lang)}: {_escape(municipality.name_sv)}")
    if municipality.code:
        out.append(f"- {text('lsp.hover.code', lang)}: {municipality.code}")
    if municipality.region:
        out.append(f"- {text('lsp.hover.region', lang)}: {_escape(municipality.region)}")
    if municipality.former:
        out.append(f"- {text('lsp.hover.former', lang)}: {_escape(', '.join(municipality.former))}")
    return "\n".join(out) + "\n"


def _escape(words: str) -> str:
    """Text put into Markdown as it is: the characters that would start markup are escaped."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in words)
