"""``tarkastus audit``: the guidance audit of a set of agreements as one report.

``run_audit`` takes a finished check (a ``workspace.Run``, with the
documents' keys kept) and writes the HTML page and/or the Markdown report.
A file in the way that tarkastus did not write is moved to a backup first
(``output.write_report``: each report carries a marker comment).
"""

from __future__ import annotations

from ..diagnostics import TarkastusError
from ..output import OutputError, write_report
from .checklists import ChecklistError, load as load_checklists
from .model import build

__all__ = ["AuditError", "run_audit"]


class AuditError(TarkastusError):
    """A problem the user can fix: a bad checklists file, an unwritable report.

    ``text`` is the catalogue message, when there is one (said in the command line's language).
    """

    def __init__(self, message: str, text=None) -> None:
        super().__init__(message)
        self.text = text


def run_audit(run, html_file: str | None, markdown_file: str | None) -> list[str]:
    """Build the audit of ``run`` and write the reports; returns notes for the user."""
    from ..engine import matches_code, rule_runs
    from ..resources import data_dir

    book = run.book
    dirs = [data_dir("rules")]
    for settings, *_ in run.groups:
        dirs += [d for d in settings.rule_dirs if d not in dirs]
    try:
        checklists = load_checklists(dirs, {rule.id for rule in book.rules})
    except ChecklistError as exc:
        from ..messages import say

        raise AuditError(f"tarkistuslistat: {exc}", say("cli.checklists", error=exc.text if exc.text is not None else str(exc))) from None

    by_path = {}
    for settings, options, group_book, files in run.groups:
        compiled = {c.rule.id: c for c in group_book.compiled}
        for _, shown in files:
            by_path[shown] = (settings, options, compiled)

    def ran(rule_id: str, view) -> bool:
        settings, options, compiled = by_path.get(view.origin, (None, None, {}))
        rule = compiled.get(rule_id)
        if rule is None or not rule_runs(rule, options, view.get("tyyppi")):
            return False
        return not matches_code((rule_id, *rule.rule.aliases), settings.ignored_for(view.origin))

    audit = build(run.report, book, checklists, ran)
    notes = []
    try:
        if html_file:
            from .html import render

            notes += write_report(html_file, render(audit))
        if markdown_file:
            from .markdown import render as render_markdown

            notes += write_report(markdown_file, render_markdown(audit))
    except OutputError as exc:
        raise AuditError(str(exc), exc.text) from None
    return notes
