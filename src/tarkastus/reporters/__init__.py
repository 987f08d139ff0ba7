"""Reporters render a ``Report``; chosen by name with ``--format``."""

from __future__ import annotations

FORMATS = ("text", "json")


def render(name: str, report, stream, **options) -> None:
    if name == "json":
        from .json import render as render_json
        render_json(report, stream, **options)
    else:
        from .text import render as render_text
        render_text(report, stream, **options)
