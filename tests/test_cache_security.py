"""The cache directory holds data, never code, and no content of it can end a run.

Issue 10, items 1 and 2. The attacks are the ones a shared, restored or
``/tmp`` cache directory allows: anyone who can write there chooses the
bytes of every cache file. Each test compares what ``tarkastus check``
reports with a run that uses no cache, so a cache can only ever change speed.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, ROOT
from tarkastus import cache
from tarkastus.engine import Options, check, configuration
from tarkastus.results import ResultCache
from tarkastus.rulebook import load_rulebook

SAMPLE = ROOT / "samples" / "kl54" / "turku-raisio.md"
BROKEN = ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"
ARGS = ["check", "--as-of", AS_OF.isoformat(), "--format", "json", "--jobs", "1"]


def _run(cache_dir: Path, *paths, extra_env=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "TARKASTUS_CACHE_DIR": str(cache_dir), **(extra_env or {})}
    env.pop("TARKASTUS_NO_CACHE", None)
    return subprocess.run([sys.executable, "-m", "tarkastus", *ARGS, *map(str, paths)],
                          capture_output=True, text=True, env=env, timeout=120)


def _uncached(*paths) -> subprocess.CompletedProcess:
    env = {**os.environ, "TARKASTUS_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "tarkastus", *ARGS, *map(str, paths)],
                          capture_output=True, text=True, env=env, timeout=120)


class _Payload:
    """Pickled, this runs ``touch MARKER`` when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _file(kind: str, payload: bytes) -> bytes:
    """A cache file with a valid header around ``payload`` (what an attacker can write)."""
    return b"tarkastus-cache %d %s %d %d\n" % (cache._FORMAT, kind.encode(), len(payload), zlib.crc32(payload)) \
        + payload


@pytest.fixture(scope="module")
def expected():
    paths = (SAMPLE, BROKEN)
    done = _uncached(*paths)
    assert done.returncode == 1, done.stderr
    return paths, done.stdout


def _warm(tmp_path: Path, paths) -> Path:
    directory = tmp_path / "cache"
    done = _run(directory, *paths)
    assert done.returncode == 1, done.stderr
    assert sorted(p.suffix for p in directory.iterdir()) == [".examples", ".json", ".json"]
    return directory


# ---- item 1: nothing runs from the cache ----------------------------------------

def test_a_poisoned_cache_directory_runs_no_code(tmp_path, expected):
    paths, report = expected
    directory = _warm(tmp_path, paths)
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_Payload(marker))
    for name in [p.name for p in directory.iterdir()]:
        (directory / name).write_bytes(evil)
        (directory / name.replace(".json", ".pickle")).write_bytes(evil)  # the old format's names
    done = _run(directory, *paths)
    assert not marker.exists(), "a cache file ran code"
    assert (done.returncode, done.stdout) == (1, report)
    assert not list(directory.glob("*.pickle")), "files of the pickle format are removed, never read"


def test_a_well_formed_cache_file_cannot_name_a_class_or_function(tmp_path, expected):
    """The decoder builds only its own kinds and tarkastus's record classes."""
    paths, report = expected
    directory = _warm(tmp_path, paths)
    (rules,) = directory.glob("rules-*.json")
    for forged in ({"R": ["os.system", "touch x"]}, {"R": ["posix.system", "touch x"]},
                   {"R": ["builtins.eval", "1"]}, {"__reduce__": ["os.system", "touch x"]},
                   {"R": ["rulebook.Rulebook"]}):
        payload = json.dumps([{"t": []}, forged]).encode()
        with pytest.raises(cache.CacheError):
            cache.decode(payload)
        rules.write_bytes(_file("rules", payload))
        done = _run(directory, *paths)
        assert (done.returncode, done.stdout) == (1, report)


@pytest.mark.parametrize("damage", [
    "frame of 2**62 bytes", "length of 2**62", "not my own", "truncated", "bit flip", "empty", "directory", "fifo",
    "wrong kind", "header only", "huge line",
])
def test_a_corrupt_rule_cache_is_rebuilt(tmp_path, expected, damage):
    paths, report = expected
    directory = _warm(tmp_path, paths)
    (rules,) = directory.glob("rules-*.json")
    data = rules.read_bytes()
    header, _, payload = data.partition(b"\n")
    if damage == "frame of 2**62 bytes":  # the pickle that once raised MemoryError on every run
        rules.write_bytes(b"\x80\x04\x95" + (2**62).to_bytes(8, "little") + b"\x00" * 16)
    elif damage == "length of 2**62":
        rules.write_bytes(b"tarkastus-cache %d rules %d 0\n" % (cache._FORMAT, 2**62) + payload)
    elif damage == "not my own":  # written by another user, or writable by others: not read at all
        forged = payload.replace(b'"KL54-SEURANTA"', b'"KL54-SEURANTX"')
        assert forged != payload
        rules.write_bytes(_file("rules", forged))
        rules.chmod(0o666)
    elif damage == "truncated":
        rules.write_bytes(data[: len(data) // 2])
    elif damage == "bit flip":
        rules.write_bytes(header + b"\n" + payload[:100] + bytes([payload[100] ^ 1]) + payload[101:])
    elif damage == "empty":
        rules.write_bytes(b"")
    elif damage == "directory":
        rules.unlink()
        rules.mkdir()
    elif damage == "fifo":
        rules.unlink()
        os.mkfifo(rules)
    elif damage == "wrong kind":
        rules.write_bytes(data.replace(b" rules ", b" results ", 1))
    elif damage == "header only":
        rules.write_bytes(header + b"\n")
    elif damage == "huge line":
        rules.write_bytes(b"t" * 5_000_000)
    done = _run(directory, *paths)
    assert (done.returncode, done.stdout, done.stderr) == (1, report, "")


def test_a_results_entry_of_the_wrong_type_is_dropped_and_the_file_checked_again(tmp_path, expected):
    """The other crash of every later run: an entry that was not an entry (AttributeError)."""
    paths, report = expected
    directory = _warm(tmp_path, paths)
    (results,) = directory.glob("results-*.json")
    first, head, *entries = results.read_bytes().splitlines()
    assert len(entries) == 2
    key = json.loads(entries[0].partition(b" ")[2])[0]

    def line(value) -> bytes:
        payload = json.dumps(value).encode()
        return b"%d %s" % (zlib.crc32(payload), payload)

    forged = [line([key, "not an entry"]),
              line([key, [1, 2, 3, 4, 5, 6, {"t": ["x"]}, None]]),  # right length, wrong types
              line([key, [1, 2, 3, 4.0, True, "x", [{"X": ["KL54-SEURANTA", 9, "p", 1, 1, "m", "", "", "",
                                                          [], "", None]}], None]]),  # no such severity
              line({"d": []}), b"12 [1]", b"\xff\xfe", entries[1]]
    results.write_bytes(b"\n".join([first, head, *forged]) + b"\n")
    done = _run(directory, *paths)
    assert (done.returncode, done.stdout, done.stderr) == (1, report, "")


# ---- item 2: the cache follows the engine ------------------------------------------

def test_every_module_of_the_package_signs_the_rule_cache():
    """The checker reads lang/functions.py and citations.py: renaming a function there must rebuild."""
    package = Path(cache.__file__).parent
    signed = {str(p.relative_to(package)) for p in cache._package_files()}
    on_disk = {str(p.relative_to(package)) for p in package.rglob("*.py")}
    assert signed == on_disk
    assert {"lang/functions.py", "citations.py", "lang/evaluator.py", "engine.py"} <= signed


def test_an_edited_engine_module_gives_another_signature(tmp_path, monkeypatch):
    module = Path(cache.__file__).parent / "lang" / "functions.py"
    before = cache.rulebook_signature([])
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000))
        assert cache.rulebook_signature([]) != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert cache.rulebook_signature([]) == before


# ---- the codec ---------------------------------------------------------------------

def test_the_rule_pack_round_trips_exactly(book):
    copy = cache.decode(cache.encode([book.rules, book.shapes, book.provisions, book.statutes,
                                      book.definition_asts, book.errors]))
    assert copy == [book.rules, book.shapes, book.provisions, book.statutes, book.definition_asts, book.errors]
    registry = cache.decode(cache.encode(book.registry))
    assert [m.name for m in registry.municipalities] == [m.name for m in book.registry.municipalities]
    assert registry.canonical("Vasa") == "Vaasa"


def test_stored_results_round_trip_with_the_documents_facts(book, tmp_path):
    options = Options(as_of=AS_OF, jobs=1, facts=("osapuolet", "voimassaolo"))
    store = ResultCache(tmp_path / "c", configuration(book, options, options.as_of))
    first = check([SAMPLE, BROKEN], book, options, cache=store)
    store.save()
    again = ResultCache(tmp_path / "c", configuration(book, options, options.as_of))
    assert len(again.entries) == 2 and not again.changed
    second = check([SAMPLE, BROKEN], book, options, cache=again)
    assert second.diagnostics == first.diagnostics
    assert [dict(v) for v in second.documents] == [dict(v) for v in first.documents]
    assert [v.key_pos for v in second.documents] == [v.key_pos for v in first.documents]


def test_what_is_not_data_is_not_cached():
    with pytest.raises(cache.CacheError):
        cache.encode([print])
    with pytest.raises(cache.CacheError):
        cache.encode({"x": object()})


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["P", "t", "d", "s", "f", "V", "D", "R", "p", "G", "M", "W", "S", "x"]),
                      inner, min_size=1, max_size=2),
    max_leaves=30)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | _JSON.map(lambda v: json.dumps(v).encode()))
def test_random_cache_payloads_decode_or_raise_cache_error(data):
    try:
        cache.decode(data)
    except cache.CacheError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), kind=st.sampled_from(["rules", "examples", "results"]),
       framed=st.booleans())
def test_random_cache_file_bytes_never_raise(tmp_path, data, kind, framed):
    path = tmp_path / "f.json"
    path.write_bytes(_file(kind, data) if framed else data)
    try:
        cache.read(path, kind)
    except cache.CacheError:
        pass


def _mutations(payload: bytes):
    """Changes to a real rule-pack payload that keep it JSON: other numbers, strings, tags, lengths."""
    text = payload.decode()
    return st.one_of(
        st.tuples(st.integers(0, len(text) - 1), st.sampled_from(['0', '-1', '99999', '"x"', 'null', '[]',
                                                                   '{"t":[]}', 'true', '1e308'])),
    ).map(lambda change: _replace_token(text, *change))


def _replace_token(text: str, at: int, new: str) -> bytes:
    """Replace the JSON number or string that starts at or after ``at`` with ``new``."""
    import re

    match = re.compile(r'-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.){0,200}"').search(text, at)
    if match is None:
        return text.encode()
    return (text[:match.start()] + new + text[match.end():]).encode()


@pytest.fixture(scope="module")
def rule_payload(tmp_path_factory):
    directory = tmp_path_factory.mktemp("rulecache")
    os.environ["TARKASTUS_CACHE_DIR"], saved = str(directory), os.environ["TARKASTUS_CACHE_DIR"]
    try:
        load_rulebook(examples=False)
    finally:
        os.environ["TARKASTUS_CACHE_DIR"] = saved
    (rules,) = directory.glob("rules-*.json")
    header, _, payload = rules.read_bytes().partition(b"\n")
    return directory, rules.name, payload


def test_mutated_rule_caches_never_end_a_run(rule_payload, tmp_path_factory, book):
    """A forged pack that decodes and compiles still only gives diagnostics, never a traceback."""
    source, name, payload = rule_payload
    mutations = _mutations(payload)
    options = Options(as_of=AS_OF, jobs=1)

    # 30 forged packs a run (each loaded and used for a check: half a second apiece); hypothesis
    # draws other mutations on every run, so the runs together cover many more.
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mutated=mutations)
    def run(mutated):
        directory = tmp_path_factory.mktemp("mutated")
        (directory / name).write_bytes(_file("rules", mutated))
        saved = os.environ["TARKASTUS_CACHE_DIR"]
        os.environ["TARKASTUS_CACHE_DIR"] = str(directory)
        try:
            loaded = load_rulebook(examples=False)
        finally:
            os.environ["TARKASTUS_CACHE_DIR"] = saved
        report = check([SAMPLE, BROKEN], loaded, options)
        assert report.files == 2

    run()


# ---- a failure in one file or one rule never ends the run ------------------------------

def test_a_rule_that_fails_is_a_rule_error_and_every_other_rule_runs(monkeypatch):
    from tarkastus import engine

    fresh = load_rulebook(use_cache=False)
    failing = next(c for c in fresh.compiled if c.rule.id == "KL54-SEURANTA")

    def explode(ctx):
        raise ZeroDivisionError("division by zero")
        yield  # a generator, like CompiledRule.run

    monkeypatch.setattr(failing, "run", explode)
    other = ROOT / "samples" / "kl54" / "luonnos-vain-kustannusperuste.md"
    report = engine.check([SAMPLE, BROKEN, other], fresh, Options(as_of=AS_OF, jobs=1))
    errors = [d for d in report.diagnostics if d.code == "TARK-SAANTO"]
    assert len(errors) == 3  # once for each document
    assert errors[0].path.endswith("KL54-SEURANTA.tark") and errors[0].position.line >= 1
    assert "KL54-SEURANTA" in errors[0].message and "ZeroDivisionError" in errors[0].message
    assert {p for d in errors for p, _ in d.related} == {str(SAMPLE), str(BROKEN), str(other)}
    assert report.exit_code(engine.Severity.ERROR) == 2
    assert "KL54-SEURANTA" not in {d.code for d in report.diagnostics}
    assert "KL54-KUSTANNUSJAKO" in {d.code for d in report.diagnostics}, "the other rules still ran"


def test_an_internal_error_on_one_file_is_that_files_finding(monkeypatch):
    from tarkastus import engine

    real = engine.load

    def load(path, shapes, display=None, **options):
        if str(path) == str(BROKEN):
            raise KeyError("pykälä")
        return real(path, shapes, display, **options)

    monkeypatch.setattr(engine, "load", load)
    fresh = load_rulebook(use_cache=False)
    report = engine.check([SAMPLE, BROKEN], fresh, Options(as_of=AS_OF, jobs=1))
    (internal,) = [d for d in report.diagnostics if d.code == "TARK-SISAINEN"]
    assert internal.path == str(BROKEN) and "KeyError" in internal.message
    assert report.files == 2 and not [d for d in report.diagnostics if d.path == str(SAMPLE)]  # checked, clean
    assert report.exit_code(engine.Severity.ERROR) == 2


def test_a_cached_pack_that_fails_is_rebuilt_and_the_check_starts_again(tmp_path, monkeypatch):
    from tarkastus import engine, rulebook

    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(tmp_path / "c"))
    expected = engine.check([SAMPLE, BROKEN], load_rulebook(use_cache=False), Options(as_of=AS_OF, jobs=1))
    load_rulebook()  # store it
    cached = load_rulebook()
    assert cached.from_cache
    failing = next(c for c in cached.compiled if c.rule.id == "KL54-SEURANTA")

    def explode(ctx):
        raise AttributeError("forged")
        yield

    monkeypatch.setattr(failing, "run", explode)
    builds = []
    real_build = rulebook.build_rulebook
    monkeypatch.setattr(rulebook, "build_rulebook", lambda dirs: builds.append(dirs) or real_build(dirs))
    report = engine.check([SAMPLE, BROKEN], cached, Options(as_of=AS_OF, jobs=1))
    assert len(builds) == 1 and not cached.from_cache
    assert report.diagnostics == expected.diagnostics
