"""A user's rule directory never crashes or hangs a run (issue 10, item 5).

Whatever sits in a ``rule-dirs`` directory — an undecodable or enormous rule
file, a directory or a pipe named like one, an expression nested or chained
past reason, huge numbers, work or values without bound, a malformed or
wrongly shaped data table — it becomes a TARK-SAANTO diagnostic at
file:line:col with a caret, through the library (``build_rulebook``) and the
command line (exit code 2), and every other rule still loads and runs.

Then hypothesis: random rule text, mutations of the shipped rule files and
random expressions go through the parser, the checker and the evaluator;
random shapes of the three data tables through the table loader. Only
rule errors may come out, at a position inside the input, each quickly.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import AS_OF, ROOT, shipped_rulebook
from tarkastus.cli import main
from tarkastus.diagnostics import Position, Severity
from tarkastus.documents.loader import load
from tarkastus.engine import CompiledRule, Options, check
from tarkastus.lang import evaluator, limits
from tarkastus.lang.checker import Checker
from tarkastus.lang.errors import EvaluationError, RuleError
from tarkastus.lang.evaluator import Compiler, Context
from tarkastus.lang.parser import parse_rule_source
from tarkastus.resources import data_dir
from tarkastus.rulebook import Rulebook, _load_tables, build_rulebook

SAMPLE = ROOT / "samples" / "kl54" / "luonnos-ei-seurantaa.md"  # KL54-SEURANTA fires on it
RULES = data_dir("rules")
SHIPPED = len(list(RULES.glob("[A-Z]*.tark")))

_RULE = '''rule {id}
title "Oma sääntö"
severity warning
applies-to {applies}
in-force from 2020-01-01
cite guidance "Kaupungin oma ohje"
quote "Q"
why "W"
{bindings}when {when}
  message "Havainto."
fix "Korjaa."
'''


def rule_text(rule_id: str, when: str, bindings: str = "", applies: str = "all") -> str:
    return _RULE.format(id=rule_id, when=when, bindings=bindings, applies=applies)


GOOD = rule_text("OMA-HYVA", "tyyppi == \"kl54\"")  # fires on SAMPLE: the user's other rules still run


def write(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# ---- the reproduced cases --------------------------------------------------------------------
#
# Each writes something into the user's directory and names the file, line
# and column where its TARK-SAANTO must be, and words of the message.

def _non_utf8(d: Path):
    write(d / "OMA-A.tark", rule_text("OMA-A", "true").replace("Oma", "Om\udce4", 1)
          .encode("utf-8", "surrogateescape"))


def _directory(d: Path):
    (d / "OMA-B.tark").mkdir()


def _huge(d: Path):
    with open(d / "OMA-C.tark", "wb") as handle:  # 20 MB, sparse: the size is what counts
        handle.truncate(20 * 1024 * 1024)


def _fifo(d: Path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(d / "OMA-P.tark")  # opening it for reading would block for ever


def _nested(d: Path):
    write(d / "OMA-E.tark", rule_text("OMA-E", "(" * 200_000 + "1" + ")" * 200_000 + " > 0"))


def _long_sum(d: Path):
    write(d / "OMA-D.tark", rule_text("OMA-D", " + ".join(["1"] * 500) + " > 0"))


def _megabyte_sum(d: Path):
    write(d / "OMA-S.tark", rule_text("OMA-S", "1+" * 500_000 + "1 > 0"))  # lark would take 15 s


def _negations(d: Path):
    write(d / "OMA-N.tark", rule_text("OMA-N", "not " * 5000 + "true"))


def _huge_literal(d: Path):
    write(d / "OMA-F.tark", rule_text("OMA-F", "1" + "0" * 400 + " / 1 > 0"))


def _huge_result(d: Path):
    write(d / "OMA-G.tark", rule_text("OMA-G", "1000000000000 * 1000000000000 * 1000000000000 > 0"))


def _long_text(d: Path):
    write(d / "OMA-H.tark", rule_text("OMA-H", '"a" * 100000000000 == ""'))


def _long_list(d: Path):
    write(d / "OMA-I.tark", rule_text("OMA-I", "[1] * 1000000000 == []"))


def _nested_count(d: Path):
    write(d / "OMA-J.tark", rule_text("OMA-J", "count x in [1] * 1000000 : (count y in [1] * 1000000 : true) > 0"))


def _deep_definitions(d: Path):
    lines = ["define d0 = 1"] + [f"define d{i} = [d{i - 1}]" for i in range(1, 120)]
    write(d / "_määritelmät.tark", "\n".join(lines) + "\n")


def _many_bindings(d: Path):
    write(d / "OMA-K.tark", rule_text("OMA-K", "true", "".join(f"let a{i} = {i}\n" for i in range(70))))


def _bad_date(d: Path):
    write(d / "OMA-L.tark", rule_text("OMA-L", "today < 2025-02-31"))


CASES = {
    # id: (make, file, line, column, words of the message)
    "non-utf8": (_non_utf8, "OMA-A.tark", 2, 10, "UTF-8"),
    "directory": (_directory, "OMA-B.tark", 1, 1, "hakemisto"),
    "20-megabytes": (_huge, "OMA-C.tark", 1, 1, "enintään 1 048 576"),
    "fifo": (_fifo, "OMA-P.tark", 1, 1, "putki"),
    "200000-brackets": (_nested, "OMA-E.tark", 9, 6 + limits.MAX_NESTING, "sisäkkäinen"),
    "500-terms": (_long_sum, "OMA-D.tark", 9, 6, "peräkkäistä termiä"),
    "a megabyte of 1+1+…": (_megabyte_sum, "OMA-S.tark", 9, None, "liian monta osaa"),
    "5000-negations": (_negations, "OMA-N.tark", 9, 6 + 4 * (limits.MAX_NESTING - 1), "sisäkkäinen"),
    "10^400 / 1": (_huge_literal, "OMA-F.tark", 9, 6, "Luku on liian suuri"),
    "10^36": (_huge_result, "OMA-G.tark", 9, 6, "tulos on liian suuri"),
    '"a" * 10^11': (_long_text, "OMA-H.tark", 9, 6, "Merkkijonosta tulisi liian pitkä"),
    "[1] * 10^9": (_long_list, "OMA-I.tark", 9, 6, "Luettelosta tulisi liian pitkä"),
    "nested count": (_nested_count, "OMA-J.tark", 9, 6, "liikaa työtä"),  # a million rounds of a loop
    # d80 = [d79] is 161 levels deep, its own definition d79 included
    "definitions 240 deep": (_deep_definitions, "_määritelmät.tark", 81, 14, "määritelmät ja let-arvot"),
    "70 lets": (_many_bindings, "OMA-K.tark", 9 + limits.MAX_BINDINGS, 11, "for- ja let-lausetta"),
    "2025-02-31": (_bad_date, "OMA-L.tark", 9, 14, "ei ole kalenterissa"),
}


def _provisions(text):
    return lambda d: write(d / "provisions.yaml", text)


def _statutes(text):
    return lambda d: write(d / "statutes.yaml", text)


def _registry(text):
    return lambda d: write(d / "kunnat.yaml", text)


def _alias_bomb(d: Path):
    # 40 kB that compose into 30,000 municipalities of 13 nodes each
    write(d / "kunnat.yaml", "kunnat: [&k {nimi: A, aiemmat: [a, b, c, d, e, f, g, h, i, j]}" + ", *k" * 30_000 + "]\n")


TABLE_CASES = {
    "provisions: YAML syntax": (_provisions("oma:\n  kuvaus: [\n"), "provisions.yaml", 3, 1, "YAML-virhe"),
    "provisions: a list": (_provisions("- a\n- b\n"), "provisions.yaml", 1, 1, "avain–arvo-rakenne, ei luettelo"),
    "provisions: entry a list": (_provisions("oma:\n  - a\n"), "provisions.yaml", 2, 3, "ei luettelo"),
    "provisions: a number for otsikot": (_provisions("oma:\n  kuvaus: x\n  otsikot: 5\n"), "provisions.yaml", 3, 12,
                                         "'otsikot' pitää olla luettelo tekstejä"),
    "provisions: a text for avaimet": (_provisions("oma:\n  avaimet: ohjaus\n"), "provisions.yaml", 2, 12,
                                       "'avaimet' pitää olla luettelo"),
    "provisions: a typo": (_provisions("oma:\n  otsikko: [x]\n"), "provisions.yaml", 2, 3, "Tarkoititko 'otsikot'"),
    "provisions: empty pattern": (_provisions("oma:\n  otsikot: ['!']\n"), "provisions.yaml", 2, 13,
                                  "tyhjä hakulauseke"),
    "provisions: unknown field path": (_provisions("oma:\n  avaimet: [ohjas]\n"), "provisions.yaml", 2, 13,
                                       "ei ole sopimuksen kenttä"),
    "kunnat: aliases": (_alias_bomb, "kunnat.yaml", 1, 1, "YAML-solmua"),
    "provisions: 100000 brackets": (_provisions("oma: " + "[" * 100_000 + "]" * 100_000 + "\n"),
                                    "provisions.yaml", 1, None, "sisäkkäinen"),
    "statutes: no nimi": (_statutes("OMA:\n  numero: 1/2000\n"), "statutes.yaml", 2, 3,
                          "pakollinen kenttä 'nimi' puuttuu"),
    "statutes: empty nimi": (_statutes("OMA:\n  nimi:\n"), "statutes.yaml", 2, 8, "'nimi' on tyhjä"),
    "statutes: a list": (_statutes("OMA: [1, 2]\n"), "statutes.yaml", 1, 6, "ei luettelo"),
    "statutes: a number for nimet": (_statutes("OMA:\n  nimi: X\n  nimet: 5\n"), "statutes.yaml", 3, 10,
                                     "'nimet' pitää olla luettelo"),
    "statutes: kumottu_alkaen text": (_statutes("OMA:\n  nimi: X\n  kumottu_alkaen: pian\n"), "statutes.yaml", 3, 19,
                                      "päivämäärä"),
    "statutes: bad !!int": (_statutes("OMA:\n  nimi: X\n  numero: !!int abc\n"), "statutes.yaml", 3, 11,
                            "virheellinen"),
    "statutes: a number as key": (_statutes("1: {nimi: X}\n"), "statutes.yaml", 1, 1, "avaimen pitää olla teksti"),
    "statutes: a key twice": (_statutes("OMA: {nimi: X}\nOMA: {nimi: Y}\n"), "statutes.yaml", 2, 1,
                              "on jo annettu rivillä 1"),
    "kunnat: a number for nimi": (_registry("kunnat:\n  - nimi: 5\n"), "kunnat.yaml", 2, 11, "ei luku '5'"),
    "kunnat: a number for aiemmat": (_registry("kunnat:\n  - nimi: Oma\n    aiemmat: 5\n"), "kunnat.yaml", 3, 14,
                                     "'aiemmat' pitää olla luettelo"),
    "kunnat: no nimi": (_registry("kunnat:\n  - ruotsiksi: X\n"), "kunnat.yaml", 2, 5, "'nimi' puuttuu"),
    "kunnat: kunnat a mapping": (_registry("kunnat: {nimi: Oma}\n"), "kunnat.yaml", 1, 9, "pitää olla luettelo"),
    "kunnat: no kunnat": (_registry("lähde: x\n"), "kunnat.yaml", 1, 1, "'kunnat' puuttuu"),
    "kunnat: empty file": (_registry("# vain kommentti\n"), "kunnat.yaml", 1, 1, "tyhjä"),
    "kunnat: not UTF-8": (lambda d: write(d / "kunnat.yaml", b"kunnat:\n  - nimi: \xe4\n"), "kunnat.yaml", 2, 11,
                          "UTF-8"),
    "kunnat: 20 megabytes": (lambda d: write(d / "kunnat.yaml", "# x\n" * (5 * 1024 * 1024)), "kunnat.yaml", 1, 1,
                             "liian suuri"),
    "statutes: a directory": (lambda d: (d / "statutes.yaml").mkdir(), "statutes.yaml", 1, 1, "hakemisto"),
    # The second entry's error keeps its caret (the first entry's helper once shadowed the table's text).
    "statutes: a bad pattern after a good entry": (
        _statutes("OMA:\n  nimi: X\n  nimet: [x]\nTOINEN:\n  nimi: Y\n  nimet: ['!']\n"),
        "statutes.yaml", 6, 11, "tyhjä hakulauseke"),
    "text facts: empty pattern": (lambda d: write(d / "tekstitiedot.yaml", "oma:\n  sanat: ['!']\n"),
                                  "tekstitiedot.yaml", 2, 11, "tyhjä hakulauseke"),
    "text facts: a typo": (lambda d: write(d / "tekstitiedot.yaml", "oma:\n  sana: [x]\n"),
                           "tekstitiedot.yaml", 2, 3, "Tarkoititko 'sanat'"),
}

ALL_CASES = {**CASES, **TABLE_CASES}


def _expect_error(errors, user: Path, name: str, line: int, column: int | None, words: str):
    mine = [e for e in errors if Path(e.path).name == name and Path(e.path).parent == user]
    assert mine, [f"{e.path}:{e.position.line}:{e.position.column}: {e.message}" for e in errors]
    error = next((e for e in mine if words in e.message), None)
    assert error is not None, [e.message for e in mine]
    assert error.code == "TARK-SAANTO"
    assert error.position.line == line, (error.position, error.message)
    if column is not None:
        assert error.position.column == column, (error.position, error.message)
    if error.context:  # a caret under the column, in the line shown
        shown, caret = error.context.split("\n")[-2:]
        assert caret.strip() == "^"
    return error


@pytest.mark.parametrize("case", list(ALL_CASES))
def test_a_broken_user_file_is_a_rule_error_and_the_rest_loads(tmp_path, case):
    make, name, line, column, words = ALL_CASES[case]
    user = tmp_path / "omat"
    user.mkdir()
    write(user / "OMA-HYVA.tark", GOOD)
    make(user)
    started = time.perf_counter()
    book = build_rulebook([RULES, user])
    assert time.perf_counter() - started < 5
    error = _expect_error(book.errors, user, name, line, column, words)
    if case not in ("directory", "20-megabytes", "fifo", "statutes: a directory", "kunnat: 20 megabytes",
                    "kunnat: aliases"):
        assert error.context.endswith("^"), error  # a file that has text shows its line
    # Every other rule still loads (and the shipped tables are intact).
    ids = {rule.id for rule in book.rules}
    assert {"KL54-SEURANTA", "OMA-HYVA"} <= ids and len(ids) >= SHIPPED + 1
    assert len(book.registry) == 308 and "KL" in book.statutes and "seuranta" in book.provisions


def _configure(tmp_path: Path) -> Path:
    write(tmp_path / "tarkastus.toml", 'rule-dirs = ["omat"]\n')
    return Path(shutil.copy(SAMPLE, tmp_path / "sopimus.md"))


def _cli(tmp_path: Path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["check", "--as-of", AS_OF.isoformat(), *args], catch_exceptions=False)


@pytest.mark.parametrize("case", ["non-utf8", "directory", "20-megabytes", "200000-brackets", "500-terms",
                                  "a megabyte of 1+1+…",
                                  "10^400 / 1", '"a" * 10^11', "[1] * 10^9", "nested count",
                                  "provisions: a list", "statutes: no nimi", "kunnat: a number for nimi",
                                  "provisions: YAML syntax"])
def test_through_the_command_line_exit_2_and_every_other_rule_runs(tmp_path, monkeypatch, case):
    make, name, line, column, words = ALL_CASES[case]
    user = tmp_path / "omat"
    user.mkdir()
    write(user / "OMA-HYVA.tark", GOOD)
    make(user)
    _configure(tmp_path)
    result = _cli(tmp_path, monkeypatch, "--format", "json", "sopimus.md")
    assert result.exit_code == 2, result.output
    found = json.loads(result.output)["diagnostics"]
    errors = [d for d in found if d["code"] == "TARK-SAANTO"]
    assert any(d["path"] == f"omat/{name}" and d["line"] == line and words in d["message"]
               and (column is None or d["column"] == column) for d in errors), errors
    codes = {d["code"] for d in found}
    assert {"KL54-SEURANTA", "OMA-HYVA"} <= codes  # the shipped rules and the user's good one ran
    text = _cli(tmp_path, monkeypatch, "sopimus.md").output
    assert f"omat/{name}:{line}:" in text
    if case not in ("directory", "20-megabytes"):
        assert re.search(r"\n\s+\^\n", text), text  # the caret under the place


# A broken table's error in the language asked for: case -> {language: words of the message}.
TABLE_LANGUAGES = {
    "provisions: a number for otsikot": {
        "sv": "Bestämmelsen 'oma': fältet 'otsikot' ska vara en lista med texter, till exempel [\"a\", \"b\"], "
              "inte talet '5'.",
        "en": "Provision 'oma': the field 'otsikot' must be a list of texts, for example [\"a\", \"b\"], "
              "not the number '5'."},
    "provisions: a typo": {"sv": "Bestämmelsen 'oma': okänt fält 'otsikko' (fälten är kuvaus, kuvaus_sv, kuvaus_en, "
                                 "avaimet, otsikot, teksti). Menade du 'otsikot'?",
                           "en": "Provision 'oma': unknown field 'otsikko' (the fields are kuvaus, kuvaus_sv, "
                                 "kuvaus_en, avaimet, otsikot, teksti). Did you mean 'otsikot'?"},
    "provisions: unknown field path": {"sv": "Nyckeln 'ohjas' i bestämmelsen 'oma' är inte ett fält i avtalet.",
                                       "en": "The key 'ohjas' of the provision 'oma' is not a field of the agreement."},
    "provisions: empty pattern": {"sv": "Bestämmelsen 'oma': tomt sökmönster: '!'",
                                  "en": "Provision 'oma': empty search pattern: '!'"},
    "provisions: YAML syntax": {"sv": "YAML-fel: ", "en": "YAML error: "},
    "statutes: a key twice": {"sv": "Tabellen: nyckeln 'OMA' har redan angetts på rad 1.",
                              "en": "The table: the key 'OMA' is already given on line 1."},
    "statutes: bad !!int": {"sv": "Författningen 'OMA': värdet i fältet 'numero' är ogiltigt (",
                            "en": "Statute 'OMA': the value of the field 'numero' is invalid ("},
    "kunnat: a number for nimi": {"sv": "Kommun 1: fältet 'nimi' ska vara en text, inte talet '5'.",
                                  "en": "Municipality 1: the field 'nimi' must be a text, not the number '5'."},
    "kunnat: no nimi": {"sv": "Kommun 1: det obligatoriska fältet 'nimi' saknas.",
                        "en": "Municipality 1: the required field 'nimi' is missing."},
    "kunnat: not UTF-8": {"sv": "Tabellen är inte UTF-8-kodad", "en": "The table is not UTF-8 encoded"},
    "text facts: a typo": {"sv": "Textuppgiften 'oma': okänt fält 'sana'", "en": "Text fact 'oma': unknown field 'sana'"},
    "kunnat: aliases": {"sv": "Tabellen har över 200 000 YAML-noder", "en": "The table has over 200 000 YAML nodes"},
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("case", list(TABLE_LANGUAGES))
def test_a_broken_table_is_reported_in_the_language_asked_for(tmp_path, monkeypatch, case, lang):
    make, name, line, column, finnish = ALL_CASES[case]
    user = tmp_path / "omat"
    user.mkdir()
    make(user)
    _configure(tmp_path)
    words = TABLE_LANGUAGES[case][lang]
    result = _cli(tmp_path, monkeypatch, "--format", "json", "--kieli", lang, "sopimus.md")
    assert result.exit_code == 2, result.output
    errors = [d for d in json.loads(result.output)["diagnostics"] if d["path"] == f"omat/{name}"]
    assert [(d["code"], d["line"], d["column"]) for d in errors if words in d["message"]] == \
        [("TARK-SAANTO", line, column)], errors
    if finnish not in words:  # the Finnish words of the case are not left in it ("UTF-8" is in every language)
        assert not [d for d in errors if finnish in d["message"]], errors
    text = _cli(tmp_path, monkeypatch, "--kieli", lang, "sopimus.md").output
    at = text.index(f"omat/{name}:{line}:{column}: TARK-SAANTO")
    said, shown, caret = text[at:].split("\n")[:3]
    assert words in said
    source = (user / name).read_bytes().decode("utf-8", "replace").split("\n")[line - 1]
    indent = (len(shown) - len(shown.lstrip(" "))) - (len(source) - len(source.lstrip(" ")))
    assert source.startswith(shown[indent:].removesuffix("…")), (shown, source)  # a long line is cut
    assert caret == " " * (indent + column - 1) + "^", (shown, caret)


def test_a_table_wrong_throughout_says_how_many_errors_more_in_the_language_asked_for(tmp_path):
    entries = "".join(f"oma{i}:\n  otsikot: {i}\n" for i in range(limits.MAX_TABLE_ERRORS + 3))
    user = write(tmp_path / "omat" / "provisions.yaml", entries).parent
    errors = [e for e in build_rulebook([RULES, user]).errors if Path(e.path).parent == user]
    assert len(errors) == limits.MAX_TABLE_ERRORS + 1
    assert [errors[-1].in_language(lang).message for lang in ("fi", "sv", "en")] == [
        "Taulukossa on vielä 3 muuta virhettä; vain 50 ensimmäistä näytetään.",
        "Tabellen har ytterligare 3 fel; bara de 50 första visas.",
        "The table has 3 more errors; only the first 50 are shown."]
    assert errors[0].in_language("en").message.startswith("Provision 'oma0': the field 'otsikot' must be")


# ---- bounds met while evaluating (what depends on the document) -----------------------------

RUNTIME = {
    # id: (rule source, line, column, words)
    "text of a field * 10^11": (rule_text("OMA-R", "len(text(tyyppi) * 100000000000) > 0"), 9, 10,
                                "Merkkijonosta tulisi liian pitkä"),
    "nested count over the document": (rule_text(
        "OMA-R", "count x in [tyyppi] * 1000 : (count y in [tyyppi] * 1000000 : true) > 0"), 9, 36,
        "liikaa työtä"),
    "for bindings 10^9 rounds": (rule_text("OMA-R", "false", "for a in [tyyppi] * 1000\n"
                                                             "for b in [tyyppi] * 1000000\n"), 10, 10, "liikaa työtä"),
    "flattening to 1.2 million": (rule_text("OMA-R", "len(([tehtävät[0].toimivalta] * 300000)[]) > 0"), 9, 10,
                                  "Luettelosta tulisi liian pitkä"),
    "comparing lists of a million": (rule_text("OMA-R", "a == b", "let a = [[tyyppi] * 1000] * 1000\n"
                                                                 "let b = [[tyyppi] * 1000] * 1000\n"), 11, 6,
                                     "liikaa työtä"),
    "over the set of documents": (rule_text("OMA-R", "count d in asiakirjat * 100 : "
                                                     "(count e in asiakirjat * 1000000 : true) > 0",
                                            applies="asiakirjat"), 9, 48, "liikaa työtä"),
}


@pytest.mark.parametrize("case", list(RUNTIME))
def test_a_bound_met_on_a_document_is_a_rule_error_at_the_rule(tmp_path, case):
    source, line, column, words = RUNTIME[case]
    user = write(tmp_path / "omat" / "OMA-R.tark", source).parent
    write(user / "OMA-HYVA.tark", GOOD)
    book = build_rulebook([RULES, user])
    assert book.errors == [], book.errors  # nothing constant to find at load time
    document = Path(shutil.copy(SAMPLE, tmp_path / "sopimus.md"))
    started = time.perf_counter()
    report = check([document], book.compile(), Options(as_of=AS_OF, jobs=1))
    assert time.perf_counter() - started < 10
    errors = [d for d in report.diagnostics if d.code == "TARK-SAANTO"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert (Path(error.path).name, error.position) == ("OMA-R.tark", Position(line, column)), error
    assert words in error.message and ("asiakirjat" if "asiakirjat" in source else "sopimus.md") in error.message
    assert report.exit_code(Severity.ERROR) == 2
    assert {"KL54-SEURANTA", "OMA-HYVA"} <= {d.code for d in report.diagnostics}


def test_a_bound_met_on_a_document_through_the_command_line(tmp_path, monkeypatch):
    source, line, column, _ = RUNTIME["nested count over the document"]
    write(tmp_path / "omat" / "OMA-R.tark", source)
    write(tmp_path / "omat" / "OMA-HYVA.tark", GOOD)
    _configure(tmp_path)
    result = _cli(tmp_path, monkeypatch, "--format", "json", "sopimus.md")
    assert result.exit_code == 2, result.output
    found = json.loads(result.output)["diagnostics"]
    assert any(d["code"] == "TARK-SAANTO" and d["path"] == "omat/OMA-R.tark" and (d["line"], d["column"]) ==
               (line, column) for d in found), found
    assert {"KL54-SEURANTA", "OMA-HYVA"} <= {d["code"] for d in found}


def test_an_evaluation_error_carries_the_caret_of_its_rule(tmp_path, monkeypatch):
    source, line, column, words = RUNTIME["text of a field * 10^11"]
    write(tmp_path / "omat" / "OMA-R.tark", source)
    monkeypatch.chdir(tmp_path)
    book = build_rulebook([RULES, Path("omat")]).compile()
    compiled = next(c for c in book.compiled if c.rule.id == "OMA-R")
    doc = load(shutil.copy(SAMPLE, tmp_path / "sopimus.md"), book.shapes, "sopimus.md")
    with pytest.raises(EvaluationError) as caught:
        list(compiled.run(Context(doc, book, AS_OF)))
    error = caught.value
    assert (error.path, error.pos, error.rule, error.document) == ("omat/OMA-R.tark", Position(line, column),
                                                                    "OMA-R", "sopimus.md")
    assert error.context == source.splitlines()[line - 1] + "\n" + " " * (column - 1) + "^"
    diagnostic = error.diagnostic()
    assert (diagnostic.code, diagnostic.path, diagnostic.context) == ("TARK-SAANTO", error.path, error.context)


def test_the_engine_reports_an_evaluation_error_with_its_caret(tmp_path):
    source, *_ = RUNTIME["text of a field * 10^11"]
    user = write(tmp_path / "omat" / "OMA-R.tark", source).parent
    book = build_rulebook([RULES, user]).compile()
    report = check([shutil.copy(SAMPLE, tmp_path / "sopimus.md")], book, Options(as_of=AS_OF, jobs=1))
    (error,) = [d for d in report.diagnostics if d.code == "TARK-SAANTO"]
    assert error.context.endswith("^")


def test_the_shipped_rules_stay_a_hundred_times_below_every_bound(monkeypatch, book):
    """The bounds are far above real use: the samples pass with each bound a hundredth of its size."""
    for name in ("MAX_STEPS", "MAX_LIST", "MAX_TEXT", "CORPUS_STEPS"):
        monkeypatch.setattr(evaluator, name, getattr(limits, name) // 100)
    report = check([ROOT / "samples"], book, Options(as_of=AS_OF, jobs=1))
    assert not [d for d in report.diagnostics if d.code.startswith("TARK-")]
    assert report.files >= 19


# ---- hypothesis: the parser, the checker and the evaluator ----------------------------------

FUZZ = settings(max_examples=500, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
TIME_BOUND = 5.0  # seconds for one example; the slowest take a tenth of it

_SOURCES = {path.name: path.read_text(encoding="utf-8") for path in sorted(RULES.glob("*.tark"))}
_TOKENS = [
    "rule", " ", "\n", "title", "severity", "error", "applies-to", "kl54", "all", "asiakirjat", "in-force",
    "from", "2025-01-01", "2025-02-31", "cite", "KL", "54", "§", "mom", "quote", "why", "fix", "for", "in",
    "let", "=", "when", "at", "also", "message", '"', '"viesti {x}"', '"{', "}", '"""', "example", "pass",
    "fail", "expect", ":", "```yaml\ntyyppi: kl54\n```", "define", "x", "tehtävät", "osapuolet", "[", "]",
    "(", ")", ".", ",", "not", "and", "or", "any", "all", "count", "sum", "==", "~", "+", "-", "*", "/",
    "%", "6", "kk", "1.5", "10000000000", "1" + "0" * 30, "true", "null", "provided", "present", "text",
    "#", "\\", "ä", "\t", "\r", "\x00",
]


@st.composite
def mutated_rule(draw):
    """A shipped rule file with deletions, insertions, duplicated fragments and deep nesting."""
    name = draw(st.sampled_from(sorted(_SOURCES)))
    text = _SOURCES[name]
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "nest", "chain"]))
        if kind == "delete":
            text = text[:start] + text[end:]
        elif kind == "insert":
            text = text[:start] + draw(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=4))) + text[start:]
        elif kind == "duplicate":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + text[start:end] * draw(st.integers(1, 50)) + text[at:]
        elif kind == "nest":
            depth = draw(st.sampled_from([2, 70, 1000, 100_000]))
            opener = draw(st.sampled_from(["(", "[", "not ", "-", "any x in y: ", "len("]))
            closer = {"(": ")", "[": "]", "len(": ")"}.get(opener, "")
            text = text[:start] + opener * depth + text[start:end] + closer * depth + text[end:]
        else:
            text = text[:start] + " + 1" * draw(st.sampled_from([3, 100, 5000])) + text[start:]
    return name, text


random_rule = st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=4)), max_size=60).map("".join)


def _check_source(name: str, text: str, book):
    """Parse and check a rule file as build_rulebook does; only RuleError at a place inside it."""
    started = time.perf_counter()
    scratch = copy.copy(book)  # the checker writes into the book: not into the shared one
    scratch.definition_shapes = dict(book.definition_shapes)
    scratch.definition_roots = dict(book.definition_roots)
    scratch.shared_keys = set(book.shared_keys)
    try:
        parsed = parse_rule_source(text, name)
        if isinstance(parsed, list):
            Checker(scratch, text, name).check_definitions(parsed)
        else:
            Checker(scratch, text, name).check_rule(parsed)
        result = parsed
    except RuleError as exc:
        assert exc.code == "TARK-SAANTO"
        assert_inside(exc.pos, text)
        result = None
    assert time.perf_counter() - started < TIME_BOUND
    return result


def assert_inside(pos: Position, text: str) -> None:
    lines = text.split("\n")  # rule files count lines by "\n" only, as lark does
    assert 1 <= pos.line <= len(lines), (pos, len(lines))
    assert 1 <= pos.column <= len(lines[pos.line - 1]) + 1, (pos, lines[pos.line - 1][:200])


@FUZZ
@given(source=st.one_of(st.text().map(lambda t: ("OMA-X.tark", t)), random_rule.map(lambda t: ("OMA-X.tark", t)),
                        mutated_rule()))
@example(source=("KL54-SEURANTA.tark", _SOURCES["KL54-SEURANTA.tark"].replace("when not", "when " + "(" * 70)))
@example(source=("_määritelmät.tark", "define a = " + " + ".join(["1"] * 200)))
def test_rule_files_give_only_rule_errors_inside_them(source):
    _check_source(*source, shipped_rulebook())


_FIELDS = ["tyyppi", "osapuolet", "osapuolet.kunta", "osapuolet[0].rooli", "tehtävät", "tehtävät.alue",
           "tehtävät[].toimivalta", "kunnat", "voimassaolo.alkaa", "today", "viittaukset", "järjestäjä", "x",
           "section(seuranta)", "provided(ohjaus)"]
_ATOMS = st.one_of(
    st.integers(-10**20, 10**20).map(str), st.sampled_from(['"a"', '"Turku"', '""', "true", "false", "null",
                                                            "2025-01-01", "6 kk", "50 %", "0.5", *_FIELDS]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\{}\n'), max_size=6)
    .map(lambda t: f'"{t}"'))


_TIMES = st.sampled_from(["3", "1000", "100000", "1000000", "100000000000"])


def _compound(inner):
    return st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "==", "!=", "<", ">=", "in", "not in", "and", "or"]),
                  inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"not {e}"), inner.map(lambda e: f"-{e}"),
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.tuples(st.sampled_from(["len", "text", "first", "unique", "present", "municipality", "group",
                                   "statutes_named", "abs", "known_municipality", "closest_municipality"]),
                  inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"mentions({t[0]}, {t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"lookup({t[0]}, {t[1]})"),
        st.tuples(inner, inner).map(lambda t: f"[{t[0]} for x in {t[1]}]"),
        st.tuples(st.sampled_from(["any", "all", "none", "count", "sum"]), inner, inner)
        .map(lambda t: f"({t[0]} x in {t[1]}: {t[2]})"),
        st.tuples(inner, _TIMES).map(lambda t: f"({t[0]} * {t[1]})"),
        st.tuples(inner, _TIMES).map(lambda t: f"([{t[0]}] * {t[1]})"),
        st.tuples(st.sampled_from(["count", "any"]), inner, _TIMES, inner)
        .map(lambda t: f"({t[0]} x in [{t[1]}] * {t[2]}: {t[3]})"),
        inner.map(lambda e: f"{e}[]"), st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(inner, st.sampled_from(["kunta", "alue", "rooli"])).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, st.sampled_from(['"seuran*"', '"a | b !c"'])).map(lambda t: f"({t[0]} ~ {t[1]})"),
    )


expressions = st.recursive(_ATOMS, _compound, max_leaves=10)


@pytest.fixture(scope="module")
def documents(book):
    return [load(path, book.shapes, str(path)) for path in
            (SAMPLE, ROOT / "samples" / "alueet" / "kuopio-yhteistoimintasopimus.md")]


@FUZZ
@given(when=expressions, binding=st.one_of(st.none(), expressions), corpus=st.booleans())
@example(when="(count x in [1] * 1000000: (count y in [1] * 1000000: true))", binding=None, corpus=False)
@example(when="([osapuolet] * 1000000).kunta", binding=None, corpus=False)
@example(when="text([b] * 100000)", binding='"x" * 1000000', corpus=False)
def test_random_expressions_check_and_evaluate_only_to_rule_errors(when, binding, corpus, book, documents,
                                                                    monkeypatch):
    """Random expressions in a rule: the checker and the evaluator raise nothing but their own errors.

    The evaluation bounds are a hundredth of their size here, so that an
    example meeting one is quick; the bounds' logic is the same.
    """
    for name in ("MAX_STEPS", "MAX_LIST", "MAX_TEXT"):
        monkeypatch.setattr(evaluator, name, getattr(limits, name) // 100)
    bindings = f"let b = {binding}\n" if binding is not None else ""
    source = rule_text("OMA-X", when, bindings, "asiakirjat" if corpus else "all")
    rule = _check_source("OMA-X.tark", source, book)
    if rule is None:
        return
    scratch = copy.copy(book)
    scratch.rules = [*book.rules, rule]
    compiled = CompiledRule(rule, Compiler(scratch))
    started = time.perf_counter()
    for doc in documents:
        data = doc.data
        if corpus:
            from tarkastus.engine import share
            from tarkastus.lang.evaluator import BareDocument

            root = type(data)(data.pos)
            root["asiakirjat"] = [share(d, ("osapuolet", "tyyppi", "kunnat"), d.path) for d in documents]
            doc = BareDocument(root, "")
        try:
            for _ in compiled.run(Context(doc, scratch, AS_OF)):
                pass
        except EvaluationError as exc:
            assert exc.path == "OMA-X.tark"
            assert_inside(exc.pos, source)
        if corpus:
            break
    assert time.perf_counter() - started < TIME_BOUND


# ---- hypothesis: the data tables --------------------------------------------------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                     st.text(max_size=8), st.dates(), st.sampled_from(["seuran*", "ohjaus", "!x", "", "KL", "2025-01-01"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                       max_leaves=8)
_PROVISION = st.fixed_dictionaries({}, optional={
    "kuvaus": st.one_of(st.text(max_size=10), _VALUES), "kuvaus_sv": st.one_of(st.text(max_size=10), _VALUES),
    "kuvaus_en": _VALUES, "avaimet": st.one_of(st.just(["ohjaus", "seuranta"]), _VALUES),
    "otsikot": st.one_of(st.just(["seuran*", "valvon* !x"]), _VALUES), "teksti": _VALUES, "otsikko": _VALUES})
_STATUTE = st.fixed_dictionaries({}, optional={
    "nimi": st.one_of(st.text(max_size=10), _VALUES), "numero": _VALUES, "näyttö": _VALUES, "url": _VALUES,
    "nimet": st.one_of(st.just(["oma* laki*"]), _VALUES), "muutokset": _VALUES, "kumottu": _VALUES,
    "kumottu_alkaen": st.one_of(st.dates(), _VALUES)})
_MUNICIPALITY = st.fixed_dictionaries({}, optional={
    "nimi": st.one_of(st.text(max_size=10), _VALUES), "ruotsiksi": _VALUES, "kunnanumero": _VALUES,
    "maakunta": _VALUES, "aiemmat": st.one_of(st.lists(st.text(max_size=6), max_size=3), _VALUES)})
_TABLES = st.one_of(
    st.tuples(st.just("provisions.yaml"), st.one_of(st.dictionaries(st.text(max_size=8), st.one_of(_PROVISION, _VALUES),
                                                                    max_size=4), _VALUES)),
    st.tuples(st.just("statutes.yaml"), st.one_of(st.dictionaries(st.text(max_size=8), st.one_of(_STATUTE, _VALUES),
                                                                  max_size=4), _VALUES)),
    st.tuples(st.just("kunnat.yaml"), st.one_of(
        st.fixed_dictionaries({"kunnat": st.one_of(st.lists(st.one_of(_MUNICIPALITY, _VALUES), max_size=4),
                                                   _VALUES)},
                              optional={"lähde": _VALUES, "voimassa": st.one_of(st.dates(), _VALUES)}), _VALUES)),
)
_YAMLISH = st.lists(st.one_of(st.sampled_from(["oma:", "\n", "  ", "- ", "nimi: ", "kunnat:", "[", "]", "{", "}",
                                               "&a ", "*a", "!!int ", "!!python/object:os.system ", "'", '"', "#",
                                               "\t", ": ", "\xe4", "otsikot: [x]\n", "?", "|"]),
                              st.text(max_size=4)), max_size=30).map("".join)


@FUZZ
@given(table=st.one_of(_TABLES.map(lambda t: (t[0], yaml.safe_dump(t[1], allow_unicode=True))),
                       st.tuples(st.sampled_from(["provisions.yaml", "statutes.yaml", "kunnat.yaml"]),
                                 st.one_of(_YAMLISH, st.text())),
                       st.tuples(st.sampled_from(["provisions.yaml", "statutes.yaml", "kunnat.yaml"]),
                                 st.binary(max_size=60))))
@example(table=("provisions.yaml", "oma:\n  otsikot: seuran*\n"))
@example(table=("kunnat.yaml", "kunnat:\n  - nimi: Oma\n    aiemmat: [Vanha]\nlähde: testi\n"))
def test_random_data_tables_give_only_table_errors_at_their_values(table, tmp_path_factory):
    name, content = table
    directory = tmp_path_factory.mktemp("taulukko")
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    shipped = shipped_rulebook()
    book = Rulebook(shapes=shipped.shapes, registry=shipped.registry)
    started = time.perf_counter()
    _load_tables(book, directory)
    assert time.perf_counter() - started < TIME_BOUND
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    for error in book.errors:
        assert error.code == "TARK-SAANTO" and error.path.endswith(name), error
        lines = text.split("\n")
        assert 1 <= error.position.line <= len(lines), (error, len(lines))
        assert 1 <= error.position.column <= len(lines[error.position.line - 1]) + 1, error
    if book.errors:
        return
    # A table without errors loads all it says.
    data = yaml.safe_load(text) if text.strip() else None
    if name == "provisions.yaml" and isinstance(data, dict):
        assert set(book.provisions) == set(data)
        for provision, entry in data.items():  # a description missing in a language is the Finnish one
            assert book.provisions[provision].description_in("sv") == (entry.get("kuvaus_sv") or entry.get("kuvaus")
                                                                       or "")
    elif name == "statutes.yaml" and isinstance(data, dict):
        assert set(book.statutes) == set(data)
        for abbreviation, entry in data.items():
            assert book.statutes[abbreviation].name == entry["nimi"]
    elif name == "kunnat.yaml":
        assert len(book.registry) == len(data["kunnat"]) and all(
            book.registry.get(entry["nimi"]) is not None for entry in data["kunnat"] if entry["nimi"].strip())


def test_a_user_registry_replaces_the_shipped_one_only_when_it_is_whole(tmp_path):
    user = write(tmp_path / "omat" / "kunnat.yaml", "lähde: testi\nkunnat:\n  - nimi: Oma\n    ruotsiksi: Egen\n"
                                                     "    kunnanumero: '999'\n    aiemmat: [Vanha]\n").parent
    book = build_rulebook([RULES, user])
    assert book.errors == [] and len(book.registry) == 1 and book.registry.canonical("Egen") == "Oma"
    assert book.registry.merged_into("Vanha").name == "Oma"
    write(user / "kunnat.yaml", "kunnat:\n  - nimi: Oma\n  - nimi: [Väärä]\n")
    book = build_rulebook([RULES, user])
    assert len(book.errors) == 1 and len(book.registry) == 308


def test_a_wrong_entry_is_left_out_and_the_shipped_one_kept(tmp_path):
    user = write(tmp_path / "omat" / "provisions.yaml",
                 "seuranta:\n  otsikot: 5\noma:\n  kuvaus: oma määräys\n  otsikot: ['oma*']\n").parent
    book = build_rulebook([RULES, user])
    assert [e.position for e in book.errors] == [Position(2, 12)]
    assert book.provisions["seuranta"].keys == (("seuranta",),)  # the shipped one, not replaced
    assert book.provisions["oma"].description == "oma määräys"


def test_a_missing_rule_directory_is_a_rule_error(tmp_path):
    book = build_rulebook([RULES, tmp_path / "ei-ole"])
    assert [(e.code, e.message) for e in book.errors] == [("TARK-SAANTO", "Sääntöhakemistoa ei ole.")]
    assert len(book.rules) == SHIPPED


def test_the_limits_are_documented_where_they_are_defined():
    """Every bound names what the shipped rules use, so that raising or lowering one is a decision."""
    source = Path(limits.__file__).read_text(encoding="utf-8")
    for name in ("MAX_SOURCE_BYTES", "MAX_TOKENS", "MAX_NESTING", "MAX_DEPTH", "MAX_BINDINGS", "MAX_NUMBER", "MAX_TEXT",
                 "MAX_LIST", "MAX_STEPS", "CORPUS_STEPS"):
        line = next(line for line in source.splitlines() if line.startswith(name + " ="))
        assert "#" in line and re.search(r"\d", line.split("#", 1)[1]), line


def test_a_bound_a_cached_rule_exceeds_is_reported_without_rebuilding_the_pack(tmp_path, monkeypatch):
    """A bound is the rule's own fault: a fresh build would exceed it too, so none is made."""
    from tarkastus import rulebook
    from tarkastus.rulebook import load_rulebook

    source, *_ = RUNTIME["text of a field * 10^11"]
    user = write(tmp_path / "omat" / "OMA-R.tark", source).parent
    monkeypatch.setenv("TARKASTUS_CACHE_DIR", str(tmp_path / "cache"))
    load_rulebook([user])
    cached = load_rulebook([user])
    assert cached.from_cache
    monkeypatch.setattr(rulebook, "build_rulebook", lambda dirs: pytest.fail("rebuilt"))
    report = check([shutil.copy(SAMPLE, tmp_path / "sopimus.md")], cached, Options(as_of=AS_OF, jobs=1))
    (error,) = [d for d in report.diagnostics if d.code == "TARK-SAANTO"]
    assert error.path.endswith("OMA-R.tark") and cached.from_cache
