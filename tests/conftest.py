"""Shared fixtures: the shipped rulebook, an isolated rule cache, and a way
to check a document written on the fly.

The rule cache (``$TARKASTUS_CACHE_DIR``) is pointed at a temporary
directory for the whole session, before any test module is imported, so
that no test ever reads or writes the user's own cache; subprocesses
inherit it through the environment.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests draw the same examples on every run and every machine, so that
# a clean clone's CI passes or fails as the developer's run did; the failing
# examples found so far are pinned with @example. To search for new ones:
#   HYPOTHESIS_PROFILE=explore python -m pytest
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
DATA = Path(__file__).resolve().parent / "data"
# The law's date used wherever a test needs one: fixed, so that results do not
# change with the calendar (the stored sample outputs use the same date).
AS_OF = _dt.date(2026, 11, 23)

# A kl54 agreement in front matter that states its steering but no monitoring: fails KL54-SEURANTA only.
NO_MONITORING = """\
---
tarkastus: 1
tyyppi: kl54
ohjaus: Turku
---
# Sopimus
"""


def rule_source(rule_id: str, *clauses: str, applies: str = "kl54") -> str:
    """A minimal rule file of a user's rule directory: ``clauses`` (cites, quote, when cases) between the
    title, severity and scope it needs and the fix hints every rule has in three languages."""
    head = (f'rule {rule_id}\ntitle "Testi"\ntitle sv "Test"\ntitle en "Test"\nseverity error\n'
            f"applies-to {applies}\n")
    return head + "".join(clause.rstrip("\n") + "\n" for clause in clauses) + 'fix "f"\nfix sv "f"\nfix en "f"\n'

_SAVED_ENV: dict[str, str | None] = {}
_CACHE_DIR: str | None = None


def pytest_configure(config):
    global _CACHE_DIR
    _CACHE_DIR = tempfile.mkdtemp(prefix="tarkastus-test-cache-")
    for name in ("TARKASTUS_CACHE_DIR", "TARKASTUS_NO_CACHE"):
        _SAVED_ENV[name] = os.environ.get(name)
    os.environ["TARKASTUS_CACHE_DIR"] = _CACHE_DIR
    os.environ.pop("TARKASTUS_NO_CACHE", None)


def pytest_unconfigure(config):
    for name, value in _SAVED_ENV.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    if _CACHE_DIR:
        shutil.rmtree(_CACHE_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def book():
    """The shipped rule pack, built from source (not from any cache)."""
    from tarkastus.rulebook import load_rulebook

    return load_rulebook(use_cache=False)


@pytest.fixture(scope="session")
def shapes(book):
    return book.shapes


@pytest.fixture
def write_doc(tmp_path):
    """Write ``text`` to ``tmp_path/<name><suffix>`` and return the path."""

    def write(text: str, suffix: str = ".md", name: str = "sopimus") -> Path:
        path = tmp_path / f"{name}{suffix}"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def check_text(write_doc, book):
    """Write a document and check it; returns the ``engine.Report``.

    Keyword arguments are ``engine.Options`` fields; ``as_of`` defaults to
    the fixed test date.
    """
    from tarkastus.engine import Options, check

    def run(text: str, suffix: str = ".md", name: str = "sopimus", **options):
        options.setdefault("as_of", AS_OF)
        path = write_doc(text, suffix, name)
        return check([path], book, Options(**options))

    return run


@pytest.fixture
def load_text(write_doc, shapes):
    """Write a document and load it; returns the ``loader.Document``."""
    from tarkastus.documents.loader import load

    def run(text: str, suffix: str = ".md", name: str = "sopimus"):
        return load(write_doc(text, suffix, name), shapes)

    return run


@functools.lru_cache(maxsize=1)
def shipped_rulebook():
    """The shipped rules parsed and checked, uncompiled: for collecting params."""
    from tarkastus.resources import data_dir
    from tarkastus.rulebook import build_rulebook

    return build_rulebook([data_dir("rules")])


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def grows_linearly(work, small, large, factor: int = 20) -> bool:
    """Whether ``work(large)`` takes less than 4x the linear share of ``work(small)`` (``large`` is ``factor`` x).

    The best of three runs of each, with the garbage collector off: late in
    the suite the heap is large, and the collections that allocating many
    objects triggers cost in the heap's size, not in the input's. Linear work
    grows ``factor`` times, quadratic work ``factor`` squared.
    """
    import gc
    import time

    def best(argument) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            work(argument)
            times.append(time.perf_counter() - start)
        return min(times)

    gc.disable()
    try:
        small_time, large_time = best(small), best(large)
    finally:
        gc.enable()
    return large_time < max(small_time, 0.002) * factor * 4


# ---- a real browser (tests/test_browser.py, tests/test_serve_browser.py) ----------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-domain-reliability", "--disable-client-side-phishing-detection"]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed ({CHROMIUM}); run tests/install-browser"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _browser_missing()
    if missing:
        if os.environ.get("TARKASTUS_SKIP_BROWSER") == "1":
            pytest.skip(missing)
        pytest.fail(f"{missing}; or set TARKASTUS_SKIP_BROWSER=1 to skip the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
