"""Whole-agreement samples against their stored expected output.

For every ``samples/**/*.md|yaml`` with a sibling ``<name>.expected.json``,
``tarkastus check --format json --as-of 2026-11-23 <path>`` (run from the
repository root, so paths are relative to it) must produce exactly that
report, apart from ``tool.version``. A file alone shows its own findings;
the findings across documents (ALUE-*) need the documents together, so
``samples/expected.json`` holds the report of ``tarkastus check samples/``.

Expected outputs are regenerated on purpose, never by accident::

    TARKASTUS_UPDATE_EXPECTED=1 python -m pytest tests/test_samples.py

writes the files (also for samples that have none yet) and skips the
comparisons; review the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, ROOT
from tarkastus.cli import main

SAMPLES = ROOT / "samples"
UPDATE = os.environ.get("TARKASTUS_UPDATE_EXPECTED") == "1"
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*")
                      if p.suffix in (".md", ".yaml") and p.is_file() and not p.name.endswith(".expected.json"))


def expected_path(sample: Path) -> Path:
    return sample.with_name(f"{sample.stem}.expected.json")


def run_cli(*args: str):
    runner = CliRunner()
    return runner.invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def _report(sample: Path) -> dict:
    relative = sample.relative_to(ROOT).as_posix()
    result = run_cli("check", "--format", "json", "--as-of", AS_OF.isoformat(), relative)
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.output)


def _comparable(report: dict) -> dict:
    report = json.loads(json.dumps(report))
    report.get("tool", {}).pop("version", None)
    return report


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_sample_matches_expected_output(sample, at_root):
    expected_file = expected_path(sample)
    if UPDATE:
        report = _report(sample)
        expected_file.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"wrote {expected_file.relative_to(ROOT)} (TARKASTUS_UPDATE_EXPECTED=1); review the diff")
    if not expected_file.exists():
        pytest.skip(f"no {expected_file.name}; create it with TARKASTUS_UPDATE_EXPECTED=1")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert _comparable(_report(sample)) == _comparable(expected)


def test_whole_samples_directory_matches_expected_output(at_root):
    """`tarkastus check samples/`: every sample together, with the findings across documents."""
    expected_file = SAMPLES / "expected.json"
    result = run_cli("check", "--format", "json", "--as-of", AS_OF.isoformat(), "samples")
    report = json.loads(result.output)
    if UPDATE:
        expected_file.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip("wrote samples/expected.json (TARKASTUS_UPDATE_EXPECTED=1); review the diff")
    assert _comparable(report) == _comparable(json.loads(expected_file.read_text(encoding="utf-8")))
    codes = {d["code"] for d in report["diagnostics"]}
    assert {"ALUE-PAALLEKKAISYYS", "ALUE-VASTUUKUNTA", "ALUE-JASENYYS"} <= codes
    overlap = next(d for d in report["diagnostics"] if d["code"] == "ALUE-PAALLEKKAISYYS")
    assert overlap["related"] and overlap["related"][0]["path"] != overlap["path"]


def test_samples_exist():
    assert SAMPLE_FILES, "samples/ is empty"
    assert ROOT / "samples" / "kl54" / "turku-raisio.md" in SAMPLE_FILES


COMPLIANT = ["samples/kl54/turku-raisio.md", "samples/kl54/turku-lieto.md",
             "samples/kl54/turku-paimio.md", "samples/kl54/kokkola-lestijarvi.md"]


def test_real_agreements_pass(at_root):
    result = run_cli("check", *COMPLIANT, "--fail-on", "error", "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output


def test_real_agreements_pass_as_json(at_root):
    result = run_cli("check", *COMPLIANT, "--format", "json", "--as-of", AS_OF.isoformat())
    data = json.loads(result.output)
    assert data["summary"]["files"] == len(COMPLIANT)
    assert data["summary"]["errors"] == 0, [d for d in data["diagnostics"] if d["severity"] == "error"]


def test_central_municipality_model_breaks_organising_responsibility(at_root):
    """Oulu's "keskuskunta" agreement hands järjestämisvastuu to Raahe (KL 8 §)."""
    result = run_cli("check", "samples/kl54/oulu-keskuskunnat.md", "--format", "json",
                     "--as-of", AS_OF.isoformat())
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    found = [d for d in data["diagnostics"] if d["code"] == "KL8-JARJESTAMISVASTUU"]
    assert found, data["diagnostics"]
    assert all(d["severity"] == "error" and d["path"] == "samples/kl54/oulu-keskuskunnat.md" for d in found)
