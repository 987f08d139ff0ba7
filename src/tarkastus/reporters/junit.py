"""JUnit XML for CI systems that show test reports (GitLab, Jenkins, Azure).

One test suite; one test case per checked file and rule that found
something (a failure per finding), and one passing case per clean file.
Suppressed findings are skipped cases with their justification.
"""

from __future__ import annotations

import re
from itertools import groupby
from xml.sax.saxutils import escape as _escape, quoteattr as _quoteattr

from ..diagnostics import Severity
from ..documents.converted import locator_in

# What every JUnit report of tarkastus begins with: how ``-o`` recognises it.
HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tarkastus" tests="'
# XML 1.0 allows only these characters (§2.2); a file name or a document's
# text may hold others (control characters), which would make the report
# unreadable to every XML parser.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def is_report(head: str, tail: str) -> bool:
    return head.startswith(HEADER)


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


def escape(text: str) -> str:
    return _escape(_xml(text))


def quoteattr(text: str) -> str:
    return _quoteattr(_xml(text))


def render(report, stream, **_options) -> None:
    cases = []
    failures = skipped = 0
    by_path = {path: list(group) for path, group in groupby(report.diagnostics, key=lambda d: d.path)}
    for path in sorted(set(report.paths) | set(by_path)):
        found = by_path.get(path, [])
        if not found:
            cases.append(f'    <testcase classname={quoteattr(path)} name="tarkastus"/>')
            continue
        for d in found:
            where = locator_in(d.locator, d.language) if d.locator else f"{d.position.line}:{d.position.column}"
            name = quoteattr(f"{d.code} {where}")
            if d.suppression is not None:
                skipped += 1
                cases.append(f"    <testcase classname={quoteattr(path)} name={name}>"
                             f"<skipped message={quoteattr(d.suppression)}/></testcase>")
                continue
            failures += 1
            body = escape(f"{d.place(d.language)}: {d.message}\n{d.citation}\n{d.fix}".rstrip())
            kind = "error" if d.severity is Severity.ERROR else d.severity.label
            cases.append(f"    <testcase classname={quoteattr(path)} name={name}>"
                         f"<failure message={quoteattr(d.message)} type={quoteattr(kind)}>{body}</failure></testcase>")
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<testsuites name="tarkastus" tests="{len(cases)}" failures="{failures}" skipped="{skipped}">\n')
    stream.write(f'  <testsuite name="tarkastus" tests="{len(cases)}" failures="{failures}" errors="0" '
                 f'skipped="{skipped}">\n')
    stream.write("\n".join(cases) + ("\n" if cases else ""))
    stream.write("  </testsuite>\n</testsuites>\n")
