"""Rules over the set of documents on prose agreements: membership from the party clause when there is no list."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import AS_OF
from tarkastus.cli import main

COOP = """# Yhteistoimintasopimus työvoimapalveluiden järjestämisestä, {alue}

## 1. Sopimuksen osapuolet

Sopimuksen osapuolia ovat {lead} (vastuukunta) sekä {members} (muut osapuolet).

## 2. Sopimuksen tarkoitus

Tämä sopimus on kuntalain 51 ja 52 §:n mukainen sopimus yhteisestä toimielimestä, jolla sopijakunnat muodostavat {alue}en.
"""


def _check(directory):
    result = CliRunner().invoke(main, ["check", "--format", "json", "--isolated", "--no-cache",
                                       "--as-of", AS_OF.isoformat(), "--select", "ALUE-", str(directory)])
    return json.loads(result.output)


def test_a_municipality_in_two_prose_areas_is_an_overlap(tmp_path):
    (tmp_path / "kuopio.md").write_text(COOP.format(alue="Kuopion työllisyysalue", lead="Kuopion kaupunki",
                                                    members="Siilinjärven kunta, Leppävirran kunta"), encoding="utf-8")
    (tmp_path / "varkaus.md").write_text(COOP.format(alue="Keski-Savon työllisyysalue", lead="Varkauden kaupunki",
                                                     members="Leppävirran kunta, Joroisten kunta"), encoding="utf-8")
    report = _check(tmp_path)
    overlaps = [d for d in report["diagnostics"] if d["code"] == "ALUE-PAALLEKKAISYYS"]
    assert len(overlaps) == 1 and "Leppävirta" in overlaps[0]["message"], report["diagnostics"]
    assert overlaps[0]["related"], "points at the other agreement too"


def test_kl54_counterparty_checked_against_members_from_the_party_clause(tmp_path):
    (tmp_path / "kuopio.md").write_text(COOP.format(alue="Kuopion työllisyysalue", lead="Kuopion kaupunki",
                                                    members="Siilinjärven kunta"), encoding="utf-8")
    (tmp_path / "kl54.md").write_text(
        "# Sopimus viranomaistehtävän hoitamisesta\n\n## 1. Sopijapuolet\n\nSopijapuolina ovat Kuopion kaupunki "
        "Kuopion työllisyysalueen vastuukuntana ja Varkauden kaupunki jäsenkuntana.\n", encoding="utf-8")
    report = _check(tmp_path)
    members = [d for d in report["diagnostics"] if d["code"] == "ALUE-JASENYYS"]
    assert len(members) == 1 and "Varkaus" in members[0]["message"], report["diagnostics"]
