"""The errors of rule files: one base, ``RuleError``, for loading and for evaluation.

Kept apart from the parser so that the evaluator, which runs on the fast
path of a cached rule pack, can raise them without importing lark. Every
error carries the rule file, a 1-based position in it and a message: a
catalogue message (``text``; ``message`` is its Finnish) wherever tarkastus
words it, so that the report says it in its language; ``diagnostic()``
makes the TARK-SAANTO ``Diagnostic`` that every rule-file problem becomes.
"""

from __future__ import annotations

from functools import lru_cache

from ..diagnostics import Diagnostic, Position, Severity, TarkastusError, caret_context
from ..messages import Message, say

RULE_FIX = say("lang.rule.fix")
TABLE_FIX = say("lang.table.fix")
EVALUATION_FIX = say("lang.bound.fix")


class RuleError(TarkastusError):
    """A problem in a rule file (or a data table of the rules), with its position."""

    code = "TARK-SAANTO"
    fix = RULE_FIX

    def __init__(self, path: str, pos: Position, message: Message | str, source: str = "") -> None:
        self.path = path
        self.pos = pos
        self.text = message if isinstance(message, Message) else None
        self.message = str(message)
        self.context = caret_context(source, pos) if source else ""
        super().__init__(f"{path}:{pos.line}:{pos.column}: {self.message}")

    def diagnostic(self) -> Diagnostic:
        if self.text is None:  # worded where it was raised (a data table's own words)
            return Diagnostic(self.code, Severity.ERROR, self.path, self.pos, self.message, fix=str(self.fix),
                              fix_text=self.fix, context=self.context)
        return Diagnostic.said(self.code, Severity.ERROR, self.path, self.pos, self.text, self.fix,
                               context=self.context)


class RuleSyntaxError(RuleError):
    pass


class TableError(RuleError):
    """A malformed entry of provisions.yaml, statutes.yaml or kunnat.yaml."""

    fix = TABLE_FIX


class EvaluationError(RuleError):
    """A rule that went past a bound of evaluation (``limits``) on one document.

    Raised at the expression that went past it: ``path`` and ``pos`` are
    that expression's place in its rule (or definitions) file, ``rule`` and
    ``document`` say which rule was running on which document (the engine's
    report of a failed rule names them). The caret context is read from the
    rule file only when it is asked for: the evaluator has no sources.
    """

    fix = EVALUATION_FIX

    def __init__(self, path: str, pos: Position, message: Message | str, rule: str | None = None,
                 document: str | None = None) -> None:
        self.rule = rule
        self.document = document
        self._context: str | None = None
        super().__init__(path, pos, message)

    @property
    def context(self) -> str:
        if self._context is None:
            self._context = _context_from_file(self.path, self.pos)
        return self._context

    @context.setter
    def context(self, value: str) -> None:
        self._context = value or None


def _context_from_file(path: str, pos: Position) -> str:
    import os

    try:  # the file as it is now: a relative path means another file after a chdir
        info = os.stat(path)
    except (OSError, ValueError):
        return ""
    text = _source(os.path.abspath(path), info.st_mtime_ns, info.st_size)
    return caret_context(text, pos) if text else ""


@lru_cache(maxsize=16)
def _source(path: str, mtime_ns: int, size: int) -> str:
    """A rule file's text for caret contexts ("" if it cannot be read), read as loading reads it.

    Many documents can meet the same bound of one rule: the file is read once.
    """
    from pathlib import Path

    from .sources import read_source

    try:
        return read_source(Path(path), path)
    except RuleError:
        return ""
