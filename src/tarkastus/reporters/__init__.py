"""Reporters render a ``Report``; chosen by name with ``--format``."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "github", "junit", "concise")


def render(name: str, report, stream, **options) -> None:
    module = importlib.import_module(f".{name}", __name__)
    module.render(report, stream, **options)
