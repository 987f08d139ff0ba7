"""The audit as GitHub-flavoured Markdown, for a pull-request comment.

The same sections as the HTML page, with the checklist matrices as tables;
the findings are listed, the quoted provisions folded in ``<details>``
(GitHub renders them; elsewhere they read as plain text).
"""

from __future__ import annotations

from itertools import groupby

from .. import __version__
from ..diagnostics import Severity
from .html import LEGEND, SYMBOLS, threshold_state
from .model import FAIL, SUPPRESSED, THRESHOLD, Audit, Cell
from .words import number, permit_text, words

MARKER = "<!-- tarkastus audit -->"


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
        out += [f"### {area.name}", "",
                f"- {w['area_file']}: `{area.path}`",
                f"- {w['lead']}: {area.lead or '–'}"]
        if area.model:
            out.append(f"- {w['model']}: {w.get('model_' + area.model, area.model)}")
        out.append(f"- {w['labour']}: **{_number(area.total)}** / {_number(THRESHOLD)}: {label}"
                   + (f" ({w['missing_labour'].format(n=area.missing)})" if area.missing else ""))
        if area.permit:
            out.append(f"- {w['permit']}: {_inline(permit_text(area.permit))}")
        if area.body:
            out.append(f"- {w['body']}: {area.body}" + (f" ({w['seats_total'].format(n=area.seats)})" if area.seats else ""))
        if area.documents:
            out.append(f"- {w['area_documents']}: " + ", ".join(f"`{p}`" for p in area.documents))
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
        areas = "<br>".join(f"{_cell_text(name)} (`{_cell_text(path)}`)" for name, path in overlap.areas)
        out.append(f"| **{_cell_text(overlap.municipality)}** | {areas} |")
    return out + [""]


def _matrices(audit: Audit, w) -> list[str]:
    lang = audit.language
    out = [f"## {w['matrix']}", "",
           f"{w['legend']}: " + "; ".join(f"{SYMBOLS[s]} {w[k]}" for s, k in LEGEND) + f"; (i) {w['note']}.", ""]
    for matrix in audit.matrices:
        columns = matrix.checklist.columns
        out += [f"### {matrix.checklist.title(lang)}", "",
                f"| {w['document']} | " + " | ".join(_cell_text(c.name(lang)) for c in columns) + " |",
                "|---|" + ":-:|" * len(columns)]
        for row in matrix.rows:
            cells = " | ".join(_cell(cell) for cell in row.cells)
            out.append(f"| {_cell_text(row.title)}<br>`{_cell_text(row.path)}` | {cells} |")
        out.append("")
    return out


def _cell(cell: Cell) -> str:
    text = SYMBOLS[cell.state]
    if cell.state == FAIL:
        text += " " + ", ".join(f"[{f.diagnostic.code}](#{f.anchor})" for f in cell.findings)
    elif cell.state == SUPPRESSED:
        text += " " + _cell_text("; ".join(cell.reasons))
    if cell.notes:
        text += " (i)"
    return text


def _findings(audit: Audit, w) -> list[str]:
    out = [f"## {w['findings']}", ""]
    if not audit.findings:
        return out + [w["no_findings"], ""]
    for path, group in groupby(audit.findings, key=lambda f: f.diagnostic.path):
        out += [f"### `{path}`", ""]
        for finding in group:
            d = finding.diagnostic
            label = w["severity_" + d.severity.label]
            line = (f'- <a id="{finding.anchor}"></a>`{d.path}:{d.position.line}:{d.position.column}` '
                    f"**{d.code}** ({label}): {_inline(d.message)}")
            if d.suppression is not None:
                line += f" *{w['reason']}: {_inline(d.suppression)}*"
            out.append(line)
            if d.citation:
                out.append(f"  {w['basis']}: {_inline(d.citation)}")
            if finding.quote:
                quote = " ".join(finding.quote.split())
                out.append(f"  <details><summary>{w['provision']}</summary>{_inline(quote)}</details>")
        out.append("")
    return out


def _inline(text: str) -> str:
    """Text that cannot open HTML or break a list item."""
    return " ".join(str(text).split()).replace("<", "&lt;").replace(">", "&gt;")


def _cell_text(text: str) -> str:
    return _inline(text).replace("|", "\\|")


def _number(n: int | None) -> str:
    return number(n, " ")
