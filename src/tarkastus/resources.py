"""Where the grammar and the shipped rules are.

In a built wheel they are package data (``tarkastus/grammar``,
``tarkastus/rules``, placed there by the build's force-include); in a source
checkout (an editable install) they are the top-level ``grammar/`` and
``rules/`` directories, which are the canonical copies.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    source = _PACKAGE.parents[1] / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"tarkastus data directory '{name}' is missing from the installation")
