"""Provisions stated in prose, and texts that only defer them (issue 11, item 4), through the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tarkastus.cli import main

HEAD = "---\ntyyppi: kl54\ntarkastus: 1\n---\n"


def findings(tmp_path, body: str) -> list[dict]:
    path = tmp_path / "sopimus.md"
    path.write_text(HEAD + body, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2026-11-23", "--isolated",
                                       "--no-cache", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["diagnostics"]


def of(found, code):
    return [d for d in found if d["code"] == code]


@pytest.mark.parametrize("text", [
    "Sovitaan myöhemmin.", "Sovitaan erikseen.", "Asiasta sovitaan erikseen myöhemmin.", "TBD", "TODO",
    "…", "[täydennä]", "Täydennetään.", "Seuranta toteutetaan erikseen sovittavalla tavalla.",
])
def test_a_monitoring_section_that_defers_fires_at_the_deferring_line(tmp_path, text):
    found = of(findings(tmp_path, f"## 6. Seuranta\n\n{text}\n"), "KL54-SEURANTA")
    assert len(found) == 1
    assert (found[0]["line"], found[0]["column"]) == (7, 1)
    message = found[0]["message"]
    assert "'6. Seuranta'" in message and "lykkää" in message and text in message


def test_a_reference_to_an_annex_is_not_deferral(tmp_path):
    assert not of(findings(tmp_path, "## 6. Seuranta\n\nKs. liite 2.\n"), "KL54-SEURANTA")


def test_erikseen_sovittavalla_tavalla_that_says_how_counts(tmp_path):
    body = "## 6. Seuranta\n\nTurku seuraa hoitoa raportoinnin avulla erikseen sovittavalla tavalla.\n"
    assert not of(findings(tmp_path, body), "KL54-SEURANTA")


def test_sentences_under_other_headings_count(tmp_path):
    found = findings(tmp_path, (
        "## 3. Tehtävät\n\nTurku seuraa tehtävän hoitoa neljännesvuosittain raportoinnin avulla.\n\n"
        "## 5. Talous\n\nKustannukset jaetaan työpanoksen mukaisessa suhteessa.\n\n"
        "## 11. Voimassaolo\n\nIrtisanomisaika on kuusi kuukautta.\n"))
    for code in ("KL54-SEURANTA", "KL54-KUSTANNUSJAKO", "KL54-IRTISANOMINEN"):
        assert not of(found, code), code


def test_a_heading_naming_distribution_over_the_basis_only_fails(tmp_path):
    found = findings(tmp_path, "## 5. Kustannukset ja niiden jakaminen\n\n"
                               "Kustannukset muodostuvat viranhaltijan palkkakustannuksista.\n")
    assert of(found, "KL54-KUSTANNUSJAKO")
    assert not of(found, "KL54-KUSTANNUSPERUSTE")


def test_a_deferral_beside_a_statement_is_not_deferral(tmp_path):
    body = "## 6. Seuranta\n\nTurku seuraa tehtävän hoitoa kuukausittain.\nRaportoinnista sovitaan myöhemmin.\n"
    assert not of(findings(tmp_path, body), "KL54-SEURANTA")


def test_a_typo_after_deferred_is_a_rule_error_when_rules_load(tmp_path):
    """deferred() gives a section (or null): its fields are checked like section()'s."""
    from tarkastus.resources import data_dir
    from tarkastus.rulebook import build_rulebook

    source = (data_dir("rules") / "KL54-SEURANTA.tark").read_text(encoding="utf-8")
    user = tmp_path / "omat"
    user.mkdir()
    (user / "OMA-SEURANTA.tark").write_text(
        source.replace("KL54-SEURANTA", "OMA-SEURANTA").replace("deferred(seuranta).teksti}", "deferred(seuranta).tekstx}"),
        encoding="utf-8")
    book = build_rulebook([data_dir("rules"), user])
    (error,) = [d for d in book.errors if "OMA-SEURANTA" in d.path]
    assert "tekstx" in error.message and error.position.line > 1
