"""The JSON report, schema version 1 (documented in the README).

    {"version": 1, "tool": {"name", "version"}, "as_of": "2026-11-23",
     "diagnostics": [{"code", "severity", "path", "line", "column",
                      "message", "citation", "fix", ["language"], ["locator", "where"], ["related"],
                      ["autofix"]}],
     "summary": {"files", "errors", "warnings", "infos", "suppressed", "by_code"}}

A finding covered by a deliberate deviation carries
``"suppressed": {"justification": "…"}`` and is not counted in the summary.
A diagnostic whose message, citation and fix are not in Finnish says in
which language they are (``"language": "sv"``; ``--kieli auto`` gives each
agreement's findings in the agreement's own language). A
``locator`` is as the reader stored it, in Finnish (the same in every
language); ``where`` is that place in the diagnostic's language.

``fix`` is the hint in words (a string, as it has always been). A finding
that ``check --fix`` can fix also carries ``autofix``: ``{"applicability":
"safe"|"unsafe", "message", "edits": [{"start": {"line", "column"}, "end":
{…}, "text"}]}``, positions 1-based in the file's text, ``end`` exclusive.
"""

from __future__ import annotations

import json

from .. import __version__
from ..diagnostics import Severity


def to_data(report) -> dict:
    by_code: dict[str, int] = {}
    for d in report.active:
        by_code[d.code] = by_code.get(d.code, 0) + 1
    return {
        "version": 1,
        "tool": {"name": "tarkastus", "version": __version__},
        "as_of": report.as_of.isoformat(),
        "diagnostics": [d.to_dict() for d in report.diagnostics],
        "summary": {
            "files": report.files,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            "suppressed": len(report.suppressed),
            "by_code": dict(sorted(by_code.items())),
        },
    }


# What every JSON report begins with (``json.dump`` with ``indent=2``): how
# ``-o`` recognises an earlier report it may replace without a backup.
HEADER = '{\n  "version": 1,\n  "tool": {\n    "name": "tarkastus",\n'


def is_report(head: str, tail: str) -> bool:
    return head.startswith(HEADER)


def render(report, stream, **_options) -> None:
    json.dump(to_data(report), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
