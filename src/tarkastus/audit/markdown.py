"""The audit as GitHub-flavoured Markdown, for a pull-request comment.

The same sections as the HTML page, with the checklist matrices as tables;
the findings are listed, identical ones of a file as one item with their
places under it (``model.Group``), the quoted provisions folded in
``<details>`` (GitHub renders them; elsewhere they read as plain text).

Every value that comes from a document or a rule pack (area and body names,
municipalities, paths, messages, reasons) is escaped for both languages a
pull-request comment speaks, as the HTML page escapes it: ``&``, ``<`` and
``>`` become entities (no tag, no comment, no script), and the Markdown
characters that could start emphasis, code, a link, a heading's closing
sequence, a table cell or strike-through are backslash-escaped. Paths are
code spans fenced with more backticks than they contain.
"""

from __future__ import annotations

import re

from .. import __version__
from ..diagnostics import Severity
from .html import LEGEND, SYMBOLS, threshold_state
from .model import FAIL, SUPPRESSED, THRESHOLD, Audit, Cell, by_document
from .words import number, permit_text, words

MARKER = "<!-- tarkastus audit -->"  # the first line: how a later run recognises the report it may replace
_MARKDOWN = re.compile(r"([\\`*_\[\]#|~])")
_BACKTICKS = re.compile(r"`+")


def is_report(head: str, tail: str) -> bool:
    return head.startswith(MARKER + "\n")


def render(audit: Audit) -> str:
    w = words(audit.language)
    out = [MARKER, f"# {w['title']}", "",
           f"{w['law']} {audit.as_of.day}.{audit.as_of.month}.{audit.as_of.year}.", ""]
    out += _summary(audit, w)
    out += _areas(audit, w)
    out += _overlap(audit, w)
    out += _matrices(audit, w)
    out += _findings(audit, w)
    out += ["", f"<sub>{w['generator'].format(version=__version__)}</sub>", ""]
    return "\n".join(out)


def _summary(audit: Audit, w) -> list[str]:
    rows = [(w["documents"], audit.files)]
    if audit.unreadable:
        rows.append((w["unreadable"], len(audit.unreadable)))
    rows += [(w["errors"], audit.severities[Severity.ERROR]), (w["warnings"], audit.severities[Severity.WARNING]),
             (w["infos"], audit.severities[Severity.INFO]), (w["suppressed"], audit.suppressed)]
    rows += [(w.get(doc_type, doc_type), n) for doc_type, n in audit.by_type.items()]
    return [f"## {w['summary']}", "", f"| {w['summary']} | |", "|---|---:|",
            *(f"| {_cell_text(label)} | {value} |" for label, value in rows), ""]


def _areas(audit: Audit, w) -> list[str]:
    out = [f"## {w['areas']}", ""]
    if not audit.areas:
        return out + [w["no_areas"], ""]
    for area in audit.areas:
        state = threshold_state(area)
        label = {"ok": w["meets"], "permit": w["below_permit"], "below": w["below"]}[state]
        out += [f"### {_inline(area.name)}", "",
                f"- {w['area_file']}: {_code(area.path)}",
                f"- {w['lead']}: {_inline(area.lead or '–')}"]
        if area.model:
            out.append(f"- {w['model']}: {_inline(w.get('model_' + area.model, area.model))}")
        out.append(f"- {w['labour']}: **{_number(area.total)}** / {_number(THRESHOLD)}: {label}"
                   + (f" ({w['missing_labour'].format(n=area.missing)})" if area.missing else ""))
        # As the page's badge: an area with ALUE-* problems is not in order whatever its labour force.
        first: dict = {}
        for finding in area.problems:
            first.setdefault(finding.diagnostic.code, finding)
        for finding in sorted(first.values(), key=lambda f: (-f.diagnostic.severity, f.number)):
            d = finding.diagnostic
            out.append(f"- **{w['severity_' + d.severity.label]}: {_inline(d.title or d.code)}** "
                       f"([{_inline(d.code)}](#{finding.anchor}))")
        if area.permit:
            out.append(f"- {w['permit']}: {_inline(permit_text(area.permit))}")
        if area.body:
            out.append(f"- {w['body']}: {_inline(area.body)}" + (f" ({w['seats_total'].format(n=area.seats)})" if area.seats else ""))
        if area.documents:
            out.append(f"- {w['area_documents']}: " + ", ".join(_code(p) for p in area.documents))
        has_seats = any(m.seats is not None for m in area.members)
        out += ["", f"| {w['municipality']} | {w['labour']} |" + (f" {w['seats']} |" if has_seats else ""),
                "|---|---:|" + ("---:|" if has_seats else "")]
        for m in area.members:
            name = m.name if m.known else f"{m.name} ({w['unknown_municipality']})"
            row = f"| {_cell_text(name)} | {_number(m.labour) if m.labour is not None else w['no_figure']} |"
            if has_seats:
                row += f" {m.seats if m.seats else w['no_seat']} |"
            out.append(row)
        out.append(f"| **{w['total']}** | **{_number(area.total)}** |" + (f" **{area.seats}** |" if has_seats else ""))
        out.append("")
    return out


def _overlap(audit: Audit, w) -> list[str]:
    out = [f"## {w['overlap']}", ""]
    if not audit.overlaps:
        return out + [w["no_overlap"], ""]
    out += [f"| {w['municipality']} | {w['claimed_by']} |", "|---|---|"]
    for overlap in audit.overlaps:
        areas = "<br>".join(f"{_cell_text(name)} ({_code(path, cell=True)})" for name, path in overlap.areas)
        out.append(f"| **{_cell_text(overlap.municipality)}** | {areas} |")
    return out + [""]


def _matrices(audit: Audit, w) -> list[str]:
    lang = audit.language
    out = [f"## {w['matrix']}", "",
           f"{w['legend']}: " + "; ".join(f"{SYMBOLS[s]} {w[k]}" for s, k in LEGEND) + f"; (i) {w['note']}.", ""]
    for matrix in audit.matrices:
        columns = matrix.checklist.columns
        out += [f"### {_inline(matrix.checklist.title(lang))}", "",
                f"| {w['document']} | " + " | ".join(_cell_text(c.name(lang)) for c in columns) + " |",
                "|---|" + ":-:|" * len(columns)]
        for row in matrix.rows:
            cells = " | ".join(_cell(cell) for cell in row.cells)
            out.append(f"| {_cell_text(row.title)}<br>{_code(row.path, cell=True)} | {cells} |")
        out.append("")
    return out


def _cell(cell: Cell) -> str:
    text = SYMBOLS[cell.state]
    if cell.state == FAIL:
        text += " " + ", ".join(f"[{_inline(f.diagnostic.code)}](#{f.anchor})" for f in cell.findings)
    elif cell.state == SUPPRESSED:
        text += " " + _cell_text("; ".join(cell.reasons))
    if cell.notes:
        text += " (i)"
    return text


def _findings(audit: Audit, w) -> list[str]:
    out = [f"## {w['findings']}", ""]
    if not audit.findings:
        return out + [w["no_findings"], ""]
    parts = by_document(audit.groups)
    for path in dict.fromkeys(f.diagnostic.path for f in audit.findings):
        out += [f"### {_code(path)}", ""]
        for group, found in parts[path]:
            d = group.diagnostic
            label = w["severity_" + d.severity.label]
            reason = f" *{w['reason']}: {_inline(d.suppression)}*" if d.suppression is not None else ""
            if len(found) == 1:
                finding = found[0]
                out.append(f'- <a id="{finding.anchor}"></a>{_code(d.place(d.language))} '
                           f"**{_inline(d.code)}** ({label}): {_inline(d.message)}{reason}")
            else:  # one item, each place under it with its own words, the shared ones said once
                same = all(not group.own(f) for f in found)
                common = f": {_inline(group.common)}" if group.common and same else ""
                out.append(f"- **{_inline(d.code)}** ({label}, {w['places'].format(n=len(found))}){common}{reason}")
                for finding in found:
                    own = group.own(finding)
                    out.append(f'  - <a id="{finding.anchor}"></a>{_code(finding.diagnostic.place(d.language))}'
                               + (f" {_inline(own)}" if own else ""))
                # A blank line first: a line after the places would continue the last one's text.
                out.append("")
                if group.common and not same:
                    out += [f"  {_inline(group.common)}", ""]
            if d.citation:
                out.append(f"  {w['basis']}: {_inline(d.citation)}")
            quote = group.findings[0].quote
            if quote:
                out.append(f"  <details><summary>{w['provision']}</summary>{_inline(' '.join(quote.split()))}</details>")
        out.append("")
    return out


def _inline(text) -> str:
    """Text shown as written: on one line, no HTML, no Markdown (also inside a table cell)."""
    text = _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_cell_text = _inline  # a table cell needs nothing more: '|' is escaped everywhere


def _code(text, cell: bool = False) -> str:
    """``text`` as a code span: literal, whatever it holds (a table cell still needs its '|' escaped)."""
    text = " ".join(str(text).split()) or " "
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    if text.startswith(("`", " ")) or text.endswith(("`", " ")):
        text = f" {text} "
    if cell:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def _number(n: int | None) -> str:
    return number(n, " ")
