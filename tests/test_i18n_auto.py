"""``--kieli auto``: each agreement's findings in the language it is written in.

The language of a document is ``language.detect``'s (Finnish or Swedish;
Finnish when it cannot be told); the report's own words (the summary line)
are in the documents' language when they are all in one, else Finnish. The
language of each document is shown by ``tarkastus facts`` too. Values in a
message are said in its language: a period "6 mån." / "6 months", yes and
no, and in Swedish a municipality by its Swedish name ("Borgå").
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import AS_OF
from tarkastus.cli import main

SWEDISH = """\
---
tarkastus: 1
tyyppi: kl54
ohjaus: Vasa
---
# Avtal om skötseln av en myndighetsuppgift

Detta avtal har ingåtts mellan Vasa stad och Korsholms kommun. Avtalet gäller tills vidare och
kan sägas upp av vardera parten. Kommunerna har kommit överens om att uppgifterna sköts av en
tjänsteinnehavare i Vasa och att kostnaderna fördelas mellan kommunerna enligt invånarantalet.
"""
FINNISH = """\
---
tarkastus: 1
tyyppi: kl54
ohjaus: Turku
---
# Sopimus viranomaistehtävän hoitamisesta

Tämä sopimus on tehty Turun kaupungin ja Raision kaupungin välillä. Sopimus on voimassa
toistaiseksi, ja kumpikin osapuoli voi irtisanoa sen. Kunnat ovat sopineet, että tehtävää
hoitaa Turun viranhaltija ja että kustannukset jaetaan kuntien kesken asukasluvun mukaan.
"""


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("TARKASTUS_KIELI", raising=False)
    return CliRunner()


@pytest.fixture
def agreements(tmp_path):
    (tmp_path / "avtal.md").write_text(SWEDISH, encoding="utf-8")
    (tmp_path / "sopimus.md").write_text(FINNISH, encoding="utf-8")
    (tmp_path / "puuttuu.md").write_text("---\ntarkastus: 1\ntyyppi: kl54\nohjaus: [x\n---\n", encoding="utf-8")
    return tmp_path


def _diagnostics(runner, *args):
    result = runner.invoke(main, ["check", *args, "--format", "json", "--isolated", "--as-of", AS_OF.isoformat()])
    return json.loads(result.output)["diagnostics"]


def test_each_agreement_in_its_own_language(runner, agreements):
    found = _diagnostics(runner, str(agreements), "--kieli", "auto", "--select", "KL54-SEURANTA,TARK")
    by_file = {}
    for d in found:
        by_file.setdefault(d["path"].rsplit("/", 1)[-1], []).append(d)
    (swedish,) = [d for d in by_file["avtal.md"] if d["code"] == "KL54-SEURANTA"]
    (finnish,) = [d for d in by_file["sopimus.md"] if d["code"] == "KL54-SEURANTA"]
    assert swedish["language"] == "sv" and swedish["message"].startswith("Avtalet saknar")
    assert swedish["citation"].startswith("54 § 2 mom. KomL") and swedish["fix"].startswith("Lägg till")
    assert "language" not in finnish and finnish["message"].startswith("Sopimuksesta puuttuu")
    (broken,) = by_file["puuttuu.md"]  # too little text to tell: Finnish
    assert broken["code"] == "TARK-YAML" and "language" not in broken and broken["message"].startswith("YAML-virhe")


def test_the_text_report_says_each_finding_in_its_language(runner, agreements):
    result = runner.invoke(main, ["check", str(agreements), "--kieli", "auto", "--isolated", "--select", "KL54-SEURANTA",
                                  "--as-of", AS_OF.isoformat()])
    assert "[fel] Avtalet saknar" in result.output and "[virhe] Sopimuksesta puuttuu" in result.output
    assert "åtgärd:" in result.output and "korjaus:" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Löytyi")  # two languages: the report's own, Finnish


@pytest.mark.parametrize("cached", [False, True])
def test_the_summary_is_in_the_documents_language_when_they_share_one(runner, agreements, monkeypatch, cached):
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(agreements / "cache"))
    isolated = [] if cached else ["--isolated"]
    for _ in range(2 if cached else 1):  # the second run reads every file's language from the cache
        found = runner.invoke(main, ["check", str(agreements / "avtal.md"), "--kieli", "auto", *isolated,
                                     "--select", "KL54-SEURANTA", "--as-of", AS_OF.isoformat()])
        assert found.output.rstrip().splitlines()[-1].startswith("Hittade 1 fel"), found.output
        clean = runner.invoke(main, ["check", str(agreements / "avtal.md"), "--kieli", "auto", *isolated,
                                     "--select", "KL54-OHJAUS", "--as-of", AS_OF.isoformat()])
        assert clean.exit_code == 0 and clean.output.startswith("Inga fynd"), clean.output
    finnish = runner.invoke(main, ["check", str(agreements / "sopimus.md"), "--kieli", "auto", "--isolated",
                                   "--select", "KL54-OHJAUS", "--as-of", AS_OF.isoformat()])
    assert finnish.output.startswith("Ei havaintoja"), finnish.output


def test_values_in_a_message_are_said_in_its_language(runner, tmp_path):
    (tmp_path / "avtal.md").write_text(
        "---\ntarkastus: 1\ntyyppi: yhteistoimintasopimus\nvastuukunta: Porvoo\nirtisanominen:\n"
        "  irtisanomisaika: 6 kk\nosapuolet:\n  - kunta: Porvoo\n    rooli: jäsenkunta\n"
        "  - kunta: Oulu\n    rooli: vastuukunta\n---\n# Samarbetsavtal\n\n## Uppsägning\n\n"
        "Avtalet kan sägas upp. Uppsägningstiden är tre (3) månader.\n", encoding="utf-8")
    said = {}
    for lang in ("fi", "sv", "en"):
        found = _diagnostics(runner, str(tmp_path / "avtal.md"), "--kieli", lang,
                             "--select", "KL51-VASTUUKUNTA,RISTIRIITA-IRTISANOMISAIKA")
        said[lang] = {d["code"]: d["message"] for d in found}
    assert "6 kk" in said["fi"]["RISTIRIITA-IRTISANOMISAIKA"]
    assert "6 mån." in said["sv"]["RISTIRIITA-IRTISANOMISAIKA"]
    assert "6 months" in said["en"]["RISTIRIITA-IRTISANOMISAIKA"]
    assert "Porvoo" in said["fi"]["KL51-VASTUUKUNTA"] and "Oulu" in said["fi"]["KL51-VASTUUKUNTA"]
    assert "Borgå" in said["sv"]["KL51-VASTUUKUNTA"] and "Uleåborg" in said["sv"]["KL51-VASTUUKUNTA"]
    assert "Porvoo" in said["en"]["KL51-VASTUUKUNTA"]


def test_auto_in_the_configuration(runner, agreements, monkeypatch):
    (agreements / "tarkastus.toml").write_text('kieli = "auto"\nselect = ["KL54-SEURANTA"]\n', encoding="utf-8")
    monkeypatch.chdir(agreements)
    data = json.loads(runner.invoke(main, ["check", ".", "--format", "json", "--as-of", AS_OF.isoformat()]).output)
    languages = {d["path"].rsplit("/", 1)[-1]: d.get("language", "fi") for d in data["diagnostics"]}
    assert languages["avtal.md"] == "sv" and languages["sopimus.md"] == "fi"


def test_auto_findings_are_stored_apart_from_fixed_languages(runner, agreements, monkeypatch):
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(agreements / "cache"))
    for lang, expected in [("auto", "sv"), ("fi", "fi"), ("auto", "sv"), ("en", "en")]:
        found = _diagnostics(runner, str(agreements / "avtal.md"), "--kieli", lang, "--select", "KL54-SEURANTA")
        assert [d.get("language", "fi") for d in found] == [expected], lang


def test_facts_says_the_language_of_each_document(runner, agreements):
    data = json.loads(runner.invoke(main, ["facts", str(agreements), "--format", "json", "--isolated"]).output)
    languages = {doc["path"].rsplit("/", 1)[-1]: doc["language"] for doc in data["documents"]}
    assert languages == {"avtal.md": "sv", "sopimus.md": "fi", "puuttuu.md": None}
    assert all("_words" not in doc for doc in data["documents"])
    text = runner.invoke(main, ["facts", str(agreements / "avtal.md"), "--isolated", "--kieli", "auto"]).output
    assert text.splitlines()[0].endswith("språk: sv)") and "Uppgifter:" in text
    finnish = runner.invoke(main, ["facts", str(agreements / "avtal.md"), "--isolated"]).output
    assert finnish.splitlines()[0].endswith("kieli: sv)") and "Tiedot:" in finnish
