"""Quick fixes for a finding: its own fix (the missing section among them), a deliberate deviation.

* A finding's own fix (``Diagnostic.autofix``, made and checked by the
  engine, fixes.py): a safe one (a municipality's or a statute's spelling,
  a date, a key) is offered as the preferred action, an unsafe one marked
  as such. "Insert the missing section" is one of these: the ``init``
  skeleton's heading with ``[täydennä]`` under it, at its place in the
  numbering, the headings after it renumbered (``skeleton.missing_section``).
* "Add a deliberate deviation": a ``poikkeukset`` entry in the front matter
  (or the YAML file), or a ``<!-- tarkastus: ohita … -->`` comment above
  the section the finding is in (suppressions.py), each with the
  skeleton's placeholder as its reason. A placeholder is not a reason, so
  the deviation suppresses nothing until the drafters write one
  (TARK-POIKKEUS says so meanwhile).

Edits are ``buffer.TextEdit``s (0-based, code points); the server turns
them into a workspace edit.
"""

from __future__ import annotations

import json
from typing import NamedTuple

from ..messages import text
from .buffer import Buffer, TextEdit


class Action(NamedTuple):
    title: str
    edits: list[TextEdit]
    diagnostic: object  # the finding it fixes
    preferred: bool = False


def actions(buffer: Buffer, findings, book, lang: str, doc_lang: str, fix_of=None) -> list[Action]:
    """The quick fixes of ``findings`` (Diagnostics of this buffer) in ``buffer``'s current text.

    ``lang`` is the language of the titles; ``doc_lang`` the language the
    document is written in (its placeholder and skeleton headings).
    ``fix_of(finding)`` is the finding's checked fix, or None (default: its
    ``autofix``); a fix's positions are in the text that was checked, which
    must be the current one.
    """
    out: list[Action] = []
    for d in findings:
        fix = fix_of(d) if fix_of is not None else getattr(d, "autofix", None)
        if fix is not None:
            out.append(_own_fix(buffer, d, fix, lang))
        if not (d.is_input_error or d.code.startswith("TARK-") or book is None or d.suppression is not None):
            out.extend(deviation_actions(buffer, d, book, lang, doc_lang))
    return out


def _own_fix(buffer: Buffer, d, fix, lang: str) -> Action:
    bom = 1 if buffer.text.startswith("\ufeff") else 0  # a fix's positions are in the text without the mark

    def at(position) -> tuple[int, int]:
        return position.line - 1, position.column - 1 + (bom if position.line == 1 else 0)

    edits = [TextEdit(at(e.start), at(e.end), e.text) for e in fix.edits]
    title = fix.message.render(lang)
    if fix.applicability != "safe":
        title = text("lsp.action.unsafe", lang, title=title)
    return Action(title, edits, d, preferred=fix.applicability == "safe")


# ---- deliberate deviations ---------------------------------------------------------------------

def deviation_actions(buffer: Buffer, d, book, lang: str, doc_lang: str) -> list[Action]:
    from ..skeleton import placeholder

    reason = placeholder(doc_lang)
    rule = book.rule(d.code)
    rule_id = rule.id if rule is not None else d.code
    out = []
    edit = _front_matter_deviation(buffer, rule_id, reason)
    if edit is not None:
        out.append(Action(text("lsp.action.deviation_front", lang, rule=rule_id, placeholder=reason), [edit], d))
    if buffer.is_markdown:
        line = d.position.line - 1
        above = [h for h in buffer.headings() if h.line <= line]
        if above and line >= buffer.body_start():
            heading = above[-1]
            comment = f'<!-- tarkastus: ohita {rule_id} perustelu="{reason}" -->\n'
            out.append(Action(text("lsp.action.deviation_comment", lang, rule=rule_id, section=heading.title,
                                   placeholder=reason), [TextEdit((heading.line, 0), (heading.line, 0), comment)], d))
    return out


def _front_matter_deviation(buffer: Buffer, rule_id: str, reason: str) -> TextEdit | None:
    """The edit that adds ``{sääntö: rule_id, perustelu: reason}`` to ``poikkeukset`` (made if missing)."""
    from yaml import ScalarNode, SequenceNode

    region = buffer.yaml_region()
    if region is None or buffer.tree() is None:
        return None
    first, end = region
    quoted = json.dumps(reason, ensure_ascii=False)  # "[täydennä]" unquoted would be a YAML list
    found = buffer.root_key("poikkeukset")
    if found is None:
        block = f"poikkeukset:\n  - sääntö: {rule_id}\n    perustelu: {quoted}\n"
        last = end - 1
        while last >= first and (not buffer.line(last).strip() or buffer.line(last).lstrip().startswith("#")):
            last -= 1  # after the last key's lines, before trailing comments and blank lines
        at = last + 1
        if at >= len(buffer.lines) or (buffer.is_yaml and at == end and buffer.lines[-1] != ""):
            return TextEdit((len(buffer.lines) - 1, len(buffer.lines[-1])), (len(buffer.lines) - 1,
                            len(buffer.lines[-1])), "\n" + block.rstrip("\n"))
        return TextEdit((at, 0), (at, 0), block)
    key, value = found
    if isinstance(value, ScalarNode) and value.value in ("", None) and value.tag.endswith(":null"):
        row = first + key.start_mark.line
        indent = " " * key.start_mark.column
        line = buffer.line(row)
        return TextEdit((row, len(line)), (row, len(line)),
                        f"\n{indent}  - sääntö: {rule_id}\n{indent}    perustelu: {quoted}")
    if isinstance(value, SequenceNode) and not value.flow_style and value.value:
        item = value.value[0]
        row = first + item.start_mark.line
        dash = buffer.line(row).rfind("-", 0, item.start_mark.column)
        dash = dash if dash >= 0 else max(0, item.start_mark.column - 2)
        indent = " " * dash
        inner = " " * item.start_mark.column
        last = value.value[-1]
        last_row = first + last.end_mark.line - (1 if last.end_mark.column == 0 else 0)
        return TextEdit((last_row + 1, 0), (last_row + 1, 0),
                        f"{indent}- sääntö: {rule_id}\n{inner}perustelu: {quoted}\n")
    return None
