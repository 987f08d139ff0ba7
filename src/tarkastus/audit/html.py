"""The audit as one self-contained HTML page.

Nothing is fetched: the styles and the one script are inline, the charts
are SVG drawn here, there is no font or image file. Collapsible parts are
``<details>``; the print stylesheet opens them and drops the navigation.
The page is the same for the same input (no time stamps), so a report kept
in a repository only changes when the findings do.

The page is complete without its script (progressive enhancement): the
findings by document, identical ones as one entry, every matrix with its
document column fixed while it scrolls sideways. The script (``page.js``)
only adds what needs one: grouping the findings by rule, filtering them by
severity and rule, sorting a matrix by a column and saving it as CSV. Its
controls are in the page, ``hidden`` until it runs, with their words in the
page's language; printing leaves them out.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from importlib.resources import files

from .. import __version__
from ..diagnostics import Severity
from .model import (FAIL, NOT_APPLICABLE, PASS, SUPPRESSED, THRESHOLD, UNCHECKED, Area, Audit, Cell, Finding, Group,
                    Matrix, by_document)
from .words import number as _number, permit_text, words

# The second line, after the doctype: how a later run recognises the page it
# may replace (pages of earlier versions by their exact generated head).
MARKER = "<!-- tarkastus audit -->"
_EARLIER_HEAD = re.compile(r'<!DOCTYPE html>\n<html lang="[a-z]{2}">\n<head>\n<meta charset="utf-8">\n'
                           r'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                           r'<meta name="generator" content="tarkastus ')


def is_report(head: str, tail: str) -> bool:
    return head.startswith(f"<!DOCTYPE html>\n{MARKER}\n") or _EARLIER_HEAD.match(head) is not None


SYMBOLS = {PASS: "✓", FAIL: "✗", SUPPRESSED: "⊘", UNCHECKED: "–", NOT_APPLICABLE: "·"}
# The cell states in the legend, with the key of their explanation in words.py.
LEGEND = ((PASS, "pass"), (FAIL, "fail"), (SUPPRESSED, "suppressed_cell"), (UNCHECKED, "unchecked"),
          (NOT_APPLICABLE, "none"))

_CSS = """
:root{--ink:#1d2430;--muted:#5b6573;--line:#d5dae1;--bg:#f6f7f9;--error:#b3261e;--warning:#9a6700;
--info:#1f5f99;--ok:#1e7b34;--sup:#6b4fa3;--bar:#4f7cac;--focus:#0b57d0}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fff}
header{background:var(--bg);border-bottom:1px solid var(--line);padding:1.2rem 2rem}
header h1{margin:0 0 .3rem;font-size:1.5rem}
header p{margin:0;color:var(--muted)}
nav{padding:.5rem 2rem;border-bottom:1px solid var(--line);font-size:.9rem}
nav a{margin-right:1.2rem}
main{padding:0 2rem 3rem;max-width:1400px}
h2{margin-top:2.2rem;border-bottom:2px solid var(--line);padding-bottom:.2rem}
h3{margin:1.6rem 0 .5rem}
a{color:#0b57d0}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
code,.path{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.88em}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem;min-width:9rem;background:#fff}
.card b{display:block;font-size:1.6rem;line-height:1.2}
.card span{color:var(--muted);font-size:.85rem}
.card.error b{color:var(--error)}.card.warning b{color:var(--warning)}.card.info b{color:var(--info)}
.card.suppressed b{color:var(--sup)}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem;margin:.4rem 0 .8rem}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.area{border:1px solid var(--line);border-radius:8px;padding:0 1.2rem 1rem;margin:1rem 0;break-inside:avoid}
.status{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;margin:.1rem 0}
.status.ok{background:#e3f3e6;color:var(--ok)}.status.permit,.status.warning{background:#fff3d6;color:var(--warning)}
.status.below,.status.error{background:#fbe4e2;color:var(--error)}
a.status{text-decoration:none}a.status:hover{text-decoration:underline}
svg.area-chart{max-width:100%;height:auto;display:block;margin:.4rem 0}
svg.area-chart text{font:12px system-ui,sans-serif;fill:var(--ink);paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg.area-chart .total text{font-weight:700}
table{border-collapse:collapse;margin:.4rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
thead th{background:var(--bg);font-weight:600;font-size:.85rem}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.unknown{color:var(--error)}
.scroll{overflow-x:auto;max-width:100%}
.matrix-tools{margin:.2rem 0}
button{font:inherit;font-size:.85rem;color:inherit}
.matrix-tools button{border:1px solid var(--line);background:var(--bg);border-radius:4px;padding:.15rem .6rem;cursor:pointer}
/* Separate borders: a sticky cell keeps its own border while the row scrolls under it. */
table.matrix{border-collapse:separate;border-spacing:0}
table.matrix th,table.matrix td{border:0;border-right:1px solid var(--line);border-bottom:1px solid var(--line)}
table.matrix tr>:first-child{border-left:1px solid var(--line)}
table.matrix thead th{border-top:1px solid var(--line)}
table.matrix .doc{position:sticky;left:0;z-index:1;background:#fff;min-width:14rem;max-width:22rem;
box-shadow:2px 0 0 var(--line)}
table.matrix thead .doc{background:var(--bg);z-index:2}
table.matrix th.doc{font-weight:normal}
table.matrix thead th.doc{font-weight:600}
table.matrix .doc .path{overflow-wrap:anywhere}
/* Headers break between words only; a matrix too wide for them turns them upright. */
table.matrix thead th.col{min-width:5.5rem;overflow-wrap:normal;word-break:normal;hyphens:manual}
table.matrix thead th small{display:block;color:var(--muted);font-weight:normal}
table.matrix.upright thead th.col{min-width:2.6rem;max-width:none;vertical-align:bottom;padding:.4rem .2rem}
table.matrix.upright thead th.col .label{display:inline-block;writing-mode:vertical-rl;text-orientation:sideways;
transform:rotate(180deg);max-height:11rem;text-align:left;white-space:normal}
button.sort{all:unset;cursor:pointer;display:block;width:100%;text-align:inherit}
button.sort:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
th[aria-sort] button.sort::after{display:block;color:var(--focus);font-size:.8rem}
th[aria-sort=ascending] button.sort::after{content:"▲"}th[aria-sort=descending] button.sort::after{content:"▼"}
td.cell{text-align:center;font-size:1.05rem;min-width:2.6rem}
td.cell a{text-decoration:none;color:inherit}
td.pass{color:var(--ok)}td.fail{background:#fbe4e2;color:var(--error);font-weight:700}
td.fail.warning{background:#fff3d6;color:var(--warning)}
td.suppressed{background:#efe9f8;color:var(--sup)}
td.unchecked,td.none{color:#9aa3ae}
td.cell .reason{display:block;font-size:.72rem;max-width:10rem;margin:auto;color:var(--sup);
overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
table.matrix.upright td.cell .reason{max-width:5rem}
td.cell .note{font-size:.7rem;vertical-align:super;color:var(--info);margin-left:.15rem}
td.cell sup{font-size:.7rem}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.4rem;font-size:.9rem}
ul.legend b{display:inline-block;width:1.2rem;text-align:center}
tr.overlap td{background:#fbe4e2}
form.controls{display:flex;flex-wrap:wrap;gap:.6rem 1.6rem;align-items:center;background:var(--bg);
border:1px solid var(--line);border-radius:6px;padding:.5rem 1rem;margin:1rem 0;font-size:.9rem}
form.controls fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .9rem;align-items:center}
form.controls legend{float:left;font-weight:600;margin-right:.6rem;padding:0}
form.controls label{white-space:nowrap}
form.controls .rule-filter span{font-weight:600;margin-right:.4rem}
form.controls select{font:inherit}
form.controls .shown{margin:0;color:var(--muted);flex-basis:100%}
.filtered{display:none}
.finding{border-left:4px solid var(--line);padding:.4rem .8rem;margin:.6rem 0;background:#fff}
.finding.error{border-color:var(--error)}.finding.warning{border-color:var(--warning)}
.finding.info{border-color:var(--info)}.finding.is-suppressed{border-color:var(--sup);opacity:.85}
.finding li:target{background:#fffbe6;outline:2px solid #f2c94c}
.finding .head{display:flex;flex-wrap:wrap;gap:.3rem .7rem;align-items:baseline}
.finding .count{color:var(--muted);font-size:.9rem}
.sev{font-size:.78rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em}
.error .sev{color:var(--error)}.warning .sev{color:var(--warning)}.info .sev{color:var(--info)}
.finding p{margin:.25rem 0}
ul.hits{list-style:none;margin:.25rem 0;padding:0}
/* An entry of several places says their shared words once (p.common), a single place says them itself. */
.finding .common{display:none}
.finding.many .common{display:block}
.finding.many ul.hits{list-style:disc;padding-left:1.2rem}
.finding.many ul.hits .tail{display:none}
ul.hits li{margin:.1rem 0}
ul.hits li .path{margin-right:.4rem;color:var(--muted)}
.finding .meta{color:var(--muted);font-size:.9rem}
/* A code frame keeps its caret under the words: it scrolls in its own box rather than widen the page. */
.finding pre{overflow-x:auto;max-width:100%;margin:.3rem 0;padding:.3rem .5rem;background:var(--bg);font-size:.85rem}
.finding .title{font-weight:600}
section.rule h3 code{font-size:1em;margin-right:.3rem}
#by-rule .finding .head code,#by-rule .finding .head .title{display:none}  /* the rule's heading says them */
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:3px solid var(--line);color:#333;white-space:pre-line}
details summary{cursor:pointer;color:var(--muted);font-size:.9rem}
footer{color:var(--muted);font-size:.85rem;padding:1rem 2rem;border-top:1px solid var(--line)}
@media (max-width:1000px){
  header,nav{padding-left:1rem;padding-right:1rem}
  main{padding:0 1rem 2rem}
  table.matrix .doc{min-width:12.5rem;max-width:16rem}
}
@media print{
  nav,form.controls,.matrix-tools{display:none}
  body{font-size:10.5pt}
  header{background:none;padding:0 0 .5rem}
  main{padding:0;max-width:none}
  a{color:inherit;text-decoration:none}
  .scroll{overflow:visible}
  table{font-size:8.5pt}
  table.matrix .doc{position:static;box-shadow:none;min-width:9rem}
  tr,.finding,.area{break-inside:avoid}
  h2,h3{break-after:avoid}
  details::details-content{content-visibility:visible;display:block}
  details>summary{list-style:none}
  td.cell .reason{white-space:normal;overflow:visible}
  .finding pre{white-space:pre-wrap;overflow-wrap:anywhere}  /* on paper nothing scrolls */
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .finding li:target{outline:none;background:none}
}
"""


def render(audit: Audit) -> str:
    w = words(audit.language)
    files = sorted({f.diagnostic.path for f in audit.findings} | set(audit.paths))
    file_ids = {path: f"file-{n}" for n, path in enumerate(files, 1)}
    parts = [
        "<!DOCTYPE html>",
        MARKER,
        f'<html lang="{escape(audit.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="tarkastus {escape(__version__)}">',
        f"<title>{escape(w['title'])}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(w['title'])}</h1>",
        f"<p>{escape(w['law'])} {audit.as_of.day}.{audit.as_of.month}.{audit.as_of.year}</p>",
        "</header>",
        '<nav aria-label="' + escape(w["contents"]) + '">'
        + "".join(f'<a href="#{key}">{escape(w[label])}</a>' for key, label in
                  (("summary", "summary"), ("areas", "areas"), ("overlap", "overlap"),
                   ("checklists", "matrix"), ("findings", "findings")))
        + "</nav>",
        "<main>",
        _summary(audit, w),
        _areas(audit, w, file_ids),
        _overlap(audit, w, file_ids),
        _matrices(audit, w, file_ids),
        _findings(audit, w, files, file_ids),
        "</main>",
        f"<footer>{escape(w['generator'].format(version=__version__))}</footer>",
        _script(w),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _summary(audit: Audit, w) -> str:
    cards = [("", audit.files, w["documents"])]
    if audit.unreadable:
        cards.append(("error", len(audit.unreadable), w["unreadable"]))
    cards += [("error", audit.severities[Severity.ERROR], w["errors"]),
              ("warning", audit.severities[Severity.WARNING], w["warnings"]),
              ("info", audit.severities[Severity.INFO], w["infos"]),
              ("suppressed", audit.suppressed, w["suppressed"])]
    html = ['<section id="summary">', f"<h2>{escape(w['summary'])}</h2>", '<div class="cards">']
    for kind, number, label in cards:
        html.append(f'<div class="card {kind}"><b>{number}</b><span>{escape(label)}</span></div>')
    html.append("</div>")
    html.append('<dl class="facts">')
    html.append(f"<dt>{escape(w['law'])}</dt><dd>{audit.as_of.isoformat()}</dd>")
    for doc_type, number in audit.by_type.items():
        html.append(f"<dt>{escape(w.get(doc_type, doc_type))}</dt><dd>{number}</dd>")
    html.append("</dl></section>")
    return "\n".join(html)


def threshold_state(area: Area) -> str:
    if area.meets_threshold:
        return "ok"
    return "permit" if area.permit else "below"


def _areas(audit: Audit, w, file_ids) -> str:
    html = ['<section id="areas">', f"<h2>{escape(w['areas'])}</h2>"]
    if not audit.areas:
        html.append(f"<p>{escape(w['no_areas'])}</p>")
    for n, area in enumerate(audit.areas, 1):
        state = threshold_state(area)
        label = {"ok": w["meets"], "permit": w["below_permit"], "below": w["below"]}[state]
        html.append(f'<article class="area" id="area-{n}">')
        html.append(f"<h3>{escape(area.name)} {_badges(area, state, label, w)}</h3>")
        html.append('<dl class="facts">')
        html.append(f"<dt>{escape(w['area_file'])}</dt><dd>{_file_link(area.path, file_ids)}</dd>")
        if area.model:
            html.append(f"<dt>{escape(w['model'])}</dt><dd>{escape(w.get('model_' + area.model, area.model))}</dd>")
        html.append(f"<dt>{escape(w['lead'])}</dt><dd>{escape(area.lead or '–')}</dd>")
        html.append(f"<dt>{escape(w['labour'])}</dt><dd>{_number(area.total)}"
                    + (f" ({escape(w['missing_labour'].format(n=area.missing))})" if area.missing else "")
                    # The badge says what is wrong with the area: the threshold is said here.
                    + (f", {escape(label)}" if area.problems else "")
                    + "</dd>")
        if area.permit:
            html.append(f"<dt>{escape(w['permit'])}</dt><dd>{escape(permit_text(area.permit))}</dd>")
        if area.body:
            html.append(f"<dt>{escape(w['body'])}</dt><dd>{escape(area.body)}"
                        + (f" ({escape(w['seats_total'].format(n=area.seats))})" if area.seats else "") + "</dd>")
        html.append("</dl>")
        html.append(chart(area, w))
        html.append(_members(area, w))
        if area.documents:
            html.append(f"<p>{escape(w['area_documents'])}: "
                        + ", ".join(_file_link(path, file_ids) for path in area.documents) + "</p>")
        html.append("</article>")
    html.append("</section>")
    return "\n".join(html)


def _badges(area: Area, state: str, label: str, w) -> str:
    """The threshold's badge; or, where the area's ALUE-* rules found something, what they found.

    "Meets the 20 000 threshold" in green would tell an auditor that the area
    is in order while a municipality is in two areas or an agreement names the
    wrong lead: the badge then names each such rule, linked to its finding.
    """
    if not area.problems:
        return f'<span class="status {state}">{escape(label)}</span>'
    first: dict[str, Finding] = {}
    for finding in area.problems:
        first.setdefault(finding.diagnostic.code, finding)
    badges = []
    for finding in sorted(first.values(), key=lambda f: (-f.diagnostic.severity, f.number)):
        d = finding.diagnostic
        badges.append(f'<a class="status {d.severity.label}" href="#{finding.anchor}" title="{escape(_tip(finding))}">'
                      f'{escape(w["severity_" + d.severity.label])}: {escape(d.title or d.code)}</a>')
    return " ".join(badges)


def _members(area: Area, w) -> str:
    has_seats = any(m.seats is not None for m in area.members)
    head = f"<th>{escape(w['municipality'])}</th><th>{escape(w['labour'])}</th>"
    if has_seats:
        head += f"<th>{escape(w['seats'])}</th>"
    rows = []
    for m in area.members:
        name = escape(m.name) + ("" if m.known else f' <span class="unknown">({escape(w["unknown_municipality"])})</span>')
        labour = _number(m.labour) if m.labour is not None else escape(w["no_figure"])
        row = f"<td>{name}</td><td class=\"num\">{labour}</td>"
        if has_seats:
            row += f"<td class=\"num\">{m.seats if m.seats else escape(w['no_seat'])}</td>"
        rows.append(f"<tr>{row}</tr>")
    total = f"<td><b>{escape(w['total'])}</b></td><td class=\"num\"><b>{_number(area.total)}</b></td>"
    if has_seats:
        total += f"<td class=\"num\"><b>{area.seats}</b></td>"
    return (f'<details><summary>{escape(w["members"])} ({len(area.members)})</summary>'
            f'<table class="members"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
            f"<tr>{total}</tr></tbody></table></details>")


def chart(area: Area, w) -> str:
    """Horizontal bars: each municipality's labour force, the total, and the 20 000 line."""
    label_w, bar_w, value_w, row_h, top = 170, 420, 130, 20, 24
    rows = len(area.members) + 1
    height = top + rows * row_h + 10
    width = label_w + bar_w + value_w
    scale = bar_w / (max(area.total, THRESHOLD) * 1.04)
    state = threshold_state(area)
    colour = {"ok": "var(--ok)", "permit": "var(--warning)", "below": "var(--error)"}[state]
    title = w["chart_label"].format(area=area.name)
    out = [f'<svg class="area-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
           f"<title>{escape(title)}</title>"]
    has_seats = any(m.seats is not None for m in area.members)
    if has_seats:  # the seats on the joint body, a column at the right
        out.append(f'<text class="seats" x="{width - 6}" y="{top - 10}" text-anchor="end">{escape(w["seats"])}</text>')
    y = top
    for m in area.members:
        out.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(_short(m.name))}</text>')
        if has_seats:
            out.append(f'<text class="seats" x="{width - 6}" y="{y + 14}" text-anchor="end">{m.seats or "–"}</text>')
        if m.labour is None:
            out.append(f'<text x="{label_w + 4}" y="{y + 14}" fill="#9aa3ae">{escape(w["no_figure"])}</text>')
        else:
            length = max(m.labour * scale, 1)
            out.append(f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 6}" fill="var(--bar)"/>')
            out.append(f'<text x="{label_w + length + 5:.1f}" y="{y + 14}">{_number(m.labour)}</text>')
        y += row_h
    length = max(area.total * scale, 1)
    out.append('<g class="total">')
    out.append(f'<text x="{label_w - 8}" y="{y + 14}" text-anchor="end">{escape(w["total"])}</text>')
    out.append(f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="{row_h - 4}" fill="{colour}"/>')
    out.append(f'<text x="{label_w + length + 5:.1f}" y="{y + 14}">{_number(area.total)}</text>')
    if has_seats:
        out.append(f'<text class="seats" x="{width - 6}" y="{y + 14}" text-anchor="end">{area.seats}</text>')
    out.append("</g>")
    x = label_w + THRESHOLD * scale
    out.append(f'<line class="threshold" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{y + row_h}" '
               'stroke="var(--error)" stroke-width="1.5" stroke-dasharray="5 3"/>')
    out.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle">{escape(w["threshold"])}</text>')
    out.append("</svg>")
    return "".join(out)


def _overlap(audit: Audit, w, file_ids) -> str:
    html = ['<section id="overlap">', f"<h2>{escape(w['overlap'])}</h2>"]
    if not audit.overlaps:
        html.append(f"<p>{escape(w['no_overlap'])}</p></section>")
        return "\n".join(html)
    html.append(f'<table class="overlap"><thead><tr><th>{escape(w["municipality"])}</th>'
                f'<th>{escape(w["claimed_by"])}</th><th>{escape(w["findings"])}</th></tr></thead><tbody>')
    for overlap in audit.overlaps:
        areas = "<br>".join(f"{escape(name)} ({_file_link(path, file_ids)})" for name, path in overlap.areas)
        links = ", ".join(f'<a href="#{f.anchor}">{escape(f.diagnostic.code)}</a>' for f in overlap.findings)
        html.append(f'<tr class="overlap"><td><b>{escape(overlap.municipality)}</b></td><td>{areas}</td>'
                    f"<td>{links or '–'}</td></tr>")
    html.append("</tbody></table></section>")
    return "\n".join(html)


def _matrices(audit: Audit, w, file_ids) -> str:
    html = ['<section id="checklists">', f"<h2>{escape(w['matrix'])}</h2>", f"<p><b>{escape(w['legend'])}</b></p>",
            '<ul class="legend">']
    for state, key in LEGEND:
        html.append(f'<li><b>{SYMBOLS[state]}</b> {escape(w[key])}</li>')
    html.append(f'<li><b><span class="note">i</span></b> {escape(w["note"])}</li></ul>')
    for number, matrix in enumerate(audit.matrices, 1):
        html.append(_matrix(matrix, audit, w, file_ids, number))
    html.append("</section>")
    return "\n".join(html)


# Upright column headers when the headers' longest words would not fit side by
# side in a 1,400 px window (the document column and borders take the rest).
# Widths in ems of the header font (.85rem, bold): an estimate, so with room.
_HEADER_ROOM = 62
_WORD = re.compile(r"\S+")


def upright(names: list[str], citations: list[str]) -> bool:
    """Whether a matrix with these column headers turns them upright (its longest words side by side overflow)."""
    width = 0.0
    for name, citation in zip(names, citations):
        longest = max((len(word) for word in _WORD.findall(name)), default=0)
        small = max((len(word) for word in _WORD.findall(citation)), default=0)
        width += max(longest * 0.66, small * 0.55, 3.5) + 1.2  # the padding and the border
    return width > _HEADER_ROOM


def _matrix(matrix: Matrix, audit: Audit, w, file_ids, number: int) -> str:
    lang = audit.language
    checklist = matrix.checklist
    names = [c.name(lang) for c in checklist.columns]
    citations = [c.citation(lang) for c in checklist.columns]
    head = "".join(f'<th scope="col" class="col" title="{escape(citation)}"><span class="label">'
                   f'<span class="name">{escape(name)}</span><small>{escape(citation)}</small></span></th>'
                   for name, citation in zip(names, citations))
    rows = []
    for row in matrix.rows:
        cells = "".join(_cell(cell, w, audit) for cell in row.cells)
        rows.append(f'<tr><th scope="row" class="doc"><span class="title">{escape(row.title)}</span><br>'
                    f"{_file_link(row.path, file_ids, breaks=True)}</th>{cells}</tr>")
    title = checklist.title(lang)
    table_id = f"matrix-{number}"
    heading_id = f"checklist-{escape(checklist.key)}"
    kind = "matrix upright" if upright(names, citations) else "matrix"
    return (f'<h3 id="{heading_id}">{escape(title)}</h3>'
            f'<div class="matrix-tools" data-for="{table_id}" hidden><button type="button" class="csv" '
            f'aria-label="{escape(w["csv_label"].format(title=title))}">{escape(w["csv"])}</button></div>'
            f'<div class="scroll" role="region" tabindex="0" '
            f'aria-label="{escape(w["matrix_region"].format(title=title))}">'
            f'<table class="{kind}" id="{table_id}" data-checklist="{escape(checklist.key)}">'
            f'<thead><tr><th scope="col" class="doc">{escape(w["document"])}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _codes(findings) -> str:
    return escape(", ".join(dict.fromkeys(f.diagnostic.code for f in findings)))


def _cell(cell: Cell, w, audit: Audit) -> str:
    symbol = SYMBOLS[cell.state]
    notes = "".join(f'<a class="note" href="#{f.anchor}" title="{escape(_tip(f))}">i</a>'
                    for f in cell.notes)
    # The rules' codes for the CSV export (the script reads them; a passing cell has none).
    data = (f' data-codes="{_codes(cell.findings)}"' if cell.findings else "") + \
           (f' data-notes="{_codes(cell.notes)}"' if cell.notes else "")
    if cell.state == FAIL:
        first = cell.findings[0]
        worst = max(f.diagnostic.severity for f in cell.findings)
        more = f"<sup>{len(cell.findings)}</sup>" if len(cell.findings) > 1 else ""
        tip = " | ".join(_tip(f) for f in cell.findings)
        return (f'<td class="cell fail {worst.label}"{data}><a href="#{first.anchor}" title="{escape(tip)}">'
                f"{symbol}{more}</a>{notes}</td>")
    if cell.state == SUPPRESSED:
        reason = " | ".join(cell.reasons)
        return (f'<td class="cell suppressed"{data}><a href="#{cell.findings[0].anchor}" title="{escape(reason)}">'
                f'{symbol}</a><span class="reason">{escape(reason)}</span>{notes}</td>')
    titles = {PASS: w["pass"], UNCHECKED: w["unchecked"], NOT_APPLICABLE: w["none"]}
    return f'<td class="cell {cell.state}" title="{escape(titles[cell.state])}"{data}>{symbol}{notes}</td>'


def _tip(finding) -> str:
    d = finding.diagnostic
    return f"{d.code}: {d.message}"


def _category(d) -> str:
    """What the severity filter calls a finding: its severity, or a deliberate deviation."""
    return "suppressed" if d.suppression is not None else d.severity.label


def _findings(audit: Audit, w, files, file_ids) -> str:
    """Every file, each with its findings (identical ones as one entry) or a line saying it has none."""
    html = ['<section id="findings">', f"<h2>{escape(w['findings'])}</h2>"]
    parts = by_document(audit.groups)
    if not files:
        html.append(f"<p>{escape(w['no_findings'])}</p>")
    if audit.findings:
        html.append(_controls(audit, w))
    html.append('<div id="by-document">')
    for path in files:
        # One line: the script moves the entries out and back, so nothing may lie between them.
        found = parts.get(path, [])
        entries = "".join(_entry(group, findings, w) for group, findings in found) or \
            f'<p class="meta">{escape(w["no_findings"])}</p>'
        html.append(f'<section class="doc"><h3 id="{file_ids[path]}" class="path">{escape(path)}</h3>{entries}</section>')
    html.append('</div><div id="by-rule" hidden></div>')
    html.append("</section>")
    return "\n".join(html)


def _controls(audit: Audit, w) -> str:
    """The findings' grouping and filters: in the page for the script to show (hidden without it)."""
    counts = {"error": 0, "warning": 0, "info": 0, "suppressed": 0}
    rules: dict[str, int] = {}
    for finding in audit.findings:
        counts[_category(finding.diagnostic)] += 1
        rules[finding.diagnostic.code] = rules.get(finding.diagnostic.code, 0) + 1
    labels = {"error": w["errors"], "warning": w["warnings"], "info": w["infos"], "suppressed": w["suppressed"]}
    group = "".join(f'<label><input type="radio" name="group" value="{value}"{" checked" if value == "document" else ""}>'
                    f" {escape(w[label])}</label>" for value, label in (("document", "by_document"), ("rule", "by_rule")))
    boxes = "".join(f'<label><input type="checkbox" name="cat" value="{cat}" checked> {escape(labels[cat])} ({n})</label>'
                    for cat, n in counts.items() if n)
    options = "".join(f'<option value="{escape(code)}">{escape(code)} ({n})</option>' for code, n in sorted(rules.items()))
    return (f'<form class="controls" hidden aria-label="{escape(w["controls"])}">'
            f'<fieldset><legend>{escape(w["group_by"])}</legend>{group}</fieldset>'
            f'<fieldset><legend>{escape(w["show"])}</legend>{boxes}</fieldset>'
            f'<label class="rule-filter"><span>{escape(w["rule"])}</span><select name="rule">'
            f'<option value="">{escape(w["all_rules"])}</option>{options}</select></label>'
            '<p class="shown" role="status" aria-live="polite"></p></form>')


def _entry(group: Group, findings: list[Finding], w) -> str:
    """One entry for identical findings of a file: each place with its own words, the rest once."""
    d = group.diagnostic
    classes = (f"finding {d.severity.label}" + (" is-suppressed" if d.suppression is not None else "")
               + (" many" if len(findings) > 1 else ""))
    count = f'<span class="count">{escape(w["places"].format(n=len(findings)))}</span>' if len(findings) > 1 else ""
    out = [f'<article class="{classes}" data-key="{group.key}" data-rule="{escape(d.code)}" '
           f'data-cat="{_category(d)}">',
           f'<div class="head"><span class="sev">{escape(w["severity_" + d.severity.label])}</span>'
           f"<code>{escape(d.code)}</code>"
           + (f'<span class="title">{escape(d.title)}</span>' if d.title else "") + count + "</div>"]
    common = f'<p class="common">{escape(group.common)}</p>' if group.common else ""
    same = group.common and all(not group.own(f) for f in group.findings)
    if same:  # the same message at every place: said first, then the places
        out.append(common)
    out.append('<ul class="hits">')
    for finding in findings:
        out.append(_hit(group, finding, w))
    out.append("</ul>")
    if common and not same:  # the sentences every message ends with, after their own parts
        out.append(common)
    if d.suppression is not None:
        out.append(f'<p class="meta">{escape(w["reason"])}: {escape(d.suppression)}</p>')
    if d.citation:
        out.append(f'<p class="meta">{escape(w["basis"])}: {escape(d.citation)}</p>')
    if d.fix and d.suppression is None:
        out.append(f'<p class="meta">{escape(w["fix"])}: {escape(d.fix)}</p>')
    if group.findings[0].quote:
        out.append(f"<details><summary>{escape(w['provision'])}</summary>"
                   f"<blockquote>{escape(group.findings[0].quote.strip())}</blockquote></details>")
    out.append("</article>")
    return "".join(out)


def _hit(group: Group, finding: Finding, w) -> str:
    d = finding.diagnostic
    own = group.own(finding)
    # The shared words too, for when this place is shown alone (CSS hides them in an entry of several).
    tail = f'<span class="tail">{escape(group.common)}</span>' if group.common else ""
    out = [f'<li id="{finding.anchor}"><span class="path">{escape(d.place(d.language))}</span> '
           f'<span class="message">{escape(own)}{" " if own and tail else ""}{tail}</span>']
    if d.related:
        places = ", ".join(escape(place) for place in d.related_places(d.language))
        out.append(f'<p class="meta">{escape(w["related"])}: {places}</p>')
    if d.context:
        out.append(f"<pre>{escape(d.context.rstrip())}</pre>")
    out.append("</li>")
    return "".join(out)


def _file_link(path: str, file_ids, breaks: bool = False) -> str:
    """A path linked to its findings; ``breaks``: the line may break after a '/' (in a narrow column)."""
    text = escape(path).replace("/", "/<wbr>") if breaks else escape(path)
    anchor = file_ids.get(path)
    if anchor is None:
        return f'<span class="path">{text}</span>'
    return f'<a class="path" href="#{anchor}">{text}</a>'


@lru_cache(maxsize=1)
def _page_script() -> str:
    return files(__package__).joinpath("page.js").read_text(encoding="utf-8")


def _script(w) -> str:
    """The page's one script, inline, and the words it says (in the page's language)."""
    said = {"document": w["document"], "file": w["file"], "note": w["note"], "sort": w["sort"],
            "separator": w["csv_separator"], "places": w["places"], "in_documents": w["in_documents"],
            "shown": w["shown"],
            "states": {state: w["state_" + state] for state in (PASS, FAIL, SUPPRESSED, UNCHECKED, NOT_APPLICABLE)}}
    # "</" cannot end the script element early: JSON allows "<\/" for "</".
    data = json.dumps(said, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return (f'<script type="application/json" id="audit-words">{data}</script>\n'
            f"<script>{_page_script()}</script>")


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
