"""The page of ``tarkastus serve``: the upload form and the report, as one server-rendered HTML page.

Complete without script: the form is a plain multipart POST to ``/`` whose
answer is this page with the report; the quoted provisions are
``<details>``; the downloads are ``data:`` links (the report is not kept on
the server, so there is nothing to fetch later). The inline script
(``page.js``) only adds dropping files on the form, the list of chosen
files and a "checking…" state. Styles and script are inline, with the
response's CSP nonce; nothing is loaded from anywhere, not even from this
server. Every word is a catalogue entry (``serve.*``) in the page's
language, which is also the ``lang`` of the page.

Accessibility (WCAG 2.1 AA): a skip link, one ``h1`` and headings in order,
every control labelled, the language links marked with their own
language, findings that say their severity in words (not only by colour),
colours of at least 4.5:1 contrast, a visible focus, and the order of the
page the order of reading.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from functools import lru_cache
from html import escape
from importlib.resources import files as _files

from .. import __version__
from ..audit.model import FAIL, NOT_APPLICABLE, PASS, SUPPRESSED, UNCHECKED, Finding
from ..diagnostics import Severity
from ..messages import text
from ..vocabulary import DOCUMENT_TYPES, LANGUAGES
from .review import DocumentReview, Line, Mark, Part, Review

LANGUAGE_NAMES = {"fi": "serve.lang.fi", "sv": "serve.lang.sv", "en": "serve.lang.en"}
TYPE_NAMES = {"kl54": "serve.type.kl54", "yhteistoimintasopimus": "serve.type.yhteistoimintasopimus",
              "järjestämissuunnitelma": "serve.type.jarjestamissuunnitelma"}
HOW_WORDS = {"avain": "serve.how.key", "otsikko": "serve.how.heading", "lause": "serve.how.sentence",
             "lykätty": "serve.how.deferred", "tieto": "serve.how.fact"}
STATE_WORDS = {PASS: "serve.state.pass", FAIL: "serve.state.fail", SUPPRESSED: "serve.state.suppressed",
               UNCHECKED: "serve.state.unchecked", NOT_APPLICABLE: "serve.state.none"}
SYMBOLS = {PASS: "✓", FAIL: "✗", SUPPRESSED: "⊘", UNCHECKED: "–", NOT_APPLICABLE: "·"}
SEVERITY_WORDS = {Severity.ERROR: "severity.error", Severity.WARNING: "severity.warning",
                  Severity.INFO: "severity.info"}
CARD_WORDS = {Severity.ERROR: "serve.errors", Severity.WARNING: "serve.warnings", Severity.INFO: "serve.infos"}
ACCEPT = ".docx,.odt,.pdf,.md,.markdown,.yaml,.yml,.doc,.docm,.rtf"


class Download:
    """A file the page offers: its name, media type and content (made into a ``data:`` link)."""

    def __init__(self, label_key: str, filename: str, media_type: str, content: str) -> None:
        self.label_key, self.filename, self.media_type, self.content = label_key, filename, media_type, content

    @property
    def href(self) -> str:
        data = base64.b64encode(self.content.encode("utf-8")).decode("ascii")
        return f"data:{self.media_type};charset=utf-8;base64,{data}"


def render(lang: str, nonce: str, max_upload: str, *, values: dict | None = None, review: Review | None = None,
           error: str | None = None, downloads: tuple = ()) -> str:
    """The whole page in ``lang``: the form (with ``values`` as sent), then the error or the report."""
    def t(key: str, **fill) -> str:
        return text(key, lang, **fill)

    values = values or {}
    title = t("serve.title")
    body = [_header(lang, t), '<main id="main" tabindex="-1">', f"<h1>{escape(title)}</h1>",
            f'<p class="lead">{escape(t("serve.intro"))}</p>', _form(lang, t, values, max_upload)]
    if error is not None:
        body.append(f'<section id="tulos" class="problem" aria-labelledby="tulos-h" role="alert">'
                    f'<h2 id="tulos-h">{escape(t("serve.error.heading"))}</h2><p>{escape(error)}</p></section>')
    if review is not None:
        body.append(_report(review, t, downloads))
    body.append("</main>")
    body.append(f'<footer><p>{escape(t("serve.privacy"))}</p>'
                f'<p>{escape(t("serve.generator", version=__version__))}</p></footer>')
    words = json.dumps({"busy": t("serve.busy"), "chosen": t("serve.chosen"), "kb": t("serve.size.kb", n="{n}"),
                        "mb": t("serve.size.mb", n="{n}")},
                       ensure_ascii=False).replace("</", "<\\/")
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(title if review is None else t('serve.title_report', title=title))}</title>",
        f'<style nonce="{nonce}">{_asset("page.css")}</style>',
        "</head>",
        "<body>",
        f'<a class="skip" href="#main">{escape(t("serve.skip"))}</a>',
        *body,
        f'<script type="application/json" id="serve-words">{words}</script>',
        f'<script nonce="{nonce}">{_asset("page.js")}</script>',
        "</body>",
        "</html>",
    ]) + "\n"


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return _files(__package__).joinpath(name).read_text(encoding="utf-8")


def _header(lang: str, t) -> str:
    links = []
    for code in LANGUAGES:
        name = escape(text(LANGUAGE_NAMES[code], code))  # each language by its own name
        current = ' aria-current="page"' if code == lang else ""
        links.append(f'<li><a href="/?kieli={code}" lang="{code}" hreflang="{code}"{current}>{name}</a></li>')
    return (f'<header class="top"><p class="brand">tarkastus</p>'
            f'<nav aria-label="{escape(t("serve.languages"))}"><ul>{"".join(links)}</ul></nav></header>')


def _form(lang: str, t, values: dict, max_upload: str) -> str:
    chosen_type = values.get("tyyppi", "")
    types = [f'<option value="">{escape(t("serve.type.auto"))}</option>'] + [
        f'<option value="{escape(kind)}"{" selected" if kind == chosen_type else ""}>{escape(t(TYPE_NAMES[kind]))}'
        "</option>" for kind in DOCUMENT_TYPES]
    languages = "".join(f'<option value="{code}" lang="{code}"{" selected" if code == lang else ""}>'
                        f"{escape(text(LANGUAGE_NAMES[code], code))}</option>" for code in LANGUAGES)
    as_of = values.get("as_of") or _dt.date.today().isoformat()
    return (
        f'<form id="upload" method="post" action="/?kieli={lang}#tulos" enctype="multipart/form-data">'
        '<div class="drop" id="drop">'
        f'<label for="file" class="big">{escape(t("serve.files"))}</label>'
        f'<p class="hint" id="file-hint">{escape(t("serve.files.hint", mb=max_upload))}</p>'
        f'<input type="file" id="file" name="file" multiple required accept="{ACCEPT}" aria-describedby="file-hint">'
        f'<p class="drop-here" hidden>{escape(t("serve.drop"))}</p>'
        '<ul id="chosen" class="chosen" aria-live="polite"></ul>'
        "</div>"
        f'<fieldset class="settings"><legend>{escape(t("serve.settings"))}</legend>'
        f'<div class="field"><label for="tyyppi">{escape(t("serve.type"))}</label>'
        f'<select id="tyyppi" name="tyyppi" aria-describedby="tyyppi-hint">{"".join(types)}</select>'
        f'<p class="hint" id="tyyppi-hint">{escape(t("serve.type.hint"))}</p></div>'
        f'<div class="field"><label for="as_of">{escape(t("serve.as_of"))}</label>'
        f'<input type="date" id="as_of" name="as_of" value="{escape(as_of)}" aria-describedby="as_of-hint">'
        f'<p class="hint" id="as_of-hint">{escape(t("serve.as_of.hint"))}</p></div>'
        f'<div class="field"><label for="kieli">{escape(t("serve.kieli"))}</label>'
        f'<select id="kieli" name="kieli">{languages}</select></div>'
        "</fieldset>"
        f'<p class="actions"><button type="submit" id="submit">{escape(t("serve.submit"))}</button>'
        '<span id="busy" class="busy" role="status" aria-live="polite"></span></p>'
        "</form>")


# ---- the report --------------------------------------------------------------------------------------

def _counts(counts: dict, t) -> str:
    return t("report.found", **{name: t(f"count.{name[:-1]}.{'one' if counts[s] == 1 else 'many'}", n=counts[s])
                                for name, s in (("errors", Severity.ERROR), ("warnings", Severity.WARNING),
                                                ("infos", Severity.INFO))})


def _date(day) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def _report(review: Review, t, downloads) -> str:
    several = len(review.documents) > 1
    out = ['<section id="tulos" aria-labelledby="tulos-h">', f'<h2 id="tulos-h">{escape(t("serve.result"))}</h2>',
           '<div class="summary">',
           f'<p class="counts">{escape(_counts(review.counts, t))}</p>',
           f'<p>{escape(t("serve.law", date=_date(review.as_of)))}</p>',
           '<ul class="cards">']
    for severity, kind in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        n = review.counts.get(severity, 0)
        out.append(f'<li class="card {kind}"><b>{n}</b> <span>{escape(t(CARD_WORDS[severity]))}</span></li>')
    out.append("</ul>")
    if downloads:
        out.append(f'<div class="downloads"><h3>{escape(t("serve.download"))}</h3><ul>')
        for item in downloads:
            out.append(f'<li><a class="button" download="{escape(item.filename)}" href="{item.href}">'
                       f'{escape(t(item.label_key))}</a></li>')
        out.append("</ul></div>")
    out.append("</div>")
    if several:
        out.append(_contents(review, t))
        out.append(_across(review, t))
    for document in review.documents:
        out.append(_document(document, review, t))
    out.append("</section>")
    return "\n".join(out)


def _contents(review: Review, t) -> str:
    items = "".join(f'<li><a href="#{d.anchor}">{escape(d.name)}</a> — {escape(_counts(d.counts, t))}</li>'
                    for d in review.documents)
    return f'<nav class="documents" aria-label="{escape(t("serve.documents"))}"><ul>{items}</ul></nav>'


def _across(review: Review, t) -> str:
    """Several documents: the audit's areas, checklists and the findings across documents."""
    audit = review.audit
    out = ['<section class="across" aria-labelledby="across-h">',
           f'<h2 id="across-h">{escape(t("serve.across"))}</h2>']
    for area in audit.areas:
        state = "ok" if area.meets_threshold else ("permit" if area.permit else "below")
        status = t({"ok": "serve.area.meets", "permit": "serve.area.permit", "below": "serve.area.below"}[state])
        members = ", ".join(m.name for m in area.members)
        out.append(f'<div class="area"><h3>{escape(area.name)}</h3><dl>'
                   f'<dt>{escape(t("serve.area.lead"))}</dt><dd>{escape(area.lead or "–")}</dd>'
                   f'<dt>{escape(t("serve.area.members"))}</dt><dd>{escape(members or "–")}</dd>'
                   f'<dt>{escape(t("serve.area.labour"))}</dt><dd>{_number(area.total)} '
                   f'<span class="status {state}">{escape(status)}</span></dd></dl></div>')
    for matrix in audit.matrices:
        lang = audit.language
        head = "".join(f'<th scope="col">{escape(c.name(lang))}<small>{escape(c.citation(lang))}</small></th>'
                       for c in matrix.checklist.columns)
        rows = []
        for row in matrix.rows:
            number = next((d.number for d in review.documents if d.name == row.path), 0)
            cells = "".join(_cell(cell, t) for cell in row.cells)
            rows.append(f'<tr><th scope="row"><a href="#d{number}">{escape(row.path)}</a></th>{cells}</tr>')
        out.append(f'<h3>{escape(matrix.checklist.title(lang))}</h3><div class="scroll" role="region" tabindex="0" '
                   f'aria-label="{escape(matrix.checklist.title(lang))}"><table class="matrix"><thead><tr>'
                   f'<th scope="col">{escape(t("serve.document"))}</th>{head}</tr></thead>'
                   f'<tbody>{"".join(rows)}</tbody></table></div>')
    if review.across:
        out.append(f'<h3>{escape(t("serve.across.findings"))}</h3>')
        numbers = {d.name: d.anchor for d in review.documents}
        out.extend(_finding(f, t, numbers.get(f.diagnostic.path), anchored=False) for f in review.across)
    out.append("</section>")
    return "\n".join(out)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _cell(cell, t) -> str:
    word = escape(t(STATE_WORDS[cell.state]))
    symbol = f'<span aria-hidden="true">{SYMBOLS[cell.state]}</span> <span class="state-word">{word}</span>'
    if cell.findings:
        codes = ", ".join(dict.fromkeys(f.diagnostic.code for f in cell.findings))
        return (f'<td class="cell {cell.state}"><a href="#{cell.findings[0].anchor}">{symbol}'
                f'<span class="codes">{escape(codes)}</span></a></td>')
    return f'<td class="cell {cell.state}">{symbol}</td>'


def _document(document: DocumentReview, review: Review, t) -> str:
    anchor = document.anchor
    meta = []
    if document.doc_type:
        meta.append(t(TYPE_NAMES.get(document.doc_type, "serve.type.auto")) if document.doc_type in TYPE_NAMES
                    else document.doc_type)
    if document.type_chosen:
        meta.append(t("serve.type.chosen"))
    elif document.from_text and document.doc_type:
        meta.append(t("serve.read_from_text"))
    if document.language in LANGUAGE_NAMES:
        meta.append(t("serve.written_in", language=t(LANGUAGE_NAMES[document.language])))
    out = [f'<article class="document" id="{anchor}" aria-labelledby="{anchor}-h">',
           f'<h2 id="{anchor}-h" class="docname">{escape(document.name)}</h2>',
           f'<p class="meta">{escape(" · ".join(meta))}</p>' if meta else "",
           f'<p class="counts">{escape(_counts(document.counts, t))}</p>']
    if document.elsewhere:
        out.append(f'<section class="elsewhere" aria-labelledby="{anchor}-h {anchor}-x"><h3 id="{anchor}-x">'
                   f'{escape(t("serve.whole"))}</h3>')
        out.extend(_finding(f, t, None) for f in document.elsewhere)
        out.append("</section>")
    if document.parts:
        out.append(f'<section class="text" aria-labelledby="{anchor}-h {anchor}-t"><h3 id="{anchor}-t">'
                   f'{escape(t("serve.text"))}</h3>'
                   f'<p class="hint">{escape(t("serve.text.hint"))} <mark class="sample">'
                   f'{escape(t("serve.evidence"))}</mark></p>')
        for number, part in enumerate(document.parts, 1):
            out.append(_part(part, document, number, t))
        out.append("</section>")
    if document.provisions or document.checklists:
        out.append(_provisions(document, t))
    out.append("</article>")
    return "\n".join(out)


def _part(part: Part, document: DocumentReview, number: int, t) -> str:
    anchor = f"{document.anchor}-p{number}"
    flagged = " flagged" if part.findings else ""
    out = [f'<div class="part{flagged}" id="{anchor}">', '<div class="words">']
    if part.front:
        out.append(f'<p class="front-title">{escape(t("serve.front"))}</p><pre class="front">')
        out.append("\n".join(_line_html(line, document, plain=True) for line in part.lines))
        out.append("</pre>")
    else:
        if part.title is not None:
            level = "h4" if part.level <= 1 else "h5"
            at_heading = [f for f in part.findings if f.diagnostic.position.line == part.line]
            worst = max((f.diagnostic.severity for f in at_heading), default=None)
            flag = f" flag {worst.label}" if worst is not None else ""
            jump = "".join(f'<a class="to-finding" href="#{f.anchor}">{escape(f.diagnostic.code)}</a>'
                           for f in at_heading)
            title = part.heading_line.rstrip().rstrip("#").rstrip()
            out.append(f'<{level} class="dh{flag}" id="{document.anchor}-L{part.line}">'
                       f"{_marked(title, part.heading_marks, part.heading_start)}{jump}</{level}>")
        out.append(_blocks(part.lines, document))
    out.append("</div>")
    out.append('<div class="beside">')
    shown = {line.number for line in part.lines if line.kind != "blank"} | {part.line}
    for finding in part.findings:
        line = finding.diagnostic.position.line
        out.append(_finding(finding, t, f"{document.anchor}-L{line}" if line in shown else anchor))
    out.append("</div></div>")
    return "".join(out)


def _blocks(lines: list[Line], document: DocumentReview) -> str:
    """Paragraphs, lists and tables from the part's lines, in order."""
    out, open_kind = [], None
    for line in lines:
        kind = line.kind
        if kind != open_kind:
            out.append({"p": "", "item": "</ul>", "row": "</tbody></table>"}.get(open_kind or "", ""))
            if kind == "item":
                out.append("<ul>")
            elif kind == "row":
                out.append('<table class="doc-table"><tbody>')
            open_kind = kind
        if kind == "blank":
            open_kind = None
            continue
        out.append(_line_html(line, document))
    out.append({"item": "</ul>", "row": "</tbody></table>"}.get(open_kind or "", ""))
    return "".join(out)


def _line_html(line: Line, document: DocumentReview, plain: bool = False) -> str:
    anchor = f'{document.anchor}-L{line.number}'
    worst = max((f.diagnostic.severity for f in line.findings), default=None)
    classes = f' class="flag {worst.label}"' if worst is not None else ""
    jump = "".join(f'<a class="to-finding" href="#{f.anchor}">{escape(f.diagnostic.code)}</a>' for f in line.findings)
    if plain:
        return f'<span id="{anchor}"{classes}>{_marked(line.text, line.marks, 0)}</span>{jump}'
    if line.kind == "row":
        cells = _cells(line)
        tag = "th" if line.header else "td"
        scope = ' scope="col"' if line.header else ""
        inner = "".join(f"<{tag}{scope}>{_marked(line.text[s:e], _shift(line.marks, s, e), 0)}</{tag}>"
                        for s, e in cells)
        return f'<tr id="{anchor}"{classes}>{inner}{"<td>" + jump + "</td>" if jump else ""}</tr>'
    tag = "li" if line.kind == "item" else "p"
    return f'<{tag} id="{anchor}"{classes}>{_marked(line.text, line.marks, line.start)}{jump}</{tag}>'


def _cells(line: Line) -> list[tuple[int, int]]:
    out, text = [], line.text
    edges = [i for i, ch in enumerate(text) if ch == "|"]
    for a, b in zip(edges, edges[1:]):
        start, end = a + 1, b
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out or [(0, len(text))]


def _shift(marks: list[Mark], start: int, end: int) -> list[Mark]:
    return [Mark(max(m.start, start) - start, min(m.end, end) - start, m.labels, m.anchor)
            for m in marks if m.start < end and m.end > start]


def _marked(line: str, marks: list[Mark], start: int) -> str:
    """``line`` from column ``start`` with the evidence marked (each mark says what was read, for every reader)."""
    out, at = [], start
    for mark in marks:
        a, b = max(mark.start, start), max(mark.end, start)
        if b <= at:
            continue
        a = max(a, at)
        out.append(escape(line[at:a]))
        label = "; ".join(mark.labels)
        out.append(f'<mark id="{mark.anchor}" title="{escape(label)}">{escape(line[a:b])}</mark>'
                   f'<span class="vh"> ({escape(label)})</span>')
        at = b
    out.append(escape(line[at:]))
    return "".join(out)


def _finding(finding: Finding, t, target: str | None, anchored: bool = True) -> str:
    """A finding: severity in words, code, message, place (linked to ``target``, where the text shows
    it), basis, the provision folded, the fix."""
    d = finding.diagnostic
    kind = d.severity.label
    suppressed = d.suppression is not None
    place = d.place(d.language)
    out = [f'<article class="finding {kind}{" is-suppressed" if suppressed else ""}"'
           + (f' id="{finding.anchor}"' if anchored else "") + ">",
           f'<p class="head"><span class="sev">{escape(t(SEVERITY_WORDS[d.severity]))}</span> '
           f"<code>{escape(d.code)}</code>" + (f' <span class="title">{escape(d.title)}</span>' if d.title else "")
           + "</p>",
           f'<p class="message">{escape(d.message)}</p>',
           f'<p class="place">{escape(t("serve.place"))}: <a href="#{target}">{escape(place)}</a></p>'
           if target is not None else f'<p class="place">{escape(t("serve.place"))}: {escape(place)}</p>']
    if d.related:
        out.append(f'<p class="place">{escape(t("serve.see_also"))}: '
                   f'{escape(", ".join(d.related_places(d.language)))}</p>')
    if suppressed:
        out.append(f'<p class="reason">{escape(t("serve.suppressed", reason=d.suppression))}</p>')
    if d.citation:
        out.append(f'<p class="basis">{escape(t("serve.basis"))}: {escape(d.citation)}</p>')
    if finding.quote:
        note = f' <span class="note">{escape(t("serve.quote_in_finnish"))}</span>' if d.language != "fi" else ""
        out.append(f'<details class="quote"><summary>{escape(t("serve.provision"))}</summary>'
                   f'<blockquote lang="fi">{escape(finding.quote.strip())}</blockquote>{note}</details>')
    if d.fix and not suppressed:
        out.append(f'<div class="fix"><p class="label">{escape(t("serve.fix"))}</p>'
                   f"<pre>{escape(d.fix.strip())}</pre></div>")
    out.append("</article>")
    return "".join(out)


def _provisions(document: DocumentReview, t) -> str:
    anchor = document.anchor
    out = [f'<section class="provisions" aria-labelledby="{anchor}-h {anchor}-m"><h3 id="{anchor}-m">'
           f'{escape(t("serve.provisions"))}</h3>']
    if document.provisions:
        # What needs work first: missing, then deferred, then found.
        rank = {None: 0, "lykätty": 1}
        ordered = sorted(document.provisions, key=lambda p: rank.get(p.how, 2))
        out.append(f'<table class="provision-list"><thead><tr><th scope="col">{escape(t("serve.provision.name"))}</th>'
                   f'<th scope="col">{escape(t("serve.provision.state"))}</th>'
                   f'<th scope="col">{escape(t("serve.provision.words"))}</th></tr></thead><tbody>')
        for item in ordered:
            name = escape(item.description or item.name)
            if item.how is None:
                state = f'<span class="state missing">{escape(t("serve.provision.missing"))}</span>'
                words = ""
            else:
                how = t(HOW_WORDS.get(item.how, "serve.how.fact"))
                where = f' <a href="#{item.anchor}">{escape(item.where)}</a>' if item.anchor else \
                    (f" {escape(item.where)}" if item.where else "")
                kind = "deferred" if item.how == "lykätty" else "found"
                state = f'<span class="state {kind}">{escape(how)}</span>{where}'
                words = escape(item.words)
            out.append(f"<tr><th scope=\"row\">{name} <code>{escape(item.name)}</code></th><td>{state}</td>"
                       f"<td class=\"words\">{words}</td></tr>")
        out.append("</tbody></table>")
    for row in document.checklists:
        out.append(f'<h4>{escape(row.title)}</h4><ul class="checklist">')
        for name, citation, cell in row.columns:
            word = escape(t(STATE_WORDS[cell.state]))
            codes = ", ".join(dict.fromkeys(f.diagnostic.code for f in cell.findings))
            link = f' <a href="#{cell.findings[0].anchor}">{escape(codes)}</a>' if cell.findings else ""
            out.append(f'<li class="{cell.state}"><span class="symbol" aria-hidden="true">{SYMBOLS[cell.state]}</span>'
                       f' <span class="name">{escape(name)}</span> <small>{escape(citation)}</small>'
                       f' <span class="state-word">{word}</span>{link}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)
