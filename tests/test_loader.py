"""The document loader: positions, sections, value converters, and one
diagnostic code for every kind of input problem.
"""

from __future__ import annotations

import datetime as _dt
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import codes
from tarkastus.diagnostics import Position, Severity
from tarkastus.documents import loader
from tarkastus.documents.loader import load
from tarkastus.values import INDEFINITE, Duration, InvalidDate

AGREEMENT = """\
---
tarkastus: 1
tyyppi: kl54
otsikko: Sopimus viranomaistehtävän hoitamisesta
ohjaus: Turku
osapuolet:
  - kunta: Turku
    rooli: vastuukunta
  - kunta: Raisio
    rooli: jäsenkunta
voimassaolo:
  alkaa: 1.1.2025
  päättyy: toistaiseksi
irtisanominen:
  irtisanomisaika: 6 kk
---

# Sopimus viranomaistehtävän hoitamisesta

## 1. Sopijapuolet

Turun kaupunki ja Raision kaupunki.

~~~
# ei tämäkään
~~~

## 6. Tehtävien hoidon seuranta

…

```markdown
## 7. Tämä ei ole otsikko
```

## 11. Sopimuksen irtisanomisesta

Kumpikin osapuoli voi irtisanoa sopimuksen kuuden kuukauden irtisanomisajalla.

### Menettely

[täydennä]
"""


def errors(doc):
    return [d for d in doc.diagnostics if d.severity is Severity.ERROR]


def only(doc, code):
    found = [d for d in doc.diagnostics if d.code == code]
    assert len(found) == 1, doc.diagnostics
    return found[0]


# ---- positions ---------------------------------------------------------------

def test_key_positions_count_from_the_top_of_the_markdown_file(load_text):
    doc = load_text(AGREEMENT)
    assert doc.ok, doc.diagnostics
    assert doc.doc_type == "kl54"
    assert doc.data.key_pos["tarkastus"] == Position(2, 1)
    assert doc.data.key_pos["ohjaus"] == Position(5, 1)
    assert doc.data.key_pos["voimassaolo"] == Position(11, 1)
    assert doc.data["voimassaolo"].key_pos["päättyy"] == Position(13, 3)
    parties = doc.data["osapuolet"]
    assert parties.item_pos == [Position(7, 5), Position(9, 5)]
    assert parties[1].key_pos["rooli"] == Position(10, 5)


def test_key_positions_in_a_yaml_file(load_text):
    doc = load_text("tyyppi: kl54\n\n# kommentti\n  \nohjaus: Turku\n", suffix=".yaml")
    assert doc.data.key_pos["ohjaus"] == Position(5, 1)


def test_positions_survive_a_byte_order_mark(load_text):
    doc = load_text("\ufeff---\ntyyppi: kl54\nohjaus: Turku\n---\n")
    assert doc.ok
    assert doc.data.key_pos["ohjaus"] == Position(3, 1)


def test_keys_are_tolerant_of_case_and_diacritics(load_text):
    doc = load_text("tyyppi: kl54\nOhjaus: Turku\nhenkilosto:\n  tyonjohto: x\n", suffix=".yaml")
    assert "TARK-AVAIN" not in codes(doc.diagnostics)
    assert doc.data["ohjaus"] == "Turku"
    assert doc.data["henkilöstö"]["työnjohto"] == "x"


# ---- sections ----------------------------------------------------------------

def test_sections_are_detected_with_numbering_and_inflection(load_text):
    doc = load_text(AGREEMENT)
    titles = [(s.title, s.level, s.pos.line) for s in doc.sections]
    assert titles == [
        ("Sopimus viranomaistehtävän hoitamisesta", 1, 18),
        ("1. Sopijapuolet", 2, 20),
        ("6. Tehtävien hoidon seuranta", 2, 28),
        ("11. Sopimuksen irtisanomisesta", 2, 36),
        ("Menettely", 3, 40),
    ]
    by_title = {s.title: s for s in doc.sections}
    # Normalised words: numbering kept as a word, case and diacritics folded.
    assert by_title["11. Sopimuksen irtisanomisesta"].words == ("11", "sopimuksen", "irtisanomisesta")
    assert by_title["6. Tehtävien hoidon seuranta"].words == ("6", "tehtavien", "hoidon", "seuranta")


def test_headings_inside_code_fences_are_ignored(load_text):
    doc = load_text(AGREEMENT)
    titles = [s.title for s in doc.sections]
    assert not any("ei ole otsikko" in t or "ei tämäkään" in t for t in titles)


def test_section_text_and_placeholders(load_text):
    doc = load_text(AGREEMENT)
    by_title = {s.title: s for s in doc.sections}
    assert by_title["1. Sopijapuolet"].has_content
    assert "Raision kaupunki" in by_title["1. Sopijapuolet"].text
    assert by_title["11. Sopimuksen irtisanomisesta"].has_content
    assert not by_title["Menettely"].has_content  # only "[täydennä]"
    assert by_title["Menettely"].text.strip() == "[täydennä]"
    # A section's text runs to the next heading of its level, without headings.
    assert "Kumpikin osapuoli" in by_title["11. Sopimuksen irtisanomisesta"].text
    assert "Menettely" not in by_title["11. Sopimuksen irtisanomisesta"].text


@pytest.mark.parametrize("body", ["", "…", "...", "[täydennä]", "TODO", "<lisätään myöhemmin>",
                                  "<!-- kirjoitetaan myöhemmin -->", "-\n–\n—", "täydennä."])
def test_empty_or_placeholder_section_has_no_content(load_text, body):
    doc = load_text(f"---\ntyyppi: kl54\n---\n## 6. Seuranta\n\n{body}\n\n## 7. Vahingot\n\nKumpikin vastaa.\n")
    first, second = doc.sections
    assert first.title == "6. Seuranta" and not first.has_content
    assert second.has_content


def test_section_matches_provision_patterns(load_text, book):
    doc = load_text(AGREEMENT)
    by_title = {s.title: s for s in doc.sections}
    seuranta = book.provisions["seuranta"].patterns
    assert any(p.match_words(by_title["6. Tehtävien hoidon seuranta"].words) for p in seuranta)
    assert not any(p.match_words(by_title["1. Sopijapuolet"].words) for p in seuranta)


# ---- values ------------------------------------------------------------------

def test_finnish_dates_durations_and_indefinite_end(load_text):
    doc = load_text(AGREEMENT)
    assert doc.data["voimassaolo"]["alkaa"] == _dt.date(2025, 1, 1)
    assert doc.data["voimassaolo"]["päättyy"] == INDEFINITE == "toistaiseksi"
    assert doc.data["irtisanominen"]["irtisanomisaika"] == Duration(months=6)


@pytest.mark.parametrize(("text", "expected"), [
    ("6 kk", Duration(months=6)),
    ("12 kuukautta", Duration(months=12)),
    ("1 vuosi", Duration(months=12)),
    ("2 vuotta", Duration(months=24)),
    ("3 kuukauden", Duration(months=3)),
    ("30 päivää", Duration(days=30)),
])
def test_durations(load_text, text, expected):
    doc = load_text(f"tyyppi: kl54\nirtisanominen:\n  irtisanomisaika: {text}\n", suffix=".yaml")
    assert errors(doc) == []
    assert doc.data["irtisanominen"]["irtisanomisaika"] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1.1.2025", _dt.date(2025, 1, 1)),
    ("31.12.2025", _dt.date(2025, 12, 31)),
    ("2025-01-01", _dt.date(2025, 1, 1)),
    ("'2025-1-1'", _dt.date(2025, 1, 1)),
])
def test_dates(load_text, text, expected):
    doc = load_text(f"tyyppi: kl54\nvoimassaolo:\n  alkaa: {text}\n", suffix=".yaml")
    assert errors(doc) == []
    assert doc.data["voimassaolo"]["alkaa"] == expected


@pytest.mark.parametrize("text", ["31.2.2025", "2025-02-31", "'2025-02-30'"])
def test_impossible_date_is_kept_not_a_schema_error(load_text, text):
    doc = load_text(f"tyyppi: kl54\nvoimassaolo:\n  alkaa: 1.1.2025\n  päättyy: {text}\n", suffix=".yaml")
    assert "TARK-SCHEMA" not in codes(doc.diagnostics)
    assert doc.ok
    end = doc.data["voimassaolo"]["päättyy"]
    assert isinstance(end, InvalidDate)
    assert str(end) == text.strip("'")


# ---- input problems ----------------------------------------------------------

def test_malformed_yaml_has_line_and_column(load_text):
    doc = load_text("---\ntyyppi: kl54\notsikko: x\nohjaus: [Turku, Raisio\nseuranta: x\n---\n")
    d = only(doc, "TARK-YAML")
    assert d.severity is Severity.ERROR
    assert d.position.line in (5, 6)  # where the parser notices the unclosed '['
    assert d.position.column >= 1
    assert not doc.ok
    assert "^" in d.context


def test_malformed_yaml_position_in_yaml_file(load_text):
    doc = load_text("tyyppi: kl54\nohjaus: x\n  seuranta: y\n", suffix=".yaml")
    d = only(doc, "TARK-YAML")
    assert d.position == Position(3, 11)


def test_wrong_type_is_reported_at_the_value(load_text):
    doc = load_text("---\ntyyppi: kl54\notsikko: x\nirtisanominen:\n  irtisanomisaika: kuusi\n---\n")
    d = only(doc, "TARK-SCHEMA")
    assert d.severity is Severity.ERROR
    assert d.position == Position(5, 20)
    assert "kesto" in d.message
    assert not doc.ok


def test_list_where_a_map_belongs_is_a_schema_error(load_text):
    doc = load_text("tyyppi: kl54\nvoimassaolo: [1.1.2025]\n", suffix=".yaml")
    d = only(doc, "TARK-SCHEMA")
    assert d.position == Position(2, 14)


def test_unknown_enum_value_is_a_schema_error(load_text):
    doc = load_text("tyyppi: kl54\nosapuolet:\n  - kunta: Turku\n    rooli: pomo\n", suffix=".yaml")
    d = only(doc, "TARK-SCHEMA")
    assert d.position == Position(4, 12)
    assert "vastuukunta" in d.message


def test_unknown_key_is_a_warning_with_suggestion(load_text):
    doc = load_text("---\ntarkastus: 1\ntyyppi: kl54\nirtisanomisika: 6 kk\n---\n")
    d = only(doc, "TARK-AVAIN")
    assert d.severity is Severity.WARNING
    assert d.position == Position(4, 1)
    assert "irtisanomisika" in d.message
    assert "Tarkoititko 'irtisanominen'?" in d.message
    assert doc.ok  # a warning does not stop rule checking
    assert "irtisanomisika" not in doc.data


def test_nested_unknown_key_suggests_nested_key(load_text):
    doc = load_text("tyyppi: kl54\nseuranta:\n  vastu: Turku\n", suffix=".yaml")
    d = only(doc, "TARK-AVAIN")
    assert d.position == Position(3, 3)
    assert "'vastuu'" in d.message


def test_binary_file(write_doc, shapes):
    path = write_doc("", suffix=".md")
    path.write_bytes(b"---\ntyyppi: kl54\n---\n\x00\x01\x02")
    doc = load(path, shapes)
    assert codes(doc.diagnostics) == ["TARK-BINAARI"]
    assert not doc.ok


def test_non_utf8_file_points_at_the_bad_byte(write_doc, shapes):
    path = write_doc("", suffix=".yaml")
    path.write_bytes("tyyppi: kl54\nohjaus: Hämeenlinna\n".encode("latin-1"))
    doc = load(path, shapes)
    d = only(doc, "TARK-KOODAUS")
    assert d.position == Position(2, 10)
    assert "0xe4" in d.message
    assert not doc.ok


def test_too_large_file(write_doc, shapes):
    path = write_doc("", suffix=".md")
    path.write_bytes(b"---\ntyyppi: kl54\n---\n" + b"a" * loader.MAX_BYTES)
    doc = load(path, shapes)
    assert codes(doc.diagnostics) == ["TARK-KOKO"]
    assert not doc.ok


def test_unreadable_path(tmp_path, shapes):
    doc = load(tmp_path / "ei-ole.md", shapes)
    assert codes(doc.diagnostics) == ["TARK-LUKU"]
    directory = tmp_path / "hakemisto.md"
    directory.mkdir()
    assert codes(load(directory, shapes).diagnostics) == ["TARK-LUKU"]


@pytest.mark.parametrize("text", [
    "# Sopimus\n\nEi etusivua.\n",
    "---\ntyyppi: kl54\n\n# Sopimus, etusivu jäi auki\n",
    "",
])
def test_missing_front_matter(load_text, text):
    doc = load_text(text)
    d = only(doc, "TARK-ETUSIVU")
    assert d.position == Position(1, 1)
    assert not doc.ok


@pytest.mark.parametrize("suffix", [".md", ".yaml"])
def test_missing_tyyppi(load_text, suffix):
    body = "otsikko: Sopimus\nohjaus: Turku\n"
    doc = load_text(f"---\n{body}---\n" if suffix == ".md" else body, suffix=suffix)
    d = only(doc, "TARK-SCHEMA")
    assert "tyyppi" in d.message
    assert d.position.line == (2 if suffix == ".md" else 1)
    assert not doc.ok


def test_unknown_tyyppi(load_text):
    doc = load_text("tyyppi: kl55\n", suffix=".yaml")
    d = only(doc, "TARK-SCHEMA")
    assert d.position == Position(1, 9)
    assert "kl54" in d.message


def test_front_matter_that_is_not_a_mapping(load_text):
    doc = load_text("---\n- tyyppi\n- kl54\n---\n")
    assert codes(errors(doc)) == ["TARK-SCHEMA"]


def test_duplicate_key(load_text):
    doc = load_text("tyyppi: kl54\nohjaus: Turku\notsikko: x\nohjaus: Raisio\n", suffix=".yaml")
    d = only(doc, "TARK-YAML")
    assert d.position == Position(4, 1)
    assert "ohjaus" in d.message
    assert not doc.ok


def test_duplicate_key_in_two_spellings(load_text):
    doc = load_text("tyyppi: kl54\nhenkilöstö: {}\nhenkilosto: {}\n", suffix=".yaml")
    assert only(doc, "TARK-YAML").position == Position(3, 1)


def test_version(load_text):
    missing = load_text("tyyppi: kl54\n", suffix=".yaml")
    note = only(missing, "TARK-VERSIO")
    assert note.severity is Severity.INFO
    assert missing.ok
    unsupported = load_text("tarkastus: 2\ntyyppi: kl54\n", suffix=".yaml")
    d = only(unsupported, "TARK-VERSIO")
    assert d.severity is Severity.ERROR
    assert d.position == Position(1, 1)
    assert not unsupported.ok
    current = load_text("tarkastus: 1\ntyyppi: kl54\n", suffix=".yaml")
    assert current.diagnostics == []


BILLION_LAUGHS = """\
tarkastus: 1
tyyppi: kl54
tehtävät:
  - tehtävä: a
    alue: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]
  - tehtävä: b
    alue: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  - tehtävä: c
    alue: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  - tehtävä: d
    alue: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  - tehtävä: e
    alue: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  - tehtävä: f
    alue: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  - tehtävä: g
    alue: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  - tehtävä: h
    alue: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  - tehtävä: i
    alue: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
siirretään: [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


def test_alias_bomb_finishes_fast_with_tark_yaml(load_text):
    start = time.process_time()
    doc = load_text(BILLION_LAUGHS, suffix=".yaml")
    elapsed = time.process_time() - start
    assert "TARK-YAML" in codes(errors(doc))
    assert not doc.ok
    assert elapsed < 2.0


def test_self_referencing_alias_finishes(load_text):
    doc = load_text("tyyppi: kl54\nsiirretään: &a [*a]\n", suffix=".yaml")
    assert "TARK-YAML" in codes(errors(doc))


@pytest.mark.parametrize("value", ["!!bool maybe", "!!timestamp huomenna", "!!int ''", "!!float ''",
                                   "!!binary '!!!'", "!!python/object:os.system x", "!!set {a}"])
def test_explicit_yaml_tags_never_crash(load_text, value):
    """A bad explicit tag is an input problem, not a traceback."""
    doc = load_text(f"tyyppi: kl54\nohjaus: {value}\n", suffix=".yaml")
    for d in doc.diagnostics:
        assert d.code.startswith("TARK-")
        assert d.position.line in (1, 2)


@pytest.mark.parametrize("value", ["!!bool maybe", "!!timestamp huomenna"])
def test_explicit_tag_on_tyyppi_never_crashes(load_text, value):
    doc = load_text(f"tyyppi: {value}\n", suffix=".yaml")
    assert codes(errors(doc)) == ["TARK-SCHEMA"]


_DEEP = """
import sys
from tarkastus.documents.loader import load
from tarkastus.documents.shape import compile_shapes
doc = load(sys.argv[1], compile_shapes())
print(",".join(d.code for d in doc.diagnostics))
"""


@pytest.mark.parametrize("text", [
    "tyyppi: kl54\nohjaus: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "tyyppi: kl54\nohjaus: " + "{a: " * 60_000 + "b" + "}" * 60_000 + "\n",
], ids=["flow-sequences", "flow-mappings"])
def test_deeply_nested_yaml_is_an_input_error_not_a_crash(write_doc, text):
    """Well under the size limit, but nested deeper than any agreement.

    Run in a subprocess: a crash in the C YAML parser would take pytest down.
    """
    path = write_doc(text, suffix=".yaml")
    import tarkastus
    env_path = str(Path(tarkastus.__file__).resolve().parents[1])
    result = subprocess.run([sys.executable, "-c", _DEEP, str(path)], capture_output=True, text=True,
                            timeout=120, env={**__import__("os").environ, "PYTHONPATH": env_path})
    assert result.returncode == 0, f"loader crashed (exit {result.returncode}): {result.stderr[-500:]}"
    assert "TARK-YAML" in result.stdout.strip().split(",")


_ITEMS = "".join(f'    - "toimivalta {i} [ks. liite"\n' for i in range(70))


@pytest.mark.parametrize("text", [
    # Brackets inside quoted strings are text, not structure.
    "tyyppi: kl54\ntehtävät:\n  - tehtävä: x\n    toimivalta:\n" + _ITEMS,
    # A literal block keeps its indentation; it is one scalar, not 70 levels.
    "tyyppi: kl54\nmuuttaminen: |\n  teksti\n" + " " * 140 + "sisennetty taulukko\n",
    # Comments are not structure either.
    "tyyppi: kl54\n# " + "[" * 70 + "\nohjaus: Turku\n",
], ids=["quoted-brackets", "literal-block-indentation", "comment-brackets"])
def test_shallow_yaml_with_brackets_or_indentation_in_text_loads(load_text, text):
    """Valid, shallow documents must not be rejected as too deeply nested."""
    doc = load_text(text, suffix=".yaml")
    assert errors(doc) == [], doc.diagnostics
    assert doc.ok
