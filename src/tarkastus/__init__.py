"""tarkastus: a compliance linter for Finnish municipal cooperation agreements.

The public API is small::

    from tarkastus import load_rules, check
    book = load_rules()
    report = check(["sopimukset/"], book)
    for diagnostic in report.diagnostics:
        print(diagnostic.code, diagnostic.message)
"""

__version__ = "0.1.0"

__all__ = ["__version__", "check", "load_rules"]


def load_rules(extra_dirs=None, use_cache: bool = True):
    """Load the shipped rule pack (and any extra rule directories)."""
    from .rulebook import load_rulebook

    return load_rulebook(extra_dirs, use_cache)


def check(paths, rules=None, **options):
    """Check files and directories; returns an ``engine.Report``."""
    from .engine import Options, check as _check

    return _check(paths, rules if rules is not None else load_rules(), Options(**options))
