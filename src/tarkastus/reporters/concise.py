"""One line a finding: ``path:line:col: CODE [severity] message`` (grep- and editor-friendly)."""

from __future__ import annotations


def render(report, stream, show_suppressed: bool = False, **_options) -> None:
    for d in report.diagnostics:
        if d.suppression is not None and not show_suppressed:
            continue
        mark = " (suppressed)" if d.suppression is not None else ""
        stream.write(f"{d.path}:{d.position.line}:{d.position.column}: {d.code} "
                     f"[{d.severity.label}]{mark} {d.message}\n")
