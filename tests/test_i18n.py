"""Every word tarkastus says, in Finnish, Swedish and English.

The catalogue (messages.py) is complete: every key has all three, with the
same placeholders, and every key the code asks for is in it. Input errors
and notes are said in the report's language, however they were made (by the
loader, a configuration, the result cache); locators and citations too.
Click's own words (usage, help, errors) follow the command line's language,
Finnish by default, and click elsewhere in the process is left as it was.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import AS_OF, NO_MONITORING, ROOT
from tarkastus import messages
from tarkastus.cli import main
from tarkastus.diagnostics import Severity
from tarkastus.documents.converted import locator_in
from tarkastus.messages import CATALOGUE, CLICK, LANGUAGES, Message, say

SOURCE = ROOT / "src" / "tarkastus"
FAILING = NO_MONITORING


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class Runner(CliRunner):
    def invoke(self, cli, args=None, **kwargs):
        kwargs.setdefault("prog_name", "tarkastus")  # as the console script is called
        return super().invoke(cli, args, **kwargs)


@pytest.fixture
def runner(monkeypatch):
    for name in ("TARKASTUS_KIELI", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return Runner()


# ---- the catalogue is complete -----------------------------------------------------------------

@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_is_in_three_languages_with_the_same_placeholders(key):
    entry = CATALOGUE[key]
    assert len(entry) == len(LANGUAGES) and all(entry), f"{key}: a text per language ({LANGUAGES})"
    finnish = fields(entry[0])
    for lang, template in zip(LANGUAGES, entry):
        assert fields(template) == finnish, f"{key} ({lang}) has other placeholders than the Finnish"
        string.Formatter().parse(template)  # a stray brace fails here


def _keys_asked_for() -> set[str]:
    """The catalogue keys the source names literally: say("x"), text("x"), help="x", metavar="x"."""
    keys = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("say", "text", "_text", "Message", "template") and node.args \
                        and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    keys.add(node.args[0].value)
                for keyword in node.keywords:
                    if keyword.arg in ("help", "metavar", "help_key") and isinstance(keyword.value, ast.Constant) \
                            and isinstance(keyword.value.value, str) and "." in keyword.value.value:
                        keys.add(keyword.value.value)
    return keys


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = {key for key in _keys_asked_for() if "{" not in key}
    missing = sorted(key for key in asked if key not in CATALOGUE and not key.startswith(("tarkastus.", "locator.")))
    assert not missing, f"add to messages.CATALOGUE: {missing}"


def test_no_message_is_left_unused():
    """Keys the source names (anywhere, as a string), or asked for by a family (severity.error, locator.page …)."""
    asked = set()
    for path in SOURCE.rglob("*.py"):
        if path.name != "messages.py":
            asked |= {node.value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                      if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    families = ("severity.", "count.", "report.", "locator.", "kind.", "input.", "metavar.", "cite.", "schema.found.",
                "explain.", "rules.", "lang.kind.", "lang.token.", "lang.what.")
    unused = sorted(key for key in CATALOGUE if key not in asked and not key.startswith(families))
    assert not unused, f"messages nothing says (remove them): {unused}"


def test_no_diagnostic_is_made_from_a_literal_text():
    """Input errors and notes come from the catalogue (Diagnostic.said), so that they can be said in any language."""
    literal = []
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Diagnostic" and len(node.args) >= 5:
                if isinstance(node.args[4], (ast.Constant, ast.JoinedStr)):
                    literal.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not literal, f"use Diagnostic.said with a catalogue message: {literal}"


def test_every_click_word_is_one_click_has():
    """A click upgrade that rewords a message is noticed here (it would be shown in English)."""
    said = set()
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
                texts = tuple(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
                said.add(texts[0] if len(texts) == 1 else texts[:2])
    said.add("required")  # click says it as _(extra["required"])
    assert not [key for key in CLICK if key not in said], "click no longer says these"
    for key, value in CLICK.items():
        if isinstance(key, tuple):
            for one, many in value:
                assert fields(one) <= fields(key[0]) | fields(key[1]) and fields(many) <= fields(key[0]) | fields(key[1])
        else:
            assert len(value) == 2 and all(value), key
            for said_text in value:
                assert fields(said_text) <= fields(key), key


def test_the_statutes_rules_cite_are_named_in_swedish_and_english(book):
    cited = {c.statute for rule in book.rules for c in rule.citations if c.statute}
    assert cited <= set(messages.STATUTE_NAMES), sorted(cited - set(messages.STATUTE_NAMES))
    assert set(book.statutes) <= set(messages.STATUTE_NAMES), sorted(set(book.statutes) - set(messages.STATUTE_NAMES))


# ---- input errors and notes in the report's language --------------------------------------------

@pytest.mark.parametrize("lang, words", [("fi", "Tiedostoa tai hakemistoa ei ole."),
                                         ("sv", "Filen eller katalogen finns inte."),
                                         ("en", "No such file or directory.")])
def test_a_missing_path_in_each_language(runner, lang, words, tmp_path):
    result = runner.invoke(main, ["check", str(tmp_path / "ei.md"), "--kieli", lang, "--format", "json"])
    assert result.exit_code == 2
    (finding,) = json.loads(result.output)["diagnostics"]
    assert finding["message"] == words
    assert finding.get("language", "fi") == lang
    assert finding["fix"] == messages.text("path.check.fix", lang)


def test_the_environment_and_the_configuration_choose_the_language(runner, tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(FAILING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    sv = runner.invoke(main, ["check", "a.md", "--isolated", "--as-of", AS_OF.isoformat()],
                       env={"TARKASTUS_KIELI": "sv"})
    assert "Avtalet saknar" in sv.output and "Hittade" in sv.output
    (tmp_path / "tarkastus.toml").write_text('kieli = "en"\n', encoding="utf-8")
    en = runner.invoke(main, ["check", "a.md", "--as-of", AS_OF.isoformat()])
    assert "The agreement has no provision" in en.output and "Found" in en.output
    fi = runner.invoke(main, ["check", "a.md", "--as-of", AS_OF.isoformat(), "--kieli", "fi"], env={"TARKASTUS_KIELI": "sv"})
    assert "Sopimuksesta puuttuu" in fi.output  # the command line wins


def test_loader_errors_keep_their_values_in_every_language(tmp_path):
    from tarkastus.engine import Options, check
    from tarkastus.rulebook import load_rulebook

    bad = tmp_path / "a.md"
    bad.write_text("---\ntarkastus: 1\ntyyppi: kl54\nirtisanomisika: 6 kk\n---\n", encoding="utf-8")
    book = load_rulebook(examples=False)
    said = {}
    for lang in LANGUAGES:
        report = check([str(bad)], book, Options(as_of=AS_OF, language=lang, select=("TARK",)))
        (d,) = [d for d in report.diagnostics if d.code == "TARK-AVAIN"]
        said[lang] = d.message
        assert "irtisanomisika" in d.message and "irtisanominen" in d.message and d.language == lang
    assert said["fi"].startswith("Tuntematon avain") and said["sv"].startswith("Okänd nyckel")
    assert said["en"].startswith("Unknown key")


def test_a_broken_configuration_in_swedish(runner, tmp_path, monkeypatch):
    (tmp_path / "tarkastus.toml").write_text('selcet = ["KL54-"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(FAILING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "a.md", "--kieli", "sv", "--format", "json"])
    (d,) = [d for d in json.loads(result.output)["diagnostics"] if d["code"] == "TARK-ASETUS"]
    assert d["message"].startswith("Ogiltig konfigurationsfil: okänd inställning 'selcet'. Menade du 'select'?")
    assert d["fix"].startswith("Rätta konfigurationsfilen.")


def test_stored_results_are_said_in_the_language_of_their_run(runner, tmp_path, monkeypatch):
    """The result cache is kept per language; a hit is not a message of another language."""
    (tmp_path / "a.md").write_text(FAILING + "\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntarkastus: 1\ntyyppi: kl54\nohjaus: [x\n---\n", encoding="utf-8")
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(tmp_path / "cache"))
    for lang, words in [("fi", "YAML-virhe"), ("en", "YAML error"), ("fi", "YAML-virhe"), ("sv", "YAML-fel")] * 2:
        result = runner.invoke(main, ["check", str(tmp_path), "--kieli", lang, "--as-of", AS_OF.isoformat()])
        assert words in result.output, (lang, result.output)


def test_a_message_value_may_be_a_message():
    reason = say("config.unknown", key="x", hint=say("hint.did_you_mean_quoted", name="y"), keys="a, b")
    message = say("config.invalid", reason=reason)
    assert message.render("fi") == "Virheellinen asetustiedosto: tuntematon asetus 'x'. Tarkoititko 'y'? Asetukset: a, b."
    assert message.render("en") == "Invalid configuration file: unknown setting 'x'. Did you mean 'y'? Settings: a, b."
    assert str(message) == message.render("fi")
    assert say("output.not_regular", kind=Message("kind.fifo")).render("sv") == \
        "en namngiven pipe (FIFO) är inte en vanlig fil."


# ---- report words ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_word_per_severity_everywhere(lang):
    from tarkastus.audit.words import words as audit_words
    from tarkastus.reporters.i18n import word

    for severity in Severity:
        said = messages.text(f"severity.{severity.label}", lang)
        assert word(lang, severity) == said
        assert audit_words(lang)[f"severity_{severity.label}"] == said


def test_text_report_words_follow_the_language(runner, tmp_path):
    draft = tmp_path / "a.md"
    draft.write_text(FAILING, encoding="utf-8")
    for lang, words in [("fi", ("[virhe]", "peruste:", "korjaus:", "1 tiedosto tarkastettu")),
                        ("sv", ("[fel]", "grund:", "åtgärd:", "1 fil granskad")),
                        ("en", ("[error]", "basis:", "fix:", "1 file checked"))]:
        result = runner.invoke(main, ["check", str(draft), "--isolated", "--kieli", lang, "--as-of", AS_OF.isoformat(),
                                      "--select", "KL54-SEURANTA"])
        for word in words:
            assert word in result.output, (lang, word, result.output)


@pytest.mark.parametrize("locator, sv, en", [
    ("kohta 11, 2. kappale", "punkt 11, 2 st.", "section 11, paragraph 2"),
    ("sivu 3, rivi 12", "sida 3, rad 12", "page 3, line 12"),
    ("kohta 7, taulukon 3. rivi", "punkt 7, tabellrad 3", "section 7, table row 3"),
    ("otsikko", "rubrik", "title"),
    ("alku, 1. kappale", "början, 1 st.", "beginning, paragraph 1"),
    ("ylätunniste", "sidhuvud", "page header"),
    ("kohta 5, ”Kustannukset, laskutus”, 2. kappale", "punkt 5, ”Kustannukset, laskutus”, 2 st.",
     "section 5, ”Kustannukset, laskutus”, paragraph 2"),
    ("otsikko ”Johdanto”", "rubrik ”Johdanto”", "heading ”Johdanto”"),
    ("rivi 4", "rad 4", "line 4"),
])
def test_locators_are_said_in_each_language(locator, sv, en):
    assert locator_in(locator, "fi") == locator
    assert (locator_in(locator, "sv"), locator_in(locator, "en")) == (sv, en)


def test_a_pdf_finding_says_its_page_and_line_in_english(runner):
    pdf = ROOT / "tests" / "data" / "pdf" / "luonnos-ei-seurantaa.pdf"
    data = json.loads(runner.invoke(main, ["check", str(pdf), "--kieli", "en", "--format", "json", "--isolated",
                                           "--as-of", AS_OF.isoformat()]).output)
    placed = [d for d in data["diagnostics"] if "locator" in d]
    assert placed and all(d["locator"].startswith("sivu ") and d["where"].startswith("page ") for d in placed)
    text = runner.invoke(main, ["check", str(pdf), "--kieli", "en", "--isolated", "--as-of", AS_OF.isoformat()]).output
    assert "(page " in text and "(sivu " not in text


# ---- click's own words ----------------------------------------------------------------------

ENGLISH_CHROME = ("Usage:", "Options:", "Show this message and exit.", "Show the version and exit.", "[OPTIONS]",
                  "PATHS", "default:")


def test_help_has_no_english_words_by_default(runner):
    for command in ([], ["check"], ["audit"], ["facts"], ["init"], ["rules"], ["explain"], ["schema"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0, result.output
        assert not [w for w in ENGLISH_CHROME if w in result.output], (command, result.output)
        assert "Käyttö: tarkastus" in result.output and "Näytä tämä ohje ja lopeta." in result.output


def test_help_in_swedish_and_english(runner):
    sv = runner.invoke(main, ["check", "--kieli", "sv", "--help"]).output
    assert "Användning: tarkastus check [ALTERNATIV] [SÖKVÄGAR]..." in sv and "Alternativ:" in sv
    assert "Granska avtal (filer och kataloger;" in sv and "Visa den här hjälpen och avsluta." in sv
    en = runner.invoke(main, ["check", "--help"], env={"TARKASTUS_KIELI": "en"}).output
    assert "Usage: tarkastus check [OPTIONS] [PATHS]..." in en and "Check agreements" in en


def test_the_configuration_of_the_current_directory_chooses_the_help_language(runner, tmp_path, monkeypatch):
    (tmp_path / "tarkastus.toml").write_text('kieli = "sv"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "Användning: tarkastus check" in runner.invoke(main, ["check", "--help"]).output
    assert "Käyttö: tarkastus check" in runner.invoke(main, ["check", "--isolated", "--help"]).output
    assert "Usage: tarkastus check" in runner.invoke(main, ["check", "--help"], env={"TARKASTUS_KIELI": "en"}).output


@pytest.mark.parametrize("args, lang, words", [
    (["audit"], "fi", ("Käyttö: tarkastus audit [VALINNAT] POLUT...", "Katso ohje: 'tarkastus audit --help'.",
                       "Virhe: Argumentti puuttuu 'POLUT...'.")),
    (["audit", "--kieli", "sv"], "sv", ("Användning:", "Se hjälpen: 'tarkastus audit --help'.",
                                         "Fel: Argument saknas 'SÖKVÄGAR...'.")),
    (["check", "x.md", "--nope"], "fi", ("Virhe: Valintaa '--nope' ei ole.",)),
    (["check", "x.md", "--format", "pdf"], "fi", ("Virhe: Virheellinen arvo ('--format' / '--output-format'): "
                                                  "'pdf' ei ole mikään "
                                                  "arvoista 'text', 'json', 'sarif', 'github', 'junit', 'concise'.",)),
    (["chekc"], "fi", ("Virhe: Komentoa 'chekc' ei ole.",)),
    (["check", "x.md", "--as-of", "huomenna"], "fi", ("anna päivämäärä muodossa 2025-01-01 tai 1.1.2025",)),
    (["check", "x.md", "--as-of", "huomenna", "--kieli", "en"], "en", ("give a date as 2025-01-01 or 1.1.2025",)),
])
def test_usage_errors_in_the_command_lines_language(runner, args, lang, words):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    for word in words:
        assert word in result.output, (word, result.output)


def test_the_version_in_finnish(runner):
    assert runner.invoke(main, ["--version"]).output.startswith("tarkastus, versio ")


def test_click_elsewhere_in_the_process_is_left_as_it_was(runner):
    @click.command()
    @click.argument("name")
    def other(name):
        pass

    runner.invoke(main, ["check", "--help"])
    result = runner.invoke(other, [], prog_name="other")
    assert "Usage: other [OPTIONS] NAME" in result.output and "Error: Missing argument 'NAME'." in result.output


# ---- rules, explain, init, facts -------------------------------------------------------------

def test_rules_table_headers_and_severities(runner):
    fi = runner.invoke(main, ["rules"]).output.splitlines()
    assert fi[0].split()[:4] == ["TUNNUS", "VAKAVUUS", "OTSIKKO", "[PERUSTE]"]
    assert any(line.startswith("KL54-SEURANTA") and " virhe " in line for line in fi)
    en = runner.invoke(main, ["rules", "--kieli", "en"]).output.splitlines()
    assert en[0].split()[:4] == ["CODE", "SEVERITY", "TITLE", "[BASIS]"]
    seuranta = next(line for line in en if line.startswith("KL54-SEURANTA"))
    assert " error " in seuranta and "No monitoring" in seuranta and "Local Government Act 54 § (2)" in seuranta


def test_explain_in_swedish(runner):
    out = runner.invoke(main, ["explain", "KL54-SEURANTA", "--kieli", "sv"]).output
    assert out.startswith("KL54-SEURANTA: Uppföljning av hur uppgiften sköts saknas")
    for words in ("allvarlighetsgrad: fel", "Grund:", "54 § 2 mom. KomL", "Lagrum (på finska):", "Åtgärd:",
                  "Exempel (godkänns):", "Exempel (fynd KL54-SEURANTA):"):
        assert words in out, words


def test_init_writes_a_swedish_skeleton(runner, tmp_path):
    target = tmp_path / "avtal.md"
    result = runner.invoke(main, ["init", str(target), "--tyyppi", "kl54", "--vastuukunta", "Vasa",
                                  "--kunta", "Korsholm", "--kieli", "sv"])
    assert result.exit_code == 0 and result.output.startswith("Skrev ")
    skeleton = target.read_text(encoding="utf-8")
    assert "# Avtal om skötseln av en myndighetsuppgift" in skeleton and "## 6. Uppföljning" in skeleton
    assert "[komplettera]" in skeleton and "[täydennä]" not in skeleton
    unfilled = json.loads(runner.invoke(main, ["check", str(target), "--isolated", "--format", "json",
                                               "--as-of", AS_OF.isoformat()]).output)
    assert "KL54-SEURANTA" in {d["code"] for d in unfilled["diagnostics"]}


OWN_RULE = '''rule OMA-X
title "Oma"
applies-to kl54
cite KL 54 § 2 mom
quote "q"
why "w"
fix "f"
when not present(ohjas)
  message "m"
example pass "p" ```yaml
tyyppi: kl54
```
'''


def test_a_rule_file_error_in_the_reports_language(runner, tmp_path, monkeypatch):
    """Loaded (and cached) before any language is known, said in the report's."""
    (tmp_path / "omat").mkdir()
    (tmp_path / "omat" / "OMA-X.tark").write_text(OWN_RULE, encoding="utf-8")
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(FAILING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(tmp_path / "cache"))
    for lang, words, fix in [("en", "Unknown name 'ohjas'", "Fix the rule file"),
                             ("sv", "Okänt namn 'ohjas'", "Rätta regelfilen"),
                             ("fi", "Tuntematon nimi 'ohjas'", "Korjaa sääntötiedosto")]:
        data = json.loads(runner.invoke(main, ["check", "a.md", "--kieli", lang, "--format", "json"]).output)
        (error,) = [d for d in data["diagnostics"] if d["code"] == "TARK-SAANTO"]
        assert error["message"].startswith(words) and "ohjaus" in error["message"] and error["fix"].startswith(fix)


def test_every_word_table_has_every_word_in_every_language():
    """The tables beside the catalogue (audit page, facts, the sidecar's comments, init's skeleton) are complete."""
    from tarkastus import factsview, skeleton
    from tarkastus.audit import words as audit

    for name, table in (("audit/words.py", audit._WORDS), ("factsview.WORDS", factsview.WORDS),
                        ("factsview._YAML_WORDS", factsview._YAML_WORDS)):
        assert set(table) == set(LANGUAGES), name
        finnish = table["fi"]
        for lang in LANGUAGES:
            said = table[lang]
            if isinstance(finnish, dict):
                assert set(said) == set(finnish) and all(said.values()), (name, lang, set(finnish) ^ set(said))
                assert all(fields(said[k]) == fields(finnish[k]) for k in finnish), (name, lang)
            else:
                assert len(said) == len(finnish) and all(said), (name, lang)
                assert [fields(t) for t in said] == [fields(t) for t in finnish], (name, lang)
    for doc_type, sections in skeleton.SECTIONS.items():
        assert len(skeleton.SECTIONS_SV[doc_type]) == len(sections) and doc_type in skeleton.TITLES_SV


@pytest.mark.parametrize("text, sv, en", [
    ("x:\n  kun: {tyyppi: kl54}\n  otsikko: Oma\n  sarakkeet:\n    - nimi: X\n      säännöt: [KL54-SEURANT]\n",
     ": x, kolumn 1: okänd regel KL54-SEURANT (menade du KL54-SEURANTA?)",
     ": x, column 1: unknown rule KL54-SEURANT (did you mean KL54-SEURANTA?)"),
    ("x:\n  kun: {malli: a}\n", ": x: 'kun' behöver åtminstone en typ (kun: {tyyppi: kl54})",
     ": x: 'kun' needs at least a type (kun: {tyyppi: kl54})"),
    ("[]", ": checklistor under var sin nyckel förväntades", ": checklists under their keys were expected"),
])
def test_a_malformed_checklists_file_is_worded_in_every_language(tmp_path, text, sv, en):
    from tarkastus.audit.checklists import ChecklistError, load

    (tmp_path / "checklists.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load([tmp_path], {"KL54-SEURANTA"})
    error = caught.value
    assert str(error) == error.text.render("fi") and str(error).startswith(str(tmp_path / "checklists.yaml"))
    assert error.text.render("sv").endswith(sv) and error.text.render("en").endswith(en)


# ---- descriptions of provisions (rules/provisions.yaml) ------------------------------------------

def test_every_provision_with_a_description_has_it_in_swedish_and_english():
    """kuvaus is shown by facts and explain in the language asked for: a shipped one needs kuvaus_sv and kuvaus_en."""
    import yaml

    table = yaml.safe_load((ROOT / "rules" / "provisions.yaml").read_text(encoding="utf-8"))
    missing = sorted(f"{name}: kuvaus_{lang}" for name, entry in table.items() if entry.get("kuvaus")
                     for lang in ("sv", "en") if not str(entry.get(f"kuvaus_{lang}") or "").strip())
    assert not missing, f"add to rules/provisions.yaml: {missing}"


def test_facts_show_the_provisions_descriptions_in_the_language_asked_for(runner):
    sample = str(ROOT / "samples" / "kl54" / "turku-lieto.md")
    said = {}
    for lang in LANGUAGES:
        result = runner.invoke(main, ["facts", sample, "--kieli", lang, "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
        said[lang] = result.output
    assert "Määräykset:" in said["fi"] and "    seuranta (tehtävän hoidon seuranta): avain" in said["fi"]
    assert "Bestämmelser:" in said["sv"] and "    seuranta (uppföljningen av hur uppgiften sköts): nyckel" in said["sv"]
    assert "    muuttaminen (ändring av avtalet): rubrik" in said["sv"] and "ändring" not in said["fi"]
    assert "Provisions:" in said["en"] and "    seuranta (monitoring of how the task is performed): key" in said["en"]
    data = json.loads(runner.invoke(main, ["facts", sample, "--kieli", "sv", "--format", "json",
                                           "--as-of", AS_OF.isoformat()]).output)
    (doc,) = data["documents"]
    assert {p["name"]: p["description"] for p in doc["provisions"]}["seuranta"] == "uppföljningen av hur uppgiften sköts"


def test_explain_shows_the_provisions_descriptions_in_the_language_asked_for(runner):
    for lang, line in [("fi", "  seuranta: tehtävän hoidon seuranta"),
                       ("sv", "  seuranta: uppföljningen av hur uppgiften sköts"),
                       ("en", "  seuranta: monitoring of how the task is performed")]:
        out = runner.invoke(main, ["explain", "KL54-SEURANTA", "--kieli", lang]).output
        assert line in out.splitlines(), (lang, out)


def test_a_user_provision_without_a_translation_is_described_in_finnish(runner, tmp_path, monkeypatch):
    """kuvaus_sv and kuvaus_en are optional in a user's table: the Finnish kuvaus is shown instead."""
    (tmp_path / "omat").mkdir()
    (tmp_path / "omat" / "provisions.yaml").write_text(
        "seuranta:\n  kuvaus: oma seuranta\n  kuvaus_en: our own monitoring\n  avaimet: [seuranta]\n"
        "  otsikot: ['seuran*']\n", encoding="utf-8")
    (tmp_path / "tarkastus.toml").write_text('rule-dirs = ["omat"]\n', encoding="utf-8")
    (tmp_path / "a.md").write_text(FAILING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for lang, words in [("fi", "seuranta (oma seuranta): puuttuu"), ("sv", "seuranta (oma seuranta): saknas"),
                        ("en", "seuranta (our own monitoring): missing")]:
        result = runner.invoke(main, ["facts", "a.md", "--kieli", lang, "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 0 and words in result.output, (lang, result.output)


# ---- check --show-settings ---------------------------------------------------------------------

@pytest.mark.parametrize("lang, no_file, today", [("fi", "(ei; oletukset)", "(tänään)"),
                                                  ("sv", "(ingen; standardvärdena)", "(i dag)"),
                                                  ("en", "(none; the defaults)", "(today)")])
def test_show_settings_says_what_applies_in_the_command_lines_language(runner, tmp_path, monkeypatch, lang, no_file,
                                                                        today):
    """The keys are configuration keys and stay; the words for a setting not given follow --kieli."""
    (tmp_path / "a.md").write_text(FAILING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["check", "--show-settings", "--isolated", "--kieli", lang, "a.md"])
    assert result.exit_code == 0, result.output
    settings = json.loads(result.output)
    assert (settings["asetustiedosto"], settings["as-of"]) == (no_file, today)
    assert list(settings) == ["tiedosto", "asetustiedosto", "select", "ignore", "per-file-ignores", "rule-dirs",
                              "fail-on", "as-of", "kieli"]
