"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

Every rule of the pack is a ``reportingDescriptor`` with its title, the
reason it exists (``fullDescription``), a ``help`` text quoting the
provision, saying how to fix a finding and how to record a deliberate
deviation, and a ``helpUri`` to the statute (or guidance) it cites. Input
problems (TARK-*) get descriptors too. Suppressed findings stay in the log
with ``suppressions[].justification``. A finding with a fix (``check --fix``)
carries it as ``fixes[]``: ``artifactChanges`` with a ``replacements`` entry
per edit, and ``properties.applicability`` (``safe`` or ``unsafe``).
"""

from __future__ import annotations

import json
import os
import re

from .. import __version__
from ..diagnostics import Severity
from ..documents.converted import locator_in
from ..messages import CATALOGUE, text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FALLBACK_URI = "https://finlex.fi/fi/laki/ajantasa/2015/20150410"


# What every SARIF log of tarkastus begins with, up to the tool's name: how
# ``-o`` recognises an earlier log (another tool's SARIF is kept as a backup).
HEADER = ('{\n  "$schema": "%s",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "tool": {\n'
          '        "driver": {\n          "name": "tarkastus",\n' % SCHEMA)
_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")
# The escapes of output.shown_path: an undecodable byte (\xHH, 80-ff), a
# control character (\xHH below 80, \uHHHH).
_SHOWN_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})")


def is_report(head: str, tail: str) -> bool:
    return head.startswith(HEADER)


def _uri(path: str) -> str:
    """A relative URI reference (RFC 3986) for a path as reports show it.

    Everything but the unreserved and the separators is percent-encoded as
    UTF-8; the escapes of ``output.shown_path`` go back to the bytes of the
    file's name, so a viewer finds the file even when its name is not UTF-8.
    """
    if os.sep == "\\":
        path = path.replace("\\", "/")
    out = []
    position = 0
    for match in _SHOWN_ESCAPE.finditer(path):
        out.append(_percent(path[position:match.start()]))
        if match.group(1):
            out.append(f"%{int(match.group(1), 16):02X}")
        else:
            out.append(_percent(chr(int(match.group(2), 16))))
        position = match.end()
    out.append(_percent(path[position:]))
    return "".join(out)


def _percent(text: str) -> str:
    return "".join(c if c in _URI_SAFE else "".join(f"%{b:02X}" for b in c.encode("utf-8", "backslashreplace"))
                   for c in text)


def _descriptor(rule, lang: str) -> dict:
    url = next((c.url for c in rule.citations if c.url), "") or _FALLBACK_URI
    help_text = "\n\n".join(part for part in (
        f"{rule.citation_in(lang)}:\n{rule.quote}" if rule.quote else rule.citation_in(lang),
        rule.fix_in(lang),
        text("sarif.deviation", lang, rule=rule.id),
    ) if part)
    return {
        "id": rule.id,
        "name": rule.id.replace("-", "_"),
        "shortDescription": {"text": rule.title_in(lang)},
        "fullDescription": {"text": rule.why_in(lang) or rule.title_in(lang)},
        "help": {"text": help_text},
        "helpUri": url,
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": list(rule.applies), "citation": rule.citation_in(lang)},
    }


def _location(path: str, position, locator: str, lang: str = "fi") -> dict:
    """A text file's place is a region; a Word or PDF file's a logical location named by its locator
    ("kohta 11, 2. kappale", "sivu 3, rivi 12"): a line of the text read from it is no line of the file."""
    if locator:
        return {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}},
                "logicalLocations": [{"fullyQualifiedName": locator_in(locator, lang), "kind": "element"}]}
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(path)},
                                 "region": {"startLine": position.line, "startColumn": position.column}}}


def _fix(path: str, fix, lang: str) -> dict:
    """A finding's fix as a SARIF ``fix``: its edits as replacements of regions of the file (an insertion
    deletes an empty region), whether it is safe in ``properties.applicability``."""
    replacements = [{"deletedRegion": {"startLine": e.start.line, "startColumn": e.start.column,
                                       "endLine": e.end.line, "endColumn": e.end.column},
                     "insertedContent": {"text": e.text}} for e in fix.edits]
    return {"description": {"text": fix.message.render(lang)},
            "artifactChanges": [{"artifactLocation": {"uri": _uri(path)}, "replacements": replacements}],
            "properties": {"applicability": fix.applicability}}


def to_data(report, book=None) -> dict:
    lang = getattr(report, "language", "fi")
    rules = [_descriptor(rule, lang) for rule in (book.rules if book is not None else [])]
    known = {r["id"] for r in rules}
    for code in sorted({d.code for d in report.diagnostics} - known):
        title = text(f"input.{code}", lang) if f"input.{code}" in CATALOGUE else code
        rules.append({"id": code, "name": code.replace("-", "_"),
                      "shortDescription": {"text": title}, "fullDescription": {"text": title},
                      "help": {"text": text("input.help", lang)}, "helpUri": _FALLBACK_URI})
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for d in report.diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVEL[d.severity],
            "message": {"text": d.message + (f" ({d.citation})" if d.citation else "")},
            "locations": [_location(d.path, d.position, d.locator, d.language)],
        }
        if d.related:
            locators = d.related_locators
            result["relatedLocations"] = [
                {"id": i, **_location(path, pos, locators[i] if i < len(locators) else "", d.language)}
                for i, (path, pos) in enumerate(d.related)]
        if d.suppression is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": d.suppression}]
        if d.autofix is not None:
            result["fixes"] = [_fix(d.path, d.autofix, d.language)]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tarkastus", "version": __version__,
                                "informationUri": "https://finlex.fi/fi/laki/ajantasa/2023/20230380",
                                "rules": rules}},
            "invocations": [{"executionSuccessful": not report.input_errors}],
            # Columns count characters (code points), as tarkastus counts them everywhere.
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {"asOf": report.as_of.isoformat(), "language": lang},
        }],
    }


def render(report, stream, book=None, **_options) -> None:
    json.dump(to_data(report, book), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
