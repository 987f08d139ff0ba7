"""``tarkastus facts``: every fact with its source and words, the provisions found, the conflicts.

The acceptance point of the issue: for each prose-only sample the command
shows the parties, the organiser, the dates, the notice period and the
costs, each with line:col and the quoted words, and those words are at
that place in the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import AS_OF, ROOT
from tarkastus.cli import main

PROSE = sorted((ROOT / "samples" / "proosa").rglob("*.md"))
AGREEMENTS = [p for p in PROSE if "suunnitelma" not in p.name]


def facts_of(*paths, fmt="json"):
    result = CliRunner().invoke(main, ["facts", "--format", fmt, "--as-of", AS_OF.isoformat(), *map(str, paths)])
    return result


@pytest.mark.parametrize("sample", AGREEMENTS, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_each_prose_sample_shows_parties_organiser_dates_notice_and_costs(sample):
    result = facts_of(sample)
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)["documents"]
    keys = {f["key"].split("[")[0].split(".")[0] for f in doc["facts"]}
    needed = {"osapuolet", "voimassaolo", "irtisanominen", "kustannukset"}
    needed |= {"järjestämisvastuu"} if doc["tyyppi"] == "kl54" or "kuntayhtyma" not in sample.name else set()
    assert needed <= keys, sorted(needed - keys)
    lines = sample.read_text(encoding="utf-8").split("\n")
    for fact in doc["facts"]:
        assert fact["source"] == "teksti"
        line = lines[fact["line"] - 1]
        assert line[fact["column"] - 1:].startswith(fact["quote"].split()[0]), (fact, line)


def test_a_front_matter_sample_names_its_keys_and_what_the_text_adds():
    result = facts_of(ROOT / "samples" / "kl54" / "turku-lieto.md")
    (doc,) = json.loads(result.output)["documents"]
    sources = {(f["key"], f["source"]) for f in doc["facts"]}
    assert {("tyyppi", "etusivu"), ("voimassaolo.alkaa", "etusivu")} <= sources
    assert ("voimassaolo.alkaa", "teksti") in sources  # the text states it too (and agrees: no conflict)
    assert doc["conflicts"] == []
    text = [f for f in doc["facts"] if f["source"] == "teksti"]
    assert text and all("used" in f for f in text)
    provisions = {p["name"]: p for p in doc["provisions"]}
    assert provisions["seuranta"]["how"] == "avain"
    assert provisions["muuttaminen"]["how"] == "otsikko" and "muuttaminen" in provisions["muuttaminen"]["words"]


def test_the_text_report_shows_why_section_6_is_monitoring():
    sample = ROOT / "samples" / "proosa" / "kl54" / "turku-lieto.md"
    result = facts_of(sample, fmt="text")
    assert result.exit_code == 0
    out = result.output
    assert "luettu tekstistä" in out and "Tiedot:" in out and "Määräykset:" in out
    monitoring = next(line for line in out.splitlines() if line.strip().startswith("seuranta ("))
    assert "Turku vastaa tehtävien hoidon seurannasta" in monitoring and ":" in monitoring.split("“")[0]
    assert "henkilosto_ehdot" in out and "puuttuu" in out  # what it did not find is shown too


def test_a_deferred_provision_and_a_conflict_are_shown(tmp_path):
    draft = tmp_path / "luonnos.md"
    draft.write_text("---\ntyyppi: kl54\nvoimassaolo:\n  alkaa: 2025-01-01\n---\n"
                     "# Sopimus viranomaistehtävän hoitamisesta\n\n## 6. Seuranta\n\nSovitaan myöhemmin.\n\n"
                     "## 11. Voimassaolo\n\nSopimus tulee voimaan 1.3.2025.\n", encoding="utf-8")
    (doc,) = json.loads(facts_of(draft).output)["documents"]
    provisions = {p["name"]: p for p in doc["provisions"]}
    assert provisions["seuranta"]["how"] == "lykätty" and provisions["seuranta"]["line"] == 10
    (conflict,) = doc["conflicts"]
    assert conflict["rule"] == "RISTIRIITA-VOIMASSAOLO"
    assert (conflict["first"]["source"], conflict["first"]["line"]) == ("etusivu", 4)
    assert (conflict["second"]["line"], conflict["second"]["quote"]) == (14, "1.3.2025")
    text = facts_of(draft, fmt="text").output
    assert "Ristiriidat:" in text and "RISTIRIITA-VOIMASSAOLO" in text and "lykätty 10:1" in text


def test_swedish_and_english_headings(tmp_path):
    sample = ROOT / "samples" / "proosa" / "kl54" / "turku-paimio.md"
    for lang, word in (("sv", "Uppgifter:"), ("en", "Facts:")):
        result = CliRunner().invoke(main, ["facts", "--kieli", lang, str(sample)])
        assert result.exit_code == 0 and word in result.output


def test_an_input_error_is_shown_and_exits_2(tmp_path):
    broken = tmp_path / "rikki.md"
    broken.write_text("---\ntyyppi: kl54\nosapuolet: [\n---\n# Sopimus\n", encoding="utf-8")
    result = facts_of(broken)
    assert result.exit_code == 2
    (doc,) = json.loads(result.stdout)["documents"]
    assert doc["errors"] and doc["errors"][0]["code"] == "TARK-YAML"


def test_explain_lists_the_words_its_provisions_accept():
    result = CliRunner().invoke(main, ["explain", "KL54-SEURANTA"])
    assert result.exit_code == 0
    out = result.output
    assert "Tekstistä tunnistetaan" in out
    assert "otsikot: seuran*" in out and "lauseet: seuraa tehtav*" in out
    assert "lykkäys" in out and "sovitaan myohemmin" in out


def test_a_rule_authors_words_from_rule_dirs_are_read(tmp_path, monkeypatch):
    """tekstitiedot.yaml in a configured rule directory extends what the text is read for, in check and facts."""
    (tmp_path / "omat").mkdir()
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    (tmp_path / "omat" / "tekstitiedot.yaml").write_text(
        'irtisanomisaika:\n  kuvaus: kunnan oma sanasto\n  sanat: ["irtisano*", "päättymisaika*"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text("# Sopimus viranomaistehtävän hoitamisesta\n\nTämä sopimus on kuntalain 54 §:n "
                                   "mukainen sopimus.\nPäättymisaika on kolme kuukautta.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (doc,) = json.loads(CliRunner().invoke(main, ["facts", "--format", "json", "a.md"]).output)["documents"]
    assert {(f["key"], f["value"], f["line"]) for f in doc["facts"]} >= {("irtisanominen.irtisanomisaika", "3 kk", 4)}
    (plain,) = json.loads(CliRunner().invoke(main, ["facts", "--format", "json", "--isolated", "a.md"])
                          .output)["documents"]
    assert not any(f["key"].startswith("irtisanominen") for f in plain["facts"])
