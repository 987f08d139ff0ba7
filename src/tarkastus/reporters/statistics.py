"""``--statistics``: how many findings each rule produced, most first."""

from __future__ import annotations

import re
from collections import Counter

from .i18n import word

# A line of this report: how ``-o`` recognises an earlier one (every line is one).
LINE = re.compile(r" *\d+  \S+ +\[[^\]]+\]( .*)?")


def is_report(head: str, tail: str) -> bool:
    from ..output import lines_all_match

    return lines_all_match(LINE, head, tail)


def render(report, stream, book=None, **_options) -> None:
    lang = getattr(report, "language", "fi")
    counts = Counter(d.code for d in report.active)
    titles = {r.id: r.title_in(lang) for r in (book.rules if book is not None else [])}
    severities = {d.code: d.severity for d in report.active}
    width = max((len(str(n)) for n in counts.values()), default=1)
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        stream.write(f"{n:>{width}}  {code:<24} [{word(lang, severities[code])}] {titles.get(code, '')}".rstrip() + "\n")
