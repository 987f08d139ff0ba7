"""The result cache and the worker processes: faster, never different.

Every test compares against a run without the cache (or with one process),
so the speed-ups can only show up as speed.
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import AS_OF, ROOT
from tarkastus.engine import Options, check, configuration
from tarkastus.results import ResultCache

SAMPLES = ROOT / "samples" / "kl54"


def _keys(report):
    return [(d.code, d.path, d.position, d.message) for d in report.diagnostics]


@pytest.fixture
def tree(tmp_path):
    """The KL 54 samples and a README that is not an agreement."""
    root = tmp_path / "sopimukset"
    root.mkdir()
    for sample in sorted(SAMPLES.glob("*.md")):
        shutil.copy(sample, root / sample.name)
    (root / "README.md").write_text("# Sopimukset\n\nTämä hakemisto sisältää sopimukset.\n", encoding="utf-8")
    return root


def _cache(book, tmp_path, options):
    return ResultCache(tmp_path / "cache", configuration(book, options, options.as_of))


def test_warm_run_reports_exactly_what_a_cold_run_does(book, tree, tmp_path):
    options = Options(as_of=AS_OF, jobs=1)
    cold = check([tree], book, options)
    first = check([tree], book, options, cache=_cache(book, tmp_path, options))
    cache = _cache(book, tmp_path, options)
    assert len(cache.entries) == len(list(tree.glob("*.md")))  # README remembered as not an agreement
    second = check([tree], book, options, cache=cache)
    assert _keys(cold) == _keys(first) == _keys(second)
    assert not cache.changed  # nothing was checked again


def test_an_edit_of_the_same_size_right_after_the_run_is_seen(book, tree, tmp_path):
    """Same size, and probably the same coarse mtime: the checksum decides."""
    options = Options(as_of=AS_OF, jobs=1)
    target = tree / "turku-raisio.md"
    check([tree], book, options, cache=_cache(book, tmp_path, options))
    text = target.read_text(encoding="utf-8")
    assert "ohjaus: Turku" in text
    stat = target.stat()
    target.write_text(text.replace("ohjaus: Turku", "ohjaux: Turku"), encoding="utf-8")
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even the mtime is unchanged
    warm = check([tree], book, options, cache=_cache(book, tmp_path, options))
    assert _keys(warm) == _keys(check([tree], book, options))
    assert any(d.code == "TARK-AVAIN" and d.path.endswith("turku-raisio.md") for d in warm.diagnostics)


def test_a_file_that_becomes_an_agreement_is_checked(book, tree, tmp_path):
    options = Options(as_of=AS_OF, jobs=1)
    check([tree], book, options, cache=_cache(book, tmp_path, options))
    (tree / "README.md").write_text("---\ntyyppi: kl54\n---\n# Luonnos\n", encoding="utf-8")
    warm = check([tree], book, options, cache=_cache(book, tmp_path, options))
    assert any(d.path.endswith("README.md") and d.code == "KL54-SEURANTA" for d in warm.diagnostics)


def test_stored_findings_take_the_path_the_file_is_named_by_now(book, tree, tmp_path, monkeypatch):
    options = Options(as_of=AS_OF, jobs=1)
    target = tree / "oulu-keskuskunnat.md"
    check([target], book, options, cache=_cache(book, tmp_path, options))
    monkeypatch.chdir(tree)
    again = check(["oulu-keskuskunnat.md"], book, options, cache=_cache(book, tmp_path, options))
    assert {d.path for d in again.diagnostics} == {"oulu-keskuskunnat.md"}
    assert any(d.code == "KL8-JARJESTAMISVASTUU" for d in again.diagnostics)


def test_another_date_or_selection_does_not_reuse_results(book, tree, tmp_path):
    base = Options(as_of=AS_OF, jobs=1)
    selected = Options(as_of=AS_OF, jobs=1, select=("KL54-SEURANTA",))
    assert _cache(book, tmp_path, base).file != _cache(book, tmp_path, selected).file
    check([tree], book, base, cache=_cache(book, tmp_path, base))
    narrowed = check([tree], book, selected, cache=_cache(book, tmp_path, selected))
    assert {d.code for d in narrowed.diagnostics} <= {"KL54-SEURANTA"}


def test_a_corrupt_store_is_ignored(book, tree, tmp_path):
    options = Options(as_of=AS_OF, jobs=1)
    cache = _cache(book, tmp_path, options)
    cache.file.parent.mkdir(parents=True)
    cache.file.write_bytes(b"\x80\x05not a pickle")
    report = check([tree], book, options, cache=_cache(book, tmp_path, options))
    assert _keys(report) == _keys(check([tree], book, options))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_workers_report_the_same_as_one_process(book, tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    samples = sorted(SAMPLES.glob("*.md"))
    for i in range(64):
        shutil.copy(samples[i % len(samples)], many / f"{i:03d}-{samples[i % len(samples)].name}")
    (many / "999-rikki.yaml").write_text("tyyppi: kl54\nohjaus: [rikki\n", encoding="utf-8")
    one = check([many], book, Options(as_of=AS_OF, jobs=1))
    two = check([many], book, Options(as_of=AS_OF, jobs=2))
    assert _keys(one) == _keys(two)
    assert any(d.code == "TARK-YAML" for d in two.diagnostics)


def _many(tmp_path, count: int):
    many = tmp_path / "many"
    many.mkdir()
    samples = sorted(SAMPLES.glob("*.md"))
    for i in range(count):
        shutil.copy(samples[i % len(samples)], many / f"{i:03d}-{samples[i % len(samples)].name}")
    return many


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
@pytest.mark.parametrize("how", ["dies", "fails at the end", "damaged frame"])
def test_a_failing_worker_costs_only_time(book, tmp_path, monkeypatch, how):
    """Whatever a worker does wrong, every file is checked once, in order, as by one process."""
    from tarkastus import engine

    many = _many(tmp_path, 150)
    one = check([many], book, Options(as_of=AS_OF, jobs=1))
    parent = os.getpid()
    checked = engine.check_file

    again = []  # files this process checked itself

    def flaky(path, *args, **kwargs):
        result = checked(path, *args, **kwargs)
        if os.getpid() == parent:
            again.append(path.name)
        elif path.name.startswith("077-"):
            if how == "dies":
                os._exit(3)
        return result

    monkeypatch.setattr(engine, "check_file", flaky)
    if how == "damaged frame":
        import pickle

        dumps = pickle.dumps
        monkeypatch.setattr(pickle, "dumps", lambda *a, **k: b"\x80\x05damaged" if os.getpid() != parent
                            else dumps(*a, **k))
    if how == "fails at the end":
        exit_now = os._exit
        monkeypatch.setattr(os, "_exit", lambda status: exit_now(4 if os.getpid() != parent else status))
    two = check([many], book, Options(as_of=AS_OF, jobs=2))
    assert _keys(two) == _keys(one)
    assert two.files == one.files == 150
    assert len(again) == len(set(again))
    if how == "dies":  # only what the dead worker held or had answered is checked again
        assert 0 < len(again) < 150
    else:  # every worker failed (every frame damaged, every exit an error): all of it
        assert len(again) == 150


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
def test_workers_are_dealt_every_batch_once(book, tmp_path):
    """More batches than the workers hold at once, and a last batch that is not full."""
    from tarkastus import engine

    count = engine._BATCH_FILES * engine._AHEAD * 3 * 2 + 5
    many = _many(tmp_path, count)
    done = []
    report = check([many], book, Options(as_of=AS_OF, jobs=3, facts=("tyyppi",)), progress=done.append)
    assert sum(done) == report.files == count
    assert [view.origin for view in report.documents] == sorted(report.paths)
    assert _keys(report) == _keys(check([many], book, Options(as_of=AS_OF, jobs=1)))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")
@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_counts_every_file_once_and_facts_are_kept(book, tmp_path, jobs):
    many = tmp_path / "many"
    many.mkdir()
    samples = sorted(SAMPLES.glob("*.md"))
    for i in range(70):
        shutil.copy(samples[i % len(samples)], many / f"{i:03d}-{samples[i % len(samples)].name}")
    done = []
    options = Options(as_of=AS_OF, jobs=jobs, facts=("osapuolet", "tyyppi"))
    report = check([many], book, options, progress=done.append)
    assert sum(done) == report.files == 70
    assert [view.origin for view in report.documents] == sorted(report.paths)
    assert all(view["tyyppi"] == "kl54" and view["osapuolet"] for view in report.documents)
    # From stored results the kept keys come back too, and progress still adds up.
    cache = _cache(book, tmp_path, options)
    check([many], book, options, cache=cache)
    done.clear()
    again = check([many], book, options, cache=_cache(book, tmp_path, options), progress=done.append)
    assert sum(done) == 70
    assert [dict(v) for v in again.documents] == [dict(v) for v in report.documents]
