"""``tarkastus lsp``: the language server (pygls and lsprotocol, imported only by this command).

Diagnostics of the unsaved buffer as it is typed, hover documentation of
findings, rules, front-matter keys and municipalities, quick fixes (a
finding's own fix, a deliberate deviation, the missing section) and
completion of the front matter. ``server`` runs it; ``buffer``, ``hover``,
``completion`` and ``actions`` are plain functions of a document's text,
free of the protocol.
"""

from __future__ import annotations


def serve(language: str | None = None) -> None:
    """Run the language server over standard input and output."""
    from .server import serve as run

    run(language)
