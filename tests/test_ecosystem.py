"""Fitting the ecosystem: output formats, deliberate deviations, configuration, languages.

Everything goes through the public CLI (click's runner), as users and CI
systems meet it.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import AS_OF, DATA, ROOT
from tarkastus.cli import main

DRAFT = """---
tarkastus: 1
tyyppi: kl54
osapuolet:
  - {kunta: Turku, rooli: vastuukunta}
  - {kunta: Raisio, rooli: jäsenkunta}
ohjaus: Turku
poikkeukset:
  - sääntö: OHJE-VAHINGOT
    perustelu: Vahingonkorvaus määräytyy vahingonkorvauslain mukaan.
  - sääntö: OHJE-MUUTTAMINEN
  - sääntö: OHJE-TIETOSUOJA
    perustelu: Käsitellään erillisessä sopimuksessa.
---
# Sopimus

<!-- tarkastus: ohita KL63-ERIMIELISYYDET perustelu="Välimiesmenettely on kokeilu, jonka valtuustot hyväksyivät." -->
## 8. Erimielisyydet

Erimielisyydet ratkaistaan välimiesmenettelyssä.

<!-- tarkastus: ohita KL54-SEURANTA perustelu="Ei koske tätä kohtaa." -->
## 9. Tietosuoja

Tietosuojasta sovitaan erikseen.
"""
RULES = ("--select", "OHJE-", "--select", "KL63-", "--select", "KL54-SEURANTA", "--as-of", AS_OF.isoformat())


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "luonnos.md"
    path.write_text(DRAFT, encoding="utf-8")
    return str(path)


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def diagnostics(runner, *args):
    result = run(runner, "check", "--format", "json", *args)
    return result, json.loads(result.output)["diagnostics"]


# ---- deliberate deviations --------------------------------------------------------

def test_a_deviation_with_a_reason_suppresses_and_keeps_its_justification(runner, draft):
    result, found = diagnostics(runner, draft, *RULES)
    by_code = {d["code"]: d for d in found if d["code"] != "TARK-POIKKEUS"}
    assert by_code["OHJE-VAHINGOT"]["suppressed"] == {
        "justification": "Vahingonkorvaus määräytyy vahingonkorvauslain mukaan."}
    assert by_code["KL63-ERIMIELISYYDET"]["suppressed"]["justification"].startswith("Välimiesmenettely")
    assert "suppressed" not in by_code["KL54-SEURANTA"]  # the comment covers section 9 only; this is at 1:1


def test_a_deviation_without_a_reason_is_a_finding_and_suppresses_nothing(runner, draft):
    _, found = diagnostics(runner, draft, *RULES)
    missing = [d for d in found if d["code"] == "TARK-POIKKEUS" and "perustelu" in d["message"]]
    assert [(d["line"], d["severity"]) for d in missing] == [(11, "error")]
    muuttaminen = next(d for d in found if d["code"] == "OHJE-MUUTTAMINEN")
    assert "suppressed" not in muuttaminen


def test_a_deviation_that_suppresses_nothing_is_reported_unused(runner, draft):
    _, found = diagnostics(runner, draft, *RULES)
    unused = {d["message"].split()[2] for d in found
              if d["code"] == "TARK-POIKKEUS" and d["severity"] == "warning"}
    # Section 9 has no KL54-SEURANTA finding. Its text only defers data protection
    # ("Tietosuojasta sovitaan erikseen."), so OHJE-TIETOSUOJA fires and its deviation is used.
    assert unused == {"KL54-SEURANTA"}
    tietosuoja = next(d for d in found if d["code"] == "OHJE-TIETOSUOJA")
    assert tietosuoja["suppressed"]["justification"]


def test_suppressed_findings_do_not_fail_the_run_and_show_on_request(runner, tmp_path):
    path = tmp_path / "a.md"
    path.write_text(DRAFT.replace("  - sääntö: OHJE-MUUTTAMINEN\n", ""), encoding="utf-8")
    quiet = run(runner, "check", str(path), "--select", "KL63-", "--as-of", AS_OF.isoformat())
    assert quiet.exit_code == 0, quiet.output
    assert "KL63-ERIMIELISYYDET" not in quiet.output and "1 ohitettu poikkeuksena" in quiet.output
    shown = run(runner, "check", str(path), "--select", "KL63-", "--show-suppressed")
    assert "KL63-ERIMIELISYYDET" in shown.output and "ohitettu: Välimiesmenettely" in shown.output


# ---- SARIF ----------------------------------------------------------------------------

def _sarif_schema():
    return json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_of_the_samples_validates_against_the_official_schema(runner, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run(runner, "check", "--format", "sarif", "--as-of", AS_OF.isoformat(), "samples")
    log = json.loads(result.output)
    jsonschema.validate(log, _sarif_schema())
    run_ = log["runs"][0]
    for rule in run_["tool"]["driver"]["rules"]:
        assert rule["fullDescription"]["text"] and rule["help"]["text"] and rule["helpUri"].startswith("https://")
    assert any(r["ruleId"] == "ALUE-PAALLEKKAISYYS" and r.get("relatedLocations") for r in run_["results"])


def test_sarif_keeps_suppressed_findings_with_their_justification(runner, draft):
    result = run(runner, "check", "--format", "sarif", draft, *RULES)
    log = json.loads(result.output)
    jsonschema.validate(log, _sarif_schema())
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    # OHJE-TIETOSUOJA: section 9 only defers it, and the front matter's deviation covers it.
    assert {r["ruleId"] for r in suppressed} == {"OHJE-VAHINGOT", "KL63-ERIMIELISYYDET", "OHJE-TIETOSUOJA"}
    assert all(r["suppressions"][0]["kind"] == "inSource" and r["suppressions"][0]["justification"]
               for r in suppressed)
    vahingot = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "OHJE-VAHINGOT")
    assert "ohita OHJE-VAHINGOT perustelu" in vahingot["help"]["text"]


# ---- the other formats --------------------------------------------------------------

def test_concise_github_and_junit(runner, draft, tmp_path):
    concise = run(runner, "check", "--format", "concise", draft, *RULES).output.splitlines()
    assert all(line.startswith(draft + ":") for line in concise)
    assert any(": OHJE-MUUTTAMINEN [info] " in line for line in concise)
    github = run(runner, "check", "--format", "github", draft, *RULES).output.splitlines()
    assert any(line.startswith(f"::notice file={draft},line=15,col=1,title=OHJE-MUUTTAMINEN") for line in github)
    assert not any("OHJE-VAHINGOT" in line for line in github)  # suppressed: no annotation
    out = tmp_path / "report.xml"
    result = run(runner, "check", "--format", "junit", "--output", str(out), draft, *RULES)
    assert result.output == ""
    suite = ET.parse(out).getroot().find("testsuite")
    assert int(suite.get("failures")) >= 3 and int(suite.get("skipped")) == 3  # the three suppressed


def test_statistics_counts_findings_per_rule(runner, draft):
    lines = run(runner, "check", "--statistics", draft, *RULES).output.splitlines()
    assert any(line.split()[:2] == ["1", "OHJE-MUUTTAMINEN"] for line in lines)


# ---- languages ----------------------------------------------------------------------

def test_swedish_and_english_messages_for_the_same_findings(runner, draft):
    _, finnish = diagnostics(runner, draft, *RULES)
    _, swedish = diagnostics(runner, draft, *RULES, "--kieli", "sv")
    _, english = diagnostics(runner, draft, *RULES, "--kieli", "en")
    key = [(d["code"], d["line"], d["column"]) for d in finnish]
    assert key == [(d["code"], d["line"], d["column"]) for d in swedish] == [
        (d["code"], d["line"], d["column"]) for d in english]
    seuranta = {d["code"]: d["message"] for d in swedish}["KL54-SEURANTA"]
    assert seuranta.startswith("Avtalet saknar")
    text = run(runner, "check", draft, *RULES, "--kieli", "sv").output
    assert "Avtalet saknar" in text and "åtgärd:" in text and "granskad" in text  # 1 fil granskad, 2 filer granskade


# ---- configuration --------------------------------------------------------------------

def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_closest_configuration_applies(runner, tmp_path):
    _write(tmp_path / "pyproject.toml", '[tool.tarkastus]\nselect = ["OHJE-MUUTTAMINEN"]\n')
    _write(tmp_path / "alue" / "tarkastus.toml", 'select = ["OHJE-VAHINGOT"]\nkieli = "en"\n')
    top = _write(tmp_path / "a.md", DRAFT.replace("poikkeukset:", "x:"))
    nested = _write(tmp_path / "alue" / "b.md", DRAFT.replace("poikkeukset:", "x:"))
    _, found = diagnostics(runner, str(top), str(nested))
    codes = {(Path(d["path"]).name, d["code"]) for d in found if not d["code"].startswith("TARK-")}
    assert codes == {("a.md", "OHJE-MUUTTAMINEN"), ("b.md", "OHJE-VAHINGOT")}
    _, isolated = diagnostics(runner, "--isolated", str(top), "--select", "OHJE-VAHINGOT")
    assert {d["code"] for d in isolated if not d["code"].startswith("TARK-")} == {"OHJE-VAHINGOT"}
    shown = run(runner, "check", "--show-settings", str(nested))
    settings = json.loads(shown.output)
    assert settings["select"] == ["OHJE-VAHINGOT"] and settings["kieli"] == "en"
    assert settings["asetustiedosto"].endswith("tarkastus.toml")


def test_per_file_ignores_and_explicit_config(runner, tmp_path):
    config = _write(tmp_path / "yhteiset.toml",
                    'select = ["OHJE-"]\n[per-file-ignores]\n"luonnokset/*.md" = ["OHJE-VAHINGOT"]\n')
    draft = _write(tmp_path / "luonnokset" / "c.md", DRAFT.replace("poikkeukset:", "x:"))
    final = _write(tmp_path / "c.md", DRAFT.replace("poikkeukset:", "x:"))
    _, found = diagnostics(runner, "--config", str(config), str(draft), str(final))
    codes = {(Path(d["path"]).parent.name, d["code"]) for d in found if not d["code"].startswith("TARK-")}
    assert ("luonnokset", "OHJE-MUUTTAMINEN") in codes and ("luonnokset", "OHJE-VAHINGOT") not in codes
    assert (tmp_path.name, "OHJE-VAHINGOT") in codes


def test_an_unknown_configuration_key_is_an_error_with_a_suggestion(runner, tmp_path):
    _write(tmp_path / "tarkastus.toml", 'selcet = ["OHJE-"]\n')
    draft = _write(tmp_path / "d.md", DRAFT)
    result = run(runner, "check", str(draft))
    assert result.exit_code == 2
    assert "selcet" in result.output and "Tarkoititko 'select'" in result.output


def test_a_municipality_rule_pack_from_rule_dirs(runner, tmp_path):
    _write(tmp_path / "omat" / "OMA-ALUE.tark", '''rule OMA-ALUE
title "Työllisyysalue puuttuu"
severity warning
applies-to all
in-force from 2020-01-01
cite guidance "Kaupungin oma ohje"
quote "Jokaisesta sopimuksesta käy ilmi sen työllisyysalue."
why "Arkistointi edellyttää työllisyysaluetta."
when not present(työllisyysalue)
  message "Sopimuksesta ei käy ilmi työllisyysalue."
fix "Lisää 'työllisyysalue:' tai mainitse alue tekstissä."
''')
    _write(tmp_path / "tarkastus.toml", 'rule-dirs = ["omat"]\nselect = ["OMA-"]\n')
    draft = _write(tmp_path / "e.md", DRAFT)
    _, found = diagnostics(runner, str(draft))
    assert [d["code"] for d in found if not d["code"].startswith("TARK-")] == ["OMA-ALUE"]


# ---- init and schema -------------------------------------------------------------------

@pytest.mark.parametrize("doc_type", ["kl54", "yhteistoimintasopimus", "järjestämissuunnitelma"])
def test_init_writes_a_skeleton_that_passes_once_filled_and_never_overwrites(runner, tmp_path, doc_type):
    path = tmp_path / "uusi.md"
    result = run(runner, "init", str(path), "--tyyppi", doc_type, "--alue", "Turun seudun työllisyysalue",
                 "--vastuukunta", "Turku", "--kunta", "Raisio")
    assert result.exit_code == 0, result.output
    _, unfilled = diagnostics(runner, str(path), "--as-of", AS_OF.isoformat())
    assert any(d["severity"] == "error" for d in unfilled) or doc_type == "yhteistoimintasopimus"
    assert not any(d["code"].startswith("TARK-") and d["severity"] == "error" for d in unfilled)
    filled = tmp_path / "taytetty.md"
    filled.write_text(path.read_text(encoding="utf-8").replace(
        # Each placeholder becomes a real provision; the cost distribution counts only
        # where the text says how costs are shared, so the sentence says that too.
        "[täydennä]", "Osapuolet sopivat tästä kohdasta kirjallisesti. "
                      "Kustannukset jaetaan kuntien kesken asukasluvun suhteessa."), encoding="utf-8")
    _, found = diagnostics(runner, str(filled), "--as-of", AS_OF.isoformat())
    assert [d for d in found if d["severity"] == "error"] == []
    before = path.read_text(encoding="utf-8")
    again = run(runner, "init", str(path), "--tyyppi", doc_type)
    assert again.exit_code == 2 and "on jo olemassa" in again.output
    assert path.read_text(encoding="utf-8") == before


def test_schema_describes_every_sample_document(runner, monkeypatch):
    import yaml

    schema = json.loads(run(runner, "schema").output)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    # The prose-only samples (samples/proosa) have no front matter to validate.
    samples = [p for p in (ROOT / "samples").rglob("*.md") if p.read_text(encoding="utf-8").startswith("---\n")]
    assert len(samples) >= 19
    for sample in samples:
        front = sample.read_text(encoding="utf-8").split("---\n")[1]
        data = json.loads(json.dumps(yaml.safe_load(front), default=str))
        errors = list(validator.iter_errors(data))
        assert not errors, f"{sample}: {errors[0].message}"
    assert "Tehtävän hoidon seuranta" in json.dumps(schema, ensure_ascii=False)


def test_readme_documents_every_option_format_and_config_key():
    from tarkastus.cli import main as group
    from tarkastus.config import KEYS
    from tarkastus.reporters import FORMATS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in group.commands.values():
        for param in command.params:
            for flag in getattr(param, "opts", []):
                if flag.startswith("--"):
                    assert f"`{flag}" in readme or f"{flag} " in readme, f"README: {command.name} {flag}"
    for name in FORMATS:
        assert f"`{name}`" in readme or f"|{name}" in readme, f"README: format {name}"
    for key in KEYS:
        assert f"{key} =" in readme or f"[{key}]" in readme, f"README: config key {key}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(quick) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == quick[1]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "concise"])
def test_output_file_replaces_a_report_but_keeps_a_users_file(tmp_path, fmt):
    runner = CliRunner()
    report = tmp_path / "raportti.out"
    args = ["check", str(ROOT / "samples" / "kl54"), "--format", fmt, "--as-of", AS_OF.isoformat(), "-o"]
    assert runner.invoke(main, [*args, str(report)]).exit_code == 1
    first = report.read_text(encoding="utf-8")
    result = runner.invoke(main, [*args, str(report)])
    assert result.exit_code == 1 and report.read_text(encoding="utf-8") == first
    assert not list(tmp_path.glob("*.bak*")), "an earlier report is replaced without a backup"
    draft = tmp_path / "sopimus.md"
    draft.write_text(DRAFT, encoding="utf-8")
    result = runner.invoke(main, [*args, str(draft)])
    assert result.exit_code == 1
    assert (tmp_path / "sopimus.md.bak").read_text(encoding="utf-8") == DRAFT
    assert "sopimus.md.bak" in result.output


def test_output_to_a_missing_directory_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["check", str(ROOT / "samples" / "kl54"), "-o", str(tmp_path / "ei" / "r.json")])
    assert result.exit_code == 2 and "raporttia ei voi kirjoittaa" in result.output
