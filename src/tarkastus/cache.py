"""The cache directory: compiled rule packs (see ``rulebook``) and stored results.

(Interim: the pickle-based implementation moved here from ``rulebook``;
being replaced by a data-only format.)
"""

from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

from . import __version__
from .resources import data_dir

KEEP_BUILDS = 4  # compiled rule packs kept in the cache directory (other rule sets, versions)
_SOURCE_MODULES = ("documents/model.py", "documents/shape.py", "lang/parser.py", "lang/checker.py",
                   "lang/ast.py", "values.py", "rulebook.py", "text.py")


def cache_dir() -> Path | None:
    if os.environ.get("TARKASTUS_NO_CACHE"):
        return None
    explicit = os.environ.get("TARKASTUS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "tarkastus"


def rulebook_signature(dirs: list[Path]) -> str:
    package = Path(__file__).parent
    inputs = [data_dir("grammar") / "tarkastus.lark", *(package / module for module in _SOURCE_MODULES)]
    for directory in dirs:
        try:
            inputs.extend(sorted(directory.iterdir()))
        except OSError:
            continue
    parts = [__version__]
    for path in inputs:
        if path.suffix not in (".tark", ".yaml", ".lark", ".py"):
            continue
        try:
            stat = path.stat()
        except OSError:
            parts.append(f"{path}:missing")
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def _rule_file(directory: Path, signature: str) -> Path:
    return directory / f"rules-{zlib.crc32(signature.encode()):08x}.pickle"


def read_rulebook(directory: Path, signature: str, examples: bool):
    from .rulebook import Rulebook

    cache_file = _rule_file(directory, signature)
    try:
        with open(cache_file, "rb") as handle:
            stored, book = pickle.load(handle)
        if stored != signature or not isinstance(book, Rulebook):
            return None
        if examples:
            with open(cache_file.with_suffix(".examples"), "rb") as handle:
                stored, by_rule = pickle.load(handle)
            if stored != signature:
                return None
            for rule in book.rules:
                rule.examples = by_rule.get(rule.id, [])
        return book
    except Exception:
        return None


def write_rulebook(directory: Path, signature: str, book) -> None:
    cache_file = _rule_file(directory, signature)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        by_rule = {rule.id: rule.examples for rule in book.rules}
        saved = book.definitions, book.compiled, book.aliases
        _write_atomically(cache_file.with_suffix(".examples"), (signature, by_rule))
        for rule in book.rules:
            rule.examples = []
        book.definitions, book.compiled, book.aliases = {}, [], {}
        try:
            _write_atomically(cache_file, (signature, book))
        finally:
            for rule in book.rules:
                rule.examples = by_rule[rule.id]
            book.definitions, book.compiled, book.aliases = saved
        built = sorted(directory.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in built[:-KEEP_BUILDS]:
            old.unlink()
            old.with_suffix(".examples").unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home directory only costs speed


def _write_atomically(path: Path, data) -> None:
    temp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(temp, "wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, path)
