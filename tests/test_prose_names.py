"""Names in any form (issue 11, item 2): inflected, official and merged
municipality names, and statute names in every grammatical form.

The forms come from simplemma's Finnish data (rules/taivutusmuodot.json, generated), read when the rule pack is
built; these tests go through the library (Registry, citations), through
the CLI on a small agreement, and check that the compiled pack carries the
forms so that checking never loads the library.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import AS_OF, grows_linearly
from tarkastus.citations import scan
from tarkastus.cli import main


def _scan(book, text):
    return [(c["nimetty"], c["numero"]) for c in scan(text, book.statutes.values(), AS_OF)]


@pytest.mark.parametrize(("written", "official"), [
    ("Liedolle", "Lieto"), ("Turulla", "Turku"), ("Siilinjärvelle", "Siilinjärvi"), ("Kuopion", "Kuopio"),
    ("Raisiossa", "Raisio"), ("Uudenkaupungin kaupunki", "Uusikaupunki"), ("Paraisten kaupunki", "Parainen"),
    ("Nousiaisten kunta", "Nousiainen"), ("Punkalaitumen kunta", "Punkalaidun"),
    ("Kärsämäellä", "Kärsämäki"),  # not in the dictionary: inflected as "mäki"
    ("Turun kaupunki", "Turku"), ("Vasa", "Vaasa"), ("Pedersören kunta", "Pedersören kunta"),
    ("Simon kunta", "Simo"), ("Simolla", "Simo"),  # "Simon" is a first name to the dictionary
])
def test_a_municipality_in_any_form(book, written, official):
    assert book.registry.canonical(written) == official
    assert book.registry.same(written, official)


@pytest.mark.parametrize(("written", "into"), [
    ("Honkajoki", "Kankaanpää"), ("Honkajoen kunta", "Kankaanpää"), ("Honkajoella", "Kankaanpää"),
])
def test_a_merged_municipality_in_any_form(book, written, into):
    assert book.registry.get(written) is None
    assert book.registry.merged_into(written).name == into


@pytest.mark.parametrize(("written", "closest"), [("Siilijärvi", "Siilinjärvi"), ("Kuopioo", "Kuopio")])
def test_an_unknown_name_still_suggests_the_closest(book, written, closest):
    assert book.registry.get(written) is None
    assert book.registry.suggest(written) == closest


def test_mentioned_finds_capitalised_forms_only(book):
    text = "Palvelut tuotetaan Liedolle ja Turulla, Koski Tl:n kanssa; koski ja turvallisuus eivät ole kuntia."
    assert [m.name for m in book.registry.mentioned(text)] == ["Lieto", "Turku", "Koski Tl"]


def test_the_compiled_pack_carries_the_forms(book):
    kuopio = book.registry.get("Kuopio")
    assert "kuopion" in kuopio.forms and "kuopiossa" in kuopio.forms
    from tarkastus import cache
    from tarkastus.registry import Registry

    again = cache.decode(cache.encode(book.registry))
    assert isinstance(again, Registry) and again.canonical("Liedolle") == "Lieto"


@pytest.mark.parametrize(("text", "named", "number"), [
    ("kotoutumislaki 681/2023", "KotoL", "681/2023"),
    ("kotoutumislain (681/2023) mukaisesti", "KotoL", "681/2023"),
    ("laki kotoutumisen edistämisestä (681/2023)", "KotoL", "681/2023"),
    ("järjestämislaki (383/2023)", "JärjL", "383/2023"),
    ("järjestämislaki (380/2023)", "JärjL", "380/2023"),
    ("työvoimapalvelujen järjestämisestä annettu laki (380/2023)", "JärjL", "380/2023"),
    ("lain työvoimapalvelujen järjestämisestä (380/2023) mukaan", "JärjL", "380/2023"),
    ("kuntalaki (410/2015)", "KL", "410/2015"),
    ("kuntalain (410/2015) 54 §", "KL", "410/2015"),
    ("voimaanpanolaki (383/2023)", "VPL", "383/2023"),
    ("hallintolainkäyttölaki (586/1996)", "HLL", "586/1996"),
    ("järjestämislailla (380/2023) säädetyt", "JärjL", "380/2023"),  # "lailla" is an adverb to the dictionary
])
def test_a_statute_name_in_any_form(book, text, named, number):
    assert _scan(book, text) == [(named, number)]


def test_a_word_that_only_begins_like_a_statute_is_not_one(book):
    # "kuntalai*" used to match "kuntalaitos"; the forms of "kuntalaki" do not.
    assert _scan(book, "kuntalaitoksen päätös (12/2020)") == [(None, "12/2020")]


def _agreement(tmp_path, osapuolet, body):
    path = tmp_path / "sopimus.md"
    path.write_text("---\ntyyppi: kl54\nosapuolet:\n" + "".join(
        f"  - {{kunta: {name}, rooli: {role}}}\n" for name, role in osapuolet) + f"---\n{body}\n",
        encoding="utf-8")
    return path


def _codes(path):
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", AS_OF.isoformat(), "--isolated",
                                       "--no-cache", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    found = data["files"] if isinstance(data, dict) and "files" in data else data
    text = json.dumps(found, ensure_ascii=False)
    return text


def test_cli_official_names_are_known(tmp_path):
    path = _agreement(tmp_path, [("Paraisten kaupunki", "vastuukunta"), ("Nousiaisten kunta", "jäsenkunta"),
                                 ("Uudenkaupungin kaupunki", "jäsenkunta"), ("Punkalaitumen kunta", "jäsenkunta")],
                      "## 1. Tausta\n\nSopimus perustuu kuntalain (410/2015) 54 §:ään.")
    assert "KUNTA-TUNTEMATON" not in _codes(path)


def test_cli_unknown_and_merged_names_are_still_reported(tmp_path):
    path = _agreement(tmp_path, [("Pori", "vastuukunta"), ("Siilijärvi", "jäsenkunta"),
                                 ("Honkajoen kunta", "jäsenkunta")], "## 1. Tausta\n\nTeksti.")
    output = _codes(path)
    assert output.count("KUNTA-TUNTEMATON") >= 2
    assert "Siilinjärvi" in output and "Kankaanpää" in output


def test_cli_nominative_statute_name_with_the_wrong_number(tmp_path):
    path = _agreement(tmp_path, [("Kuopio", "vastuukunta"), ("Siilinjärvi", "jäsenkunta")],
                      "## 1. Tausta\n\nSopimus perustuu siihen, mitä järjestämislaki (383/2023) 13 §:ssä säätää.")
    output = _codes(path)
    assert "VIITE-LAKINUMERO" in output and "380/2023" in output


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_random_names_never_raise(book, name):
    registry = book.registry
    registry.get(name), registry.merged_into(name), registry.suggest(name), registry.mentioned(name)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["Liedolle", "ja", "Turulla", "kuntalaki", "Siilijärvi", "(410/2015)", "x"]),
                max_size=40))
def test_random_prose_never_raises(book, chosen):
    text = " ".join(chosen)
    book.registry.mentioned(text)
    scan(text, book.statutes.values(), AS_OF)


def test_lookups_stay_linear(book):
    registry = book.registry
    short = "Sopimus Liedolle ja Turulla. " * 1000

    assert grows_linearly(registry.mentioned, short, short * 20)  # linear is 20x, quadratic 400x
    start = time.process_time()
    for i in range(2000):
        registry.get(f"Tuntematon{i}la")
    assert time.process_time() - start < 1.0


def test_checking_with_a_warm_cache_does_not_import_the_library(tmp_path):
    path = _agreement(tmp_path, [("Liedon kunta", "vastuukunta"), ("Raisio", "jäsenkunta")], "## 1. Tausta\n")
    env = {"TARKASTUS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    # -X importtime lists every module the process imports, on stderr.
    args = [sys.executable, "-X", "importtime", "-m", "tarkastus", "check", str(path), "--isolated"]
    first = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    # Building the pack reads the shipped forms table, not the library (2 s to load).
    assert first.returncode in (0, 1) and "simplemma" not in first.stderr, first.stderr[-2000:]
    second = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    assert second.returncode in (0, 1), second.stderr[-2000:]
    assert "simplemma" not in second.stderr


def test_the_shipped_forms_table_is_what_the_library_gives(tmp_path):
    """rules/taivutusmuodot.json is generated (registry.write_forms_table): stale after an edit of the tables."""
    import json

    import yaml

    from tarkastus import registry
    from tarkastus.resources import data_dir

    rules = data_dir("rules")
    fresh = tmp_path / "muodot.json"
    registry.write_forms_table(fresh, yaml.safe_load((rules / "kunnat.yaml").read_text(encoding="utf-8")),
                               yaml.safe_load((rules / "statutes.yaml").read_text(encoding="utf-8")))
    shipped = json.loads((rules / registry.FORMS_FILE).read_text(encoding="utf-8"))
    assert json.loads(fresh.read_text(encoding="utf-8")) == shipped, (
        "regenerate rules/taivutusmuodot.json with registry.write_forms_table (see its docstring)")
    assert shipped["muodot"]["Parainen"][:1] == ["parainen"] and "paraisten" in shipped["muodot"]["Parainen"]


def test_a_name_the_table_lacks_asks_the_library():
    from tarkastus import registry

    forms = registry.inflected_forms(["Siilinjärvi", "Ylikärsämäki"])
    assert "siilinjarvelle" in forms["Siilinjärvi"] or "siilinjärvelle" in forms["Siilinjärvi"]
    assert any(form.endswith("maella") or form.endswith("mäellä") for form in forms["Ylikärsämäki"])
