"""Settings from ``tarkastus.toml`` or ``[tool.tarkastus]`` in ``pyproject.toml``.

For each checked file the closest configuration applies: the directories
from the file's own up to the file-system root are searched, and in each
``tarkastus.toml`` is read before ``pyproject.toml`` (a ``pyproject.toml``
without a ``[tool.tarkastus]`` table does not count). Settings are not
merged across levels: the closest file is the whole configuration, as in
ruff. ``--config FILE`` uses one file for everything; ``--isolated`` uses
none. Command-line options override the file.

Keys::

    select = ["KL54-", "OHJE-"]          # only these rules (id, alias or prefix)
    ignore = ["OHJE-MUUTTAMINEN"]
    fail-on = "warning"                  # error | warning | info
    as-of = "2025-01-01"                 # the law's date (default: today)
    kieli = "sv"                         # fi | sv | en
    rule-dirs = ["säännöt"]              # extra rule packs, relative to this file
    [per-file-ignores]
    "luonnokset/*.md" = ["OHJE-"]        # globs relative to this file
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from .diagnostics import TarkastusError
from .record import Record

KEYS = ("select", "ignore", "per-file-ignores", "rule-dirs", "fail-on", "as-of", "kieli")
SEVERITIES = ("error", "warning", "info")
LANGUAGES = ("fi", "sv", "en")


class ConfigError(TarkastusError):
    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Settings(Record):
    source: Path | None = None  # the file these came from; None = defaults
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rule_dirs: tuple[Path, ...] = ()
    fail_on: str = "error"
    as_of: _dt.date | None = None
    language: str = "fi"

    @property
    def root(self) -> Path:
        return self.source.parent if self.source is not None else Path.cwd()

    def ignored_for(self, path: str) -> tuple[str, ...]:
        """Rule ids and prefixes that per-file-ignores drop for ``path``."""
        if not self.per_file_ignores:
            return ()
        import fnmatch

        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            relative = Path(path).as_posix()
        return tuple(code for pattern, codes in self.per_file_ignores
                     if fnmatch.fnmatch(relative, pattern) for code in codes)

    def describe(self) -> dict:
        return {
            "asetustiedosto": str(self.source) if self.source else "(ei; oletukset)",
            "select": list(self.select), "ignore": list(self.ignore),
            "per-file-ignores": {pattern: list(codes) for pattern, codes in self.per_file_ignores},
            "rule-dirs": [str(d) for d in self.rule_dirs], "fail-on": self.fail_on,
            "as-of": self.as_of.isoformat() if self.as_of else "(tänään)", "kieli": self.language,
        }


def _strings(path: Path, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, f"'{key}' on luettelo tekstejä, esimerkiksi {key} = [\"OHJE-\"].")
    return tuple(v.strip().upper() if key != "rule-dirs" else v for v in value)


def parse(path: Path, table: dict) -> Settings:
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], KEYS, n=1)
        hint = f" Tarkoititko '{close[0]}'?" if close else ""
        raise ConfigError(path, f"tuntematon asetus '{unknown[0]}'.{hint} Asetukset: {', '.join(KEYS)}.")
    settings = Settings(source=path)
    if "select" in table:
        settings.select = _strings(path, "select", table["select"])
    if "ignore" in table:
        settings.ignore = _strings(path, "ignore", table["ignore"])
    if "rule-dirs" in table:
        settings.rule_dirs = tuple((path.parent / d).resolve() for d in _strings(path, "rule-dirs", table["rule-dirs"]))
        for directory in settings.rule_dirs:
            if not directory.is_dir():
                raise ConfigError(path, f"sääntöhakemistoa {directory} ei ole.")
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(path, "'per-file-ignores' on taulukko: \"polku/*.md\" = [\"TUNNUS\"].")
        settings.per_file_ignores = tuple((pattern, _strings(path, f"per-file-ignores.{pattern}", codes))
                                          for pattern, codes in value.items())
    if "fail-on" in table:
        if table["fail-on"] not in SEVERITIES:
            raise ConfigError(path, f"'fail-on' on yksi arvoista {', '.join(SEVERITIES)}.")
        settings.fail_on = table["fail-on"]
    if "as-of" in table:
        value = table["as-of"]
        try:
            settings.as_of = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
        except ValueError:
            raise ConfigError(path, f"'as-of' ei ole päivämäärä: {value!r} (muoto 2025-01-01).") from None
    if "kieli" in table:
        if table["kieli"] not in LANGUAGES:
            raise ConfigError(path, f"'kieli' on yksi arvoista {', '.join(LANGUAGES)}.")
        settings.language = table["kieli"]
    return settings


def read(path: Path) -> Settings | None:
    """The settings in ``path``; None for a pyproject.toml without [tool.tarkastus]."""
    import tomllib  # only when there is a file to read

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(path, f"tiedostoa ei voi lukea ({exc.strerror or exc}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"virheellinen TOML: {exc}.") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("tarkastus")
        if table is None:
            return None
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(path, "asetusten pitää olla taulukko.")
    return parse(path, table)


class Resolver:
    """Finds the settings for each file, reading each configuration once."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self.explicit = read(explicit) if explicit is not None else None
        if explicit is not None and self.explicit is None:
            raise ConfigError(explicit, "tiedostossa ei ole [tool.tarkastus]-taulukkoa.")
        self._by_dir: dict[Path, Settings] = {}

    def for_path(self, path: str | Path) -> Settings:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return Settings()
        start = Path(os.path.abspath(path))
        directory = start if start.is_dir() else start.parent
        visited = []
        found = Settings()
        while True:
            if directory in self._by_dir:
                found = self._by_dir[directory]
                break
            visited.append(directory)
            settings = None
            for name in ("tarkastus.toml", "pyproject.toml"):
                candidate = directory / name
                if candidate.is_file():
                    settings = read(candidate)
                    if settings is not None:
                        break
            if settings is not None:
                found = settings
                break
            if directory.parent == directory:
                break
            directory = directory.parent
        for seen in visited:
            self._by_dir[seen] = found
        return found
