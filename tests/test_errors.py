"""One error hierarchy (issue 14, item 11): every error tarkastus raises for the user to fix is a
``TarkastusError``, so a front-end (the command line, the web page, the language server) catches one
class; private control-flow exceptions and ``engine.StaleCache`` (a cached rule pack to rebuild, never
shown) are the only others."""

from __future__ import annotations

import importlib
import pkgutil

import tarkastus
from tarkastus.diagnostics import TarkastusError

INTERNAL = {"tarkastus.engine.StaleCache"}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_public_error_is_a_tarkastus_error():
    for module in pkgutil.walk_packages(tarkastus.__path__, "tarkastus."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    outside = sorted(f"{c.__module__}.{c.__qualname__}" for c in set(_subclasses(Exception))
                     if c.__module__.startswith("tarkastus.") and not c.__name__.startswith("_")
                     and not issubclass(c, TarkastusError))
    assert [name for name in outside if name not in INTERNAL] == []
