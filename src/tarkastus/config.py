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
    kieli = "sv"                         # fi | sv | en | auto
    rule-dirs = ["säännöt"]              # extra rule packs, relative to this file
    [per-file-ignores]
    "luonnokset/*.md" = ["OHJE-"]        # globs relative to this file

A broken configuration file is a ``ConfigError`` that names the file and,
where it can be found, the line and column (of a TOML syntax error, of an
undecodable byte, of the offending key); nothing else escapes from reading
one, whatever it holds (a datetime for a date, nesting deep enough to
exhaust the parser's recursion, a NUL in a path, a ``tool`` that is not a
table). The command line turns it into a ``TARK-ASETUS`` diagnostic.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
from pathlib import Path

from .diagnostics import START, Position, TarkastusError
from .messages import Message, say
from .record import Record

KEYS = ("select", "ignore", "per-file-ignores", "rule-dirs", "fail-on", "as-of", "kieli")
from .vocabulary import RUN_LANGUAGES as LANGUAGES, SEVERITIES  # auto: each agreement's findings in its own
MAX_BYTES = 1024 * 1024  # a configuration file larger than this is not one
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class ConfigError(TarkastusError):
    """A broken configuration file; ``reason`` says what is wrong (a catalogue message), ``message`` in Finnish."""

    def __init__(self, path: Path, reason: Message, position: Position | None = None, text: str = "") -> None:
        from .output import shown_path

        where = f":{position.line}:{position.column}" if position is not None else ""
        super().__init__(f"{shown_path(path)}{where}: {reason}")
        self.path = path
        self.reason = reason
        self.message = str(reason)
        self.position = position
        self.text = text  # the file's text, for the caret under the position

    def said_in(self, lang: str) -> str:
        """``path:line:col: reason`` in ``lang`` (for a usage error)."""
        return str(self).replace(self.message, self.reason.render(lang), 1)

    def diagnostic(self, unchecked: int = 0):
        """The ``TARK-ASETUS`` diagnostic of this error; ``unchecked`` files were left unchecked because of it."""
        from .diagnostics import Diagnostic, Severity, caret_context
        from .output import shown_path

        try:
            shown = os.path.relpath(self.path)
            shown = shown if not shown.startswith("..") else str(self.path)
        except ValueError:
            shown = str(self.path)
        position = self.position or START
        fix = say("config.fix_unchecked", n=unchecked) if unchecked else say("config.fix")
        context = caret_context(self.text, position) if self.position and self.text else ""
        if len(context) > 400:  # a line of 100,000 brackets: the position says enough
            context = ""
        return Diagnostic.said("TARK-ASETUS", Severity.ERROR, shown_path(shown), position,
                               say("config.invalid", reason=self.reason), fix, context=context)


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

    def describe(self, lang: str = "fi") -> dict:
        """The settings as ``check --show-settings`` prints them: configuration keys, and where a
        value is not set, what applies instead, said in ``lang``."""
        return {
            "asetustiedosto": str(self.source) if self.source else say("settings.no_file").render(lang),
            "select": list(self.select), "ignore": list(self.ignore),
            "per-file-ignores": {pattern: list(codes) for pattern, codes in self.per_file_ignores},
            "rule-dirs": [str(d) for d in self.rule_dirs], "fail-on": self.fail_on,
            "as-of": self.as_of.isoformat() if self.as_of else say("settings.today").render(lang),
            "kieli": self.language,
        }


def _short(value, limit: int = 60, quote: bool = True) -> str:
    """A value as the user wrote it, cut to a readable length."""
    from .output import shown_path

    text = shown_path(repr(value) if quote else str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _Parser:
    """Checks a configuration table; errors point at the offending key in ``text`` when it can be found."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def error(self, message: Message, key: str | None = None) -> ConfigError:
        position = _locate(self.text, key, self.path.name == "pyproject.toml") if key else None
        return ConfigError(self.path, message, position, self.text)

    def strings(self, key: str, value, at: str | None = None) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(say("config.not_list", key=key, value=_short(value)), at or key)
        if any(not v.strip() for v in value):
            # An empty selector matches no rule: select = [""] would silently run nothing.
            raise self.error(say("config.empty_code", key=key), at or key)
        return tuple(v.strip().upper() for v in value)

    def parse(self, table: dict) -> Settings:
        path = self.path
        unknown = [key for key in table if key not in KEYS]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], KEYS, n=1)
            hint = say("hint.did_you_mean_quoted", name=close[0]) if close else ""
            raise self.error(say("config.unknown", key=_short(unknown[0], quote=False), hint=hint,
                                 keys=", ".join(KEYS)), unknown[0])
        settings = Settings(source=path)
        if "select" in table:
            settings.select = self.strings("select", table["select"])
        if "ignore" in table:
            settings.ignore = self.strings("ignore", table["ignore"])
        if "rule-dirs" in table:
            settings.rule_dirs = self.rule_dirs(table["rule-dirs"])
        if "per-file-ignores" in table:
            value = table["per-file-ignores"]
            if not isinstance(value, dict):
                raise self.error(say("config.pfi_table"), "per-file-ignores")
            if any(not pattern.strip() for pattern in value):
                raise self.error(say("config.pfi_empty"), "per-file-ignores")
            settings.per_file_ignores = tuple(
                (pattern, self.strings(f"per-file-ignores.{pattern}", codes, at=pattern))
                for pattern, codes in value.items())
        if "fail-on" in table:
            if not isinstance(table["fail-on"], str) or table["fail-on"] not in SEVERITIES:
                raise self.error(say("config.one_of", key="fail-on", values=", ".join(SEVERITIES),
                                     value=_short(table["fail-on"])), "fail-on")
            settings.fail_on = table["fail-on"]
        if "as-of" in table:
            settings.as_of = self.date(table["as-of"])
        if "kieli" in table:
            if not isinstance(table["kieli"], str) or table["kieli"] not in LANGUAGES:
                raise self.error(say("config.one_of", key="kieli", values=", ".join(LANGUAGES),
                                     value=_short(table["kieli"])), "kieli")
            settings.language = table["kieli"]
        return settings

    def date(self, value) -> _dt.date:
        if isinstance(value, _dt.datetime):  # a date, but with a time: the law has no time of day
            raise self.error(say("config.datetime", value=value.isoformat()), "as-of")
        if isinstance(value, _dt.date):
            return value
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            raise self.error(say("config.not_date", value=_short(value)), "as-of") from None

    def rule_dirs(self, value) -> tuple[Path, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(say("config.rule_dirs_list", value=_short(value)), "rule-dirs")
        dirs = []
        for name in value:
            if not name.strip():
                raise self.error(say("config.rule_dirs_empty"), "rule-dirs")
            if "\x00" in name:
                raise self.error(say("config.rule_dirs_nul", value=_short(name)), "rule-dirs")
            try:
                directory = (self.path.parent / name).resolve()
                found = directory.is_dir()
            except (OSError, ValueError, RuntimeError) as exc:  # too long, a symlink loop …
                raise self.error(say("config.rule_dir_unreadable", value=_short(name),
                                     reason=str(getattr(exc, "strerror", None) or exc)), "rule-dirs") from None
            if not found:
                from .output import shown_path

                raise self.error(say("config.rule_dir_missing", value=shown_path(directory)), "rule-dirs")
            dirs.append(directory)
        return tuple(dirs)


_TOOL_TABLE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*tarkastus[ \t]*[\].]", re.M)
_OTHER_TABLE = re.compile(r"^[ \t]*\[(?![ \t]*tool[ \t]*\.[ \t]*tarkastus[ \t]*[\].])", re.M)


def _locate(text: str, key: str, pyproject: bool = False) -> Position | None:
    """Where ``key`` is written as a key in TOML ``text`` (bare, quoted or dotted), if it can be found.

    In a pyproject.toml only the [tool.tarkastus] tables are searched: other
    tools have keys of the same names (ruff's ``select``).
    """
    if not text or not key:
        return None
    start, end = 0, len(text)
    if pyproject:
        table = _TOOL_TABLE.search(text)
        if table is None:
            return None
        start = table.start()
        other = _OTHER_TABLE.search(text, table.end())
        end = other.start() if other else end
    pattern = re.compile(r"^[ \t]*(?:[^=\n#]*\.[ \t]*)?([\"']?)" + re.escape(key) + r"\1[ \t]*=", re.M)
    match = pattern.search(text, start, end)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start(1) - (text.rfind("\n", 0, match.start()) + 1) + 1
    return Position(line, column)


def parse(path: Path, table: dict, text: str = "") -> Settings:
    """The settings of ``table`` (read from ``path``; ``text`` locates errors)."""
    return _Parser(path, text).parse(table)


def _deepest_bracket(text: str) -> Position:
    """Where arrays and inline tables nest deepest (outside strings and comments): a RecursionError's place."""
    depth = deepest = 0
    where = START
    line, column = 1, 0
    quote = None
    comment = False
    for char in text:
        column += 1
        if char == "\n":
            line, column, comment = line + 1, 0, False
            if quote in ('"', "'"):
                quote = None
            continue
        if comment:
            continue
        if quote is not None:
            if char == quote:
                quote = None
            continue
        if char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, Position(line, column)
        elif char in "]}":
            depth -= 1
    return where


def read(path: Path) -> Settings | None:
    """The settings in ``path``; None for a pyproject.toml without [tool.tarkastus]."""
    import tomllib  # only when there is a file to read

    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(path, say("config.not_regular"))
        if info.st_size > MAX_BYTES:
            raise ConfigError(path, say("config.too_large", size=info.st_size))
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise ConfigError(path, say("config.unreadable", reason=str(getattr(exc, "strerror", None) or exc))) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        position = Position(before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1)
        raise ConfigError(path, say("config.encoding", byte=f"{raw[exc.start]:#04x}"), position,
                          raw.decode("utf-8", "replace")) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        position = Position(int(found.group(1)), int(found.group(2))) if found else None
        raise ConfigError(path, say("config.toml", error=str(exc)), position, text) from None
    except RecursionError:
        raise ConfigError(path, say("config.toml_deep"), _deepest_bracket(text), text) from None
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if tool is None:
            return None
        if not isinstance(tool, dict):
            raise ConfigError(path, say("config.tool", value=_short(tool)), _locate(text, "tool"), text)
        table = tool.get("tarkastus")
        if table is None:
            return None
    else:
        table = data
    if not isinstance(table, dict):
        raise ConfigError(path, say("config.not_table"), None, text)
    return parse(path, table, text)


class Resolver:
    """Finds the settings for each file, reading each configuration once.

    A broken configuration raises its ``ConfigError`` for every file it
    governs (read once, remembered like good settings).
    """

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self.explicit = read(explicit) if explicit is not None else None
        if explicit is not None and self.explicit is None:
            raise ConfigError(explicit, say("config.no_tool_table"))
        self._by_dir: dict[Path, Settings | ConfigError] = {}
        # One object for "no configuration": files are grouped by their settings
        # object, and every file without a configuration belongs to one group
        # (one rule pack, and rules over the set of documents see all of them).
        self.default = Settings()

    def for_path(self, path: str | Path) -> Settings:
        if self.explicit is not None:
            return self.explicit
        if self.isolated:
            return self.default
        start = Path(os.path.abspath(path))
        directory = start if _is_dir(start) else start.parent
        visited = []
        found: Settings | ConfigError = self.default
        while True:
            if directory in self._by_dir:
                found = self._by_dir[directory]
                break
            visited.append(directory)
            settings = None
            for name in ("tarkastus.toml", "pyproject.toml"):
                candidate = directory / name
                # A FIFO or a device under a configuration's name is an error
                # (read() says so without opening it); a directory is not one.
                if os.path.exists(candidate) and not _is_dir(candidate):
                    try:
                        settings = read(candidate)
                    except ConfigError as exc:
                        settings = exc
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
        if isinstance(found, ConfigError):
            raise found
        return found


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
